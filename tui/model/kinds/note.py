"""Notes: a question with its abstract, links to related notes, and an optional body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.model.items import FieldRef, Item, Ref, TextField
from tui.model.kindspec import Excerpt, Kind, KindSpec, Meta, Part, Prominence, Shape, body_parts, heading

if TYPE_CHECKING:
    from tui.model.fields import Fields
    from tui.model.kb import KnowledgeBase


@dataclass(frozen=True, kw_only=True)
class Note(Item):
    abstract: str = ""
    abstract_line: int = 0
    date: str | None = None
    related: tuple[tuple[Ref, int], ...] = ()

    def text_fields(self) -> tuple[TextField, ...]:
        return (TextField("Abstract", self.abstract, self.abstract_line),) if self.abstract else ()

    def field_refs(self) -> tuple[FieldRef, ...]:
        return tuple(("Related", ref, line, "") for ref, line in self.related)


def build(common: dict[str, Any], fields: Fields) -> Note:
    from tui.model.build import refs  # noqa: PLC0415 - parsing only (test_a_start_from_the_cache_loads_no_parser)

    return Note(
        **common,
        abstract=fields.text("abstract") or "",
        abstract_line=fields.line("abstract"),
        date=fields.text("date"),
        related=tuple(refs(fields, "related")),
    )


def metadata(kb: KnowledgeBase, item: Item) -> list[Meta]:
    assert isinstance(item, Note)
    return [Meta("Date", item.date or "")]


def parts(kb: KnowledgeBase, item: Item) -> list[Part]:
    """The abstract first, then the body, then what it relates to."""
    assert isinstance(item, Note)
    found = [Part(Shape.PROSE, item.abstract)] if item.abstract else []
    found += body_parts(item)
    if item.related:
        found.append(heading("Related"))
        found += [Part(Shape.BULLET, links=((ref, None),)) for ref, _ in item.related]
    return found


def summary(item: Item) -> str:
    assert isinstance(item, Note)
    return item.abstract


def related(item: Item) -> tuple[Ref, ...]:
    assert isinstance(item, Note)
    return tuple(ref for ref, _ in item.related)


def lead(item: Item) -> list[Excerpt]:
    assert isinstance(item, Note)
    return [Excerpt(Prominence.LEAD, "Abstract", None, item.abstract)]


SPEC = KindSpec(
    kind=Kind.NOTE, label="Note", group="Notes", folder="notes", namespace="note", build=build, metadata=metadata,
    parts=parts, body_section="Note", lead=lead, summary=summary, related=related,
)
