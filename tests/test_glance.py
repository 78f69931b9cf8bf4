"""Peek, outline, cite and the links map's neighbours, on the fixture knowledge base: pure functions, no Textual."""

from __future__ import annotations

from tui.model import ItemKey, Kind, KnowledgeBase
from tui.view.glance import cite, glance, neighbours
from tui.view.passage import outline

E001 = ItemKey(Kind.EPISODE, "E001")
TOPIC = ItemKey(Kind.TOPIC, "sample-topic")
GRPO = ItemKey(Kind.TERM, "grpo")


def item(kb: KnowledgeBase, key: ItemKey):  # type: ignore[no-untyped-def]
    found = kb.get(key)
    assert found is not None
    return found


def test_an_episode_glance_quotes_the_sentence_that_cites_it(kb: KnowledgeBase) -> None:
    shown = glance(kb, item(kb, E001), item(kb, TOPIC))
    assert shown.title == "Episode · The first episode"
    assert shown.facts[0] == "2026-05-02" and "arXiv 2605.00001" in shown.facts[1]
    assert shown.paragraphs == ("• Agreement on 97–99% of tokens.", "• A cheap run costs about $25.")
    assert shown.evidence == "Models trained with GRPO agree on most tokens E001."


def test_a_glance_from_a_page_that_does_not_cite_the_item_has_no_evidence(kb: KnowledgeBase) -> None:
    assert glance(kb, item(kb, E001), item(kb, ItemKey(Kind.HUB, "beta-hub"))).evidence is None
    assert glance(kb, item(kb, E001)).evidence is None


def test_a_hub_glance_lists_its_sections_and_a_term_its_definition(kb: KnowledgeBase) -> None:
    hub = kb.of_kind(Kind.HUB)[0]
    assert glance(kb, hub).paragraphs == tuple(f"• {s.display_title} ({len(s.entries)})" for s in hub.sections)
    term = item(kb, GRPO)
    assert glance(kb, term).paragraphs == (term.kind.spec.summary(term),) and glance(kb, term).paragraphs[0]


def test_the_outline_lists_every_anchor_of_the_page(kb: KnowledgeBase) -> None:
    assert outline(kb, item(kb, TOPIC)) == [
        ("first-section", "First section"),
        ("custom-id", "Second section"),
        ("anchors", "Episodes anchoring this topic"),
        ("backlinks", "What links here"),
    ]
    assert [anchor for anchor, _ in outline(kb, item(kb, E001))] == ["takeaways", "chapters", "backlinks"]


def test_an_episode_citation_names_its_date_paper_arxiv_and_how_to_open_it(kb: KnowledgeBase) -> None:
    line = cite(kb, item(kb, E001))
    assert line.startswith("Episode E001: *The first episode* (2026-05-02; on *")
    assert "[arXiv:2605.00001](https://arxiv.org/abs/2605.00001)" in line
    assert line.endswith("— `hubreader open ep:E001`")


def test_a_section_citation_says_title_section_and_deep_link(kb: KnowledgeBase) -> None:
    assert cite(kb, item(kb, TOPIC), "custom-id") == (
        "Topic sample-topic: *Sample topic* § Second section — `hubreader open topic:sample-topic#custom-id`"
    )
    assert cite(kb, item(kb, TOPIC), "no-such-section").endswith("`hubreader open topic:sample-topic`")


def test_neighbours_are_grouped_by_kind_each_way_without_the_item_itself(kb: KnowledgeBase) -> None:
    found = neighbours(kb, item(kb, E001))
    assert [i.key for i in found.links_to["Papers"]] == [ItemKey(Kind.PAPER, "2605.00001")]
    assert TOPIC in [i.key for i in found.linked_from["Topics"]]
    everyone = [i.key for groups in (found.links_to, found.linked_from) for items in groups.values() for i in items]
    assert E001 not in everyone
    assert all(len(items) == len({i.key for i in items}) for items in found.linked_from.values())
