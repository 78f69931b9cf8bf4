"""Split a Markdown body into `##` sections and blank-line-separated paragraphs, keeping file lines."""

from __future__ import annotations

import re

from tui.model.items import Body, Paragraph, Section

_HEADING = re.compile(r"^##\s+(.+?)\s*(?:\{#([\w-]+)\})?\s*$")


def slugify(text: str) -> str:
    """The id of a heading or title: lowercase words of letters and digits joined by hyphens."""
    return "-".join(re.sub(r"[^a-z0-9\s-]", "", text.lower()).split())


def parse_body(text: str, first_line: int) -> Body:
    """Group lines into paragraphs under the most recent `##` heading."""
    sections: list[Section] = []
    heading: str | None = None
    section_id, section_line = "", first_line
    paragraphs: list[Paragraph] = []
    block: list[str] = []
    block_line = first_line

    def close_block() -> None:
        if block:
            paragraphs.append(Paragraph("\n".join(block), block_line))
            block.clear()

    for offset, line in enumerate(text.split("\n")):
        number = first_line + offset
        match = _HEADING.match(line)
        if match:
            close_block()
            if heading is not None or paragraphs:
                sections.append(Section(section_id, heading, section_line, tuple(paragraphs)))
            heading, section_line = match.group(1), number
            section_id = match.group(2) or slugify(heading)
            paragraphs = []
        elif line.strip():
            if not block:
                block_line = number
            block.append(line.rstrip())
        else:
            close_block()
    close_block()
    if heading is not None or paragraphs:
        sections.append(Section(section_id, heading, section_line, tuple(paragraphs)))
    return Body(tuple(sections))
