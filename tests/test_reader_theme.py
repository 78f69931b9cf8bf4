"""The reader's dark theme is the app's starting theme: the app looks and is classed as Textual's own theme change
would leave it, and no source is parsed twice for it (tui/app/colour.py)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from tui.app.colour import DARK, THEMES, use_reader_themes


class Sample(App[None]):
    """A few widgets whose colours come from the theme's variables."""

    CSS = "Static { background: $primary; color: $text-secondary; }"

    def compose(self) -> ComposeResult:
        yield Static("text")
        yield Input(placeholder="box")


async def state(app: App[None]) -> tuple[object, ...]:
    """What a theme decides: the theme, the app's classes, the CSS variables and every widget's computed CSS."""
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        styles = [(type(node).__name__, node.styles.css) for node in app.screen.walk_children(with_self=True)]
        return app.theme, app.classes, app.stylesheet._variables, styles


async def test_the_reader_s_theme_is_set_as_a_theme_change_would_set_it(parses: list[object]) -> None:
    await state(Sample())
    plain, parses[:] = parses[:], []
    changed = Sample()
    for theme in THEMES:
        changed.register_theme(theme)
    changed.theme = DARK.name
    expected = await state(changed)
    assert len(parses) > len(plain)  # the change's refresh parses again: the count sees it
    parses.clear()
    ours = Sample()
    use_reader_themes(ours)
    assert await state(ours) == expected
    assert parses == plain  # parsed as an app that keeps Textual's default theme parses
