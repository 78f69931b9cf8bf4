"""Pins the shipped knowledge base so that a later edit cannot silently drop content."""

from __future__ import annotations

import re

import pytest

from tests.conftest import SHIPPED
from tui.model import Episode, Hub, ItemKey, Kind, KnowledgeBase, Level, Topic, load_knowledge_base
from tui.model.links import EREF

EPISODES = (
    "E007 E008 E009 E010 E011 E019 E021 E025 E026 E028 E043 E048 E052 E053 E059 E060 E074 E078 E079 E080 "
    "E081 E082 E084 E088 E099"
).split()

# Topic -> sections in order: (heading, E-ids cited by each paragraph in order), from the seed exports.
TOPICS: dict[str, list[tuple[str, list[list[str]]]]] = {
    "rl-reasoning-training": [
        ("RL edits a few tokens, mostly", [["E026"], ["E011"]]),
        ("Baselines were quietly broken", [["E009"]]),
        ("Process rewards may outrank answers", [["E081", "E079"], ["E099"]]),
        ("RL's invisible failure modes", [["E010", "E052", "E007"], ["E048"]]),
    ],
    "rl-and-post-training-for-reasoning": [
        ("What RL actually does to base models", [["E026", "E011"], ["E026", "E084"]]),
        ("Reward design beyond outcomes", [["E081", "E079"], ["E082", "E019"]]),
        ("Stability and silent infrastructure bugs", [["E009", "E010"], []]),
        ("Exploration and capability frontiers", [["E052", "E007"]]),
        ("Data, environments, and the rest of the pipeline", [["E021", "E059"], ["E080", "E048"]]),
    ],
    "training-methods-for-reasoning-models": [
        ("What RL actually does at the token level", [["E026", "E011"], ["E009"]]),
        ("Rewarding process rather than outcomes", [["E008", "E079", "E081"], ["E019", "E010", "E025"]]),
        ("Curriculum, distillation, and self-improvement loops", [["E048", "E074"], ["E078", "E088", "E084", "E053"]]),
        ("What RL still cannot do", [["E052", "E081", "E060", "E028"], ["E043"]]),
    ],
}
ANCHORS = {
    "rl-reasoning-training": ["E026", "E011", "E009", "E079", "E081", "E010"],
    "rl-and-post-training-for-reasoning": ["E026", "E009", "E011", "E081", "E079", "E010"],
    "training-methods-for-reasoning-models": ["E009", "E026", "E011", "E079", "E081", "E048"],
}
HUB_SECTIONS = [
    ("Sub-Maps", 2, 2),
    ("Writing Angles", 2, 2),
    ("Pass 3 Additions (2026-05-03)", 3, 3),
    ("Cross-Paper Synthesis (2026-05-18)", 1, 1),
    ("2026-05-18 Batch — Diversity, Process Policies, and Distillation Hazards", 11, 11),
    ("2026-05-18 Batch C — Personalized Rewards, Process Supervision, Recommendation RL", 10, 10),
    ("Backlog wave 2 — Batch #3 *(2026-06-03)*", 1, 1),
    ("Backlog wave 2 — Batch #3 *(2026-06-03)*", 2, 2),
    ("Backlog wave 3 — Batch #4 *(2026-06-03)*", 1, 0),
    ("Process reward from trajectories — new papers *(2026-06-03)*", 1, 1),
]


@pytest.fixture(scope="module")
def shipped() -> KnowledgeBase:
    return load_knowledge_base(SHIPPED)


def test_check_reports_no_errors(shipped: KnowledgeBase) -> None:
    assert [str(d) for d in shipped.diagnostics if d.level is Level.ERROR] == []


def test_all_25_episodes_with_titles_and_takeaways(shipped: KnowledgeBase) -> None:
    episodes = shipped.of_kind(Kind.EPISODE)
    assert [e.id for e in episodes] == EPISODES
    for episode in episodes:
        assert isinstance(episode, Episode) and not episode.stub
        assert 3 <= len(episode.takeaways) <= 6, episode.id
        assert episode.number == int(episode.id[1:])


