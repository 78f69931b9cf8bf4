"""An item as a list of display blocks with link spans: the reading pane's model, free of Textual."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from tui.app.history import Place
from tui.model import Episode, Hub, Item, ItemKey, Kind, KnowledgeBase, Link, Note, Term, Topic
from tui.model.describe import KIND_LABELS, backlink_groups, metadata
from tui.model.items import ANCHORS_SECTION
from tui.model.links import Via


class Role(StrEnum):
    """What a block is; the pane turns it into a CSS class."""

    TITLE = "title"
    META = "meta"
    HEADING = "heading"
    PROSE = "prose"
    BULLET = "bullet"
    CARD_TITLE = "card-title"
    CARD_BODY = "card-body"
    GROUP = "group"
    QUOTE = "quote"
    EMPTY = "empty"


class Style(StrEnum):
    PLAIN = "plain"
    STRONG = "strong"
    DIM = "dim"
    LINK = "link"
    TERM = "term"
    BROKEN = "broken"
    URL = "url"


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text; `target` makes it a link."""

    text: str
    style: Style = Style.PLAIN
    target: Place | None = None


@dataclass(frozen=True, slots=True)
class Block:
    role: Role
    spans: tuple[Span, ...]
    anchor: str | None = None

    @property
    def plain(self) -> str:
        return "".join(span.text for span in self.spans)


def build_document(kb: KnowledgeBase, item: Item) -> list[Block]:
    """Title, metadata, the kind's own structure, then everything that links here."""
    blocks = [Block(Role.TITLE, (Span(f"{KIND_LABELS[item.kind]} · {item.id}", Style.DIM),)),
              Block(Role.TITLE, (Span(item.title, Style.STRONG),))]
    blocks += [Block(Role.META, (Span(f"{label}: ", Style.DIM), *_meta_value(kb, item, label, value)))
               for label, value in metadata(kb, item)]
    blocks += _BUILDERS.get(item.kind, _body_only)(kb, item)
    blocks += _backlinks(kb, item)
    return blocks


def _meta_value(kb: KnowledgeBase, item: Item, label: str, value: str) -> tuple[Span, ...]:
    if label == "Paper" and isinstance(item, Episode) and item.paper:
        paper = kb.get(ItemKey(Kind.PAPER, item.paper))
        if paper is not None:
            return (Span(value, Style.LINK, Place(paper.key)),)
    if value.startswith(("https://", "http://")):
        return (Span(value, Style.URL),)
    return (Span(value),)


def prose_spans(kb: KnowledgeBase, item: Item, text: str) -> tuple[Span, ...]:
    """One paragraph with E-refs, wiki links and glossary terms as link spans; broken links stay visible."""
    spans = []
    for segment in kb.prose(item, text):
        if segment.ref is None:
            spans.append(Span(segment.text or ""))
            continue
        target = kb.resolve(segment.ref)
        label = segment.text or (target.title if target else str(segment.ref))
        if target is None:
            spans.append(Span(f"{label} (missing {segment.ref})", Style.BROKEN))
        else:
            style = Style.TERM if segment.via is Via.TERM else Style.LINK
            spans.append(Span(label, style, Place(target.key, segment.ref.fragment)))
    return tuple(spans)


def _body(kb: KnowledgeBase, item: Item) -> list[Block]:
    blocks: list[Block] = []
    for section in item.body.sections:
        if section.heading:
            blocks.append(Block(Role.HEADING, (Span(section.heading),), anchor=section.id))
        blocks += [Block(Role.PROSE, prose_spans(kb, item, p.text)) for p in section.paragraphs]
    return blocks


def _body_only(kb: KnowledgeBase, item: Item) -> list[Block]:
    return _body(kb, item)


def _heading(text: str, anchor: str | None = None) -> Block:
    return Block(Role.HEADING, (Span(text),), anchor=anchor)


def _link_or_missing(kb: KnowledgeBase, key_text: str, target: Item | None, label: str | None = None) -> Span:
    if target is None:
        return Span(f"{label or key_text} (missing)", Style.BROKEN)
    return Span(label or target.title, Style.LINK, Place(target.key))


def _hub(kb: KnowledgeBase, item: Item) -> list[Block]:
    assert isinstance(item, Hub)
    blocks = _body(kb, item)
    for section in item.sections:
        count = f"  {len(section.entries)} listed" + (f" · {section.declared} declared" if section.declared else "")
        blocks.append(Block(Role.HEADING, (Span(section.display_title), Span(count, Style.DIM)),
                            anchor=f"{section.index}"))
        if not section.entries:
            blocks.append(Block(Role.EMPTY, (Span("This section lists nothing.", Style.DIM),)))
        for ref in section.entries:
            blocks += _entry_card(kb, str(ref), kb.resolve(ref))
    return blocks


