"""The search box: an Input whose Up/Down move the results below it."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class FilterInput(Input):
    BINDINGS = [  # noqa: RUF012 - Textual reads this class attribute
        Binding("down", "move(1)", "Next result", show=False),
        Binding("up", "move(-1)", "Previous result", show=False),
        Binding("pagedown", "move(10)", "Page down results", show=False),
        Binding("pageup", "move(-10)", "Page up results", show=False),
        Binding("escape", "app.back_out", "Close search", show=False),  # here, so it runs in order (see _on_key)
    ]

    class Move(Message):
        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def action_move(self, step: int) -> None:
        self.post_message(self.Move(step))

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
