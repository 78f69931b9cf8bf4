"""SSH-friendly defaults, colour depth, the clipboard key and serve mode's promise to leave the host alone."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import webbrowser
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from rich.color import ColorSystem
from textual.events import Resize
from textual.geometry import Size
from textual.pilot import Pilot
from textual.widgets.input import Selection

from tests.conftest import FIXTURE_KB, last_query, showing, started
from tui.app.app import HubReaderApp
from tui.app.colour import NO_COLOUR
from tui.app.options import ReaderOptions
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.model import ItemKey, Kind, KnowledgeBase
from tui.view.place import Place
from tui.widgets.filter_input import FilterInput
from tui.widgets.nav_tree import NavTree
from tui.widgets.reading_pane import ReadingPane
from tui.widgets.results import ResultsList

E001 = ItemKey(Kind.EPISODE, "E001")
TOPIC = ItemKey(Kind.TOPIC, "sample-topic")


def make_app(kb: KnowledgeBase, tmp_path: Path, options: ReaderOptions, start: Place | None = None) -> HubReaderApp:
    return HubReaderApp(kb, IndexSearcher(kb, tmp_path / "cache"), StateStore(None), start, options)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, ReaderOptions()),
        ({"SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"}, ReaderOptions(ssh_friendly=True)),
        ({"SSH_TTY": "/dev/pts/3"}, ReaderOptions(ssh_friendly=True)),
        ({"NO_COLOR": "1"}, ReaderOptions(colors="none")),
        ({"NO_COLOR": ""}, ReaderOptions()),  # set but empty counts as unset (no-color.org)
    ],
)
def test_detect_reads_the_environment(environ: dict[str, str], expected: ReaderOptions) -> None:
    assert ReaderOptions.detect(environ) == expected


def test_explicit_colours_win_over_no_color_and_serving_is_always_friendly() -> None:
    assert ReaderOptions.detect({"NO_COLOR": "1"}, colors="256").colors == "256"
    assert ReaderOptions.detect({}, serve=True) == ReaderOptions(ssh_friendly=True, serve=True)


async def test_narrow_ssh_friendly_reader_shows_one_pane_at_a_time(kb: KnowledgeBase, tmp_path: Path) -> None:
    app = make_app(kb, tmp_path, ReaderOptions(ssh_friendly=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        left, reader = app.query_one("#left"), app.query_one(ReadingPane)
        assert left.region.width == 80 and reader.region.width == 0
        tree = app.query_one(NavTree)
        episodes = next(node for node in tree.root.children if node.data is Kind.EPISODE)
        tree.move_cursor(episodes)
        await pilot.press("right", "down", "enter")
        await pilot.pause()
        assert showing(app) == E001
        assert app.focused is reader and reader.region.width == 80 and left.region.width == 0
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is tree and left.region.width == 80


async def settled(pilot: Pilot[None]) -> None:
    """Searches run in worker threads: wait for them and for the answers they posted."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@contextlib.asynccontextmanager
