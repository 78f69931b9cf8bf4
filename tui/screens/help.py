"""Help on `?` and F1: every key, grouped by where it works."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.screens.popup import Popup
from tui.widgets.keys import HELP, help_rows


def key_table() -> Table:
    """Made from the key declarations, so help lists exactly the keys that are bound (tests/test_keys.py)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for group, rows in help_rows():
        table.add_row(f"[underline]{group}[/]", "")
        for key, what in rows:
            table.add_row(key, what)
        table.add_row("", "")
    return table


class HelpScreen(Popup[None]):
    """A dismissable overlay; the reader underneath keeps its place."""

    BINDINGS = HELP.bindings()
    DEFAULT_CSS = """
    HelpScreen #help-box {
        width: 80;
    }
    HelpScreen #help-title {
        margin-bottom: 1;
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="popup"):
            yield Static("hubreader keys", id="help-title", classes="popup-title")
            yield Static(key_table())
