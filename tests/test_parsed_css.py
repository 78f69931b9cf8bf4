"""Apps sharing a ParsedCss parse each CSS source once per theme, and look exactly as if they had parsed it."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.css.model import RuleSet

from tests.conftest import FIXTURE_KB, started
from tui.app.app import HubReaderApp
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.model import load_knowledge_base
from tui.overrides.parsed_css import ParsedCss
from tui.serve.child import NoSearch, Prepared, rehearse

KB = load_knowledge_base(FIXTURE_KB)
Look = list[tuple[str, str]]


async def look(shared: ParsedCss | None, theme: str | None = None) -> Look:
    """Every widget's computed CSS once the first item is up."""
    app = HubReaderApp(KB, NoSearch(), StateStore(None), parsed_css=shared)
    if theme:
        app.theme = theme
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        return [(type(node).__name__, node.styles.css) for node in app.screen.walk_children(with_self=True)]


async def test_a_second_app_parses_no_css_and_looks_the_same(parses: list[object]) -> None:
    shared = ParsedCss()
    first = await look(shared)
    parsed_by_first = len(parses)
    second = await look(shared)
    assert parsed_by_first > 0 and len(parses) == parsed_by_first
    assert second == first
    assert await look(None) == first and len(parses) > parsed_by_first  # the count does see parses


async def test_each_theme_keeps_parses_of_its_own(parses: list[object]) -> None:
    """A theme change neither drops nor overwrites the parses made under the other theme."""
    shared = ParsedCss()
    dark = await look(shared)
    light = await look(shared, "textual-light")
    assert light != dark
    parsed = len(parses)
    assert await look(shared) == dark
    assert len(parses) == parsed
    assert await look(shared, "textual-light") == light  # (Textual's own reparse on a theme change parses anew)


def test_the_zygote_s_rehearsal_parses_the_reader_s_css_and_leaves_no_thread(tmp_path: Path) -> None:
    prepared = Prepared(KB, tmp_path / "cache", ParsedCss())
    rehearse(prepared)
    assert prepared.css is not None and len(prepared.css) > 0
    assert threading.active_count() == 1  # the zygote refuses to fork with a thread
    assert not (tmp_path / "cache").exists()  # the index stays unopened: children would share its file offsets


def test_parses_are_the_same_objects_every_app_gets() -> None:
    """Sharing, not copying: a forked session reads the zygote's pages and allocates nothing for its CSS."""
    shared = ParsedCss()
    sheets = [HubReaderApp(KB, IndexSearcher(KB), StateStore(None), parsed_css=shared).stylesheet for _ in "ab"]
    rules = [sheet._parse_rules("Screen { layout: vertical; }", ("test", "")) for sheet in sheets]
    assert all(isinstance(rule, RuleSet) for rule in rules[0])
    assert rules[1] is rules[0]
