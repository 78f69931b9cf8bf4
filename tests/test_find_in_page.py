"""Find in page (#19): a search's words highlighted in the open item, n/N between them, Ctrl+F for this page alone;
and scrolling to a section by its anchor."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.events import Key
from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import FIXTURE_KB, WriteFiles, showing, started
from tests.test_tab_links import FILLER, row_in_page
from tui.app.app import HubReaderApp
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.model import ItemKey, Kind, load_knowledge_base
from tui.model.query import STOPWORDS, is_indexed, parse_query
from tui.screens.find import FindScreen
from tui.view.document import Block, Role, Span, Style
from tui.view.place import Place
from tui.widgets.page_find import PageFind, find_matches, find_words, page_find
from tui.widgets.reading_pane import LINK_CONTEXT, ReadingPane

SIZES = [(80, 24), (120, 40)]
NOTE = ItemKey(Kind.NOTE, "long-find-note")
TOPIC = ItemKey(Kind.TOPIC, "sample-topic")
# Four matches: two at the top (one inside a link), one screens below, one near the end
BODY = "\n\n".join([
    "Silverfish at the top, and [[second-note|a silverfish link]] too.",
    *[FILLER] * 6,
    "Middle: the silverfish again.",
    *[FILLER] * 8,
    "End: SILVERFISH's last.",
    *[FILLER] * 3,
])


# Words and matches


@pytest.mark.parametrize(("query", "words"), [
    ("grpo", ("grpo",)),
    ("GRPO Grpo grpo", ("grpo",)),
    ("kind:episode reward", ("reward",)),
    ("type:term reward", ("reward",)),
    ("ep:E026", ("e026",)),
    ('"reward hacking" the', ("reward", "hacking")),
    ('"unclosed quote', ("unclosed", "quote")),
    ("a x of the", ()),
    ("policy-gradient", ("policy", "gradient")),
    ("", ()),
    ("Exploration Hacking: x", ("exploration", "hacking")),  # `Hacking:` names no kind, so it is a word
    ("rl: reward", ("rl", "reward")),
    ("kind:episode grpo", ("grpo",)),
    ("reward the", ("reward",)),  # a stopword being typed lights up nothing
])
def test_a_query_is_found_by_its_plain_words(query: str, words: tuple[str, ...]) -> None:
    assert find_words(query) == words


@pytest.mark.parametrize("query", [
    "grpo", "reward hacking", "reward hack", "reward hacking ", "r", "reward s", "GRPO's rewards",
    '"reward hacking" grpo', '"chain of thought" faithful', '"sokoban"', '"unclosed quote', "“reward model”",
    "kind:episode grpo", "kind:epi", "type:topics rl", "term:grpo", "ep:E026", "note: hub:", "paper:2605.06241",
    "ep:", "kind:", "ratio:2 tokens", "the chain of thought", "a x of the", "the", "policy-gradient", "reward, grpo!",
    "(((", "*", "Exploration Hacking: Can LLMs Learn to Hack?", "Learning Goes Generic: Transfer",
    "The Worst Policy: a baseline", "rl: reward", "Note: reward models", "\x1b[31mreward\x1b[0m model",
])
def test_find_in_page_looks_for_the_words_the_search_does(query: str) -> None:
    """The search's words, phrase words and word being typed, less the stopwords and single letters it ignores
    alone: read by the one parser, so the two cannot drift apart again."""
    parsed = parse_query(query)
    searched = {*parsed.words, *(word for phrase in parsed.phrases for word in phrase), parsed.prefix or ""}
    assert set(find_words(query)) == {word for word in searched if is_indexed(word)}


def test_the_stopwords_are_the_searchs() -> None:
    """tui.model.query writes out whoosh's stopwords, so reading a query loads no whoosh."""
    from whoosh.analysis import STOP_WORDS  # type: ignore[import-untyped]  # noqa: PLC0415 - the index's dependency

    from tui.index import text  # noqa: PLC0415 - loads whoosh, as above

    assert frozenset(STOP_WORDS) == STOPWORDS == text.STOPWORDS


