"""Hubs: sections of entries (notes and sub-hubs), each with the count the site declared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.model.items import FieldRef, Item, Ref
from tui.model.kindspec import Excerpt, Kind, KindSpec, Meta, Part, Prominence, Shape, body_parts

if TYPE_CHECKING:
    from tui.model.fields import Fields
    from tui.model.kb import KnowledgeBase


@dataclass(frozen=True, slots=True)
class HubSection:
    """One section of a hub, with its entries in order and the count the site declared."""

    index: int
    title: str
    declared: int | None
    date: str | None
    entries: tuple[Ref, ...]
    entry_lines: tuple[int, ...]
    line: int

    @property
    def display_title(self) -> str:
        """Site titles keep literal Markdown emphasis like `*(2026-06-03)*`; readers should not see it."""
        return self.title.replace("*", "").strip()


@dataclass(frozen=True, kw_only=True)
class Hub(Item):
    declared_notes: int | None = None
    declared_sections: int | None = None
    sections: tuple[HubSection, ...] = ()

    def field_refs(self) -> tuple[FieldRef, ...]:
        return tuple(
            (section.display_title, ref, line, "")
            for section in self.sections
            for ref, line in zip(section.entries, section.entry_lines, strict=True)
        )


def build(common: dict[str, Any], fields: Fields) -> Hub:
    from tui.model.build import refs  # noqa: PLC0415 - parsing only (test_a_start_from_the_cache_loads_no_parser)

    declared = fields.mapping("declared")
    sections = []
    for index, (line, section) in enumerate(fields.mappings("sections"), start=1):
        entries = refs(section, "entries")
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


def metadata(kb: KnowledgeBase, item: Item) -> list[Meta]:
    assert isinstance(item, Hub)
    listed = sum(len(section.entries) for section in item.sections)
    declared = ""
    if item.declared_notes is not None:
        declared = f"{item.declared_notes} notes · {item.declared_sections} sections (as declared)"
    return [Meta("Lists", f"{listed} entries in {len(item.sections)} sections"), Meta("Declares", declared)]


def parts(kb: KnowledgeBase, item: Item) -> list[Part]:
    """The body, then each section as a heading with its counts and one card per entry."""
    assert isinstance(item, Hub)
    found = body_parts(item)
    for section in item.sections:
        count = f"  {len(section.entries)} listed" + (f" · {section.declared} declared" if section.declared else "")
        found.append(Part(Shape.HEADING, section.display_title, note=count, anchor=str(section.index), plain=True))
        if not section.entries:
            found.append(Part(Shape.EMPTY, "This section lists nothing.", plain=True))
        for ref in section.entries:
            found += _card(kb, ref)
    return found


def _card(kb: KnowledgeBase, ref: Ref) -> list[Part]:
    """An entry as a card: its kind and title, its summary, and the short labels of what it relates to."""
    target = kb.resolve(ref)
    found = [Part(Shape.CARD_TITLE, lead=f"{target.kind} " if target else "", links=((ref, None),))]
    if target is None:
        return found
    if summary := target.kind.spec.summary(target):
        found.append(Part(Shape.CARD_BODY, summary, owner=target))
    related = tuple((each, _short_label(kb.resolve(each))) for each in target.kind.spec.related(target))
    if related:
        found.append(Part(Shape.CARD_BODY, lead="Related: ", links=related))
    return found


def _short_label(item: Item | None) -> str | None:
    """Episodes are known by their id; other titles are cut so a card's related line stays short."""
    if item is None:
        return None
    if item.kind is Kind.EPISODE:
        return item.id
    return item.title if len(item.title) <= 48 else item.title[:47] + "…"


def summary(item: Item) -> str:
    sections = item.body.sections
    return sections[0].paragraphs[0].text if sections and sections[0].paragraphs else ""


def tail(item: Item) -> list[Excerpt]:
    assert isinstance(item, Hub)
    return [Excerpt(Prominence.BODY, s.display_title, str(s.index), s.display_title) for s in item.sections]


SPEC = KindSpec(
    kind=Kind.HUB, label="Hub", group="Hubs", folder="hubs", namespace="hub", build=build, metadata=metadata,
    parts=parts, body_section="Description", body_prominence=Prominence.LEAD, tail=tail, summary=summary,
    backlink_group="Listed in",
)
