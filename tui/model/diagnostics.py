"""Diagnostics as data, so the CLI, tests and the app all report the same precise messages."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from tui.model.sanitize import safe_text


class Level(StrEnum):
    """How bad a finding is: errors make `check` fail, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


class Diagnostic(NamedTuple):
    """One finding about one place in one file."""

    path: str
    line: int
    level: Level
    message: str

    def __str__(self) -> str:
        """A file name or a quoted id may hold control characters: what is printed never does."""
        return safe_text(f"{self.path}:{self.line}: {self.level.value}: {self.message}")

    def as_dict(self) -> dict[str, str | int]:
        """Plain JSON-ready form for `check --json`, as safe to print as the text form."""
        return {"path": safe_text(self.path), "line": self.line, "level": self.level.value,
                "message": safe_text(self.message)}


class DiagnosticSink:
    """Collects diagnostics for one file so parsing code never needs to pass the path around."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Diagnostic] = []

    def error(self, line: int, message: str) -> None:
        self.items.append(Diagnostic(self.path, line, Level.ERROR, message))

    def warning(self, line: int, message: str) -> None:
        self.items.append(Diagnostic(self.path, line, Level.WARNING, message))
