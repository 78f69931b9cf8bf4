"""`hubreader import`: stubs, idempotence, merging newer exports, errors and --dry-run, on hand-written exports."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TypeVar

import pytest

from tests.conftest import REPO
from tui.cli.commands import UsageError
from tui.cli.import_cmd import add_import_command
from tui.importer import import_files
from tui.model import Episode, Hub, ItemKey, Kind, KnowledgeBase, Level, Note, Term, Topic, load_knowledge_base

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
T = TypeVar("T")
ALL = ["topic_titled_slugs.txt", "topic_untitled.txt", "topic_header_intact.txt", "hub.txt", "topic_stripped.txt"]


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the import command as `main` does (UsageError is one line and exit 2), capturing its output."""
    parser = argparse.ArgumentParser(prog="hubreader")
    add_import_command(parser.add_subparsers())
    args = parser.parse_args(["import", *argv])
    try:
        code = args.run(args)
    except UsageError as exc:
        print(f"hubreader: {exc}", file=sys.stderr)
        code = 2
    out, err = capsys.readouterr()
    return code, out, err


def fixture(*names: str) -> list[Path]:
    return [EXPORTS / name for name in names]


def checked(root: Path) -> KnowledgeBase:
    """The folder loads with zero errors: the importer's output always passes `hubreader check`."""
    kb = load_knowledge_base(root)
    assert [str(d) for d in kb.diagnostics if d.level is Level.ERROR] == []
    return kb


def get(kb: KnowledgeBase, kind: Kind, ident: str, cls: type[T]) -> T:
    item = kb.get(ItemKey(kind, ident))
    assert isinstance(item, cls), f"{kind.value} {ident} missing"
    return item


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# Topics


def test_topic_becomes_a_file_and_unknown_episodes_become_stubs(tmp_path: Path) -> None:
    result = import_files(fixture("topic_titled_slugs.txt"), tmp_path)
    assert result.failed == [] and result.diagnostics == []
    kb = checked(tmp_path)
    topic = get(kb, Kind.TOPIC, "distillation-and-its-discontents", Topic)
    assert topic.title == "Distillation and its discontents"
    assert [s.heading for s in topic.sections] == [
        "What students inherit",
        "When teachers mislead",
        "Cheaper ways to the same place",
    ]
    assert [len(s.paragraphs) for s in topic.sections] == [2, 2, 1]
    assert [a.episode for a in topic.anchors] == ["E041", "E043", "E045"]
    assert "asymmetry E043 E044." in topic.sections[1].paragraphs[0].text
    stub = get(kb, Kind.EPISODE, "E041", Episode)
    assert (stub.stub, stub.number, stub.title) == (True, 41, "Episode 041")
    assert stub.slug == "041-what-students-inherit-from-their-teachers-in-llm-distillation"
    assert get(kb, Kind.EPISODE, "E044", Episode).slug is None
    assert {i.id for i in kb.of_kind(Kind.EPISODE)} == {"E041", "E042", "E043", "E044", "E045"}


def test_header_variant_keeps_its_episode_count(tmp_path: Path) -> None:
    import_files(fixture("topic_header_intact.txt"), tmp_path)
    topic = get(checked(tmp_path), Kind.TOPIC, "evaluating-math-reasoning", Topic)
    assert (topic.episode_count, [a.episode for a in topic.anchors]) == (2, ["E061", "E062"])


def test_anchor_titles_match_known_episodes_and_unknown_ones_are_skipped(tmp_path: Path) -> None:
    e51 = '---\ntype: episode\nid: "E051"\nnumber: 51\ntitle: "why your chatbot forgets - and why that is fine!"\n---\n'
    write(tmp_path, "episodes/E051.md", e51)
    write(
        tmp_path,
        "episodes/E052.md",
        '---\ntype: episode\nid: "E052"\ntitle: "Retrieval Beats Summaries on Long Chats"\n---\n',
    )
    result = import_files(fixture("topic_title_anchors.txt"), tmp_path)
    [warning] = result.diagnostics
    assert (warning.level, warning.line) == (Level.WARNING, 11)
    assert "anchor 'A Title Nobody Has Indexed Yet' matches no known episode title; skipped" in warning.message
    kb = checked(tmp_path)
    topic = get(kb, Kind.TOPIC, "memory-for-long-conversations", Topic)
    assert [(a.episode, a.blurb[:8]) for a in topic.anchors] == [("E051", "Argued t"), ("E052", "Compared")]
    assert (tmp_path / "episodes/E051.md").read_text(encoding="utf-8") == e51
    assert get(kb, Kind.EPISODE, "E053", Episode).stub


