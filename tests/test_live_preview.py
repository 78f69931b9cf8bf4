"""Live preview (#19): in two panes, the result the cursor rests on shows in the reading pane at its passage, with
the keyboard, the history and the saved state left alone; Esc puts back the page it covered; one pane never
previews. Driven through the real app with Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import on_the_page, showing, started, until
from tests.test_search_history import E001, TOPIC, search, settle
from tui.app import reader_screen
from tui.app.app import HubReaderApp
from tui.app.options import ReaderOptions
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.model import Item, ItemKey, Kind, KnowledgeBase
from tui.view.document import Block, build_document
from tui.view.place import Place
from tui.widgets import search_panel
from tui.widgets.filter_input import FilterInput
from tui.widgets.messages import OpenPlace, PreviewPlace
from tui.widgets.reading_pane import ReadingPane
from tui.widgets.results import ResultsList

# "reward" answers a glossary term, a note, then the sample topic at its first section
REWARD_ROWS = [Place(ItemKey(Kind.TERM, "reward-hacking")), Place(ItemKey(Kind.NOTE, "first-note")),
               Place(TOPIC, "first-section")]
DEBOUNCE_PASSED = search_panel.PREVIEW_WAIT_S * 3


class PreviewRecordingApp(HubReaderApp):
    """The real app, keeping every preview the search column asked for."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.previews: list[Place] = []

    def on_preview_place(self, message: PreviewPlace) -> None:
        self.previews.append(message.place)


def previewing_app(
    kb: KnowledgeBase, cache: Path, state: StateStore | None = None, *, one_pane: bool = False
) -> PreviewRecordingApp:
    """Opened on E001, with the keyboard in its page."""
    return PreviewRecordingApp(kb, IndexSearcher(kb, cache), state or StateStore(None), Place(E001),
                               ReaderOptions(ssh_friendly=one_pane))


async def reward_results(pilot: Pilot[None]) -> ResultsList:
    await search(pilot, "reward")
    results = pilot.app.query_one(ResultsList)
    assert [row.place for row in results.rows] == REWARD_ROWS
    return results


def anchor_top(reader: ReadingPane, anchor: str) -> int:
    return reader._tops[next(i for i, block in enumerate(reader.blocks) if block.anchor == anchor)]


async def test_moving_the_cursor_previews_the_highlighted_result(kb: KnowledgeBase, index_cache: Path) -> None:
    app = previewing_app(kb, index_cache)
    async with app.run_test(size=(120, 14)) as pilot:  # short enough for the topic to scroll to its first section
        await started(pilot)
        screen = app.reader_screen
        history = (screen.history.places(), screen.history.index)
        await reward_results(pilot)
        await pilot.press("down", "down")
        await until(pilot, lambda: showing(app) == TOPIC)
        reader = app.query_one(ReadingPane)
        assert screen.shown == Place(TOPIC, "first-section")
        assert reader.scroll_offset.y == anchor_top(reader, "first-section") > 0  # at the matching passage
        assert isinstance(app.focused, FilterInput)  # the keyboard stays in the search
        assert (screen.history.places(), screen.history.index) == history
        assert screen.search_panel.queries.queries == []  # a preview is no search to remember
        assert "Sample topic › First section" in app.sub_title


async def test_moving_in_the_results_list_previews_too(kb: KnowledgeBase, index_cache: Path) -> None:
    app = previewing_app(kb, index_cache)
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        results = await reward_results(pilot)
        results.focus()
        await pilot.press("j")
        await until(pilot, lambda: showing(app) == REWARD_ROWS[1].key)
        assert app.focused is results


async def test_typing_never_previews(kb: KnowledgeBase, index_cache: Path) -> None:
    """Only the cursor the person moves previews: not the first answer's cursor, nor a move the next letter
    overtakes."""
    app = previewing_app(kb, index_cache)
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash", "r", "e")
        await settle(pilot)
        await pilot.pause(DEBOUNCE_PASSED)
        assert app.query_one(ResultsList).rows and app.previews == []  # the cursor the first answer put on its row
        await pilot.press(*"ward")
        await settle(pilot)
        await pilot.press("up")  # on the first row already: no move
        await pilot.pause(DEBOUNCE_PASSED)
        assert app.previews == []
        await pilot.press("down", "s")  # a letter right behind the move: the move's preview is dropped
        await settle(pilot)
        await pilot.pause(DEBOUNCE_PASSED)
        assert app.previews == [] and showing(app) == E001


async def test_a_run_of_moves_previews_only_where_the_cursor_stops(
    kb: KnowledgeBase, index_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_panel, "PREVIEW_WAIT_S", 0.5)  # longer than three key presses take on a slow machine
    app = previewing_app(kb, index_cache)
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        await reward_results(pilot)
        await pilot.press("down", "down", "up")
        await until(pilot, lambda: bool(app.previews))
        await pilot.pause(0.6)
        assert app.previews == [REWARD_ROWS[1]] and showing(app) == REWARD_ROWS[1].key


