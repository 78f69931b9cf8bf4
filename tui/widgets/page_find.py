"""Find in page: a query's plain words, and where they occur in a page's blocks, as character ranges of each block's
text. Ranges are the document's, not the screen's, so the pane maps them to rows each time it wraps a block and a
find survives a resize (test_find_in_page.py::test_a_resize_keeps_the_current_match)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from tui.view.document import Block

MIN_WORD = 2  # as the index's tui.index.text.MIN_WORD: a single letter is found everywhere
# whoosh's STOP_WORDS, which the search drops from a query; copied so the reading pane never loads whoosh
# (test_find_in_page.py::test_the_stopwords_are_the_searchs)
STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "have", "if", "in", "is", "it", "may",
    "not", "of", "on", "or", "tbd", "that", "the", "this", "to", "us", "we", "when", "will", "with", "yet", "you",
    "your",
})
_TOKEN = re.compile(r'"[^"]*"?|[^\s"]+')
_OPERATOR = re.compile(r"^([A-Za-z]+):(.*)$", re.DOTALL)  # `kind:episode`, `ep:E026`: as tui.index.query reads them
_FILTERS_ONLY = {"kind", "type"}  # operators whose value names a kind, not a word of the text
_WORD = re.compile(r"\w+")


def find_words(query: str) -> tuple[str, ...]:
    """The words a query looks for, casefolded and each once: quotes and operators go (`kind:episode` is a filter,
    `ep:E026` looks for E026), as do stopwords and single letters, which the search ignores too."""
    words: list[str] = []
    for token in _TOKEN.findall(query):
        operator = _OPERATOR.match(token)
        text = token if operator is None else "" if operator.group(1).casefold() in _FILTERS_ONLY else operator[2]
        words += _WORD.findall(text.casefold())
    return tuple(dict.fromkeys(word for word in words if len(word) >= MIN_WORD and word not in STOPWORDS))


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
