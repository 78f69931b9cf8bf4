"""The reading pane: an item's blocks, with Tab/Shift+Tab moving a visible highlight between links."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style as RichStyle
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from tui.app.document import Block, Style
from tui.app.history import Place


@dataclass(frozen=True, slots=True)
class LinkSpot:
    """Where a link sits: which block, which span."""

    block: int
    span: int
    target: Place


class BlockView(Static):
    """One block; re-rendered when the focused link enters or leaves it."""

    def __init__(self, block: Block) -> None:
        super().__init__(classes=block.role.value, markup=False)
        self.block = block


class ReadingPane(VerticalScroll, can_focus=True):
    """Shows one item; posts `Followed` when the reader follows the highlighted link."""

    COMPONENT_CLASSES = {  # noqa: RUF012 - Textual reads this class attribute
        "reading-pane--link",
        "reading-pane--focused-link",
        "reading-pane--term",
        "reading-pane--broken",
        "reading-pane--dim",
        "reading-pane--strong",
    }
    BINDINGS = [  # noqa: RUF012
        Binding("tab", "next_link", "Next link"),
        Binding("shift+tab", "previous_link", "Previous link"),
        Binding("enter", "follow", "Follow link"),
        Binding("p", "peek", "Peek term"),
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding("b", "page_up", "Page up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
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
        self._views: list[BlockView] = []

    async def show(self, blocks: list[Block], anchor: str | None = None, scroll: float | None = None) -> None:
        """Replace the content; open at `anchor` (a section id) or at a remembered scroll offset."""
        self.focused_link = None
        self.links = [
            LinkSpot(index, position, span.target)
            for index, block in enumerate(blocks)
            for position, span in enumerate(block.spans)
            if span.target is not None
        ]
        self._views = [BlockView(block) for block in blocks]
        await self.remove_children()
        await self.mount_all(self._views)
        for index in range(len(self._views)):
            self._render_block(index)
        self.scroll_home(animate=False, immediate=True)
        self.call_after_refresh(self._open_at, anchor, scroll)

    def _open_at(self, anchor: str | None, scroll: float | None) -> None:
        if anchor is not None:
            view = next((v for v in self._views if v.block.anchor == anchor), None)
            if view is not None:
                self.scroll_to_widget(view, animate=False, top=True, immediate=True)
                return
        if scroll:
            self.scroll_to(y=scroll, animate=False, immediate=True)

    def _render_block(self, index: int) -> None:
        view = self._views[index]
        focused = self.links[self.focused_link] if self.focused_link is not None else None
        text = Text()
        for position, span in enumerate(view.block.spans):
            is_focused = focused is not None and focused.block == index and focused.span == position
            text.append(span.text, self._style(span.style, is_focused, span.text))
        view.update(text)

    def _style(self, style: Style, focused: bool, text: str) -> RichStyle:
        if focused:
            return self.get_component_rich_style("reading-pane--focused-link")
        if style is Style.URL:
            return self.get_component_rich_style("reading-pane--link") + RichStyle(link=text)
        name = {
            Style.LINK: "reading-pane--link",
            Style.TERM: "reading-pane--term",
            Style.BROKEN: "reading-pane--broken",
            Style.DIM: "reading-pane--dim",
            Style.STRONG: "reading-pane--strong",
        }.get(style)
        return self.get_component_rich_style(name) if name else RichStyle()

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
        for spot in {self.links[i].block for i in (previous, self.focused_link) if i is not None}:
            self._render_block(spot)
        self.scroll_to_widget(self._views[self.links[self.focused_link].block], animate=False, immediate=True)

    def _first_visible_link(self) -> int:
        """Start from what is on screen, not from the top of a long page."""
        top = self.scroll_offset.y
        for number, spot in enumerate(self.links):
            if self._views[spot.block].virtual_region.y >= top:
                return number
        return 0

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
