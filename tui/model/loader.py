"""Load every item file under a folder; one bad file yields diagnostics and never stops the rest."""

from __future__ import annotations

import os
from pathlib import Path

from tui.model.diagnostics import Diagnostic, DiagnosticSink, Level
from tui.model.items import Item
from tui.model.kindspec import Kind, specs
from tui.model.sanitize import removed_note, strip_controls

MAX_BYTES = 1024 * 1024


class LoadResult:
    """Items in a stable order plus everything worth telling the user about the files."""

    __slots__ = ("diagnostics", "items")

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.diagnostics: list[Diagnostic] = []


def load_folder(root: Path) -> LoadResult:
    """Read `root/<kind folder>/*.md` for every kind, in sorted order."""
    result = LoadResult()
    if not root.is_dir():
        result.diagnostics.append(Diagnostic(str(root), 0, Level.ERROR, "not a folder: no knowledge base here"))
        return result
    for folder, kind in sorted((spec.folder, spec.kind) for spec in specs()):
        directory = root / folder
        if directory.is_dir():
            for path in _markdown_files(directory, result.diagnostics):
                item, diagnostics = load_file(path, kind)
                result.diagnostics.extend(diagnostics)
                if item is not None:
                    result.items.append(item)
    return result


def _markdown_files(directory: Path, diagnostics: list[Diagnostic]) -> list[Path]:
    try:
        return item_paths(directory)
    except OSError as exc:
        diagnostics.append(Diagnostic(str(directory), 0, Level.ERROR, f"cannot list folder: {exc.strerror}"))
        return []


def item_paths(directory: Path) -> list[Path]:
    """The item files of one kind's folder in a stable order (the loader and the cache must agree); OSError if
    the folder cannot be listed."""
    return sorted(Path(entry.path) for entry in os.scandir(directory) if is_item_file(entry.name))


def is_item_file(name: str) -> bool:
    """Markdown files count as items; hidden ones (editor swap and backup files) do not."""
    return name.endswith(".md") and not name.startswith(".")


def load_file(path: Path, kind: Kind) -> tuple[Item | None, list[Diagnostic]]:
    """Load one file defensively: size, bytes, encoding and control characters are checked first."""
    from tui.model.build import build_item  # noqa: PLC0415 - the parser loads only when a file is parsed
    from tui.model.frontmatter import FrontMatterError, split_front_matter  # noqa: PLC0415 - yaml only when parsing

    sink = DiagnosticSink(str(path))
    text = _read_text(path, sink)
    if text is None:
        return None, sink.items
    try:
        front = split_front_matter(text)
    except FrontMatterError as exc:
        sink.error(exc.line, str(exc))
        return None, sink.items
    if front.controls_removed:
        sink.warning(front.controls_line, removed_note(front.controls_removed) + " decoded from YAML escapes")
    return build_item(kind, path.stem, front, str(path), sink), sink.items


def _read_text(path: Path, sink: DiagnosticSink) -> str | None:
    data = _read_bytes(path, sink)
    if data is None:
        return None
    if not data.strip():
        sink.error(1, "empty file: expected front matter starting with '---'")
        return None
    if b"\x00" in data[:8192]:
        sink.error(data.count(b"\n", 0, data.index(b"\x00")) + 1, "binary file (NUL byte): not a Markdown item")
        return None
    text = _decode(data, sink).removeprefix("\ufeff").replace("\r\n", "\n")
    cleaned = strip_controls(text)
    if cleaned.removed:
        sink.warning(cleaned.first_line, removed_note(cleaned.removed))
    return cleaned.text


def _read_bytes(path: Path, sink: DiagnosticSink) -> bytes | None:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            sink.error(1, f"file is {size:,} bytes; items may be at most 1 MiB")
            return None
        if not path.is_file():
            sink.error(1, "not a regular file")
            return None
        return path.read_bytes()
    except OSError as exc:
        sink.error(1, f"cannot read file: {exc.strerror or exc}")
        return None


def _decode(data: bytes, sink: DiagnosticSink) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        sink.error(line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); bad bytes shown as U+FFFD")
        return data.decode("utf-8", errors="replace")
