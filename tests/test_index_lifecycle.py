"""The index on disk: built once, updated by file, safe across processes, rebuilt when broken, RAM when unwritable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest
from whoosh import index as whoosh_index  # type: ignore[import-untyped]
from whoosh.query import Term  # type: ignore[import-untyped]

from benchmarks.synth import generate
from tests.conftest import FIXTURE_KB, REPO
from tui.index import CACHE_ENV, SearchIndex
from tui.index import store as store_module
from tui.index.schema import SCHEMA_VERSION, make_schema
from tui.index.store import CURRENT, DiskStore, index_home
from tui.model import load_knowledge_base
from tui.paths import cache_root

NEW_NOTE = '---\ntype: note\nid: "fresh-note"\ntitle: "A fresh note about zebras"\nabstract: "Zebras."\n---\n'
OPEN_SCRIPT = """
import json, sys
from pathlib import Path
from tui.model import load_knowledge_base
from tui.index import SearchIndex
index = SearchIndex.open(load_knowledge_base(Path(sys.argv[1])), cache_dir=sys.argv[2])
print(json.dumps({"rebuilt": index.report.rebuilt, "total": index.report.total, "ids": index.search("model").ids}))
"""


def open_index(root: Path, cache: Path, **options: object) -> SearchIndex:
    return SearchIndex.open(load_knowledge_base(root), cache_dir=cache, **options)  # type: ignore[arg-type]


def builds(cache: Path) -> list[Path]:
    return sorted(cache.glob("index-*/build-*"))


def test_first_open_builds_and_the_next_reuses(kb_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with open_index(kb_copy, cache) as first:
        assert (first.report.rebuilt, first.report.added, first.report.total) == (True, 10, 10)
    with open_index(kb_copy, cache) as second:
        assert not second.report.wrote
        assert second.location == builds(cache)[0]
        assert second.search("grpo").ids == ["grpo", "sample-topic"]


def test_the_cache_directory_comes_from_the_environment(
    kb_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "from-env"))
    with SearchIndex.open(load_knowledge_base(kb_copy)) as index:
        assert index.location is not None
        assert index.location.is_relative_to(tmp_path / "from-env")


def test_the_default_cache_directory_is_the_platform_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CACHE_ENV, raising=False)
    assert cache_root() == Path(platformdirs.user_cache_dir("hubreader"))


def test_an_index_is_keyed_by_content_folder_and_schema_version(tmp_path: Path) -> None:
    one, other = index_home(tmp_path, FIXTURE_KB), index_home(tmp_path, tmp_path)
    assert one != other
    assert one.name.startswith(f"index-v{SCHEMA_VERSION}-")
    assert index_home(tmp_path, FIXTURE_KB / ".." / "kb") == one


def test_the_index_never_lives_inside_the_content_folder(kb_copy: Path, tmp_path: Path) -> None:
    before = sorted(path.relative_to(kb_copy) for path in kb_copy.rglob("*"))
    with open_index(kb_copy, tmp_path / "cache") as index:
        assert index.location is not None and not index.location.is_relative_to(kb_copy)
    assert sorted(path.relative_to(kb_copy) for path in kb_copy.rglob("*")) == before


def test_only_added_changed_and_removed_files_are_reindexed(kb_copy: Path, tmp_path: Path) -> None:
    with open_index(kb_copy, tmp_path / "cache") as index:
        (kb_copy / "notes" / "fresh-note.md").write_text(NEW_NOTE, encoding="utf-8")
        glossary = kb_copy / "glossary" / "grpo.md"
        glossary.write_text(glossary.read_text(encoding="utf-8").replace("Used in E001.", "Pelicans."), "utf-8")
        (kb_copy / "papers" / "2605.00001.md").unlink()
        report = index.refresh(load_knowledge_base(kb_copy))
        assert (report.added, report.changed, report.removed, report.total, report.rebuilt) == (1, 1, 1, 10, False)
        assert index.search("zebras").ids == ["fresh-note"]
        assert index.search("pelicans").ids == ["grpo"]
        assert "grpo" not in index.search("used").ids
        assert "2605.00001" not in index.search("tokens").ids


def test_a_new_process_sees_what_changed_since_the_last_run(kb_copy: Path, tmp_path: Path) -> None:
    open_index(kb_copy, tmp_path / "cache").close()
    (kb_copy / "notes" / "fresh-note.md").write_text(NEW_NOTE, encoding="utf-8")
    with open_index(kb_copy, tmp_path / "cache") as index:
        assert (index.report.added, index.report.changed, index.report.rebuilt) == (1, 0, False)


def test_touching_a_file_without_changing_it_reindexes_nothing(kb_copy: Path, tmp_path: Path) -> None:
    with open_index(kb_copy, tmp_path / "cache") as index:
        path = kb_copy / "episodes" / "E001.md"
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
        assert not index.refresh(load_knowledge_base(kb_copy)).wrote


def test_an_edit_within_the_same_clock_tick_is_still_found(kb_copy: Path, tmp_path: Path) -> None:
    """A file saved twice within the file system's timestamp granularity keeps its stamp; it is re-checked."""
    path = kb_copy / "episodes" / "E002.md"
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    stamp = path.stat()
    with open_index(kb_copy, tmp_path / "cache") as index:
        path.write_text(path.read_text(encoding="utf-8").replace("Builds", "Tigers"), encoding="utf-8")
        os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        assert path.stat().st_size == stamp.st_size
        assert index.refresh(load_knowledge_base(kb_copy)).changed == 1
        assert index.search("tigers").ids == ["E002"]