def test_every_episode_names_a_paper_that_exists(shipped: KnowledgeBase) -> None:
    for episode in shipped.of_kind(Kind.EPISODE):
        assert isinstance(episode, Episode) and episode.paper, episode.id
        assert shipped.get(ItemKey(Kind.PAPER, episode.paper)) is not None, episode.id


@pytest.mark.parametrize("topic_id", sorted(TOPICS))
def test_topic_sections_and_erefs_per_paragraph(shipped: KnowledgeBase, topic_id: str) -> None:
    topic = shipped.get(ItemKey(Kind.TOPIC, topic_id))
    assert isinstance(topic, Topic)
    actual = [
        (section.heading, [EREF.findall(paragraph.text) for paragraph in section.paragraphs])
        for section in topic.sections
    ]
    assert actual == TOPICS[topic_id]
    assert [a.episode for a in topic.anchors] == ANCHORS[topic_id]
    assert all(a.blurb for a in topic.anchors)


def test_topic_titles(shipped: KnowledgeBase) -> None:
    titles = {t.id: t.title for t in shipped.of_kind(Kind.TOPIC)}
    assert titles == {
        "rl-reasoning-training": "Reinforcement learning and reasoning training",
        "rl-and-post-training-for-reasoning": "Reinforcement learning and post-training for reasoning",
        "training-methods-for-reasoning-models": "Training Methods for Reasoning Models",
    }


def test_hub_sections_entries_and_declared_counts(shipped: KnowledgeBase) -> None:
    hub = shipped.get(ItemKey(Kind.HUB, "rl-training-and-rlvr"))
    assert isinstance(hub, Hub)
    assert hub.title == "How does RL training reshape reasoning and what gets lost?"
    assert (hub.declared_notes, hub.declared_sections) == (39, 11)
    assert [(s.title, s.declared, len(s.entries)) for s in hub.sections] == HUB_SECTIONS
    entries = [shipped.resolve(ref) for s in hub.sections for ref in s.entries]
    assert all(entries)
    kinds = [e.kind for e in entries if e]
    assert (kinds.count(Kind.HUB), kinds.count(Kind.NOTE)) == (2, 31)
    assert [e.id for e in entries[:2] if e] == ["rl-training-mechanics", "rlvr-dynamics"]


def test_glossary_has_at_least_50_defined_terms(shipped: KnowledgeBase) -> None:
    terms = shipped.of_kind(Kind.TERM)
    assert len(terms) >= 50
    assert all(getattr(term, "short", "") for term in terms)


@pytest.mark.parametrize("topic_id", sorted(TOPICS))
def test_topics_link_glossary_terms_in_their_prose(shipped: KnowledgeBase, topic_id: str) -> None:
    links = shipped.links_from(ItemKey(Kind.TOPIC, topic_id))
    assert len({link.target for link in links if link.target and link.target.kind is Kind.TERM}) >= 10


def test_cited_by_lists_every_topic_section_that_cites_an_episode(shipped: KnowledgeBase) -> None:
    for topic_id, sections in TOPICS.items():
        for heading, paragraphs in sections:
            for episode in {e for paragraph in paragraphs for e in paragraph}:
                cites = shipped.backlinks(ItemKey(Kind.EPISODE, episode))
                assert any(c.source.id == topic_id and c.section == heading and c.sentence for c in cites), (
                    episode, topic_id, heading)


def test_key_figures_survive(shipped: KnowledgeBase) -> None:
    def text_of(ident: str) -> str:
        item = shipped.get(ItemKey(Kind.EPISODE, ident))
        assert isinstance(item, Episode)
        return " ".join([*item.takeaways, *(p.text for _, p in item.body.paragraphs())])

    assert re.search(r"97.99\s?%", text_of("E026"))
    assert "$25" in text_of("E026") and "103" in text_of("E026")
    assert "16" in text_of("E010") and "Sokoban" in text_of("E010")
    assert "6%" in text_of("E008") and "43%" in text_of("E008")
    assert "Countdown" in text_of("E081")
