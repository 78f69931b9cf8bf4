"""The search index a reader uses: open (building or updating as needed), search from any thread, refresh."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from tui.index.documents import Passage, key_of, passages
from tui.index.engine import Engine, Matches
from tui.index.query import ParsedQuery, kind_by_prefix, parse_query, title_key
from tui.index.snippets import Highlighter, Snippet, contains_phrase, locate, phrase_text
from tui.index.store import Build, DiskStore, MemoryStore, Progress, index_home
from tui.index.sync import Store, SyncReport, sync
from tui.model import Item, Kind, KnowledgeBase
from tui.paths import cache_root

MAX_LIMIT = 1000
PASSAGES_KEPT = 500  # items whose passages are kept for the next letter's snippets: 10 letters of 50 hits


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked result; `section`/`anchor` say where in the item the snippet comes from, to open it there."""

    id: str
    kind: Kind
    title: str
    score: float
    snippet: Snippet
    section: str
    anchor: str | None = None


@dataclass(frozen=True)
class SearchResults:
    """The hits for a query, how many items matched in all, and whether a typo-tolerant retry found them."""

    query: str
    hits: tuple[Hit, ...] = ()
    total: int = 0
    fuzzy: bool = False
    error: str | None = None

    @property
    def ids(self) -> list[str]:
        return [hit.id for hit in self.hits]


@dataclass(frozen=True)
class _State:
    """Everything one index generation needs; replaced as a whole on refresh, so readers see one or the other."""

    generation: int
    build: Build
    kb: KnowledgeBase
    items: dict[str, Item] = field(default_factory=dict)
    ids: dict[str, tuple[str, ...]] = field(default_factory=dict)
    titles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # by title_key
    folded: dict[str, str] = field(default_factory=dict)
    shown: dict[str, tuple[Passage, ...]] = field(default_factory=dict)  # passages as the reader shows them
    norms: dict[str, list[float]] = field(default_factory=dict)


class SearchIndex:
    """Thread-safe: searches take turns on one whoosh reader and its caches, reopened when the index is refreshed.

    Searching is almost all Python, so the GIL serialises searches from several threads anyway; one shared engine keeps
    the postings each keystroke builds on warm whichever worker thread runs it, and holds them once, not per thread.
    """

    def __init__(self, store: Store, build: Build, kb: KnowledgeBase, report: SyncReport) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._searching = threading.Lock()
        self._engine_now: tuple[int, Engine] | None = None
        self._state = _state(0, build, kb)
        self.report = report
        self.warnings: list[str] = list(report.warnings)

    @classmethod
    def open(
        cls,
        kb: KnowledgeBase,
        cache_dir: Path | str | None = None,
        progress: Progress | None = None,
        rebuild: bool = False,
    ) -> SearchIndex:
        """Open the index for `kb`'s folder, building it on first use and re-indexing changed files."""
        warnings: list[str] = []
        store = _store(kb, cache_dir, warnings)
        store, build, report = _sync(store, kb, rebuild=rebuild, progress=progress, warnings=warnings)
        return cls(store, build, kb, report)

    @property
    def location(self) -> Path | None:
        """The build directory in use, or None for an in-memory index."""
        return self._state.build.path

    def refresh(self, kb: KnowledgeBase, rebuild: bool = False, progress: Progress | None = None) -> SyncReport:
        """Re-index what changed in `kb` since the last sync; searches in flight finish on the old generation."""
        with self._lock:
            old = self._state
            self._store, build, report = _sync(
                self._store, kb, rebuild=rebuild, progress=progress, warnings=[], known=old.build
            )
            self._state = _state(old.generation + 1, build, kb)
            if old.build is not build:
                old.build.release()
            self.report = report
            self.warnings.extend(report.warnings)
            return report

    def search(self, query: str, limit: int = 20, kind: Kind | str | None = None) -> SearchResults:
        """Ranked hits for what the user typed; any input is valid and at worst yields no hits."""
        limit = max(0, min(limit, MAX_LIMIT))
        with self._searching:
            try:
                return self._search(query, limit, kind)
            except Exception:  # e.g. index files removed under us: retry once with a fresh reader, then report
                self._engine_now = None
            try:
                return self._search(query, limit, kind)
            except Exception as exc:
                return SearchResults(query, error=f"search failed: {type(exc).__name__}: {exc}")

    def prepare(self) -> None:
        """Do the per-index work a first search would (reader, length norms: ~70 ms at 10,000 items) now."""
        with self._searching:
            self._engine(self._state)

    def close(self) -> None:
        with self._searching:
            if self._engine_now is not None:
                self._engine_now[1].close()
                self._engine_now = None
        self._state.build.release()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _search(self, query: str, limit: int, kind: Kind | str | None) -> SearchResults:
        parsed = parse_query(query)
        if kind is not None:
            parsed = _restrict(parsed, kind)
        state = self._state
        if not parsed.has_terms:
            return self._listing(query, state, parsed, limit)
        engine = self._engine(state)
        matches = engine.match(parsed, limit)
        ranked, extra = _exact_first(state, parsed, matches, engine)
        words = Highlighter(matches.words)
        hits = tuple(hit for key, score in ranked[:limit] if (hit := _hit(state, key, score, words)) is not None)
        return SearchResults(query, hits, len(matches.scores) + extra, matches.fuzzy)

    def _engine(self, state: _State) -> Engine:
        """The engine for the current generation; callers hold `_searching`, so no two threads use it at once."""
        if self._engine_now is not None and self._engine_now[0] == state.generation:
            return self._engine_now[1]
        if self._engine_now is not None:
            self._engine_now[1].close()
        engine = Engine(
            state.build.index.reader(),
            state.build.vocabulary,
            lambda key, phrase: _has_phrase(state, key, phrase),
            state.norms,
        )
        self._engine_now = (state.generation, engine)
        return engine

    @staticmethod
    def _listing(query: str, state: _State, parsed: ParsedQuery, limit: int) -> SearchResults:
        """A bare `kind:` filter lists that kind, in title order; an empty query finds nothing."""
        if not parsed.kinds:
            return SearchResults(query)
        items = sorted((i for kind in parsed.kinds for i in state.kb.of_kind(kind)), key=lambda i: i.title.casefold())
        nothing = Highlighter()
        hits = tuple(hit for item in items[:limit] if (hit := _hit(state, key_of(item), 0.0, nothing)) is not None)
        return SearchResults(query, hits, len(items))


