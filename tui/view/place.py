"""A place in the knowledge base: what links point at and what history remembers."""

from __future__ import annotations

from typing import NamedTuple

from tui.model import ItemKey


class Place(NamedTuple):
    """Where the reader was: an item, optionally a section in it, and how far it was scrolled."""

    key: ItemKey
    section: str | None = None
    scroll: float = 0.0
