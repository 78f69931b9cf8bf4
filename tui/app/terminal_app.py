"""A Textual app that behaves on its terminal as the reader's options say: colour, motion, input, size, serving."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.app import SystemCommand
from textual.driver import Driver
from textual.filter import LineFilter
from textual.screen import Screen

from tui.app.colour import line_filters, use_reader_themes
from tui.app.options import ReaderOptions
from tui.overrides.colour_depth import use_colour_system
from tui.overrides.input_bound import bounded
from tui.overrides.parsed_css import ParsedCss
from tui.overrides.terminal_size import CatchUpWithTheTerminal


class TerminalApp(CatchUpWithTheTerminal):
    """What a session needs from its terminal, whatever it reads; decided once, before anything is drawn."""

    def __init__(self, options: ReaderOptions, parsed_css: ParsedCss | None = None) -> None:
        super().__init__()
        if parsed_css is not None:
            parsed_css.share_with(self.stylesheet)
        self.options = options
        use_reader_themes(self)
        self._apply_terminal_options()

    def _apply_terminal_options(self) -> None:
        """Colour depth and motion are fixed per session, before anything is drawn."""
        if self.options.rich_color_system:
            use_colour_system(self.console, self.options.rich_color_system)
        self.no_color = self.options.colors == "none"  # what Textual's :nocolor styles (app.tcss) follow too
        if self.options.ssh_friendly:
            self.animation_level = "none"

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Colour follows the reader's options, not Textual's own reading of NO_COLOR."""
        return line_filters(super().get_line_filters(), colour=not self.no_color)

    def get_driver_class(self) -> type[Driver]:
        """Textual's choice of driver, with a bound on the input it queues (tui/overrides/input_bound.py)."""
        return bounded(super().get_driver_class())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A served reader writes nothing to the host's disk."""
        return not (action == "screenshot" and self.options.serve)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Never launch a browser on the machine the reader runs on: it may be someone else's server."""
        self.copy_to_clipboard(url)
        self.notify(f"Copied {url} to the clipboard", timeout=4)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """A served reader writes nothing to the host's disk, so it offers no screenshots."""
        for command in super().get_system_commands(screen):
            if not (self.options.serve and command.title == "Screenshot"):
                yield command
