"""A pickled knowledge base, reused while no item file, model source file, PyYAML or Python has changed.

Parsing and validating the shipped base is most of the reader's start-up before Textual even loads; unpickling
it takes a fraction of that. The cache is only ever an optimisation: a missing, corrupt, foreign or unwritable
cache file means the base is parsed as usual, never an error.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib.util
import os
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from tui.model.kb import KnowledgeBase, load_knowledge_base
from tui.model.kindspec import specs
from tui.model.loader import item_paths

MAGIC = b"hubreader-kb-cache 3\n"
RACY_NS = 2_000_000_000  # a file changed this recently could change again within one timestamp tick, unseen


def load_cached(root: Path, cache_dir: Path) -> KnowledgeBase:
    """The base in `root`, unpickled from `cache_dir` when every file is as it was, else parsed (and cached)."""
    key, newest = fingerprint(root)
    path = cache_dir / f"kb-{hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]}.pickle"
    kb = _read(path, key)
    if kb is None:
        kb = load_knowledge_base(root)
        if newest < time.time_ns() - RACY_NS:
            _write(path, key, kb)
    return kb


def fingerprint(root: Path) -> tuple[bytes, int]:
    """A digest of everything a parsed base depends on, and the newest modification time among those files.

    Files are known by size, both timestamps and inode, so an edit, a `touch -d` or a replacement all show.
    """
    files = model_sources()
    for folder in sorted(spec.folder for spec in specs()):
        files.extend(_item_files(root / folder))
    stamps = [_stamp(path) for path in files]
    digest = hashlib.sha256(repr((MAGIC, sys.version, str(root), files, stamps)).encode()).digest()
    return digest, max((stamp[2] for stamp in stamps if len(stamp) == 5), default=0)


def model_sources() -> list[str]:
    """The code a pickled base depends on: every module of the model, its kinds' too, and PyYAML
    (test_kb_cache.py::test_the_fingerprint_covers_every_model_module)."""
    yaml = importlib.util.find_spec("yaml")
    code = [str(path) for path in sorted(Path(__file__).parent.rglob("*.py"))]
    return [*code, *([yaml.origin] if yaml and yaml.origin else [])]


def _item_files(directory: Path) -> list[str]:
    """The files the loader would read, or a marker when the folder cannot be listed."""
    try:
        return [str(path) for path in item_paths(directory)]
    except OSError as exc:
        return [f"<{directory} unlisted: {exc.errno}>"]


def _stamp(path: str) -> tuple[int, ...]:
    try:
        info = os.stat(path)
    except OSError as exc:
        return (exc.errno or 0,)
    return (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _read(path: Path, key: bytes) -> KnowledgeBase | None:
    """The cached base if the file is ours, current and intact; None for anything else."""
    try:
        with path.open("rb") as cache:
            if not _trusted(os.fstat(cache.fileno())) or cache.read(len(MAGIC) + len(key)) != MAGIC + key:
                return None
            with _no_gc():
                kb = pickle.load(cache)
    except Exception:  # missing, truncated, corrupt, or pickled by an older model: parse instead
        return None
    return kb if isinstance(kb, KnowledgeBase) else None


def _trusted(info: os.stat_result) -> bool:
    """Only unpickle a regular file that this user owns and nobody else can write."""
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022


def _write(path: Path, key: bytes, kb: KnowledgeBase) -> None:
    """Replace the cache file atomically; a read-only or full disk just means no cache."""
    try:
        payload = pickle.dumps(kb, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".kb-", suffix=".tmp")
    except Exception:  # an unwritable directory, or (a bug) something unpicklable: either way, no cache
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(MAGIC + key + payload)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Unpickling builds every object of the base at once; collections halfway through only cost time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
