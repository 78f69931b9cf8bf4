"""The key footer: the focused widget's keys on one line, redrawn only when they change, clickable."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from tui.widgets.footer import KeyFooter


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


async def test_a_terminal_narrower_than_the_keys_crops_the_line() -> None:
    app = ThreeInputs()
    async with app.run_test(size=(8, 10)) as pilot:
        await pilot.pause()
        assert footer_line(app) == "▏^p pale"
