"""Search history (#19): Ctrl/Alt+↑/↓ in the box recall earlier queries, the state file keeps them, the palette runs
one again. Driven through the real app with Pilot; assertions on the box, the answered query and the saved state."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from textual.pilot import Pilot

from tests.conftest import choose_in_palette, last_query, showing, started
from tui.app.app import HubReaderApp
from tui.app.options import ReaderOptions
from tui.app.search import IndexSearcher
from tui.app.state import SavedState, StateStore
from tui.model import ItemKey, Kind, KnowledgeBase
from tui.view.place import Place
from tui.widgets.filter_input import FilterInput
from tui.widgets.query_history import MAX_QUERIES, QueryHistory
from tui.widgets.results import ResultRow

E001 = ItemKey(Kind.EPISODE, "E001")
TOPIC = ItemKey(Kind.TOPIC, "sample-topic")


def reader(
    kb: KnowledgeBase, cache: Path, state: StateStore | None = None, start: Place | None = None,
    *, one_pane: bool = False,
) -> HubReaderApp:
    """The real app over the fixture base; `one_pane` is an SSH reader, one pane at a time below 100 columns."""
    return HubReaderApp(kb, IndexSearcher(kb, cache), state or StateStore(None), start,
                        ReaderOptions(ssh_friendly=one_pane))


class GatedSearcher(IndexSearcher):
    """The real searcher, answering only while its gate is open: a search as slow as the test wants."""

    def __init__(self, kb: KnowledgeBase, cache: Path) -> None:
        super().__init__(kb, cache)
        self.gate = threading.Event()
        self.gate.set()

    def __call__(self, query: str) -> list[ResultRow]:
        self.gate.wait(10)
        return super().__call__(query)


async def settle(pilot: Pilot[None]) -> None:
    """Let search workers finish and their answers be handled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def search(pilot: Pilot[None], query: str) -> None:
    """Open an empty search box, type `query` and wait for its answer."""
    await pilot.press("slash", "ctrl+u", *query)
    await settle(pilot)
    assert last_query(pilot.app) == query  # type: ignore[arg-type]


def box(app: HubReaderApp) -> FilterInput:
    return app.query_one(FilterInput)


def counting_bells(app: HubReaderApp) -> list[None]:
    rung: list[None] = []
    app.bell = lambda: rung.append(None)  # type: ignore[method-assign]
    return rung


async def remember(pilot: Pilot[None], *queries: str) -> None:
    """Each query searched and then closed with its answer in: remembered in that order."""
    for query in queries:
        await search(pilot, query)
        await pilot.press("escape")


async def test_ctrl_up_and_down_step_through_earlier_queries(kb: KnowledgeBase, index_cache: Path) -> None:
    app = reader(kb, index_cache)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await remember(pilot, "grpo", "episode")
        bells = counting_bells(app)
        await pilot.press("slash", "ctrl+u", "f", "i")
        await settle(pilot)
        await pilot.press("ctrl+up")
        await settle(pilot)
        assert box(app).value == "episode" and box(app).cursor_position == len("episode")
        assert last_query(app) == "episode"  # a recalled query is searched
        await pilot.press("alt+up")
        await settle(pilot)
        assert (box(app).value, last_query(app)) == ("grpo", "grpo")
        await pilot.press("ctrl+up")  # the oldest: nothing earlier
        assert box(app).value == "grpo" and len(bells) == 1
        await pilot.press("alt+down", "ctrl+down")  # later, then later than the latest: what was typed
        await settle(pilot)
        assert box(app).value == "fi" and box(app).cursor_position == 2
        await pilot.press("ctrl+down")
        assert box(app).value == "fi" and len(bells) == 2


async def test_plain_up_and_down_still_move_the_results(kb: KnowledgeBase, index_cache: Path) -> None:
    """The README's Search box keys: ↓ / ↑ are next / previous result, whatever the history holds."""
    app = reader(kb, index_cache)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await remember(pilot, "grpo")
        await search(pilot, "episode")
        results = app.reader_screen.search_panel.results
        await pilot.press("down")
        assert results.highlighted == 1 and box(app).value == "episode"
        await pilot.press("up")
        assert results.highlighted == 0 and box(app).value == "episode"


async def test_typing_after_a_recall_starts_the_next_recall_from_the_latest(
    kb: KnowledgeBase, index_cache: Path
) -> None:
    app = reader(kb, index_cache)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await remember(pilot, "grpo", "episode", "first")
        await pilot.press("slash", "ctrl+u", "ctrl+up", "ctrl+up")
        await settle(pilot)
        assert box(app).value == "episode"
        await pilot.press("s")  # an edit: "episodes" is now the draft
        await settle(pilot)
        await pilot.press("ctrl+up")
        await settle(pilot)
        assert box(app).value == "first"
        await pilot.press("ctrl+down")
        assert box(app).value == "episodes"


