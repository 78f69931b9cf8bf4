"""Help on `?` and F1: every key, grouped by where it works."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Anywhere", (
        ("/", "search everything (typing in the tree starts a search too)"),
        ("Esc", "back out: close search or this help (never quits)"),
        ("Backspace, H, Ctrl/Alt+←", "back (in the search box, Backspace and Ctrl+Left edit)"),
        ("L, Ctrl/Alt+→", "forward (H and L type letters in the search box)"),
        ("Ctrl+P", "command palette: go to any item by title or id"),
        ("y", "copy the open item's id (or the highlighted link's) to your clipboard"),
        ("? or F1", "this help"),
        ("q, Ctrl+Q", "quit (q types a q inside the search box)"),
    )),
    ("Tree and results", (
        ("Up/Down, j/k", "move"),
        ("g / G", "top / bottom"),
        ("Enter", "open; in results, open at the matching passage"),
        ("Right/Left", "expand / collapse in the tree"),
    )),
    ("Reading pane", (
        ("Tab / Shift+Tab", "next / previous link (highlighted)"),
        ("Enter", "follow the highlighted link"),
        ("p", "peek at the highlighted glossary term or item"),
        ("j/k, Up/Down", "scroll a line"),
        ("Space, PageDown / b, PageUp", "scroll a page"),
        ("g / G", "top / bottom"),
    )),
)


def key_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for group, rows in KEYS:
        table.add_row(f"[underline]{group}[/]", "")
        for key, what in rows:
            table.add_row(key, what)
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    """A dismissable overlay; the reader underneath keeps its place."""

    BINDINGS = [  # noqa: RUF012 - Textual reads this class attribute
        Binding("escape,q,question_mark,f1", "dismiss", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("hubreader keys", id="help-title")
            yield Static(key_table())
