"""User flows in the reader, driven with Pilot; assertions are on app state and posted messages."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

import pytest
from textual._compositor import Compositor
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.events import Key, Resize
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Header

from tests.conftest import FIXTURE_KB, WriteFiles, choose_in_palette, last_query, showing, started
from tui.app.app import HubReaderApp
from tui.app.options import ReaderOptions
from tui.app.reader_screen import ReaderScreen
from tui.app.search import IndexSearcher
from tui.app.state import SavedState, StateStore
from tui.model import ItemKey, Kind, KnowledgeBase, load_knowledge_base
from tui.view.place import Place
from tui.widgets import filter_input
from tui.widgets.filter_input import FilterInput
from tui.widgets.messages import OpenPlace
from tui.widgets.nav_tree import NavTree
from tui.widgets.reading_pane import ReadingPane
from tui.widgets.results import ResultRow, ResultsList
from tui.widgets.search_panel import SearchDone

E001 = ItemKey(Kind.EPISODE, "E001")
TOPIC = ItemKey(Kind.TOPIC, "sample-topic")


class RecordingApp(HubReaderApp):
    """The real app, additionally keeping every message it handles so tests can assert on them."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.seen: list[Message] = []

    def on_open_place(self, message: OpenPlace) -> None:
        self.seen.append(message)


CACHE: list[Path] = []


def make_app(kb: KnowledgeBase, start: Place | None = None, state: StateStore | None = None) -> RecordingApp:
    return RecordingApp(kb, IndexSearcher(kb, CACHE[0]), state or StateStore(None), start)


