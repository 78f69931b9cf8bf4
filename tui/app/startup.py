"""What a reader's start can skip: garbage collection until the first item is up (the CLI and each serve-ssh
session alike), and in the CLI, parsing CSS that an earlier start already parsed."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.overrides.parsed_css import ParsedCss

CSS_MAGIC = b"hubreader-css-cache 1\n"
MAX_PARSES = 200
"""A few releases' worth of sources and themes; past it the file starts afresh
(test_a_cache_grown_too_large_starts_afresh)."""


def hold_collections() -> None:
    """No collection while start-up allocates what lives for the session: one would only walk it (start-up is
    timed by benchmarks/reader.py)."""
    gc.disable()


def collect_from_now_on() -> None:
    """Once the first item is on screen, what start-up loaded is frozen out of every later collection (it lives
    for the session), and collections resume for what the session allocates."""
    gc.freeze()
    gc.enable()


def load_parsed_css(cache_dir: Path) -> ParsedCss:
    """The CSS parses earlier starts kept, so a start parses only sources new to it
    (test_a_second_start_parses_only_what_an_app_sharing_the_parses_in_memory_would). Parses are keyed by their
    source text and theme, so an edited source is parsed anew; a file from another Python or Textual, or not this
    user's own, is ignored (test_a_cache_it_cannot_trust_is_ignored)."""
    from tui.overrides.parsed_css import ParsedCss  # noqa: PLC0415 - Textual loads after hold_collections()

    try:
        with _css_path(cache_dir).open("rb") as cache:
            if _trusted(os.fstat(cache.fileno())) and cache.read(len(CSS_MAGIC) + 32) == CSS_MAGIC + _css_key():
                parsed = pickle.load(cache)
                if isinstance(parsed, ParsedCss):
                    return parsed
    except Exception:  # missing, truncated, corrupt or foreign: parse as usual
        pass
    return ParsedCss()


def keep_parsed_css(parsed: ParsedCss, cache_dir: Path) -> None:
    """Write the parses for the next start, atomically; a full or read-only disk just means parsing next time."""
    path = _css_path(cache_dir)
    if len(parsed) > MAX_PARSES:
        with contextlib.suppress(OSError):
            path.unlink()
        return
    try:
        payload = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".css-", suffix=".tmp")
    except Exception:  # an unwritable directory, or something unpicklable: either way, no cache
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(CSS_MAGIC + _css_key() + payload)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _css_path(cache_dir: Path) -> Path:
    return cache_dir / "css.pickle"


def _css_key() -> bytes:
    """Python and the Textual installed: parses unpickle into Textual's classes, which another version may change."""
    import textual  # noqa: PLC0415 - already loaded by the app

    package = Path(textual.__file__).parent
    stamps = [_stamp(package / name) for name in ("__init__.py", "css/model.py", "css/styles.py", "css/types.py")]
    return hashlib.sha256(repr((sys.version, str(package), stamps)).encode()).digest()


def _stamp(path: Path) -> tuple[int, ...]:
    try:
        info = path.stat()
    except OSError as exc:
        return (exc.errno or 0,)
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def _trusted(info: os.stat_result) -> bool:
    """Only unpickle a regular file that this user owns and nobody else can write (the rule of the base's cache)."""
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022