def _store(kb: KnowledgeBase, cache_dir: Path | str | None, warnings: list[str]) -> Store:
    """The on-disk home for `kb`'s folder; RAM when there is no folder or the cache cannot be written."""
    if kb.root is None:
        return MemoryStore()
    root = cache_root(cache_dir)
    try:
        return DiskStore(index_home(root, kb.root), _content(kb))
    except OSError as exc:
        warnings.append(f"search index: cannot write to {root} ({exc.strerror or exc}); using an in-memory index")
        return MemoryStore()


def _sync(
    store: Store,
    kb: KnowledgeBase,
    *,
    rebuild: bool,
    progress: Progress | None,
    warnings: list[str],
    known: Build | None = None,
) -> tuple[Store, Build, SyncReport]:
    """Sync on disk; if the disk fails midway (read-only, full), continue in RAM with one warning."""
    try:
        build, report = sync(store, kb, _content(kb), rebuild=rebuild, progress=progress, known=known)
    except OSError as exc:
        if isinstance(store, MemoryStore):
            raise
        warnings.append(
            f"search index: cannot write to {store.location} ({exc.strerror or exc}); using an in-memory index"
        )
        store = MemoryStore()
        build, report = sync(store, kb, _content(kb), rebuild=True, progress=progress)
    return store, build, replace(report, warnings=(*warnings, *report.warnings))


def _content(kb: KnowledgeBase) -> str:
    return str(kb.root.resolve()) if kb.root is not None else "<memory>"


def _state(generation: int, build: Build, kb: KnowledgeBase) -> _State:
    items = {key_of(item): item for item in kb}
    ids: dict[str, tuple[str, ...]] = {}
    titles: dict[str, tuple[str, ...]] = {}
    for key, item in items.items():
        ids[item.id.casefold()] = (*ids.get(item.id.casefold(), ()), key)
        title = title_key(item.title)
        titles[title] = (*titles.get(title, ()), key)
    return _State(generation, build, kb, items, ids, titles)


def _restrict(parsed: ParsedQuery, kind: Kind | str) -> ParsedQuery:
    """`--kind` narrows whatever the query itself asked for; an unknown kind matches nothing."""
    wanted = kind if isinstance(kind, Kind) else kind_by_prefix(kind)
    allowed = {wanted} if wanted else set()
    kinds = frozenset(allowed & parsed.kinds) if parsed.kinds else frozenset(allowed)
    return parsed._replace(kinds=kinds) if kinds else parsed._replace(words=(), prefix=None, phrases=(), kinds=kinds)


def _exact_first(
    state: _State, parsed: ParsedQuery, matches: Matches, engine: Engine
) -> tuple[list[tuple[str, float]], int]:
    """Put an item whose id or title is exactly the query first (`E026`, an arXiv id, a slug, `reward model`),
    matched or not.

    Also returns how many such items the words alone did not match, so the total can count them.
    """
    ranked = [(engine.key(doc), score) for doc, score in matches.ranked]
    named = dict.fromkeys((*state.ids.get(parsed.ident or "", ()), *state.titles.get(parsed.title or "", ())))
    allowed = [key for key in named if not parsed.kinds or state.items[key].kind in parsed.kinds]
    exact = sorted(allowed, key=lambda key: -matches.scores.get(_docnum(engine, key), 0.0))
    if not exact:
        return ranked, 0
    top = max((score for _, score in ranked), default=0.0)
    first = [(key, max(top, matches.scores.get(_docnum(engine, key), 0.0))) for key in exact]
    unmatched = sum(1 for key in exact if _docnum(engine, key) not in matches.scores)
    return first + [(key, score) for key, score in ranked if key not in exact], unmatched


def _docnum(engine: Engine, key: str) -> int:
    found = engine.docnum(key)
    return -1 if found is None else found


def _hit(state: _State, key: str, score: float, words: Highlighter) -> Hit | None:
    """A hit with its best passage; None if another process indexed an item this knowledge base does not have."""
    item = state.items.get(key)
    if item is None:
        return None
    shown = state.shown.get(key)
    if shown is None:  # every letter of a search asks again for many of the same items
        if len(state.shown) >= PASSAGES_KEPT:
            state.shown.clear()
        shown = state.shown[key] = passages(item, state.kb)
    located = locate(shown, words)
    return Hit(item.id, item.kind, item.title, round(score, 4), located.snippet, located.section, located.anchor)


def _has_phrase(state: _State, key: str, phrase: tuple[str, ...]) -> bool:
    """Check a phrase on the item's indexed text, kept casefolded for the generation (threads may share it)."""
    folded = state.folded.get(key)
    if folded is None:
        item = state.items.get(key)
        if item is None:
            return False
        folded = state.folded[key] = phrase_text(passages(item))
    return contains_phrase(folded, phrase)