def calls_to(monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> list[object]:
    """What each call of the method returns from now on, in order: a count of frames or layouts, and the frames."""
    returned: list[object] = []
    real = getattr(owner, name)

    def recording(self: object, *args: object, **kwargs: object) -> object:
        returned.append(result := real(self, *args, **kwargs))
        return result

    monkeypatch.setattr(owner, name, recording)
    return returned


@pytest.fixture(scope="module")
def fixture_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    CACHE[:] = [tmp_path_factory.mktemp("cache")]
    return load_knowledge_base(FIXTURE_KB)


async def test_opens_the_first_hub_and_focuses_the_tree(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert showing(app) == ItemKey(Kind.HUB, "alpha-hub")
        assert isinstance(app.focused, NavTree)
        assert "Hub › What does the alpha hub collect?" in app.sub_title


async def test_after_start_runs_once_the_first_item_is_on_screen(fixture_kb: KnowledgeBase) -> None:
    shown: list[object] = []
    app = RecordingApp(
        fixture_kb, IndexSearcher(fixture_kb, CACHE[0]), StateStore(None), Place(E001),
        after_start=lambda: shown.append(showing(app)),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert shown == [E001]
        await app.reader_screen.open_place(Place(TOPIC))
        assert shown == [E001]


async def test_tree_expands_lazily_and_enter_opens_an_item(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        tree = app.query_one(NavTree)
        episodes = next(n for n in tree.root.children if n.data is Kind.EPISODE)
        assert len(episodes.children) == 0
        tree.move_cursor(episodes)
        await pilot.press("right", "down", "enter")
        await pilot.pause()
        assert [str(c.label) for c in episodes.children] == ["E001  The first episode", "E002  The second episode"]
        assert showing(app) == E001
        assert any(isinstance(m, OpenPlace) and m.place.key == E001 for m in app.seen)


async def test_tab_highlights_links_and_enter_follows_to_the_section(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb, Place(E001))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        reader = app.query_one(ReadingPane)
        assert app.focused is reader
        await pilot.press("tab")
        assert reader.focused_target == Place(ItemKey(Kind.PAPER, "2605.00001"))
        await pilot.press("tab", "tab")
        assert reader.focused_target == Place(TOPIC, "first-section")
        await pilot.press("enter")
        await pilot.pause()
        assert showing(app) == TOPIC
        followed = [m for m in app.seen if isinstance(m, OpenPlace)]
        assert followed[-1].place == Place(TOPIC, "first-section")
        assert "› First section" in app.sub_title


async def test_shift_tab_wraps_to_the_last_link(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb, Place(E001))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        reader = app.query_one(ReadingPane)
        await pilot.press("shift+tab")
        assert reader.focused_link == len(reader.links) - 1


async def test_back_and_forward_restore_items_and_scroll(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb, Place(E001))
    async with app.run_test(size=(60, 12)) as pilot:
        await started(pilot)
        reader = app.query_one(ReadingPane)
        await pilot.press("space")
        await pilot.pause()
        scrolled = reader.scroll_offset.y
        assert scrolled > 0
        await app.reader_screen.open_place(Place(TOPIC))
        await pilot.press("backspace")
        await pilot.pause()
        await pilot.pause()
        assert showing(app) == E001
        assert reader.scroll_offset.y == scrolled
        await pilot.press("alt+right")
        await pilot.pause()
        assert showing(app) == TOPIC


SHORT_NOTE = ItemKey(Kind.NOTE, "second-note")


async def test_a_long_page_after_a_short_one_wraps_at_the_width_its_scrollbar_leaves(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb, Place(SHORT_NOTE))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        reader = app.query_one(ReadingPane)
        assert not reader.show_vertical_scrollbar
        await app.reader_screen.open_place(Place(E001))
        await pilot.pause()
        visible = reader.scrollable_content_region.width
        assert reader.show_vertical_scrollbar and reader._width == visible
        assert max(line.cell_length for line in reader._lines) <= visible


async def test_following_to_a_section_from_a_short_page_scrolls_there(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb, Place(SHORT_NOTE))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await app.reader_screen.open_place(Place(TOPIC, "first-section"), focus_reader=True)
        await pilot.pause()
        reader = app.query_one(ReadingPane)
        section_top = reader._tops[next(i for i, b in enumerate(reader.blocks) if b.anchor == "first-section")]
        assert section_top > 0 and reader.scroll_offset.y == section_top
        assert reader.vertical_scrollbar.position == section_top


async def test_the_page_is_drawn_again_in_the_colours_of_the_focused_pane(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        reader = app.query_one(ReadingPane)
        unfocused = reader._styles["reading-pane--dim"]
        reader.focus()
        await pilot.pause()
        assert reader._styles["reading-pane--dim"] != unfocused
        assert reader._styles == {name: reader.get_component_rich_style(name) for name in reader.COMPONENT_CLASSES}


async def test_leaving_the_pane_keeps_the_line_being_read(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb, Place(E001))
    async with app.run_test(size=(60, 12)) as pilot:
        await started(pilot)
        reader = app.query_one(ReadingPane)
        block = next(i for i, strips in enumerate(reader._rendered) if len(strips) > 2 and reader._tops[i] > 0)
        reader.scroll_to(y=reader._tops[block] + 2, animate=False, immediate=True)  # inside a paragraph
        await pilot.pause()
        line = reader._lines[round(reader.scroll_offset.y)]
        await pilot.press("escape")  # focus to the tree: the pane is drawn again in its unfocused colours
        await pilot.pause()
        assert isinstance(app.focused, NavTree)
        assert reader._lines[round(reader.scroll_offset.y)].text == line.text


async def test_a_start_styles_every_widget_once_and_paints_the_whole_screen_once(
    fixture_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's first resume restyled every widget just styled, and the screen went out three times over."""
    full_updates = calls_to(monkeypatch, Compositor, "render_full_update")
    restyled: list[object] = []
    update_nodes = Stylesheet.update_nodes

    def recording_update_nodes(self: Stylesheet, nodes: Iterable[DOMNode], animate: bool = False) -> None:
        nodes = list(nodes)
        restyled.append(nodes[0])
        update_nodes(self, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", recording_update_nodes)
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert app.reader_screen.current is not None
        assert len(full_updates) == 1
        assert app.screen not in restyled
        layouts = calls_to(monkeypatch, ReaderScreen, "_refresh_layout")
        app.screen.post_message(Resize(app.size, app.size))  # as the driver does at start, and every layout after it
        await pilot.pause()
        assert layouts == [] and len(full_updates) == 1
        await pilot.resize_terminal(90, 30)  # a real resize still lays out and paints everything
        await pilot.pause()
        assert layouts and len(full_updates) > 1


async def test_opening_an_item_repaints_the_header_and_the_page_not_the_whole_screen(
    fixture_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The breadcrumb is the app's sub-title, whose Textual default repainted every widget on each open."""
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        full_updates = calls_to(monkeypatch, Compositor, "render_full_update")
        await app.reader_screen.open_place(Place(TOPIC))
        await pilot.pause()
        assert app.sub_title.endswith("Sample topic") and app.query_one(Header).screen_sub_title == app.sub_title
        assert full_updates == []


async def test_back_with_no_history_stays_put(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb, Place(E001))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("backspace")
        assert showing(app) == E001


async def test_help_opens_on_question_mark_and_f1_and_escape_closes_without_quitting(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        for key in ("question_mark", "f1"):
            await pilot.press(key)
            assert type(app.screen).__name__ == "HelpScreen"
            await pilot.press("escape")
            assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape", "escape")
        assert app.is_running


async def test_q_quits(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_peek_shows_a_term_definition_without_leaving(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb, Place(TOPIC))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        reader = app.query_one(ReadingPane)
        while reader.focused_target != Place(ItemKey(Kind.TERM, "grpo")):
            await pilot.press("tab")
        await pilot.press("p")
        await pilot.pause()
        assert type(app.screen).__name__ == "PeekScreen"
        await pilot.press("escape")
        assert showing(app) == TOPIC


async def test_resumes_where_the_reader_left_off(fixture_kb: KnowledgeBase, tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.json")
    store.save(SavedState([TOPIC, E001], 1))
    app = make_app(fixture_kb, state=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert showing(app) == E001
        await pilot.press("backspace")
        await pilot.pause()
        assert showing(app) == TOPIC


async def test_the_first_item_opens_before_any_key_and_adds_to_the_saved_history(
    fixture_kb: KnowledgeBase, tmp_path: Path
) -> None:
    store = StateStore(tmp_path / "state.json")
    store.save(SavedState([TOPIC], 0))
    app = make_app(fixture_kb, Place(SHORT_NOTE), state=store)
    async with app.run_test(size=(100, 30)) as pilot:
        assert showing(app) == SHORT_NOTE  # open before the first frame
        await app.reader_screen.open_place(Place(E001))  # the first Enter
        await started(pilot)
        assert showing(app) == E001
    assert StateStore(tmp_path / "state.json").load().history == [TOPIC, SHORT_NOTE, E001]


async def test_history_is_saved_as_the_reader_moves(fixture_kb: KnowledgeBase, tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.json")
    app = make_app(fixture_kb, Place(E001), state=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await app.reader_screen.open_place(Place(TOPIC))
    saved = StateStore(tmp_path / "state.json").load()
    assert saved.history[-2:] == [E001, TOPIC] and saved.last == TOPIC


async def test_unwritable_state_location_warns_once_and_keeps_going(
    fixture_kb: KnowledgeBase, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    store = StateStore(blocker / "sub" / "state.json")
    app = make_app(fixture_kb, Place(E001), state=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await app.reader_screen.open_place(Place(TOPIC))
        assert showing(app) == TOPIC
    assert len(store.warnings) == 1 and "cannot save reading position" in store.warnings[0]


async def test_corrupt_state_file_is_ignored_with_a_warning(fixture_kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json", encoding="utf-8")
    store = StateStore(path)
    app = make_app(fixture_kb, state=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert showing(app) == ItemKey(Kind.HUB, "alpha-hub")
        assert store.warnings and "ignoring unreadable state file" in store.warnings[0]


async def settle(pilot: object) -> None:
    """Let search workers finish and their messages be handled."""
    app = pilot.app  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


async def test_keys_typed_right_after_slash_are_not_lost(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash", "g", "r", "p", "o")
        assert app.query_one(FilterInput).value == "grpo"
        await settle(pilot)
        results = app.query_one(ResultsList)
        assert results.rows and results.rows[0].place.key == ItemKey(Kind.TERM, "grpo")
        assert last_query(app) == "grpo"


async def test_typing_in_the_tree_starts_a_search(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("E", "0", "0", "2")
        await settle(pilot)
        assert app.query_one(FilterInput).value == "E002"
        assert app.query_one(ResultsList).rows[0].place.key == ItemKey(Kind.EPISODE, "E002")


async def test_enter_opens_the_result_at_its_passage(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash", *"only reward hacking")
        await settle(pilot)
        top = app.query_one(ResultsList).rows[0]
        assert top.place == Place(TOPIC, "custom-id")
        await pilot.press("enter")
        await pilot.pause()
        assert showing(app) == TOPIC
        assert app.reader_screen.history.current == Place(TOPIC, "custom-id")


async def test_down_moves_through_results_from_the_search_box(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash", *"episode")
        await settle(pilot)
        results = app.query_one(ResultsList)
        assert results.highlighted == 0 and len(results.rows) >= 2
        await pilot.press("down")
        assert results.highlighted == 1
        await pilot.press("enter")
        await pilot.pause()
        assert showing(app) == results.rows[1].place.key


async def test_escape_returns_to_the_tree_exactly_as_it_was(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        tree = app.query_one(NavTree)
        await pilot.press("down", "down", "enter")
        cursor, expanded = tree.cursor_line, [n.is_expanded for n in tree.root.children]
        await pilot.press("slash", *"grpo")
        await settle(pilot)
        assert not tree.display
        await pilot.press("escape")
        assert tree.display and app.focused is tree
        assert (tree.cursor_line, [n.is_expanded for n in tree.root.children]) == (cursor, expanded)
        assert app.query_one(FilterInput).value == ""
        assert app.is_running


async def test_the_search_view_comes_and_goes_without_restyling_the_column(fixture_kb: KnowledgeBase) -> None:
    """A class on the left column restyled every widget in it: ~5 ms on each of `/`, the first letter and Esc."""
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        restyled: list[str | None] = []
        update_styles = app.update_styles
        app.update_styles = lambda node, animate=False: (restyled.append(node.id), update_styles(node, animate))[1]
        await pilot.press("slash", *"grpo")
        await settle(pilot)
        assert app.query_one(ResultsList).display and not app.query_one(NavTree).display
        await pilot.press("escape")
        await pilot.pause()
        assert app.query_one(NavTree).display and not app.query_one(ResultsList).display
        assert set(restyled) == {"filter", "tree"}  # their focus changed; nothing else was restyled


@pytest.mark.parametrize("width", [80, 100])  # served over SSH: one pane at a time below 100 columns
async def test_each_answer_is_one_frame_and_lays_nothing_out(
    fixture_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Rows outgrowing the list, or fitting in it again, laid the whole screen out, and so did the search box as it
    came back; the first answer of every search went out in two frames. A list of six rows here."""
    monkeypatch.setattr(filter_input, "ECHO_WAIT_S", 60)  # a slow machine must not show a letter before its answer
    app = RecordingApp(fixture_kb, IndexSearcher(fixture_kb, CACHE[0]), StateStore(None), None,
                       ReaderOptions(ssh_friendly=True))
    async with app.run_test(size=(width, 12)) as pilot:
        await started(pilot)
        await pilot.press("slash", "r", "escape", "slash", "backspace")  # the box comes back, holding "r": empty it
        await settle(pilot)
        frames = calls_to(monkeypatch, Compositor, "render_update")
        layouts = calls_to(monkeypatch, ReaderScreen, "_refresh_layout")
        results = app.query_one(ResultsList)
        for letter, rows, expected_layouts in (("r", 0, 1), ("e", 4, 0), ("w", 3, 0)):  # 1: the list replaces the tree
            frames.clear()
            layouts.clear()
            await pilot.press(letter)
            await settle(pilot)
            assert len(results.rows) == rows
            assert len(layouts) == expected_layouts
            if not (expected_layouts and width >= 100):  # a layout redraws the page's scrollbar in a frame of its own
                assert len([frame for frame in frames if frame is not None]) == 1
            assert (results.max_scroll_y > 0) == (rows == 4)  # 4 results: 8 lines in 6 rows


class GatedSearcher(IndexSearcher):
    """The real searcher, answering only once the test opens the gate: a search as slow as the test wants."""

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__(kb, CACHE[0])
        self.gate = threading.Event()

    def __call__(self, query: str) -> list[ResultRow]:
        self.gate.wait(10)
        return super().__call__(query)


@contextlib.asynccontextmanager
async def letter_typed_while_search_is_held(
    kb: KnowledgeBase,
) -> AsyncIterator[tuple[RecordingApp, Pilot[None], GatedSearcher]]:
    """`/` then `g`, with the search for "g" unable to answer until the test opens the gate."""
    searcher = GatedSearcher(kb)
    app = RecordingApp(kb, searcher, StateStore(None), None)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)  # the warm-up opens the index; it does not search, so the gate does not hold it
        await pilot.press("slash", "g")
        try:
            yield app, pilot, searcher
        finally:
            searcher.gate.set()
        await settle(pilot)
        assert not app.query_one(FilterInput).echo_held
        assert last_query(app) == "g"


async def test_a_new_search_never_shows_the_last_one_s_results(fixture_kb: KnowledgeBase) -> None:
    searcher = GatedSearcher(fixture_kb)
    searcher.gate.set()
    app = RecordingApp(fixture_kb, searcher, StateStore(None), None)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash", *"grpo")
        await settle(pilot)
        await pilot.press("escape")
        searcher.gate.clear()
        await pilot.press("slash", "e")
        await pilot.pause()
        results, tree = app.query_one(ResultsList), app.query_one(NavTree)
        assert tree.display and not results.display  # the tree stays until the answer for "e" is in
        searcher.gate.set()
        await settle(pilot)
        assert results.display and not tree.display
        assert last_query(app) == "e"


async def test_a_letter_waits_for_its_results_to_reach_the_screen_with_them(
    fixture_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filter_input, "ECHO_WAIT_S", 60)  # only the results can let the letter through
    async with letter_typed_while_search_is_held(fixture_kb) as (app, _, _):
        box = app.query_one(FilterInput)
        assert box.value == "g" and box.echo_held


async def test_a_slow_search_does_not_hold_the_letter_back(fixture_kb: KnowledgeBase) -> None:
    async with letter_typed_while_search_is_held(fixture_kb) as (app, pilot, searcher):
        box = app.query_one(FilterInput)
        async with asyncio.timeout(5):
            while box.echo_held:
                await pilot.pause()
        assert last_query(app) is None and not searcher.gate.is_set()  # the letter is out, the search still runs


async def test_a_blank_query_shows_at_once(fixture_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filter_input, "ECHO_WAIT_S", 60)  # only the app can let it through
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash", "space")
        assert app.query_one(FilterInput).value == " " and not app.query_one(FilterInput).echo_held


async def test_a_query_wider_than_the_box_scrolls_with_the_cursor(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb)
    async with app.run_test(size=(60, 20)) as pilot:
        await started(pilot)
        await pilot.press("slash", *"abcdefghij" * 6, "Z")
        await settle(pilot)
        box = app.query_one(FilterInput)
        assert box.scroll_x > 0 and "hijZ" in box.render_line(0).text
        await pilot.press("home")
        assert box.scroll_x == 0 and "abcdefghij" in box.render_line(0).text


async def test_q_types_a_q_in_the_search_box(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash", "q")
        assert app.is_running and app.query_one(FilterInput).value == "q"


async def test_stale_results_are_dropped(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash", *"grpo")
        await settle(pilot)
        shown = list(app.query_one(ResultsList).rows)
        app.reader_screen.search_panel.post_message(SearchDone("gr", [], None))
        await pilot.pause()
        assert app.query_one(ResultsList).rows == shown


async def test_kind_filter_limits_results(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("slash", *"kind:episode first")
        await settle(pilot)
        rows = app.query_one(ResultsList).rows
        assert rows and {row.place.key.kind for row in rows} == {Kind.EPISODE}


async def test_editing_keys_keep_their_order_when_typed_in_one_burst(fixture_kb: KnowledgeBase) -> None:
    """Over SSH a Backspace or Ctrl+U and the letters after it arrive in one read; none may overtake another."""
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        burst = ["slash", *"grpx", "backspace", "o", "left", "left", "X", "ctrl+u", "k", "l"]
        for key in burst:
            app.post_message(Key(key, key if len(key) == 1 else ("/" if key == "slash" else None)))
        await pilot.pause()
        assert app.query_one(FilterInput).value == "klpo"


async def test_escape_then_a_key_in_one_burst_acts_after_the_search_closed(fixture_kb: KnowledgeBase) -> None:
    app = make_app(fixture_kb, Place(E001))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("escape")
        for key in ["slash", "x", "escape", "y"]:
            app.post_message(Key(key, "/" if key == "slash" else None if key == "escape" else key))
        await pilot.pause()
        assert app.query_one(FilterInput).value == ""
        assert app.clipboard == "ep:E001"


async def test_a_start_leaves_the_state_file_as_it_found_it(fixture_kb: KnowledgeBase, tmp_path: Path) -> None:
    """Reopening the page it left changes nothing to save; opening another page writes the file."""
    path = tmp_path / "state.json"
    StateStore(path).save(SavedState([E001], 0))
    before = path.stat()
    app = make_app(fixture_kb, state=StateStore(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        assert showing(app) == E001
        assert (path.stat().st_ino, path.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
        await app.reader_screen.open_place(Place(TOPIC))
        assert path.stat().st_ino != before.st_ino
    assert StateStore(path).load().history == [E001, TOPIC]


async def test_the_palette_shows_titles_as_written_not_as_markup(write_kb: WriteFiles, tmp_path: Path) -> None:
    """A title holding `[/]` would be a markup error, and `[bold]` would vanish, if the palette read titles as
    markup (tui/app/palette.py::_plain)."""
    title = "Odd [/] title [bold]kept"
    root = write_kb({"notes/odd.md": f'---\ntype: note\nid: odd\ntitle: "{title}"\nabstract: "x"\n---\n'})
    kb = load_knowledge_base(root)
    app = RecordingApp(kb, IndexSearcher(kb, tmp_path / "cache"), StateStore(None))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await choose_in_palette(pilot, "odd title", f"odd {title}")
        assert showing(app) == ItemKey(Kind.NOTE, "odd")


async def test_the_palette_opens_an_item_by_id(fixture_kb: KnowledgeBase) -> None:
    """Go to… posts the same OpenPlace as every pane, to the screen it opened over."""
    app = make_app(fixture_kb)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await choose_in_palette(pilot, "E002", "E002 The second episode")
        assert showing(app) == ItemKey(Kind.EPISODE, "E002")
        assert any(isinstance(m, OpenPlace) and m.place == Place(ItemKey(Kind.EPISODE, "E002")) for m in app.seen)
