"""An item as display blocks with link spans: the one document the reading pane and every `show` format render."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from tui.model import Item, KnowledgeBase, Link, Ref
from tui.model.describe import backlink_groups, metadata
from tui.model.kindspec import Meta, Part, Shape
from tui.model.links import Via
from tui.view.passage import BACKLINKS_ANCHOR, BACKLINKS_HEADING, outline
from tui.view.place import Place


class Role(StrEnum):
    """What a block is; the pane turns it into a CSS class, the renderers into their own markup."""

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


# Records are NamedTuples: built once per start, a frozen dataclass costs ~5x as much to define (benchmarks/reader.py)
class Span(NamedTuple):
    """A run of text; `target` makes it a link."""

    text: str
    style: Style = Style.PLAIN
    target: Place | None = None


class Block(NamedTuple):
    role: Role
    spans: tuple[Span, ...]
    anchor: str | None = None

    @property
    def plain(self) -> str:
        return "".join(span.text for span in self.spans)


def build_document(kb: KnowledgeBase, item: Item) -> list[Block]:
    """Title, metadata, the kind's own parts, then everything that links here."""
    spec = item.kind.spec
    blocks = [Block(Role.TITLE, (Span(f"{spec.label} · {item.id}", Style.DIM),)),
              Block(Role.TITLE, (Span(item.title, Style.STRONG),))]
    blocks += [_meta_block(kb, row) for row in metadata(kb, item)]
    blocks += [_part_block(kb, item, part) for part in spec.parts(kb, item)]
    blocks += _backlinks(kb, item)
    return blocks


def _meta_block(kb: KnowledgeBase, row: Meta) -> Block:
    if row.ref is not None:
        value = _link(kb, row.ref, row.value)
    elif row.value.startswith(("https://", "http://")):
        value = Span(row.value, Style.URL)
    else:
        value = Span(row.value)
    return Block(Role.META, (Span(f"{row.label}: ", Style.DIM), value))


def _part_block(kb: KnowledgeBase, item: Item, part: Part) -> Block:
    """Dim lead, the text (prose resolved as its owner wrote it), the links joined by a dot, dim note."""
    spans = [Span(part.lead, Style.DIM)] if part.lead else []
    if part.text:
        text_style = Style.DIM if part.shape is Shape.EMPTY else Style.PLAIN
        spans += [Span(part.text, text_style)] if part.plain else prose_spans(kb, part.owner or item, part.text)
    for index, (ref, label) in enumerate(part.links):
        spans += [Span(" · ", Style.DIM), _link(kb, ref, label)] if index else [_link(kb, ref, label)]
    if part.note:
        spans.append(Span(part.note, Style.DIM))
    return Block(Role(part.shape.value), tuple(spans), part.anchor)


def _link(kb: KnowledgeBase, ref: Ref, label: str | None) -> Span:
    target = kb.resolve(ref)
    if target is None:
        return Span(f"{label or ref} (missing)", Style.BROKEN)
    return Span(label or target.title, Style.LINK, Place(target.key, ref.fragment))


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


def _backlinks(kb: KnowledgeBase, item: Item) -> list[Block]:
    blocks = [Block(Role.HEADING, (Span(BACKLINKS_HEADING),), anchor=BACKLINKS_ANCHOR)]
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
    where = f" § {link.section}" if link.section else ""
    place = Place(source.key, _section_id(kb, source, link.section))
    title = (Span(source.title, Style.LINK, place), Span(where, Style.DIM))
    blocks = [Block(Role.BULLET, title)]
    if link.sentence:
        blocks.append(Block(Role.QUOTE, prose_spans(kb, source, link.sentence)))
    return blocks


def _section_id(kb: KnowledgeBase, source: Item, heading: str | None) -> str | None:
    """The anchor of the part of `source` headed `heading`, so a backlink opens where the link is."""
    if heading is None:
        return None
    return next((anchor for anchor, name in outline(kb, source) if name == heading), None)