async def one_pane_search(
    kb: KnowledgeBase, tmp_path: Path, query: str
) -> AsyncIterator[tuple[HubReaderApp, Pilot[None]]]:
    """An 80x24 SSH-friendly reader, so one pane at a time, showing the answer to `query`."""
    app = make_app(kb, tmp_path, ReaderOptions(ssh_friendly=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("slash", *query)
        await settled(pilot)
        yield app, pilot


async def test_escape_from_a_result_in_one_pane_returns_to_the_results(kb: KnowledgeBase, tmp_path: Path) -> None:
    """Esc went to the tree and emptied the box: the results, and where the cursor was among them, were lost."""
    async with one_pane_search(kb, tmp_path, "grpo") as (app, pilot):
        box, results, reader = app.query_one(FilterInput), app.query_one(ResultsList), app.query_one(ReadingPane)
        assert len(results.rows) >= 2
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.focused is reader and showing(app) == results.rows[1].place.key
        assert reader.region.width == 80
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is box and box.value == "grpo"
        assert results.display and results.region.width == 80 and results.highlighted == 1
        assert not app.query_one(NavTree).display and reader.region.width == 0
        await pilot.press("escape")
        assert app.focused is app.query_one(NavTree) and box.value == ""


async def test_slash_reopens_the_last_query_selected(kb: KnowledgeBase, tmp_path: Path) -> None:
    """`/` after a closed search showed an empty box; the last query comes back, selected, so typing replaces it."""
    async with one_pane_search(kb, tmp_path, "grpo") as (app, pilot):
        await pilot.press("escape", "slash")
        await settled(pilot)
        box = app.query_one(FilterInput)
        assert app.focused is box and box.value == "grpo" and box.selection == Selection(0, 4)
        assert app.query_one(ResultsList).display and last_query(app) is not None
        await pilot.press(*"tok")
        assert box.value == "tok"


async def test_slash_from_a_result_selects_the_query_it_came_from(kb: KnowledgeBase, tmp_path: Path) -> None:
    """In one pane the search stays open behind a result's page: `/` there showed the query with the cursor at its
    end, so a new word was appended to it."""
    async with one_pane_search(kb, tmp_path, "grpo") as (app, pilot):
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("slash")
        await settled(pilot)
        box = app.query_one(FilterInput)
        assert app.focused is box and box.selection == Selection(0, 4)
        await pilot.press(*"tok")
        assert box.value == "tok"


async def test_h_and_l_travel_history_and_type_in_the_box(kb: KnowledgeBase, tmp_path: Path) -> None:
    """xterm.js sends Alt+arrows as Ctrl+arrows: H/L and Ctrl+arrows go back and forward wherever no box has focus."""
    app = make_app(kb, tmp_path, ReaderOptions(ssh_friendly=True), Place(E001))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await app.reader_screen.open_place(Place(TOPIC), focus_reader=True)
        for back, forward in (("H", "L"), ("ctrl+left", "ctrl+right")):
            await pilot.press(back)
            await pilot.pause()
            assert showing(app) == E001
            await pilot.press(forward)
            await pilot.pause()
            assert showing(app) == TOPIC
        await pilot.press("escape", "H")  # in the tree: not the start of a search
        await pilot.pause()
        assert app.focused is app.query_one(NavTree) and showing(app) == E001
        await pilot.press("slash", "H", "L", "ctrl+left")
        await pilot.pause()
        assert app.query_one(FilterInput).value == "HL" and showing(app) == E001


async def test_switching_panes_restyles_only_the_panes_whose_focus_changed(kb: KnowledgeBase, tmp_path: Path) -> None:
    """A class on the app restyled every widget on each item opened and each Esc back to the tree."""
    app = make_app(kb, tmp_path, ReaderOptions(ssh_friendly=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        tree = app.query_one(NavTree)
        tree.move_cursor(next(node for node in tree.root.children if node.data is Kind.EPISODE))
        await pilot.press("right", "down")
        restyled: list[str] = []
        update_styles = app.update_styles
        app.update_styles = lambda node, animate=False: (restyled.append(type(node).__name__),
                                                         update_styles(node, animate))[1]
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.query_one(ReadingPane) and not app.query_one("#left").display
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is tree and not app.query_one(ReadingPane).display
        assert set(restyled) == {"NavTree", "ReadingPane"}


async def test_a_stale_window_size_is_followed_by_the_terminal_s(kb: KnowledgeBase, tmp_path: Path) -> None:
    """Two window changes in a row can reach the app newest first (Textual reads the size in its SIGWINCH handler
    and posts it afterwards); the reader must end at the terminal's size, not the older one."""
    app = make_app(kb, tmp_path, ReaderOptions(ssh_friendly=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        app._terminal_size = lambda: Size(80, 24)  # the pty, now 80x24 again
        app.post_message(Resize(Size(500, 200), Size(500, 200)))  # the older change, arriving last
        await pilot.pause(0.1)
        assert app.size == Size(80, 24) and app.screen.size == Size(80, 24)


async def test_wide_ssh_friendly_reader_keeps_both_panes(kb: KnowledgeBase, tmp_path: Path) -> None:
    app = make_app(kb, tmp_path, ReaderOptions(ssh_friendly=True))
    async with app.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        assert app.query_one("#left").region.width > 0 and app.query_one(ReadingPane).region.width > 0


async def test_ssh_friendly_turns_off_motion(kb: KnowledgeBase, tmp_path: Path) -> None:
    calm = make_app(kb, tmp_path, ReaderOptions(ssh_friendly=True))
    async with calm.run_test(size=(120, 30)) as pilot:
        await started(pilot)
        assert calm.animation_level == "none"
        assert calm.query_one(FilterInput).cursor_blink is False


@pytest.mark.parametrize(
    ("colors", "system"),
    [("16", ColorSystem.STANDARD), ("256", ColorSystem.EIGHT_BIT), ("truecolor", ColorSystem.TRUECOLOR)],
)
def test_colour_depth_reaches_the_console(kb: KnowledgeBase, tmp_path: Path, colors: str, system: ColorSystem) -> None:
    app = make_app(kb, tmp_path, ReaderOptions(colors=colors))
    assert app.console._color_system == system


def test_no_colours_means_no_colour_at_all(kb: KnowledgeBase, tmp_path: Path) -> None:
    app = make_app(kb, tmp_path, ReaderOptions(colors="none"))
    assert app.no_color and app.get_line_filters()[-1] is NO_COLOUR
    plain = make_app(kb, tmp_path, ReaderOptions())
    assert not plain.no_color and NO_COLOUR not in plain.get_line_filters()


async def test_y_copies_the_open_item_or_the_highlighted_link(kb: KnowledgeBase, tmp_path: Path) -> None:
    app = make_app(kb, tmp_path, ReaderOptions(), Place(E001))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("y")
        assert app.clipboard == "ep:E001"
        await pilot.press("tab", "y")
        assert app.clipboard == "paper:2605.00001"


async def test_urls_are_copied_never_opened(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *args, **kwargs: opened.append(url))
    app = make_app(kb, tmp_path, ReaderOptions(), Place(E001))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        app.open_url("https://example.org/paper")
        assert app.clipboard == "https://example.org/paper"
    assert opened == []


@pytest.mark.parametrize(("serve", "offered"), [(True, False), (False, True)])
async def test_served_readers_offer_no_screenshots(
    kb: KnowledgeBase, tmp_path: Path, serve: bool, offered: bool
) -> None:
    app = make_app(kb, tmp_path, ReaderOptions(serve=serve))
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert ("Screenshot" in titles) is offered
        assert bool(app.check_action("screenshot", ())) is offered


def test_serve_mode_still_refuses_to_draw_into_a_pipe() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--content", str(FIXTURE_KB), "--serve-mode"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "needs a terminal" in result.stderr


def test_unknown_colour_depth_is_a_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--colors", "millions", "list"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "invalid choice: 'millions'" in result.stderr


class CrashingApp(HubReaderApp):
    """The real app with one key that hits a bug, as any unforeseen error would."""

    BINDINGS = [("f5", "crash", "Crash")]  # noqa: RUF012

    def action_crash(self) -> None:
        raise ValueError("boom \x1b[31m in red")


@pytest.mark.parametrize("saves_state", [True, False])
async def test_a_crash_is_one_line_and_the_traceback_goes_to_a_file(
    kb: KnowledgeBase, tmp_path: Path, saves_state: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    state = StateStore(tmp_path / "state" / "state.json" if saves_state else None)
    app = CrashingApp(kb, IndexSearcher(kb, tmp_path / "cache"), state, None, ReaderOptions())
    with pytest.raises(ValueError, match="boom"):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("f5")
    line = capsys.readouterr().err.strip()
    assert line.startswith("hubreader: internal error (ValueError: boom") and "\n" not in line
    assert "\x1b" not in line and "Traceback" not in line
    report = tmp_path / "state" / "crash.log"
    if saves_state:
        assert f"details in {report}" in line
        assert "Traceback" in report.read_text() and "action_crash" in report.read_text()
    else:
        assert not report.exists() and "please report" in line
