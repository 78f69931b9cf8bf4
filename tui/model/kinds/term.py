"""Glossary terms: a definition and aliases, auto-linked wherever their names appear in prose."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.model.items import FieldRef, Item, ItemKey, Ref
from tui.model.kindspec import Excerpt, Kind, KindSpec, Meta, Part, Prominence, Shape, body_parts, heading

if TYPE_CHECKING:
    from tui.model.fields import Fields
    from tui.model.kb import KnowledgeBase


@dataclass(frozen=True, kw_only=True)
class Term(Item):
    aliases: tuple[str, ...] = ()
    short: str = ""
    episodes: tuple[tuple[str, int], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling that auto-links to this term."""
        return (self.title, *self.aliases)

    def field_refs(self) -> tuple[FieldRef, ...]:
        return tuple(("Episodes", Ref(Kind.EPISODE, ep), line, "") for ep, line in self.episodes)


def build(common: dict[str, Any], fields: Fields) -> Term:
    return Term(
        **common,
        aliases=tuple(alias for alias, _ in fields.texts("aliases")),
        short=fields.text("short") or "",
        episodes=tuple(fields.texts("episodes")),
    )


def metadata(kb: KnowledgeBase, item: Item) -> list[Meta]:
    assert isinstance(item, Term)
    return [Meta("Definition", item.short), Meta("Also called", ", ".join(item.aliases))]


def parts(kb: KnowledgeBase, item: Item) -> list[Part]:
    """The explanation, then the episodes that discuss the term, each with its title."""
    assert isinstance(item, Term)
    found = body_parts(item)
    if item.episodes:
        found.append(heading("Episodes", "episodes"))
        for episode_id, _ in item.episodes:
            episode = kb.get(ItemKey(Kind.EPISODE, episode_id))
            label = f"{episode_id} {episode.title}" if episode else episode_id
            found.append(Part(Shape.BULLET, links=((Ref(Kind.EPISODE, episode_id), label),)))
    return found


def summary(item: Item) -> str:
    assert isinstance(item, Term)
    return item.short


def lead(item: Item) -> list[Excerpt]:
    """Aliases weigh as much as the title: people search by any name of a term."""
    assert isinstance(item, Term)
    aliases = [Excerpt(Prominence.TITLE, "Also called", None, alias) for alias in item.aliases]
    return [*aliases, Excerpt(Prominence.LEAD, "Definition", None, item.short)]


SPEC = KindSpec(
    kind=Kind.TERM, label="Term", group="Glossary", folder="glossary", namespace="term", build=build,
    metadata=metadata, parts=parts, body_section="Explanation", lead=lead, summary=summary,
    backlink_group="Glossary terms",
)
