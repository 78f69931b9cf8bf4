"""Where indexes live and how they change safely: build aside, swap a pointer, one writer at a time.

Layout of one index home (per content folder and schema version) in the cache directory:

    lock        flock'ed exclusively by whoever writes (full build or update)
    CURRENT     name of the live build directory, replaced atomically
    build-*/    a complete whoosh index plus manifest.json; never modified once CURRENT names it

An update hard-links the live build's files into a new directory, applies the change there (whoosh never rewrites
a segment file) and swaps CURRENT, so readers keep whatever build they opened. Each reader holds a shared flock on
its build's `.readers` file; old builds are deleted only when no one holds that lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from whoosh import index as whoosh_index  # type: ignore[import-untyped]
from whoosh.filedb.filestore import RamStorage  # type: ignore[import-untyped]

from tui.index.documents import Document, Role
from tui.index.schema import SCHEMA_VERSION, make_schema
from tui.index.vocabulary import Vocabulary

CURRENT = "CURRENT"
MANIFEST = "manifest.json"
VOCABULARY = "words.txt"
READERS = ".readers"
LIMIT_MB = 256
Progress = Callable[[str, int, int], None]


class CorruptIndex(Exception):
    """The live index cannot be used as it is (garbage, missing files, another version); it will be rebuilt."""


Entry = tuple[str, int, int, str]
"""What the index knows about one item's file: path, mtime_ns, size, and the digest of its indexed text."""


@dataclass(frozen=True)
class Manifest:
    """Every indexed item; `stamped_ns` is when the files were stat'ed (entries modified near it are re-checked)."""

    content: str
    stamped_ns: int
    docs: dict[str, Entry] = field(default_factory=dict)

    def dumps(self) -> str:
        return json.dumps(
            {"schema": SCHEMA_VERSION, "content": self.content, "stamped_ns": self.stamped_ns, "docs": self.docs}
        )

    @classmethod
    def loads(cls, text: str, content: str) -> Manifest:
        """Parse a manifest; anything unexpected means the build is not ours to trust."""
        try:
            data = json.loads(text)
            if data["schema"] != SCHEMA_VERSION or data["content"] != content:
                raise CorruptIndex("built by another version or for another folder")
            docs = {str(key): tuple(entry) for key, entry in data["docs"].items()}
            if any(len(entry) != 4 for entry in docs.values()):
                raise CorruptIndex("malformed manifest entry")
            return cls(content, int(data["stamped_ns"]), docs)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CorruptIndex(f"unreadable manifest ({type(exc).__name__})") from exc


@dataclass
class Build:
    """One opened, complete index: whoosh index, manifest, vocabulary, and (on disk) the reader lock that pins it."""

    index: Any
    manifest: Manifest
    vocabulary: Vocabulary
    path: Path | None = None
    pin: IO[bytes] | None = None

    def release(self) -> None:
        if self.pin is not None:
            self.pin.close()
            self.pin = None


@dataclass(frozen=True)
class Change:
    """What a write does: documents to index, keys to drop first (removed or replaced), the resulting manifest."""

    documents: tuple[Document, ...]
    dropped: tuple[str, ...]
    manifest: Manifest

    def words(self) -> set[str]:
        return {word for doc in self.documents for word in doc.words()}


def index_home(root: Path, content: Path) -> Path:
    """One home per content folder and schema version, so versions and folders never share files."""
    digest = hashlib.sha256(str(content.resolve()).encode()).hexdigest()[:16]
    return root / f"index-v{SCHEMA_VERSION}-{digest}"


