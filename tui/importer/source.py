"""Read an export file defensively: size, bytes and encoding are checked before any parsing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from tui.model.diagnostics import DiagnosticSink
from tui.model.sanitize import strip_controls

MAX_BYTES = 1024 * 1024


class ExportError(ValueError):
    """The export cannot be imported; carries the line to point the user at."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line of an export, stripped, with its 1-based line number for messages."""

    number: int
    text: str


@dataclass(frozen=True, slots=True)
class ExportText:
    """The non-blank lines of an export (blank-line spacing varies between exports and carries nothing)."""

    lines: tuple[Line, ...]

    @property
    def sha256(self) -> str:
        """A fingerprint of the content, the same whether or not the export spaced its blocks with blank lines."""
        return hashlib.sha256("\n".join(line.text for line in self.lines).encode("utf-8")).hexdigest()


def read_export(path: Path, sink: DiagnosticSink) -> ExportText:
    """Read one export file; raise ExportError for anything that is not readable UTF-8 text."""
    try:
        if not path.is_file():
            raise ExportError(1, "not a regular file" if path.exists() else "no such file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ExportError(1, f"file is {size:,} bytes; page exports are at most 1 MiB")
        data = path.read_bytes()
    except OSError as exc:
        raise ExportError(1, f"cannot read file: {exc.strerror or exc}") from None
    return decode_export(data, sink)


def decode_export(data: bytes, sink: DiagnosticSink) -> ExportText:
    """Bytes to numbered non-blank lines; empty, binary and non-UTF-8 input is refused with its line."""
    if b"\x00" in data:
        raise ExportError(_line_of(data, data.index(b"\x00")), "binary file (NUL byte): not a text export")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise ExportError(_line_of(data, exc.start), f"not UTF-8 (byte 0x{bad:02x}): save the page as UTF-8") from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    cleaned = strip_controls(text)
    if cleaned.removed:
        sink.warning(cleaned.first_line, f"removed {cleaned.removed} control character(s)")
    lines = tuple(
        Line(number, stripped)
        for number, raw in enumerate(cleaned.text.split("\n"), start=1)
        if (stripped := raw.strip())
    )
    if not lines:
        raise ExportError(1, "empty file: expected a review topic or topic hub export")
    return ExportText(lines)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
