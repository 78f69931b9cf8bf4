"""Diagnostics as data, so the CLI, tests and the app all report the same precise messages."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """How bad a finding is: errors make `check` fail, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about one place in one file."""

    path: str
    line: int
    level: Level
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level.value}: {self.message}"

    def as_dict(self) -> dict[str, str | int]:
        """Plain JSON-ready form for `check --json`."""
        return {"path": self.path, "line": self.line, "level": self.level.value, "message": self.message}


class DiagnosticSink:
    """Collects diagnostics for one file so parsing code never needs to pass the path around."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Diagnostic] = []

    def error(self, line: int, message: str) -> None:
        self.items.append(Diagnostic(self.path, line, Level.ERROR, message))

    def warning(self, line: int, message: str) -> None:
        self.items.append(Diagnostic(self.path, line, Level.WARNING, message))
