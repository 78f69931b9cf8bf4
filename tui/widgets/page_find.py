"""Find in page: a query's plain words, and where they occur in a page's blocks, as character ranges of each block's
text. Ranges are the document's, not the screen's, so the pane maps them to rows each time it wraps a block and a
find survives a resize (test_find_in_page.py::test_a_resize_keeps_the_current_match)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain
from typing import NamedTuple

from tui.model.query import is_indexed, parse_query
from tui.view.document import Block


def find_words(query: str) -> tuple[str, ...]:
    """The words a query looks for, casefolded and each once: exactly those the search reads from it
    (tui.model.query.parse_query: its words, the words of its phrases, the word being typed), so `kind:episode` is a
    filter while `ep:E026` looks for E026 and "Reward Hacking: a survey" for `hacking`. Stopwords and single letters
    go, as the search drops them from its words: in a phrase or as the word being typed they would light up every
    "the" and "of" on the page."""
    parsed = parse_query(query)
    found = (*parsed.words, *chain.from_iterable(parsed.phrases), *([parsed.prefix] if parsed.prefix else []))
    return tuple(dict.fromkeys(word for word in found if is_indexed(word)))


def word_pattern(words: Sequence[str]) -> re.Pattern[str]:
    """A whole word that starts with one of `words`, as the search finds `grpo` in "GRPO's" and `reward` in
    "rewards"; longest first, so one word's match is never cut short by a shorter one's."""
    choices = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{choices})\w*", re.IGNORECASE)


class Match(NamedTuple):
    """One occurrence: the block, and the characters of its text (`Block.plain`) from `start` up to `end`."""

    block: int
    start: int
    end: int


def find_matches(blocks: Sequence[Block], words: Sequence[str]) -> list[Match]:
    """Every occurrence of `words` in the page, in reading order."""
    if not words:
        return []
    pattern = word_pattern(words)
    return [
        Match(index, found.start(), found.end())
        for index, block in enumerate(blocks)
        for found in pattern.finditer(block.plain)
    ]


class PageFind:
    """A find on the open page: its matches, and which one `n`/`N` last moved to (None until the first move)."""

    __slots__ = ("by_block", "current", "matches", "query")

    def __init__(self, query: str, matches: list[Match], current: int | None = None) -> None:
        self.query = query
        self.matches = matches
        self.current = current
        self.by_block: dict[int, list[int]] = {}  # block -> the numbers of its matches
        for number, match in enumerate(matches):
            self.by_block.setdefault(match.block, []).append(number)

    @property
    def blocks(self) -> set[int]:
        """The blocks a change of this find redraws: only those with a match."""
        return set(self.by_block)

    def step(self, step: int) -> int:
        """The match after the current one (before it, for -1), wrapping at either end without a word."""
        assert self.current is not None
        return (self.current + step) % len(self.matches)


def page_find(blocks: Sequence[Block], query: str | None) -> PageFind | None:
    """The find for `query` on these blocks; None when it has no word or no match, so `n` has nothing to do."""
    matches = find_matches(blocks, find_words(query)) if query else []
    return PageFind(query, matches) if query and matches else None
