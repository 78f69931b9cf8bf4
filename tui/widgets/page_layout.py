"""A reading pane's page as rows: its blocks wrapped to strips in order, the row each starts on, and the rows each
link landed on, kept apart from the widget so the rules of lazy wrapping read without Textual's scrolling around them.

Blocks are wrapped top down and only as far as asked (`wrap_blocks`); the blocks still waiting count as their text's
length over the width (`estimated_rows`), so the scrollbar is about right before they are wrapped
(tests/test_first_screen_wrap.py). How one block becomes strips is `render`'s (tui/widgets/block_strips.py, given
the pane's styles, highlighted link, hints and find).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import NamedTuple

from rich.cells import cell_len
from textual.strip import Strip

from tui.view.document import Block, Role

Rows = tuple[int, int]  # the first and last row something occupies


class Drawn(NamedTuple):
    """One block wrapped: its strips, and where its links (by span) and the find's matches (by number) landed."""

    strips: list[Strip]
    link_rows: dict[int, Rows]
    match_rows: dict[int, Rows] | None  # None: the find has no match in the block


RenderBlock = Callable[[int], Drawn]  # the block of that index, wrapped at the page's width


class Layout(NamedTuple):
    """How a block role sits on the page: blank lines above, first-line prefix, following-lines prefix, bar."""

    gap: int = 0
    first: str = ""
    rest: str = ""
    bar: bool = False
    component: str | None = None


LAYOUTS: dict[Role, Layout] = {
    Role.TITLE: Layout(component="reading-pane--title"),
    Role.META: Layout(component="reading-pane--dim"),
    Role.HEADING: Layout(gap=1, component="reading-pane--heading"),
    Role.PROSE: Layout(gap=1),
    Role.BULLET: Layout(first="• ", rest="  "),
    Role.CARD_TITLE: Layout(gap=1, first=" ", rest=" ", bar=True),
    Role.CARD_BODY: Layout(first="  ", rest="  ", bar=True, component="reading-pane--dim"),
    Role.GROUP: Layout(gap=1, component="reading-pane--strong"),
    Role.QUOTE: Layout(first="    ", rest="    ", component="reading-pane--dim"),
    Role.EMPTY: Layout(component="reading-pane--dim"),
}


def indent(layout: Layout) -> int:
    """The cells a role's prefix and bar take from the width, so its text wraps in what is left."""
    return max(len(layout.first), len(layout.rest)) + (1 if layout.bar else 0)


def room(layout: Layout, width: int) -> int:
    """The width a block's text wraps at: never under 10 cells, however narrow the pane."""
    return max(width - indent(layout), 10)


class PageLayout:
    """The wrapped part of one page at one width; `clear` starts it again (a new page, width or style)."""

    def __init__(self, render: RenderBlock) -> None:
        self.render = render
        self.blocks: list[Block] = []
        self.width = 0
        self.rendered: list[list[Strip]] = []  # per wrapped block: its strips
        self.link_rows: list[dict[int, Rows]] = []  # per wrapped block: span -> its first and last row there
        self.tops: list[int] = []  # per wrapped block: the page row it starts on
        self.lines: list[Strip] = []  # every wrapped block's strips, in page order
        self.match_rows: dict[int, dict[int, Rows]] = {}  # per wrapped block with matches: match -> its rows

    def clear(self, width: int) -> None:
        self.width = width
        self.rendered, self.link_rows, self.tops, self.lines = [], [], [], []
        self.match_rows = {}

    @property
    def wrapped_all(self) -> bool:
        return len(self.rendered) == len(self.blocks)

    def wrap_blocks(self, rows: float | None = None, through: int = -1) -> None:
        """Wrap the next blocks until the page has `rows` lines (every block when None) and block `through` is in."""
        while not self.wrapped_all and (rows is None or len(self.lines) < rows or len(self.rendered) <= through):
            index = len(self.rendered)
            drawn = self.render(index)
            self.rendered.append(drawn.strips)
            self.link_rows.append(drawn.link_rows)
            self._keep_matches(index, drawn)
            self.tops.append(len(self.lines))
            self.lines.extend(drawn.strips)

    def redraw(self, blocks: set[int]) -> bool:
        """Render again the given blocks that are wrapped already (the others pick the change up when wrapped);
        False when none was."""
        wrapped = [block for block in blocks if block < len(self.rendered)]
        for block in wrapped:
            drawn = self.render(block)
            self.rendered[block], self.link_rows[block] = drawn.strips, drawn.link_rows
            self._keep_matches(block, drawn)
        if wrapped:
            self._join()
        return bool(wrapped)

    def _keep_matches(self, block: int, drawn: Drawn) -> None:
        """A block without matches keeps the rows of an earlier find's: they are looked up only for an active find's
        matches, and a change of find redraws the blocks of both (ReadingPane.set_find)."""
        if drawn.match_rows is not None:
            self.match_rows[block] = drawn.match_rows

    def _join(self) -> None:
        self.tops, self.lines = [], []
        for strips in self.rendered:
            self.tops.append(len(self.lines))
            self.lines.extend(strips)

    def estimated_rows(self) -> int:
        """The page's length: the wrapped lines, and the waiting blocks' text length over the width."""
        rows = len(self.lines)
        for block in self.blocks[len(self.rendered) :]:
            layout = LAYOUTS[block.role]
            wrap_at = room(layout, self.width)
            rows += layout.gap + sum(-(-cell_len(line) // wrap_at) or 1 for line in block.plain.split("\n"))
        return rows

    def page_rows(self, block: int, rows: Rows | None) -> Rows:
        """Rows of a block as rows of the page; a link or match with no text has no rows of its own: the block's."""
        first, last = rows if rows is not None else (0, max(len(self.rendered[block]) - 1, 0))
        return self.tops[block] + first, self.tops[block] + last

    def anchor_block(self, anchor: str) -> int | None:
        return next((i for i, block in enumerate(self.blocks) if block.anchor == anchor), None)

    def block_at(self, row: int) -> int:
        """The wrapped block the page row falls in (the first when the page is empty)."""
        return max(bisect_right(self.tops, row) - 1, 0)

    def anchor_above(self, row: float) -> str | None:
        """The last anchored block starting at or above the page row."""
        above = bisect_right(self.tops, row)
        return next((self.blocks[i].anchor for i in reversed(range(above)) if self.blocks[i].anchor), None)