def test_an_updated_document_is_found_once(kb_copy: Path, tmp_path: Path) -> None:
    path = kb_copy / "glossary" / "reward-hacking.md"
    with open_index(kb_copy, tmp_path / "cache") as index:
        assert index.search("reward").ids.count("reward-hacking") == 1
        for number in range(3):
            path.write_text(path.read_text(encoding="utf-8") + f"\nReward note {number}.\n", encoding="utf-8")
            index.refresh(load_knowledge_base(kb_copy))
            found = index.search("reward")
            assert found.ids.count("reward-hacking") == 1
            assert found.total == len(set(found.ids)) == 3


def test_whoosh_refresh_really_returns_a_replaced_document_twice(tmp_path: Path) -> None:
    """Why the index never calls Searcher.refresh(): this whoosh-reloaded pitfall, checked so we notice a fix."""
    index = whoosh_index.create_in(str(tmp_path), make_schema())
    writer = index.writer()
    writer.add_document(key="a", kind="note", text=((1.0, "alpha beta"),), short=())
    writer.add_document(key="b", kind="note", text=((1.0, "beta"),), short=())
    writer.commit()
    searcher = index.searcher()
    writer = index.writer()
    writer.update_document(key="a", kind="note", text=((1.0, "alpha beta gamma"),), short=())
    writer.commit()
    keys = [hit["key"] for hit in searcher.refresh().search(Term("text", "beta"))]
    assert sorted(keys) == ["a", "a", "b"]


