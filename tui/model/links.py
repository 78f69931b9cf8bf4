"""The link grammar of prose: E-refs, wiki links and glossary auto-links, split into segments."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from tui.model.items import Ref
from tui.model.kindspec import Kind, kind_of_namespace

EREF = re.compile(r"(?<![A-Za-z])E\d{3}(?!\d)")
WIKI = re.compile(r"\[\[([^\[\]|]*?)(?:\|([^\[\]]*))?\]\]")
_LINK = re.compile(f"(?=[\\[E])(?:{WIKI.pattern}|{EREF.pattern})")
_MAYBE_LINK = re.compile(r"\[\[|E\d{3}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


class Via(StrEnum):
    """How a link was written, which decides how it is shown and validated."""

    EREF = "eref"
    WIKI = "wiki"
    TERM = "term"
    FIELD = "field"


class Segment(NamedTuple):
    """A run of prose; `ref` is set when the run is a link. `text` is None for an unlabelled wiki link."""

    text: str | None
    ref: Ref | None = None
    via: Via | None = None
    start: int = 0


def parse_ref(text: str) -> Ref | None:
    """Parse `ns:id#fragment` or a bare id; None when the namespace is unknown or the id empty."""
    target, _, fragment = text.strip().partition("#")
    namespace, colon, ident = target.partition(":")
    if not colon:
        namespace, ident = "", namespace
    ident = ident.strip()
    if not ident:
        return None
    if not namespace:
        return Ref(None, ident, fragment or None)
    kind = kind_of_namespace(namespace.strip())
    return Ref(kind, ident, fragment or None) if kind else None


class TermNames(NamedTuple):
    """A glossary term's id and every spelling that should link to it."""

    id: str
    names: tuple[str, ...]


