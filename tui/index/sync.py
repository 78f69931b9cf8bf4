"""Bring an index in line with a knowledge base: re-index only what changed, rebuild what is broken."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from tui.index.documents import document, key_of
from tui.index.store import Build, Change, CorruptIndex, DiskStore, Entry, Manifest, MemoryStore, Progress
from tui.model import KnowledgeBase

RACY_NS = 3_000_000_000
Store = DiskStore | MemoryStore


@dataclass(frozen=True)
class SyncReport:
    """What a sync did, for `hubreader index` and for the log."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    total: int = 0
    rebuilt: bool = False
    seconds: float = 0.0
    location: Path | None = None
    warnings: tuple[str, ...] = ()

    @property
    def wrote(self) -> bool:
        return self.rebuilt or bool(self.added or self.changed or self.removed)


@dataclass(frozen=True)
class Plan:
    """The change that would bring an index in line, with counts for the report."""

    change: Change
    added: int
    changed: int
    removed: int
    restamp: bool

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


def plan(kb: KnowledgeBase, old: Manifest | None, content: str) -> Plan:
    """Compare files with the manifest: a stat stamp decides, unless the file changed near the last stamping."""
    stamped = time.time_ns()
    previous_docs = old.docs if old else {}
    trust_before = (old.stamped_ns if old else 0) - RACY_NS
    entries: dict[str, Entry] = {}
    documents = []
    replaced: list[str] = []
    added = 0
    restamp = False
    for item in kb:
        key = key_of(item)
        mtime, size = _stat(item.path)
        previous = previous_docs.get(key)
        if previous is not None and previous[:3] == (item.path, mtime, size) and 0 <= mtime < trust_before:
            entries[key] = previous
            continue
        doc = document(item)
        entries[key] = (item.path, mtime, size, doc.digest)
        if previous is None:
            documents.append(doc)
            added += 1
        elif previous[3] != doc.digest:
            documents.append(doc)
            replaced.append(key)
        else:
            restamp = restamp or 0 <= mtime < stamped - RACY_NS
    removed = tuple(sorted(set(previous_docs) - set(entries)))
    change = Change(tuple(documents), (*removed, *replaced), Manifest(content, stamped, entries))
    return Plan(change, added, len(replaced), len(removed), restamp)


def sync(
    store: Store,
    kb: KnowledgeBase,
    content: str,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    known: Build | None = None,
) -> tuple[Build, SyncReport]:
    """Check the live build (`known` if still live) without locking; if stale, lock, look again, then write."""
    started = time.perf_counter()
    warnings: list[str] = []
    live = None if rebuild else _live(store, known, warnings)
    todo = None if live is None else plan(kb, live.manifest, content)
    if live is not None and todo is not None and todo.empty and not todo.restamp:
        return live, _report(todo, live, started, store, warnings=warnings)
    with store.writing():
        if not rebuild and (live is None or not store.is_current(live)):
            _release(live, known)
            live, todo = _current(store, [] if warnings else warnings), None
        if todo is None:
            todo = plan(kb, None if live is None else live.manifest, content)
        if live is not None and todo.empty:
            store.restamp(live, todo.change.manifest)
            return live, _report(todo, live, started, store, warnings=warnings)
        build = store.write(todo.change, live, progress)
        _release(live, known)
    return build, _report(todo, build, started, store, warnings=warnings, rebuilt=live is None)


def _live(store: Store, known: Build | None, warnings: list[str]) -> Build | None:
    if known is not None and store.is_current(known):
        return known
    return _current(store, warnings)


def _current(store: Store, warnings: list[str]) -> Build | None:
    try:
        return store.current()
    except CorruptIndex as exc:
        warnings.append(f"search index in {store.location} was unusable ({exc}); rebuilding it")
        return None


def _release(build: Build | None, known: Build | None) -> None:
    """Unpin a build this sync opened itself; `known` belongs to the caller."""
    if build is not None and build is not known:
        build.release()


def _report(
    todo: Plan, build: Build, started: float, store: Store, *, warnings: list[str], rebuilt: bool = False
) -> SyncReport:
    return SyncReport(
        added=todo.added,
        changed=todo.changed,
        removed=todo.removed,
        total=len(build.manifest.docs),
        rebuilt=rebuilt,
        seconds=time.perf_counter() - started,
        location=store.location,
        warnings=tuple(warnings),
    )


def _stat(path: str) -> tuple[int, int]:
    try:
        status = os.stat(path)
    except OSError:
        return -1, -1
    return status.st_mtime_ns, status.st_size
