"""What a reader sees about an item besides its prose: metadata rows and backlink groups."""

from __future__ import annotations

from itertools import groupby

from tui.model.items import Item
from tui.model.kb import KnowledgeBase, Link
from tui.model.kinds.topic import ANCHORS_SECTION
from tui.model.kindspec import Meta


def metadata(kb: KnowledgeBase, item: Item) -> list[Meta]:
    """Rows shown under the title, most useful first, empty values left out."""
    rows = item.kind.spec.metadata(kb, item)
    if item.source_url:
        rows.append(Meta("Source", item.source_url))
    if item.stub:
        rows.append(Meta("Status", "stub (placeholder)"))
    return [row for row in rows if row.value]


def backlink_groups(kb: KnowledgeBase, item: Item) -> list[tuple[str, list[Link]]]:
    """Backlinks grouped under reader-facing headings ('Cited by', 'Anchored by', 'Listed in', ...), each source
    once per section and sentence: test_render.py::test_no_backlink_is_listed_twice."""
    links = sorted(kb.backlinks(item.key), key=lambda link: (_group_name(link), link.source, link.line))
    return [(name, _distinct(list(group))) for name, group in groupby(links, key=_group_name)]


def _distinct(links: list[Link]) -> list[Link]:
    """Within a group, a link without a sentence adds nothing when its source also links with one (a term that
    lists an episode and cites it in its explanation)."""
    quoted = {link.source for link in links if link.sentence}
    seen: set[tuple[object, ...]] = set()
    found = []
    for link in links:
        identity = (link.source, link.section, link.sentence)
        if identity not in seen and (link.sentence or link.source not in quoted):
            seen.add(identity)
            found.append(link)
    return found


def _group_name(link: Link) -> str:
    if link.section == ANCHORS_SECTION:
        return "Anchored by"
    if link.section == "Related":
        return "Related from"
    return link.source.kind.spec.backlink_group
