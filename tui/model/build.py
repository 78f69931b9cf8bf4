"""Turn parsed front matter into typed items, one small builder per kind."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.model.body import parse_body
from tui.model.diagnostics import DiagnosticSink
from tui.model.fields import Fields
from tui.model.items import (
    Anchor,
    Chapter,
    Episode,
    Hub,
    HubSection,
    Item,
    Kind,
    Note,
    Paper,
    Ref,
    Term,
    Topic,
)
from tui.model.links import parse_ref

if TYPE_CHECKING:
    from tui.model.frontmatter import FrontMatter  # parsing (and PyYAML) loads only when a file is parsed

Common = dict[str, Any]


def build_item(kind: Kind, stem: str, front: FrontMatter, path: str, sink: DiagnosticSink) -> Item | None:
    """Check the fields every item needs, then hand over to the kind's builder."""
    fields = Fields(front.data, front.lines, sink)
    common = _common(kind, stem, front, fields, path)
    if common is None:
        return None
    return _BUILDERS[kind](common, fields)


def _common(kind: Kind, stem: str, front: FrontMatter, fields: Fields, path: str) -> Common | None:
    declared = fields.text("type")
    ident = front.raw_id if front.raw_id is not None else fields.text("id")
    title = fields.text("title")
    missing = [name for name, value in (("type", declared), ("id", ident), ("title", title)) if not value]
    if missing:
        fields.sink.error(2, f"missing required field{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
        return None
    if declared != kind.value:
        fields.sink.error(fields.line("type"), f"type '{declared}' does not match folder '{kind.folder}/'")
        return None
    if ident != stem:
        fields.sink.error(fields.line("id"), f"id '{ident}' must equal the file name '{stem}'")
        return None
    source = fields.mapping("source")
    glossary = fields.texts("glossary")
    return {
        "kind": kind,
        "id": ident,
        "title": title,
        "path": path,
        "stub": fields.flag("stub"),
        "glossary": tuple(term for term, _ in glossary),
        "glossary_line": fields.line("glossary") if glossary else 0,
        "source_url": source.text("url") if source else None,
        "body": parse_body(front.body, front.body_line),
    }


def _refs(fields: Fields, key: str) -> list[tuple[Ref, int]]:
    result = []
    for text, line in fields.texts(key):
        ref = parse_ref(text)
        if ref is None:
            fields.sink.error(line, f"'{text}' is not a link: write 'note:<id>', 'hub:<id>', 'ep:E026', ...")
        else:
            result.append((ref, line))
    return result


def _hub(common: Common, fields: Fields) -> Hub:
    declared = fields.mapping("declared")
    sections = []
    for index, (line, section) in enumerate(fields.mappings("sections"), start=1):
        entries = _refs(section, "entries")
        sections.append(
            HubSection(
                index=index,
                title=section.text("title") or f"Section {index}",
                declared=section.integer("declared"),
                date=section.text("date"),
                entries=tuple(ref for ref, _ in entries),
                entry_lines=tuple(entry_line for _, entry_line in entries),
                line=line,
            )
        )
    return Hub(
        **common,
        declared_notes=declared.integer("notes") if declared else None,
        declared_sections=declared.integer("sections") if declared else None,
        sections=tuple(sections),
    )


def _note(common: Common, fields: Fields) -> Note:
    return Note(
        **common,
        abstract=fields.text("abstract") or "",
        abstract_line=fields.line("abstract"),
        date=fields.text("date"),
        related=tuple(_refs(fields, "related")),
    )


def _topic(common: Common, fields: Fields) -> Topic:
    anchors = []
    for line, anchor in fields.mappings("anchors"):
        episode = anchor.text("episode")
        if episode:
            anchors.append(Anchor(episode, anchor.text("blurb") or "", line))
        else:
            fields.sink.error(line, "anchor needs an 'episode' field")
    return Topic(**common, episode_count=fields.integer("episode_count"), anchors=tuple(anchors))


def _episode(common: Common, fields: Fields) -> Episode:
    takeaways = fields.texts("takeaways")
    chapters = [
        Chapter(chapter.text("t") or "", chapter.text("title") or "") for _, chapter in fields.mappings("chapters")
    ]
    return Episode(
        **common,
        number=fields.integer("number"),
        slug=fields.text("slug"),
        date=fields.text("date"),
        duration_min=fields.integer("duration_min"),
        category=fields.text("category"),
        paper=fields.text("paper"),
        paper_line=fields.line("paper"),
        takeaways=tuple(text for text, _ in takeaways),
        takeaway_lines=tuple(line for _, line in takeaways),
        chapters=tuple(chapters),
    )


def _paper(common: Common, fields: Fields) -> Paper:
    return Paper(
        **common,
        authors=tuple(name for name, _ in fields.texts("authors")),
        published=fields.text("published"),
        url=fields.text("url"),
        arxiv=fields.text("arxiv"),
    )


def _term(common: Common, fields: Fields) -> Term:
    return Term(
        **common,
        aliases=tuple(alias for alias, _ in fields.texts("aliases")),
        short=fields.text("short") or "",
        episodes=tuple(fields.texts("episodes")),
    )


_BUILDERS: dict[Kind, Callable[[Common, Fields], Item]] = {
    Kind.HUB: _hub,
    Kind.NOTE: _note,
    Kind.TOPIC: _topic,
    Kind.EPISODE: _episode,
    Kind.PAPER: _paper,
    Kind.TERM: _term,
}
