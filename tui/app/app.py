"""The reader application: tree or search results on the left, the reading pane on the right."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from rich.console import COLOR_SYSTEMS
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.driver import Driver
from textual.events import Resize
from textual.filter import LineFilter
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input, Static

from tui.app.colour import line_filters, use_reader_themes
from tui.app.history import History
from tui.app.input_bound import bounded
from tui.app.options import ReaderOptions
from tui.app.palette import GoToProvider
from tui.app.parsed_css import ParsedCss
from tui.app.reader_screen import ReaderScreen
from tui.app.search import Searcher
from tui.app.state import SavedState, StateStore
from tui.model import Item, Kind, KnowledgeBase
from tui.model.sanitize import MAX_QUERY_CHARS, safe_text
from tui.screens.help import HelpScreen
from tui.screens.peek import PeekScreen
from tui.view.document import build_document
from tui.view.place import Place
from tui.widgets.filter_input import FilterInput
from tui.widgets.footer import KeyFooter
from tui.widgets.nav_tree import NavTree
from tui.widgets.reading_pane import ReadingPane
from tui.widgets.results import MAX_SHOWN, ResultRow, ResultsList


def terminal_size() -> Size | None:
    """The size of the terminal on stdout now, or None when stdout is not a terminal (the web driver's pipe)."""
    if sys.__stdout__ is None:
        return None
    try:
        columns, lines = os.get_terminal_size(sys.__stdout__.fileno())
    except (OSError, ValueError):
        return None
    return Size(columns, lines)


PLACEHOLDER = 'Search: words, "phrases", kind:episode …'
NARROW = 100  # below this many columns an SSH-friendly reader shows one pane at a time


class SearchDone(Message):
    """Posted by the search worker thread; the UI shows it only if the query is still current."""

    def __init__(self, query: str, rows: list[ResultRow], error: str | None) -> None:
        super().__init__()
        self.query = query
        self.rows = rows
        self.error = error


class SearchNotice(Message):
    """A warning from opening the index (rebuilt, read-only cache, ...), posted from the warm-up thread."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class HubReaderApp(App[None]):
    """Everything it reads is handed in by the CLI: no globals, nothing done at import."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "hubreader"
    # The breadcrumb: the header redraws itself when it changes; Textual's default also repainted the whole screen
    sub_title: Reactive[str] = Reactive("", repaint=False, compute=False)
    COMMANDS = App.COMMANDS | {GoToProvider}
    BINDINGS = [  # noqa: RUF012 - Textual reads this class attribute
        Binding("slash", "search", "Search", priority=True),
        Binding("escape", "back_out", "Back out", show=False),
        # Alt+arrows never arrive from xterm.js (serve-web sends Ctrl+arrows): H/L and Ctrl+arrows work in every
        # terminal, and the box keeps its own keys (test_h_and_l_travel_history_and_type_in_the_box)
        Binding("backspace,alt+left,ctrl+left,H", "back", "Back"),
        Binding("alt+right,ctrl+right,L", "forward", "Forward"),
        Binding("y", "copy_id", "Copy id", show=False),
        Binding("question_mark,f1", "help", "Help"),
        Binding("q", "quit", "Quit"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

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
        self.history = History()
        self.start = start
        self.current: Item | None = None
        self.last_search: SearchDone | None = None
        self._opened_from: Widget | None = None  # the search box or results list an item was last opened from
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

    def get_default_screen(self) -> Screen[None]:
        return ReaderScreen(id="_default")

    def compose(self) -> ComposeResult:
        self._fit_to_width(self.size.width)  # now, while only the app is styled: later, every widget restyles
        yield Header()
        with Horizontal():
            with Vertical(id="left"):
                filter_box = FilterInput(
                    placeholder=PLACEHOLDER, id="filter", select_on_focus=False, max_length=MAX_QUERY_CHARS
                )
                filter_box.cursor_blink = not self.options.ssh_friendly
                yield filter_box
                yield NavTree(self.kb, id="tree")
                yield Static(id="result-status", markup=False)
                yield ResultsList(id="results")
            yield ReadingPane(id="reader")
        yield KeyFooter()

    async def on_mount(self) -> None:
        self.query_one("#tree", NavTree).focus()
        self.watch(self.screen, "focused", self._focus_moved)
        self._restore_history()
        await self._open_first_place()
        self.call_after_refresh(self._first_item_painted)

    def _restore_history(self) -> None:
        """Before any key is handled: an item opened early must add to the saved history, not replace it."""
        saved = self.state.load()
        for warning in self.state.warnings:
            self.notify(warning, severity="warning")
        known = [key for key in saved.history if self.kb.get(key) is not None]
        self.history.restore([Place(key) for key in known], known.index(saved.last) if saved.last in known else -1)

    async def _open_first_place(self) -> None:
        """Before the first frame, so the reading pane wraps the page once, at the width that frame gives it, and
        the frame right after shows it (tests/test_first_frame.py)."""
        if self.start is not None:
            await self.open_place(self.start, focus_reader=True)
        elif self.history.current is not None:
            await self.open_place(self.history.current, record=False)
        elif (first := next(iter(self.kb.of_kind(Kind.HUB) or self.kb), None)) is not None:
            await self.open_place(Place(first.key))

    def _first_item_painted(self) -> None:
        """`after_start` runs once the first item is on screen; only then does the index warm up beside it."""
        if self.after_start is not None:
            self.after_start()
        self._warm_search()
        self.started.set()

    # Opening items

    async def open_place(self, place: Place, focus_reader: bool = False, record: bool = True) -> None:
        """Show an item (at a section or scroll offset) and remember where we were."""
        item = self.kb.get(place.key)
        if item is None:
            self.notify(f"No item {place.key}", severity="error")
            return
        reader = self.query_one("#reader", ReadingPane)
        if record:
            self.history.visit(place, reader.scroll_offset.y)
        self.current = item
        await reader.show(build_document(self.kb, item), place.section, place.scroll if not record else None)
        self.sub_title = self._breadcrumb(item, place.section)
        warning = self.state.save(SavedState([place.key for place in self.history.places()], self.history.index))
        if warning:
            self.notify(warning, severity="warning")
        if focus_reader:
            reader.focus()

    def _breadcrumb(self, item: Item, section: str | None) -> str:
        where = next((s.heading for s in item.body.sections if s.id == section and s.heading), None)
        crumb = f"{item.kind.spec.label} › {item.title}"
        return f"{crumb} › {where}" if where else crumb

    @on(NavTree.Opened)
    async def _tree_opened(self, event: NavTree.Opened) -> None:
        await self.open_place(event.place, focus_reader=self.has_class("-narrow"))

    @on(ReadingPane.Followed)
    async def _link_followed(self, event: ReadingPane.Followed) -> None:
        await self.open_place(event.place, focus_reader=True)

    @on(ReadingPane.Peeked)
    def _peek(self, event: ReadingPane.Peeked) -> None:
        item = self.kb.get(event.place.key)
        if item is None:
            return
        body = item.kind.spec.summary(item)
        if not body and item.body.sections and item.body.sections[0].paragraphs:
            body = item.body.sections[0].paragraphs[0].text

        async def opened(open_it: bool | None) -> None:
            if open_it:
                await self.open_place(event.place, focus_reader=True)

        self.push_screen(PeekScreen(f"{item.kind.spec.label} · {item.title}", body), opened)

    # History

    async def action_back(self) -> None:
        await self._travel(self.history.back)

    async def action_forward(self) -> None:
        await self._travel(self.history.forward)

    async def _travel(self, step: Callable[[float], Place | None]) -> None:
        """Move through history, handing over the scroll offset of the page being left."""
        place = step(self.query_one("#reader", ReadingPane).scroll_offset.y)
        if place is None:
            self.bell()
            return
        await self.open_place(place, record=False)

    # Search

    def _show_search(self, *, box: bool, results: bool) -> None:
        """Display flags, not classes on the column: a class change restyles every widget in it, ~5 ms a key."""
        self.query_one("#filter", FilterInput).display = box
        self.query_one("#result-status", Static).display = results
        self.query_one("#results", ResultsList).display = results
        self.query_one("#tree", NavTree).display = not results

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`/` is a priority key so it wins the race with keys typed right after it, except inside the box."""
        if action == "screenshot":
            return not self.options.serve
        return not (action == "search" and isinstance(self.focused, FilterInput))

    def action_search(self) -> None:
        """An empty box gets the last query back, selected, so typing replaces it
        (test_slash_reopens_the_last_query_selected); its results show once answered again, never the old rows
        under a new query (test_a_new_search_never_shows_the_last_one_s_results)."""
        filter_box = self._focus_filter()
        if not filter_box.value and self.last_search is not None:
            filter_box.value = self.last_search.query
            filter_box.select_all()

    def _focus_filter(self) -> FilterInput:
        """Focus now, not on the next idle: keys already queued behind `/` must land in the box."""
        filter_box = self.query_one("#filter", FilterInput)
        self._show_search(box=True, results=bool(filter_box.value.strip()))
        self.screen.set_focus(filter_box)
        return filter_box

    @on(NavTree.TypedToFilter)
    def _typed_in_tree(self, event: NavTree.TypedToFilter) -> None:
        self._focus_filter().insert_text_at_cursor(event.character)

    @on(Input.Changed, "#filter")
    def _query_changed(self, event: Input.Changed) -> None:
        query = event.value
        if query.strip():
            self._run_search(query)  # the results replace the tree once they are in: never last search's rows
        else:
            self._show_search(box=event.input.display, results=False)

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

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, query: str) -> None:
        """Runs off the UI thread; only posts a message, never touches widgets."""
        try:
            rows, error = self.searcher(query), None
        except Exception as exc:
            rows, error = [], f"Search failed: {exc}"
        self.post_message(SearchDone(query, rows, error))

    @on(SearchDone)
    def _search_done(self, event: SearchDone) -> None:
        """An answer that arrives while the app closes finds its widgets gone and has nowhere to go
        (test_a_flood_never_queues_more_than_the_limit quits with searches in flight)."""
        with contextlib.suppress(NoMatches):
            self._show_answer(event)

    def _show_answer(self, event: SearchDone) -> None:
        filter_box = self.query_one("#filter", FilterInput)
        if event.query != filter_box.value:
            return
        self.last_search = event
        self._show_search(box=True, results=True)
        self.query_one("#results", ResultsList).show_rows(event.rows, event.error or "No matches")
        count = f"{len(event.rows)}+" if len(event.rows) >= MAX_SHOWN else str(len(event.rows))
        self.query_one("#result-status", Static).update(f"{count} for “{event.query}”", layout=False)  # fixed 1 row
        filter_box.show_echo()  # the letter and its results: one frame

    @on(FilterInput.Move)
    def _move_results(self, event: FilterInput.Move) -> None:
        results = self.query_one("#results", ResultsList)
        if results.option_count:
            current = results.highlighted or 0
            results.highlighted = max(0, min(results.option_count - 1, current + event.step))

    @on(Input.Submitted, "#filter")
    @on(ResultsList.OptionSelected)
    async def _open_highlighted(self) -> None:
        """Remembers where it was opened from, for Esc to go back to in one pane."""
        row = self.query_one("#results", ResultsList).highlighted_row
        if row is not None:
            self._opened_from = self.focused
            await self.open_place(row.place, focus_reader=True)

    def close_search(self) -> None:
        """Back to the tree exactly as it was: it was only hidden."""
        self.query_one("#filter", FilterInput).value = ""
        self._show_search(box=False, results=False)
        self.screen.set_focus(self.query_one("#tree", NavTree))  # now: keys queued behind Esc go to the tree

    def action_back_out(self) -> None:
        """One pane shows either the page or the results: Esc from the page goes back to the results as they were,
        with their cursor (test_escape_from_a_result_in_one_pane_returns_to_the_results)."""
        reading = self.focused is self.query_one("#reader", ReadingPane)
        if reading and self.has_class("-narrow") and self.query_one("#results", ResultsList).display:
            self.screen.set_focus(self._opened_from or self.query_one("#filter", FilterInput))
        elif self.query_one("#filter", FilterInput).display:
            self.close_search()
        elif reading:
            self.query_one("#tree", NavTree).focus()

    # Terminal and serving

    def on_resize(self, event: Resize) -> None:
        self._fit_to_width(event.size.width)
        self._show_panes(self.focused)
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

    def _fit_to_width(self, width: int) -> None:
        self.set_class(self.options.ssh_friendly and width < NARROW, "-narrow")

    def _focus_moved(self, focused: Widget | None) -> None:
        self._show_panes(focused)

    def _show_panes(self, focused: Widget | None) -> None:
        """In one-pane mode the pane with focus is the one shown. Display flags, not a class on the app: that
        restyled every widget on each item opened and each Esc back to the tree."""
        reading = isinstance(focused, ReadingPane)
        narrow = self.has_class("-narrow")
        self.query_one("#left", Vertical).display = not (narrow and reading)
        self.query_one("#reader", ReadingPane).display = not narrow or reading

    def action_copy_id(self) -> None:
        """OSC 52 puts it on the clipboard of the terminal the person sits at, even over SSH."""
        reader = self.query_one("#reader", ReadingPane)
        target = reader.focused_target if self.focused is reader else None
        key = target.key if target else self.current.key if self.current else None
        if key is None:
            self.bell()
            return
        self.copy_to_clipboard(str(key))
        self.notify(f"Copied {key} to the clipboard", timeout=3)

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
