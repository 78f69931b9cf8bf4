"""A quick look at a linked item (usually a glossary term) without leaving the page."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.widgets.keys import PEEK


class PeekScreen(ModalScreen[bool]):
    """Dismisses with True when the reader wants to open the item instead."""

    BINDINGS = PEEK.bindings()
    DEFAULT_CSS = """
    PeekScreen {
        align: center middle;
    }
    PeekScreen #peek-box {
        width: 70;
        max-width: 100%;
        height: auto;
        border: thick $secondary;
        background: $panel;
        padding: 0 1;
    }
    PeekScreen #peek-title {
        text-style: bold;
        margin-bottom: 1;
    }
    PeekScreen #peek-hint {
        margin-top: 1;
        color: $text-muted;
    }
    """

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self._title = title
        self._body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="peek-box"):
            yield Static(self._title, id="peek-title", markup=False)
            yield Static(self._body, id="peek-body", markup=False)
            yield Static("Enter open · Esc close", id="peek-hint")
