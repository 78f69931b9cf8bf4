"""Keep terminal control sequences in untrusted content from ever reaching a terminal."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

MAX_QUERY_CHARS = 256
"""Longer is no search a person types: queries are cut there and the reader's box stops there, so a flood of keys
cannot make each key cost more than the last (test_the_search_box_stops_at_the_longest_query)."""

# C0 controls except tab and newline, DEL, and C1 controls: removing ESC and CSI defeats every escape sequence.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


class Cleaned(NamedTuple):
    """Sanitised text plus where the first removed character was, for the warning."""

    text: str
    removed: int
    first_line: int


def strip_controls(text: str) -> Cleaned:
    """Remove control characters, remembering how many and the first line they were on."""
    first = _CONTROL.search(text)
    if first is None:
        return Cleaned(text, 0, 0)
    cleaned, count = _CONTROL.subn("", text)
    return Cleaned(cleaned, count, text.count("\n", 0, first.start()) + 1)


def safe_text(text: str) -> str:
    """Sanitise text that did not come through the loader (queries, arguments, file names) before display."""
    return _CONTROL.sub("", text)


def removed_note(count: int) -> str:
    """The loader's one wording for removed controls, whether they were raw bytes or YAML escapes."""
    return f"removed {count} terminal control character{'s' if count > 1 else ''}"


class TreeCleaner:
    """Strips controls from every string of parsed YAML (keys, values, list elements, nested mappings): YAML decodes
    escapes such as "\\e" or "\\x9b" after the raw text was cleaned (tests/test_hostile_content.py)."""

    __slots__ = ("first_path", "removed")

    def __init__(self) -> None:
        self.removed = 0
        self.first_path: str | None = None

    def clean(self, value: Any, path: str = "") -> Any:
        """The same structure with every string sanitised; counts what went and remembers where it first did."""
        if isinstance(value, str):
            return self._text(value, path)
        if isinstance(value, dict):
            return {self.clean(key, path): self.clean(item, f"{path}{key}.") for key, item in value.items()}
        if isinstance(value, list):
            return [self.clean(item, f"{path}{index}.") for index, item in enumerate(value)]
        if isinstance(value, set):  # YAML's !!set
            return {self.clean(item, path) for item in value}
        return value

    def _text(self, text: str, path: str) -> str:
        cleaned, count = _CONTROL.subn("", text)
        if count:
            self.removed += count
            if self.first_path is None:
                self.first_path = path.removesuffix(".")
        return cleaned
