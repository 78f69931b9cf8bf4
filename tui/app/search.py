"""Connects the reader to the search index: opened lazily off the UI thread, results turned into rows."""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tui.model import ItemKey, KnowledgeBase
from tui.view.place import Place
from tui.widgets.results import MAX_SHOWN, ResultRow

if TYPE_CHECKING:
    from tui.index import SearchIndex


class Searcher(Protocol):
    """What the app needs from search; the CLI hands in an `IndexSearcher`."""

    def warm(self) -> list[str]:
        """Get ready (open or build the index); returns warnings worth showing."""
        ...

    def __call__(self, query: str) -> list[ResultRow]: ...


class SearchFailed(Exception):
    """The index answered with an error message instead of hits."""


class IndexSearcher:
    """Opens the index on first use, once, even when several worker threads ask at the same time."""

    def __init__(self, kb: KnowledgeBase, cache_dir: Path | None = None) -> None:
        self._kb = kb
        self._cache_dir = cache_dir
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    def _open(self) -> SearchIndex:
        with self._lock:
            if self._index is None:
                from tui.index import SearchIndex  # noqa: PLC0415 - whoosh loads in the worker, after first paint

                self._index = SearchIndex.open(self._kb, self._cache_dir)
                self._index.prepare()  # off the UI thread, so the first keystroke does not pay for it
                gc.freeze()  # the index, like the base, lives for the session: spare full collections the walk
            return self._index

    def warm(self) -> list[str]:
        return list(self._open().warnings)

    def __call__(self, query: str) -> list[ResultRow]:
        from tui.index.documents import TITLE_SECTION  # noqa: PLC0415 - already loaded by _open

        results = self._open().search(query, limit=MAX_SHOWN)
        if results.error:
            raise SearchFailed(results.error)
        return [
            ResultRow(Place(ItemKey(hit.kind, hit.id), hit.anchor), hit.kind.namespace, hit.title, hit.snippet,
                      None if hit.section in ("", TITLE_SECTION) else hit.section)
            for hit in results.hits
        ]
