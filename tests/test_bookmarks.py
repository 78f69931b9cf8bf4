"""Bookmarks (#19): `m` on the page bookmarks the open item at its passage (again: removes it); a Bookmarks group
first in the tree and "Bookmark:" in the palette open them there; the state file keeps them per knowledge base.
Driven through the real app with Pilot."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot

from tests.conftest import choose_in_palette, showing, started
from tests.test_search_history import E001, TOPIC, reader
from tui.app.app import HubReaderApp
from tui.app.state import StateStore
from tui.model import ItemKey, Kind, KnowledgeBase
from tui.view.place import Place
from tui.widgets.nav_tree import BOOKMARKS, NavTree
from tui.widgets.reading_pane import ReadingPane

ALPHA = ItemKey(Kind.HUB, "alpha-hub")
GROUPS = ["Hubs (2)", "Topics (1)", "Episodes (2)", "Glossary (2)", "Papers (1)", "Notes (2)"]


def notices(app: HubReaderApp) -> list[str]:
    """Every notification from now on."""
    said: list[str] = []
    notify = app.notify

    def recording(message: str, **kwargs: object) -> None:
        said.append(message)
        notify(message, **kwargs)  # type: ignore[arg-type]

    app.notify = recording  # type: ignore[method-assign,assignment]
    return said


def tree_rows(app: HubReaderApp) -> list[str]:
    """The top-level labels and, under an expanded Bookmarks group, its rows."""
    rows = []
    for group in app.query_one(NavTree).root.children:
        rows.append(str(group.label))
        if group.data == BOOKMARKS:
            rows += [f"  {child.label}" for child in group.children]
    return rows


async def open_at(pilot: Pilot[None], place: Place) -> None:
    """Open a place with the keyboard in the reading pane, as following a link does."""
    await pilot.app.reader_screen.open_place(place, focus_reader=True)  # type: ignore[attr-defined]
    await pilot.pause()


async def test_m_toggles_a_bookmark_at_the_passage(kb: KnowledgeBase, index_cache: Path) -> None:
    app = reader(kb, index_cache, start=Place(E001))
    async with app.run_test(size=(100, 16)) as pilot:
        await started(pilot)
        said = notices(app)
        await open_at(pilot, Place(TOPIC, "first-section"))
        await pilot.press("m")
        assert app.reader_screen.bookmarks == [Place(TOPIC, "first-section")]
        assert said == ["Bookmarked Sample topic › First section"]
        await pilot.press("m")
        assert app.reader_screen.bookmarks == []
        assert said[-1] == "Removed bookmark Sample topic › First section"


async def test_the_passage_is_the_section_in_view_or_the_scroll_offset(
    kb: KnowledgeBase, index_cache: Path
) -> None:
    """Opened at a section: that section, while it is in view; scrolled past another heading: that one; above the
    first heading: the scroll offset."""
    app = reader(kb, index_cache, start=Place(E001))
    async with app.run_test(size=(100, 16)) as pilot:
        await started(pilot)
        pane = app.query_one(ReadingPane)
        await pilot.press("j", "m")
        assert app.reader_screen.bookmarks == [Place(E001, None, 1.0)]
        await open_at(pilot, Place(TOPIC, "first-section"))
        custom = pane._tops[next(i for i, block in enumerate(pane.blocks) if block.anchor == "custom-id")]
        pane.scroll_to(y=custom + 1, animate=False, immediate=True)
        await pilot.pause()
        await pilot.press("m")
        assert app.reader_screen.bookmarks[-1] == Place(TOPIC, "custom-id")


async def test_the_tree_lists_bookmarks_first(kb: KnowledgeBase, index_cache: Path) -> None:
    app = reader(kb, index_cache)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        tree = app.query_one(NavTree)
        assert [str(group.label) for group in tree.root.children] == GROUPS  # no group while there are none
        cursor = tree.cursor_node
        await open_at(pilot, Place(TOPIC, "first-section"))
        await pilot.press("m")
        await open_at(pilot, Place(E001))
        await pilot.press("m")
        group = tree.root.children[0]
        group.expand()
        await pilot.pause()
        assert tree_rows(app)[:3] == ["Bookmarks (2)", "  Sample topic › First section", "  The first episode"]
        assert tree.cursor_node is cursor  # the rows moved down under the cursor, which stayed where it was
        tree.move_cursor(group.children[1])
        await pilot.press("m")  # the page still has the keyboard: E001's bookmark goes, with the tree's cursor row
        assert tree_rows(app)[:2] == ["Bookmarks (1)", "  Sample topic › First section"]
        assert tree.cursor_node is group
        await open_at(pilot, Place(TOPIC, "first-section"))
        await pilot.press("m")
        assert [str(group.label) for group in tree.root.children] == GROUPS


async def test_enter_on_a_bookmark_opens_at_its_passage(kb: KnowledgeBase, index_cache: Path) -> None:
    app = reader(kb, index_cache)
    async with app.run_test(size=(100, 16)) as pilot:
        await started(pilot)
        await open_at(pilot, Place(TOPIC, "first-section"))
        await pilot.press("m")
        await open_at(pilot, Place(E001))
        await pilot.press("j", "j", "m", "escape")  # bookmarked two lines down; Esc to the tree
        await open_at(pilot, Place(ALPHA))
        tree = app.query_one(NavTree)
        tree.focus()
        tree.move_cursor(tree.root.children[0])
        await pilot.press("right", "down", "enter")
        await pilot.pause()
        pane = app.query_one(ReadingPane)
        top = pane._tops[next(i for i, block in enumerate(pane.blocks) if block.anchor == "first-section")]
        assert showing(app) == TOPIC and app.reader_screen.history.current == Place(TOPIC, "first-section")
        assert pane.scroll_offset.y == top > 0
        tree.focus()
        await pilot.press("down", "enter")  # the one without a section opens at its scroll offset
        await pilot.pause()
        assert showing(app) == E001 and pane.scroll_offset.y == 2


async def test_the_palette_opens_a_bookmark(kb: KnowledgeBase, index_cache: Path) -> None:
    app = reader(kb, index_cache)
    async with app.run_test(size=(100, 16)) as pilot:
        await started(pilot)
        await open_at(pilot, Place(TOPIC, "custom-id"))
        await pilot.press("m")
        await open_at(pilot, Place(E001))
        await choose_in_palette(pilot, "bookmark second", "Bookmark: Sample topic › Second section")
        assert showing(app) == TOPIC and app.reader_screen.history.current == Place(TOPIC, "custom-id")


async def test_bookmarks_persist_and_the_tree_still_starts_on_the_hub(
    kb: KnowledgeBase, index_cache: Path, tmp_path: Path
) -> None:
    path = tmp_path / "state.json"
    first = reader(kb, index_cache, StateStore(path))
    async with first.run_test(size=(100, 16)) as pilot:
        await started(pilot)
        await open_at(pilot, Place(TOPIC, "first-section"))
        await pilot.press("m")
    second = reader(kb, index_cache, StateStore(path), one_pane=True)
    async with second.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        assert second.reader_screen.bookmarks == [Place(TOPIC, "first-section")]
        tree = second.query_one(NavTree)
        assert [str(group.label) for group in tree.root.children] == ["Bookmarks (1)", *GROUPS]
        assert tree.cursor_node is not None and tree.cursor_node.data == Place(ALPHA, "1")


async def test_bad_bookmarks_in_the_state_file_are_dropped_alone(
    kb: KnowledgeBase, index_cache: Path, tmp_path: Path
) -> None:
    """Entries of the wrong shape go; one for an item this base lacks stays in the file but is not listed."""
    path = tmp_path / "state.json"
    good = {"key": ["topic", "sample-topic"], "section": "first-section", "scroll": 0}
    unknown = {"key": ["ep", "E999"], "section": None, "scroll": 3}
    bad = [5, "x", None, {"key": ["nokind", "a"]}, {"key": ["ep", "E001"], "section": 7}, {"section": "a"}]
    path.write_text(json.dumps({"history": [], "bookmarks": [*bad, good, unknown]}), encoding="utf-8")
    store = StateStore(path)
    app = reader(kb, index_cache, store)
    async with app.run_test(size=(100, 16)) as pilot:
        await started(pilot)
        assert not store.warnings
        e999 = Place(ItemKey(Kind.EPISODE, "E999"), None, 3.0)
        assert app.reader_screen.bookmarks == [Place(TOPIC, "first-section"), e999]
        assert str(app.query_one(NavTree).root.children[0].label) == "Bookmarks (1)"
    path.write_text(json.dumps({"history": [["ep", "E001"]], "bookmarks": {"not": "a list"}}), encoding="utf-8")
    assert store.load().bookmarks == [] and store.load().history == [E001]


async def test_a_served_reader_keeps_bookmarks_in_memory(kb: KnowledgeBase, index_cache: Path) -> None:
    store = StateStore(None)
    app = reader(kb, index_cache, store, start=Place(E001))
    async with app.run_test(size=(100, 16)) as pilot:
        await started(pilot)
        await pilot.press("m")
        assert app.reader_screen.bookmarks == [Place(E001, None, 0.0)]
        assert str(app.query_one(NavTree).root.children[0].label) == "Bookmarks (1)"
    assert store.load().bookmarks == []
