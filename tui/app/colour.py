"""The reader's colours: two themes whose text reads at WCAG AA, and no colour at all when colour is off."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.filter import LineFilter, Monochrome, NoColor
from textual.theme import BUILTIN_THEMES

from tui.overrides.starting_theme import start_with_theme

# Textual's two default themes, with each colour that fell short of 4.5:1 on the backgrounds it is drawn on made
# lighter (dark) or darker (light); test_every_text_colour_on_screen_reads_at_aa measures every pair on the screen.
DARK = replace(
    BUILTIN_THEMES["textual-dark"],
    name="hubreader-dark",
    secondary="#5AADEF",  # glossary terms
    error="#EE7A92",  # broken links
    variables={"block-cursor-background": "#005FA8"},  # the focused tree's and results' cursor, under white text
)
LIGHT = replace(
    BUILTIN_THEMES["textual-light"],
    name="hubreader-light",
    foreground="#101010",  # the header's dimmed breadcrumb
    accent="#7F4400",  # links, headings, result badges, footer keys, and the highlighted link's background
    warning="#7F4400",  # matched words in results
    secondary="#00579A",  # glossary terms
    error="#9B1C3A",  # broken links
    variables={
        "footer-key-foreground": "#7F4400",
        "block-cursor-blurred-background": "#004578 20%",  # under the command palette's dimmed help text
    },
)
THEMES = (DARK, LIGHT)


def use_reader_themes(app: App[Any]) -> None:
    """Before anything is styled, so the first frame is already in the reader's colours."""
    for theme in THEMES:
        app.register_theme(theme)
    start_with_theme(app, DARK.name)


class NoColour(LineFilter):
    """Drops every colour and keeps bold, underline and reverse: Textual's own NO_COLOR filters still send grey or
    default colours (test_no_color_sends_no_colour_on_a_pty)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(text, None if style is None else _without_colour(style), control)
            for text, style, control in segments
        ]


@lru_cache(1024)
def _without_colour(style: Style) -> Style:
    """Cached, as Textual caches its own filters' styles: the same few styles come by on every line."""
    return style.without_color


NO_COLOUR = NoColour()


def line_filters(textual_filters: Sequence[LineFilter], colour: bool) -> list[LineFilter]:
    """Colour follows the reader's options (an empty NO_COLOR is unset, an explicit `--colors` wins), not Textual's
    own reading of NO_COLOR (test_colour_follows_the_options_not_textual)."""
    kept = [line_filter for line_filter in textual_filters if not isinstance(line_filter, Monochrome | NoColor)]
    return kept if colour else [*kept, NO_COLOUR]
