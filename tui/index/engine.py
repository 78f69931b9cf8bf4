"""Evaluate a parsed query on one whoosh reader: BM25F scores per term, cached, combined with AND/OR in bulk.

Whoosh's own searcher scores a posting at a time through a tree of matchers (about 2 us each); a word in every
document of a 10,000-item base then costs 20-40 ms per keystroke. Here each term's postings are read once through
the public matcher API into a {docnum: score} dict and kept, so a keystroke mostly combines cached dicts.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from heapq import nlargest
from operator import itemgetter
from typing import TypeVar

from whoosh.reading import IndexReader  # type: ignore[import-untyped]

from tui.index.query import ParsedQuery
from tui.index.text import MIN_WORD, SHORT_PREFIX, is_indexed, stem
from tui.index.vocabulary import Vocabulary
from tui.model.items import Kind

Scores = dict[int, float]
K1 = 1.2
B = 0.75
MAX_EXPANSIONS = 48
SCAN_EXPANSIONS = 512
CACHED_TERMS = 256


@dataclass(frozen=True, slots=True)
class WordMatch:
    """What counts as a hit for one query word when highlighting: these stems, or words starting with `prefix`."""

    stems: frozenset[str]
    prefix: str | None = None

    def matches(self, word: str) -> bool:
        """`word` is casefolded text from a passage."""
        return (self.prefix is not None and word.startswith(self.prefix)) or stem(word) in self.stems


@dataclass(frozen=True, slots=True)
class Matches:
    """The ranked documents for a query, how many matched, and what to highlight."""

    ranked: tuple[tuple[int, float], ...]
    total: int
    words: tuple[WordMatch, ...]
    phrases: tuple[tuple[str, ...], ...]
    fuzzy: bool = False


PhraseCheck = Callable[[str, tuple[str, ...]], bool]
K = TypeVar("K")
V = TypeVar("V")


class Engine:
    """One thread's view of one index generation. Not thread-safe: the index gives each thread its own."""

    def __init__(self, reader: IndexReader, vocabulary: Vocabulary, phrase_check: PhraseCheck) -> None:
        self.reader = reader
        self._vocabulary = vocabulary
        self._phrase_check = phrase_check
        self._count = max(1, reader.doc_count_all())
        self._norms = {field: self._field_norms(field) for field in ("text", "short")}
        self._terms: OrderedDict[tuple[str, str], Scores] = OrderedDict()
        self._kinds: dict[Kind, frozenset[int]] = {}
        self._phrases: OrderedDict[tuple[str, ...], Scores] = OrderedDict()
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
        return Matches(tuple(ranked), len(scores), tuple(match for _, match in words) + tuple(phrase_words),
                       query.phrases, fuzzy)

    def kind_docs(self, kind: Kind) -> frozenset[int]:
        if kind not in self._kinds:
            self._kinds[kind] = frozenset(self._postings("kind", kind.value))
        return self._kinds[kind]

    def docnum(self, key: str) -> int | None:
        return next(iter(self._postings("key", key)), None)

    def key(self, docnum: int) -> str:
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
        if phrase in self._phrases:
            self._phrases.move_to_end(phrase)
            return self._phrases[phrase]
        indexed = [self._term("text", stem(word)) for word in phrase if is_indexed(word)]
        candidates = self._and(indexed) if indexed else {}
        found = {doc: score for doc, score in candidates.items() if self._phrase_check(self.key(doc), phrase)}
        _remember(self._phrases, phrase, found, 32)
        return found

    # Scoring

    def _term(self, field: str, term: str) -> Scores:
        """BM25 scores of one term in every document containing it; computed once per reader."""
        cache_key = (field, term)
        cached = self._terms.get(cache_key)
        if cached is not None:
            self._terms.move_to_end(cache_key)
            return cached
        ids: list[int] = []
        weights: list[float] = []
        if cache_key in self.reader:
            matcher = self.reader.postings(field, term)
            is_active, doc_id, weight, step = matcher.is_active, matcher.id, matcher.weight, matcher.next
            while is_active():
                ids.append(doc_id())
                weights.append(weight())
                step()
        frequency = len(ids)
        idf = math.log(1 + (self._count - frequency + 0.5) / (frequency + 0.5))
        norms = self._norms[field]
        gain = idf * (K1 + 1)
        scores = {doc: gain * tf / (tf + norms[doc]) for doc, tf in zip(ids, weights, strict=True)}
        _remember(self._terms, cache_key, scores, CACHED_TERMS)
        return scores

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
        allowed = frozenset().union(*(self.kind_docs(kind) for kind in kinds))
        return {doc: score for doc, score in scores.items() if doc in allowed}


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


def _remember(cache: OrderedDict[K, V], key: K, value: V, size: int) -> None:
    cache[key] = value
    if len(cache) > size:
        cache.popitem(last=False)

