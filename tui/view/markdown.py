"""The document as Markdown: links as `[label](ns:id)`, for piping into other tools and Markdown viewers."""

from __future__ import annotations

import re
from collections.abc import Iterable

from tui.model import Item, KnowledgeBase
from tui.view.document import Block, Role, Span, Style, build_document

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def render_markdown(kb: KnowledgeBase, item: Item) -> str:
    """Every block of the reader's document, in order, as CommonMark."""
    out: list[str] = []
    for block in build_document(kb, item):
        out += _block(block)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def _block(block: Block) -> list[str]:
    text = _inline(span for span in block.spans if span.style is not Style.DIM or span.target)
    dim = " ".join(span.text.strip() for span in block.spans if span.style is Style.DIM and not span.target)
    dim = dim.strip(" ·")
    if block.role is Role.TITLE:
        return [f"# {text}", ""] if text else [f"*{_escape(dim)}*", ""]
    if block.role is Role.META:
        return [f"- **{_escape(dim.rstrip(':'))}:** {text}"]
    if block.role in (Role.HEADING, Role.GROUP):
        level = "##" if block.role is Role.HEADING else "###"
        return ["", f"{level} {text}" + (f" *({_escape(dim)})*" if dim else ""), ""]
    if block.role is Role.CARD_TITLE:
        return ["", f"### {_escape(dim) + ' · ' if dim else ''}{text}", ""]
    return ["", _LINE[block.role].format(_full(block)), ""]


_LINE = {
    Role.PROSE: "{}",
    Role.CARD_BODY: "{}",
    Role.BULLET: "- {}",
    Role.QUOTE: "> {}",
    Role.EMPTY: "*{}*",
}


def _full(block: Block) -> str:
    return _inline(block.spans)


def _inline(spans: Iterable[Span]) -> str:
    return "".join(_span(span) for span in spans)


def _span(span: Span) -> str:
    if span.target is not None:
        section = f"#{span.target.section}" if span.target.section else ""
        return f"[{_escape(span.text)}]({span.target.key}{section})"
    if span.style is Style.BROKEN:
        return f"~~{_escape(span.text)}~~"
    if span.style is Style.URL:
        return f"<{span.text}>"
    return _escape(span.text)


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)
