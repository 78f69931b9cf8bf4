"""Text analysis shared by indexing, querying and snippets, so all three agree on what a word is."""

from __future__ import annotations

from functools import lru_cache

from whoosh.lang.porter import stem as porter_stem  # type: ignore[import-untyped]

# What a word is, which words count and the stopwords: whoosh-free, shared with the query parser and find in page
from tui.model.query import MIN_WORD, STOPWORDS, WORD, is_indexed

__all__ = [
    "MIN_WORD", "SHORT_PREFIX", "STOPWORDS", "WORD", "is_indexed", "short_prefixes", "stem", "stems", "words",
]

SHORT_PREFIX = 2


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Porter stem of a casefolded word; cached because the vocabulary is small and stemming is slow."""
    return str(porter_stem(word))


def words(text: str) -> list[str]:
    """Casefolded words of `text` that are indexed, in order."""
    return [word for word in WORD.findall(text.casefold()) if is_indexed(word)]


def stems(text: str) -> list[str]:
    """What the main field indexes: stemmed, casefolded words."""
    return [stem(word) for word in words(text)]


def short_prefixes(text: str) -> list[str]:
    """The first two letters of each word: a two-letter start is too common to expand into words at query time."""
    return [word[:SHORT_PREFIX] for word in words(text)]

