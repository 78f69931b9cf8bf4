"""The tree's first screen over SSH at 80x24, its group counts, and labels too long for its width."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult

from tests.conftest import started
from tui.app.app import HubReaderApp
from tui.app.options import ReaderOptions
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.model import ItemKey, Kind, KnowledgeBase
from tui.view.place import Place
from tui.widgets.nav_tree import NavTree
from tui.widgets.reading_pane import ReadingPane

ALPHA = ItemKey(Kind.HUB, "alpha-hub")


async def test_the_cursor_starts_on_a_row_that_enter_opens(kb: KnowledgeBase, tmp_path: Path) -> None:
    """At start the first Enter did nothing: no row had the cursor, and the screen was six collapsed groups."""
    app = HubReaderApp(kb, IndexSearcher(kb, tmp_path / "cache"), StateStore(None), None,
                       ReaderOptions(ssh_friendly=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        tree = app.query_one(NavTree)
        assert tree.cursor_node is not None and tree.cursor_node.data == Place(ALPHA, "1")
        await pilot.press("enter")
        await pilot.pause()
        assert app.reader_screen.history.current == Place(ALPHA, "1") and isinstance(app.focused, ReadingPane)


def test_the_hub_group_counts_every_hub(kb: KnowledgeBase) -> None:
    """beta-hub is a sub-hub listed under alpha-hub; the group said 'Hubs (1)' while two hubs exist."""
    labels = [str(group.label) for group in NavTree(kb).root.children]
    assert labels == ["Hubs (2)", "Topics (1)", "Episodes (2)", "Glossary (2)", "Papers (1)", "Notes (2)"]


class NarrowTree(App[None]):
    """The tree alone, narrower than its longest label."""

    CSS = "NavTree { width: 18; }"

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__()
        self.kb = kb

    def compose(self) -> ComposeResult:
        yield NavTree(self.kb)


async def test_a_long_label_ends_in_an_ellipsis_and_keeps_its_count(kb: KnowledgeBase) -> None:
    """'Batch (2026-05-03) (2)' was cut at the edge, count first and with no sign that it was cut."""
    app = NarrowTree(kb)
    async with app.run_test(size=(40, 12)) as pilot:
        tree = app.query_one(NavTree)
        hubs = tree.root.children[0]
        hubs.expand()  # open at start already; expanded here so the test does not depend on that
        await pilot.pause()
        hubs.children[0].expand()
        await pilot.pause()
        rows = [tree.render_line(y).text.rstrip() for y in range(tree.last_line + 1)]
        assert "   └─ ▶ Batch… (2)" in rows and "▶ Glossary (2)" in rows
        assert all(len(row) <= 18 for row in rows)


async def test_labels_are_cut_again_when_a_scrollbar_takes_room(kb: KnowledgeBase) -> None:
    """A lower tree (the search box opening above it) keeps its lines, as only the height changed, but may gain a
    scrollbar that narrows it: labels cut for the full width ran under it."""
    app = NarrowTree(kb)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        tree = app.query_one(NavTree)
        assert not tree.show_vertical_scrollbar
        tree.styles.height = 6
        await pilot.pause()
        room = tree.scrollable_content_region.width
        assert tree.show_vertical_scrollbar and room < 18
        rows = [tree.render_line(y).text[:room].rstrip() for y in range(tree.last_line + 1)]
        assert "   └─ ▶ Bat… (2)" in rows
