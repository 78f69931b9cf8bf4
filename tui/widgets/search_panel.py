"""The search column: the box, what a query found, and the search behind them, over a pane to browse without one."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from tui.model.sanitize import MAX_QUERY_CHARS
from tui.widgets.filter_input import FilterInput
from tui.widgets.messages import OpenPlace, PreviewPlace, QueryRemembered, TypedToSearch
from tui.widgets.query_history import QueryHistory
from tui.widgets.results import MAX_SHOWN, ResultRow, ResultsList

PLACEHOLDER = 'Search: words, "phrases", kind:episode …'

PREVIEW_WAIT_S = 0.12
"""How long the results cursor must rest on a row before the reading pane previews it: moving through ten rows
builds one page, not ten (tests/test_live_preview.py::test_a_run_of_moves_previews_only_where_the_cursor_stops)."""

Search = Callable[[str], list[ResultRow]]
"""Answers a query with result rows; runs on a worker thread, so it may be slow and may raise."""


class SearchDone(Message):
    """Posted by the search worker thread; shown only if the query is still the box's."""

    def __init__(self, query: str, rows: list[ResultRow], error: str | None) -> None:
        super().__init__()
        self.query = query
        self.rows = rows
        self.error = error


class SearchPanel(Vertical):
    """Owns the query, the worker that answers it, the results and the search history; the browse pane shows while
    there is no query, a chosen result is posted as `OpenPlace` and a result the cursor rests on as `PreviewPlace`."""

    def __init__(self, search: Search, browse: Widget, *, blink: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self._search = search
        self.browse = browse
        self.box = FilterInput(placeholder=PLACEHOLDER, id="filter", select_on_focus=False, max_length=MAX_QUERY_CHARS)
        self.box.cursor_blink = blink
        self.status = Static(id="result-status", markup=False)
        self.results = ResultsList(id="results")
        self.last_search: SearchDone | None = None
        self.opened_from: Widget | None = None  # the box or the results list an item was last opened from
        self.queries = QueryHistory()
        self._recalled: str | None = None  # the text a recall put in the box, so its own change is not typing
        self._preview_due: asyncio.TimerHandle | None = None

    def compose(self) -> ComposeResult:
        yield self.box
        yield self.browse
        yield self.status
        yield self.results

    @property
    def is_open(self) -> bool:
        return self.box.display

    @property
    def showing_results(self) -> bool:
        return self.results.display

    @property
    def answered(self) -> str | None:
        """The query the results on show answer."""
        return self.last_search.query if self.last_search is not None else None

    def _show(self, *, box: bool, results: bool) -> None:
        """Display flags, not classes on the column: a class change restyles every widget in it on each key."""
        self.box.display = box
        self.status.display = results
        self.results.display = results
        self.browse.display = not results

    def open(self) -> None:
        """An empty box gets the last query back; the query `/` finds in the box is selected, so typing replaces
        it (test_slash_reopens_the_last_query_selected, test_slash_from_a_result_selects_the_query_it_came_from); its
        results show once answered again, never the old rows under a new query
        (test_a_new_search_never_shows_the_last_one_s_results)."""
        self._focus_box()
        if not self.box.value and self.last_search is not None:
            self.box.value = self.last_search.query
        if self.box.value:
            self.box.select_all()

    def _focus_box(self) -> None:
        """Focus now, not on the next idle: keys already queued behind `/` must land in the box."""
        self._show(box=True, results=bool(self.box.value.strip()))
        self.screen.set_focus(self.box)

    def close(self) -> None:
        """Back to the browse pane exactly as it was: it was only hidden. An answered query is remembered; one
        still being answered, or a blank box, is not
        (tests/test_search_history.py::test_closing_remembers_answered_queries_only)."""
        self._cancel_preview()
        if self.answered == self.box.value:
            self._remember(self.box.value)
        self.box.value = ""
        self._show(box=False, results=False)
        self.screen.set_focus(self.browse)  # now: keys queued behind Esc go to the browse pane

    def back_to_results(self) -> None:
        """To the box or results list the open item came from, with the cursor where it was."""
        self.screen.set_focus(self.opened_from or self.box)

    @on(TypedToSearch)
    def _typed_outside(self, event: TypedToSearch) -> None:
        event.stop()
        self._focus_box()
        self.box.insert_text_at_cursor(event.character)

    def search_for(self, query: str) -> None:
        """Open the search with `query` in the box, cursor at its end, and run it."""
        self._focus_box()
        self._put(query)

    def _put(self, query: str) -> None:
        self.box.value = query
        self.box.cursor_position = len(query)

    def _remember(self, query: str) -> None:
        if self.queries.remember(query):
            self.post_message(QueryRemembered())

    @on(FilterInput.Recall)
    def _recall(self, event: FilterInput.Recall) -> None:
        """Earlier and later queries replace the box's text and search; past either end, a bell
        (tests/test_search_history.py::test_ctrl_up_and_down_step_through_earlier_queries)."""
        event.stop()
        query = self.queries.recall(event.step, self.box.value)
        if query is None:
            self.app.bell()
            return
        self._recalled = query
        self._put(query)

    @on(Input.Changed, "#filter")
    def _query_changed(self, event: Input.Changed) -> None:
        """A new query cancels a preview still waiting: previews follow the cursor, never the typing
        (tests/test_live_preview.py::test_typing_never_previews)."""
        event.stop()
        self._cancel_preview()
        if event.value != self._recalled:
            self.queries.typed()
        self._recalled = None
        if event.value.strip():
            self._run_search(event.value)  # the results replace the browse pane once in: never last search's rows
        else:
            self._show(box=self.box.display, results=False)

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, query: str) -> None:
        """Runs off the UI thread; only posts a message, never touches widgets."""
        try:
            rows, error = self._search(query), None
        except Exception as exc:
            rows, error = [], f"Search failed: {exc}"
        self.post_message(SearchDone(query, rows, error))

    @on(SearchDone)
    def _show_answer(self, event: SearchDone) -> None:
        """A stale answer (the box moved on) is dropped (test_stale_results_are_dropped)."""
        if event.query != self.box.value:
            return
        self.last_search = event
        self._show(box=True, results=True)
        self.results.show_rows(event.rows, event.error or "No matches")
        count = f"{len(event.rows)}+" if len(event.rows) >= MAX_SHOWN else str(len(event.rows))
        self.status.update(f"{count} for “{event.query}”", layout=False)  # one row, always
        self.box.show_echo()  # the letter and its results: one frame

    @on(FilterInput.Move)
    def _move_results(self, event: FilterInput.Move) -> None:
        if self.results.option_count:
            current = self.results.highlighted or 0
            self.results.highlighted = max(0, min(self.results.option_count - 1, current + event.step))
            if self.results.highlighted != current:
                self._schedule_preview()

    @on(OptionList.OptionHighlighted, "#results")
    def _results_cursor_moved(self, event: OptionList.OptionHighlighted) -> None:
        """Only a move made in the list itself previews: the cursor an answer puts on its first row, or that the
        box moves (which schedules its own), does not (tests/test_live_preview.py::test_typing_never_previews)."""
        if self.results.has_focus:
            self._schedule_preview()

    def _schedule_preview(self) -> None:
        """One call_later per move, no Timer task: the preview waits for the cursor to rest."""
        self._cancel_preview()
        self._preview_due = asyncio.get_running_loop().call_later(PREVIEW_WAIT_S, self._send_preview)

    def _cancel_preview(self) -> None:
        if self._preview_due is not None:
            self._preview_due.cancel()
            self._preview_due = None

    def _send_preview(self) -> None:
        self._preview_due = None
        row = self.results.highlighted_row
        if row is not None and self.is_open and self.showing_results:
            self.post_message(PreviewPlace(row.place, self.answered))

    def on_unmount(self) -> None:
        self._cancel_preview()

    @on(Input.Submitted, "#filter")
    @on(ResultsList.OptionSelected)
    def _open_highlighted(self, event: Message) -> None:
        """Remembers where it was opened from, for Esc to go back to in one pane, and the query that found it."""
        event.stop()
        self._cancel_preview()
        row = self.results.highlighted_row
        if row is not None:
            self.opened_from = self.screen.focused
            if self.answered is not None:
                self.queries.remember(self.answered)  # saved with the history the open records: one write
            self.post_message(OpenPlace(row.place, focus=True, find=self.answered))