def test_matches_are_whole_words_starting_with_a_query_word_in_the_blocks_text() -> None:
    blocks = [
        Block(Role.PROSE, (Span("Rewards and "), Span("reward hacking", Style.LINK), Span(" but not forward."))),
        Block(Role.PROSE, (Span("Nothing here."),)),
        Block(Role.BULLET, (Span("GRPO's reward"),)),
    ]
    matches = find_matches(blocks, find_words("reward grpo"))
    assert [(m.block, blocks[m.block].plain[m.start:m.end]) for m in matches] == [
        (0, "Rewards"), (0, "reward"), (2, "GRPO"), (2, "reward"),
    ]
    assert find_matches(blocks, ()) == []


def test_a_find_steps_around_its_matches_and_knows_their_blocks() -> None:
    blocks = [Block(Role.PROSE, (Span("one fish two fish"),)), Block(Role.PROSE, (Span("red fish"),))]
    find = page_find(blocks, "fish")
    assert isinstance(find, PageFind) and find.blocks == {0, 1} and find.by_block == {0: [0, 1], 1: [2]}
    find.current = 2
    assert find.step(1) == 0
    find.current = 0
    assert find.step(-1) == 2
    assert page_find(blocks, "whale") is None and page_find(blocks, "the") is None and page_find(blocks, None) is None


# In the reader


class AskingApp(HubReaderApp):
    """The real app, keeping the query of each FindAsked that reaches it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked: list[str] = []

    def on_reading_pane_find_asked(self, message: ReadingPane.FindAsked) -> None:
        self.asked.append(message.query)


@asynccontextmanager
async def reading(
    write_kb: WriteFiles, tmp_path: Path, size: tuple[int, int], app_class: type[HubReaderApp] = HubReaderApp
) -> AsyncIterator[Pilot[None]]:
    note = f'---\ntype: note\nid: "long-find-note"\ntitle: "A long note"\n---\n{BODY}\n'
    kb = load_knowledge_base(write_kb({"notes/long-find-note.md": note}))
    app = app_class(kb, IndexSearcher(kb, tmp_path / "cache"), StateStore(None), Place(NOTE))
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        assert isinstance(app.focused, ReadingPane)
        yield pilot


def painted(reader: ReadingPane, component: str) -> list[str]:
    """The text painted in a component's background now, read off the view, not from the pane's bookkeeping."""
    colour = reader.get_component_rich_style(component).bgcolor
    assert colour is not None
    return [
        segment.text
        for y in range(reader.scrollable_content_region.height)
        for segment in reader.render_line(y)
        if segment.style is not None and segment.style.bgcolor == colour
    ]


def in_view(reader: ReadingPane, text: str) -> bool:
    return any(text in reader.render_line(y).text for y in range(reader.scrollable_content_region.height))


@pytest.mark.parametrize("size", SIZES)
async def test_set_find_highlights_and_n_moves_between_matches(
    write_kb: WriteFiles, tmp_path: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No match is current until n; n scrolls a match into view as Tab does a link, and wraps at the end without a
    bell; N goes back, wrapping at the start."""
    async with reading(write_kb, tmp_path, size) as pilot:
        reader = pilot.app.query_one(ReadingPane)
        rung: list[None] = []
        monkeypatch.setattr(pilot.app, "bell", lambda: rung.append(None))
        assert reader.set_find("silverfish kind:note") == 4
        await pilot.pause()
        assert painted(reader, "reading-pane--match") == ["Silverfish", "silverfish"]
        assert painted(reader, "reading-pane--current-match") == []
        await pilot.press("n")
        assert reader.find is not None and reader.find.current == 0
        assert painted(reader, "reading-pane--current-match") == ["Silverfish"]
        assert painted(reader, "reading-pane--match") == ["silverfish"]
        assert reader.scroll_offset.y == 0
        await pilot.press("n", "n")
        assert reader.find.current == 2 and reader.scroll_offset.y > 0
        assert in_view(reader, "Middle: the silverfish again.")
        assert painted(reader, "reading-pane--current-match") == ["silverfish"]
        await pilot.press("n")
        assert reader.find.current == 3 and in_view(reader, "SILVERFISH's last")
        assert painted(reader, "reading-pane--current-match") == ["SILVERFISH"]
        await pilot.press("n")  # past the last: back to the first, scrolled up to it with LINK_CONTEXT lines above
        assert reader.find.current == 0
        assert reader.scroll_offset.y == row_in_page(reader, "Silverfish at the top") - LINK_CONTEXT
        await pilot.press("N")  # before the first: the last
        assert reader.find.current == 3 and in_view(reader, "SILVERFISH's last")
        assert not rung


