"""Render an item for a pager: plain text with numbered link notes, Markdown, or JSON."""

from __future__ import annotations

import re
import shutil
import textwrap
from typing import Any

from tui.model.describe import KIND_LABELS, backlink_groups, metadata
from tui.model.items import Episode, Hub, Item, Note, Section, Term, Topic
from tui.model.kb import KnowledgeBase, Link
from tui.model.links import Segment, Via


class _Footnotes:
    """Numbers each distinct link target once so the text stays readable."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.entries: dict[str, int] = {}
        self.lines: list[str] = []

    def mark(self, segment: Segment) -> str:
        assert segment.ref is not None
        target = self.kb.resolve(segment.ref)
        label = segment.text or (target.title if target else str(segment.ref))
        if segment.via is Via.TERM:
            return label
        key = str(segment.ref)
        if key not in self.entries:
            self.entries[key] = len(self.entries) + 1
            described = f"{target.kind.value} {target.id}: {target.title}" if target else f"missing: {key}"
            self.lines.append(f"[{self.entries[key]}] {described}")
        suffix = "?" if target is None else str(self.entries[key])
        return f"{label}" if segment.via is Via.EREF and target else f"{label}[{suffix}]"


def render_text(kb: KnowledgeBase, item: Item, width: int | None = None) -> str:
    """The item as a person reads it in a pager."""
    width = width or min(shutil.get_terminal_size((100, 24)).columns, 100)
    notes = _Footnotes(kb)
    out = [f"{KIND_LABELS[item.kind]} {item.id}", item.title, "=" * min(len(item.title), width)]
    for label, value in metadata(kb, item):
        out += textwrap.wrap(f"{label}: {value}", width, subsequent_indent="  ")
    for heading, paragraphs in _blocks(item):
        out.append("")
        if heading:
            out += [heading, "-" * min(len(heading), width)]
        for text in paragraphs:
            rendered = "".join(seg.text or "" if seg.ref is None else notes.mark(seg) for seg in kb.prose(item, text))
            bullet = rendered.startswith("* ")
            out += textwrap.wrap(rendered, width, subsequent_indent="  " if bullet else "")
            if not bullet:
                out.append("")
    out += _structure_text(kb, item)
    out += _backlinks_text(kb, item, width)
    if notes.lines:
        out += ["", "Links", "-----", *notes.lines]
    return _tidy(out)


def _tidy(lines: list[str]) -> str:
    """Trailing spaces and runs of blank lines are noise in a pager."""
    text = "\n".join(line.rstrip() for line in lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text) + "\n"


def _blocks(item: Item) -> list[tuple[str | None, list[str]]]:
    blocks: list[tuple[str | None, list[str]]] = []
    if isinstance(item, Note) and item.abstract:
        blocks.append((None, [item.abstract]))
    blocks += [(s.heading, [p.text for p in s.paragraphs]) for s in item.body.sections]
    if isinstance(item, Episode) and item.takeaways:
        blocks.append(("Takeaways", [f"* {text}" for text in item.takeaways]))
    if isinstance(item, Topic) and item.anchors:
        blocks.append(("Episodes anchoring this topic", [f"* {a.episode}: {a.blurb}" for a in item.anchors]))
    return blocks


def _structure_text(kb: KnowledgeBase, item: Item) -> list[str]:
    out: list[str] = []
    if isinstance(item, Hub):
        for section in item.sections:
            declared = f" (declares {section.declared})" if section.declared is not None else ""
            out += ["", f"{section.index}. {section.display_title}{declared}"]
            for ref in section.entries:
                target = kb.resolve(ref)
                out.append(f"   - {target.title} [{target.key}]" if target else f"   - missing {ref}")
            if not section.entries:
                out.append("   (lists nothing)")
    if isinstance(item, Episode) and item.chapters:
        out += ["", "Chapters", *(f"  {c.t}  {c.title}" for c in item.chapters)]
    if isinstance(item, Note) and item.related:
        out += ["", "Related"]
        for ref, _ in item.related:
            target = kb.resolve(ref)
            out.append(f"  - {target.title} [{target.key}]" if target else f"  - missing {ref}")
    return out


def _backlinks_text(kb: KnowledgeBase, item: Item, width: int) -> list[str]:
    out: list[str] = []
    for name, links in backlink_groups(kb, item):
        heading = f"{name} ({len(links)})"
        out += ["", heading, "-" * len(heading)]
        for link in links:
            out.append(f"* {_source_label(kb, link)}")
            if link.sentence:
                out += textwrap.wrap(f'"{link.sentence}"', width, initial_indent="    ", subsequent_indent="    ")
    return out


def _source_label(kb: KnowledgeBase, link: Link) -> str:
    source = kb.get(link.source)
    title = source.title if source else link.source.id
    where = f" § {link.section}" if link.section else ""
    return f"{title} [{link.source}]{where}"


def render_markdown(kb: KnowledgeBase, item: Item) -> str:
    """Markdown with links as `[label](ns:id)`, for piping into other tools."""
    out = [f"# {item.title}", ""]
    out += [f"- **{label}**: {value}" for label, value in metadata(kb, item)]
    for heading, paragraphs in _blocks(item):
        out.append("")
        if heading:
            out += [f"## {heading}", ""]
        for text in paragraphs:
            out += ["".join(_md_segment(kb, seg) for seg in kb.prose(item, text)), ""]
    for name, links in backlink_groups(kb, item):
        out += ["", f"## {name}", ""]
        out += [f"- [{_source_label(kb, link)}]({link.source})" + (f": {link.sentence}" if link.sentence else "")
                for link in links]
    return "\n".join(out).strip() + "\n"


def _md_segment(kb: KnowledgeBase, segment: Segment) -> str:
    if segment.ref is None:
        return segment.text or ""
    target = kb.resolve(segment.ref)
    label = segment.text or (target.title if target else str(segment.ref))
    return f"[{label}]({target.key})" if target else f"{label} (missing: {segment.ref})"


def render_json(kb: KnowledgeBase, item: Item) -> dict[str, Any]:
    """Everything `show` knows about an item, as plain data."""
    data: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind.value,
        "title": item.title,
        "path": item.path,
        "metadata": dict(metadata(kb, item)),
        "sections": [_section_json(section) for section in item.body.sections],
        "links": [_link_json(link) for link in kb.links_from(item.key)],
        "backlinks": [_link_json(link) for link in kb.backlinks(item.key)],
    }
    if isinstance(item, Term):
        data["aliases"] = list(item.aliases)
    if isinstance(item, Episode):
        data["takeaways"] = list(item.takeaways)
    if isinstance(item, Topic):
        data["anchors"] = [{"episode": a.episode, "blurb": a.blurb} for a in item.anchors]
    return data


def _section_json(section: Section) -> dict[str, Any]:
    return {"id": section.id, "heading": section.heading, "paragraphs": [p.text for p in section.paragraphs]}


def _link_json(link: Link) -> dict[str, Any]:
    return {
        "from": str(link.source),
        "to": str(link.target) if link.target else None,
        "ref": str(link.ref),
        "section": link.section,
        "sentence": link.sentence,
        "line": link.line,
        "via": link.via.value,
    }
