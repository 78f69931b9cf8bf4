"""A reader's start reuses the CSS an earlier start parsed, from a file it can trust (tui/app/startup.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURE_KB, started
from tui.app import startup
from tui.app.app import HubReaderApp
from tui.app.startup import keep_parsed_css, load_parsed_css
from tui.app.state import StateStore
from tui.model import load_knowledge_base
from tui.overrides.parsed_css import ParsedCss
from tui.serve.child import NoSearch

KB = load_knowledge_base(FIXTURE_KB)
Look = list[tuple[str, str]]




async def look(css: ParsedCss) -> Look:
    """Every widget's computed CSS once the first item is up."""
    app = HubReaderApp(KB, NoSearch(), StateStore(None), parsed_css=css)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        return [(type(node).__name__, node.styles.css) for node in app.screen.walk_children(with_self=True)]


async def kept(cache: Path) -> tuple[ParsedCss, Look]:
    """A first start: nothing to reuse, and what it parsed is written for the next."""
    css = load_parsed_css(cache)
    assert len(css) == 0
    first = await look(css)
    keep_parsed_css(css, cache)
    return css, first


async def test_a_second_start_parses_only_what_an_app_sharing_the_parses_in_memory_would(
    tmp_path: Path, parses: list[object]
) -> None:
    """As a second app sharing the first one's ParsedCss in one process (serve-ssh's sessions), and as it looks."""
    css, first = await kept(tmp_path)
    assert (tmp_path / "css.pickle").stat().st_mode & 0o777 == 0o600
    parsed_by_first = len(parses)
    parses.clear()
    await look(css)
    in_memory = parses[:]
    parses.clear()
    again = load_parsed_css(tmp_path)
    assert len(again) == len(css)
    assert await look(again) == first
    assert parses == in_memory and len(parses) < parsed_by_first


@pytest.mark.parametrize("spoil", ["group-writable", "truncated", "another-textual"])
async def test_a_cache_it_cannot_trust_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spoil: str
) -> None:
    await kept(tmp_path)
    path = tmp_path / "css.pickle"
    if spoil == "group-writable":
        path.chmod(0o620)
    elif spoil == "truncated":
        path.write_bytes(path.read_bytes()[:200])
    else:
        monkeypatch.setattr(startup, "_css_key", lambda: bytes(32))
    assert len(load_parsed_css(tmp_path)) == 0


async def test_a_cache_grown_too_large_starts_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    css, _ = await kept(tmp_path)
    monkeypatch.setattr(startup, "MAX_PARSES", len(css) - 1)
    keep_parsed_css(css, tmp_path)
    assert not (tmp_path / "css.pickle").exists()
