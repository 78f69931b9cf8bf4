"""The reading pane wraps the blocks that fill the screen, paints them, and only then the rest of the page; whatever
reads below the wrapped blocks wraps the rest first (tui/widgets/reading_pane.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual._compositor import Compositor
from textual.strip import Strip

from tests.conftest import WriteFiles, started
from tests.test_first_frame import frame_text
from tests.test_tab_links import highlighted
from tui.app.app import HubReaderApp
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.model import ItemKey, Kind, load_knowledge_base
from tui.view.place import Place
from tui.widgets.reading_pane import ReadingPane

FILLER = " ".join(["words-too-long-for-two-a-line"] * 5)  # one word a line: longer than the pane guesses
BODY = "\n\n".join(f"Paragraph {n}: [[first-note|link{n:02}]] {FILLER}" for n in range(40))
LONG_NOTE = ItemKey(Kind.NOTE, "long-note")
SIZE = (80, 24)


def long_note_app(write_kb: WriteFiles, tmp_path: Path) -> HubReaderApp:
    """The reader started at a note many screens long, the focus in the page."""
    note = f'---\ntype: note\nid: "long-note"\ntitle: "How long can a note be?"\n---\n{BODY}\n'
    kb = load_knowledge_base(write_kb({"notes/long-note.md": note}))
    app = HubReaderApp(kb, IndexSearcher(kb, tmp_path / "cache"), StateStore(None), Place(LONG_NOTE))
    app.animation_level = "none"
    return app


def page(reader: ReadingPane) -> tuple[list[Strip], list[int]]:
    return reader._lines[:], reader._tops[:]


async def test_the_first_frame_shows_the_top_of_the_page_wrapped_first(
    write_kb: WriteFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frames: list[tuple[str, int]] = []  # each frame's text, and how many blocks the pane had wrapped for it
    render_update = Compositor.render_update

    def recording(self: Compositor, *args: object, **kwargs: object) -> object:
        if (update := render_update(self, *args, **kwargs)) is not None:  # type: ignore[arg-type]
            frames.append((frame_text(update, app.console), len(app.query_one(ReadingPane)._rendered)))
        return update

    monkeypatch.setattr(Compositor, "render_update", recording)
    app = long_note_app(write_kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        reader = app.query_one(ReadingPane)
        settled, blocks = page(reader), len(reader.blocks)
        reader._layout()  # every block in one go
        assert page(reader) == settled
    shown, wrapped = frames[0]
    assert "How long can a note be?" in shown and "Paragraph 0" in shown
    assert 0 < wrapped < blocks


@pytest.mark.parametrize("move", ["end", "scroll past the end", "shift+tab"])
async def test_whatever_reads_below_the_wrapped_blocks_wraps_the_rest_first(
    write_kb: WriteFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, move: str
) -> None:
    app = long_note_app(write_kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        reader = app.query_one(ReadingPane)
        whole = page(reader)
        height = reader.scrollable_content_region.height
        later = reader.call_after_refresh
        monkeypatch.setattr(  # the rest is never wrapped unasked
            reader,
            "call_after_refresh",
            lambda callback, *args: callback == reader._wrap_rest or later(callback, *args),
        )
        reader._layout(rows=height)
        assert len(reader._lines) < len(whole[0])
        if move == "scroll past the end":
            reader.scroll_to(y=len(whole[0]), animate=False, immediate=True)
        else:
            await pilot.press(move)
        await pilot.pause()
        assert [line.text for line in reader._lines] == [line.text for line in whole[0]]
        assert reader._tops == whole[1]
        if move == "shift+tab":
            assert highlighted(reader) == "link39"
        else:
            assert reader._lines == whole[0]
            assert reader.scroll_offset.y == len(whole[0]) - height
