"""Ranked search results: kind badge, title, and a snippet with the matched words highlighted."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget
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
        """Two lines per result, each cut to the list's width: a steady list scans better than ragged wrapping."""
        width = max(self._available_width(), 20)
        head = Text(f"{row.badge:<6}", self.get_component_rich_style("results-list--badge"))
        head.append(row.title)
        if row.section:
            head.append(f"  § {row.section}", self.get_component_rich_style("results-list--dim"))
        head.truncate(width, overflow="ellipsis")
        if not row.snippet:
            return head
        match_style = self.get_component_rich_style("results-list--match")
        dim = self.get_component_rich_style("results-list--dim")
        body = Text()
        for part, is_match in row.snippet:
            body.append(part.replace("\n", " "), match_style if is_match else dim)
        body = _around_first_match(body, row.snippet, (width - 6) // 3)
        snippet = Text("      ").append_text(body)
        snippet.truncate(width, overflow="ellipsis")
        return Text("\n").join([head, snippet])

    def _available_width(self) -> int:
        """The list may still be hidden when the first results arrive; its column already has a width."""
        own = self.scrollable_content_region.width
        column = self.parent.size.width if isinstance(self.parent, Widget) else 0
        return (own or column - 2) - 1

    @property
    def highlighted_row(self) -> ResultRow | None:
        index = self.highlighted
        return self.rows[index] if index is not None and index < len(self.rows) else None


def _around_first_match(body: Text, spans: tuple[tuple[str, bool], ...], lead: int) -> Text:
    """Drop leading context so the first matched word is visible in a narrow list."""
    offset = 0
    for part, is_match in spans:
        if is_match:
            break
        offset += len(part)
    if offset <= lead:
        return body
    return Text("…", style=body.spans[0].style if body.spans else "").append_text(body[offset - lead :])
