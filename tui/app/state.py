"""Where the reader left off, what it searched for and what it bookmarked, persisted as JSON; a bad or unwritable
file only costs a warning, and a bad entry in a good file is dropped alone."""

from __future__ import annotations

import json
import os
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from tui.model import ItemKey
from tui.model.kindspec import kind_named
from tui.view.place import Place


@dataclass
class SavedState:
    """The history's items and which one was open, the search history (most recent first) and the bookmarks."""

    history: list[ItemKey] = field(default_factory=list)
    index: int = -1
    queries: list[str] = field(default_factory=list)
    bookmarks: list[Place] = field(default_factory=list)

    @property
    def last(self) -> ItemKey | None:
        return self.history[self.index] if 0 <= self.index < len(self.history) else None


class StateStore:
    """Reads and writes one JSON file; `path=None` keeps state in memory (serve mode, tests)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.warnings: list[str] = []
        self._on_disk: dict[str, object] | None = None  # what the file holds, as last read or written

    def load(self) -> SavedState:
        if self.path is None or not self.path.exists():
            return SavedState()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            keys = [key for raw in _list(data, "history") if (key := _key(raw))]
            index = data.get("index", len(keys) - 1)
            state = SavedState(
                keys,
                index if isinstance(index, int) and 0 <= index < len(keys) else len(keys) - 1,
                # Files from before these lists, or with entries of the wrong type, load without them
                # (tests/test_search_history.py::test_a_state_file_with_bad_queries_loads_the_good_ones,
                # tests/test_bookmarks.py::test_bad_bookmarks_in_the_state_file_are_dropped_alone)
                [query for query in _list(data, "queries") if isinstance(query, str)],
                [place for raw in _list(data, "bookmarks") if (place := _place(raw))],
            )
            self._on_disk = _data(state)
            return state
        except (OSError, ValueError, AttributeError, TypeError) as exc:
            self.warnings.append(f"ignoring unreadable state file {self.path}: {exc}")
            return SavedState()

    def save(self, state: SavedState) -> str | None:
        """Write the state unless the file holds it already (a start reopening the page it left writes nothing:
        test_a_start_leaves_the_state_file_as_it_found_it); returns a warning the first time saving fails, after
        which it stops trying."""
        data = _data(state)
        if self.path is None or data == self._on_disk:
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".state-")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out)
            os.replace(temp, self.path)
            self._on_disk = data
        except OSError as exc:
            warning = f"cannot save reading position to {self.path}: {exc.strerror}"
            self.warnings.append(warning)
            self.path = None
            return warning
        return None

    def write_crash_report(self, error: BaseException) -> Path | None:
        """The full traceback goes beside the state file, never to the screen; None when there is nowhere to write."""
        if self.path is None:
            return None
        report = self.path.with_name("crash.log")
        try:
            report.parent.mkdir(parents=True, exist_ok=True)
            report.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        except OSError:
            return None
        return report


def _data(state: SavedState) -> dict[str, object]:
    """The state as the file holds it."""
    return {
        "history": [_raw(key) for key in state.history],
        "index": state.index,
        "queries": list(state.queries),
        "bookmarks": [_raw_place(place) for place in state.bookmarks],
    }


def _raw(key: ItemKey) -> list[str]:
    return [key.kind.value, key.id]


def _key(raw: object) -> ItemKey | None:
    if isinstance(raw, list) and len(raw) == 2 and isinstance(raw[0], str) and isinstance(raw[1], str):
        kind = kind_named(raw[0])
        return ItemKey(kind, raw[1]) if kind is not None else None
    return None


def _list(data: dict[str, object], name: str) -> list[object]:
    """A list field, or none when it is missing or not a list."""
    found = data.get(name)
    return found if isinstance(found, list) else []


def _raw_place(place: Place) -> dict[str, object]:
    return {"key": _raw(place.key), "section": place.section, "scroll": place.scroll}


def _place(raw: object) -> Place | None:
    """A bookmark as saved: an item key, a section id or none, and a scroll offset (0 when it is not a number)."""
    if not isinstance(raw, dict) or (key := _key(raw.get("key"))) is None:
        return None
    section, scroll = raw.get("section"), raw.get("scroll")
    if section is not None and not isinstance(section, str):
        return None
    if isinstance(scroll, bool) or not isinstance(scroll, int | float) or not 0 <= scroll < 1e9:
        scroll = 0.0
    return Place(key, section, float(scroll))
