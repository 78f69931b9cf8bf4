"""What a place in an item is called: the item's title and the heading of the section it points at, as the tree,
the palette and the reader's notices name a bookmark."""

from __future__ import annotations

from tui.model import Item, KnowledgeBase
from tui.model.kindspec import Shape
from tui.view.place import Place

BACKLINKS_ANCHOR = "backlinks"  # the anchor of the document's "What links here" heading, which document.py uses
BACKLINKS_HEADING = "What links here"


def outline(kb: KnowledgeBase, item: Item) -> list[tuple[str, str]]:
    """Every place of the page a link can open at, as (anchor, heading), in page order: what `open ID#anchor`, the
    outline, cite and bookmarks name. From the item's parts alone, as the document places them: building the whole
    document would resolve every backlink too (test_glance.py::test_the_outline_lists_every_anchor_of_the_page)."""
    parts = item.kind.spec.parts(kb, item)
    headed = [(part.anchor, part.text) for part in parts if part.anchor and part.shape is Shape.HEADING]
    return [*headed, (BACKLINKS_ANCHOR, BACKLINKS_HEADING)]


def section_heading(kb: KnowledgeBase, item: Item, anchor: str | None) -> str | None:
    """The heading of the part of `item` anchored at `anchor`; None at the top or for an unknown anchor."""
    return dict(outline(kb, item)).get(anchor) if anchor is not None else None


def place_label(kb: KnowledgeBase, place: Place) -> str | None:
    """"Title › heading" (the title alone at an item's top or at an unknown section); None for an unknown item."""
    item = kb.get(place.key)
    if item is None:
        return None
    heading = section_heading(kb, item, place.section)
    return f"{item.title} › {heading}" if heading else item.title