def _entry_card(kb: KnowledgeBase, ref_text: str, target: Item | None) -> list[Block]:
    badge = Span(f"{target.kind.value} ", Style.DIM) if target else Span("")
    blocks = [Block(Role.CARD_TITLE, (badge, _link_or_missing(kb, ref_text, target)))]
    abstract = target.abstract if isinstance(target, Note) else ""
    if isinstance(target, Hub) and target.body.sections and target.body.sections[0].paragraphs:
        abstract = target.body.sections[0].paragraphs[0].text
    if abstract and target is not None:
        blocks.append(Block(Role.CARD_BODY, prose_spans(kb, target, abstract)))
    if isinstance(target, Note) and target.related:
        spans = [Span("Related: ", Style.DIM)]
        for index, (ref, _) in enumerate(target.related):
            related = kb.resolve(ref)
            link = _link_or_missing(kb, str(ref), related, _short_label(related))
            spans += [Span(" · ", Style.DIM), link] if index else [link]
        blocks.append(Block(Role.CARD_BODY, tuple(spans)))
    return blocks


def _short_label(item: Item | None) -> str | None:
    """Episodes are known by their id; other titles are cut so a card's related line stays short."""
    if item is None:
        return None
    if item.kind is Kind.EPISODE:
        return item.id
    return item.title if len(item.title) <= 48 else item.title[:47] + "…"


def _note(kb: KnowledgeBase, item: Item) -> list[Block]:
    assert isinstance(item, Note)
    blocks = [Block(Role.PROSE, prose_spans(kb, item, item.abstract))] if item.abstract else []
    blocks += _body(kb, item)
    if item.related:
        blocks.append(_heading("Related"))
        blocks += [Block(Role.BULLET, (_link_or_missing(kb, str(ref), kb.resolve(ref)),)) for ref, _ in item.related]
    return blocks


def _topic(kb: KnowledgeBase, item: Item) -> list[Block]:
    assert isinstance(item, Topic)
    blocks = _body(kb, item)
    if item.anchors:
        blocks.append(_heading(ANCHORS_SECTION, "anchors"))
        for anchor in item.anchors:
            episode = kb.get(ItemKey(Kind.EPISODE, anchor.episode))
            label = f"{anchor.episode} {episode.title}" if episode else anchor.episode
            blocks.append(Block(Role.CARD_TITLE, (_link_or_missing(kb, anchor.episode, episode, label),)))
            blocks.append(Block(Role.CARD_BODY, prose_spans(kb, item, anchor.blurb)))
    return blocks


def _episode(kb: KnowledgeBase, item: Item) -> list[Block]:
    assert isinstance(item, Episode)
    blocks = _body(kb, item)
    if item.takeaways:
        blocks.append(_heading("Takeaways", "takeaways"))
        blocks += [Block(Role.BULLET, prose_spans(kb, item, text)) for text in item.takeaways]
    if item.chapters:
        blocks.append(_heading("Chapters", "chapters"))
        blocks += [Block(Role.BULLET, (Span(f"{c.t}  ", Style.DIM), Span(c.title))) for c in item.chapters]
    return blocks


def _term(kb: KnowledgeBase, item: Item) -> list[Block]:
    assert isinstance(item, Term)
    blocks = _body(kb, item)
    if item.episodes:
        blocks.append(_heading("Episodes"))
        for episode_id, _ in item.episodes:
            episode = kb.get(ItemKey(Kind.EPISODE, episode_id))
            label = f"{episode_id} {episode.title}" if episode else episode_id
            blocks.append(Block(Role.BULLET, (_link_or_missing(kb, episode_id, episode, label),)))
    return blocks


def _backlinks(kb: KnowledgeBase, item: Item) -> list[Block]:
    blocks = [_heading("What links here", "backlinks")]
    groups = backlink_groups(kb, item)
    if not groups:
        blocks.append(Block(Role.EMPTY, (Span("Nothing links here yet.", Style.DIM),)))
    for name, links in groups:
        blocks.append(Block(Role.GROUP, (Span(f"{name} ({len(links)})", Style.STRONG),)))
        for link in links:
            blocks += _backlink_blocks(kb, link)
    return blocks


def _backlink_blocks(kb: KnowledgeBase, link: Link) -> list[Block]:
    source = kb.get(link.source)
    if source is None:
        return []
    section_id = _section_id(source, link.section)
    where = f" § {link.section}" if link.section else ""
    title = (Span(source.title, Style.LINK, Place(source.key, section_id)), Span(where, Style.DIM))
    blocks = [Block(Role.BULLET, title)]
    if link.sentence:
        blocks.append(Block(Role.QUOTE, prose_spans(kb, source, link.sentence)))
    return blocks


def _section_id(source: Item, heading: str | None) -> str | None:
    if isinstance(source, Hub):
        return next((str(s.index) for s in source.sections if s.display_title == heading), None)
    return next((s.id for s in source.body.sections if heading and s.heading == heading), None)


_BUILDERS: dict[Kind, Callable[[KnowledgeBase, Item], list[Block]]] = {
    Kind.HUB: _hub,
    Kind.NOTE: _note,
    Kind.TOPIC: _topic,
    Kind.EPISODE: _episode,
    Kind.TERM: _term,
}
