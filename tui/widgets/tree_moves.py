"""Arrow keys in a tree as file browsers use them: Right opens a node, Left closes it or steps out to its parent."""

from __future__ import annotations

from typing import Any

from textual.widgets import Tree


def expand_here(tree: Tree[Any]) -> None:
    node = tree.cursor_node
    if node is not None and node.allow_expand:
        node.expand()


def collapse_here(tree: Tree[Any]) -> None:
    """Collapse an open node, or step out to its parent: the usual tree-browser convention."""
    node = tree.cursor_node
    if node is None:
        return
    if node.is_expanded:
        node.collapse()
    elif node.parent is not None and node.parent is not tree.root:
        tree.move_cursor(node.parent)
