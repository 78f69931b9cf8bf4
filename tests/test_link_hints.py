"""Link hints (#19): f labels every link on screen with one or two letters, typing a label follows that link."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.events import Key
from textual.pilot import Pilot
from textual.strip import Strip

from tests.conftest import FIXTURE_KB, WriteFiles, showing, started
from tests.test_tab_links import FILLER, reading, row_in_page, scroll_to_label, view_text
from tui.app.app import HubReaderApp
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.model import ItemKey, Kind, load_knowledge_base
from tui.view.place import Place
from tui.widgets.filter_input import FilterInput
from tui.widgets.link_hints import HOME_ROW, LinkHints, hint_labels, marked_cell, overlay
from tui.widgets.reading_pane import ReadingPane

TOPIC = ItemKey(Kind.TOPIC, "sample-topic")
E002 = ItemKey(Kind.EPISODE, "E002")
SECOND_NOTE = ItemKey(Kind.NOTE, "second-note")
WRAPPED = ItemKey(Kind.NOTE, "wrapped")
MANY = 40  # links on one screen: more than one letter each can label


# Labels


@pytest.mark.parametrize("count", [0, 1, 5, 9, 10, 30, 81, 82, 300, 676])
def test_labels_are_one_letter_when_they_fit_and_else_all_two(count: int) -> None:
    labels = hint_labels(count)
    assert len(labels) == count == len(set(labels))
    assert {len(label) for label in labels} <= ({1} if count <= len(HOME_ROW) else {2})
    assert not any(a != b and b.startswith(a) for a in labels for b in labels)
    if count <= len(HOME_ROW) ** 2:
        assert set("".join(labels)) <= set(HOME_ROW)  # home-row letters only, while they are enough
    if 2 <= count <= len(HOME_ROW):
        assert labels[:2] == ["a", "s"]  # in reading order, from the left of the home row


def test_more_links_than_two_letters_can_label_go_unlabelled() -> None:
    assert len(hint_labels(1000)) == 26 * 26


def test_typing_narrows_the_labels_and_a_whole_label_chooses_its_link() -> None:
    hints = LinkHints.label([(number, 0) for number in range(100, 112)])  # 12 links: two letters each
    assert hints.shown()[100] == "aa" and hints.shown()[109] == "sa"
    narrowed = hints.typing("S")  # upper case as lower
    assert narrowed is not None and narrowed.chosen is None
    assert set(narrowed.shown().values()) == {"sa", "ss", "sd"}
    chosen = narrowed.typing("d")
    assert chosen is not None and chosen.chosen == 111
    assert hints.typing("z") is None and narrowed.typing("f") is None


def test_a_label_is_drawn_over_the_start_of_its_link_and_the_line_keeps_its_length() -> None:
    marked = Style.from_meta({"link": 3})
    line = Strip([Segment("see "), Segment("the link", marked), Segment(" here")])
    cell = marked_cell(line, "link", 3)
    assert cell == 4
    drawn = overlay(line, cell, "sd", Style(bold=True))
    assert drawn.text == "see sde link here" and drawn.cell_length == line.cell_length
    assert overlay(line, 16, "sd", Style()).text == "see the link hesd"  # at the end: moved left, not cut
    assert marked_cell(line, "link", 4) is None


# In the reader


def hinted(reader: ReadingPane) -> dict[str, str]:
    """Label -> the text of the link it labels, from the pane's hints."""
    assert reader.hints is not None
    return {
        label: reader.blocks[reader.links[n].block].spans[reader.links[n].span].text
        for n, label in reader.hints.shown().items()
    }


def painted_labels(reader: ReadingPane) -> list[str]:
    """The text painted in the hint style now, read off the view, not from the pane's bookkeeping."""
    colour = reader.get_component_rich_style("reading-pane--hint").bgcolor
    return [
        segment.text
        for y in range(reader.scrollable_content_region.height)
        for segment in reader.render_line(y)
        if segment.style is not None and segment.style.bgcolor == colour
    ]


@asynccontextmanager
async def topic(size: tuple[int, int] = (80, 24)) -> AsyncIterator[Pilot[None]]:
    """The sample topic open with the keyboard in the reading pane: eight links in view at 80×24."""
    kb = load_knowledge_base(FIXTURE_KB)
    app = HubReaderApp(kb, IndexSearcher(kb, None), StateStore(None), Place(TOPIC))
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        assert isinstance(app.focused, ReadingPane)
        yield pilot


def bells(pilot: Pilot[None], monkeypatch: pytest.MonkeyPatch) -> list[None]:
    rung: list[None] = []
    monkeypatch.setattr(pilot.app, "bell", lambda: rung.append(None))
    return rung


async def test_f_labels_exactly_the_links_in_view(write_kb: WriteFiles, tmp_path: Path) -> None:
    """ref01 and ref02 are scrolled above the view and ref05 is screens below: only ref03 and ref04 get labels,
    drawn over their first letters."""
    async with reading(write_kb, tmp_path, (80, 24)) as pilot:
        reader = pilot.app.query_one(ReadingPane)
        reader.focus()
        await scroll_to_label(pilot, "ref03")
        await pilot.press("f")
        assert hinted(reader) == {"a": "ref03", "s": "ref04"}
        assert painted_labels(reader) == ["a", "s"]
        assert any("aef03" in line and "sef04" in line for line in view_text(reader))


