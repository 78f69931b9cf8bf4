"""Episodes: a podcast episode on one paper, with takeaways and chapters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from tui.model.items import FieldRef, Item, ItemKey, Ref, TextField
from tui.model.kinds.paper import Paper, citation
from tui.model.kindspec import Excerpt, Kind, KindSpec, Meta, Part, Prominence, Shape, body_parts, heading

if TYPE_CHECKING:
    from tui.model.fields import Fields
    from tui.model.kb import KnowledgeBase


class Chapter(NamedTuple):
    t: str
    title: str


@dataclass(frozen=True, kw_only=True)
class Episode(Item):
    number: int | None = None
    slug: str | None = None
    date: str | None = None
    duration_min: int | None = None
    category: str | None = None
    paper: str | None = None
    paper_line: int = 0
    takeaways: tuple[str, ...] = ()
    takeaway_lines: tuple[int, ...] = ()
    chapters: tuple[Chapter, ...] = ()

    def text_fields(self) -> tuple[TextField, ...]:
        return tuple(
            TextField("Takeaways", text, line)
            for text, line in zip(self.takeaways, self.takeaway_lines, strict=True)
        )

    def field_refs(self) -> tuple[FieldRef, ...]:
        return (("Paper", Ref(Kind.PAPER, self.paper), self.paper_line, ""),) if self.paper else ()


def build(common: dict[str, Any], fields: Fields) -> Episode:
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


def metadata(kb: KnowledgeBase, item: Item) -> list[Meta]:
    assert isinstance(item, Episode)
    rows = [Meta("Date", item.date or ""), Meta("Duration", f"{item.duration_min} min" if item.duration_min else "")]
    rows.append(Meta("Category", item.category or ""))
    if item.paper:
        paper = kb.get(ItemKey(Kind.PAPER, item.paper))
        if isinstance(paper, Paper):
            rows.append(Meta("Paper", citation(paper), Ref(Kind.PAPER, item.paper)))
        else:
            rows.append(Meta("Paper", f"{item.paper} (missing)"))
    return rows


def parts(kb: KnowledgeBase, item: Item) -> list[Part]:
    """The body, then the takeaways as bullets with their links, then the chapters with their times."""
    assert isinstance(item, Episode)
    found = body_parts(item)
    if item.takeaways:
        found.append(heading("Takeaways", "takeaways"))
        found += [Part(Shape.BULLET, text) for text in item.takeaways]
    if item.chapters:
        found.append(heading("Chapters", "chapters"))
        found += [Part(Shape.BULLET, c.title, lead=f"{c.t}  ", plain=True) for c in item.chapters]
    return found


def lead(item: Item) -> list[Excerpt]:
    assert isinstance(item, Episode)
    return [Excerpt(Prominence.LEAD, "Takeaways", "takeaways", text) for text in item.takeaways]


def tail(item: Item) -> list[Excerpt]:
    assert isinstance(item, Episode)
    if not item.chapters:
        return []
    return [Excerpt(Prominence.BODY, "Chapters", "chapters", "; ".join(c.title for c in item.chapters))]


def row_label(item: Item) -> str:
    return f"{item.id}  {item.title}"


SPEC = KindSpec(
    kind=Kind.EPISODE, label="Episode", group="Episodes", folder="episodes", namespace="ep", build=build,
    metadata=metadata, parts=parts, body_section="Summary", lead=lead, tail=tail, row_label=row_label,
    id_is_searchable=True,
)
