"""The whoosh schema: one weighted stemmed field (BM25F-style) and one field of word starts for short prefixes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from whoosh import fields, formats  # type: ignore[import-untyped]
from whoosh.system import pack_uint  # type: ignore[import-untyped]

from tui.index.text import short_prefixes, stems

SCHEMA_VERSION = 2
Weighted = tuple[tuple[float, str], ...]
PostingRow = tuple[bytes, int, float, bytes]


class WeightedText(fields.FieldType):  # type: ignore[misc]
    """A field fed (weight, text) pairs: a title word counts `weight` times, which is how BM25F weighs fields."""

    def __init__(self, analyze: Callable[[str], list[str]]) -> None:
        super().__init__(formats.Frequency(), analyzer=None, scorable=True)
        self.analyze = analyze

    def index(self, value: Weighted, **kwargs: object) -> Iterator[PostingRow]:
        """Rows of (term, frequency, weight, encoded frequency), as whoosh's writer expects."""
        frequency: dict[str, int] = defaultdict(int)
        weight: dict[str, float] = defaultdict(float)
        for boost, text in value:
            for term in self.analyze(text):
                frequency[term] += 1
                weight[term] += boost
        for term, count in frequency.items():
            yield term.encode("utf-8"), count, weight[term], pack_uint(count)


def make_schema() -> fields.Schema:
    return fields.Schema(
        key=fields.ID(stored=True, unique=True),
        kind=fields.ID(),
        text=WeightedText(stems),
        short=WeightedText(short_prefixes),
    )
