"""The key footer: the focused widget's keys on one line, redrawn only when they change, clickable."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from tests.conftest import FIXTURE_KB, started
from tui.app.app import HubReaderApp
from tui.app.options import ReaderOptions
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.model import load_knowledge_base
from tui.widgets.footer import KeyFooter
from tui.widgets.keys import short_label


class CountingFooter(KeyFooter):
    """The real footer, counting how often it draws itself."""

    drawn = 0

    def render(self) -> Text:
        self.drawn += 1
        return super().render()


class NotesInput(Input):
    BINDINGS = [Binding("ctrl+n", "app.note", "New note")]  # noqa: RUF012


class ThreeInputs(App[None]):
    BINDINGS = [  # noqa: RUF012
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+o,ctrl+r", "open", "Open"),
        Binding("f5", "export", "Export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.done: list[str] = []

    def compose(self) -> ComposeResult:
        yield Input(id="a")
        yield Input(id="b")
        yield NotesInput(id="c")
        yield CountingFooter()

    def action_save(self) -> None:
        self.done.append("save")

    def action_note(self) -> None:
        self.done.append("note")

    def action_export(self) -> None:
        self.done.append("export")

    def bell(self) -> None:
        self.done.append("bell")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "export" else True  # shown, but does nothing right now


def footer_line(app: App[None]) -> str:
    return app.screen._compositor.render_strips()[-1].text


async def test_shows_the_first_key_of_each_action_and_the_palette_on_the_right() -> None:
    app = ThreeInputs()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        line = footer_line(app)
        assert line.startswith(" ^s Save  ^o Open  f5 Export ") and "^r" not in line
        assert line.endswith("▏^p palette ") and len(line) == 80


async def test_keys_follow_focus_and_a_move_between_like_widgets_draws_nothing() -> None:
    app = ThreeInputs()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        footer = app.query_one(CountingFooter)
        drawn = footer.drawn
        await pilot.press("tab")  # a -> b: the same keys
        await pilot.pause()
        assert footer.drawn == drawn
        await pilot.press("tab")  # b -> c: one more key
        await pilot.pause()
        assert footer.drawn > drawn and "^n New note" in footer_line(app)


async def test_a_click_presses_the_key_and_a_disabled_key_only_rings() -> None:
    app = ThreeInputs()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        line = footer_line(app)
        await pilot.click(KeyFooter, offset=(line.index("Save"), 0))
        assert app.done == ["save"]
        await pilot.click(KeyFooter, offset=(line.index("Export"), 0))
        assert app.done == ["save", "bell"]
        assert [key.enabled for key in app.query_one(KeyFooter).keys] == [True, True, False]


async def test_a_terminal_narrower_than_the_keys_leaves_keys_out_whole() -> None:
    app = ThreeInputs()
    async with app.run_test(size=(16, 10)) as pilot:
        await pilot.pause()
        assert footer_line(app) == " ^s Save    ▏^p "


KB = load_knowledge_base(FIXTURE_KB)
SIZES = [(120, 40), (80, 24), (60, 20)]


def whole_labels(app: App[None]) -> set[str]:
    """Every key as the footer may draw it: its full label, its short one, nothing in between."""
    segments = set()
    for key, (_, binding, _, _) in app.screen.active_bindings.items():
        shown = app.get_key_display(binding)
        relabel = getattr(app.screen, "footer_label", lambda binding: None)(binding) or ()
        for label in (binding.description, short_label(binding), *relabel):
            segments.add(f" {shown} {label} ")
        if key == app.COMMAND_PALETTE_BINDING:
            segments |= {f"▏{shown} {binding.description} ", f"▏{shown} "}
    return segments


def checked_line(app: App[None], width: int) -> str:
    """The footer line, once it is known to be whole keys end to end, padded in the middle, as wide as the terminal."""
    line = footer_line(app)
    assert cell_len(line) == width
    labels = whole_labels(app)
    keys, bar, palette = line.partition("▏")
    assert not bar or bar + palette in labels, f"a cut palette key in {line!r}"
    rest = keys.rstrip() + " " if keys.strip() else ""
    while rest:
        head = max((label for label in labels if rest.startswith(label)), key=len, default=None)
        assert head is not None, f"a cut key at {rest!r} in {line!r}"
        rest = rest[len(head) :]
    return line


async def footer_in_each_pane(size: tuple[int, int]) -> dict[str, str]:
    """The footer line with focus in the tree, the search box, the results and the reading pane."""
    app = HubReaderApp(KB, IndexSearcher(KB), StateStore(None), None, ReaderOptions(ssh_friendly=True))
    lines = {}
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        lines["tree"] = checked_line(app, size[0])
        await pilot.press("slash", *"grpo")
        await started(pilot)
        lines["box"] = checked_line(app, size[0])
        await pilot.press("tab")
        await pilot.pause()
        lines["results"] = checked_line(app, size[0])
        await pilot.press("enter")
        await pilot.pause()
        lines["reader"] = checked_line(app, size[0])
    return lines


@pytest.mark.parametrize("size", SIZES)
async def test_back_help_and_quit_are_always_shown_and_esc_wherever_it_does_something(size: tuple[int, int]) -> None:
    lines = await footer_in_each_pane(size)
    for pane, line in lines.items():
        words = line.split()
        assert {"Back", "Help", "Quit"} <= set(words), f"{pane}: {line!r}"
        assert ("esc" in words) == (pane != "tree"), f"{pane}: {line!r}"  # Esc does nothing in the tree


async def test_outside_the_box_history_keys_are_ones_every_terminal_sends() -> None:
    """xterm.js (serve-web) never sends Alt+arrows: the tree, results and page advertise Backspace and L, not Alt."""
    lines = await footer_in_each_pane((120, 40))
    for pane in ("tree", "results", "reader"):
        assert "alt+" not in lines[pane], f"{pane}: {lines[pane]!r}"
        assert " L " in lines[pane] and "⌫ Back" in lines[pane], f"{pane}: {lines[pane]!r}"


@pytest.mark.parametrize(("size", "says"), [((120, 40), "Close"), ((80, 24), "Results")])
async def test_esc_from_the_page_says_where_it_goes(size: tuple[int, int], says: str) -> None:
    """Two panes: Esc from a result's page closes the search; one pane: it goes back to the results."""
    lines = await footer_in_each_pane(size)
    assert f"esc {says}" in lines["reader"] or f"esc Back to {says.lower()}" in lines["reader"], lines["reader"]
    assert "Tree" not in lines["reader"], lines["reader"]