def test_topic_without_title_is_named_after_its_first_heading_or_by_id(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    result = import_files(fixture("topic_untitled.txt"), tmp_path / "a")
    [warning] = result.diagnostics
    assert "named the topic 'why-sparse-rewards-stall-agents' after its first heading; pass --id" in warning.message
    assert get(checked(tmp_path / "a"), Kind.TOPIC, "why-sparse-rewards-stall-agents", Topic).title == (
        "Why sparse rewards stall agents"
    )
    (tmp_path / "b").mkdir()
    import_files(fixture("topic_untitled.txt"), tmp_path / "b", forced_id="reward-shaping")
    assert get(checked(tmp_path / "b"), Kind.TOPIC, "reward-shaping", Topic).sections[0].id == (
        "why-sparse-rewards-stall-agents"
    )


def test_a_hand_fixed_title_survives_reimport_of_a_title_less_export(tmp_path: Path) -> None:
    import_files(fixture("topic_untitled.txt"), tmp_path)
    path = tmp_path / "topics/why-sparse-rewards-stall-agents.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Why sparse rewards stall agents", "Shaping", 1))
    result = import_files(fixture("topic_untitled.txt"), tmp_path)
    assert [c.status for c in result.changes if c.relpath.startswith("topics/")] == ["unchanged"]
    assert get(checked(tmp_path), Kind.TOPIC, "why-sparse-rewards-stall-agents", Topic).title == "Shaping"


def test_stripped_export_is_imported_as_is_and_flagged_with_its_gaps(tmp_path: Path) -> None:
    result = import_files(fixture("topic_stripped.txt"), tmp_path)
    [warning] = result.diagnostics
    assert warning.line == 9
    assert warning.message.startswith("stripped export: 8 gap(s) where glossary-linked words were deleted: line 9 (")
    assert "and 4 more; anchor list empty" in warning.message
    topic = get(checked(tmp_path), Kind.TOPIC, "reward-shaping-for-tool-using-agents", Topic)
    assert (topic.anchors, topic.episode_count) == ((), 3)
    assert "a small  shows their  collapses" in topic.sections[0].paragraphs[0].text


@pytest.mark.parametrize(
    "order", [("topic_stripped.txt", "topic_untitled.txt"), ("topic_untitled.txt", "topic_stripped.txt")]
)
def test_both_variants_of_a_page_merge_into_one_intact_topic_with_recovered_terms(
    tmp_path: Path, order: tuple[str, str]
) -> None:
    for name in order:
        assert import_files(fixture(name), tmp_path).failed == []
    kb = checked(tmp_path)
    [topic] = kb.of_kind(Kind.TOPIC)
    assert isinstance(topic, Topic)
    assert topic.title == "Reward Shaping for Tool-Using Agents"
    assert (topic.episode_count, [a.episode for a in topic.anchors]) == (3, ["E031", "E032", "E034"])
    assert "a small probe shows their entropy collapses" in topic.sections[0].paragraphs[0].text
    expected = ["probe", "entropy", "sft", "rl", "stall", "verifier", "reward-hacking", "harness"]
    assert list(topic.glossary) == expected
    terms = [get(kb, Kind.TERM, ident, Term) for ident in expected]
    assert all(term.stub for term in terms) and terms[2].title == "SFT" and terms[6].title == "reward hacking"
    assert not [d for d in kb.diagnostics if "unused glossary term" in d.message]


