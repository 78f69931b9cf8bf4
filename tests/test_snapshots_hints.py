"""What link hints and find in page look like at 80x24; review the SVG diff before updating a snapshot."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tests.conftest import on_the_page, started
from tests.test_snapshots import _private_cache, app_at  # noqa: F401 - the fixture keeps the index out of the user's
from tui.model import ItemKey, Kind
from tui.view.place import Place
from tui.widgets.reading_pane import ReadingPane

TOPIC = Place(ItemKey(Kind.TOPIC, "sample-topic"))


def test_hints_on_a_topic(snap_compare: Callable[..., bool]) -> None:
    """Eight links in view, each with a one-letter label over its first letter, on a highlighted link too."""

    async def hints(pilot: Pilot[None]) -> None:
        await started(pilot)
        await pilot.press("tab", "f")

    assert snap_compare(app_at(TOPIC), terminal_size=(80, 24), run_before=hints)


def test_find_in_a_topic(snap_compare: Callable[..., bool]) -> None:
    """Every GRPO and reward in the page washed; after n, n the second match, Reward, is the current one."""

    async def find(pilot: Pilot[None]) -> None:
        await started(pilot)
        pilot.app.query_one(ReadingPane).set_find("grpo reward kind:topic")
        await pilot.press("n", "n")

    assert snap_compare(app_at(TOPIC), terminal_size=(80, 24), run_before=find)


def test_the_find_prompt(snap_compare: Callable[..., bool]) -> None:
    """Ctrl+F on the page: a one-line box at the bottom, titled, with the last find selected and its hint line."""

    async def prompt(pilot: Pilot[None]) -> None:
        await on_the_page(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()

    assert snap_compare(app_at(TOPIC), terminal_size=(80, 24), run_before=prompt)
