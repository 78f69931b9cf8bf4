"""Widgets whose lines depend on their width only keep them when just their height changes."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.events import Resize
from textual.geometry import Size
from textual.widget import Widget

from tui.overrides.width_keyed import KeepLinesWhenOnlyHeightChanges
from tui.widgets.nav_tree import NavTree
from tui.widgets.results import ResultsList


class DropsLinesOnResize(Widget):
    """Plays Tree and OptionList: their own resize handler throws away every line they drew."""

    def __init__(self) -> None:
        super().__init__()
        self.dropped: list[Size] = []

    def on_resize(self, event: Resize) -> None:
        self.dropped.append(event.size)


class Keeping(KeepLinesWhenOnlyHeightChanges, DropsLinesOnResize):
    pass


class Host(App[None]):
    CSS = "Keeping { width: 20; height: 5; }"

    def compose(self) -> ComposeResult:
        yield Keeping()


async def test_only_a_new_width_drops_the_lines() -> None:
    app = Host()
    async with app.run_test(size=(60, 20)) as pilot:
        widget = app.query_one(Keeping)
        await pilot.pause()
        assert widget.dropped == [Size(20, 5)]  # the first size is a new width
        widget.styles.height = 9
        await pilot.pause()
        assert widget.dropped == [Size(20, 5)]
        widget.styles.width = 30
        await pilot.pause()
        assert widget.dropped == [Size(20, 5), Size(30, 9)]


def test_the_tree_and_the_results_list_keep_their_lines() -> None:
    assert issubclass(NavTree, KeepLinesWhenOnlyHeightChanges)
    assert issubclass(ResultsList, KeepLinesWhenOnlyHeightChanges)
