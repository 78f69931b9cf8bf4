"""Turn parsed front matter into typed items: the checks every kind shares, then the kind's own builder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.model.body import parse_body
from tui.model.diagnostics import DiagnosticSink
from tui.model.fields import Fields
from tui.model.items import Item, Ref
from tui.model.kindspec import Kind
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
    return kind.spec.build(common, fields)


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


def refs(fields: Fields, key: str) -> list[tuple[Ref, int]]:
    result = []
    for text, line in fields.texts(key):
        ref = parse_ref(text)
        if ref is None:
            fields.sink.error(line, f"'{text}' is not a link: write 'note:<id>', 'hub:<id>', 'ep:E026', ...")
        else:
            result.append((ref, line))
    return result