class GlossaryMatcher:
    r"""Finds mentions of a fixed set of terms: the longest spelling wins, acronyms match case-sensitively, a mention
    is whole words, plural or not. It finds what the pattern `(?<!\w)(?:spellings, longest first)(?:e?s)?(?!\w)`
    would, with `str.find` rather than by compiling it: every item's glossary list needs its own matcher, and
    compiling theirs cost a start ~6 ms for the first hub alone (benchmarks/reader.py). Text whose letters fold
    case other than one for one (ß, ſ, µ) is left to the compiled pattern
    (test_links.py::test_the_matcher_finds_what_its_pattern_would)."""

    def __init__(self, terms: Sequence[TermNames]) -> None:
        spellings = sorted(
            ((name, term.id) for term in terms for name in term.names if name.strip()), key=lambda pair: -len(pair[0])
        )
        self._spellings = [Spelling(tuple(name.split()), _is_case_sensitive(name), term) for name, term in spellings]
        self._names = [name for name, _ in spellings]
        self._folds_simply = all(_folds_simply(name) for name in self._names)
        self._compiled: re.Pattern[str] | None = None

    def mentions(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, term id) for every mention in `text`, left to right, none overlapping."""
        if not self._spellings:
            return
        if not (self._folds_simply and _folds_simply(text)):
            yield from self._by_pattern(text)
            return
        lowered = text.lower()
        found: dict[int, tuple[int, str]] = {}  # start -> (end, term) of the first spelling that matches there
        for spelling in self._spellings:
            within = text if spelling.exact else lowered
            first = spelling.words[0] if spelling.exact else spelling.words[0].lower()
            start = within.find(first)
            while start != -1:
                if start not in found and (end := spelling.end_at(text, within, start)) is not None:
                    found[start] = end, spelling.term
                start = within.find(first, start + 1)
        position = 0
        for start in sorted(found):
            if start >= position:
                position, term = found[start]
                yield start, position, term

    def _by_pattern(self, text: str) -> Iterator[tuple[int, int, str]]:
        if self._compiled is None:
            body = "|".join(f"(?P<g{number}>{_spelling_pattern(name)})" for number, name in enumerate(self._names))
            self._compiled = re.compile(rf"(?<![\w])(?:{body})(?:e?s)?(?![\w])")
        for match in self._compiled.finditer(text):
            yield match.start(), match.end(), self._spellings[int((match.lastgroup or "g0")[1:])].term


class Spelling(NamedTuple):
    """One way a term is written: its words, and whether case counts (acronyms)."""

    words: tuple[str, ...]
    exact: bool
    term: str

    def end_at(self, text: str, within: str, start: int) -> int | None:
        """Where a mention starting at `start` ends, or None: whole words apart from an `s` or `es` after the last,
        any whitespace between them. `within` is `text`, lower-cased unless the spelling is exact."""
        if start and _is_word(text[start - 1]):
            return None
        position = start
        for number, word in enumerate(self.words):
            if number:
                gap = position
                while position < len(text) and text[position].isspace():
                    position += 1
                if position == gap:
                    return None
            wanted = word if self.exact else word.lower()
            if not within.startswith(wanted, position):
                return None
            position += len(wanted)
        for suffix in ("es", "s", ""):
            end = position + len(suffix)
            if text.startswith(suffix, position) and (end == len(text) or not _is_word(text[end])):
                return end
        return None


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `\w` matches


def _folds_simply(text: str) -> bool:
    """Whether each character lower-cases to one character that upper-casing does not change back differently:
    then comparing lower-cased text is what a case-insensitive pattern does."""
    lowered = text.lower()
    return len(lowered) == len(text) and lowered == text.upper().lower()


def _spelling_pattern(name: str) -> str:
    words = [re.escape(word) for word in name.split()]
    pattern = r"\s+".join(words)
    return pattern if _is_case_sensitive(name) else f"(?i:{pattern})"


def _is_case_sensitive(name: str) -> bool:
    """RL, GRPO, LoRA and ECHO are names; 'entropy' and 'Sokoban' may start a sentence in any case."""
    return any(char.isupper() for char in name[1:])


@lru_cache(maxsize=512)
def cached_matcher(terms: tuple[TermNames, ...]) -> GlossaryMatcher:
    """Items share glossary lists, so compiled matchers are shared too."""
    return GlossaryMatcher(terms)


def segments(text: str, matcher: GlossaryMatcher | None = None) -> list[Segment]:
    """Split one paragraph into plain runs and links; each glossary term links at its first mention only."""
    matches = list(_LINK.finditer(text)) if _MAYBE_LINK.search(text) else []
    explicit = [_explicit_link(match) for match in matches]
    linked_terms = {seg.ref.id for seg in explicit if seg.ref and seg.ref.kind is Kind.TERM}
    result: list[Segment] = []
    position = 0
    for link, match in zip(explicit, matches, strict=True):
        result.extend(_plain_with_terms(text, position, match.start(), matcher, linked_terms))
        result.append(link)
        position = match.end()
    result.extend(_plain_with_terms(text, position, len(text), matcher, linked_terms))
    return result


def _explicit_link(match: re.Match[str]) -> Segment:
    if match.group(0).startswith("[["):
        ref = parse_ref(match.group(1))
        label = match.group(2)
        if ref is None:
            return Segment(match.group(0), Ref(None, match.group(1) or "?"), Via.WIKI, match.start())
        return Segment(label.strip() if label and label.strip() else None, ref, Via.WIKI, match.start())
    return Segment(match.group(0), Ref(Kind.EPISODE, match.group(0)), Via.EREF, match.start())


def _plain_with_terms(
    text: str, start: int, end: int, matcher: GlossaryMatcher | None, linked: set[str]
) -> list[Segment]:
    if start >= end:
        return []
    if matcher is None:
        return [Segment(text[start:end], start=start)]
    result: list[Segment] = []
    position = start
    for m_start, m_end, term_id in matcher.mentions(text[start:end]):
        if term_id in linked:
            continue
        linked.add(term_id)
        if m_start + start > position:
            result.append(Segment(text[position : m_start + start], start=position))
        term = Segment(text[m_start + start : m_end + start], Ref(Kind.TERM, term_id), Via.TERM, m_start + start)
        result.append(term)
        position = m_end + start
    if position < end:
        result.append(Segment(text[position:end], start=position))
    return result


def sentence_at(text: str, offset: int) -> str:
    """The sentence of `text` around `offset`: what a backlink shows as its context."""
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        if boundary.start() >= offset:
            return _strip_markup(text[start : boundary.start()])
        start = boundary.end()
    return _strip_markup(text[start:])


def _strip_markup(sentence: str) -> str:
    """Wiki-link brackets are noise in a quoted sentence; keep only what a reader would see."""
    return WIKI.sub(lambda m: (m.group(2) or m.group(1).rpartition(":")[2]).strip(), sentence).strip()
