"""Find the passage of an item that matches a query best and cut a short snippet around the matched words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tui.index.documents import TITLE_SECTION, Passage, Role
from tui.index.engine import WordMatch
from tui.index.text import WORD, stem

Span = tuple[str, bool]
Snippet = tuple[Span, ...]
_CONTEXT = {Role.LEAD: 3, Role.BODY: 2, Role.TITLE: 1}
# Enough text around the first match for the widest results row (92 cells, one pane below 100 columns) to choose
# its own window: test_the_index_snippet_leaves_room_for_the_widest_row.
WIDTH = 160
BEFORE = 50
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Located:
    """Where a hit should open (section label and reader anchor) and the snippet to show for it."""

    section: str
    anchor: str | None
    snippet: Snippet


class Highlighter:
    """Which query words each passage word matches, remembered for the whole result list (words repeat a lot)."""

    def __init__(self, words: Sequence[WordMatch] = ()) -> None:
        self.words = tuple(words)
        self._seen: dict[str, tuple[int, ...]] = {}
        needles = sorted({needle for match in self.words for needle in match.needles}, key=len, reverse=True)
        alternatives = "|".join(re.escape(needle) for needle in needles)
        self._candidates = re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE) if needles else None

    def hits(self, word: str) -> tuple[int, ...]:
        """Indexes of the query words that `word` (casefolded) matches."""
        found = self._seen.get(word)
        if found is None:
            found = self._seen[word] = tuple(i for i, match in enumerate(self.words) if match.matches(word))
        return found

    def find(self, text: str) -> tuple[int, list[tuple[int, int]]]:
        """How many distinct query words occur in `text`, and where every matching word is.

        Only words starting with a needle can match, so a regex finds those and each is checked once.
        """
        if self._candidates is None:
            return 0, []
        found: set[int] = set()
        ranges: list[tuple[int, int]] = []
        for candidate in self._candidates.finditer(text):
            hit = self.hits(candidate.group().casefold())
            if hit:
                found.update(hit)
                ranges.append(candidate.span())
        return len(found), ranges


def locate(passages: Sequence[Passage], words: Highlighter) -> Located:
    """The passage matching the most query words (ties: title, then key text, then body, then earlier).

    When that is the item's title, the snippet comes from the best other passage instead (key text before body,
    since the title is shown anyway); with no match at all, the hit opens at its key text.
    """
    if not passages:
        return Located(TITLE_SECTION, None, ())
    matched = [(words.find(passage.text), passage) for passage in passages]
    best_index = max(range(len(matched)), key=lambda i: (matched[i][0][0], int(matched[i][1].role), -i))
    (found, ranges), best = matched[best_index]
    if found and best.section != TITLE_SECTION:
        return Located(best.section, best.anchor, cut(best.text, ranges))
    others = [i for i, (_, passage) in enumerate(matched) if passage.section != TITLE_SECTION]
    if not others:
        return Located(best.section, best.anchor, cut(best.text, ranges))
    context_index = max(others, key=lambda i: (matched[i][0][0], _CONTEXT[matched[i][1].role], -i))
    (_, context_ranges), context = matched[context_index]
    if found:
        return Located(TITLE_SECTION, None, cut(context.text, context_ranges))
    return Located(context.section, context.anchor, cut(context.text, context_ranges))


def cut(text: str, ranges: Sequence[tuple[int, int]]) -> Snippet:
    """About WIDTH characters around the first match, on word boundaries, with '…' where text was cut."""
    start = max(0, ranges[0][0] - BEFORE) if ranges else 0
    end = min(len(text), start + WIDTH)
    if start > 0:
        start = _word_start(text, start)
    if end < len(text):
        end = _word_end(text, end, ranges)
    spans: list[Span] = [("…", False)] if start > 0 else []
    position = start
    for match_start, match_end in ranges:
        if match_start < position or match_end > end:
            continue
        spans.append((text[position:match_start], False))
        spans.append((text[match_start:match_end], True))
        position = match_end
    spans.append((text[position:end], False))
    if end < len(text):
        spans.append(("…", False))
    return _tidy(spans)


def plain(snippet: Snippet) -> str:
    """The snippet as plain text, for places that cannot style the matches."""
    return "".join(text for text, _ in snippet)


def marked(snippet: Snippet, before: str = "[", after: str = "]") -> str:
    """The snippet with each match wrapped in a marker pair."""
    return "".join(f"{before}{text}{after}" if is_match else text for text, is_match in snippet)


def _word_start(text: str, start: int) -> int:
    space = text.find(" ", start)
    return space + 1 if 0 <= space < start + 20 else start


def _word_end(text: str, end: int, ranges: Sequence[tuple[int, int]]) -> int:
    space = text.rfind(" ", end - 20, end)
    end = space if space > 0 else end
    return max([end, *(match_end for match_start, match_end in ranges if match_start < end)])


def _tidy(spans: list[Span]) -> Snippet:
    """Collapse whitespace (snippets are one line) and drop empty runs."""
    tidy = [(_SPACE.sub(" ", text), is_match) for text, is_match in spans]
    return tuple((text, is_match) for text, is_match in tidy if text)


PASSAGE_BREAK = "\n_\n"
"""Joins passages for phrase search: `_` is a word character, so a phrase cannot run from one into the next."""


def phrase_text(passages: Sequence[Passage]) -> str:
    """An item's text as one casefolded string, for phrase checks."""
    return PASSAGE_BREAK.join(passage.text for passage in passages).casefold()


def contains_phrase(folded: str, phrase: tuple[str, ...]) -> bool:
    """The phrase's words appear in this order, adjacent, in one passage (each word up to its stem)."""
    wanted = [stem(word) for word in phrase]
    for found in _phrase_pattern(phrase).finditer(folded):
        starts_word = found.start() == 0 or not folded[found.start() - 1].isalnum()
        if starts_word and [stem(word) for word in WORD.findall(found.group())] == wanted:
            return True
    return False


@lru_cache(maxsize=256)
def _phrase_pattern(phrase: tuple[str, ...]) -> re.Pattern[str]:
    """A regex that over-matches the phrase: each word as its stem's shared start plus any letters.

    It starts with a literal (no look-behind) so the regex engine can scan for it quickly.
    """
    parts = [re.escape(_shared_start(word, stem(word))) + r"\w*" for word in phrase]
    return re.compile(r"\W+".join(parts) + r"(?!\w)")


def _shared_start(word: str, root: str) -> str:
    size = 0
    while size < min(len(word), len(root)) and word[size] == root[size]:
        size += 1
    return word[: max(size, 1)]
