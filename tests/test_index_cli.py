"""`hubreader search` and `hubreader index` as a user runs them: real process, exit codes, one-line messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_KB, REPO

# Runs the real CLI; registers the search commands itself until main.py does, and never twice.
RUNNER = """
import argparse, sys
from tui.cli import main as cli
from tui.cli.search_cmd import add_search_commands
plain_parser = cli.build_parser
def with_search():
    parser = plain_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "search" not in sub.choices:
        add_search_commands(sub)
    return parser
cli.build_parser = with_search
sys.exit(cli.main(sys.argv[1:]))
"""


def run(*args: str, cache: Path, content: Path = FIXTURE_KB) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HUBREADER_CACHE": str(cache), "NO_COLOR": "1"}
    command = [sys.executable, "-c", RUNNER, "--content", str(content), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, timeout=120)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_search_prints_ranked_hits_with_marked_snippets(cache: Path) -> None:
    result = run("search", "grpo", cache=cache)
    assert result.returncode == 0
    heads = [line for line in result.stdout.splitlines() if not line.startswith(" " * 9)]
    assert [head.split()[1:3] for head in heads[:2]] == [["term", "grpo"], ["topic", "sample-topic"]]
    assert heads[1].endswith("sample-topic  Sample topic  § First section")
    assert "Models trained with **GRPO** agree" in result.stdout
    assert heads[-1] == "2 of 2 matches for 'grpo'"
    assert result.stderr == ""


def test_search_joins_several_words_into_one_query(cache: Path) -> None:
    result = run("search", "grpo", "hacking", cache=cache)
    assert result.stdout.splitlines()[-1] == "1 of 1 matches for 'grpo hacking'"


def test_search_json(cache: Path) -> None:
    result = run("search", "reward hacking", "--json", cache=cache)
    hits = json.loads(result.stdout)
    assert hits[0]["id"] == "reward-hacking"
    assert {"id", "kind", "title", "score", "snippet", "section", "anchor", "matches"} <= set(hits[0])
    for hit in hits:
        marked = [hit["snippet"][start:end].casefold() for start, end in hit["matches"]]
        assert set(marked) <= {"reward", "hacking"} and marked


def test_search_kind_and_limit(cache: Path) -> None:
    hits = json.loads(run("search", "reward", "--kind", "topic", "--json", cache=cache).stdout)
    assert [(hit["id"], hit["kind"]) for hit in hits] == [("sample-topic", "topic")]
    assert len(json.loads(run("search", "reward", "--limit", "1", "--json", cache=cache).stdout)) == 1


def test_no_match_exits_1(cache: Path) -> None:
    result = run("search", "zzzzqqqq", "--json", cache=cache)
    assert (result.returncode, json.loads(result.stdout)) == (1, [])


def test_a_typo_says_it_shows_close_spellings(cache: Path) -> None:
    result = run("search", "rewrad", cache=cache)
    assert result.returncode == 0
    assert result.stderr == "hubreader: no exact matches; showing close spellings\n"


@pytest.mark.parametrize("query", ["(((", "kind:", '"unbalanced', "*", "\x1b[2J", "🙂", "x" * 5000, "AND OR"])
def test_any_query_is_answered_without_a_traceback(cache: Path, query: str) -> None:
    result = run("search", "--", query, cache=cache)
    assert result.returncode in (0, 1)
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stdout


def test_a_bad_limit_is_a_usage_error(cache: Path) -> None:
    result = run("search", "grpo", "--limit", "0", cache=cache)
    assert result.returncode == 2
    assert "expected a positive number" in result.stderr
    assert "Traceback" not in result.stderr


def test_index_builds_then_reports_up_to_date_then_what_changed(kb_copy: Path, cache: Path) -> None:
    first = run("index", cache=cache, content=kb_copy)
    assert first.returncode == 0
    assert first.stdout.startswith("built the index: 10 items in ")
    assert str(cache) in first.stdout
    assert run("index", cache=cache, content=kb_copy).stdout.startswith("the index is up to date (10 items)")
    path = kb_copy / "episodes" / "E002.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    changed = run("index", cache=cache, content=kb_copy).stdout
    assert changed.startswith("updated the index: 0 added, 1 changed, 0 removed (10 items) in ")


def test_index_rebuild(cache: Path) -> None:
    run("index", cache=cache)
    assert run("index", "--rebuild", cache=cache).stdout.startswith("built the index: 10 items")


def test_no_progress_bar_when_stderr_is_not_a_terminal(cache: Path) -> None:
    assert run("index", cache=cache).stderr == ""


def test_an_unwritable_cache_is_one_warning_line_and_search_still_works(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    result = run("search", "grpo", cache=blocker / "sub")
    assert result.returncode == 0
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1
    assert warnings[0].startswith("hubreader: warning: search index: cannot write to ")
    assert "in-memory index" in warnings[0]
    assert run("index", cache=blocker / "sub").stdout.endswith("memory only (not saved)\n")


def test_a_corrupt_index_is_rebuilt_with_one_warning_line(cache: Path) -> None:
    run("index", cache=cache)
    for path in cache.glob("index-*/build-*/*"):
        path.write_bytes(b"junk")
    result = run("search", "grpo", cache=cache)
    assert result.returncode == 0
    assert len(result.stderr.splitlines()) == 1
    assert "was unusable" in result.stderr and "rebuilding" in result.stderr


def test_a_missing_content_folder_is_a_one_line_error(tmp_path: Path, cache: Path) -> None:
    result = run("search", "grpo", cache=cache, content=tmp_path / "nowhere")
    assert result.returncode == 2
    assert result.stderr.startswith("hubreader: content folder not found")
    assert len(result.stderr.splitlines()) == 1
