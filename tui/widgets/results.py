"""Ranked search results: kind badge, title, and a snippet with the matched words highlighted."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.app.history import Place

MAX_SHOWN = 50


@dataclass(frozen=True, slots=True)
class ResultRow:
    """What one result shows, already split into plain and highlighted runs."""

    place: Place
    badge: str
    title: str
    snippet: tuple[tuple[str, bool], ...]
    section: str | None


class ResultsList(OptionList):
    """An OptionList capped at a few hundred rows, which stays fast whatever the query."""

    COMPONENT_CLASSES = {"results-list--badge", "results-list--match", "results-list--dim"}  # noqa: RUF012
    BINDINGS = [  # noqa: RUF012 - Textual reads this class attribute
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ResultRow] = []

    def show_rows(self, rows: list[ResultRow], message: str = "") -> None:
        self.rows = rows[:MAX_SHOWN]
        self.clear_options()
        if not self.rows:
            self.add_option(Option(Text(message or "No matches", style="italic"), disabled=True))
            return
        self.add_options([Option(self._prompt(row)) for row in self.rows])
        self.highlighted = 0

    def _prompt(self, row: ResultRow) -> Text:
        text = Text()
        text.append(f"{row.badge:<6}", self.get_component_rich_style("results-list--badge"))
        text.append(row.title)
        if row.section:
            text.append(f"  § {row.section}", self.get_component_rich_style("results-list--dim"))
        if row.snippet:
            text.append("\n      ")
            match_style = self.get_component_rich_style("results-list--match")
            dim = self.get_component_rich_style("results-list--dim")
            for part, is_match in row.snippet:
                text.append(part, match_style if is_match else dim)
        return text

    @property
    def highlighted_row(self) -> ResultRow | None:
        index = self.highlighted
        return self.rows[index] if index is not None and index < len(self.rows) else None
