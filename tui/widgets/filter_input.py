"""The search box: an Input whose Up/Down move the results below it and Ctrl/Alt+Up/Down recall earlier queries."""

from __future__ import annotations

import asyncio
from typing import Self

from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Input

from tui.overrides.keys_in_order import KeysInOrder
from tui.overrides.virtual_size import ExtentLaysNothingOut
from tui.widgets.keys import SEARCH_BOX

ECHO_WAIT_S = 0.03
"""How long a typed letter may wait for its results, so both reach the terminal as one frame (two at 60 fps)."""


class FilterInput(KeysInOrder, ExtentLaysNothingOut, Input):
    BINDINGS = SEARCH_BOX.bindings()

    DEFAULT_CSS = """
    FilterInput { overflow-x: hidden; }
    """
    """The box scrolls to its cursor itself and never has a scrollbar, so showing it again lays the screen out once
    whatever its text (test_a_query_wider_than_the_box_scrolls_with_the_cursor,
    test_the_search_view_comes_and_goes_without_restyling_the_column)."""

    _echo_due: asyncio.TimerHandle | None = None  # set while the box's repaint waits for the results
    _echo_owed = False  # a repaint was asked for while it waited

    class Move(Message):
        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class Recall(Message):
        """An earlier (`step` -1) or later (+1) query from the search history, asked for from the box."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    @property
    def echo_held(self) -> bool:
        return self._echo_due is not None

    def watch_value(self, value: str) -> None:
        """Runs before the box repaints for the new value: hold that paint until its results are ready too.
        A blank box searches nothing, so it paints at once (and lets go of any letter still held)."""
        if not value.strip():
            self.show_echo()
        elif self._echo_due is None and self.is_attached:
            self._echo_due = asyncio.get_running_loop().call_later(ECHO_WAIT_S, self.show_echo)

    def show_echo(self) -> None:
        """The answer to what the box holds is on its way to the screen (or none is coming): paint the box too."""
        if self._echo_due is not None:
            self._echo_due.cancel()
            self._echo_due = None
        if self._echo_owed:
            self._echo_owed = False
            super().refresh()

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        if self._echo_due is not None and repaint and not (layout or recompose):  # regions too: a long query scrolls
            self._echo_owed = True
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def on_unmount(self) -> None:
        if self._echo_due is not None:
            self._echo_due.cancel()
        self._echo_due, self._echo_owed = None, False

    def action_move(self, step: int) -> None:
        self.post_message(self.Move(step))

    def action_recall(self, step: int) -> None:
        self.post_message(self.Recall(step))

    def on_key(self, event: events.Key) -> None:
        """Esc moved focus away while keys read with it were already routed here: they go where focus is now
        (test_escape_then_a_key_in_one_burst_acts_after_the_search_closed). The box's own keys run in order with
        the letters around them (KeysInOrder)."""
        focused = self.screen.focused
        if focused is not None and focused is not self:
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
