"""Find the knowledge base to read: --content, then HUBREADER_CONTENT, then the shipped one."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

ENV_VAR = "HUBREADER_CONTENT"


def shipped_content() -> Path:
    """The `content/` installed with the package (or beside it in a source checkout)."""
    spec = importlib.util.find_spec("hubreader_content")
    places = [Path(place) for place in spec.submodule_search_locations or []] if spec else []
    places.append(Path(__file__).resolve().parents[2] / "content")
    # An uninstall can leave an empty hubreader_content/ behind that would shadow an editable install's files.
    return next((place for place in places if any(place.glob("*/*.md"))), places[0])


def content_root(option: str | None) -> Path:
    chosen = option or os.environ.get(ENV_VAR)
    return Path(chosen).expanduser() if chosen else shipped_content()
