"""Text analysis shared by indexing, querying and snippets, so all three agree on what a word is."""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.analysis import STOP_WORDS  # type: ignore[import-untyped]
from whoosh.lang.porter import stem as porter_stem  # type: ignore[import-untyped]

WORD = re.compile(r"\w+")
MIN_WORD = 2
SHORT_PREFIX = 2
STOPWORDS: frozenset[str] = frozenset(STOP_WORDS)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Porter stem of a casefolded word; cached because the vocabulary is small and stemming is slow."""
    return str(porter_stem(word))


def is_indexed(word: str) -> bool:
    """Single characters and stopwords carry no meaning worth an index entry."""
    return len(word) >= MIN_WORD and word not in STOPWORDS


def words(text: str) -> list[str]:
    """Casefolded words of `text` that are indexed, in order."""
    return [word for word in WORD.findall(text.casefold()) if is_indexed(word)]


def stems(text: str) -> list[str]:
    """What the main field indexes: stemmed, casefolded words."""
    return [stem(word) for word in words(text)]


def short_prefixes(text: str) -> list[str]:
    """The first two letters of each word: a two-letter start is too common to expand into words at query time."""
    return [word[:SHORT_PREFIX] for word in words(text)]

