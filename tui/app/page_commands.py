"""Command palette provider: every key that does something with the open page, found by what it does."""

from __future__ import annotations

from functools import partial
from typing import Protocol, runtime_checkable

from textual.widget import Widget

from tui.app.palette import Entry, Listed
from tui.widgets.keys import READING, Key

COMMANDS = tuple(key for key in READING.keys if key.palette)


@runtime_checkable
class Reading(Protocol):
    """What the palette needs from the screen it opens over: the pane whose page the commands act on."""

    reader: Widget


class PageCommands(Listed):
    """Offers each page command with its key, so the palette also teaches the key
    (test_page_actions.py::test_the_palette_offers_each_page_command_with_its_key)."""

    def _run(self, key: Key) -> None:
        screen = self.screen
        if isinstance(screen, Reading):
            screen.reader.focus()
            self.app.call_later(partial(self.app.run_action, key.action, screen.reader))

    def entries(self) -> list[Entry]:
        return [(f"{key.label} ({key.shown})", partial(self._run, key), key.help) for key in COMMANDS]
