"""A reader's page is on screen by the second frame: the item opens before the first frame, and the reading pane wraps
its top as that frame gives it its width and paints it (the first frame shows it: tests/test_first_screen_wrap.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.console import Console
from textual._compositor import Compositor

from tests.conftest import FIXTURE_KB, started
from tui.app.app import HubReaderApp
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.model import Kind, load_knowledge_base

KB = load_knowledge_base(FIXTURE_KB)
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b]*\x1b\\")  # SGR, cursor moves and hyperlinks


def opening_words() -> str:
    """The start of the first paragraph of the item a reader opens with no saved state: the first hub."""
    hub = next(iter(KB.of_kind(Kind.HUB)))
    return next(p.text for section in hub.body.sections for p in section.paragraphs)


def frame_text(update: object, console: Console) -> str:
    return ESCAPES.sub("", update.render_segments(console))  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_first_item_is_on_screen_by_the_second_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    frames: list[object] = []
    render_update = Compositor.render_update

    def recording(self: Compositor, *args: object, **kwargs: object) -> object:
        if (update := render_update(self, *args, **kwargs)) is not None:  # type: ignore[arg-type]
            frames.append(update)
        return update

    monkeypatch.setattr(Compositor, "render_update", recording)
    app = HubReaderApp(KB, IndexSearcher(KB, tmp_path / "cache"), StateStore(None))
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        first, second = (frame_text(frame, app.console) for frame in frames[:2])
    assert "Hubs (" in first
    assert opening_words() in second
