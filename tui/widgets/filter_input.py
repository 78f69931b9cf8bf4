"""The search box: an Input whose Up/Down move the results below it."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class FilterInput(Input):
    BINDINGS = [  # noqa: RUF012 - Textual reads this class attribute
        Binding("down", "move(1)", "Next result", show=False),
        Binding("up", "move(-1)", "Previous result", show=False),
        Binding("pagedown", "move(10)", "Page down results", show=False),
        Binding("pageup", "move(-10)", "Page up results", show=False),
    ]

    class Move(Message):
        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def action_move(self, step: int) -> None:
        self.post_message(self.Move(step))
