"""Loading the fixture knowledge base: items, structure, lookups and backlinks."""

from tui.model import Episode, Hub, ItemKey, Kind, KnowledgeBase, Level, Note, Topic
from tui.model.links import Via


def test_loads_every_item_with_its_kind(kb: KnowledgeBase) -> None:
    counts = {kind: len(kb.of_kind(kind)) for kind in Kind}
    assert counts == {Kind.HUB: 2, Kind.NOTE: 2, Kind.TOPIC: 1, Kind.EPISODE: 2, Kind.PAPER: 1, Kind.TERM: 2}


def test_fixture_has_no_errors_only_expected_warnings(kb: KnowledgeBase) -> None:
    assert [d for d in kb.diagnostics if d.level is Level.ERROR] == []
    messages = sorted(d.message for d in kb.diagnostics)
    assert messages == [
        "hub declares 3 sections but lists 2",
        "hub declares 5 notes but lists 3 entries",
        "stub note: placeholder without real content yet",
    ]


def test_hub_sections_keep_order_titles_and_resolve_entries(kb: KnowledgeBase) -> None:
    hub = kb.get(ItemKey(Kind.HUB, "alpha-hub"))
    assert isinstance(hub, Hub)
    assert [s.title for s in hub.sections] == ["Sub-Maps", "Batch *(2026-05-03)*"]
    assert hub.sections[1].display_title == "Batch (2026-05-03)"
    resolved = [kb.resolve(ref) for section in hub.sections for ref in section.entries]
    assert [(i.kind, i.id) for i in resolved if i] == [
        (Kind.HUB, "beta-hub"),
        (Kind.NOTE, "first-note"),
        (Kind.NOTE, "second-note"),
    ]


def test_topic_sections_from_headings_with_explicit_ids(kb: KnowledgeBase) -> None:
    topic = kb.get(ItemKey(Kind.TOPIC, "sample-topic"))
    assert isinstance(topic, Topic)
    assert [(s.id, s.heading, len(s.paragraphs)) for s in topic.sections] == [
        ("first-section", "First section", 2),
        ("custom-id", "Second section", 1),
    ]
    assert [a.episode for a in topic.anchors] == ["E001", "E002"]


def test_episode_fields(kb: KnowledgeBase) -> None:
    episode = kb.get(ItemKey(Kind.EPISODE, "E001"))
    assert isinstance(episode, Episode)
    assert (episode.number, episode.date, episode.duration_min, episode.paper) == (1, "2026-05-02", 22, "2605.00001")
    assert episode.takeaways[0] == "Agreement on 97–99% of tokens."
    assert episode.chapters[0].title == "Opening"


def test_cited_by_carries_section_and_sentence(kb: KnowledgeBase) -> None:
    cites = [link for link in kb.backlinks(ItemKey(Kind.EPISODE, "E001")) if link.via is Via.EREF]
    topic_cites = [(link.section, link.sentence) for link in cites if link.source.kind is Kind.TOPIC]
    assert topic_cites == [
        ("First section", "Models trained with GRPO agree on most tokens E001."),
        ("First section", "A second paragraph mentions GRPO once more and cites E001."),
    ]


def test_backlinks_cover_anchors_hub_entries_related_and_terms(kb: KnowledgeBase) -> None:
    def sources(kind: Kind, ident: str) -> set[tuple[str, str | None]]:
        return {(str(link.source), link.section) for link in kb.backlinks(ItemKey(kind, ident))}

    assert ("topic:sample-topic", "Episodes anchoring this topic") in sources(Kind.EPISODE, "E002")
    assert sources(Kind.HUB, "beta-hub") == {("hub:alpha-hub", "Sub-Maps")}
    assert ("note:first-note", "Related") in sources(Kind.NOTE, "second-note")
    assert ("topic:sample-topic", "First section") in sources(Kind.TERM, "grpo")
    assert ("note:first-note", "Abstract") in sources(Kind.TERM, "reward-hacking")


def test_term_autolinks_once_per_paragraph(kb: KnowledgeBase) -> None:
    grpo = [link for link in kb.backlinks(ItemKey(Kind.TERM, "grpo")) if link.via is Via.TERM]
    assert [(link.section, link.line) for link in grpo] == [("First section", 14), ("First section", 16)]


def test_find_by_id_and_namespace(kb: KnowledgeBase) -> None:
    assert [i.key for i in kb.find("E001")] == [ItemKey(Kind.EPISODE, "E001")]
    assert [i.key for i in kb.find("note:first-note")] == [ItemKey(Kind.NOTE, "first-note")]
    assert kb.find("missing") == []


def test_bare_wiki_link_means_note_then_hub(kb: KnowledgeBase) -> None:
    note = kb.get(ItemKey(Kind.NOTE, "first-note"))
    assert isinstance(note, Note)
    targets = [link.target for link in kb.links_from(note.key) if link.via is Via.WIKI]
    assert targets == [ItemKey(Kind.NOTE, "second-note"), ItemKey(Kind.TOPIC, "sample-topic")]
