"""The results list: drawn exactly as Textual would draw the equivalent Rich text, but only the rows on screen."""

from __future__ import annotations

import pytest
from rich.style import Style as RichStyle
from rich.text import Text
from textual.app import App, ComposeResult
from textual.content import Content
from textual.events import MouseScrollDown
from textual.strip import Strip
from textual.visual import Visual

from tui.model import ItemKey, Kind
from tui.view.place import Place
from tui.widgets.results import MAX_SHOWN, ResultPrompt, ResultRow, ResultsList, window

PLACE = Place(ItemKey(Kind.NOTE, "n"))
ROWS = [
    ResultRow(PLACE, "note", "Reward models drift", (("a ", False), ("reward", True), (" model", False)), None),
    ResultRow(PLACE, "ep", "A long episode title that will not fit in a narrow list at all", (), "Takeaways"),
    ResultRow(PLACE, "topic", "Topic", (("lead " * 12, False), ("match", True), ("\ntail\tend", False)), "Section"),
    ResultRow(PLACE, "term", "漢字のタイトル長い", (("前文" * 9, False), ("一致", True), ("後" * 30, False)), "節"),
    ResultRow(PLACE, "paper", "No match in the snippet", (("only context here " * 6, False),), None),
]


class ResultsApp(App[None]):
    CSS = """
    ResultsList > .results-list--badge { color: $accent; text-style: bold; }
    ResultsList > .results-list--match { color: $warning; text-style: bold; }
    ResultsList > .results-list--dim { color: $text-muted; text-style: italic; }
    """

    def compose(self) -> ComposeResult:
        yield ResultsList()


def reference(results: ResultsList, row: ResultRow, width: int) -> Text:
    """The rows as they used to be built, as Rich text: the oracle for what must appear on screen."""
    badge, match, dim = (
        results.get_component_rich_style(f"results-list--{name}") for name in ("badge", "match", "dim")
    )
    head = Text(f"{row.badge:<6}", badge)
    head.append(row.title)
    if row.section:
        head.append(f"  § {row.section}", dim)
    head.truncate(width, overflow="ellipsis")
    if not row.snippet:
        return head
    body = Text()
    for part, is_match in window(row.snippet, width - 6):  # which part shows is pinned in tests/test_snippets.py
        body.append(part.replace("\n", " ").replace("\t", " "), match if is_match else dim)
    snippet = Text("      ").append_text(body)
    snippet.truncate(width, overflow="ellipsis")
    return Text("\n").join([head, snippet])


def segments(strips: list[Strip]) -> list[list[tuple[str, RichStyle | None]]]:
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


@pytest.mark.parametrize("width", [12, 21, 30, 44, 61, 100])
async def test_rows_draw_exactly_like_textual_draws_the_rich_text(width: int) -> None:
    app = ResultsApp()
    async with app.run_test(size=(110, 20)):
        results = app.query_one(ResultsList)
        palette = results.palette()
        for name in ("option-list--option", "option-list--option-highlighted"):
            base = results.get_visual_style(name)
            for row in ROWS:
                text = Content.from_rich_text(reference(results, row, width - 1))
                expected = Visual.to_strips(results, text, width, None, base)
                drawn = Visual.to_strips(results, ResultPrompt(row, palette), width, None, base)
                assert segments(drawn) == segments(expected), (name, row.title, width)
                assert [strip.cell_length for strip in drawn] == [strip.cell_length for strip in expected]


def test_height_is_fixed_so_the_list_never_measures_text() -> None:
    with_snippet, without = ResultPrompt(ROWS[0], None), ResultPrompt(ROWS[1], None)  # type: ignore[arg-type]
    assert [with_snippet.get_height({}, width) for width in (5, 40, 400)] == [2, 2, 2]
    assert without.get_height({}, 40) == 1


async def test_only_rows_on_screen_are_drawn_and_at_the_current_width(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[tuple[str, int]] = []
    real = ResultPrompt.render_strips

    def recording(self: ResultPrompt, width: int, *args: object) -> list[Strip]:
        drawn.append((self.row.title, width))
        return real(self, width, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(ResultPrompt, "render_strips", recording)
    app = ResultsApp()
    async with app.run_test(size=(60, 20)) as pilot:
        results = app.query_one(ResultsList)
        results.show_rows([ROWS[0]._replace(title=f"Row {n}") for n in range(MAX_SHOWN + 10)])
        await pilot.pause()
        assert results.option_count == MAX_SHOWN
        assert results.virtual_size.height == 2 * MAX_SHOWN
        on_screen = {f"Row {n}" for n in range(results.scrollable_content_region.height // 2)}
        assert {title for title, _ in drawn} == on_screen
        await pilot.resize_terminal(40, 20)
        await pilot.pause()
        assert drawn[-1][1] == results.scrollable_content_region.width < drawn[0][1]


async def test_the_list_scrolls_by_wheel_and_cursor_with_no_scrollbar() -> None:
    """It shows no scrollbar (one that came and went as the rows outgrew the list laid the screen out)."""
    app = ResultsApp()
    async with app.run_test(size=(60, 12)) as pilot:
        results = app.query_one(ResultsList)
        results.show_rows([ROWS[0]._replace(title=f"Row {n}") for n in range(20)])
        await pilot.pause()
        assert not results.show_vertical_scrollbar and results.allow_vertical_scroll
        results.post_message(MouseScrollDown(results, 2, 2, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert results.scroll_offset.y > 0
        results.highlighted = 19
        await pilot.pause()
        assert results.scroll_offset.y == results.max_scroll_y > 0
        results.show_rows(ROWS[:1])
        await pilot.pause()
        assert not results.allow_vertical_scroll


async def test_no_rows_shows_the_message_and_nothing_is_highlighted() -> None:
    app = ResultsApp()
    async with app.run_test(size=(60, 20)) as pilot:
        results = app.query_one(ResultsList)
        results.show_rows(ROWS[:2])
        results.show_rows([], "Search failed: boom")
        await pilot.pause()
        assert results.option_count == 1 and results.highlighted_row is None
        assert "Search failed: boom" in str(results.get_option_at_index(0).prompt)


async def test_a_theme_change_redraws_new_rows_in_the_new_colours() -> None:
    app = ResultsApp()
    async with app.run_test(size=(60, 20)) as pilot:
        results = app.query_one(ResultsList)
        before = results.palette().layers["badge"]
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert results.palette().layers["badge"] != before


async def test_the_same_answer_again_keeps_the_list_and_its_cursor() -> None:
    app = ResultsApp()
    async with app.run_test(size=(60, 20)) as pilot:
        results = app.query_one(ResultsList)
        results.show_rows(list(ROWS))
        first = results.get_option_at_index(0)
        results.highlighted = 1
        results.show_rows(list(ROWS))
        await pilot.pause()
        assert results.get_option_at_index(0) is first and results.highlighted == 1
        results.show_rows(list(ROWS[:1]))
        assert results.option_count == 1 and results.highlighted == 0
