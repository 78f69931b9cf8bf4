"""The reader's screen: the search column and the reading pane, side by side or one at a time, and moving between
items."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header

from tui.app.history import History
from tui.app.options import ReaderOptions
from tui.app.page_actions import PageActions
from tui.app.state import SavedState, StateStore
from tui.model import Item, Kind, KnowledgeBase
from tui.overrides.first_paint import FirstPaintOnce
from tui.overrides.focus_paint import FocusRepaintsNothing
from tui.view.document import Block, build_document
from tui.view.passage import place_label, section_heading
from tui.view.place import Place
from tui.widgets.filter_input import FilterInput
from tui.widgets.footer import KeyFooter
from tui.widgets.keys import ANYWHERE, PAGE_BACK_OUT
from tui.widgets.messages import OpenPlace, PreviewPlace, QueryRemembered, SearchFor
from tui.widgets.nav_tree import NavTree
from tui.widgets.reading_pane import ReadingPane
from tui.widgets.search_panel import Search, SearchPanel

NARROW = 100  # below this many columns an SSH-friendly reader shows one pane at a time


class BeforePreview(NamedTuple):
    """What the reading pane showed before a preview replaced it, to put back when the search closes."""

    item: Item | None
    shown: Place | None
    blocks: list[Block]
    scroll: float
    crumb: str


class ReaderScreen(PageActions, FirstPaintOnce, FocusRepaintsNothing, Screen[None]):
    """Composes the panes and answers `OpenPlace`, history and Esc; everything it reads is handed in."""

    BINDINGS = ANYWHERE.bindings()

    def __init__(
        self,
        kb: KnowledgeBase,
        search: Search,
        state: StateStore,
        options: ReaderOptions,
        *,
        start: Place | None = None,
        first_painted: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(id="_default")
        self.kb = kb
        self.state = state
        self.options = options
        self.start = start
        self.first_painted = first_painted
        self.history = History()
        self.current: Item | None = None
        self.shown: Place | None = None  # where the reading pane opened `current`: a history place or a preview
        self.bookmarks: list[Place] = []  # in the order they were made; those of items no longer known are kept
        self.before_preview: BeforePreview | None = None  # set while a preview shows in the reading pane
        self.nav_tree = NavTree(kb, id="tree")
        self.search_panel = SearchPanel(search, self.nav_tree, blink=not options.ssh_friendly, id="left")
        self.reader = ReadingPane(id="reader")

    def compose(self) -> ComposeResult:
        self._fit_to_width(self.app.size.width)  # now, while only the screen is styled: later, every widget restyles
        yield Header()
        with Horizontal():
            yield self.search_panel
            yield self.reader
        yield KeyFooter()

    async def on_mount(self) -> None:
        self.search_panel.browse.focus()
        self.watch(self, "focused", self._show_panes)
        self._restore_history()
        await self._open_first_place()
        if self.first_painted is not None:
            self.call_after_refresh(self.first_painted)

    def _restore_history(self) -> None:
        """Before any key is handled: an item opened early must add to the saved history, not replace it; the same
        for the search history and the bookmarks."""
        saved = self.state.load()
        for warning in self.state.warnings:
            self.notify(warning, severity="warning")
        known = [key for key in saved.history if self.kb.get(key) is not None]
        self.history.restore([Place(key) for key in known], known.index(saved.last) if saved.last in known else -1)
        self.search_panel.queries.restore(saved.queries)
        self.bookmarks = saved.bookmarks
        if self.bookmarks:
            self.nav_tree.show_bookmarks(self.bookmarked())

    def _save(self) -> None:
        """Everything the state file holds, written whole; in memory only when served (StateStore(None))."""
        places = [place.key for place in self.history.places()]
        state = SavedState(places, self.history.index, self.search_panel.queries.queries, self.bookmarks)
        warning = self.state.save(state)
        if warning:
            self.notify(warning, severity="warning")

    async def _open_first_place(self) -> None:
        """Before the first frame, so the reading pane wraps the top of the page at the width that frame gives it
        and paints it in that frame (tests/test_first_screen_wrap.py, tests/test_first_frame.py)."""
        if self.start is not None:
            await self.open_place(self.start, focus_reader=True)
        elif self.history.current is not None:
            await self.open_place(self.history.current, record=False)
        elif (first := next(iter(self.kb.of_kind(Kind.HUB) or self.kb), None)) is not None:
            await self.open_place(Place(first.key))

    # Opening items

    async def open_place(
        self, place: Place, focus_reader: bool = False, record: bool = True, find: str | None = None
    ) -> None:
        """Show an item (at a section or scroll offset) and remember where we were. A new place opens at its section
        or top, unless it carries a scroll offset (a bookmark without a section); `find` is the query it was found
        by. The place a preview shows already is kept as it is (test_enter_on_a_preview_builds_no_page_again)."""
        item = self.kb.get(place.key)
        if item is None:
            self.notify(f"No item {place.key}", severity="error")
            return
        if record:
            self.history.visit(place, self._page_scroll())
        previewed = self.before_preview is not None and place == self.shown
        self.before_preview = None  # what opens now replaces the preview for good
        if not previewed:
            await self._show(item, place, place.scroll if not record or place.scroll else None, find)
        self._save()
        if focus_reader:
            self.reader.focus()

    async def _show(self, item: Item, place: Place, scroll: float | None, find: str | None = None) -> None:
        self.current, self.shown = item, place
        await self.reader.show(build_document(self.kb, item), place.section, scroll, find)
        self.app.sub_title = self._breadcrumb(item, place.section)

    def _page_scroll(self) -> float:
        """The scroll offset of the page the history holds: under a preview, the one the preview covers."""
        return self.before_preview.scroll if self.before_preview is not None else self.reader.scroll_offset.y

    def _breadcrumb(self, item: Item, section: str | None) -> str:
        """Kind › title › the section opened at, named as the outline names it (a hub's section too)."""
        where = section_heading(self.kb, item, section)
        crumb = f"{item.kind.spec.label} › {item.title}"
        return f"{crumb} › {where}" if where else crumb

    @on(OpenPlace)
    async def _open_asked(self, event: OpenPlace) -> None:
        """One pane shows what it opens; two panes leave the keyboard where it is unless asked."""
        await self.open_place(event.place, focus_reader=event.focus or self.has_class("-narrow"), find=event.find)

    # Live preview

    @on(PreviewPlace)
    async def _preview(self, event: PreviewPlace) -> None:
        """The result the cursor rests on, in the reading pane at its passage, with the keyboard left in the search
        and the history and saved state untouched; one pane shows one thing at a time, so it never previews
        (tests/test_live_preview.py)."""
        item = self.kb.get(event.place.key)
        if item is None or self.has_class("-narrow") or not self.search_panel.is_open or event.place == self.shown:
            return
        if self.before_preview is None:
            self.before_preview = BeforePreview(self.current, self.shown, self.reader.blocks,
                                                self.reader.scroll_offset.y, self.app.sub_title)
        await self._show(item, event.place, None, event.find)

    async def _end_preview(self) -> None:
        """Put back the page the preview covered, where it was scrolled to."""
        before, self.before_preview = self.before_preview, None
        if before is None:
            return
        self.current, self.shown = before.item, before.shown
        if before.item is not None:  # at its scroll offset, not at the section it was opened at
            await self.reader.show(before.blocks, None, before.scroll)
        self.app.sub_title = before.crumb

    # History

    async def action_back(self) -> None:
        await self._travel(self.history.back)

    async def action_forward(self) -> None:
        await self._travel(self.history.forward)

    async def _travel(self, step: Callable[[float], Place | None]) -> None:
        """Move through history, handing over the scroll offset of the page being left."""
        place = step(self._page_scroll())
        if place is None:
            self.app.bell()
            return
        await self.open_place(place, record=False)

    # Search and Esc

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`/` is a priority key so it wins the race with keys typed right after it, except inside the box."""
        return not (action == "search" and isinstance(self.focused, FilterInput))

    def action_search(self) -> None:
        self.search_panel.open()

    @on(SearchFor)
    def _search_for(self, event: SearchFor) -> None:
        self.search_panel.search_for(event.query)

    @on(QueryRemembered)
    def _query_remembered(self, event: QueryRemembered) -> None:
        self._save()

    def remembered_queries(self) -> list[str]:
        """For the palette's "Search again"."""
        return self.search_panel.queries.queries

    async def action_back_out(self) -> None:
        """One pane shows either the page or the results: Esc from the page goes back to the results as they were,
        with their cursor (test_escape_from_a_result_in_one_pane_returns_to_the_results). Closing the search puts
        back the page a preview covered (test_live_preview.py::test_escape_puts_back_the_page_shown_before)."""
        where = self._back_out_to()
        if where == "results":
            self.search_panel.back_to_results()
        elif where == "search":
            self.search_panel.close()
            await self._end_preview()
        elif where == "tree":
            self.search_panel.browse.focus()

    def _back_out_to(self) -> str | None:
        reading = self.focused is self.reader
        if reading and self.has_class("-narrow") and self.search_panel.showing_results:
            return "results"
        if self.search_panel.is_open:
            return "search"
        return "tree" if reading else None

    def footer_label(self, binding: Binding) -> tuple[str, str] | None:
        """Esc from the page says where it goes (test_esc_from_the_page_says_where_it_goes)."""
        if binding.id != "page.back-out":
            return None
        return PAGE_BACK_OUT.get(self._back_out_to() or "")

    def action_copy_id(self) -> None:
        """OSC 52 puts it on the clipboard of the terminal the person sits at, even over SSH."""
        target = self.reader.focused_target if self.focused is self.reader else None
        key = target.key if target else self.current.key if self.current else None
        if key is None:
            self.app.bell()
            return
        self.app.copy_to_clipboard(str(key))
        self.notify(f"Copied {key} to the clipboard", timeout=3)

    # Bookmarks

    def action_bookmark(self) -> None:
        """Bookmark the open item at the passage in view, or remove the bookmark already there
        (tests/test_bookmarks.py::test_m_toggles_a_bookmark_at_the_passage)."""
        if self.current is None:
            self.app.bell()
            return
        place = self._passage(self.current)
        label = place_label(self.kb, place) or str(place.key)
        same = [mark for mark in self.bookmarks if (mark.key, mark.section) == (place.key, place.section)]
        if same:
            self.bookmarks = [mark for mark in self.bookmarks if mark not in same]
            self.notify(f"Removed bookmark {label}", timeout=3)
        else:
            self.bookmarks = [*self.bookmarks, place]
            self.notify(f"Bookmarked {label}", timeout=3)
        self.nav_tree.show_bookmarks(self.bookmarked())
        self._save()

    def bookmarked(self) -> list[tuple[str, Place]]:
        """(label, place) of each bookmark whose item is known, for the tree and the palette."""
        return [(label, mark) for mark in self.bookmarks if (label := place_label(self.kb, mark)) is not None]

    def _passage(self, item: Item) -> Place:
        """Where the reader is in the page: the section being read, as the outline and cite see it
        (ReadingPane.anchor_in_view), else, above the first section, the scroll offset
        (tests/test_bookmarks.py::test_the_passage_is_the_section_in_view_or_the_scroll_offset)."""
        anchor = self.reader.anchor_in_view()
        return Place(item.key, anchor) if anchor else Place(item.key, None, float(self.reader.scroll_offset.y))

    # One pane or two

    def _fit_to_width(self, width: int) -> None:
        self.set_class(self.options.ssh_friendly and width < NARROW, "-narrow")

    def _show_panes(self, focused: Widget | None) -> None:
        """In one-pane mode the pane with focus is the one shown, by display flags so only the two panes restyle
        (test_switching_panes_restyles_only_the_panes_whose_focus_changed)."""
        reading = isinstance(focused, ReadingPane)
        narrow = self.has_class("-narrow")
        self.search_panel.display = not (narrow and reading)
        self.reader.display = not narrow or reading

    def on_resize(self, event: Resize) -> None:
        """Panes follow the width (test_narrow_ssh_friendly_reader_shows_one_pane_at_a_time); FirstPaintOnce then
        skips Screen's layout for a size the screen has already."""
        self._fit_to_width(event.size.width)
        self._show_panes(self.focused)
