"""The reader application: tree or search results on the left, the reading pane on the right."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.console import COLOR_SYSTEMS
from textual import on, work
from textual.app import App, SystemCommand
from textual.driver import Driver
from textual.events import Resize
from textual.filter import LineFilter
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.screen import Screen

from tui.app.colour import line_filters, use_reader_themes
from tui.app.input_bound import bounded
from tui.app.options import ReaderOptions
from tui.app.palette import GoToProvider
from tui.app.parsed_css import ParsedCss
from tui.app.reader_screen import ReaderScreen
from tui.app.search import Searcher
from tui.app.state import StateStore
from tui.model import KnowledgeBase
from tui.model.sanitize import safe_text
from tui.screens.help import HelpScreen
from tui.view.place import Place


def terminal_size() -> Size | None:
    """The size of the terminal on stdout now, or None when stdout is not a terminal (the web driver's pipe)."""
    if sys.__stdout__ is None:
        return None
    try:
        columns, lines = os.get_terminal_size(sys.__stdout__.fileno())
    except (OSError, ValueError):
        return None
    return Size(columns, lines)


@dataclass
class SearchNotice(Message):
    """A warning from opening the index (rebuilt, read-only cache, ...), posted from the warm-up thread."""

    text: str


class HubReaderApp(App[None]):
    """Everything it reads is handed in by the CLI: no globals, nothing done at import."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "hubreader"
    # The breadcrumb: the header redraws itself when it changes; Textual's default also repainted the whole screen
    sub_title: Reactive[str] = Reactive("", repaint=False, compute=False)
    COMMANDS = App.COMMANDS | {GoToProvider}

    def __init__(
        self,
        kb: KnowledgeBase,
        search: Searcher,
        state: StateStore,
        start: Place | None = None,
        options: ReaderOptions | None = None,
        *,
        after_start: Callable[[], None] | None = None,
        parsed_css: ParsedCss | None = None,
    ) -> None:
        super().__init__()
        if parsed_css is not None:
            parsed_css.share_with(self.stylesheet)
        self.after_start = after_start
        self.options = options or ReaderOptions()
        use_reader_themes(self)
        self._apply_terminal_options()
        self.kb = kb
        self.searcher = search
        self.state = state
        self.start = start
        self._crash_lines: list[str] = []
        self.started = asyncio.Event()  # set once the first item is painted and the index warm-up is under way

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

    def get_default_screen(self) -> ReaderScreen:
        return ReaderScreen(
            self.kb, self.searcher, self.state, self.options, start=self.start, first_painted=self._first_item_painted
        )

    @property
    def reader_screen(self) -> ReaderScreen:
        """The screen under any help or peek on top."""
        screen = self.screen_stack[0]
        assert isinstance(screen, ReaderScreen)
        return screen

    def _first_item_painted(self) -> None:
        """`after_start` runs once the first item is on screen; only then does the index warm up beside it."""
        if self.after_start is not None:
            self.after_start()
        self._warm_search()
        self.started.set()

    @work(thread=True, group="warm")
    def _warm_search(self) -> None:
        """Open or build the index in the background so first paint never waits for it."""
        try:
            warnings = self.searcher.warm()
        except Exception as exc:
            warnings = [f"search is unavailable: {exc}"]
        for warning in warnings:
            self.post_message(SearchNotice(warning))

    @on(SearchNotice)
    def _search_notice(self, event: SearchNotice) -> None:
        self.notify(event.text, severity="warning", timeout=8)

    # Terminal and serving

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

    # Crashes

    def _fatal_error(self) -> None:
        """One line instead of Textual's traceback, whose local variables would reach an SSH or web client."""
        error = self._exception or RuntimeError("unknown")
        where = self.state.write_crash_report(error)
        summary = safe_text(f"{type(error).__name__}: {error}")[:200]
        detail = f"details in {where}" if where else "please report what you were doing"
        self.bell()
        self._crash_lines.append(f"hubreader: internal error ({summary}); {detail}")
        self._close_messages_no_wait()

    def _print_error_renderables(self) -> None:
        """Plain lines, neither wrapped nor cropped, so a long path survives a narrow terminal whole."""
        for line in self._crash_lines:
            print(line, file=sys.stderr)
        self._crash_lines.clear()
        super()._print_error_renderables()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
