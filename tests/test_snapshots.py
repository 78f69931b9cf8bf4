"""What the reader looks like at 80x24 and 120x40; review the SVG diff before updating a snapshot."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import FIXTURE_KB, started
from tui.app.app import HubReaderApp
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.index import CACHE_ENV
from tui.model import ItemKey, Kind, load_knowledge_base
from tui.view.place import Place

SIZES = [(80, 24), (120, 40)]
KB = load_knowledge_base(FIXTURE_KB)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))


def app_at(place: Place | None = None) -> HubReaderApp:
    return HubReaderApp(KB, IndexSearcher(KB), StateStore(None), place)


@pytest.mark.parametrize("size", SIZES)
def test_hub(snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    assert snap_compare(app_at(), terminal_size=size, run_before=started)


@pytest.mark.parametrize("size", SIZES)
def test_topic_section(snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    place = Place(ItemKey(Kind.TOPIC, "sample-topic"), "first-section")
    assert snap_compare(app_at(place), terminal_size=size, run_before=started)


@pytest.mark.parametrize("size", SIZES)
def test_episode_card_with_a_highlighted_link(snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    async def highlight(pilot: Pilot[None]) -> None:
        await started(pilot)
        await pilot.press("tab")

    assert snap_compare(app_at(Place(ItemKey(Kind.EPISODE, "E001"))), terminal_size=size, run_before=highlight)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    async def open_help(pilot: Pilot[None]) -> None:
        await started(pilot)
        await pilot.press("question_mark")

    assert snap_compare(app_at(), terminal_size=size, run_before=open_help)


def pressed_on_the_page(*keys: str) -> Callable[[Pilot[None]], object]:
    """Focus the reading pane, as Tab from the tree would, then press the keys of a page command."""

    async def press(pilot: Pilot[None]) -> None:
        await started(pilot)
        pilot.app.query_one("#reader").focus()
        await pilot.press(*keys)
        await pilot.pause()

    return press


def test_outline(snap_compare: Callable[..., bool]) -> None:
    place = Place(ItemKey(Kind.TOPIC, "sample-topic"))
    assert snap_compare(app_at(place), terminal_size=(80, 24), run_before=pressed_on_the_page("o"))


def test_links_map(snap_compare: Callable[..., bool]) -> None:
    place = Place(ItemKey(Kind.EPISODE, "E001"))
    assert snap_compare(app_at(place), terminal_size=(80, 24), run_before=pressed_on_the_page("w"))


def test_peek_on_an_episode(snap_compare: Callable[..., bool]) -> None:
    place = Place(ItemKey(Kind.TOPIC, "sample-topic"))
    keys = ["tab"] * 2 + ["p"]  # the second link of the topic's first section is E001
    assert snap_compare(app_at(place), terminal_size=(80, 24), run_before=pressed_on_the_page(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_search_results(snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    async def search(pilot: Pilot[None]) -> None:
        await started(pilot)
        await pilot.press("slash", *"grpo")
        await started(pilot)

    assert snap_compare(app_at(), terminal_size=size, run_before=search)
