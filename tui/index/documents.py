"""What gets indexed for an item: its passages (with the section a reader would open) and their weights."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import IntEnum

from tui.index.text import words
from tui.model import Episode, Hub, Item, KnowledgeBase, Note, Paper, Term, Topic
from tui.model.items import ANCHORS_SECTION, Kind
from tui.model.links import WIKI, parse_ref


class Role(IntEnum):
    """Where text sits in an item; the value orders passages when two match equally well."""

    BODY = 1
    LEAD = 2
    TITLE = 3


WEIGHTS: dict[Role, float] = {Role.TITLE: 6.0, Role.LEAD: 2.5, Role.BODY: 1.0}
TITLE_SECTION = "Title"
_NAMESPACES: dict[Kind, str] = {kind: kind.namespace for kind in Kind}
BODY_SECTIONS: dict[Kind, str] = {
    Kind.EPISODE: "Summary",
    Kind.NOTE: "Note",
    Kind.PAPER: "Summary",
    Kind.TERM: "Explanation",
    Kind.HUB: "Description",
    Kind.TOPIC: "Introduction",
}


@dataclass(frozen=True, slots=True)
class Passage:
    """One piece of visible text and the section (label and reader anchor) it belongs to."""

    role: Role
    section: str
    anchor: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """An item as the index sees it; `digest` changes exactly when the indexed text does."""

    key: str
    kind: str
    passages: tuple[Passage, ...]

    def text(self, roles: tuple[Role, ...]) -> tuple[tuple[float, str], ...]:
        """(weight, text) pairs for the weighted fields."""
        return tuple((WEIGHTS[p.role], p.text) for p in self.passages if p.role in roles)

    def words(self) -> set[str]:
        """Every indexed word before stemming, for the vocabulary."""
        return {word for passage in self.passages for word in words(passage.text)}

    @property
    def digest(self) -> str:
        hasher = hashlib.blake2b(digest_size=16)
        for passage in self.passages:
            hasher.update(f"{passage.role}\x1f{passage.section}\x1f{passage.anchor}\x1f{passage.text}\x1e".encode())
        return hasher.hexdigest()


def key_of(item: Item) -> str:
    """The item's `ns:id`, the index's unique key (str(item.key), without building an ItemKey)."""
    return f"{_NAMESPACES[item.kind]}:{item.id}"


def document(item: Item) -> Document:
    """What the index stores for an item: a function of the item's own file only."""
    return Document(key_of(item), item.kind.value, passages(item))


def passages(item: Item, kb: KnowledgeBase | None = None) -> tuple[Passage, ...]:
    """Title, key text, body; with a `kb`, unlabelled links read as their targets' titles, as the reader shows them."""
    found = [Passage(Role.TITLE, TITLE_SECTION, None, item.title)]
    if isinstance(item, Episode | Paper):
        found.append(Passage(Role.TITLE, TITLE_SECTION, None, item.id))
    found += _lead(item)
    found += _body(kb, item)
    found += _tail(item)
    return tuple(passage for passage in found if passage.text.strip())


def _lead(item: Item) -> list[Passage]:
    if isinstance(item, Note):
        return [Passage(Role.LEAD, "Abstract", None, item.abstract)]
    if isinstance(item, Episode):
        return [Passage(Role.LEAD, "Takeaways", "takeaways", text) for text in item.takeaways]
    if isinstance(item, Topic):
        return [Passage(Role.LEAD, ANCHORS_SECTION, "anchors", anchor.blurb) for anchor in item.anchors]
    if isinstance(item, Term):
        aliases = [Passage(Role.TITLE, "Also called", None, alias) for alias in item.aliases]
        return [*aliases, Passage(Role.LEAD, "Definition", None, item.short)]
    if isinstance(item, Paper) and item.authors:
        return [Passage(Role.LEAD, "Authors", None, ", ".join(item.authors))]
    return []


def _body(kb: KnowledgeBase | None, item: Item) -> list[Passage]:
    role = Role.LEAD if item.kind is Kind.HUB else Role.BODY
    default = BODY_SECTIONS[item.kind]
    return [
        Passage(role, section.heading or default, section.id if section.heading else None, visible_text(kb, para.text))
        for section, para in item.body.paragraphs()
    ]


def _tail(item: Item) -> list[Passage]:
    if isinstance(item, Hub):
        return [Passage(Role.BODY, s.display_title, str(s.index), s.display_title) for s in item.sections]
    if isinstance(item, Episode) and item.chapters:
        return [Passage(Role.BODY, "Chapters", "chapters", "; ".join(c.title for c in item.chapters))]
    return []


def visible_text(kb: KnowledgeBase | None, text: str) -> str:
    """Prose without link markup: a wiki link becomes its label, else its target's title (with a kb) or id."""
    if "[[" not in text:
        return text
    return WIKI.sub(lambda match: _link_label(kb, match.group(1), match.group(2)), text)


def _link_label(kb: KnowledgeBase | None, target: str, label: str | None) -> str:
    if label and label.strip():
        return label.strip()
    ref = parse_ref(target) if kb else None
    item = kb.resolve(ref) if kb and ref else None
    return item.title if item else target.rpartition(":")[2]
