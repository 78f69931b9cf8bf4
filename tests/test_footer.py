"""The key footer rebuilds only when the keys it shows change."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Input

from tui.widgets.footer import KeyFooter


class TwoInputs(App[None]):
    BINDINGS = [Binding("ctrl+s", "noop", "Save")]  # noqa: RUF012

    def compose(self) -> ComposeResult:
        yield Input(id="a")
        yield Input(id="b")
        yield KeyFooter()

    def action_noop(self) -> None:
        """Nothing: the binding only has to be shown."""


async def test_focus_moving_between_like_widgets_does_not_rebuild_the_footer(monkeypatch: pytest.MonkeyPatch) -> None:
    rebuilt: list[int] = []
    real = Footer.recompose

    async def counting(self: Footer) -> None:
        rebuilt.append(1)
        await real(self)

    monkeypatch.setattr(Footer, "recompose", counting)
    app = TwoInputs()
    async with app.run_test() as pilot:
        await pilot.pause()
        first = len(rebuilt)
        assert first >= 1 and "Save" in str(app.query_one(Footer).query("FooterKey").first().render())
        for _ in range(3):
            await pilot.press("tab")
            await pilot.pause()
        assert len(rebuilt) == first
