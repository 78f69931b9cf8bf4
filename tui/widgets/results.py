"""Ranked search results: kind badge, title, and a snippet with the matched words highlighted."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len, get_character_cell_size, set_cell_size
from rich.segment import Segment
from rich.text import Text
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.overrides.virtual_size import ExtentLaysNothingOut
from tui.overrides.width_keyed import KeepLinesWhenOnlyHeightChanges
from tui.view.place import Place
from tui.widgets.keys import RESULTS

MAX_SHOWN = 50
INDENT = 6  # the badge column; the snippet line starts under the title
# A cut moves at most this many characters to reach a word boundary; a longer word (a URL) is cut inside it:
# test_a_word_longer_than_the_slack_is_cut_inside_to_fill_the_row.
WORD_SLACK = 12
ELLIPSIS = "…"
Layers = tuple[str, ...]  # component styles applied to a run of text, in order, over the option's own style
Run = tuple[str, Layers]
Spans = tuple[tuple[str, bool], ...]  # text runs, True where a query word matched


class ResultRow(NamedTuple):
    """What one result shows, already split into plain and highlighted runs."""

    place: Place
    badge: str
    title: str
    snippet: Spans
    section: str | None


class Palette:
    """The component styles prompts are drawn with, layered over each option style once and then reused."""

    __slots__ = ("_combined", "layers")

    def __init__(self, layers: dict[str, Style]) -> None:
        self.layers = layers
        self._combined: dict[tuple[Style, Layers], Style] = {}

    def __eq__(self, other: object) -> bool:
        """Equal layers draw alike: a palette rebuilt after a style update that changed none keeps the rows shown, and
        their cursor (ResultsList.show_rows)."""
        return self.layers == other.layers if isinstance(other, Palette) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, so not hashable

    def style(self, base: Style, layers: Layers) -> Style:
        """Combined in order, as Textual's Content combines overlapping spans, so a row looks as Textual would draw it
        (test_rows_draw_exactly_like_textual_draws_the_rich_text)."""
        key = (base, layers)
        found = self._combined.get(key)
        if found is None:
            found = base
            for name in layers:
                found = found + self.layers[name]
            self._combined[key] = found
        return found


class ResultPrompt(Visual):
    """One result as a fixed-height Visual, laid out only when drawn and at the width it is drawn at.

    The list asks every option for its height on every update: a constant answer, and drawing only the rows on
    screen straight to segments, keep a keystroke's cost small whatever the results are.
    """

    def __init__(self, row: ResultRow, palette: Palette) -> None:
        self.row = row
        self.palette = palette

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        """Cut to one cell less than the list, as rows always were: the last column stays clear of the text."""
        lines = self.lines(max(width - 1, 1))
        return [_strip(runs, y, style, self.palette) for y, runs in enumerate(lines[:height])]

    def lines(self, width: int) -> list[list[Run]]:
        """The title line and, when there is one, the snippet line, each cut to `width` cells."""
        row = self.row
        head: list[Run] = [(f"{row.badge:<{INDENT}}{row.title}", ("badge",))]
        if row.section:
            head.append((f"  § {row.section}", ("badge", "dim")))
        if not row.snippet:
            return [_fit(head, width)]
        return [_fit(head, width), _fit(_snippet(window(row.snippet, width - INDENT)), width)]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """Only asked for if the list were auto-width; the uncut title or snippet plus the badge column."""
        return INDENT + max(len(self.row.title), sum(len(part) for part, _ in self.row.snippet)) + 1

    def get_height(self, rules: RulesMap, width: int) -> int:
        """Lines are cut, never wrapped, so the height is known without laying anything out."""
        return 2 if self.row.snippet else 1


class ResultsList(KeepLinesWhenOnlyHeightChanges, ExtentLaysNothingOut, OptionList):
    """An OptionList capped at a few dozen rows, which stays fast whatever the query."""

    COMPONENT_CLASSES = {"results-list--badge", "results-list--match", "results-list--dim"}  # noqa: RUF012
    BINDINGS = RESULTS.bindings()

    DEFAULT_CSS = """
    ResultsList { overflow-y: hidden; }
    ResultsList > .results-list--badge {
        color: $accent;
        text-style: bold;
    }
    ResultsList > .results-list--match {
        color: $warning;
        text-style: bold;
    }
    ResultsList > .results-list--dim {
        color: $text-muted;
    }
    ResultsList > .option-list--option-disabled {
        color: $text-muted;
    }
    """
    """No scrollbar: the status line says how many results there are. The list still scrolls, with its cursor and
    the wheel (`allow_vertical_scroll`)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.auto_links = False  # rows carry no links: skip restyling every segment of every row for them
        self._palette: Palette | None = None
        self._shown: tuple[list[ResultRow], str, Palette] | None = None

    @property
    def allow_vertical_scroll(self) -> bool:
        """Textual lets the wheel scroll only while a scrollbar shows, and this list never shows one."""
        return not (self.disabled or self.loading) and self.max_scroll_y > 0

    @property
    def rows(self) -> list[ResultRow]:
        return self._shown[0] if self._shown else []

    def show_rows(self, rows: list[ResultRow], message: str = "") -> None:
        palette = self.palette()
        shown = (rows[:MAX_SHOWN], message, palette)
        if shown == self._shown:  # another letter often keeps the answer: no relayout, no repaint, cursor stays
            return
        self._shown = shown
        if not self.rows:
            self.set_options([Option(Text(message or "No matches", style="italic"), disabled=True)])
            return
        self.set_options([Option(ResultPrompt(row, palette)) for row in self.rows])
        self.highlighted = 0

    def palette(self) -> Palette:
        """Built once, and again whenever the styles change (a new theme), like the rest of the widget."""
        if self._palette is None:
            theme = self.app.ansi_theme
            get = self.get_component_rich_style
            self._palette = Palette({
                name: Style.from_rich_style(get(f"results-list--{name}"), theme) for name in ("badge", "match", "dim")
            })
        return self._palette

    def notify_style_update(self) -> None:
        """Styles changed (theme, classes): rows shown from now on pick up the new colours."""
        self._palette = None
        super().notify_style_update()

    @property
    def highlighted_row(self) -> ResultRow | None:
        index = self.highlighted
        return self.rows[index] if index is not None and index < len(self.rows) else None


