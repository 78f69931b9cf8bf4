"""A reader ends at its terminal's size, whatever order window changes reach it in
(test_a_stale_window_size_is_followed_by_the_terminal_s).

Textual's SIGWINCH handler reads the size and then posts it, so a second window change landing in between posts
its newer size first and the older one last. The rule: after any resize, a size that is not the terminal's is
followed by the terminal's."""

from __future__ import annotations

import os
import sys

from textual.app import App
from textual.events import Resize
from textual.geometry import Size

RELIES_ON = {
    # The handler that reads the size and posts it (send_size_event, on_terminal_resize).
    "textual.drivers.linux_driver:LinuxDriver.start_application_mode": "7c41f5ba11a8ef05",
}


def terminal_size() -> Size | None:
    """The size of the terminal on stdout now, or None when stdout is not a terminal (the web driver's pipe)."""
    if sys.__stdout__ is None:
        return None
    try:
        columns, lines = os.get_terminal_size(sys.__stdout__.fileno())
    except (OSError, ValueError):
        return None
    return Size(columns, lines)


class CatchUpWithTheTerminal(App[None]):
    """An app that follows a stale resize with the terminal's own size."""

    def on_resize(self, event: Resize) -> None:
        self._catch_up_with_the_terminal(event.size)

    def _catch_up_with_the_terminal(self, size: Size) -> None:
        real = self._terminal_size()
        if real is not None and real != size:
            self.post_message(Resize(real, real))

    def _terminal_size(self) -> Size | None:
        """A headless app has no terminal to catch up with."""
        return None if self.is_headless else terminal_size()
