"""Command palette provider: every key that does something with the open page, found by what it does."""

from __future__ import annotations

from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.widget import Widget

from tui.widgets.keys import READING, Key

COMMANDS = tuple(key for key in READING.keys if key.palette)


@runtime_checkable
class Reading(Protocol):
    """What the palette needs from the screen it opens over: the pane whose page the commands act on."""

    reader: Widget


class PageCommands(Provider):
    """Offers each page command with its key, so the palette also teaches the key."""

    def _run(self, key: Key) -> None:
        screen = self.screen
        if isinstance(screen, Reading):
            screen.reader.focus()
            self.app.call_later(partial(self.app.run_action, key.action, screen.reader))

    def _prompt(self, key: Key) -> str:
        return f"{key.label} ({key.shown})"

    async def discover(self) -> Hits:
        for key in COMMANDS:
            yield DiscoveryHit(self._prompt(key), partial(self._run, key), help=key.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for key in COMMANDS:
            score = matcher.match(self._prompt(key))
            if score > 0:
                yield Hit(score, matcher.highlight(self._prompt(key)), partial(self._run, key), help=key.help)
