"""Parse a review topic export (paperdive literature review), intact or stripped, into sections and anchors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.importer.source import ExportError, Line
from tui.importer.stripped import Gap, find_gaps
from tui.model import ANCHORS_SECTION
from tui.model.links import EREF

HEADER = re.compile(r"Literature review\s*·\s*(\d+)\s*episode(?:\(s\)|s)?", re.IGNORECASE)
EPISODE_SLUG = re.compile(r"(\d{3})-[a-z0-9-]+")
_MAX_HEADING = 90
_SENTENCE_END = (".", "?", "!", ")")
_STRIPPED_GAPS = 2


@dataclass(frozen=True, slots=True)
class TopicSection:
    """One `##` section of the review: its heading and its paragraphs (one per export line)."""

    heading: str
    line: int
    paragraphs: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class AnchorLine:
    """An anchor item as exported: an episode slug or title, then the topic's blurb for it."""

    ref: str
    blurb: str
    line: int


@dataclass(frozen=True, slots=True)
class TopicExport:
    """Everything a review export says; `title` is None when the export starts at the first heading."""

    title: str | None
    episode_count: int | None
    lead: tuple[Line, ...]
    sections: tuple[TopicSection, ...]
    anchors: tuple[AnchorLine, ...]
    gaps: tuple[Gap, ...]

    @property
    def stripped(self) -> bool:
        """Link-only lists come out empty and deleted links leave traces, so either one gives it away."""
        return not self.anchors or len(self.gaps) >= _STRIPPED_GAPS

    @property
    def first_line(self) -> int:
        return self.sections[0].line


def is_topic(lines: tuple[Line, ...]) -> bool:
    """A review has the `Literature review` header or the anchor list's label."""
    return bool(HEADER.fullmatch(lines[0].text)) or any(line.text == ANCHORS_SECTION for line in lines)


def is_heading(text: str) -> bool:
    """Headings are short, cite no episode and do not end like a sentence."""
    return len(text) <= _MAX_HEADING and not EREF.search(text) and not text.endswith(_SENTENCE_END)


def parse_topic(lines: tuple[Line, ...]) -> TopicExport:
    """Split the lines into header, title, sections and the anchor list."""
    header = HEADER.fullmatch(lines[0].text)
    rest = list(lines[1:] if header else lines)
    cut = next((i for i, line in enumerate(rest) if line.text == ANCHORS_SECTION), len(rest))
    body, anchor_lines = rest[:cut], rest[cut + 1 :]
    title = _take_title(body, has_header=header is not None)
    lead, sections = _sections(body)
    paragraphs = [*lead, *(p for section in sections for p in section.paragraphs)]
    return TopicExport(
        title=title,
        episode_count=int(header.group(1)) if header else None,
        lead=lead,
        sections=sections,
        anchors=_anchors(anchor_lines),
        gaps=tuple(gap for paragraph in paragraphs for gap in find_gaps(paragraph)),
    )


def _take_title(body: list[Line], *, has_header: bool) -> str | None:
    """Remove the title line (and nav lines) from the front of `body`; after the header it is always the title."""
    title: str | None = None
    if body and not body[0].text.startswith("←") and (has_header or _two_headings(body)):
        title = body.pop(0).text
    while body and body[0].text.startswith("←"):
        body.pop(0)
    return title


def _two_headings(body: list[Line]) -> bool:
    """Without a header, a title shows as two heading-like lines in a row (title, then the first heading)."""
    return len(body) >= 2 and is_heading(body[0].text) and is_heading(body[1].text)


def _sections(body: list[Line]) -> tuple[tuple[Line, ...], tuple[TopicSection, ...]]:
    lead: list[Line] = []
    sections: list[tuple[Line, list[Line]]] = []
    for line in body:
        if is_heading(line.text):
            sections.append((line, []))
        elif sections:
            sections[-1][1].append(line)
        else:
            lead.append(line)
    if not sections:
        where = body[0].number if body else 1
        raise ExportError(where, "review export without section headings: nothing to import as a topic")
    return tuple(lead), tuple(TopicSection(head.text, head.number, tuple(paras)) for head, paras in sections)


def _anchors(lines: list[Line]) -> tuple[AnchorLine, ...]:
    """Pairs of `- <slug or title>` and a blurb line; a missing blurb is empty, extra lines are joined."""
    anchors: list[tuple[Line, list[str]]] = []
    for line in lines:
        if line.text.startswith("- ") or line.text == "-":
            anchors.append((line, []))
        elif anchors:
            anchors[-1][1].append(line.text)
    return tuple(
        AnchorLine(ref, " ".join(blurb), item.number) for item, blurb in anchors if (ref := item.text[1:].strip())
    )


def episode_number(ref: str) -> int | None:
    """The episode number of an anchor given as a site slug (`026-rethinking-...`), else None."""
    match = EPISODE_SLUG.fullmatch(ref)
    return int(match.group(1)) if match else None
