"""A Tree's or OptionList's drawn lines depend on its width only: a change of height keeps them
(test_only_a_new_width_drops_the_lines, test_the_tree_and_the_results_list_keep_their_lines), and a tree draws
its lines again when a scrollbar comes or goes, which changes its room without a resize
(test_labels_are_cut_again_when_a_scrollbar_takes_room)."""

from __future__ import annotations

from typing import Any

from textual.events import Resize
from textual.widgets import Tree

RELIES_ON = {
    # What is skipped: on any resize each drops every line it drew and draws them all again in a frame of its own.
    "textual.widgets._tree:Tree._on_resize": "ac9951ecac600cb8",
    "textual.widgets._option_list:OptionList._on_resize": "7a621baa8e38de94",
    # A handler's prevent_default keeps the handlers of the classes after it in the MRO from running.
    "textual.message_pump:MessagePump._get_dispatch_methods": "42cf0aeddecf314f",
    # Drops a tree's drawn lines and repaints it: what its resize handler does besides growing the cache.
    "textual.widgets._tree:Tree._invalidate": "fe3ad2694fee6ca4",
}


class KeepLinesWhenOnlyHeightChanges:
    """Mixed in before Tree or OptionList, which would draw every line again on every `/` and Esc (the search box
    takes or gives back three rows) and whenever the results list is shown again."""

    _drawn_width = -1

    def on_resize(self, event: Resize) -> None:
        if event.size.width == self._drawn_width:
            event.prevent_default()  # the base class's handler is the one that drops the lines
        self._drawn_width = event.size.width


def draw_lines_again(tree: Tree[Any]) -> None:
    """For a change of the tree's room that is no resize: labels are cut to the room they had when drawn."""
    tree._invalidate()
