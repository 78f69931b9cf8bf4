"""What gets indexed for an item: its passages (with the section a reader would open) and their weights."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from tui.index.text import words
from tui.model import Item, KnowledgeBase
from tui.model.kindspec import Prominence
from tui.model.links import WIKI, parse_ref

Role = Prominence  # where text sits in an item; the value orders passages that match equally well


WEIGHTS: dict[Role, float] = {Role.TITLE: 6.0, Role.LEAD: 2.5, Role.BODY: 1.0}
TITLE_SECTION = "Title"


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
    return f"{item.kind.namespace}:{item.id}"


def document(item: Item) -> Document:
    """What the index stores for an item: a function of the item's own file only."""
    return Document(key_of(item), item.kind.value, passages(item))


def passages(item: Item, kb: KnowledgeBase | None = None) -> tuple[Passage, ...]:
    """Title, key text, body, structure; with a `kb`, unlabelled links read as their targets' titles, as the
    reader shows them."""
    spec = item.kind.spec
    found = [Passage(Role.TITLE, TITLE_SECTION, None, item.title)]
    if spec.id_is_searchable:
        found.append(Passage(Role.TITLE, TITLE_SECTION, None, item.id))
    found += [Passage(*excerpt) for excerpt in spec.lead(item)]
    found += [
        Passage(spec.body_prominence, section.heading or spec.body_section, section.id if section.heading else None,
                visible_text(kb, para.text))
        for section, para in item.body.paragraphs()
    ]
    found += [Passage(*excerpt) for excerpt in spec.tail(item)]
    return tuple(passage for passage in found if passage.text.strip())


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
