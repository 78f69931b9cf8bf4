"""Command palette provider: "Go to…" any item by title or id."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.model import Item, Kind, KnowledgeBase
from tui.view.place import Place
from tui.widgets.messages import OpenPlace


@runtime_checkable
class Browsing(Protocol):
    """What the palette needs from the screen it opens over: the base to search. It answers by posting `OpenPlace`
    to that screen, so it never needs the app."""

    kb: KnowledgeBase


class GoToProvider(Provider):
    """Fuzzy-matches `id title` of every item; hubs and topics are offered before typing."""

    @property
    def kb(self) -> KnowledgeBase:
        assert isinstance(self.screen, Browsing)
        return self.screen.kb

    def _go_to(self, item: Item) -> Callable[[], object]:
        return partial(self.screen.post_message, OpenPlace(Place(item.key)))

    async def discover(self) -> Hits:
        for kind in (Kind.HUB, Kind.TOPIC):
            for item in self.kb.of_kind(kind):
                yield DiscoveryHit(f"Go to {item.title}", self._go_to(item), help=kind.value)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for item in self.kb:
            text = f"{item.id} {item.title}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), self._go_to(item), help=f"Go to this {item.kind.value}")
