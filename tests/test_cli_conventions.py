"""Issue #18's CLI conventions: options anywhere, one-line usage errors, the query's kind names, honest output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_KB, REPO, WriteFiles
from tests.test_serve_ssh_support import DEADLINE_S, SERVE_SSH, make_keys
from tui.cli.commands import UsageError, lookup_place
from tui.cli.main import build_parser
from tui.model import ItemKey, Kind, load_knowledge_base
from tui.view.place import Place

NO_BASE = "no knowledge base here (expected folders like hubs/, topics/, episodes/ with .md items)"


def hubreader(
    *args: str, cache: Path, content: Path | None = FIXTURE_KB, columns: int = 80
) -> subprocess.CompletedProcess[str]:
    """The real command; `--content` goes first (where it always worked) unless a test places it itself."""
    env = {**os.environ, "HUBREADER_CACHE": str(cache), "NO_COLOR": "1", "COLUMNS": str(columns)}
    where = ["--content", str(content)] if content else []
    return subprocess.run([sys.executable, "-m", "tui", *where, *args], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=60)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_global_options_work_after_the_command(cache: Path) -> None:
    shown = hubreader("show", "E001", "--colors", "16", "--content", str(FIXTURE_KB), cache=cache, content=None)
    assert (shown.returncode, shown.stderr) == (0, "")
    assert shown.stdout.startswith("Episode · E001\n")
    listed = hubreader("list", "--content", str(FIXTURE_KB), cache=cache, content=None)
    assert len(listed.stdout.splitlines()) == 10


def test_an_option_after_the_command_overrides_one_before_and_defaults_stay() -> None:
    late = build_parser().parse_args(["--colors", "16", "--content", "a", "show", "x", "--colors", "256"])
    assert (late.colors, late.content) == ("256", "a")
    plain = build_parser().parse_args(["list"])
    assert (plain.content, plain.colors, plain.ssh_friendly, plain.no_mouse, plain.serve_mode) == (
        None, "auto", False, False, False)


def test_serve_ssh_takes_content_after_the_command(tmp_path: Path) -> None:
    keys = make_keys(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    argv = [*SERVE_SSH, "serve-ssh", "--port", "0", "--host-key", str(tmp_path / "host_key"),
            "--authorized-keys", str(keys.authorized), "--content", str(empty)]
    env = {**os.environ, "HUBREADER_CACHE": str(tmp_path / "cache")}
    result = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=REPO, timeout=DEADLINE_S)
    assert (result.returncode, result.stderr) == (2, f"hubreader: --content {empty}: {NO_BASE}\n")


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["show"], "the following arguments are required: id", "hubreader show"),
        (["list", "--bogus"], "unrecognized arguments: --bogus", "hubreader"),
        (["--colors", "99"], "argument --colors: invalid choice: '99' (choose from 'auto', 'truecolor', '256', "
                             "'16', 'none')", "hubreader"),
    ],
)
def test_usage_errors_are_one_line_and_a_hint(cache: Path, args: list[str], message: str, hint: str) -> None:
    result = hubreader(*args, cache=cache, content=None)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"hubreader: {message}\ntry '{hint} --help'\n"


@pytest.mark.parametrize("name", ["ep", "episode", "episodes", "EP"])
def test_kind_takes_the_names_the_query_language_takes(cache: Path, name: str) -> None:
    listed = hubreader("list", "--kind", name, "--json", cache=cache)
    assert {row["kind"] for row in json.loads(listed.stdout)} == {"episode"}
    found = hubreader("search", "tokens", "--kind", name, "--json", cache=cache)
    assert found.returncode == 0 and {hit["kind"] for hit in json.loads(found.stdout)} == {"episode"}


def test_an_unknown_kind_names_the_kinds(cache: Path) -> None:
    result = hubreader("list", "--kind", "nope", cache=cache)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        "hubreader: argument --kind: expected a kind (hub, topic, episode, term, paper, note), got 'nope'")


def test_show_json_is_format_json(cache: Path) -> None:
    result = hubreader("show", "ep:E001", "--json", cache=cache)
    assert result.returncode == 0 and json.loads(result.stdout)["id"] == "E001"


def test_search_text_shows_scores_and_wraps_to_the_terminal(cache: Path) -> None:
    result = hubreader("search", "grpo", cache=cache, columns=40)
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= 40
    assert re.fullmatch(r" *\d+\.\d\d  term +grpo  GRPO  § Title", lines[0])
    assert len(lines) > 5  # 2 hits, 2 lines each, a summary line: wrapping made more


def test_a_miss_says_no_matches(cache: Path) -> None:
    result = hubreader("search", "zzzzqqqq", cache=cache)
    assert (result.returncode, result.stdout) == (1, "no matches for 'zzzzqqqq'\n")


def test_list_pads_short_ids_only(write_kb: WriteFiles, cache: Path) -> None:
    long_id = "a-rather-long-note-id-that-goes-on-and-on"
    root = write_kb({f"notes/{long_id}.md": f'---\ntype: note\nid: "{long_id}"\ntitle: "Long"\n---\n'})
    lines = hubreader("list", cache=cache, content=root).stdout.splitlines()
    assert "alpha-hub     hub      " in lines[0]
    assert f"{long_id}  note     Long" in lines


@pytest.mark.parametrize("where", ["file", "empty folder", "repository root"])
def test_content_without_a_knowledge_base_is_one_line(tmp_path: Path, cache: Path, where: str) -> None:
    path = {"file": REPO / "README.md", "empty folder": tmp_path, "repository root": REPO}[where]
    result = hubreader("list", cache=cache, content=path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"hubreader: --content {path}: {NO_BASE}\n"


def test_open_at_an_unknown_section_lists_the_sections() -> None:
    """`open ID#section` is what a citation's deep link says; a wrong section says which ones there are."""
    kb = load_knowledge_base(FIXTURE_KB)
    assert lookup_place(kb, "topic:sample-topic#custom-id") == Place(ItemKey(Kind.TOPIC, "sample-topic"), "custom-id")
    assert lookup_place(kb, "E001") == Place(ItemKey(Kind.EPISODE, "E001"))
    with pytest.raises(UsageError) as error:
        lookup_place(kb, "sample-topic#nope")
    assert str(error.value) == (
        "topic:sample-topic has no section 'nope'; it has: first-section, custom-id, anchors, backlinks"
    )
