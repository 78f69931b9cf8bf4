"""The item as versioned JSON (docs/json.md): every field, the reader's document, links both ways."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from tui.model import Item, KnowledgeBase, Link, Ref
from tui.model.describe import backlink_groups, metadata
from tui.view.document import Block, build_document

SCHEMA = "hubreader.item/1"
_SKIPPED = {"kind", "id", "title", "path", "body"}


def render_json(kb: KnowledgeBase, item: Item) -> dict[str, Any]:
    """Everything the reader shows of an item, and every field it was built from, as plain data."""
    return {
        "schema": SCHEMA,
        "kind": item.kind.value,
        "id": item.id,
        "title": item.title,
        "path": item.path,
        "fields": {name: value for name, value in _fields(item).items() if name not in _SKIPPED},
        "metadata": [{"label": row.label, "value": row.value, "link": _ref(row.ref)} for row in metadata(kb, item)],
        "body": [
            {"id": section.id, "heading": section.heading, "paragraphs": [p.text for p in section.paragraphs]}
            for section in item.body.sections
        ],
        "document": [_block(block) for block in build_document(kb, item)],
        "links": [_link(link) for link in kb.links_from(item.key)],
        "backlinks": [
            {"group": name, **_link(link), "title": _title(kb, link)} for name, links in backlink_groups(kb, item)
            for link in links
        ],
    }


def _fields(value: Any) -> Any:
    """Plain data for any field: refs as `ns:id`, records as objects, file line numbers left out."""
    if isinstance(value, Ref):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _record(value, [f.name for f in dataclasses.fields(value)])
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a NamedTuple record, as most of the model's are
        return _record(value, value._fields)
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], int) and isinstance(value[0], str | Ref):
        return _fields(value[0])  # a value paired with its line
    if isinstance(value, tuple | list):
        return [_fields(each) for each in value]
    return value


def _record(value: object, names: Sequence[str]) -> dict[str, Any]:
    return {name: _fields(getattr(value, name)) for name in names if not _is_line(name)}


def _is_line(name: str) -> bool:
    return name in ("line", "glossary_line") or name.endswith(("_line", "_lines"))


def _block(block: Block) -> dict[str, Any]:
    links = [
        {"text": span.text, "to": str(span.target.key), "section": span.target.section}
        for span in block.spans if span.target is not None
    ]
    return {"role": block.role.value, "anchor": block.anchor, "text": block.plain, "links": links}


def _link(link: Link) -> dict[str, Any]:
    return {
        "from": str(link.source),
        "to": str(link.target) if link.target else None,
        "ref": str(link.ref),
        "section": link.section,
        "sentence": link.sentence,
        "line": link.line,
        "via": link.via.value,
    }


def _ref(ref: Ref | None) -> str | None:
    return str(ref) if ref else None


def _title(kb: KnowledgeBase, link: Link) -> str | None:
    source = kb.get(link.source)
    return source.title if source else None
