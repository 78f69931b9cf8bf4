"""The left-hand tree: Bookmarks when there are any, then Hubs, Topics, Episodes, Glossary with counts, children
added only when expanded."""

from __future__ import annotations

import re
from typing import Literal

from rich.style import Style
from rich.text import Text
from textual.events import Key
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.model import Hub, Item, Kind, KnowledgeBase, Topic
from tui.model.kindspec import specs
from tui.overrides.width_keyed import KeepLinesWhenOnlyHeightChanges, draw_lines_again
from tui.view.place import Place
from tui.widgets.keys import TREE
from tui.widgets.messages import OpenPlace, TypedToSearch
from tui.widgets.tree_moves import collapse_here, expand_here

BOOKMARKS: Literal["bookmarks"] = "bookmarks"  # the Bookmarks group's data
NodeData = Place | Kind | Literal["bookmarks"] | None
_COUNT = re.compile(r" \(\d+\)$")


class NavTree(KeepLinesWhenOnlyHeightChanges, Tree[NodeData]):
    """Selecting a node posts `OpenPlace`; a printable key that is not the tree's own starts a search with it."""

    BINDINGS = TREE.bindings()

    def __init__(self, kb: KnowledgeBase, *, id: str | None = None) -> None:
        super().__init__("Knowledge base", id=id)
        self.kb = kb
        self._forwarding = False
        self._bookmarks: TreeNode[NodeData] | None = None
        self.show_root = False
        self.guide_depth = 3
        for spec in specs():
            # A group counts every item of its kind, sub-hubs too though they sit under their parent hub:
            # test_nav_tree_start.py::test_the_hub_group_counts_every_hub
            count = len(self.kb.of_kind(spec.kind))
            if count:
                self.root.add(f"{spec.group} ({count})", data=spec.kind)
        self.root.expand()

    def on_mount(self) -> None:
        """The first screen shows the main hub's sections with the cursor on the first, so the first Enter opens
        something: test_nav_tree_start.py::test_the_cursor_starts_on_a_row_that_enter_opens. Only these two
        nodes load now; the rest still load when expanded."""
        node = next((group for group in self.root.children if group.data is Kind.HUB), None)
        line = 0  # the hub group is the first row, and each step goes to the first child, on the next row
        while node is not None and node.allow_expand and line < 2:  # the hub group, then the main hub
            self._load_children(node)
            node.expand()
            node = next(iter(node.children), None)
            line += 1
        if node is not None:
            self.cursor_line = line  # node.line is not known until the tree lays its rows out again

    def show_bookmarks(self, marks: list[tuple[str, Place]]) -> None:
        """The Bookmarks group, first, as (label, place) rows; gone when there are none, so the first screen is
        unchanged until something is bookmarked (tests/test_bookmarks.py::test_the_tree_lists_bookmarks_first).
        Added after on_mount has put the cursor on the main hub's first section, which it keeps as rows move
        (test_bookmarks_persist_and_the_tree_still_starts_on_the_hub)."""
        group = self._bookmarks
        cursor = self.cursor_node
        lost_cursor = group is not None and cursor is not None and (cursor is group or cursor.parent is group)
        if not marks:
            if group is not None:
                group.remove()
                self._bookmarks = None
        else:
            if group is None:
                group = self._bookmarks = self.root.add(f"Bookmarks ({len(marks)})", data=BOOKMARKS, before=0)
            else:
                lost_cursor = lost_cursor and cursor is not group
                group.set_label(f"Bookmarks ({len(marks)})")
                group.remove_children()
            for label, place in marks:
                group.add_leaf(label, data=place)
        if lost_cursor:  # its row went: the cursor goes to the group, or to the top
            self.last_line  # noqa: B018 - lays the rows out again, so nodes know their lines
            self.move_cursor(self._bookmarks or next(iter(self.root.children), None))

    def _top_items(self, kind: Kind) -> list[Item]:
        """Sub-hubs appear under their parent hub, not at the top."""
        items = self.kb.of_kind(kind)
        if kind is not Kind.HUB:
            return items
        children = {ref.id for hub in items if isinstance(hub, Hub) for s in hub.sections for ref in s.entries}
        return [hub for hub in items if hub.id not in children] or items

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        self._load_children(event.node)

    def _load_children(self, node: TreeNode[NodeData]) -> None:
        """Children are added on the first expansion only: start-up builds six rows, not the whole base."""
        if node.children:
            return
        if isinstance(node.data, Kind):
            for item in self._top_items(node.data):
                self._add_item(node, item)
        elif isinstance(node.data, Place):
            self._expand_place(node, node.data)

    def _add_item(self, parent: TreeNode[NodeData], item: Item) -> None:
        label = item.kind.spec.row_label(item)
        expandable = isinstance(item, Hub | Topic) and bool(_children_of(item))
        parent.add(label, data=Place(item.key), allow_expand=expandable)

    def _expand_place(self, node: TreeNode[NodeData], place: Place) -> None:
        item = self.kb.get(place.key)
        if isinstance(item, Hub) and place.section is None:
            for section in item.sections:
                label = f"{section.display_title} ({len(section.entries)})"
                node.add(label, data=Place(item.key, str(section.index)), allow_expand=bool(section.entries))
        elif isinstance(item, Hub) and place.section is not None:
            section = item.sections[int(place.section) - 1]
            for ref in section.entries:
                target = self.kb.resolve(ref)
                if target is not None:
                    self._add_item(node, target)
                else:
                    node.add_leaf(f"missing: {ref}", data=None)
        elif isinstance(item, Topic):
            for topic_section in item.sections:
                node.add_leaf(topic_section.heading or topic_section.id, data=Place(item.key, topic_section.id))

    def render_label(self, node: TreeNode[NodeData], base_style: Style, style: Style) -> Text:
        """A label wider than the tree ends in "…" and keeps its count, which the edge of the pane would cut first:
        test_nav_tree_start.py::test_a_long_label_ends_in_an_ellipsis_and_keeps_its_count."""
        label = super().render_label(node, base_style, style)
        room = self.scrollable_content_region.width - _depth(node) * self.guide_depth
        if room <= 0 or label.cell_len <= room:  # room <= 0: not laid out yet
            return label
        count = _COUNT.search(label.plain)
        if count is None or room - len(count.group()) < 2:
            label.truncate(room, overflow="ellipsis")
            return label
        title = label[: count.start()]
        title.truncate(room - len(count.group()), overflow="ellipsis")
        return title + label[count.start() :]

    def watch_show_vertical_scrollbar(self) -> None:
        """A scrollbar that comes or goes changes the room for labels without a resize: cut them again.
        test_nav_tree_start.py::test_labels_are_cut_again_when_a_scrollbar_takes_room"""
        draw_lines_again(self)

    def _on_tree_node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        if isinstance(event.node.data, Place):
            self.post_message(OpenPlace(event.node.data))

    def on_key(self, event: Key) -> None:
        """A printable key bound here or on the screen keeps its meaning; any other starts a search with it, and once
        one has, every printable key belongs to the search until the tree is focused again
        (test_h_and_l_travel_history_and_type_in_the_box)."""
        if not (event.character and event.is_printable):
            return
        if self._forwarding or event.key not in self.screen.active_bindings:
            self._forwarding = True
            event.stop()
            event.prevent_default()
            self.post_message(TypedToSearch(event.character))

    def on_focus(self) -> None:
        self._forwarding = False

    def action_expand_here(self) -> None:
        expand_here(self)

    def action_collapse_here(self) -> None:
        collapse_here(self)


def _depth(node: TreeNode[NodeData]) -> int:
    """Rows under the hidden root: the top level has depth 0 and no guides."""
    depth = -1
    parent = node.parent
    while parent is not None:
        depth += 1
        parent = parent.parent
    return depth


def _children_of(item: Item) -> tuple[object, ...]:
    if isinstance(item, Hub):
        return item.sections
    if isinstance(item, Topic):
        return item.sections
    return ()
