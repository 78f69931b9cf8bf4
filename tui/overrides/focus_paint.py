"""A focus move repaints the widgets whose look depends on focus, not every cell of the screen
(test_switching_panes_restyles_only_the_panes_whose_focus_changed, test_a_focus_move_repaints_no_screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget

RELIES_ON = {
    # Sets `focused` (declared on Screen with repaint) and restyles the widget that lost focus and the one that
    # gained it, which repaint themselves when their look changes.
    "textual.screen:Screen.set_focus": "56cfb5778970531a",
    "textual.screen:Screen._update_focus_styles": "cc50d6be558c8751",
    # What a change of `focused` does besides: the footer's keys follow it.
    "textual.screen:Screen._watch_focused": "91fed3126821f9a2",
}

if TYPE_CHECKING:
    _Screen = Screen[Any]
else:
    _Screen = object


class FocusRepaintsNothing(_Screen):
    """Mixed into a Screen before it: its `focused` is Screen's, without the repaint."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