def add_documents(writer: Any, documents: Iterable[Document], total: int, progress: Progress | None) -> None:
    """Feed documents to a whoosh writer, reporting progress every 1% or so."""
    step = max(1, total // 100)
    for done, doc in enumerate(documents, start=1):
        writer.add_document(
            key=doc.key,
            kind=doc.kind,
            text=doc.text((Role.TITLE, Role.LEAD, Role.BODY)),
            short=doc.text((Role.TITLE, Role.LEAD)),
        )
        if progress is not None and (done % step == 0 or done == total):
            progress("indexing", done, total)


def apply(index: Any, change: Change, progress: Progress | None) -> None:
    """Delete replaced and removed documents, add the new versions, commit once."""
    writer = index.writer(limitmb=LIMIT_MB)
    try:
        for key in change.dropped:
            writer.delete_by_term("key", key)
        add_documents(writer, change.documents, len(change.documents), progress)
        if progress is not None:
            progress("writing", 0, 1)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    if progress is not None:
        progress("writing", 1, 1)


class MemoryStore:
    """An index in RAM, for when the cache directory cannot be written; lives as long as the process."""

    location = None

    def __init__(self) -> None:
        self._build: Build | None = None

    def current(self) -> Build | None:
        return self._build

    def is_current(self, build: Build) -> bool:
        return build is self._build

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        yield

    def write(self, change: Change, base: Build | None, progress: Progress | None) -> Build:
        """Update in place: nothing else can see a RAM index, so there is nobody to hide a half-done write from."""
        if base is None:
            base = Build(RamStorage().create_index(make_schema()), change.manifest, Vocabulary())
        apply(base.index, change, progress)
        self._build = Build(base.index, change.manifest, base.vocabulary.union(change.words()))
        return self._build

    def restamp(self, build: Build, manifest: Manifest) -> None:
        build.manifest = manifest


class DiskStore:
    """An index home on disk, shared by every process reading the same content folder."""

    def __init__(self, home: Path, content: str) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self.location = home
        self._content = content

    def current(self) -> Build | None:
        """The live build, pinned against deletion; None if there is none yet; CorruptIndex if it is unusable."""
        for _ in range(5):
            name = self._current_name()
            if name is None:
                return None
            build = self._open(self.location / name)
            if build is not None:
                return build
        raise CorruptIndex("the live index directory keeps disappearing")

    def is_current(self, build: Build) -> bool:
        """Whether `build` is still the live one (cheap: reads the pointer only)."""
        try:
            return build.path is not None and build.path.name == self._current_name()
        except CorruptIndex:
            return False

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """One writer at a time across processes; others wait here, then see the finished build."""
        with open(self.location / "lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def write(self, change: Change, base: Build | None, progress: Progress | None) -> Build:
        """Make a new build aside (from scratch, or hard links to `base`), swap it in, drop unused old builds."""
        target = self.location / f"build-{secrets.token_hex(6)}"
        try:
            if base is None or base.path is None:
                target.mkdir()
                index = whoosh_index.create_in(str(target), make_schema())
                vocabulary = Vocabulary().union(change.words())
            else:
                _link_tree(base.path, target)
                index = whoosh_index.open_dir(str(target), schema=make_schema())
                vocabulary = base.vocabulary.union(change.words())
            apply(index, change, progress)
            (target / VOCABULARY).write_text(vocabulary.dumps(), encoding="utf-8")
            (target / MANIFEST).write_text(change.manifest.dumps(), encoding="utf-8")
            (target / READERS).touch()
            pin = _pin(target)
            _write_atomic(self.location / CURRENT, target.name)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        self._remove_unused()
        return Build(index, change.manifest, vocabulary, target, pin)

    def restamp(self, build: Build, manifest: Manifest) -> None:
        """Record fresh stat stamps for unchanged files, so they are not re-checked every time."""
        if build.path is not None:
            _write_atomic(build.path / MANIFEST, manifest.dumps())
            build.manifest = manifest

    def _current_name(self) -> str | None:
        try:
            name = (self.location / CURRENT).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise CorruptIndex(f"unreadable {CURRENT} ({type(exc).__name__})") from exc
        if not name.startswith("build-") or "/" in name:
            raise CorruptIndex(f"{CURRENT} names no build")
        return name

    def _open(self, path: Path) -> Build | None:
        """Open and check a build; None if it vanished meanwhile (a newer build replaced it)."""
        if not path.is_dir():
            return None
        try:
            pin = _pin(path)
        except FileNotFoundError as exc:
            raise CorruptIndex("no reader lock") from exc
        try:
            manifest = Manifest.loads((path / MANIFEST).read_text(encoding="utf-8"), self._content)
            vocabulary = Vocabulary.loads((path / VOCABULARY).read_text(encoding="utf-8"))
            index = whoosh_index.open_dir(str(path), schema=make_schema(), readonly=True)
            check(index, manifest)
        except BaseException as exc:
            pin.close()
            if not path.is_dir():
                return None
            if isinstance(exc, CorruptIndex):
                raise
            if isinstance(exc, Exception):
                raise CorruptIndex(f"unreadable index ({type(exc).__name__})") from exc
            raise
        return Build(index, manifest, vocabulary, path, pin)

    def _remove_unused(self) -> None:
        """Delete builds that are not live and that no reader has pinned."""
        live = self._current_name()
        for path in self.location.glob("build-*"):
            if path.name != live and _unpinned(path):
                shutil.rmtree(path, ignore_errors=True)


def check(index: Any, manifest: Manifest) -> None:
    """Touch every part of the index once, so damage shows now rather than in the middle of a search."""
    with index.reader() as reader:
        if reader.doc_count() != len(manifest.docs):
            raise CorruptIndex(f"index holds {reader.doc_count()} documents, manifest {len(manifest.docs)}")
        for fieldname in ("kind", "text", "short"):
            term = next(iter(reader.lexicon(fieldname)), None)
            if term is not None:
                list(reader.postings(fieldname, term).all_ids())
        if reader.doc_count_all():
            reader.stored_fields(0)
            reader.doc_field_length(0, "text")


def _pin(path: Path) -> IO[bytes]:
    """A shared lock on the build's `.readers` file: while held, no writer deletes the build."""
    pin = open(path / READERS, "rb")  # noqa: SIM115 - held open for the life of the build
    fcntl.flock(pin, fcntl.LOCK_SH)
    return pin


def _unpinned(path: Path) -> bool:
    try:
        with open(path / READERS, "rb") as pin:
            fcntl.flock(pin, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _link_tree(source: Path, target: Path) -> None:
    """Copy a build by hard links (whoosh segment files are immutable), falling back to real copies."""
    target.mkdir()
    for path in source.iterdir():
        if path.name in (MANIFEST, VOCABULARY, READERS) or path.name.endswith("LOCK"):
            continue
        try:
            os.link(path, target / path.name)
        except OSError:
            shutil.copy2(path, target / path.name)


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
