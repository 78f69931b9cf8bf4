"""Turn a parsed review export into a topic file plus the episode and term stubs it needs."""

from __future__ import annotations

import re
from typing import Any

from tui.importer.emit import DROP, Doc
from tui.importer.source import ExportError
from tui.importer.stripped import describe_gaps, recover_terms
from tui.importer.stubs import Context, ensure_episode, ensure_episodes_in, ensure_term, prose, slug_id
from tui.importer.topic_export import TopicExport, episode_number
from tui.importer.workspace import Workspace
from tui.model import Kind, Topic
from tui.model.body import slugify

_EPISODE_ID = re.compile(r"E(\d{3})")
STRIPPED, INTACT = "stripped", "intact"


def plan_topic(export: TopicExport, ws: Workspace, ctx: Context) -> None:
    """Plan the topic file; a stripped export never replaces text that came from anywhere better."""
    if export.stripped:
        where = export.gaps[0].line if export.gaps else export.first_line
        ctx.sink.warning(where, describe_gaps(export.gaps, len(export.anchors)))
    ident, title = _name(export, ws, ctx)
    existing = ws.get(Kind.TOPIC, ident)
    old_variant = ws.source(Kind.TOPIC, ident).get("variant") if existing else None
    fields: dict[str, Any] = {"type": "topic", "id": ident, "stub": DROP, "kind": "literature-review"}
    if title:
        fields["title"] = title
    if export.episode_count is not None:
        fields["episode_count"] = export.episode_count
    if isinstance(existing, Topic):
        glossary = _recovered_glossary(export, existing, old_variant, ws)
        if glossary:
            fields["glossary"] = glossary
    body = None
    if existing is None or not export.stripped or old_variant == STRIPPED:
        variant = STRIPPED if export.stripped else INTACT
        fields["source"] = {"site": "paperdive", "variant": variant, "export_sha256": ctx.sha256}
        fields["anchors"] = _anchors(export, ws, ctx)
        body = _body(export)
        ensure_episodes_in(ws, body, *(anchor["blurb"] for anchor in fields["anchors"]))
    ws.put(Doc(Kind.TOPIC, ident, fields, body))


def _name(export: TopicExport, ws: Workspace, ctx: Context) -> tuple[str, str | None]:
    """The topic's id and the title to write (None keeps the existing one)."""
    if ctx.forced_id:
        return ctx.forced_id, export.title or _fallback_title(export, ws, ctx.forced_id)
    if export.title:
        return _titled_id(export, export.title, ws, ctx), export.title
    matched = _match_sections(export, ws)
    if matched:
        ctx.sink.warning(export.first_line, f"no title line: merged into topics/{matched}.md (same section headings)")
        return matched, None
    ident = slug_id(export.sections[0].heading, Kind.TOPIC)
    ctx.sink.warning(
        export.first_line,
        f"no title line: named the topic '{ident}' after its first heading; pass --id to choose the id "
        "(a title fixed by hand is kept on re-import)",
    )
    return ident, _fallback_title(export, ws, ident)


def _fallback_title(export: TopicExport, ws: Workspace, ident: str) -> str | None:
    """Keep the title of an existing topic; a new one is titled after its first heading."""
    return None if ws.get(Kind.TOPIC, ident) else export.sections[0].heading


def _titled_id(export: TopicExport, title: str, ws: Workspace, ctx: Context) -> str:
    """slugify(title), else a known topic of this title or an untitled import of this page (same sections)."""
    ident = slug_id(title, Kind.TOPIC)
    existing = ws.get(Kind.TOPIC, ident)
    if isinstance(existing, Topic):
        if existing.sections and not _common_sections(export, existing):
            raise ExportError(
                export.first_line,
                f"topics/{ident}.md holds a different page with the same title (no section in common); "
                "pass --id to import this one under another id",
            )
        return ident
    same_title = ws.by_title(Kind.TOPIC, title)
    if same_title and _match_sections(export, ws, only={same_title}):
        return same_title
    untitled = {topic.id for topic in ws.of_kind(Kind.TOPIC) if isinstance(topic, Topic) and _auto_named(topic)}
    matched = _match_sections(export, ws, only=untitled)
    if matched:
        ctx.sink.warning(export.first_line, f"merged into topics/{matched}.md, imported earlier without a title")
        return matched
    return ident


def _common_sections(export: TopicExport, topic: Topic) -> int:
    return len({slugify(s.heading) for s in export.sections} & {s.id for s in topic.sections})


def _match_sections(export: TopicExport, ws: Workspace, only: set[str] | None = None) -> str | None:
    """The known topic (among `only`, if given) sharing at least half of the export's headings; most shared wins."""
    best, best_count = None, 0
    for topic in ws.of_kind(Kind.TOPIC):
        if not isinstance(topic, Topic) or (only is not None and topic.id not in only):
            continue
        count = _common_sections(export, topic)
        if count * 2 >= len(export.sections) and count > best_count:
            best, best_count = topic.id, count
    return best


def _auto_named(topic: Topic) -> bool:
    """A topic imported without a title line is titled after its first heading."""
    return bool(topic.sections) and topic.title == topic.sections[0].heading


def _anchors(export: TopicExport, ws: Workspace, ctx: Context) -> list[dict[str, str]]:
    """Anchors by slug give the E-id directly; by title they must match a known episode, else they are skipped."""
    result = []
    for anchor in export.anchors:
        number = episode_number(anchor.ref)
        plain_id = _EPISODE_ID.fullmatch(anchor.ref)
        if number is not None:
            ident: str | None = ensure_episode(ws, number, anchor.ref)
        elif plain_id:
            ident = ensure_episode(ws, int(plain_id.group(1)))
        else:
            ident = ws.by_title(Kind.EPISODE, anchor.ref)
        if ident is None:
            ctx.sink.warning(
                anchor.line,
                f"anchor '{anchor.ref}' matches no known episode title; skipped "
                "(give the episode file this title, then import again)",
            )
        else:
            result.append({"episode": ident, "blurb": prose(anchor.blurb)})
    return result


def _body(export: TopicExport) -> str:
    """`## Heading` per section, one paragraph per export line, blank lines between blocks."""
    blocks = [prose(line.text) for line in export.lead]
    for section in export.sections:
        blocks.append(f"## {section.heading}")
        blocks += [prose(line.text) for line in section.paragraphs]
    return "\n\n".join(blocks) + "\n"


def _recovered_glossary(export: TopicExport, existing: Topic, old_variant: object, ws: Workspace) -> list[str]:
    """With both variants of a page in hand, the words missing from the stripped one are its glossary terms."""
    if export.stripped == (old_variant == STRIPPED):
        return []
    ours = [[prose(line.text) for line in export.lead]]
    ours += [[prose(line.text) for line in section.paragraphs] for section in export.sections]
    lead = [p.text for s in existing.body.sections if s.heading is None for p in s.paragraphs]
    theirs = [lead, *([p.text for p in s.paragraphs] for s in existing.sections)]
    intact, stripped = (theirs, ours) if export.stripped else (ours, theirs)
    found = [ident for name in recover_terms(intact, stripped) if (ident := ensure_term(ws, name))]
    new = [ident for ident in found if ident not in existing.glossary]
    return [*existing.glossary, *new] if new else []
