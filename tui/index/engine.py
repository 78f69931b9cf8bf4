"""Evaluate a parsed query on one whoosh reader: BM25F scores per term, cached, combined with AND/OR in bulk.

Whoosh's own searcher scores a posting at a time through a tree of matchers (about 2 us each); a word in every
document of a 10,000-item base then costs 20-40 ms per keystroke. Here each term's postings are read once through
the public matcher API into a {docnum: score} dict and kept, so a keystroke mostly combines cached dicts.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from heapq import nlargest
from operator import itemgetter
from typing import Generic, TypeVar

from whoosh.matching import FilterMatcher  # type: ignore[import-untyped]
from whoosh.reading import IndexReader  # type: ignore[import-untyped]

from tui.index.query import ParsedQuery
from tui.index.text import MIN_WORD, SHORT_PREFIX, is_indexed, stem
from tui.index.vocabulary import Vocabulary
from tui.model import Kind

Scores = dict[int, float]
K1 = 1.2
B = 0.75
MAX_EXPANSIONS = 48
SCAN_EXPANSIONS = 512
CACHED_POSTINGS = 400_000


@dataclass(frozen=True)
class WordMatch:
    """What counts as a hit for one query word when highlighting: these stems, or words starting with `prefix`."""

    stems: frozenset[str]
    prefix: str | None = None

    def matches(self, word: str) -> bool:
        """`word` is casefolded text from a passage."""
        return (self.prefix is not None and word.startswith(self.prefix)) or stem(word) in self.stems

    @cached_property
    def needles(self) -> tuple[str, ...]:
        """Substrings one of which any matching text contains: a quick way to skip passages that cannot match.

        A word contains its stem less the last letter (Porter may change that letter); shorter needles that
        start others make those redundant.
        """
        found = sorted({term[:-1] if len(term) > 2 else term for term in self.stems} | {self.prefix or ""} - {""})
        return tuple(needle for i, needle in enumerate(found) if not any(needle.startswith(f) for f in found[:i]))


@dataclass(frozen=True, slots=True)
class Matches:
    """The ranked documents for a query, how many matched, and what to highlight."""

    ranked: tuple[tuple[int, float], ...]
    scores: Mapping[int, float]
    words: tuple[WordMatch, ...]
    fuzzy: bool = False


PhraseCheck = Callable[[str, tuple[str, ...]], bool]
K = TypeVar("K")


class ScoreCache(Generic[K]):
    """Least-recently-used score dicts, bounded by the number of postings they hold (about 100 bytes each)."""

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._held = 0
        self._entries: OrderedDict[K, Scores] = OrderedDict()

    def get(self, key: K) -> Scores | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def put(self, key: K, scores: Scores) -> None:
        self._entries[key] = scores
        self._held += len(scores) + 1
        while self._held > self._budget and len(self._entries) > 1:
            _, dropped = self._entries.popitem(last=False)
            self._held -= len(dropped) + 1


class Engine:
    """A view of one index generation with its caches. Not thread-safe: the index lets one search at a time use it."""

    def __init__(
        self, reader: IndexReader, vocabulary: Vocabulary, phrase_check: PhraseCheck, norms: dict[str, list[float]]
    ) -> None:
        """`norms` is shared by every engine on the same build: filled by the first, reused by the rest."""
        self.reader = reader
        self._vocabulary = vocabulary
        self._phrase_check = phrase_check
        self._count = max(1, reader.doc_count_all())
        for field in ("text", "short"):
            if field not in norms:
                norms[field] = self._field_norms(field)
        self._norms = norms
        self._leaves = [
            (leaf, offset, frozenset(leaf.deleted_docs_set) if leaf.has_deletions() else frozenset())
            for leaf, offset in reader.leaf_readers()
        ]
        self._terms: ScoreCache[tuple[str, str]] = ScoreCache(CACHED_POSTINGS)
        self._phrases: ScoreCache[tuple[str, ...]] = ScoreCache(CACHED_POSTINGS // 4)
        self._kinds: dict[Kind, frozenset[int]] = {}
        self._keys: dict[int, str] = {}

    def close(self) -> None:
        self.reader.close()

    def match(self, query: ParsedQuery, limit: int) -> Matches:
        """Every query word must match (AND); each word's alternatives (prefix, stem variants) are ORed."""
        words = [self._word(word) for word in query.words]
        if query.prefix:
            words.append(self._prefix(query.prefix))
        scores = self._and([found for found, _ in words] + [self._phrase(phrase) for phrase in query.phrases])
        fuzzy = False
        if not scores and words and not query.phrases:
            words = [(found, match) if found else self._fuzzy(match) for found, match in words]
            scores = self._and([found for found, _ in words])
            fuzzy = bool(scores)
        scores = self._only_kinds(scores, query.kinds)
        ranked = nlargest(limit, scores.items(), key=itemgetter(1)) if limit > 0 else []
        phrase_words = [WordMatch(frozenset(stem(word) for word in phrase)) for phrase in query.phrases]
        return Matches(tuple(ranked), scores, tuple(match for _, match in words) + tuple(phrase_words), fuzzy)

    def docnum(self, key: str) -> int | None:
        return next(iter(self._postings("key", key)), None)

    def key(self, docnum: int) -> str:
        """The item key stored for a document, remembered since hits repeat from keystroke to keystroke."""
        if docnum not in self._keys:
            self._keys[docnum] = str(self.reader.stored_fields(docnum).get("key", ""))
        return self._keys[docnum]

    # Words

    def _word(self, word: str) -> tuple[Scores, WordMatch]:
        term = stem(word)
        return self._term("text", term), WordMatch(frozenset([term]))

    def _prefix(self, prefix: str) -> tuple[Scores, WordMatch]:
        """A word still being typed: the stems of the words it begins (two letters: title and key-text words only)."""
        if len(prefix) <= SHORT_PREFIX:
            terms = {stem(prefix)} if is_indexed(prefix) else set()
            found = [self._term("short", prefix), *(self._term("text", term) for term in terms)]
            return _max_merge(found), WordMatch(frozenset(terms), prefix)
        expanded = self._expansions(prefix)
        return _max_merge(self._term("text", term) for term in expanded), WordMatch(frozenset(expanded))

    def _expansions(self, prefix: str) -> list[str]:
        """Stems of the indexed words starting with `prefix` (the most common ones if there are very many)."""
        terms = {stem(word) for word in self._vocabulary.starting(prefix, SCAN_EXPANSIONS)}
        if is_indexed(prefix):
            terms.add(stem(prefix))
        if len(terms) > MAX_EXPANSIONS:
            return sorted(terms, key=lambda term: -self.reader.doc_frequency("text", term))[:MAX_EXPANSIONS]
        return sorted(terms)

    def _fuzzy(self, word: WordMatch) -> tuple[Scores, WordMatch]:
        """Typo tolerance for a word that matched nothing: stems within 1 edit (2 for longer words)."""
        close: set[str] = set()
        for term in word.stems | ({word.prefix} if word.prefix else set()):
            if len(term) >= MIN_WORD + 2:
                distance = 1 if len(term) <= 5 else 2
                close.update(self.reader.terms_within("text", term, distance, prefix=1))
        return _max_merge(self._term("text", term) for term in sorted(close)), WordMatch(frozenset(close))

    def _phrase(self, phrase: tuple[str, ...]) -> Scores:
        """Docs with every phrase word, then only those where the words are adjacent in one passage."""
        cached = self._phrases.get(phrase)
        if cached is not None:
            return cached
        indexed = [self._term("text", stem(word)) for word in phrase if is_indexed(word)]
        candidates = self._and(indexed) if indexed else {}
        found = {doc: score for doc, score in candidates.items() if self._phrase_check(self.key(doc), phrase)}
        self._phrases.put(phrase, found)
        return found

    # Scoring

    def _term(self, field: str, term: str) -> Scores:
        """BM25 scores of one term in every document containing it; computed once per reader."""
        cache_key = (field, term)
        cached = self._terms.get(cache_key)
        if cached is not None:
            return cached
        ids, weights = self._read(field, term)
        frequency = len(ids)
        idf = math.log(1 + (self._count - frequency + 0.5) / (frequency + 0.5))
        norms = self._norms[field]
        gain = idf * (K1 + 1)
        scores = {doc: gain * tf / (tf + norms[doc]) for doc, tf in zip(ids, weights, strict=True)}
        self._terms.put(cache_key, scores)
        return scores

    def _read(self, field: str, term: str) -> tuple[list[int], list[float]]:
        """(docnum, weight) of every live posting, segment by segment.

        Deleted documents are skipped here with a set lookup rather than by whoosh's filtering wrapper, which
        doubles the cost of each posting.
        """
        ids: list[int] = []
        weights: list[float] = []
        for leaf, offset, deleted in self._leaves:
            if (field, term) not in leaf:
                continue
            matcher = leaf.postings(field, term)
            if isinstance(matcher, FilterMatcher):
                matcher = matcher.child
            is_active, doc_id, weight, step = matcher.is_active, matcher.id, matcher.weight, matcher.next
            while is_active():
                doc = doc_id()
                if doc not in deleted:
                    ids.append(doc + offset)
                    weights.append(weight())
                step()
        return ids, weights

    def _field_norms(self, field: str) -> list[float]:
        """K1 * (1 - B + B * length / average length) for each document: BM25's length normalisation."""
        reader = self.reader
        lengths = [reader.doc_field_length(doc, field, 0) or 0 for doc in range(reader.doc_count_all())]
        average = max(1.0, sum(lengths) / max(1, len(lengths)))
        return [K1 * (1 - B + B * length / average) for length in lengths]

    def _postings(self, field: str, term: str) -> list[int]:
        if (field, term) not in self.reader:
            return []
        return list(self.reader.postings(field, term).all_ids())

    @staticmethod
    def _and(groups: list[Scores]) -> Scores:
        """Documents in every group, scored by the sum; starts from the smallest group so the work stays small."""
        if not groups or not all(groups):
            return {}
        ordered = sorted(groups, key=len)
        result = dict(ordered[0])
        for group in ordered[1:]:
            result = {doc: score + group[doc] for doc, score in result.items() if doc in group}
        return result

    def _only_kinds(self, scores: Scores, kinds: frozenset[Kind]) -> Scores:
        if not kinds or not scores:
            return scores
        allowed = frozenset().union(*(self._kind_docs(kind) for kind in kinds))
        return {doc: score for doc, score in scores.items() if doc in allowed}

    def _kind_docs(self, kind: Kind) -> frozenset[int]:
        if kind not in self._kinds:
            self._kinds[kind] = frozenset(self._postings("kind", kind.value))
        return self._kinds[kind]


def _max_merge(groups: Iterable[Scores]) -> Scores:
    """OR of alternatives for one word: a document scores its best alternative, not their sum."""
    merged: Scores = {}
    for group in groups:
        if not merged:
            merged = dict(group)
            continue
        for doc, score in group.items():
            if score > merged.get(doc, 0.0):
                merged[doc] = score
    return merged


