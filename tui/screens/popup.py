"""The look every popup shares: a box in the middle of the screen over the reader, which keeps its place."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class Popup(ModalScreen[ResultT]):
    """A subclass composes one container with the `popup` class and a `popup-title` line, and sets only what
    differs (its width, its border colour)."""

    DEFAULT_CSS = """
    Popup {
        align: center middle;
    }
    Popup > .popup {
        width: 70;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $accent;
        background: $panel;
        padding: 0 1;
    }
    Popup .popup-title {
        text-style: bold;
    }
    """