def window(snippet: Spans, width: int) -> Spans:
    """The part of a snippet a row of `width` cells shows, chosen at draw time because only then is the width known.

    The first match stays whole with context around it, cuts fall between words and show '…', and a snippet with
    no match (the key text of a title-only match) shows from its start: pinned by tests/test_snippets.py.
    """
    text = "".join(part for part, _ in snippet)
    match = _first_match(snippet)
    start = _window_start(text, match, width)
    end = _window_end(text, start, match, width - (start > 0))
    return _slice(snippet, start, end, len(text))


def _first_match(snippet: Spans) -> tuple[int, int] | None:
    position = 0
    for part, is_match in snippet:
        if is_match:
            return position, position + len(part)
        position += len(part)
    return None


def _window_start(text: str, match: tuple[int, int] | None, width: int) -> int:
    """A third of the spare room goes before the match, two thirds if that reaches the start (no '…' to read past).

    Pinned by test_a_third_of_the_spare_room_goes_before_the_match_or_two_thirds_from_the_start.
    """
    if match is None or _cells(text) <= width:
        return 0
    match_start, match_end = match
    before = (width - _cells(text[match_start:match_end])) // 3
    if _cells(text[:match_start]) <= 2 * before:
        return 0
    earliest = _back(text, match_start, before)
    word = next(i for i in range(earliest, match_start + 1) if i == match_start or _word_starts(text, i))
    return word if word - earliest <= WORD_SLACK else _skip_space(text, earliest)


