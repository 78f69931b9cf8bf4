"""Colour (#18 item 7): NO_COLOR sends no colour at all, `--colors` still sets the depth, and every piece of text the
reader draws in its two themes reads at WCAG AA (4.5:1) on the background it is drawn on."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyte
import pytest
from rich.cells import cell_len
from rich.style import Style
from textual._compositor import LayoutUpdate
from textual.app import App
from textual.filter import LineFilter, Monochrome, NoColor
from textual.geometry import Region
from textual.notifications import SeverityLevel
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import OptionList

from benchmarks.terminal import PtyScreen
from tests.conftest import FIXTURE_KB, WriteFiles, started
from tests.test_hostile_content import RawFeed
from tui.app.app import HubReaderApp
from tui.app.colour import NO_COLOUR, THEMES
from tui.app.options import ReaderOptions
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.model import ItemKey, Kind, load_knowledge_base
from tui.view.place import Place
from tui.widgets.filter_input import FilterInput

AA = 4.5  # WCAG 2.x success criterion 1.4.3, normal-size text
RGB = tuple[int, int, int]
Pair = tuple[RGB, RGB]  # text colour, background colour

# A note with every kind of span the page draws: a glossary term, links, broken links, a heading.
SAMPLER = """---
type: note
id: "colour-sampler"
title: "Which colours does the reader use?"
abstract: "Every kind of span: reward hacking as a glossary term, a link, a broken link."
glossary: ["reward-hacking"]
related:
  - "note:first-note"
  - "note:nowhere"
---
## A heading

Read [[second-note|the other note]], then [[no-such-note]], and think of reward hacking.
"""
SAMPLER_KEY = ItemKey(Kind.NOTE, "colour-sampler")
SEVERITIES: tuple[SeverityLevel, ...] = ("information", "warning", "error")


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2.x: each sRGB channel made linear, then weighted by how bright it looks."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: RGB, second: RGB) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_is_wcag_s_ratio() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((18, 52, 86), (18, 52, 86)) == pytest.approx(1)
    assert contrast((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)  # the lightest AA grey
    assert contrast((255, 255, 255), (0x77, 0x77, 0x77)) < AA


def screen_cells(app: App[Any]) -> Iterator[tuple[int, int, str, Style | None]]:
    """Every cell as the terminal gets it (x, y, character, style), line filters applied. Textual shows the screen
    publicly only as an SVG (`App.export_screenshot`); this is the render that export draws, through the two
    private names it uses in Textual 8.2: if they change, every contrast test here fails, not passes."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert isinstance(update, LayoutUpdate)
    for y, chops in enumerate(update.strips):
        x = 0
        for segment in Strip.join(chops):
            for character in segment.text:
                yield x, y, character, segment.style
                x += cell_len(character)


def is_text(character: str) -> bool:
    """Letters, digits and punctuation; box drawing, blocks, arrows and icons are not text to WCAG (1.4.11 asks
    3:1 of them, not checked here)."""
    return unicodedata.category(character)[0] in "LNP"


def colours(style: Style | None) -> Pair | None:
    """None when the terminal picks the colour (its default, or dim), so no ratio can be promised."""
    if style is None or style.dim or style.color is None or style.bgcolor is None:
        return None
    if style.color.is_default or style.bgcolor.is_default:
        return None
    text, background = style.color.get_truecolor(), style.bgcolor.get_truecolor()
    pair = ((text.red, text.green, text.blue), (background.red, background.green, background.blue))
    return (pair[1], pair[0]) if style.reverse else pair


@dataclass
class Seen:
    """What was on screen: each colour pair with where it drew text, and each state's text."""

    pairs: defaultdict[Pair, set[str]] = field(default_factory=lambda: defaultdict(set))
    uncoloured: set[str] = field(default_factory=set)
    text: dict[str, str] = field(default_factory=dict)

    def look(self, app: App[Any], state: str, *regions: Region) -> None:
        """The whole screen, or only `regions` (a modal's box: the dimmed screen behind it is not for reading)."""
        within = regions or (app.screen.region,)
        runs: defaultdict[tuple[int, Pair | None], str] = defaultdict(str)
        rows: defaultdict[int, str] = defaultdict(str)
        for x, y, character, style in screen_cells(app):
            if any(region.contains(x, y) for region in within):
                rows[y] += character
                if is_text(character):
                    runs[(y, colours(style))] += character
        self.text[state] = "\n".join(rows[y] for y in sorted(rows))
        for (_, pair), text in runs.items():
            if pair is None:
                self.uncoloured.add(f"{state}: {text}")
            else:
                self.pairs[pair].add(f"{state}: {text}")

    def below(self, ratio: float) -> list[str]:
        return sorted(
            f"{contrast(*pair):.2f}:1 #{bytes(pair[0]).hex()} on #{bytes(pair[1]).hex()} in {'; '.join(sorted(where))}"
            for pair, where in self.pairs.items()
            if contrast(*pair) < ratio
        )


