"""The reading pane: an item's blocks drawn line by line, with Tab/Shift+Tab moving a highlight between links.

One widget renders the whole document to strips and paints only the visible lines, so opening a long hub mounts
nothing (test_opening_an_item_repaints_the_header_and_the_page_not_the_whole_screen). It wraps the blocks that fill
the screen first and the rest of the page once those are painted; anything that reads below them (a scroll, Tab, the
end of the page) wraps the rest first (tests/test_first_screen_wrap.py). The rows themselves (which blocks are
wrapped, where each starts, where its links landed) are tui/widgets/page_layout.py's, and how one block becomes
strips is tui/widgets/block_strips.py's; this widget decides when to wrap, what is on screen and where it scrolls.

Tab starts from what is on screen: focus arriving by Tab highlights the first link in view (Shift+Tab the last),
and a move scrolls only when the link is not wholly in view, just far enough to show it with LINK_CONTEXT lines
around it. Past the last link Tab wraps to the first (Shift+Tab, past the first, to the last).

Link hints (f) and find in page (set_find, n/N) keep their state in tui/widgets/link_hints.py and
tui/widgets/page_find.py; block_strips marks the blocks they touch as those are drawn, and here just those are
redrawn.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style as RichStyle
from textual.events import Blur, Key, Resize
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from tui.overrides.keys_in_order import own_bindings
from tui.view.document import Block
from tui.view.place import Place
from tui.widgets.block_strips import Ink, LinkSpot, block_strips
from tui.widgets.keys import READING
from tui.widgets.link_hints import LinkHints
from tui.widgets.messages import OpenPlace
from tui.widgets.page_find import PageFind, page_find
from tui.widgets.page_layout import Drawn, PageLayout, Rows

LINK_CONTEXT = 2  # lines kept beside a link that Tab scrolls into view
TAB_STEPS = {"tab": 1, "shift+tab": -1}


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
        "reading-pane--hint",
        "reading-pane--match",
        "reading-pane--current-match",
    }
    BINDINGS = READING.bindings()
    DEFAULT_CSS = """
    ReadingPane > .reading-pane--title {
        text-style: bold;
    }
    ReadingPane > .reading-pane--heading {
        text-style: bold;
        color: $accent;
    }
    ReadingPane > .reading-pane--bar {
        color: $primary;
    }
    ReadingPane > .reading-pane--link {
        color: $accent;
        text-style: underline;
    }
    ReadingPane > .reading-pane--term {
        color: $secondary;
        text-style: underline;
    }
    ReadingPane > .reading-pane--focused-link {
        background: $accent;
        color: $text;
        text-style: bold;
    }
    ReadingPane > .reading-pane--broken {
        color: $error;
        text-style: strike;
    }
    ReadingPane > .reading-pane--dim {
        color: $text-muted;
    }
    ReadingPane > .reading-pane--strong {
        text-style: bold;
    }
    /* Hints and matches each look unlike the highlighted link, whose $accent is $warning too in both themes */
    ReadingPane > .reading-pane--hint {
        background: $success;
        color: $text;
        text-style: bold;
    }
    ReadingPane > .reading-pane--match {
        background: $secondary-muted;
        color: $text;
    }
    ReadingPane > .reading-pane--current-match {
        background: $secondary;
        color: $text;
        text-style: bold;
    }
    ReadingPane:nocolor > .reading-pane--focused-link {
        text-style: bold reverse;
    }
    ReadingPane:nocolor > .reading-pane--hint {
        text-style: bold reverse;
    }
    ReadingPane:nocolor > .reading-pane--match {
        text-style: reverse;
    }
    ReadingPane:nocolor > .reading-pane--current-match {
        text-style: bold reverse underline;
    }
    """

    class Peeked(Message):
        """The reader asked for a quick look at `place` without leaving the page."""

        def __init__(self, place: Place) -> None:
            super().__init__()
            self.place = place

    class FindAsked(Message):
        """The reader asked to find in this page (Ctrl+F): the screen opens the prompt, starting from `query`, and
        hands what is typed to `find_in_page`; a widget does not open screens (tests/test_layers.py)."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.links: list[LinkSpot] = []
        self.focused_link: int | None = None
        self._page = PageLayout(self._render_block)  # the page wrapped so far, at the width it was wrapped at
        self._styles: dict[str, RichStyle] = {}
        self._line_style: RichStyle | None = None  # the widget's own style, while one paint lasts
        self._pending: tuple[str | None, float | None] | None = None
        self._last_key: tuple[str, Widget | None] | None = None  # the key the screen passed on last, and from where
        self.hints: LinkHints | None = None  # the link hints on screen, while f's hint mode lasts
        self.find: PageFind | None = None  # the find whose matches are highlighted, while one is active
        self._jumped: tuple[str, float] | None = None  # the anchor last scrolled to, and the offset it landed at

    def on_mount(self) -> None:
        """Tab into the pane is the app's binding, out of this pane's sight: watch the key pass and the focus move."""
        self.screen.message_signal.subscribe(self, self._note_key, immediate=True)
        self.watch(self.screen, "focused", self._focus_moved, init=False)

    async def show(
        self, blocks: list[Block], anchor: str | None = None, scroll: float | None = None, find: str | None = None
    ) -> None:
        """Replace the content; open at `anchor` (a section id) or at a remembered scroll offset, with the words of
        `find` highlighted as the blocks are first drawn
        (test_live_preview.py::test_a_result_opens_with_its_find_drawn_in)."""
        self.focused_link = None
        self._pending = None
        self.hints = None
        self._set_find_state(page_find(blocks, find))
        self._page.blocks = blocks
        self.links = [
            LinkSpot(index, position, span.target)
            for index, block in enumerate(blocks)
            for position, span in enumerate(block.spans)
            if span.target is not None
        ]
        if not self.scrollable_content_region.width:  # no width yet: wrap at the first one it gets (_open_pending)
            self._pending = (anchor, scroll)
            self.virtual_size = Size(1, len(blocks) * 3)  # a guess, so the first layout already gives it scrollbars
            return
        self._open_at(anchor, scroll)

    def _open_at(self, anchor: str | None, scroll: float | None) -> None:
        self._clear_page()
        y = self._initial_y(anchor, scroll)
        self._wrap(rows=y + self.scrollable_content_region.height)
        self._scroll_now(y)
        self._jumped = None if anchor is None or self._anchor_block(anchor) is None else (anchor, self.scroll_offset.y)

    def _scroll_now(self, y: float) -> None:
        """Forced: a page opened after a short one has no scrollbar yet, and Textual would refuse to scroll it."""
        self.scroll_to(y=y, animate=False, immediate=True, force=True)

    @property
    def _laid_out(self) -> bool:
        return bool(self._page.blocks) and self._pending is None

    @property
    def _wrapped_all(self) -> bool:
        return self._page.wrapped_all

    @property
    def blocks(self) -> list[Block]:
        """The page on show, as `show` was given it."""
        return self._page.blocks

    # The page's rows under the names tests read them by (test_first_screen_wrap.py, test_app_flows.py,
    # test_bookmarks.py, test_live_preview.py, test_link_hints.py, test_tab_links.py)

    @property
    def _rendered(self) -> list[list[Strip]]:
        return self._page.rendered

    @property
    def _tops(self) -> list[int]:
        return self._page.tops

    @property
    def _lines(self) -> list[Strip]:
        return self._page.lines

    @property
    def _width(self) -> int:
        return self._page.width

    def _initial_y(self, anchor: str | None, scroll: float | None) -> float:
        """An anchor's block, and every block above it, is wrapped to know where it starts."""
        index = None if anchor is None else self._anchor_block(anchor)
        if index is not None:
            self._page.wrap_blocks(through=index)
            return self._page.tops[index]
        return scroll or 0

    def _anchor_block(self, anchor: str) -> int | None:
        return self._page.anchor_block(anchor)

    def _layout(self, rows: float | None = None) -> None:
        """Wrap the page at the current width, on open, on resize and on a change of style, never per frame."""
        self._clear_page()
        self._wrap(rows)

    def _clear_page(self) -> None:
        self._styles = self._page_styles()
        self._page.clear(max(self.scrollable_content_region.width, 20))

    def _wrap(self, rows: float | None = None) -> None:
        """The blocks down to line `rows` now (every block when None), and the rest once the next frame is painted
        (test_the_first_frame_shows_the_top_of_the_page_wrapped_first)."""
        self._page.wrap_blocks(rows)
        self._size_page()
        if not self._wrapped_all:
            self.call_after_refresh(self._wrap_rest)

    def _wrap_rest(self) -> None:
        if self._laid_out and not self._wrapped_all:
            self._wrap()

    def _size_page(self) -> None:
        """The page's length; until they are wrapped, other blocks count as their text's length over the width, so
        the scrollbar is about right while they wait. A scroll that would show them wraps them first, so it stops at
        the page's real end (validate_scroll_y, action_scroll_end)."""
        self.virtual_size = Size(self._page.width, self._page.estimated_rows())
        self.refresh()

    def _page_styles(self) -> dict[str, RichStyle]:
        return {name: self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}

    def notify_style_update(self) -> None:
        """Focus and theme change the background that muted colours blend with: draw the page again in the new ones."""
        super().notify_style_update()
        if self._laid_out and self._page_styles() != self._styles:
            self._layout(None if self._wrapped_all else len(self._page.lines))  # same width, same lines: the view stays

    def _open_pending(self) -> None:
        """A page shown before the pane had a width opens at the first width it gets: as the frame that gives it
        one is painted, so a start's first frame shows the first item (tests/test_first_screen_wrap.py), or on the
        resize after a layout that did not paint the pane (a hidden one)."""
        if self._pending is not None and self.scrollable_content_region.width:
            anchor, scroll = self._pending
            self._pending = None
            self._open_at(anchor, scroll)

    def on_resize(self, event: Resize) -> None:
        self._end_hints()  # the labels were placed for the links of the old view (test_resizing_ends_hints)
        if self._pending is not None:
            self._open_pending()
        elif self._laid_out and self.scrollable_content_region.width != self._page.width:
            self._relayout()

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        """A scrollbar that comes or goes changes the width without a resize: wrap again or text is clipped."""
        if self._laid_out and self.scrollable_content_region.width != self._page.width:
            self._relayout()
        if shown:  # Textual moves the thumb only while the bar is shown: put it where a scroll made before went
            self.vertical_scrollbar.position = self.scroll_offset.y

    def _relayout(self) -> None:
        """Wrap at the new width, keeping the line at the top of the view there (as near as rewrapping allows)."""
        y = round(self.scroll_offset.y)
        page = self._page
        block = page.block_at(y)
        into = y - page.tops[block]
        self._clear_page()
        page.wrap_blocks(through=block)
        top = page.tops[block] + min(into, len(page.rendered[block]) - 1)
        self._wrap(rows=top + self.scrollable_content_region.height)
        self._scroll_now(top)
        if self.find is not None and self.find.current is not None:  # test_a_resize_keeps_the_current_match
            self._wrap_rest()
            self._reveal(*self._rows_of_match(self.find.current))

    def validate_scroll_y(self, value: float) -> float:
        """A view reaching below the wrapped blocks wraps the rest first, so it is limited to the page's real end."""
        self._wrap_below(value)
        return super().validate_scroll_y(value)

    def validate_scroll_target_y(self, value: float) -> float:
        """As validate_scroll_y, for where a scroll is heading."""
        self._wrap_below(value)
        return super().validate_scroll_target_y(value)

    def _wrap_below(self, y: float) -> None:
        below = y + self.scrollable_content_region.height > len(self._page.lines)
        if self._laid_out and not self._wrapped_all and below:
            self._wrap()

    def action_scroll_end(self) -> None:
        """The end is where the whole page ends: wrap the rest before it is looked up."""
        self._wrap_rest()
        super().action_scroll_end()

    def _render_block(self, index: int) -> Drawn:
        """The page's block drawn with the pane's styles and marks as they are now (tui/widgets/block_strips.py)."""
        focused = self.links[self.focused_link] if self.focused_link is not None else None
        ink = Ink(self.app.console, self._styles, self.links, focused, self.find, self.hints)
        return block_strips(self._page.blocks[index], index, self._page.width, ink)

    def render_lines(self, crop: Region) -> list[Strip]:
        """A page waiting for a width opens first. The widget's own style is the same for every line of a paint, and
        looking it up walks every ancestor: once a paint."""
        self._open_pending()
        self._line_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._line_style = None

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        style = self.rich_style if self._line_style is None else self._line_style
        index = scroll_y + y
        lines = self._page.lines
        if index >= len(lines):
            return Strip.blank(width, style)
        return lines[index].crop_extend(scroll_x, scroll_x + width, style).apply_style(style)

    @property
    def focused_target(self) -> Place | None:
        return self.links[self.focused_link].target if self.focused_link is not None else None

    def _note_key(self, message: Message) -> None:
        """Every key a widget leaves unhandled passes the screen before the app's Tab binding moves focus on it."""
        if isinstance(message, Key):
            self._last_key = (message.key, self.screen.focused)

    def _focus_moved(self, old: Widget | None, new: Widget | None) -> None:
        """Focus that came by Tab or Shift+Tab from the widget that had it lights a link at once
        (test_first_tab_from_the_tree_highlights_a_link_in_view); focus given any other way lights none."""
        last_key, self._last_key = self._last_key, None
        if new is self and last_key is not None and last_key[1] is old and last_key[0] in TAB_STEPS:
            self._arrive(TAB_STEPS[last_key[0]])

    def _arrive(self, step: int) -> None:
        """The first link in view (the last for Shift+Tab), or none when no link is in view: arriving never
        jumps the page to a link elsewhere."""
        if not (self.links and self._laid_out):
            return
        self._wrap_rest()
        number = self._link_from_view(step)
        first, last = self._rows_of(number)
        top, bottom = self._view()
        self._highlight(number if first < bottom and last >= top else None)

    def _move_link(self, step: int) -> None:
        """From a highlighted link to the next, wrapping at either end. From none, Tab goes to the first link in
        view or below it, and Shift+Tab wraps to the last of the page (test_shift_tab_wraps_to_the_last_link)."""
        if not (self.links and self._laid_out):
            self.app.bell()
            return
        self._wrap_rest()
        previous = self.focused_link
        if previous is not None:
            self._highlight((previous + step) % len(self.links))
        else:
            self._highlight(self._link_from_view(1) if step > 0 else len(self.links) - 1)

    def _highlight(self, number: int | None) -> None:
        """Redraw only the blocks whose highlight changed; a link scrolled away is brought back even if it stays."""
        previous, self.focused_link = self.focused_link, number
        if number != previous:
            self._redraw({self.links[i].block for i in (previous, number) if i is not None})
        if number is not None:
            self._reveal(*self._rows_of(number))

    def _view(self) -> tuple[int, int]:
        """The rows on screen: the first, and the one just past the last."""
        top = self.scroll_offset.y
        return top, top + self.scrollable_content_region.height

    def _rows_of(self, number: int) -> Rows:
        """The page rows a link's text occupies, first and last."""
        spot = self.links[number]
        return self._page.page_rows(spot.block, self._page.link_rows[spot.block].get(spot.span))

    def _link_from_view(self, step: int) -> int:
        return self._from_view(self._rows_of, len(self.links), step)

    def _from_view(self, rows_of: Callable[[int], Rows], count: int, step: int) -> int:
        """Start from what is on screen, not from the top of a long page: the first of `count` links (or matches)
        that starts in view or below it (step -1: the last that ends in view or above it), else the first (the
        last) of the page."""
        top, bottom = self._view()
        numbers = range(count)
        if step > 0:
            return next((n for n in numbers if rows_of(n)[0] >= top), 0)
        return next((n for n in reversed(numbers) if rows_of(n)[1] < bottom), count - 1)

    def _reveal(self, first: int, last: int) -> None:
        """A link wholly in view stays where it is (test_tab_onto_a_link_in_view_does_not_scroll); one outside
        the view is scrolled just into it, with LINK_CONTEXT lines beside it when they fit."""
        top, bottom = self._view()
        height = bottom - top
        context = min(LINK_CONTEXT, max(height - (last - first + 1), 0) // 2)
        if first < top:
            self.scroll_to(y=max(first - context, 0), animate=False, immediate=True)
        elif last >= bottom:
            self.scroll_to(y=min(last + 1 + context - height, first), animate=False, immediate=True)

    def action_next_link(self) -> None:
        self._move_link(1)

    def action_previous_link(self) -> None:
        self._move_link(-1)

    def action_follow(self) -> None:
        if self.focused_target is not None:
            self.post_message(OpenPlace(self.focused_target, focus=True))

    def action_peek(self) -> None:
        if self.focused_target is not None:
            self.post_message(self.Peeked(self.focused_target))

    # Link hints

    def action_hints(self) -> None:
        """Label every link with a row in view; with none in view, a bell (test_f_labels_exactly_the_links_in_view)."""
        if not self._laid_out:
            self.app.bell()
            return
        top, bottom = self._view()
        in_view = []
        page = self._page
        for number, spot in enumerate(self.links):
            if spot.block >= len(page.rendered) or not page.blocks[spot.block].spans[spot.span].text.strip():
                continue
            first, last = self._rows_of(number)
            if first < bottom and last >= top:
                in_view.append((number, max(top - first, 0)))
        if not in_view:
            self.app.bell()
            return
        self._show_hints(LinkHints.label(in_view))

    def _show_hints(self, hints: LinkHints | None) -> None:
        """Redraw only the blocks with a label now or before."""
        before, self.hints = self.hints, hints
        self._redraw({self.links[n].block for shown in (before, hints) if shown is not None for n in shown.shown()})

    def _end_hints(self) -> None:
        if self.hints is not None:
            self._show_hints(None)

    def on_key(self, event: Key) -> None:
        """While hints show, every key is theirs: none reaches the pane's, the screen's or the app's bindings (only
        priority keys such as / and Ctrl+Q run first). A label's letters follow its link, Esc ends hint mode, any
        other key ends it with a bell (test_an_unknown_letter_ends_hints_with_a_bell)."""
        if self.hints is None:
            self._hints_in_order(event)
            return
        event.stop()
        event.prevent_default()
        typed = self.hints.typing(event.character) if event.character and event.character.isalpha() else None
        if typed is None:
            self._end_hints()
            if event.key != "escape":
                self.app.bell()
        elif typed.chosen is not None:
            target = self.links[typed.chosen].target
            self._end_hints()
            self.post_message(OpenPlace(target, focus=True))
        else:
            self._show_hints(typed)

    def _hints_in_order(self, event: Key) -> None:
        """f starts hints as its key arrives: as a binding it would run only once the key has bubbled up to the app,
        after a label typed right behind it in one read (over SSH) had gone by
        (test_f_and_a_label_in_one_burst_follow_the_link)."""
        if any(binding.action == "hints" for binding in own_bindings(self, event.key)):
            event.stop()
            event.prevent_default()
            self.action_hints()

    def on_blur(self, event: Blur) -> None:
        """Keys go elsewhere now (a priority key such as / moved focus): the labels would wait for nothing."""
        self._end_hints()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """A scroll (the wheel, while hints show) ends hints: the labels belong to the view they were placed in."""
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self._end_hints()

    # Find in page

    def set_find(self, query: str | None) -> int:
        """Highlight the words of `query` in this page (None or no word: no find); returns the number of matches.
        No match is current until n or N (test_set_find_highlights_and_n_moves_between_matches)."""
        before = self.find
        self._set_find_state(page_find(self._page.blocks, query))
        self._redraw({block for find in (before, self.find) if find is not None for block in find.blocks})
        return len(self.find.matches) if self.find is not None else 0

    def _set_find_state(self, find: PageFind | None) -> None:
        """n and N are hidden from the footer while no find is active: bindings are checked again on each change."""
        active = self.find is not None
        self.find = find
        if active != (find is not None):
            self.refresh_bindings()

    def find_in_page(self, query: str | None) -> None:
        """What the find prompt hands back: None (Esc) changes nothing, an empty query clears the find, any other
        is found and the first match at or below the top of the view becomes current, with the count in a notice
        (test_the_find_prompt_finds_in_the_page_from_the_view)."""
        if query is None:
            return
        count = self.set_find(query)
        if not query.strip():
            return
        if not count:
            self.notify(f"No match for “{query}” in this page", severity="warning", timeout=3)
            return
        self.notify(f"{count} match{'es' if count > 1 else ''} for “{query}”", timeout=3)
        if self._laid_out:
            self._wrap_rest()
            self._make_current(self._match_from_view(1))

    def action_find(self) -> None:
        self.post_message(self.FindAsked(self.find.query if self.find is not None else ""))

    def action_find_next(self) -> None:
        self._step_find(1)

    def action_find_previous(self) -> None:
        self._step_find(-1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """n and N exist only while a find is active: hidden from the footer otherwise."""
        if action in ("find_next", "find_previous"):
            return self.find is not None
        return True

    def _step_find(self, step: int) -> None:
        """From the current match to the next (N: the previous), wrapping at either end without a bell; from none,
        n goes to the first match starting in view or below it and N to the last ending in view or above it."""
        if self.find is None or not self._laid_out:
            return
        self._wrap_rest()
        self._make_current(self.find.step(step) if self.find.current is not None else self._match_from_view(step))

    def _make_current(self, number: int) -> None:
        """Redraw the blocks of the old and new current match, and scroll the new one into view as Tab does."""
        assert self.find is not None
        before, self.find.current = self.find.current, number
        if before != number:
            self._redraw({self.find.matches[n].block for n in (before, number) if n is not None})
        self._reveal(*self._rows_of_match(number))

    def _rows_of_match(self, number: int) -> Rows:
        """The page rows a match occupies, first and last."""
        assert self.find is not None
        block = self.find.matches[number].block
        return self._page.page_rows(block, self._page.match_rows.get(block, {}).get(number))

    def _match_from_view(self, step: int) -> int:
        assert self.find is not None
        return self._from_view(self._rows_of_match, len(self.find.matches), step)

    def _redraw(self, blocks: set[int]) -> None:
        """Draw again the given blocks that are wrapped already; the others pick the change up when wrapped."""
        if not self._laid_out:  # a page waiting for a width has no lines yet (or still the last page's)
            return
        if self._page.redraw(blocks):
            self._size_page()

    # Sections

    def scroll_to_anchor(self, anchor: str) -> bool:
        """Bring a section (a block's anchor) to the top of the view as opening at it does; False when the page has
        no such anchor (test_scroll_to_anchor_brings_the_section_to_the_top)."""
        index = self._anchor_block(anchor)
        if index is None:
            return False
        if not self._laid_out:
            self._pending = (anchor, None)
            return True
        self._page.wrap_blocks(through=index)
        self._wrap(rows=self._page.tops[index] + self.scrollable_content_region.height)
        self._scroll_now(self._page.tops[index])
        self._jumped = (anchor, self.scroll_offset.y)
        return True

    def anchor_in_view(self) -> str | None:
        """The section being read: the last anchor scrolled to while the view has not moved since (near the end of a
        page it may not reach the top: test_a_section_too_near_the_end_to_reach_the_top_is_the_one_in_view), else
        the last anchored block starting at or above the top of the view."""
        if not self._laid_out:
            return None
        top = self.scroll_offset.y
        if self._jumped is not None and self._jumped[1] == top:
            return self._jumped[0]
        return self._page.anchor_above(top)
