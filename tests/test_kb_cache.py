"""The pickled knowledge base: reused only while nothing changed, and never a reason to fail."""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.cli import commands
from tui.model import KnowledgeBase, load_knowledge_base
from tui.model import cache as kb_cache
from tui.model.kinds import episode
from tui.paths import CACHE_ENV

HOUR_NS = 3600 * 10**9


def age(root: Path) -> None:
    """Make every file an hour old, as files are that were not just edited (and so may be cached)."""
    past = time.time_ns() - HOUR_NS
    for path in root.rglob("*.md"):
        os.utime(path, ns=(past, past))


def summary(kb: KnowledgeBase) -> list[object]:
    return [
        [(str(item.key), item.title, item.path) for item in kb],
        [str(d) for d in kb.diagnostics],
        [(str(link.source), str(link.ref), link.target, link.sentence) for i in kb for link in kb.links_from(i.key)],
    ]


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time the cache falls back to parsing, the folder parsed."""
    parsed: list[Path] = []

    def counting(root: Path) -> KnowledgeBase:
        parsed.append(root)
        return load_knowledge_base(root)

    monkeypatch.setattr(kb_cache, "load_knowledge_base", counting)
    return parsed


@pytest.fixture
def cached(kb_copy: Path, tmp_path: Path) -> Callable[[], KnowledgeBase]:
    age(kb_copy)
    return lambda: kb_cache.load_cached(kb_copy, tmp_path / "cache")


def cache_file(tmp_path: Path) -> Path:
    (found,) = (tmp_path / "cache").glob("kb-*.pickle")
    return found


def test_second_load_is_unpickled_and_equal(cached: Callable[[], KnowledgeBase], parses: list[Path]) -> None:
    first = cached()
    second = cached()
    assert len(parses) == 1
    assert summary(second) == summary(first) == summary(load_knowledge_base(first.root or Path()))


def test_unpickled_items_share_one_key_object_each(cached: Callable[[], KnowledgeBase], parses: list[Path]) -> None:
    cached()
    kb = cached()
    assert len(parses) == 1  # the second came from the cache
    links = [link for item in kb for link in kb.links_from(item.key)]
    assert links and all(link.source is kb.get(link.source).key for link in links)  # type: ignore[union-attr]
    assert all(link.target is kb.get(link.target).key for link in links if link.target)  # type: ignore[union-attr]
    assert all(kb.get(item.key) is item and item.key == type(item.key)(item.kind, item.id) for item in kb)


def test_an_edit_keeping_size_and_mtime_is_still_noticed(
    cached: Callable[[], KnowledgeBase], kb_copy: Path, parses: list[Path]
) -> None:
    cached()
    note = kb_copy / "notes" / "first-note.md"
    text = note.read_text(encoding="utf-8")
    info = note.stat()
    note.write_text(text.replace("title: ", "title: X", 1)[:-1], encoding="utf-8")  # same length
    os.utime(note, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert note.stat().st_size == info.st_size
    titles = {item.id: item.title for item in cached()}
    assert titles["first-note"].startswith("X")
    assert len(parses) == 2


def test_added_and_removed_files_are_noticed(
    cached: Callable[[], KnowledgeBase], kb_copy: Path, parses: list[Path]
) -> None:
    cached()
    (kb_copy / "notes" / "second-note.md").unlink()
    assert "second-note" not in {item.id for item in cached()}
    (kb_copy / "notes" / "third.md").write_text("---\ntype: note\nid: third\ntitle: Third\n---\nBody.\n")
    assert "third" in {item.id for item in cached()}
    assert len(parses) == 3


def test_another_python_does_not_reuse_the_cache(
    cached: Callable[[], KnowledgeBase], parses: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cached()
    monkeypatch.setattr(kb_cache.sys, "version", "3.99.0 (elsewhere)")
    cached()
    assert len(parses) == 2


@pytest.mark.parametrize("garbage", [b"", b"not a cache", b"hubreader-kb-cache 1\n" + bytes(32) + b"\x80\x05junk"])
def test_a_corrupt_cache_is_replaced(
    cached: Callable[[], KnowledgeBase], tmp_path: Path, parses: list[Path], garbage: bytes
) -> None:
    expected = summary(cached())
    cache_file(tmp_path).write_bytes(garbage)
    assert summary(cached()) == expected
    assert summary(cached()) == expected
    assert len(parses) == 2


def test_a_truncated_cache_with_the_right_key_is_not_trusted(
    cached: Callable[[], KnowledgeBase], tmp_path: Path, parses: list[Path]
) -> None:
    expected = summary(cached())
    path = cache_file(tmp_path)
    path.write_bytes(path.read_bytes()[:-200])
    assert summary(cached()) == expected
    assert len(parses) == 2


def test_a_cache_others_could_have_written_is_ignored(
    cached: Callable[[], KnowledgeBase], tmp_path: Path, parses: list[Path]
) -> None:
    cached()
    assert cache_file(tmp_path).stat().st_mode & 0o777 == 0o600
    cache_file(tmp_path).chmod(0o666)
    cached()
    assert len(parses) == 2


def test_an_unwritable_cache_directory_just_means_parsing(kb_copy: Path, tmp_path: Path, parses: list[Path]) -> None:
    age(kb_copy)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    for _ in range(2):
        assert summary(kb_cache.load_cached(kb_copy, blocker / "cache")) == summary(load_knowledge_base(kb_copy))
    assert len(parses) == 2


def test_files_edited_just_now_are_not_cached(kb_copy: Path, tmp_path: Path, parses: list[Path]) -> None:
    (kb_copy / "notes" / "first-note.md").touch()
    kb_cache.load_cached(kb_copy, tmp_path / "cache")
    kb_cache.load_cached(kb_copy, tmp_path / "cache")
    assert len(parses) == 2
    assert not (tmp_path / "cache").exists()


def test_the_cli_caches_where_the_index_does(
    kb_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[Path]
) -> None:
    age(kb_copy)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    args = argparse.Namespace(content=str(kb_copy))
    assert summary(commands.open_kb(args)) == summary(commands.open_kb(args))
    assert len(parses) == 1
    assert cache_file(tmp_path).exists()


def test_the_fingerprint_covers_every_model_module() -> None:
    """A changed kind module invalidates the cache as a changed top-level one does: its classes are pickled too."""
    sources = {Path(path) for path in kb_cache.model_sources()}
    assert Path(episode.__file__) in sources
    assert Path(kb_cache.__file__) in sources
