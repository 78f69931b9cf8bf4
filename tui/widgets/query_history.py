"""The search history as a plain value: the queries, most recent first, and a shell-like recall through them."""

from __future__ import annotations

from collections.abc import Iterable

from tui.model.sanitize import MAX_QUERY_CHARS, safe_text

MAX_QUERIES = 100


class QueryHistory:
    """Earlier queries, most recent first, each once; Ctrl/Alt+↑/↓ step through them from what is being typed."""

    def __init__(self, queries: Iterable[str] = ()) -> None:
        self._queries: list[str] = []
        self._at = -1  # -1: not recalling; the box holds what was typed (`_draft`)
        self._draft = ""
        self.restore(queries)

    @property
    def queries(self) -> list[str]:
        return list(self._queries)

    def restore(self, queries: Iterable[str]) -> None:
        """Start from saved queries; blank, too long or repeated ones are dropped, never an error
        (tests/test_search_history.py::test_a_state_file_with_bad_queries_loads_the_good_ones)."""
        kept: list[str] = []
        for query in queries:
            cleaned = _clean(query)
            if cleaned and cleaned not in kept:
                kept.append(cleaned)
        self._queries = kept[:MAX_QUERIES]
        self._at = -1

    def remember(self, query: str) -> bool:
        """Put a query first (moving it there if it was already known); True when the history changed."""
        self._at = -1
        cleaned = _clean(query)
        if not cleaned or (self._queries and self._queries[0] == cleaned):
            return False
        if cleaned in self._queries:
            self._queries.remove(cleaned)
        self._queries.insert(0, cleaned)
        del self._queries[MAX_QUERIES:]
        return True

    def recall(self, step: int, typed: str) -> str | None:
        """`step` -1 is an earlier query, +1 a later one, and later than the latest is what was typed before
        recalling began; None past either end. A query the box holds already is stepped over, so each recall
        changes the box (test_the_history_steps_over_the_query_the_box_holds)."""
        at = self._at - step
        while 0 <= at < len(self._queries) and self._queries[at] == typed:
            at -= step
        if at < -1 or at >= len(self._queries):
            return None
        if self._at == -1:
            self._draft = typed
        self._at = at
        return self._draft if at == -1 else self._queries[at]

    def typed(self) -> None:
        """The box was edited: the next recall starts again from the latest query."""
        self._at = -1


def _clean(query: object) -> str:
    """A query as the box could hold it: a string, without control characters or outer spaces, not too long."""
    if not isinstance(query, str):
        return ""
    cleaned = safe_text(query).strip()
    return cleaned if len(cleaned) <= MAX_QUERY_CHARS else ""
