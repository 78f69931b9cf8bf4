"""One block of a reading pane's page drawn as strips: its spans styled by role, the highlighted link, a find's
matches and the link hints marked on it, wrapped at the page's width.

Links and matches carry an invisible style mark (`link_marker`) that survives wrapping, so the rows each landed on
are read back from the wrapped lines (`find_link_rows`), not worked out from character offsets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import NamedTuple

from rich.console import Console
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.strip import Strip

from tui.view.document import Block, Style
from tui.view.place import Place
from tui.widgets.link_hints import LinkHints, marked_cell, overlay
from tui.widgets.page_find import PageFind
from tui.widgets.page_layout import LAYOUTS, Drawn, Rows, room

SPAN_COMPONENTS = {
    Style.LINK: "reading-pane--link",
    Style.URL: "reading-pane--link",
    Style.TERM: "reading-pane--term",
    Style.BROKEN: "reading-pane--broken",
    Style.DIM: "reading-pane--dim",
    Style.STRONG: "reading-pane--strong",
}
LINK_META = "reading-pane-link"  # style metadata naming a link's span, so its rows can be found once wrapped
MATCH_META = "reading-pane-match"  # the same for a find's match, by its number


class LinkSpot(NamedTuple):
    """Where a link sits: which block, which span."""

    block: int
    span: int
    target: Place


class Ink(NamedTuple):
    """What the pane draws a block with at the moment: its component styles and the marks on the page."""

    console: Console
    styles: Mapping[str, RichStyle]  # the pane's component classes as Rich styles
    links: Sequence[LinkSpot]
    focused: LinkSpot | None
    find: PageFind | None
    hints: LinkHints | None


@cache
def link_marker(span: int, key: str = LINK_META) -> RichStyle:
    """Invisible on screen; it survives wrapping, which character offsets would not (tabs, newlines, wide text)."""
    return RichStyle.from_meta({key: span})


def find_link_rows(lines: list[list[Segment]], first_row: int, key: str = LINK_META) -> dict[int, Rows]:
    """For each marked span (or match, by `key`): the first and last of `lines` it appears on, from `first_row`."""
    rows: dict[int, Rows] = {}
    for row, line in enumerate(lines, start=first_row):
        for segment in line:
            span = segment.style.meta.get(key) if segment.style is not None else None
            if span is not None:
                rows[span] = (rows.get(span, (row, row))[0], row)
    return rows


def block_strips(block: Block, index: int, width: int, ink: Ink) -> Drawn:
    """The block's lines, and the rows among them (first, last) where each of its links and matches landed."""
    layout = LAYOUTS[block.role]
    base = ink.styles[layout.component] if layout.component else RichStyle()
    text = Text(style=base, end="")
    focused = ink.focused
    for position, span in enumerate(block.spans):
        is_focused = focused is not None and (focused.block, focused.span) == (index, position)
        style = span_style(ink.styles, span.style, is_focused, span.text)
        text.append(span.text, style if span.target is None else style + link_marker(position))
    has_matches = ink.find is not None and index in ink.find.by_block
    if has_matches:
        mark_matches(ink, index, text)
    console = ink.console
    lines = console.render_lines(text, console.options.update_width(room(layout, width)), pad=False)
    bar = [Segment("▌", ink.styles["reading-pane--bar"])] if layout.bar else []
    strips = [Strip.blank(width) for _ in range(layout.gap)]
    for number, line in enumerate(lines):
        prefix = Segment(layout.first if number == 0 else layout.rest, base)
        strips.append(Strip([*bar, prefix, *line]))
    link_rows = find_link_rows(lines, layout.gap)
    match_rows = find_link_rows(lines, layout.gap, MATCH_META) if has_matches else None
    if ink.hints is not None:
        draw_hints(ink, index, strips, link_rows)
    return Drawn(strips, link_rows, match_rows)


def mark_matches(ink: Ink, index: int, text: Text) -> None:
    """A find's matches in the block's text, by character: the text is the block's plain text, span by span."""
    assert ink.find is not None
    for number in ink.find.by_block[index]:
        match = ink.find.matches[number]
        component = "reading-pane--current-match" if number == ink.find.current else "reading-pane--match"
        text.stylize(ink.styles[component] + link_marker(number, MATCH_META), match.start, match.end)


def draw_hints(ink: Ink, index: int, strips: list[Strip], link_rows: dict[int, Rows]) -> None:
    """Each label over the start of its link, or over the link's first row in view when it starts above it."""
    assert ink.hints is not None
    style = ink.styles["reading-pane--hint"]
    for number, label in ink.hints.shown().items():
        spot = ink.links[number]
        if spot.block != index or spot.span not in link_rows:
            continue
        row = link_rows[spot.span][0] + ink.hints.above.get(number, 0)
        cell = marked_cell(strips[row], LINK_META, spot.span)
        if cell is not None:
            strips[row] = overlay(strips[row], cell, label, style)


def span_style(styles: Mapping[str, RichStyle], style: Style, focused: bool, text: str) -> RichStyle:
    """A span's look: the highlighted link's over any other; a URL also carries its text as a terminal link."""
    if focused:
        return styles["reading-pane--focused-link"]
    component = SPAN_COMPONENTS.get(style)
    rich = styles[component] if component else RichStyle()
    return rich + RichStyle(link=text) if style is Style.URL else rich
