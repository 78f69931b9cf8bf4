"""The reader application: tree or search results on the left, the reading pane on the right."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual import on, work
from textual.app import App
from textual.message import Message

from tui.app import on_demand
from tui.app.options import ReaderOptions
from tui.app.reader_screen import ReaderScreen
from tui.app.search import Searcher
from tui.app.state import StateStore
from tui.app.terminal_app import TerminalApp
from tui.model import KnowledgeBase
from tui.model.sanitize import safe_text
from tui.overrides.crash_line import CrashInOneLine
from tui.overrides.parsed_css import ParsedCss
from tui.overrides.sub_title import SubTitleRepaintsOnlyTheHeader
from tui.view.place import Place

WARM_UP = "warm"  # the worker group that opens the index once the first item is up (tests wait for it)


class SearchNotice(Message):
    """A warning from opening the index (rebuilt, read-only cache, ...), posted from the warm-up thread."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class HubReaderApp(CrashInOneLine, SubTitleRepaintsOnlyTheHeader, TerminalApp):
    """Everything it reads is handed in by the CLI: no globals, nothing done at import."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "hubreader"
    COMMANDS = App.COMMANDS | {
        on_demand.go_to, on_demand.page_commands, on_demand.search_again, on_demand.bookmarks
    }

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
        super().__init__(options or ReaderOptions(), parsed_css)
        self.after_start = after_start
        self.kb = kb
        self.searcher = search
        self.state = state
        self.start = start
        self.started = asyncio.Event()  # set once the first item is painted and the index warm-up is under way

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

    @work(thread=True, group=WARM_UP)
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

    # Crashes

    def crash_line(self, error: BaseException) -> str:
        """The error in brief and where its traceback went; a crash report never reaches the screen."""
        where = self.state.write_crash_report(error)
        summary = safe_text(f"{type(error).__name__}: {error}")[:200]
        detail = f"details in {where}" if where else "please report what you were doing"
        return f"hubreader: internal error ({summary}); {detail}"

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen  # noqa: PLC0415 - on demand (tui/app/on_demand.py)

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
