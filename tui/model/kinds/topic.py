"""Topics: literature reviews whose prose cites episodes, plus the episodes anchoring them with a blurb each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from tui.model.items import FieldRef, Item, ItemKey, Ref, Section, TextField
from tui.model.kindspec import Excerpt, Kind, KindSpec, Meta, Part, Prominence, Shape, body_parts, heading

if TYPE_CHECKING:
    from tui.model.fields import Fields
    from tui.model.kb import KnowledgeBase


class Anchor(NamedTuple):
    """An episode that anchors a topic, with the topic's own blurb for it."""

    episode: str
    blurb: str
    line: int


ANCHORS_SECTION = "Episodes anchoring this topic"


@dataclass(frozen=True, kw_only=True)
class Topic(Item):
    episode_count: int | None = None
    anchors: tuple[Anchor, ...] = ()

    @property
    def sections(self) -> tuple[Section, ...]:
        return self.body.headed

    def text_fields(self) -> tuple[TextField, ...]:
        return tuple(TextField(ANCHORS_SECTION, anchor.blurb, anchor.line) for anchor in self.anchors)

    def field_refs(self) -> tuple[FieldRef, ...]:
        return tuple((ANCHORS_SECTION, Ref(Kind.EPISODE, a.episode), a.line, a.blurb) for a in self.anchors)


def build(common: dict[str, Any], fields: Fields) -> Topic:
    anchors = []
    for line, anchor in fields.mappings("anchors"):
        episode = anchor.text("episode")
        if episode:
            anchors.append(Anchor(episode, anchor.text("blurb") or "", line))
        else:
            fields.sink.error(line, "anchor needs an 'episode' field")
    return Topic(**common, episode_count=fields.integer("episode_count"), anchors=tuple(anchors))


def metadata(kb: KnowledgeBase, item: Item) -> list[Meta]:
    assert isinstance(item, Topic)
    cited = {link.target for link in kb.links_from(item.key) if link.target and link.target.kind is Kind.EPISODE}
    count = item.episode_count or len(cited)
    return [Meta("Kind", "Literature review"), Meta("Sections", str(len(item.sections))), Meta("Episodes", str(count))]


def parts(kb: KnowledgeBase, item: Item) -> list[Part]:
    """The review's sections, then each anchoring episode as a card with the topic's blurb."""
    assert isinstance(item, Topic)
    found = body_parts(item)
    if item.anchors:
        found.append(heading(ANCHORS_SECTION, "anchors"))
        for anchor in item.anchors:
            episode = kb.get(ItemKey(Kind.EPISODE, anchor.episode))
            label = f"{anchor.episode} {episode.title}" if episode else anchor.episode
            found.append(Part(Shape.CARD_TITLE, links=((Ref(Kind.EPISODE, anchor.episode), label),)))
            found.append(Part(Shape.CARD_BODY, anchor.blurb))
    return found


def lead(item: Item) -> list[Excerpt]:
    assert isinstance(item, Topic)
    return [Excerpt(Prominence.LEAD, ANCHORS_SECTION, "anchors", anchor.blurb) for anchor in item.anchors]


SPEC = KindSpec(
    kind=Kind.TOPIC, label="Topic", group="Topics", folder="topics", namespace="topic", build=build,
    metadata=metadata, parts=parts, body_section="Introduction", lead=lead, backlink_group="Cited by",
)
