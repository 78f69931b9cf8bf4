"""How the reader behaves on this terminal: SSH-friendly defaults, colour depth, and serve mode."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

COLOR_CHOICES = ("auto", "truecolor", "256", "16", "none")

# What `--colors` means to Rich's console; "none" also drops every colour (tui/app/colour.py).
RICH_COLOR_SYSTEMS = {"truecolor": "truecolor", "256": "256", "16": "standard", "none": "standard"}


class ReaderOptions(NamedTuple):
    """Decided once by whoever starts the reader (CLI or a serving child), then read-only."""

    ssh_friendly: bool = False
    colors: str = "auto"
    mouse: bool = True
    serve: bool = False  # hosted for someone else: nothing persisted, nothing run or written on this machine

    @classmethod
    def detect(
        cls,
        environ: Mapping[str, str],
        *,
        ssh_friendly: bool = False,
        colors: str = "auto",
        mouse: bool = True,
        serve: bool = False,
    ) -> ReaderOptions:
        """SSH sessions get the friendly defaults even when nobody asked; a NO_COLOR that is set and not empty
        (no-color.org) wins over `auto` (test_detect_reads_the_environment)."""
        over_ssh = bool(environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"))
        friendly = ssh_friendly or over_ssh or serve
        if colors == "auto" and environ.get("NO_COLOR"):
            colors = "none"
        return cls(ssh_friendly=friendly, colors=colors, mouse=mouse, serve=serve)

    @property
    def rich_color_system(self) -> str | None:
        """None keeps Textual's own detection (TEXTUAL_COLOR_SYSTEM, then COLORTERM and TERM)."""
        return RICH_COLOR_SYSTEMS.get(self.colors)