def _window_end(text: str, start: int, match: tuple[int, int] | None, width: int) -> int:
    """The rest of the row after the match is context: it ends at the last word that fits beside a trailing '…'."""
    if _cells(text[start:]) <= width:
        return len(text)
    limit = _forward(text, start, width - 1)
    floor = max(start, match[1]) if match else start
    if floor >= limit:  # the match alone is wider than the row: it is cut, as nothing else would show it
        return limit
    lowest = floor if match else start + 1  # the match's own end is a word end; an empty text is not
    word = next((i for i in range(limit, lowest - 1, -1) if i == floor or _word_ends(text, i)), limit)
    end = word if limit - word <= WORD_SLACK else limit
    return start + len(text[start:end].rstrip())


def _slice(snippet: Spans, start: int, end: int, size: int) -> Spans:
    """The runs between `start` and `end` keep their marks; '…' says text was left out."""
    kept: list[tuple[str, bool]] = [(ELLIPSIS, False)] if start > 0 else []
    position = 0
    for part, is_match in snippet:
        if piece := part[max(0, start - position) : max(0, end - position)]:
            kept.append((piece, is_match))
        position += len(part)
    if end < size:
        kept.append((ELLIPSIS, False))
    return tuple(kept)


def _word_starts(text: str, i: int) -> bool:
    """Text may start at `i` without cutting a word: after a space, or next to a wide character."""
    return (text[i - 1].isspace() and not text[i].isspace()) or _wide(text[i - 1]) or _wide(text[i])


def _word_ends(text: str, i: int) -> bool:
    """Text may end before `i` without cutting a word: at a space, or next to a wide character."""
    return text[i].isspace() or _wide(text[i - 1]) or _wide(text[i])


def _wide(character: str) -> bool:
    """Wide characters (CJK) are written without spaces, so a cut next to one splits no word."""
    return not character.isascii() and get_character_cell_size(character) == 2


def _skip_space(text: str, i: int) -> int:
    return len(text) - len(text[i:].lstrip())


def _cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _back(text: str, end: int, cells: int) -> int:
    """The earliest index from which text up to `end` fits in `cells` cells (wide characters take two)."""
    if cells <= 0:
        return end
    if text.isascii():
        return max(0, end - cells)
    start = end
    while start > 0 and (cells := cells - get_character_cell_size(text[start - 1])) >= 0:
        start -= 1
    return start


def _forward(text: str, start: int, cells: int) -> int:
    """The latest index up to which text from `start` fits in `cells` cells (wide characters take two)."""
    if cells <= 0:
        return start
    if text.isascii():
        return min(len(text), start + cells)
    end = start
    while end < len(text) and (cells := cells - get_character_cell_size(text[end])) >= 0:
        end += 1
    return end


def _snippet(spans: Spans) -> list[Run]:
    """Indented under the title; matches highlighted, context dimmed so the eye finds the match."""
    runs = [(_flat(part), ("match",) if is_match else ("dim",)) for part, is_match in spans]
    return [(" " * INDENT, ()), *runs]


def _flat(text: str) -> str:
    """A snippet is one line: line breaks and tabs become spaces."""
    return text.replace("\n", " ").replace("\t", " ")


def _fit(runs: list[Run], width: int) -> list[Run]:
    """Cut to `width` cells ending in an ellipsis, which takes the style of the text it replaces."""
    plain = "".join(text for text, _ in runs)
    if cell_len(plain) <= width:
        return runs
    cut = set_cell_size(plain, width - 1) + "…"
    fitted: list[Run] = []
    start = 0
    for text, layers in runs:
        if start >= len(cut):
            break
        if part := cut[start : start + len(text)]:
            fitted.append((part, layers))
        start += len(text)
    return fitted


def _strip(runs: list[Run], y: int, base: Style, palette: Palette) -> Strip:
    """Segments as Textual's own Content would draw them, cell offsets included, so screenshots stay identical."""
    segments = []
    x = 0
    for text, layers in runs:
        if text:
            segments.append(Segment(text, palette.style(base, layers).rich_style_with_offset(x, y)))
            x += len(text)
    return Strip(segments, sum(cell_len(text) for text, _ in runs))
