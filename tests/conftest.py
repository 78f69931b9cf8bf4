"""Shared fixtures: the small hand-written knowledge base and a builder for broken ones."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tui.model import KnowledgeBase, load_knowledge_base

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from tui.app.app import HubReaderApp
    from tui.model import ItemKey
    from tui.widgets.reading_pane import ReadingPane

FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"
REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "content"


async def started(pilot: Pilot[Any]) -> None:
    """The reader paints its first item in the frame after the first and then warms the index up: wait for both,
    and for the messages they posted. Only the warm-up is waited for: a search worker may be cancelled by a newer
    one meanwhile, and waiting on a cancelled worker raises WorkerCancelled."""
    from tui.app.app import WARM_UP  # noqa: PLC0415 - conftest loads no Textual for the model's tests

    await pilot.app.started.wait()
    await pilot.app.workers.wait_for_complete([worker for worker in pilot.app.workers if worker.group == WARM_UP])
    await pilot.pause()


async def on_the_page(pilot: Pilot[Any]) -> ReadingPane:
    """The reader started, with the keyboard on its reading pane."""
    from tui.widgets.reading_pane import ReadingPane as Pane  # noqa: PLC0415 - no Textual for the model's tests

    await started(pilot)
    pane = pilot.app.query_one(Pane)
    pane.focus()
    return pane


def showing(app: HubReaderApp) -> ItemKey | None:
    """The key of the item open in the reading pane."""
    current = app.reader_screen.current
    return None if current is None else current.key


def last_query(app: HubReaderApp) -> str | None:
    """The query whose answer the results last showed."""
    answered = app.reader_screen.search_panel.last_search
    return None if answered is None else answered.query


@pytest.fixture(scope="session", autouse=True)
def private_user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Caches and state written by the suite (and the commands it runs) never land in the real user folders."""
    home = tmp_path_factory.mktemp("user")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HUBREADER_CACHE", str(home / "cache"))
        patch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
        patch.setenv("XDG_STATE_HOME", str(home / "xdg-state"))
        yield


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> object:
    """SSH keys for the serve-ssh tests (host, an authorized client, a stranger), generated once per run."""
    from tests.test_serve_ssh_support import make_keys  # noqa: PLC0415 - only those tests pay for asyncssh

    return make_keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge_base(FIXTURE_KB)


@pytest.fixture(scope="session")
def index_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index of the fixture base for the tests that only read it."""
    return tmp_path_factory.mktemp("index-cache")


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture knowledge base, to break on purpose."""
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, target)
    return target


WriteFiles = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture
def write_kb(kb_copy: Path) -> WriteFiles:
    """Add or overwrite files in the copy; returns its root."""

    def write(files: dict[str, str | bytes]) -> Path:
        for name, content in files.items():
            path = kb_copy / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return kb_copy

    return write


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Where each CSS source Textual parses was read from, in order."""
    import textual.css.stylesheet  # noqa: PLC0415 - the model tests run without Textual

    seen: list[object] = []
    real = textual.css.stylesheet.parse

    def counting(scope: str, css: str, read_from: object, **kwargs: object) -> object:
        seen.append(read_from)
        return real(scope, css, read_from, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(textual.css.stylesheet, "parse", counting)
    return seen


async def until(pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Wait for what a worker or a timer brings about, failing the test if it never comes."""
    async with asyncio.timeout(seconds):
        while not condition():
            await pilot.pause(0.01)


async def choose_in_palette(pilot: Pilot[None], typed: str, wanted: str) -> None:
    """Ctrl+P, type, wait for the hit whose prompt is `wanted` (its first line: the help goes under it; the palette
    answers on a worker and a timer of its own) and choose it."""
    from textual.widgets import OptionList  # noqa: PLC0415 - the model's tests load this file without Textual

    await pilot.press("ctrl+p", *typed)
    hits = pilot.app.screen.query_one(OptionList)

    def index() -> int | None:
        return next((n for n, option in enumerate(hits.options) if str(option.prompt).split("\n")[0] == wanted), None)

    await until(pilot, lambda: index() is not None)
    hits.highlighted = index()
    await pilot.press("enter")
    await pilot.pause()