async def settled(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def tour(pilot: Pilot[None], seen: Seen) -> None:
    """Every place the reader draws text, each looked at once."""
    app = pilot.app
    assert isinstance(app, HubReaderApp)
    seen.look(app, "tree")
    for severity in SEVERITIES:
        app.notify(f"an {severity} note", severity=severity)
    await pilot.pause()
    seen.look(app, "notifications")
    app.clear_notifications()
    await app.reader_screen.open_place(Place(SAMPLER_KEY), focus_reader=True)
    await pilot.pause()
    seen.look(app, "page")
    await pilot.press("tab")
    seen.look(app, "highlighted term")
    await pilot.press("p")
    seen.look(app, "peek", app.screen.query_one("#peek-box").region)
    await pilot.press("escape", "tab")
    seen.look(app, "highlighted link")
    await pilot.press("slash")
    seen.look(app, "empty search box")
    await pilot.press(*"grpo")
    await settled(pilot)
    seen.look(app, "results")
    await pilot.press("tab")
    seen.look(app, "results, focused")
    app.query_one(FilterInput).value = "zzqx"
    await settled(pilot)
    seen.look(app, "no matches")
    await pilot.press("escape", "f1")
    seen.look(app, "help", app.screen.query_one("#help-box").region)
    await pilot.press("escape", "ctrl+p")
    await pilot.pause()
    seen.look(app, "palette", app.screen.query_one("#--input").region, app.screen.query_one(OptionList).region)


async def look_around(root: Path, cache: Path, theme: str) -> Seen:
    kb = load_knowledge_base(root)
    app = HubReaderApp(kb, IndexSearcher(kb, cache), StateStore(None), None, ReaderOptions())
    app.theme = theme
    seen = Seen()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await started(pilot)
        await tour(pilot, seen)
    return seen


@pytest.fixture
def sampler_kb(write_kb: WriteFiles) -> Path:
    return write_kb({"notes/colour-sampler.md": SAMPLER})


# Each state's proof that it was really drawn, so a step that silently showed nothing cannot pass.
DRAWN = {
    "tree": "Hubs (", "notifications": "an error note", "page": "(missing no-such-note)",
    "peek": "Scoring well on the reward", "empty search box": "Search: words", "results": "for “grpo”",
    "no matches": "No matches", "help": "hubreader keys", "palette": "Search for commands",
}


@pytest.mark.parametrize("theme", [theme.name for theme in THEMES])
async def test_every_text_colour_on_screen_reads_at_aa(sampler_kb: Path, tmp_path: Path, theme: str) -> None:
    seen = await look_around(sampler_kb, tmp_path / "cache", theme)
    assert {state: snippet for state, snippet in DRAWN.items() if snippet not in seen.text[state]} == {}
    assert seen.uncoloured == set()
    assert seen.below(AA) == []


async def test_the_check_catches_textual_s_dark_blue_glossary_terms(sampler_kb: Path, tmp_path: Path) -> None:
    """Textual's own dark theme drew glossary terms in #004578 on #121212 (1.9:1) and broken links at 3.4:1."""
    low = (await look_around(sampler_kb, tmp_path / "cache", "textual-dark")).below(AA)
    assert any("#004578 on #121212" in line and "rewardhacking" in line for line in low)
    assert any("(missingno-such-note)" in line for line in low)


def test_colour_follows_the_options_not_textual(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Textual adds its grey filter for any NO_COLOR, empty too; the reader's options decide instead."""
    monkeypatch.setenv("NO_COLOR", "1")
    kb = load_knowledge_base(FIXTURE_KB)

    def filters(colors: str) -> list[LineFilter]:
        app = HubReaderApp(kb, IndexSearcher(kb, tmp_path), StateStore(None), None, ReaderOptions(colors=colors))
        return list(app.get_line_filters())

    coloured, uncoloured = filters("256"), filters("none")
    assert not any(isinstance(line_filter, Monochrome | NoColor) for line_filter in coloured + uncoloured)
    assert NO_COLOUR not in coloured


SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def colour_kinds(raw: bytes) -> set[str]:
    """Which colours the SGR sequences in `raw` set: "16" (30–37, 40–47, 90–97, 100–107), "256" (38;5 / 48;5) or
    "truecolor" (38;2 / 48;2). Defaults (39, 49) and attributes (bold 1, underline 4, reverse 7, ...) are none."""
    kinds = set()
    for parameters in SGR.findall(raw):
        codes = [int(code or 0) for code in parameters.replace(b":", b";").split(b";")]
        index = 0
        while index < len(codes):
            code = codes[index]
            if code in (38, 48):
                deep = codes[index + 1] if index + 1 < len(codes) else 0
                kinds.add("256" if deep == 5 else "truecolor")
                index += 3 if deep == 5 else 5
                continue
            if 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 97 or 100 <= code <= 107:
                kinds.add("16")
            index += 1
    return kinds


def styled(screen: pyte.Screen, attribute: str) -> str:
    """The text of the cells drawn with `attribute` ("reverse", "underscore"), a line per row."""
    return "\n".join(
        "".join(screen.buffer[y][x].data for x in range(screen.columns) if getattr(screen.buffer[y][x], attribute))
        for y in range(screen.lines)
    )


def reader(tmp_path: Path, *args: str, **environ: str) -> tuple[PtyScreen, RawFeed]:
    """The reader on the fixture knowledge base on an 80x24 pty, with fresh state, keeping every byte it writes."""
    env = {"XDG_STATE_HOME": str(tmp_path / "state"), "HUBREADER_CACHE": str(tmp_path / "cache"), **environ}
    terminal = PtyScreen([sys.executable, "-m", "tui", "--content", str(FIXTURE_KB), *args], env=env)
    feed = RawFeed(terminal.stream)
    terminal.stream = feed  # type: ignore[assignment]
    return terminal, feed


def test_no_color_sends_no_colour_on_a_pty(tmp_path: Path) -> None:
    """Textual's NO_COLOR filter still sent greys (30, 37, 40, 90, 97, 100 at 16 colours); now the screen is in the
    terminal's own colours, and the cursors and the highlighted link stay visible by reverse video and underline."""
    terminal, feed = reader(tmp_path, NO_COLOR="1")
    with terminal:
        terminal.wait_for(lambda _: "Sub-Maps" in styled(terminal.screen, "reverse"))  # the tree's cursor
        terminal.send("/grpo")
        terminal.wait_for(lambda _: "GRPO" in styled(terminal.screen, "underscore"))  # the highlighted result
        assert "Sample topic" not in styled(terminal.screen, "underscore")
        terminal.send("\r")
        terminal.wait_for(lambda screen: "Term · grpo" in screen)
        assert "E001" not in styled(terminal.screen, "reverse")
        terminal.send("\t")
        terminal.wait_for(lambda _: "E001" in styled(terminal.screen, "reverse"))  # the highlighted link
        drawn_in = {(cell.fg, cell.bg) for row in terminal.screen.buffer.values() for cell in row.values()}
    assert colour_kinds(bytes(feed.raw)) == set()
    assert drawn_in == {("default", "default")}


@pytest.mark.parametrize(
    ("args", "environ", "kinds"),
    [
        (["--colors", "16"], {}, {"16"}),
        (["--colors", "256"], {"NO_COLOR": "1"}, {"256"}),  # asked for on the command line: wins over NO_COLOR
        ([], {"NO_COLOR": ""}, {"truecolor"}),  # an empty NO_COLOR is unset (no-color.org); the pty says truecolor
    ],
    ids=["16", "256-over-NO_COLOR", "empty-NO_COLOR"],
)
def test_colour_depth_reaches_the_terminal(
    tmp_path: Path, args: list[str], environ: dict[str, str], kinds: set[str]
) -> None:
    terminal, feed = reader(tmp_path, *args, **environ)
    with terminal:
        terminal.wait_for(lambda screen: "Notes (" in screen and "What does the alpha hub collect?" in screen)
    assert colour_kinds(bytes(feed.raw)) == kinds
