"""The document as a pager shows it: wrapped text, every link numbered once, the numbers listed at the end."""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Callable

from tui.model import Item, KnowledgeBase
from tui.view.document import Block, Role, Span, Style, build_document
from tui.view.place import Place


class _Links:
    """Numbers each distinct link target once, in reading order."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.numbers: dict[Place, int] = {}

    def mark(self, span: Span) -> str:
        if span.target is None:
            return span.text
        number = self.numbers.setdefault(span.target, len(self.numbers) + 1)
        return f"{span.text}[{number}]"

    def lines(self) -> list[str]:
        return [f"[{number}] {self._describe(place)}" for place, number in self.numbers.items()]

    def _describe(self, place: Place) -> str:
        target = self.kb.get(place.key)
        where = f"#{place.section}" if place.section else ""
        return f"{place.key.kind} {place.key.id}{where}: {target.title if target else '(missing)'}"


def render_text(kb: KnowledgeBase, item: Item, width: int | None = None) -> str:
    """The item as a person reads it in a pager."""
    width = width or min(shutil.get_terminal_size((100, 24)).columns, 100)
    links = _Links(kb)
    out: list[str] = []
    for block in build_document(kb, item):
        text = "".join(links.mark(span) for span in block.spans)
        out += _LAYOUT[block.role](block, text, width)
    if links.numbers:
        out += ["", "Links", "-----", *links.lines()]
    return _tidy(out)


def _title(block: Block, text: str, width: int) -> list[str]:
    strong = any(span.style is Style.STRONG for span in block.spans)
    return [text, "=" * min(len(text), width)] if strong else [text]


def _underlined(block: Block, text: str, width: int) -> list[str]:
    return ["", text, "-" * min(len(text), width)]


def _wrapped(first: str, rest: str, blank_around: bool = False) -> Callable[[Block, str, int], list[str]]:
    def layout(block: Block, text: str, width: int) -> list[str]:
        lines = _wrap(text, width, first, rest) or [first.rstrip()]
        return ["", *lines, ""] if blank_around else lines

    return layout


def _empty(block: Block, text: str, width: int) -> list[str]:
    return _wrap(f"({text})", width)


def _quote(block: Block, text: str, width: int) -> list[str]:
    return _wrap(f'"{text}"', width, "    ", "    ")


_LAYOUT: dict[Role, Callable[[Block, str, int], list[str]]] = {
    Role.TITLE: _title,
    Role.META: _wrapped("", "  "),
    Role.HEADING: _underlined,
    Role.GROUP: _underlined,
    Role.PROSE: _wrapped("", "", blank_around=True),
    Role.BULLET: _wrapped("* ", "  "),
    Role.CARD_TITLE: _wrapped("* ", "  "),
    Role.CARD_BODY: _wrapped("    ", "    "),
    Role.QUOTE: _quote,
    Role.EMPTY: _empty,
}


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Words and URLs are never split, so a copied link still works."""
    return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest, break_long_words=False,
                         break_on_hyphens=False)


def _tidy(lines: list[str]) -> str:
    """Trailing spaces and runs of blank lines are noise in a pager."""
    text = "\n".join(line.rstrip() for line in lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text) + "\n"
