"""Command palette provider: "Go to…" any item by title or id."""

from __future__ import annotations

from collections.abc import Awaitable
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.model import Kind, KnowledgeBase
from tui.view.place import Place


@runtime_checkable
class Opener(Protocol):
    """What the palette needs from the app it runs in: the base to search and a way to open a place."""

    kb: KnowledgeBase

    def open_place(self, place: Place) -> Awaitable[None]: ...


class GoToProvider(Provider):
    """Fuzzy-matches `id title` of every item; hubs and topics are offered before typing."""

    @property
    def reader(self) -> Opener:
        assert isinstance(self.app, Opener)
        return self.app

    async def discover(self) -> Hits:
        reader = self.reader
        for kind in (Kind.HUB, Kind.TOPIC):
            for item in reader.kb.of_kind(kind):
                yield DiscoveryHit(f"Go to {item.title}", partial(reader.open_place, Place(item.key)), help=kind.value)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        reader = self.reader
        for item in reader.kb:
            text = f"{item.id} {item.title}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(reader.open_place, Place(item.key)),
                          help=f"Go to this {item.kind.value}")
