"""Keep terminal control sequences in untrusted content from ever reaching a terminal."""

from __future__ import annotations

import re
from dataclasses import dataclass

# C0 controls except tab and newline, DEL, and C1 controls: removing ESC and CSI defeats every escape sequence.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


@dataclass(frozen=True, slots=True)
class Cleaned:
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
    """Sanitise text that did not come through the loader (queries, arguments) before display."""
    return _CONTROL.sub("", text)
