"""A quick look at a linked item without leaving the page: what it is, and the sentence here that cites it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui.screens.popup import Popup
from tui.view.glance import Glance
from tui.widgets.keys import PEEK


class PeekScreen(Popup[bool]):
    """Dismisses with True when the reader wants to open the item instead."""

    BINDINGS = PEEK.bindings()
    DEFAULT_CSS = """
    PeekScreen #peek-box {
        border: thick $secondary;
    }
    PeekScreen #peek-body {
        margin-top: 1;
    }
    PeekScreen #peek-facts {
        color: $text-muted;
    }
    PeekScreen #peek-evidence {
        margin-top: 1;
        text-style: italic;
    }
    PeekScreen #peek-hint {
        margin-top: 1;
        color: $text-muted;
    }
    """

    def __init__(self, glance: Glance) -> None:
        super().__init__()
        self.glance = glance

    def compose(self) -> ComposeResult:
        glance = self.glance
        with Vertical(id="peek-box", classes="popup"):
            yield Static(glance.title, id="peek-title", classes="popup-title", markup=False)
            if glance.facts:
                yield Static(" · ".join(glance.facts), id="peek-facts", markup=False)
            yield Static("\n".join(glance.paragraphs), id="peek-body", markup=False)
            if glance.evidence:
                yield Static(f"On this page: “{glance.evidence}”", id="peek-evidence", markup=False)
            yield Static("Enter open · Esc close", id="peek-hint")
