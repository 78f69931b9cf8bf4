"""Where the reader left off, persisted as JSON; a bad or unwritable file only costs a warning."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tui.model import ItemKey, Kind

_KINDS = {kind.value: kind for kind in Kind}


@dataclass
class SavedState:
    last: ItemKey | None = None
    recent: list[ItemKey] = field(default_factory=list)


class StateStore:
    """Reads and writes one JSON file; `path=None` keeps state in memory (serve mode, tests)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.warnings: list[str] = []

    def load(self) -> SavedState:
        if self.path is None or not self.path.exists():
            return SavedState()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return SavedState(_key(data.get("last")), [k for raw in data.get("recent", []) if (k := _key(raw))])
        except (OSError, ValueError, AttributeError, TypeError) as exc:
            self.warnings.append(f"ignoring unreadable state file {self.path}: {exc}")
            return SavedState()

    def save(self, state: SavedState) -> None:
        if self.path is None:
            return
        data = {"last": _raw(state.last), "recent": [_raw(key) for key in state.recent[:50]]}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".state-")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out)
            os.replace(temp, self.path)
        except OSError as exc:
            if not self.warnings:
                self.warnings.append(f"cannot save reading position to {self.path}: {exc.strerror}")
            self.path = None


def _raw(key: ItemKey | None) -> list[str] | None:
    return [key.kind.value, key.id] if key else None


def _key(raw: object) -> ItemKey | None:
    if isinstance(raw, list) and len(raw) == 2 and raw[0] in _KINDS and isinstance(raw[1], str):
        return ItemKey(_KINDS[raw[0]], raw[1])
    return None
