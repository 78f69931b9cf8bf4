"""Every indexed word before stemming, sorted: the exact way from a half-typed word to the stems it can become.

The main field is stemmed, and a stem is not always a prefix of its words ("shaping" -> "shape", "optimization"
-> "optim"), so a typed prefix cannot be looked up among stems directly. The vocabulary is small (tens of
thousands of words) and kept beside the index as a sorted list.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable


class Vocabulary:
    """An immutable sorted set of casefolded words."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._words = sorted(set(words))

    def starting(self, prefix: str, limit: int) -> list[str]:
        """Up to `limit` words that start with `prefix`, in alphabetical order."""
        found: list[str] = []
        for word in self._words[bisect_left(self._words, prefix) :]:
            if not word.startswith(prefix) or len(found) >= limit:
                break
            found.append(word)
        return found

    def union(self, words: Iterable[str]) -> Vocabulary:
        """A vocabulary with these words added; words of deleted items stay, which only costs a lookup."""
        return Vocabulary([*self._words, *words])

    def dumps(self) -> str:
        return "\n".join(self._words)

    @classmethod
    def loads(cls, text: str) -> Vocabulary:
        return cls(word for word in text.split("\n") if word)
