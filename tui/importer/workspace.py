"""The target folder as the importer sees it: files on disk plus planned writes, indexed by id and by title."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.importer.emit import Doc, MergeError, render
from tui.importer.source import ExportError
from tui.model import Item, ItemKey, Kind, Term
from tui.model.build import build_item
from tui.model.diagnostics import DiagnosticSink
from tui.model.frontmatter import FrontMatterError, split_front_matter
from tui.model.loader import load_folder


def title_key(title: str) -> str:
    """Titles match ignoring case, punctuation and spacing: exports and hand-written files differ in all three."""
    return " ".join(re.sub(r"[^\w\s]", "", title.casefold()).split())


@dataclass(frozen=True, slots=True)
class Change:
    """What importing does to one file: `create`, `update` or `unchanged`."""

    status: str
    relpath: str

    def __str__(self) -> str:
        return f"{self.status} {self.relpath}"


@dataclass(frozen=True, slots=True)
class Mark:
    """A restore point, so a failing export leaves nothing behind."""

    planned: dict[str, str]
    items: dict[ItemKey, Item]
    titles: dict[tuple[Kind, str], str]


class Workspace:
    """Reads see planned writes first; nothing touches the disk before `commit`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._planned: dict[str, str] = {}
        self._items: dict[ItemKey, Item] = {}
        self._titles: dict[tuple[Kind, str], str] = {}
        if root.is_dir():
            for item in load_folder(root).items:
                self._index(item)

    def get(self, kind: Kind, ident: str) -> Item | None:
        return self._items.get(ItemKey(kind, ident))

    def of_kind(self, kind: Kind) -> list[Item]:
        return [item for key, item in self._items.items() if key.kind is kind]

    def by_title(self, kind: Kind, title: str) -> str | None:
        """The id of the item of `kind` with this title (or, for terms, alias)."""
        return self._titles.get((kind, title_key(title)))

    def source(self, kind: Kind, ident: str) -> dict[str, Any]:
        """The `source:` mapping of an existing file, which records which export variant it came from."""
        text = self._read(f"{kind.folder}/{ident}.md")
        try:
            value = split_front_matter(text).data.get("source") if text is not None else None
        except FrontMatterError:
            return {}
        return value if isinstance(value, dict) else {}

    def put(self, doc: Doc) -> None:
        """Plan the file for `doc`, merged into whatever is already there."""
        try:
            text = render(doc, self._read(doc.relpath))
        except MergeError as exc:
            raise ExportError(1, f"cannot merge into {doc.relpath} (its line {exc.line}): {exc}") from None
        self._planned[doc.relpath] = text
        item = build_item(doc.kind, doc.id, split_front_matter(text), str(self.root / doc.relpath), DiagnosticSink(""))
        if item is not None:
            self._index(item)

    def mark(self) -> Mark:
        return Mark(dict(self._planned), dict(self._items), dict(self._titles))

    def rollback(self, mark: Mark) -> None:
        self._planned, self._items, self._titles = dict(mark.planned), dict(mark.items), dict(mark.titles)

    def changes(self) -> list[Change]:
        """Every planned file compared with the disk, by path."""
        result = []
        for relpath, text in sorted(self._planned.items()):
            on_disk = self._disk(relpath)
            status = "create" if on_disk is None else "unchanged" if on_disk == text else "update"
            result.append(Change(status, relpath))
        return result

    def commit(self) -> None:
        """Write every planned file that differs from the disk, each one atomically."""
        for relpath, text in self._planned.items():
            if self._disk(relpath) != text:
                _write_atomic(self.root / relpath, text)

    def _read(self, relpath: str) -> str | None:
        return self._planned[relpath] if relpath in self._planned else self._disk(relpath)

    def _disk(self, relpath: str) -> str | None:
        path = self.root / relpath
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ExportError(1, f"cannot read {relpath}: {exc.strerror or exc}") from None
        try:
            return data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
        except UnicodeDecodeError:
            raise ExportError(1, f"cannot merge into {relpath}: it is not UTF-8") from None

    def _index(self, item: Item) -> None:
        old = self._items.get(item.key)
        if old is not None:
            for name in _names(old):
                if self._titles.get((old.kind, title_key(name))) == old.id:
                    del self._titles[(old.kind, title_key(name))]
        self._items[item.key] = item
        for name in _names(item):
            self._titles.setdefault((item.kind, title_key(name)), item.id)


def _names(item: Item) -> tuple[str, ...]:
    return item.names if isinstance(item, Term) else (item.title,)


def _write_atomic(path: Path, text: str) -> None:
    """Write beside the target and rename, so a crash never leaves half a file the loader would trip on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8", newline="\n")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
