"""Command palette provider: "Go to…" any item by title or id."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.model import Kind
from tui.view.place import Place

if TYPE_CHECKING:
    from tui.app.app import HubReaderApp


class GoToProvider(Provider):
    """Fuzzy-matches `id title` of every item; hubs and topics are offered before typing."""

    @property
    def reader(self) -> HubReaderApp:
        from tui.app.app import HubReaderApp  # noqa: PLC0415 - avoid an import cycle at module load

        assert isinstance(self.app, HubReaderApp)
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
