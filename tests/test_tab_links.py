"""Tab in the reading pane starts from what is on screen and scrolls only to bring a link into view (#18 item 6)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import WriteFiles, started
from tui.app.app import HubReaderApp
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.model import ItemKey, Kind, load_knowledge_base
from tui.view.place import Place
from tui.widgets.nav_tree import NavTree
from tui.widgets.reading_pane import LINK_CONTEXT, ReadingPane
from tui.widgets.results import ResultsList

SIZES = [(80, 24), (120, 40)]
FILLER = " ".join(["these words only fill the page"] * 12)
LONG_NOTE = ItemKey(Kind.NOTE, "long-note")


def link(label: str) -> str:
    """One word, so the label is never wrapped and a search of the screen finds it whole."""
    return f"[[first-note|{label}]]"


# ref03 and ref04 sit a few words apart at the start of a paragraph taller than either screen: a Tab between them
# scrolled the page when the whole paragraph did not fit. ref05 is screens away from both.
LONG_BODY = "\n\n".join([
    f"Opening words {link('ref01')} and {link('ref02')}.",
    *[FILLER] * 6,
    f"Two links close together: {link('ref03')} then {link('ref04')}. " + " ".join([FILLER] * 8),
    *[FILLER] * 8,
    f"A link far below: {link('ref05')}.",
    *[FILLER] * 6,
])


@asynccontextmanager
async def reading(write_kb: WriteFiles, tmp_path: Path, size: tuple[int, int]) -> AsyncIterator[Pilot[None]]:
    """The reader with the long note open and the tree focused, as after Enter on it in the tree."""
    note = f'---\ntype: note\nid: "long-note"\ntitle: "Is a long note easy to tab through?"\n---\n{LONG_BODY}\n'
    kb = load_knowledge_base(write_kb({"notes/long-note.md": note}))
    app = HubReaderApp(kb, IndexSearcher(kb, tmp_path / "cache"), StateStore(None))
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        await app.reader_screen.open_place(Place(LONG_NOTE))
        await pilot.pause()
        assert isinstance(app.focused, NavTree)
        yield pilot


def pane(pilot: Pilot[None]) -> ReadingPane:
    return pilot.app.query_one(ReadingPane)


def view_text(reader: ReadingPane) -> list[str]:
    """The lines the pane paints now, as text."""
    return [reader.render_line(y).text for y in range(reader.scrollable_content_region.height)]


def highlighted(reader: ReadingPane) -> str:
    """The text painted in the highlight's colours now: read off the screen, not from the pane's bookkeeping."""
    colour = reader.get_component_rich_style("reading-pane--focused-link").bgcolor
    return "".join(
        segment.text
        for y in range(reader.scrollable_content_region.height)
        for segment in reader.render_line(y)
        if segment.style is not None and segment.style.bgcolor == colour
    )


def row_in_view(reader: ReadingPane, label: str) -> int | None:
    return next((y for y, line in enumerate(view_text(reader)) if label in line), None)


def row_in_page(reader: ReadingPane, label: str) -> int:
    return next(y for y, strip in enumerate(reader._lines) if label in strip.text)


async def scroll_to_label(pilot: Pilot[None], label: str, above: int = 2) -> None:
    """Scroll the page so that `label` is on screen, `above` lines below the top: links before it are above."""
    reader = pane(pilot)
    reader.scroll_to(y=row_in_page(reader, label) - above, animate=False, immediate=True)
    await pilot.pause()
    assert row_in_view(reader, label) == above


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("key", "expected"), [("tab", "ref03"), ("shift+tab", "ref04")])
async def test_tab_from_the_tree_highlights_the_first_or_last_link_in_view(
    write_kb: WriteFiles, tmp_path: Path, size: tuple[int, int], key: str, expected: str
) -> None:
    """Tab: not the first link of the page (ref01, scrolled away), and not nothing until a second Tab; Shift+Tab:
    the last link in view."""
    async with reading(write_kb, tmp_path, size) as pilot:
        reader = pane(pilot)
        await scroll_to_label(pilot, "ref03")
        scrolled = reader.scroll_offset.y
        await pilot.press(key)
        assert pilot.app.focused is reader
        assert highlighted(reader) == expected
        assert reader.scroll_offset.y == scrolled


@pytest.mark.parametrize("size", SIZES)
async def test_tab_onto_a_link_in_view_does_not_scroll(
    write_kb: WriteFiles, tmp_path: Path, size: tuple[int, int]
) -> None:
    """ref04's paragraph runs past the bottom of the screen; ref04 itself is in view, so the page stays."""
    async with reading(write_kb, tmp_path, size) as pilot:
        reader = pane(pilot)
        await scroll_to_label(pilot, "ref03")
        scrolled = reader.scroll_offset.y
        await pilot.press("tab", "tab")
        assert highlighted(reader) == "ref04"
        assert reader.scroll_offset.y == scrolled


@pytest.mark.parametrize("size", SIZES)
async def test_tab_to_a_link_below_the_screen_scrolls_just_far_enough(
    write_kb: WriteFiles, tmp_path: Path, size: tuple[int, int]
) -> None:
    async with reading(write_kb, tmp_path, size) as pilot:
        reader = pane(pilot)
        await scroll_to_label(pilot, "ref03")
        await pilot.press("tab", "tab")
        scrolled = reader.scroll_offset.y
        assert row_in_view(reader, "ref05") is None
        await pilot.press("tab")
        assert highlighted(reader) == "ref05"
        assert reader.scroll_offset.y > scrolled
        assert row_in_view(reader, "ref05") == reader.scrollable_content_region.height - 1 - LINK_CONTEXT


@pytest.mark.parametrize("size", SIZES)
async def test_tab_past_the_last_link_wraps_to_the_first_and_scrolls_up_to_it(
    write_kb: WriteFiles, tmp_path: Path, size: tuple[int, int]
) -> None:
    async with reading(write_kb, tmp_path, size) as pilot:
        reader = pane(pilot)
        await scroll_to_label(pilot, "ref05")
        await pilot.press("tab")
        assert highlighted(reader) == "ref05"
        assert reader.focused_link == len(reader.links) - 1
        await pilot.press("tab")
        assert highlighted(reader) == "ref01"
        assert reader.focused_link == 0
        assert row_in_view(reader, "ref01") == min(LINK_CONTEXT, row_in_page(reader, "ref01"))


@pytest.mark.parametrize("size", SIZES)
async def test_tab_from_the_results_highlights_a_link_in_view(
    write_kb: WriteFiles, tmp_path: Path, size: tuple[int, int]
) -> None:
    async with reading(write_kb, tmp_path, size) as pilot:
        reader = pane(pilot)
        await scroll_to_label(pilot, "ref03")
        await pilot.press("slash", *"tab through")
        await started(pilot)
        await pilot.press("tab")
        assert isinstance(pilot.app.focused, ResultsList)
        await pilot.press("tab")
        assert pilot.app.focused is reader
        assert highlighted(reader) == "ref03"


@pytest.mark.parametrize("size", SIZES)
async def test_a_result_opened_with_enter_lights_no_link_until_tab(
    write_kb: WriteFiles, tmp_path: Path, size: tuple[int, int]
) -> None:
    """Focus given to the pane by opening an item is not a Tab: Enter, Tab, Enter follows the first link."""
    async with reading(write_kb, tmp_path, size) as pilot:
        reader = pane(pilot)
        await pilot.press("slash", *"tab through")
        await started(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.focused is reader
        assert reader.focused_link is None and highlighted(reader) == ""
        await pilot.press("tab")
        assert highlighted(reader) == "ref01"
