"""Where hubreader keeps what it can rebuild (the parsed base, the search index): one rule for every layer."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

CACHE_ENV = "HUBREADER_CACHE"


def cache_root(cache_dir: Path | str | None = None) -> Path:
    """An explicit directory, else $HUBREADER_CACHE, else the platform's user cache directory."""
    chosen = cache_dir or os.environ.get(CACHE_ENV) or platformdirs.user_cache_dir("hubreader")
    return Path(chosen).expanduser()
