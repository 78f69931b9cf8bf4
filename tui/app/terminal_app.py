"""A Textual app that behaves on its terminal as the reader's options say: colour, motion, input, size, serving."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence

from rich.console import COLOR_SYSTEMS
from textual.app import App, SystemCommand
from textual.driver import Driver
from textual.events import Resize
from textual.filter import LineFilter
from textual.geometry import Size
from textual.screen import Screen

from tui.app.colour import line_filters, use_reader_themes
from tui.app.input_bound import bounded
from tui.app.options import ReaderOptions
from tui.app.parsed_css import ParsedCss


def terminal_size() -> Size | None:
    """The size of the terminal on stdout now, or None when stdout is not a terminal (the web driver's pipe)."""
    if sys.__stdout__ is None:
        return None
    try:
        columns, lines = os.get_terminal_size(sys.__stdout__.fileno())
    except (OSError, ValueError):
        return None
    return Size(columns, lines)


class TerminalApp(App[None]):
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
            self.console._color_system = COLOR_SYSTEMS[self.options.rich_color_system]
        self.no_color = self.options.colors == "none"  # what Textual's :nocolor styles (app.tcss) follow too
        if self.options.ssh_friendly:
            self.animation_level = "none"

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Colour follows the reader's options, not Textual's own reading of NO_COLOR."""
        return line_filters(super().get_line_filters(), colour=not self.no_color)

    def get_driver_class(self) -> type[Driver]:
        """Textual's choice of driver, with a bound on the input it queues (see tui/app/input_bound.py)."""
        return bounded(super().get_driver_class())

    def on_resize(self, event: Resize) -> None:
        self._catch_up_with_the_terminal(event.size)

    def _catch_up_with_the_terminal(self, size: Size) -> None:
        """Textual's SIGWINCH handler reads the size, then posts it; a second window change landing in between
        posts its newer size first, and the reader would stay at the older one (over SSH, two window changes in a
        row did so about one time in ten). A size that is not the terminal's is followed by the terminal's."""
        real = self._terminal_size()
        if real is not None and real != size:
            self.post_message(Resize(real, real))

    def _terminal_size(self) -> Size | None:
        return None if self.is_headless else terminal_size()

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