def test_progress_is_reported_while_building_and_not_when_up_to_date(kb_copy: Path, tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    open_index(kb_copy, tmp_path / "cache", progress=lambda *call: calls.append(call)).close()
    indexing = [done for stage, done, total in calls if stage == "indexing" and total == 10]
    assert indexing == sorted(indexing) and indexing[-1] == 10
    assert calls[-1] == ("writing", 1, 1)
    calls.clear()
    open_index(kb_copy, tmp_path / "cache", progress=lambda *call: calls.append(call)).close()
    assert calls == []


def test_rebuild_forces_a_fresh_build(kb_copy: Path, tmp_path: Path) -> None:
    open_index(kb_copy, tmp_path / "cache").close()
    with open_index(kb_copy, tmp_path / "cache", rebuild=True) as index:
        assert (index.report.rebuilt, index.report.added) == (True, 10)
        assert index.search("grpo").ids == ["grpo", "sample-topic"]


@pytest.mark.parametrize("damage", ["garbage files", "garbage pointer", "missing build", "foreign manifest",
                                    "missing segment", "missing vocabulary"])
def test_a_damaged_index_is_rebuilt_with_a_warning(kb_copy: Path, tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    open_index(kb_copy, cache).close()
    build = builds(cache)[0]
    if damage == "garbage files":
        for path in build.iterdir():
            path.write_bytes(b"\x00garbage\xff" * 50)
    elif damage == "garbage pointer":
        (build.parent / CURRENT).write_bytes(b"\xff\xfe../../etc")
    elif damage == "missing build":
        (build.parent / CURRENT).write_text("build-000000000000", encoding="utf-8")
    elif damage == "foreign manifest":
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        (build / "manifest.json").write_text(json.dumps({**manifest, "schema": 999}), encoding="utf-8")
    elif damage == "missing segment":
        next(build.glob("*.seg")).unlink()
    else:
        (build / "words.txt").unlink()
    with open_index(kb_copy, cache) as index:
        assert index.report.rebuilt
        assert len(index.warnings) == 1 and "rebuilding" in index.warnings[0]
        assert index.search("grpo").ids == ["grpo", "sample-topic"]
    with open_index(kb_copy, cache) as again:
        assert (again.report.wrote, again.warnings) == (False, [])


def test_an_unwritable_cache_directory_means_an_in_memory_index(kb_copy: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a regular file where a directory should be", encoding="utf-8")
    with open_index(kb_copy, blocker / "sub") as index:
        assert index.location is None
        assert len(index.warnings) == 1 and "in-memory" in index.warnings[0]
        assert index.search("grpo").ids == ["grpo", "sample-topic"]
        (kb_copy / "notes" / "fresh-note.md").write_text(NEW_NOTE, encoding="utf-8")
        assert index.refresh(load_knowledge_base(kb_copy)).added == 1
        assert index.search("zebras").ids == ["fresh-note"]


def test_a_cache_that_fails_midway_falls_back_to_memory(kb_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    open_index(kb_copy, cache).close()
    lock = next(cache.glob("index-*")) / "lock"
    lock.unlink()
    lock.mkdir()  # opening the lock file now fails, as on a read-only or full disk
    (kb_copy / "notes" / "fresh-note.md").write_text(NEW_NOTE, encoding="utf-8")
    with open_index(kb_copy, cache) as index:
        assert index.location is None
        assert len(index.warnings) == 1 and "in-memory" in index.warnings[0]
        assert index.search("zebras").ids == ["fresh-note"]


def test_a_failed_write_leaves_the_live_index_untouched(
    kb_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    with open_index(kb_copy, cache) as index:
        live = index.location
        (kb_copy / "notes" / "fresh-note.md").write_text(NEW_NOTE, encoding="utf-8")

        def crash(*_: object) -> None:
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(store_module, "apply", crash)
        with pytest.raises(RuntimeError):
            index.refresh(load_knowledge_base(kb_copy))
        assert builds(cache) == [live]
        assert index.search("grpo").ids == ["grpo", "sample-topic"]
    monkeypatch.undo()
    with open_index(kb_copy, cache) as reopened:
        assert reopened.report.added == 1


def test_a_reader_keeps_its_build_while_another_index_swaps_in_a_new_one(kb_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    reader = open_index(kb_copy, cache)
    old = reader.location
    assert reader.search("reward").total == 3
    with open_index(kb_copy, cache) as writer:
        for number in range(3):
            (kb_copy / "notes" / "fresh-note.md").write_text(NEW_NOTE.replace("zebras", f"reward {number}"), "utf-8")
            writer.refresh(load_knowledge_base(kb_copy))
        assert writer.location != old
    assert old is not None and old.is_dir()
    assert reader.search("reward").total == 3
    reader.close()
    with open_index(kb_copy, cache, rebuild=True):
        assert old not in builds(cache)
        assert len(builds(cache)) == 1


def test_old_builds_are_removed_once_unused(kb_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with open_index(kb_copy, cache) as index:
        for number in range(4):
            (kb_copy / "notes" / "fresh-note.md").write_text(NEW_NOTE.replace("zebras", str(number)), "utf-8")
            index.refresh(load_knowledge_base(kb_copy))
        assert len(builds(cache)) <= 2


def test_only_one_writer_holds_the_lock(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "home", "content")
    probe = ("import fcntl, sys\nf = open(sys.argv[1], 'a+b')\n"
             "try:\n    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n    print('free')\n"
             "except BlockingIOError:\n    print('held')\n")
    with store.writing():
        held = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "home" / "lock")],
                              capture_output=True, text=True, check=True)
    free = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "home" / "lock")],
                          capture_output=True, text=True, check=True)
    assert (held.stdout.strip(), free.stdout.strip()) == ("held", "free")


def test_two_processes_building_at_once_both_succeed_and_build_once(tmp_path: Path) -> None:
    root, cache = tmp_path / "kb", tmp_path / "cache"
    generate(root, 300, seed=3)
    command = [sys.executable, "-c", OPEN_SCRIPT, str(root), str(cache)]
    processes = [subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    reports = [json.loads(out) for out, _ in outputs]
    assert sorted(report["rebuilt"] for report in reports) == [False, True]
    assert reports[0]["ids"] == reports[1]["ids"]
    with open_index(root, cache) as index:
        assert (index.report.wrote, index.report.total) == (False, 300)
        found = index.search("model", limit=1000).ids
        assert len(found) == len(set(found)) == index.search("model").total


def test_the_index_package_does_not_import_textual() -> None:
    probe = "import sys, tui.index, tui.cli.search_cmd; print(sorted(m for m in sys.modules if 'textual' in m))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

