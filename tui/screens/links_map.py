"""An item's neighbourhood: what it links to and what links to it, by kind, and from each neighbour a second hop."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from tui.model import Item, ItemKey, KnowledgeBase
from tui.screens.popup import Popup
from tui.view.glance import Neighbours, neighbours
from tui.widgets.keys import LINKS_MAP
from tui.widgets.tree_moves import collapse_here, expand_here

HOPS = 2  # the centre's neighbours, and theirs


class LinksMapScreen(Popup[ItemKey | None]):
    """Dismisses with the item chosen to open, or None; neighbours load when their node first expands."""

    BINDINGS = LINKS_MAP.bindings()
    DEFAULT_CSS = """
    LinksMapScreen #map-box {
        width: 90;
        height: 90%;
    }
    LinksMapScreen Tree {
        height: 1fr;
        background: $panel;
    }
    """

    def __init__(self, kb: KnowledgeBase, centre: Item) -> None:
        super().__init__()
        self.kb = kb
        self.centre = centre
        self.map: Tree[Item | None] = Tree(centre.title, id="map")

    def compose(self) -> ComposeResult:
        with Vertical(id="map-box", classes="popup"):
            yield Static(f"Links map · {self.centre.title}", id="map-title", classes="popup-title", markup=False)
            yield self.map

    def on_mount(self) -> None:
        self.map.show_root = False
        self._add_neighbours(self.map.root, neighbours(self.kb, self.centre), hop=1, expand=True)
        self.map.focus()

    def _add_neighbours(self, node: TreeNode[Item | None], found: Neighbours, *, hop: int, expand: bool) -> None:
        """Two directions, each grouped by kind; a neighbour one hop out can expand to its own neighbours."""
        for direction, groups in (("Links to", found.links_to), ("Linked from", found.linked_from)):
            count = sum(len(items) for items in groups.values())
            side = node.add(f"{direction} ({count})", data=None, expand=expand, allow_expand=bool(count))
            for group, items in groups.items():
                kind = side.add(f"{group} ({len(items)})", data=None, expand=expand)
                for item in items:
                    label = item.kind.spec.row_label(item)
                    if hop < HOPS and item.key != self.centre.key:  # it links with the centre, so it has links
                        kind.add(label, data=item)
                    else:
                        kind.add_leaf(label, data=item)

    def action_expand_here(self) -> None:
        expand_here(self.map)

    def action_collapse_here(self) -> None:
        collapse_here(self.map)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Item | None]) -> None:
        node = event.node
        if isinstance(node.data, Item) and not node.children:
            self._add_neighbours(node, neighbours(self.kb, node.data), hop=HOPS, expand=False)

    def on_tree_node_selected(self, event: Tree.NodeSelected[Item | None]) -> None:
        """Enter on an item opens it; on a group it only expands or collapses, as in any tree."""
        if isinstance(event.node.data, Item):
            self.dismiss(event.node.data.key)
