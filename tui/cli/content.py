"""Find the knowledge base to read: --content, then HUBREADER_CONTENT, then the shipped one."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

ENV_VAR = "HUBREADER_CONTENT"


def shipped_content() -> Path:
    """The `content/` installed with the package (or beside it in a source checkout)."""
    spec = importlib.util.find_spec("hubreader_content")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parents[2] / "content"


def content_root(option: str | None) -> Path:
    chosen = option or os.environ.get(ENV_VAR)
    return Path(chosen).expanduser() if chosen else shipped_content()
