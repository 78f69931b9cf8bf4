"""The reading pane: an item's blocks drawn line by line, with Tab/Shift+Tab moving a highlight between links.

One widget renders the whole document to strips and paints only the visible lines, so opening a long hub costs
the same as opening a short note (mounting a widget per paragraph cost about 2 ms each).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.binding import Binding
from textual.events import Resize
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.view.document import Block, Role, Style
from tui.view.place import Place


@dataclass(frozen=True, slots=True)
class LinkSpot:
    """Where a link sits: which block, which span."""

    block: int
    span: int
    target: Place


@dataclass(frozen=True, slots=True)
class Layout:
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
SPAN_COMPONENTS = {
    Style.LINK: "reading-pane--link",
    Style.URL: "reading-pane--link",
    Style.TERM: "reading-pane--term",
    Style.BROKEN: "reading-pane--broken",
    Style.DIM: "reading-pane--dim",
    Style.STRONG: "reading-pane--strong",
}


class ReadingPane(ScrollView, can_focus=True):
    """Shows one item; posts `Followed` when the reader follows the highlighted link."""

    COMPONENT_CLASSES = {  # noqa: RUF012 - Textual reads this class attribute
        "reading-pane--link",
        "reading-pane--focused-link",
        "reading-pane--term",
        "reading-pane--broken",
        "reading-pane--dim",
        "reading-pane--strong",
        "reading-pane--title",
        "reading-pane--heading",
        "reading-pane--bar",
    }
    BINDINGS = [  # noqa: RUF012
        Binding("tab", "next_link", "Next link"),
        Binding("shift+tab", "previous_link", "Previous link"),
        Binding("enter", "follow", "Follow link"),
        Binding("p", "peek", "Peek term"),
        Binding("escape", "app.back_out", "Back to tree"),
        Binding("j,down", "scroll_down", "Scroll down", show=False),
        Binding("k,up", "scroll_up", "Scroll up", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("b,pageup", "page_up", "Page up", show=False),
        Binding("g,home", "scroll_home", "Top", show=False),
        Binding("G,end", "scroll_end", "Bottom", show=False),
    ]

    class Followed(Message):
        """The reader asked to go to `place`."""

        def __init__(self, place: Place) -> None:
            super().__init__()
            self.place = place

    class Peeked(Message):
        """The reader asked for a quick look at `place` without leaving the page."""

        def __init__(self, place: Place) -> None:
            super().__init__()
            self.place = place

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.links: list[LinkSpot] = []
        self.focused_link: int | None = None
        self._blocks: list[Block] = []
        self._rendered: list[list[Strip]] = []
        self._tops: list[int] = []
        self._lines: list[Strip] = []
        self._width = 0
        self._styles: dict[str, RichStyle] = {}
        self._pending: tuple[str | None, float | None] | None = None

    async def show(self, blocks: list[Block], anchor: str | None = None, scroll: float | None = None) -> None:
        """Replace the content; open at `anchor` (a section id) or at a remembered scroll offset."""
        self.focused_link = None
        self._pending = None
        self._blocks = blocks
        self.links = [
            LinkSpot(index, position, span.target)
            for index, block in enumerate(blocks)
            for position, span in enumerate(block.spans)
            if span.target is not None
        ]
        if not self.scrollable_content_region.width:  # not laid out yet: lay out once, at the real width, on resize
            self._pending = (anchor, scroll)
            self.virtual_size = Size(1, len(blocks) * 3)  # a guess, so the first layout already gives it scrollbars
            return
        self._open_at(anchor, scroll)

    def _open_at(self, anchor: str | None, scroll: float | None) -> None:
        self._layout()
        self._scroll_now(self._initial_y(anchor, scroll))

    def _scroll_now(self, y: float) -> None:
        """Forced: a page opened after a short one has no scrollbar yet, and Textual would refuse to scroll it."""
        self.scroll_to(y=y, animate=False, immediate=True, force=True)

    @property
    def _laid_out(self) -> bool:
        return bool(self._blocks) and self._pending is None

    def _initial_y(self, anchor: str | None, scroll: float | None) -> float:
        if anchor is not None:
            index = next((i for i, block in enumerate(self._blocks) if block.anchor == anchor), None)
            if index is not None:
                return self._tops[index]
        return scroll or 0

    def _layout(self) -> None:
        """Render every block at the current width; done on open and on resize, never per frame."""
        self._width = max(self.scrollable_content_region.width, 20)
        self._styles = self._page_styles()
        self._rendered = [self._render_block(index) for index in range(len(self._blocks))]
        self._join()

    def _page_styles(self) -> dict[str, RichStyle]:
        return {name: self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}

    def notify_style_update(self) -> None:
        """Focus and theme change the background that muted colours blend with: draw the page again in the new ones."""
        super().notify_style_update()
        if self._laid_out and self._page_styles() != self._styles:
            self._layout()  # same width, so the same lines: the view stays where it is

    def _join(self) -> None:
        self._tops, self._lines = [], []
        for strips in self._rendered:
            self._tops.append(len(self._lines))
            self._lines.extend(strips)
        self.virtual_size = Size(self._width, len(self._lines))
        self.refresh()

    def on_resize(self, event: Resize) -> None:
        if self._pending is not None:
            anchor, scroll = self._pending
            self._pending = None
            self._open_at(anchor, scroll)
        elif self._laid_out and self.scrollable_content_region.width != self._width:
            self._relayout()

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        """A scrollbar that comes or goes changes the width without a resize: wrap again or text is clipped."""
        if self._laid_out and self.scrollable_content_region.width != self._width:
            self._relayout()
        if shown:  # Textual moves the thumb only while the bar is shown: put it where a scroll made before went
            self.vertical_scrollbar.position = self.scroll_offset.y

    def _relayout(self) -> None:
        """Wrap at the new width, keeping the line at the top of the view there (as near as rewrapping allows)."""
        y = round(self.scroll_offset.y)
        block = max(bisect_right(self._tops, y) - 1, 0)
        into = y - self._tops[block]
        self._layout()
        self._scroll_now(self._tops[block] + min(into, len(self._rendered[block]) - 1))

    def _render_block(self, index: int) -> list[Strip]:
        block = self._blocks[index]
        layout = LAYOUTS[block.role]
        base = self._styles[layout.component] if layout.component else RichStyle()
        text = Text(style=base, end="")
        focused = self.links[self.focused_link] if self.focused_link is not None else None
        for position, span in enumerate(block.spans):
            is_focused = focused is not None and (focused.block, focused.span) == (index, position)
            text.append(span.text, self._span_style(span.style, is_focused, span.text))
        indent = max(len(layout.first), len(layout.rest)) + (1 if layout.bar else 0)
        console = self.app.console
        lines = console.render_lines(text, console.options.update_width(max(self._width - indent, 10)), pad=False)
        bar = [Segment("▌", self._styles["reading-pane--bar"])] if layout.bar else []
        strips = [Strip.blank(self._width) for _ in range(layout.gap)]
        for number, line in enumerate(lines):
            prefix = Segment(layout.first if number == 0 else layout.rest, base)
            strips.append(Strip([*bar, prefix, *line]))
        return strips

    def _span_style(self, style: Style, focused: bool, text: str) -> RichStyle:
        if focused:
            return self._styles["reading-pane--focused-link"]
        component = SPAN_COMPONENTS.get(style)
        rich = self._styles[component] if component else RichStyle()
        return rich + RichStyle(link=text) if style is Style.URL else rich

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        return self._lines[index].crop_extend(scroll_x, scroll_x + width, self.rich_style).apply_style(self.rich_style)

    @property
    def focused_target(self) -> Place | None:
        return self.links[self.focused_link].target if self.focused_link is not None else None

    def _move_link(self, step: int) -> None:
        if not self.links:
            self.app.bell()
            return
        previous = self.focused_link
        if previous is None:
            self.focused_link = self._first_visible_link() if step > 0 else len(self.links) - 1
        else:
            self.focused_link = (previous + step) % len(self.links)
        for block in {self.links[i].block for i in (previous, self.focused_link) if i is not None}:
            self._rendered[block] = self._render_block(block)
        self._join()
        self._reveal(self.links[self.focused_link].block)

    def _reveal(self, block: int) -> None:
        """Scroll just enough that the block with the highlighted link is on screen."""
        top = self._tops[block]
        bottom = top + len(self._rendered[block])
        height = self.scrollable_content_region.height
        if top < self.scroll_offset.y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif bottom > self.scroll_offset.y + height:
            self.scroll_to(y=max(top, bottom - height), animate=False, immediate=True)

    def _first_visible_link(self) -> int:
        """Start from what is on screen, not from the top of a long page."""
        top = self.scroll_offset.y
        return next((number for number, spot in enumerate(self.links) if self._tops[spot.block] >= top), 0)

    def action_next_link(self) -> None:
        self._move_link(1)

    def action_previous_link(self) -> None:
        self._move_link(-1)

    def action_follow(self) -> None:
        if self.focused_target is not None:
            self.post_message(self.Followed(self.focused_target))

    def action_peek(self) -> None:
        if self.focused_target is not None:
            self.post_message(self.Peeked(self.focused_target))