async def test_the_first_n_starts_from_the_view_and_the_first_N_from_its_bottom(
    write_kb: WriteFiles, tmp_path: Path
) -> None:
    async with reading(write_kb, tmp_path, (80, 24)) as pilot:
        reader = pilot.app.query_one(ReadingPane)
        reader.set_find("silverfish")
        reader.scroll_to(y=row_in_page(reader, "Middle:") - 2, animate=False, immediate=True)
        await pilot.pause()
        scrolled = reader.scroll_offset.y
        await pilot.press("n")
        assert reader.find is not None and reader.find.current == 2 and reader.scroll_offset.y == scrolled
        reader.set_find("silverfish")  # anew: no match current
        await pilot.press("N")
        assert reader.find is not None and reader.find.current == 2 and reader.scroll_offset.y == scrolled


async def test_n_is_hidden_and_does_nothing_without_a_find(write_kb: WriteFiles, tmp_path: Path) -> None:
    """Hidden from the footer (check_action False) while no find is active; a find of no word, no match, or the
    opening of another item leaves none active."""
    async with reading(write_kb, tmp_path, (80, 24)) as pilot:
        reader = pilot.app.query_one(ReadingPane)
        screen = pilot.app.screen
        assert "n" not in screen.active_bindings and "N" not in screen.active_bindings
        await pilot.press("n")
        assert reader.find is None and reader.scroll_offset.y == 0
        assert reader.set_find("silverfish") == 4
        await pilot.pause()
        assert "n" in screen.active_bindings and "N" in screen.active_bindings
        assert reader.set_find("whale") == 0 and reader.find is None
        await pilot.pause()
        assert "n" not in screen.active_bindings
        assert painted(reader, "reading-pane--match") == []
        reader.set_find("silverfish")
        await pilot.app.reader_screen.open_place(Place(TOPIC))
        await pilot.pause()
        assert showing(pilot.app) == TOPIC and reader.find is None and "n" not in screen.active_bindings


@pytest.mark.parametrize(("size", "other"), [((120, 40), (70, 24)), ((80, 24), (140, 40))])
async def test_a_resize_keeps_the_current_match(
    write_kb: WriteFiles, tmp_path: Path, size: tuple[int, int], other: tuple[int, int]
) -> None:
    """Matches are found on the blocks' text and placed on rows each time the page is wrapped: after a resize the
    same match is current, highlighted and in view."""
    async with reading(write_kb, tmp_path, size) as pilot:
        reader = pilot.app.query_one(ReadingPane)
        reader.set_find("silverfish")
        await pilot.press("n", "n", "n")
        assert reader.find is not None and reader.find.current == 2
        await pilot.resize_terminal(*other)
        await pilot.pause()
        assert reader.find.current == 2
        assert in_view(reader, "silverfish again")
        assert painted(reader, "reading-pane--current-match") == ["silverfish"]
        await pilot.press("n")
        assert reader.find.current == 3 and in_view(reader, "SILVERFISH's last")


async def test_ctrl_f_asks_for_the_prompt_with_the_last_find(write_kb: WriteFiles, tmp_path: Path) -> None:
    """A widget opens no screen (tests/test_layers.py): Ctrl+F posts FindAsked, for the reader's screen to answer."""
    async with reading(write_kb, tmp_path, (80, 24), AskingApp) as pilot:
        assert isinstance(pilot.app, AskingApp)
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press("escape")  # the prompt the screen opened
        pilot.app.query_one(ReadingPane).set_find("silverfish again")
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert pilot.app.asked == ["", "silverfish again"]