async def test_a_link_that_starts_above_the_view_is_labelled_on_its_first_row_in_view(
    write_kb: WriteFiles, tmp_path: Path
) -> None:
    words = " ".join(f"word{n:02}" for n in range(40))  # wraps over several rows at any width
    body = "\n\n".join([f"Lead in [[second-note|{words}]] and after.", *[FILLER] * 4])  # taller than the screen
    note = f'---\ntype: note\nid: "wrapped"\ntitle: "Wrapped"\n---\n{body}\n'
    kb = load_knowledge_base(write_kb({"notes/wrapped.md": note}))
    app = HubReaderApp(kb, IndexSearcher(kb, tmp_path / "cache"), StateStore(None), Place(WRAPPED))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        reader = app.query_one(ReadingPane)
        first = row_in_page(reader, "word00")
        reader.scroll_to(y=first + 1, animate=False, immediate=True)
        await pilot.pause()
        assert reader.scroll_offset.y == first + 1
        await pilot.press("f")
        assert hinted(reader)["a"] == words
        top_line = reader.render_line(0)
        assert painted_labels(reader)[0] == "a" and top_line.text.lstrip().startswith("a")
        await pilot.press("a")
        await pilot.pause()
        assert showing(app) == SECOND_NOTE


async def test_typing_a_label_follows_its_link() -> None:
    async with topic() as pilot:
        reader = pilot.app.query_one(ReadingPane)
        await pilot.press("f")
        labels = hinted(reader)
        assert len(labels) == 8 and all(len(label) == 1 for label in labels)  # few links: one letter each
        to_e002 = next(label for label, text in labels.items() if text == "E002")
        await pilot.press(to_e002)
        await pilot.pause()
        assert showing(pilot.app) == E002
        assert pilot.app.focused is reader and reader.hints is None


async def test_f_and_a_label_in_one_burst_follow_the_link() -> None:
    """Over SSH f and the label typed behind it can arrive in one read: the label must not go by before the hints."""
    async with topic() as pilot:
        reader = pilot.app.query_one(ReadingPane)
        await pilot.press("f")
        to_e002 = next(label for label, text in hinted(reader).items() if text == "E002")
        await pilot.press("escape")
        for key in ["f", to_e002]:
            pilot.app.post_message(Key(key, key))
        await pilot.pause()
        assert showing(pilot.app) == E002


async def test_many_links_get_two_letters_and_any_is_three_keys_away(write_kb: WriteFiles, tmp_path: Path) -> None:
    links = " ".join(f"[[first-note|w{n:02}]]" for n in range(MANY - 1)) + " [[second-note|last]]"
    note = f'---\ntype: note\nid: "many"\ntitle: "Many"\n---\n{links}\n'
    kb = load_knowledge_base(write_kb({"notes/many.md": note}))
    app = HubReaderApp(kb, IndexSearcher(kb, tmp_path / "cache"), StateStore(None), Place(ItemKey(Kind.NOTE, "many")))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        reader = app.query_one(ReadingPane)
        await pilot.press("f")
        labels = hinted(reader)
        assert len(labels) >= MANY and {len(label) for label in labels} == {2}
        label = next(label for label, text in labels.items() if text == "last")
        await pilot.press(label[0])
        left = [other for other in labels if other[0] == label[0]]
        assert reader.hints is not None and list(hinted(reader)) == left
        assert painted_labels(reader) == left  # the others are gone from the screen
        await pilot.press(label[1])
        await pilot.pause()
        assert showing(app) == SECOND_NOTE


async def test_esc_ends_hints_and_stays_on_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pane takes Esc while hints show: the screen's Esc, which leaves the page for the tree, does not run."""
    async with topic() as pilot:
        reader = pilot.app.query_one(ReadingPane)
        rung = bells(pilot, monkeypatch)
        before = view_text(reader)
        await pilot.press("f")
        assert view_text(reader) != before
        await pilot.press("escape")
        assert reader.hints is None and not rung
        assert pilot.app.focused is reader and showing(pilot.app) == TOPIC
        assert view_text(reader) == before and painted_labels(reader) == []
        await pilot.press("escape")  # with no hints, Esc is the screen's again
        assert pilot.app.focused is not reader


@pytest.mark.parametrize("key", ["z", "l", "q", "tab", "1"])
async def test_an_unknown_letter_ends_hints_with_a_bell(monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    """z and l label nothing (eight labels: a to k), and q, Tab and 1 reach neither quit, nor the next link, nor a
    search: while hints show, keys are theirs."""
    async with topic() as pilot:
        reader = pilot.app.query_one(ReadingPane)
        rung = bells(pilot, monkeypatch)
        await pilot.press("f")
        await pilot.press(key)
        assert reader.hints is None and len(rung) == 1
        assert pilot.app.is_running and pilot.app.focused is reader and showing(pilot.app) == TOPIC
        assert reader.focused_link is None and painted_labels(reader) == []


async def test_scrolling_ends_hints() -> None:
    async with topic() as pilot:
        reader = pilot.app.query_one(ReadingPane)
        await pilot.press("f")
        reader.scroll_relative(y=2, animate=False, immediate=True)  # as the mouse wheel does
        await pilot.pause()
        assert reader.hints is None and painted_labels(reader) == []


async def test_resizing_ends_hints() -> None:
    async with topic() as pilot:
        reader = pilot.app.query_one(ReadingPane)
        await pilot.press("f")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert reader.hints is None and painted_labels(reader) == []


async def test_a_priority_key_that_moves_focus_ends_hints() -> None:
    async with topic() as pilot:
        reader = pilot.app.query_one(ReadingPane)
        await pilot.press("f")
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(pilot.app.focused, FilterInput) and reader.hints is None


async def test_f_with_no_link_in_view_rings_the_bell(
    write_kb: WriteFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with reading(write_kb, tmp_path, (80, 24)) as pilot:
        reader = pilot.app.query_one(ReadingPane)
        reader.focus()
        reader.scroll_to(y=row_in_page(reader, "ref04") + 3, animate=False, immediate=True)
        await pilot.pause()
        rung = bells(pilot, monkeypatch)
        await pilot.press("f")
        assert reader.hints is None and len(rung) == 1
