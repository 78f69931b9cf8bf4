"""Argument types shared by the commands: one wording for one mistake, whichever command it is made in."""

from __future__ import annotations

import argparse
import math

from tui.model.kindspec import Kind, kind_named
from tui.model.sanitize import safe_text

KIND_HELP = "only items of this kind: " + ", ".join(
    f"{kind.value} ({kind.namespace})" if kind.namespace != kind.value else kind.value for kind in Kind
)


def kind(text: str) -> Kind:
    """Any name the query language knows a kind by (`ep`, `term`, `episodes`), so `--kind` and `kind:` agree."""
    found = kind_named(text.casefold())
    if found is None:
        raise argparse.ArgumentTypeError(f"expected a kind ({', '.join(Kind)}), got '{_shown(text)}'")
    return found


def port(text: str) -> int:
    value = _int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number (0-65535), got '{_shown(text)}'")
    return value


def positive_int(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number, got '{_shown(text)}'")
    return value


def positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got '{_shown(text)}'")
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return -1


def _shown(text: str) -> str:
    return safe_text(text)[:20]
