"""The real seed exports (../shared/seeds beside the repo, also on CI) import into a folder that passes check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tui.importer import import_files
from tui.model import ANCHORS_SECTION, Hub, ItemKey, Kind, Level, Topic, load_knowledge_base
from tui.model.links import EREF

SEEDS = REPO.parent / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
pytestmark = pytest.mark.skipif(not SEED_FILES, reason=f"seed exports not found in {SEEDS}")

# Seed file prefix -> (topic id the importer derives, number of sections on the page).
TOPICS = {
    "000": ("reinforcement-learning-and-reasoning-training", 4),
    "001": ("reinforcement-learning-and-post-training-for-reasoning", 5),
    "003": ("what-rl-actually-does-at-the-token-level", 4),
}


def cited_in_seed(path: Path) -> list[str]:
    """E-refs in the page's prose, in order: everything before the anchor list."""
    text = path.read_text(encoding="utf-8").split(f"\n{ANCHORS_SECTION}\n")[0]
    return EREF.findall(text)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("seeds")
    result = import_files(SEED_FILES, root)
    assert result.failed == []
    return root


def test_seeds_give_three_topics_citing_the_same_episodes(imported: Path) -> None:
    kb = load_knowledge_base(imported)
    assert sorted(item.id for item in kb.of_kind(Kind.TOPIC)) == sorted(ident for ident, _ in TOPICS.values())
    for prefix, (ident, sections) in TOPICS.items():
        topic = kb.get(ItemKey(Kind.TOPIC, ident))
        assert isinstance(topic, Topic)
        assert len(topic.sections) == sections
        cited = [ref for _, paragraph in topic.body.paragraphs() for ref in EREF.findall(paragraph.text)]
        [seed] = [path for path in SEED_FILES if path.name.startswith(prefix)]
        assert cited == cited_in_seed(seed)


def test_seed_anchors_by_slug_resolve_and_by_title_need_known_episodes(imported: Path) -> None:
    kb = load_knowledge_base(imported)
    anchors = {t.id: [a.episode for a in t.anchors] for t in kb.of_kind(Kind.TOPIC) if isinstance(t, Topic)}
    assert anchors[TOPICS["001"][0]] == ["E026", "E009", "E011", "E081", "E079", "E010"]
    assert anchors[TOPICS["003"][0]] == ["E009", "E026", "E011", "E079", "E081", "E048"]
    assert anchors[TOPICS["000"][0]] == []


def test_seed_hub_has_ten_sections_and_thirty_three_entries(imported: Path) -> None:
    [hub] = [item for item in load_knowledge_base(imported).of_kind(Kind.HUB) if not item.stub]
    assert isinstance(hub, Hub)
    assert hub.title == "How does RL training reshape reasoning and what gets lost?"
    assert (hub.declared_notes, hub.declared_sections) == (39, 11)
    assert len(hub.sections) == 10
    assert sum(len(section.entries) for section in hub.sections) == 33
    assert [len(s.entries) for s in hub.sections if s.title == "Sub-Maps"] == [2]
    assert all(ref.kind is Kind.HUB for ref in hub.sections[0].entries)
    assert [(s.declared, len(s.entries)) for s in hub.sections if re.match(r"Backlog wave 3", s.title)] == [(1, 0)]


def test_imported_seeds_pass_check_and_reimport_changes_nothing(imported: Path) -> None:
    kb = load_knowledge_base(imported)
    assert [str(d) for d in kb.diagnostics if d.level is Level.ERROR] == []
    again = import_files(SEED_FILES, imported, dry_run=True)
    assert {change.status for change in again.changes} == {"unchanged"}
