"""Typed access to front-matter fields that reports wrong types at the field's own line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tui.model.diagnostics import DiagnosticSink


class Fields:
    """Reads one mapping of front matter (or a nested mapping within it) and records type errors."""

    def __init__(self, data: dict[str, Any], lines: dict[str, int], sink: DiagnosticSink, prefix: str = "") -> None:
        self.data = data
        self.lines = lines
        self.sink = sink
        self.prefix = prefix

    def line(self, key: str) -> int:
        """The file line of a field, falling back to the enclosing mapping's line."""
        path = self.prefix + key
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rpartition(".")[0]
        return 1

    def nested(self, key: str, data: dict[str, Any]) -> Fields:
        return Fields(data, self.lines, self.sink, f"{self.prefix}{key}.")

    def _wrong(self, key: str, expected: str) -> None:
        got = type(self.data[key]).__name__
        self.sink.error(self.line(key), f"field '{self.prefix}{key}' must be {expected}, not {got}")

    def text(self, key: str) -> str | None:
        """A string field; dates and numbers written without quotes are accepted as their text."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        self._wrong(key, "text")
        return None

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        self._wrong(key, "a whole number")
        return None

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if isinstance(value, bool):
            return value
        self._wrong(key, "true or false")
        return False

    def texts(self, key: str) -> list[tuple[str, int]]:
        """A list of strings with each element's line; non-string elements are reported and skipped."""
        result: list[tuple[str, int]] = []
        for index, value in self.items(key):
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                result.append((str(value), self.line(f"{key}.{index}")))
            else:
                self.sink.error(self.line(f"{key}.{index}"), f"items of '{self.prefix}{key}' must be text")
        return result

    def mappings(self, key: str) -> list[tuple[int, Fields]]:
        """A list of mappings, each wrapped so its own fields report their own lines."""
        result: list[tuple[int, Fields]] = []
        for index, value in self.items(key):
            if isinstance(value, dict):
                result.append((self.line(f"{key}.{index}"), self.nested(f"{key}.{index}", value)))
            else:
                self.sink.error(self.line(f"{key}.{index}"), f"items of '{self.prefix}{key}' must be mappings")
        return result

    def items(self, key: str) -> list[tuple[int, Any]]:
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return list(enumerate(value))
        self._wrong(key, "a list")
        return []

    def mapping(self, key: str) -> Fields | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, dict):
            return self.nested(key, value)
        self._wrong(key, "a mapping")
        return None