async def test_ctrl_f_opens_the_find_prompt(write_kb: WriteFiles, tmp_path: Path) -> None:
    async with reading(write_kb, tmp_path, (80, 24)) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FindScreen)


async def test_the_find_prompt_finds_in_the_page_from_the_view(
    write_kb: WriteFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The prompt as the screen opens it: Enter finds, makes current the first match at or below the top of the
    view and says how many there are; Esc changes nothing; an empty box clears the find."""
    async with reading(write_kb, tmp_path, (80, 24)) as pilot:
        app = pilot.app
        reader = app.query_one(ReadingPane)
        notices: list[str] = []
        monkeypatch.setattr(app, "notify", lambda message, **_: notices.append(message))
        reader.scroll_to(y=row_in_page(reader, "Middle:") - 3, animate=False, immediate=True)
        await pilot.pause()
        app.push_screen(FindScreen(), reader.find_in_page)
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press(*"Silverfish", "enter")
        await pilot.pause()
        assert app.screen is app.reader_screen and app.focused is reader
        assert reader.find is not None and reader.find.current == 2 and notices == ["4 matches for “Silverfish”"]
        assert painted(reader, "reading-pane--current-match") == ["silverfish"]
        app.push_screen(FindScreen("Silverfish"), reader.find_in_page)
        await pilot.pause()
        assert app.screen.query_one("#find-input", Input).value == "Silverfish"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.reader_screen and reader.find is not None and reader.find.current == 2
        app.push_screen(FindScreen(), reader.find_in_page)
        await pilot.pause()
        await pilot.press(*"whale", "enter")
        await pilot.pause()
        assert reader.find is None and notices[-1] == "No match for “whale” in this page"
        assert painted(reader, "reading-pane--match") == []


async def test_editing_keys_in_the_prompt_keep_their_order_in_one_burst(write_kb: WriteFiles, tmp_path: Path) -> None:
    """Over SSH a Ctrl+U and the letters after it arrive in one read; none may overtake another."""
    async with reading(write_kb, tmp_path, (80, 24)) as pilot:
        reader = pilot.app.query_one(ReadingPane)
        pilot.app.push_screen(FindScreen("grpo"), reader.find_in_page)
        await pilot.pause()
        for key in ["ctrl+u", *"silverfisx", "backspace", "h"]:
            pilot.app.post_message(Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        assert pilot.app.screen.query_one("#find-input", Input).value == "silverfish"


# Sections


@asynccontextmanager
async def topic(size: tuple[int, int]) -> AsyncIterator[ReadingPane]:
    kb = load_knowledge_base(FIXTURE_KB)
    app = HubReaderApp(kb, IndexSearcher(kb, None), StateStore(None), Place(TOPIC))
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        yield app.query_one(ReadingPane)


async def test_scroll_to_anchor_brings_the_section_to_the_top() -> None:
    async with topic((80, 12)) as reader:
        assert reader.anchor_in_view() is None
        assert reader.scroll_to_anchor("custom-id")
        assert reader.render_line(1).text.strip() == "Second section"  # under the heading's blank line
        assert reader.anchor_in_view() == "custom-id"
        assert not reader.scroll_to_anchor("no-such-section")
        reader.scroll_relative(y=1, animate=False, immediate=True)
        assert reader.anchor_in_view() == "custom-id"  # the section read from its heading on
        reader.scroll_home(animate=False, immediate=True)
        assert reader.anchor_in_view() is None


async def test_a_section_too_near_the_end_to_reach_the_top_is_the_one_in_view() -> None:
    """The page stops short of bringing it up; the section above it starts above the view, yet the one asked
    for is the one being read while the view stays."""
    async with topic((80, 24)) as reader:
        assert reader.scroll_to_anchor("custom-id")
        assert reader.scroll_offset.y == reader.max_scroll_y and in_view(reader, "Second section")
        assert reader.render_line(1).text.strip() != "Second section"
        assert reader.anchor_in_view() == "custom-id"
        reader.scroll_relative(y=-1, animate=False, immediate=True)
        assert reader.anchor_in_view() == "first-section"
