"""The search box: an Input whose Up/Down move the results below it and Ctrl/Alt+Up/Down recall earlier queries."""

from __future__ import annotations

import asyncio
from typing import Self

from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input

from tui.widgets.keys import SEARCH_BOX

ECHO_WAIT_S = 0.03
"""How long a typed letter may wait for its results, so both reach the terminal as one frame (two at 60 fps)."""


class FilterInput(Input):
    BINDINGS = SEARCH_BOX.bindings()

    DEFAULT_CSS = """
    FilterInput { overflow-x: hidden; }
    """
    """The box scrolls to its cursor itself and never has a scrollbar, so showing it again lays the screen out once
    whatever its text (test_a_query_wider_than_the_box_scrolls_with_the_cursor,
    test_the_search_view_comes_and_goes_without_restyling_the_column)."""

    virtual_size = Reactive(Size(0, 0), layout=False, repaint=False)
    """The text's width changes with every key and only the box scrolls by it: no layout of the screen, and the box
    repaints with its results (test_each_answer_is_one_frame_and_lays_nothing_out)."""

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

    async def _on_key(self, event: events.Key) -> None:
        """Run the box's own keys in order: Textual runs them only after the key has bubbled up to the app,
        so letters typed right behind a Backspace or Ctrl+U (one read over SSH) would overtake it."""
        focused = self.screen.focused
        if focused is not None and focused is not self:  # Esc moved focus; keys already routed here follow it
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)
