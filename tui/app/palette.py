"""Command palette providers: "Go to…" any item by title or id, "Search again:" an earlier query and "Bookmark:"
a bookmarked passage."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from tui.model import Item, Kind, KnowledgeBase
from tui.view.place import Place
from tui.widgets.messages import OpenPlace, SearchFor


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
                text = f"Go to {item.title}"
                yield DiscoveryHit(_plain(text), self._go_to(item), text=text, help=kind.value)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for item in self.kb:
            text = f"{item.id} {item.title}"
            score = matcher.match(text)
            if score > 0:
                go_to = self._go_to(item)
                yield Hit(score, _plain(text, matcher), go_to, text=text, help=f"Go to this {item.kind.value}")


@runtime_checkable
class Remembering(Protocol):
    """What the history providers read from the screen they open over: its earlier queries and its bookmarks."""

    def remembered_queries(self) -> list[str]: ...

    def bookmarked(self) -> list[tuple[str, Place]]: ...


def _plain(text: str, matcher: Matcher | None = None) -> Content:
    """Queries and titles are shown as typed: never read as markup (a query may well hold "[")."""
    content = Content(text)
    if matcher is not None:
        _, offsets = matcher.fuzzy_search.match(matcher.query, text)
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


Entry = tuple[str, Callable[[], object], str | None]
"""A palette command: its text, what choosing it does, and a help line under it (or none)."""


class Listed(Provider):
    """Offers one command per entry: every entry before typing, the fuzzy matches after, shown as plain text."""

    def entries(self) -> list[Entry]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for text, command, help_line in self.entries():
            yield DiscoveryHit(_plain(text), command, text=text, help=help_line)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, command, help_line in self.entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, _plain(text, matcher), command, text=text, help=help_line)


class _Remembered(Listed):
    """Entries the reader's screen remembers: earlier queries, bookmarks."""

    @property
    def remembered(self) -> Remembering | None:
        """The reader's screen; None over any other (help), which has nothing to offer."""
        return self.screen if isinstance(self.screen, Remembering) else None


class SearchAgainProvider(_Remembered):
    """"Search again: <query>" for each query in the search history, most recent first
    (tests/test_search_history.py::test_the_palette_searches_again)."""

    def entries(self) -> list[Entry]:
        post, remembered = self.screen.post_message, self.remembered
        queries = remembered.remembered_queries() if remembered is not None else []
        return [(f"Search again: {query}", partial(post, SearchFor(query)), None) for query in queries]


class BookmarkProvider(_Remembered):
    """"Bookmark: <title › heading>" for each bookmark, which opens at its passage
    (tests/test_bookmarks.py::test_the_palette_opens_a_bookmark)."""

    def entries(self) -> list[Entry]:
        post, remembered = self.screen.post_message, self.remembered
        marks = remembered.bookmarked() if remembered is not None else []
        return [(f"Bookmark: {label}", partial(post, OpenPlace(place)), None) for label, place in marks]