def test_newer_topic_export_updates_the_text_and_keeps_hand_written_fields(tmp_path: Path) -> None:
    import_files(fixture("topic_titled_slugs.txt"), tmp_path)
    write(tmp_path, "glossary/teacher.md", '---\ntype: term\nid: "teacher"\ntitle: "teacher"\n---\nThe model copied.\n')
    path = tmp_path / "topics/distillation-and-its-discontents.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "kind: literature-review\n", 'kind: literature-review\nglossary: ["teacher"]\n'
        )
    )
    newer = tmp_path / "newer.txt"
    text = (EXPORTS / "topic_titled_slugs.txt").read_text(encoding="utf-8")
    newer.write_text(text.replace("at a fraction of the cost E045.", "at a tenth of the cost E045 E046."))
    result = import_files([newer], tmp_path)
    assert [str(change) for change in result.changes] == [
        "create episodes/E046.md",
        "update topics/distillation-and-its-discontents.md",
    ]
    topic = get(checked(tmp_path), Kind.TOPIC, "distillation-and-its-discontents", Topic)
    assert topic.glossary == ("teacher",)
    assert topic.sections[2].paragraphs[0].text.endswith("at a tenth of the cost E045 E046.")


def test_a_different_page_with_the_same_title_is_refused(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    import_files(fixture("topic_titled_slugs.txt"), kb)
    before = snapshot(kb)
    other = tmp_path / "other.txt"
    other.write_text(
        "Distillation and its discontents\nSomething else\nA paragraph that cites E099.\nEpisodes anchoring this topic"
    )
    result = import_files([other], kb)
    [error] = result.diagnostics
    assert error.level is Level.ERROR and error.line == 2
    assert "holds a different page with the same title" in error.message and "--id" in error.message
    assert snapshot(kb) == before
    assert import_files([other], kb, forced_id="distillation-2").failed == []


# Hubs


def test_hub_becomes_a_hub_with_note_and_sub_hub_stubs(tmp_path: Path) -> None:
    result = import_files(fixture("hub.txt"), tmp_path)
    assert result.failed == []
    assert sorted(d.message for d in result.diagnostics) == [
        "hub declares 9 notes but lists 7 entries",
        "section 'Leftovers — wave 2 *(2026-04-20)*' declares 2 but lists 0",
    ]
    kb = checked(tmp_path)
    hub = get(kb, Kind.HUB, "which-evaluation-habits-mislead-reasoning-research", Hub)
    assert (hub.declared_notes, hub.declared_sections, hub.stub) == (9, 6, False)
    assert [(s.title, s.declared, s.date, len(s.entries)) for s in hub.sections] == [
        ("Sub-Maps", 2, None, 2),
        ("Writing Angles", 1, None, 1),
        ("Audit batch *(2026-04-11)*", 2, "2026-04-11", 2),
        ("Audit batch *(2026-04-11)*", 1, "2026-04-11", 1),
        ("Leftovers — wave 2 *(2026-04-20)*", 2, "2026-04-20", 0),
        ("Cross-check (2026-04-22)", 1, "2026-04-22", 1),
    ]
    assert [str(ref) for ref in hub.sections[0].entries] == [
        "hub:how-do-graders-disagree-with-each-other",
        "hub:what-makes-a-benchmark-go-stale",
    ]
    sub = get(kb, Kind.HUB, "what-makes-a-benchmark-go-stale", Hub)
    assert sub.stub and sub.body.sections[0].paragraphs[0].text.startswith("Follows benchmarks from release")
    note = get(kb, Kind.NOTE, "is-pass1-the-wrong-headline-number", Note)
    assert note.stub and note.abstract.startswith("Reporting a single sample hides variance")
    assert str(hub.sections[1].entries[0]) == "note:is-pass1-the-wrong-headline-number"
    assert get(kb, Kind.EPISODE, "E061", Episode).stub
    assert len(kb.of_kind(Kind.NOTE)) == 5


def test_newer_hub_export_updates_it_and_keeps_hand_written_fields(tmp_path: Path) -> None:
    import_files(fixture("hub.txt"), tmp_path)
    write(tmp_path, "glossary/grader.md", '---\ntype: term\nid: "grader"\ntitle: "grader"\n---\nWho scores.\n')
    hub_path = tmp_path / "hubs/which-evaluation-habits-mislead-reasoning-research.md"
    hub_path.write_text(hub_path.read_text(encoding="utf-8").replace("---\nA hub", 'glossary: ["grader"]\n---\nA hub'))
    rubric = tmp_path / "notes/can-rubric-graders-be-gamed-by-formatting-alone.md"
    rubric.write_text(
        rubric.read_text(encoding="utf-8").replace("---\n", '---\ndate: "2026-04-12"\nrelated: ["ep:E061"]\n', 1)
        + "My notes.\n"
    )
    real = tmp_path / "notes/is-pass1-the-wrong-headline-number.md"
    real.write_text(
        real.read_text(encoding="utf-8").replace("stub: true\n", "").replace("Reporting a single", "A single")
    )
    real_before = real.read_bytes()

    assert import_files(fixture("hub_newer.txt"), tmp_path).failed == []
    kb = checked(tmp_path)
    hub = get(kb, Kind.HUB, "which-evaluation-habits-mislead-reasoning-research", Hub)
    assert (hub.declared_notes, hub.glossary) == (10, ("grader",))
    assert (
        hub.body.sections[0].paragraphs[0].text
        == "A hub on benchmark contamination, grader bias and the way results get reported."
    )
    assert [str(r) for r in hub.sections[1].entries] == [
        "note:is-pass1-the-wrong-headline-number",
        "note:should-papers-report-compute-next-to-accuracy",
    ]
    note = get(kb, Kind.NOTE, "can-rubric-graders-be-gamed-by-formatting-alone", Note)
    assert note.abstract.startswith("Bold headings and tidy lists seem to lift rubric scores")
    assert (note.stub, note.date, [str(r) for r, _ in note.related]) == (True, "2026-04-12", ["ep:E061"])
    assert note.body.sections[0].paragraphs[0].text == "My notes."
    assert real.read_bytes() == real_before


def test_a_known_note_with_the_same_title_is_reused_under_its_own_id(tmp_path: Path) -> None:
    title = "Should evaluation seeds be reported like error bars?"
    write(tmp_path, "notes/seed-reporting.md", f'---\ntype: note\nid: "seed-reporting"\ntitle: "{title}"\n---\n')
    import_files(fixture("hub.txt"), tmp_path)
    hub = get(checked(tmp_path), Kind.HUB, "which-evaluation-habits-mislead-reasoning-research", Hub)
    assert [str(r) for r in hub.sections[3].entries] == ["note:seed-reporting"]
    assert not (tmp_path / "notes/should-evaluation-seeds-be-reported-like-error-bars.md").exists()


# Idempotence, dry run, errors


def test_importing_the_same_pages_again_changes_nothing(tmp_path: Path) -> None:
    first = import_files(fixture(*ALL), tmp_path)
    assert first.failed == [] and {c.status for c in first.changes} == {"create"}
    before = snapshot(tmp_path)
    again = import_files(fixture(*ALL), tmp_path)
    assert {c.status for c in again.changes} == {"unchanged"}
    assert snapshot(tmp_path) == before
    checked(tmp_path)


def test_dry_run_prints_the_changes_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "kb"
    code, out, err = cli(capsys, str(EXPORTS / "topic_header_intact.txt"), "--into", str(target), "--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "create episodes/E061.md",
        "create episodes/E062.md",
        "create topics/evaluating-math-reasoning.md",
        "1 of 1 file(s) imported: would create 3, would update 0, unchanged 0 (dry run: nothing written)",
    ]
    assert not target.exists()
    code, out, _ = cli(capsys, str(EXPORTS / "topic_header_intact.txt"), "--into", str(target))
    assert code == 0 and out.splitlines()[-1] == "check: 0 error(s), 2 warning(s)"
    code, out, _ = cli(capsys, str(EXPORTS / "topic_header_intact.txt"), "--into", str(target), "--dry-run")
    assert out.splitlines()[0] == "unchanged topics/evaluating-math-reasoning.md"


def test_bad_files_get_one_error_each_and_the_good_one_still_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {
        "empty.txt": b"",
        "binary.txt": b"Title\n\x00\x00",
        "latin1.txt": b"Title\nSection\nna\xefve",
        "gone.txt": None,
    }
    for name, data in bad.items():
        if data is not None:
            (tmp_path / name).write_bytes(data)
    target = tmp_path / "kb"
    names = [str(tmp_path / n) for n in bad] + [
        str(EXPORTS / "not_an_export.txt"),
        str(EXPORTS / "topic_header_intact.txt"),
    ]
    code, out, err = cli(capsys, *names, "--into", str(target))
    assert code == 1
    assert err.splitlines() == [
        f"{tmp_path}/empty.txt:1: error: empty file: expected a review topic or topic hub export",
        f"{tmp_path}/binary.txt:2: error: binary file (NUL byte): not a text export",
        f"{tmp_path}/latin1.txt:3: error: not UTF-8 (byte 0xef): save the page as UTF-8",
        f"{tmp_path}/gone.txt:1: error: no such file",
        f"{EXPORTS}/not_an_export.txt:1: error: not a review topic or topic hub export: no 'Episodes anchoring "
        "this topic' line and no 'Topic Hub · N linked notes · M sections' line",
    ]
    assert "1 of 6 file(s) imported: created 3" in out
    assert sorted(snapshot(target)) == ["episodes/E061.md", "episodes/E062.md", "topics/evaluating-math-reasoning.md"]


def test_a_failing_export_leaves_nothing_behind_even_after_planning_stubs(tmp_path: Path) -> None:
    write(tmp_path, "topics/distillation-and-its-discontents.md", "---\ntype: topic\nid: [broken\n---\n")
    result = import_files(fixture("topic_titled_slugs.txt"), tmp_path)
    [error] = result.diagnostics
    assert error.level is Level.ERROR
    assert error.message.startswith("cannot merge into topics/distillation-and-its-discontents.md (its line 4)")
    assert result.changes == [] and sorted(snapshot(tmp_path)) == ["topics/distillation-and-its-discontents.md"]


@pytest.mark.parametrize(
    ("files", "item_id", "message"),
    [
        (["hub.txt", "hub_newer.txt"], "x", "hubreader: --id names one topic or hub: give exactly one FILE with it\n"),
        (["hub.txt"], "../up", "hubreader: --id '../up': use lowercase letters, digits, '-' and '.'\n"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: list[str], item_id: str, message: str
) -> None:
    code, out, err = cli(capsys, *(str(EXPORTS / f) for f in files), "--into", str(tmp_path), "--id", item_id)
    assert (code, out, err) == (2, "", message)


def test_into_must_be_a_folder_whose_parent_exists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x")
    assert cli(capsys, str(EXPORTS / "hub.txt"), "--into", str(tmp_path / "file"))[0] == 2
    code, _, err = cli(capsys, str(EXPORTS / "hub.txt"), "--into", str(tmp_path / "no/such"))
    assert code == 2 and err.endswith("its parent folder does not exist\n")


def test_the_real_command_is_wired_into_hubreader(tmp_path: Path) -> None:
    """The lead wires `add_import_command` into tui/cli/main.py; this runs the command as a user would."""
    shutil.copy(EXPORTS / "hub.txt", tmp_path / "hub.txt")
    command = [sys.executable, "-m", "tui", "import", str(tmp_path / "hub.txt"), "--into", str(tmp_path / "kb")]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "create hubs/which-evaluation-habits-mislead-reasoning-research.md" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("check: 0 error(s)")


def test_the_importer_stays_free_of_the_ui() -> None:
    probe = (
        "import sys, tui.importer, tui.cli.import_cmd\n"
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'textual', 'whoosh'}))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == "[]"