async def test_closing_remembers_answered_queries_only(kb: KnowledgeBase, index_cache: Path) -> None:
    searcher = GatedSearcher(kb, index_cache)
    app = HubReaderApp(kb, searcher, StateStore(None), None)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        queries = app.reader_screen.search_panel.queries
        await pilot.press("slash", "space", "escape")  # blank
        assert queries.queries == []
        await remember(pilot, "grpo")
        assert queries.queries == ["grpo"]
        searcher.gate.clear()
        try:
            await pilot.press("slash", "ctrl+u", "e", "escape")  # closed before "e" was answered
        finally:
            searcher.gate.set()
        await settle(pilot)
        assert queries.queries == ["grpo"]


async def test_opening_a_result_remembers_its_query_most_recent_first_once(
    kb: KnowledgeBase, index_cache: Path
) -> None:
    app = reader(kb, index_cache)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await remember(pilot, "grpo", "episode")
        await search(pilot, "grpo")
        await pilot.press("enter")
        await pilot.pause()
        assert showing(app) == ItemKey(Kind.TERM, "grpo")
        assert app.reader_screen.search_panel.queries.queries == ["grpo", "episode"]


def test_the_history_keeps_the_latest_hundred_distinct_queries() -> None:
    history = QueryHistory()
    for number in range(MAX_QUERIES + 20):
        history.remember(f"q{number}")
    history.remember("q50")
    assert len(history.queries) == MAX_QUERIES
    assert history.queries[:2] == ["q50", f"q{MAX_QUERIES + 19}"] and history.queries.count("q50") == 1
    assert not history.remember("  ") and not history.remember("q50")  # blank, or already the latest: no change


def test_the_history_steps_over_the_query_the_box_holds() -> None:
    history = QueryHistory(["grpo", "entropy"])
    assert history.recall(-1, "grpo") == "entropy"  # typed again: the same query is no step back
    assert history.recall(-1, "entropy") is None
    assert history.recall(1, "entropy") == "grpo"
    assert history.recall(1, "grpo") == "grpo"  # later than the latest: what was typed


async def test_the_history_persists_across_two_runs(
    kb: KnowledgeBase, index_cache: Path, tmp_path: Path
) -> None:
    path = tmp_path / "state.json"
    first = reader(kb, index_cache, StateStore(path))
    async with first.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await search(pilot, "episode")
        await pilot.press("enter")  # remembered as it opens: saved with the page
        await pilot.pause()
        await remember(pilot, "grpo")  # remembered as the search closes: saved then, nothing else is
    assert json.loads(path.read_text(encoding="utf-8"))["queries"] == ["grpo", "episode"]
    second = reader(kb, index_cache, StateStore(path))
    async with second.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash", "ctrl+up", "ctrl+up")
        await settle(pilot)
        assert box(second).value == "episode" and last_query(second) == "episode"


async def test_an_old_state_file_without_queries_loads(
    kb: KnowledgeBase, index_cache: Path, tmp_path: Path
) -> None:
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"history": [["topic", "sample-topic"], ["ep", "E001"]], "index": 1}), encoding="utf-8")
    store = StateStore(path)
    app = reader(kb, index_cache, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert showing(app) == E001 and not store.warnings
        bells = counting_bells(app)
        await pilot.press("slash", "ctrl+up")
        assert box(app).value == "" and bells == [None]
        await remember(pilot, "grpo")
    saved = StateStore(path).load()
    assert saved.queries == ["grpo"] and saved.history[:2] == [TOPIC, E001]


def test_a_state_file_with_bad_queries_loads_the_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    queries = ["grpo", 5, None, "", "  ", "grpo", "x" * 300, "re\x1b[31mward", ["nested"], "episode"]
    path.write_text(json.dumps({"history": [["ep", "E001"]], "index": 0, "queries": queries}), encoding="utf-8")
    store = StateStore(path)
    saved = store.load()
    assert saved.history == [E001] and not store.warnings
    assert QueryHistory(saved.queries).queries == ["grpo", "re[31mward", "episode"]
    path.write_text(json.dumps({"history": [["ep", "E001"]], "queries": "grpo"}), encoding="utf-8")
    assert store.load().queries == [] and store.load().history == [E001]


def test_a_saved_state_round_trips_its_queries(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.json")
    store.save(SavedState([E001], 0, ["grpo", "episode"]))
    assert store.load().queries == ["grpo", "episode"]


async def test_a_served_reader_keeps_its_history_in_memory(kb: KnowledgeBase, index_cache: Path) -> None:
    store = StateStore(None)
    app = reader(kb, index_cache, store)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await remember(pilot, "grpo")
        await pilot.press("slash", "ctrl+u", "ctrl+up")
        await settle(pilot)
        assert box(app).value == "grpo"
    assert store.path is None and store.load() == SavedState()


async def test_the_palette_searches_again(kb: KnowledgeBase, index_cache: Path) -> None:
    app = reader(kb, index_cache, start=Place(E001))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await remember(pilot, "grpo", "episode")
        await pilot.press("escape")  # from the reading pane to the tree
        await choose_in_palette(pilot, "again grpo", "Search again: grpo")
        await settle(pilot)
        assert box(app).value == "grpo" and last_query(app) == "grpo"
        assert app.focused is box(app) and app.reader_screen.search_panel.showing_results
        assert app.reader_screen.search_panel.queries.queries == ["episode", "grpo"]  # rerunning remembers nothing
