"""Snippets in the results list: the window around the first match is chosen at the row's width, so the matched
word always shows whole, with context, cut between words; a title-only match shows its key text from the start."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import SHIPPED, started
from tui.app.app import HubReaderApp
from tui.app.options import ReaderOptions
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.index.snippets import cut
from tui.model import ItemKey, Kind, KnowledgeBase, load_knowledge_base
from tui.widgets.results import ResultRow, ResultsList, window

Spans = tuple[tuple[str, bool], ...]
EARLY = "On math, RL looks more like calibration of a capable base model than a source of new strategies."
LATE = ("…of full RL E026. Seen this way, RL amounts to calibration of a base model that could already do the job,"
        " not a search that turns up strategies it never had.")
DEFINITION = ("How closely a model's confidence matches how often it is actually right; also, adjusting a model toward"
              " that match.")
WIDTHS = [17, 18, 19, 21, 24, 30, 37, 45, 53, 60]
CALIBRATION_TERM = ItemKey(Kind.TERM, "calibration")


def spans(text: str, *words: str) -> Spans:
    """`text` split into runs, each occurrence of `words` marked as a match (as the index marks them)."""
    runs: list[tuple[str, bool]] = []
    rest = text
    while found := [(rest.find(word), word) for word in words if word in rest]:
        at, word = min(found)
        runs += [(rest[:at], False), (word, True)]
        rest = rest[at + len(word) :]
    return tuple(run for run in [*runs, (rest, False)] if run[0])


def shown(snippet: Spans) -> str:
    return "".join(f"[{text}]" if is_match else text for text, is_match in snippet)


def plain(snippet: Spans) -> str:
    return "".join(text for text, _ in snippet)


@pytest.mark.parametrize("text", [EARLY, LATE])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_matched_word_shows_whole_and_the_snippet_fits_the_width(text: str, width: int) -> None:
    fitted = window(spans(text, "calibration"), width)
    assert [part for part, is_match in fitted if is_match] == ["calibration"]
    assert cell_len(plain(fitted)) <= width


@pytest.mark.parametrize("text", [EARLY, LATE, DEFINITION])
@pytest.mark.parametrize("width", WIDTHS)
def test_cuts_fall_between_words_and_show_an_ellipsis(text: str, width: int) -> None:
    visible = plain(window(spans(text, "calibration"), width))
    inner = visible.removesuffix("…") if visible != text else visible
    if not text.startswith(inner):
        assert inner.startswith("…")
        inner = inner[1:]
    start = text.index(inner)
    end = start + len(inner)
    match_end = text.find("calibration") + len("calibration") if "calibration" in text else -1
    assert start == 0 or text[start - 1] == " "
    assert end == len(text) or text[end] == " " or end == match_end


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        (EARLY, 17, "…[calibration] of…"),
        (EARLY, 21, "…[calibration] of a…"),
        (EARLY, 37, "…like [calibration] of a capable base…"),
        (EARLY, 53, "On math, RL looks more like [calibration] of a capable…"),
        (LATE, 21, "…to [calibration] of a…"),
        (LATE, 37, "…to [calibration] of a base model that…"),
        (LATE, 53, "…RL amounts to [calibration] of a base model that…"),
    ],
)
def test_a_third_of_the_spare_room_goes_before_the_match_or_two_thirds_from_the_start(
    text: str, width: int, expected: str
) -> None:
    assert shown(window(spans(text, "calibration"), width)) == expected


@pytest.mark.parametrize("width", [17, 19, 37])
def test_without_a_match_the_snippet_shows_from_its_start(width: int) -> None:
    visible = plain(window(spans(DEFINITION), width))
    assert visible.startswith("How closely a") and visible.endswith("…")
    assert cell_len(visible) <= width


def test_a_snippet_that_fits_shows_whole() -> None:
    snippet = spans("Models trained with GRPO.", "GRPO")
    assert window(snippet, 25) == snippet


def test_every_match_inside_the_window_stays_marked() -> None:
    fitted = window(spans("A reward model scores; the reward goes to the policy.", "reward"), 40)
    assert [part for part, is_match in fitted if is_match] == ["reward", "reward"]


def test_wide_characters_count_two_cells_and_keep_context_on_both_sides() -> None:
    fitted = window((("前文" * 9, False), ("一致", True), ("後" * 30, False)), 17)
    assert shown(fitted) == "…前文[一致]後後後…"
    assert cell_len(plain(fitted)) == 16


def test_a_word_longer_than_the_slack_is_cut_inside_to_fill_the_row() -> None:
    snippet = spans("see calibration https://example.org/a/very/long/path/to/somewhere", "calibration")
    assert plain(window(snippet, 30)) == "see calibration https://examp…"


def test_only_a_match_wider_than_the_row_is_cut() -> None:
    fitted = window(spans("RL amounts to calibration of a base model", "calibration"), 12)
    assert plain(fitted).startswith("…calibrat") and cell_len(plain(fitted)) <= 12


def test_the_index_snippet_leaves_room_for_the_widest_row() -> None:
    text = " ".join(f"word{n}" for n in range(100))
    at = text.index("word50")
    fitted = plain(window(cut(text, [(at, at + len("word50"))]), 92))
    before, after = fitted.split("word50")
    assert cell_len(fitted) >= 85 and len(before) >= 20 and len(after) >= 20

@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[KnowledgeBase, Path]:
    return load_knowledge_base(SHIPPED), tmp_path_factory.mktemp("cache")


def calibration_lines(app: HubReaderApp) -> tuple[list[ResultRow], list[str]]:
    """The rows shown and the snippet line drawn under each (every row here has a snippet)."""
    results = app.query_one(ResultsList)
    rows = results.rows
    assert all(row.snippet for row in rows)  # so each row is two lines: title, then snippet
    lines = [results.render_line(2 * index + 1).text.rstrip() for index in range(len(rows))]
    return rows, lines


def assert_calibration_rows(rows: list[ResultRow], lines: list[str]) -> None:
    term = next(index for index, row in enumerate(rows) if row.place.key == CALIBRATION_TERM)
    assert not any(is_match for _, is_match in rows[term].snippet)  # only its title matched
    assert lines[term].strip().startswith("How closely a")
    others = [line for index, line in enumerate(lines) if index != term]
    assert len(others) == 3 and all("calibration" in line for line in others), lines


@pytest.mark.parametrize("one_pane", [False, True])
@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_calibration_shows_the_whole_word_in_every_snippet(
    shipped: tuple[KnowledgeBase, Path], size: tuple[int, int], one_pane: bool
) -> None:
    kb, cache = shipped
    app = HubReaderApp(kb, IndexSearcher(kb, cache), StateStore(None), options=ReaderOptions(ssh_friendly=one_pane))
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        await pilot.press("slash", *"calibration")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert_calibration_rows(*calibration_lines(app))


async def test_snippets_are_fitted_again_when_the_width_changes(shipped: tuple[KnowledgeBase, Path]) -> None:
    kb, cache = shipped
    app = HubReaderApp(kb, IndexSearcher(kb, cache), StateStore(None), options=ReaderOptions(ssh_friendly=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("slash", *"calibration")
        await app.workers.wait_for_complete()
        await pilot.pause()
        _, wide = calibration_lines(app)
        await pilot.resize_terminal(40, 20)
        await pilot.pause()
        rows, narrow = calibration_lines(app)
        assert_calibration_rows(rows, narrow)
        assert max(map(len, narrow)) < max(map(len, wide))