async def test_escape_puts_back_the_page_shown_before(kb: KnowledgeBase, index_cache: Path) -> None:
    app = previewing_app(kb, index_cache)
    async with app.run_test(size=(120, 20)) as pilot:
        reader = await on_the_page(pilot)
        await pilot.press("space")
        await pilot.pause()
        scrolled, crumb = reader.scroll_offset.y, app.sub_title
        assert scrolled > 0
        await reward_results(pilot)
        await pilot.press("down", "down")
        await until(pilot, lambda: showing(app) == TOPIC)
        await pilot.press("escape")
        await pilot.pause()
        assert showing(app) == E001 and reader.scroll_offset.y == scrolled and app.sub_title == crumb
        assert app.reader_screen.history.current == Place(E001)
        assert not app.reader_screen.search_panel.is_open


async def test_enter_after_a_preview_opens_and_the_history_keeps_the_page_left(
    kb: KnowledgeBase, index_cache: Path, tmp_path: Path
) -> None:
    """The page left is the one under the preview: back returns to it where it was scrolled."""
    store = StateStore(tmp_path / "state.json")
    app = previewing_app(kb, index_cache, state=store)
    async with app.run_test(size=(120, 20)) as pilot:
        reader = await on_the_page(pilot)
        await pilot.press("space")
        await pilot.pause()
        scrolled = reader.scroll_offset.y
        await reward_results(pilot)
        await pilot.press("down", "down")
        await until(pilot, lambda: showing(app) == TOPIC)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.reader_screen
        assert screen.history.current == Place(TOPIC, "first-section") and app.focused is reader
        assert screen.history.places()[-2] == Place(E001, scroll=scrolled)
        assert screen.search_panel.queries.queries == ["reward"]
        assert store.load().history[-2:] == [E001, TOPIC]
        await pilot.press("escape", "escape")  # page → close the search: nothing previewed any more to put back
        await pilot.pause()
        assert showing(app) == TOPIC


async def test_enter_on_a_preview_builds_no_page_again(
    kb: KnowledgeBase, index_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page a preview shows is the page Enter opens; Esc puts back the page under it as it was kept."""
    built: list[str] = []

    def counting(kb: KnowledgeBase, item: Item) -> list[Block]:
        built.append(item.id)
        return build_document(kb, item)

    monkeypatch.setattr(reader_screen, "build_document", counting)
    app = previewing_app(kb, index_cache)
    async with app.run_test(size=(120, 20)) as pilot:
        await on_the_page(pilot)
        await reward_results(pilot)
        await pilot.press("down", "down")
        await until(pilot, lambda: showing(app) == TOPIC)
        await pilot.press("escape")  # the preview ends: E001 comes back
        await pilot.pause()
        assert showing(app) == E001
        await reward_results(pilot)
        await pilot.press("down", "down")
        await until(pilot, lambda: showing(app) == TOPIC)
        await pilot.press("enter")
        await pilot.pause()
        assert app.reader_screen.history.current == Place(TOPIC, "first-section")
        assert app.query_one(ReadingPane).find is not None  # the query's words, as the preview drew them
    assert built == ["E001", "sample-topic", "sample-topic"]  # the start, then one build per preview


async def test_a_result_opens_with_its_find_drawn_in(
    kb: KnowledgeBase, index_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The query's words are found before the page is first drawn, not drawn over it afterwards."""
    redrawn: list[set[int]] = []
    real = ReadingPane._redraw

    def counting(pane: ReadingPane, blocks: set[int]) -> None:
        redrawn.append(blocks)
        real(pane, blocks)

    app = previewing_app(kb, index_cache)
    async with app.run_test(size=(120, 20)) as pilot:
        await started(pilot)
        monkeypatch.setattr(ReadingPane, "_redraw", counting)
        app.reader_screen.post_message(OpenPlace(Place(TOPIC), find="first"))
        await until(pilot, lambda: showing(app) == TOPIC)
        await pilot.pause()
        assert app.query_one(ReadingPane).find is not None
    assert redrawn == []


async def test_one_pane_never_previews(kb: KnowledgeBase, index_cache: Path) -> None:
    app = previewing_app(kb, index_cache, one_pane=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        assert app.reader_screen.has_class("-narrow")
        await reward_results(pilot)
        await pilot.press("down", "down")
        await until(pilot, lambda: bool(app.previews))  # asked for, and refused by the screen
        await pilot.pause()
        assert showing(app) == E001 and app.reader_screen.shown == Place(E001)
        assert not app.query_one(ReadingPane).display and isinstance(app.focused, FilterInput)
