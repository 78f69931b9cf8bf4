"""The non-interactive commands as a user runs them: real process, real exit codes, no tracebacks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURE_KB, WriteFiles


def run(*args: str, content: Path = FIXTURE_KB, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tui", "--content", str(content), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)


def test_check_passes_on_the_fixture_with_a_summary() -> None:
    result = run("check")
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "10 items, 0 errors, 3 warnings"


def test_check_json() -> None:
    data = json.loads(run("check", "--json").stdout)
    assert data["summary"] == {"items": 10, "errors": 0, "warnings": 3}
    assert {"path", "line", "level", "message"} <= set(data["diagnostics"][0])


def test_check_fails_with_precise_lines_on_a_broken_base(write_kb: WriteFiles) -> None:
    root = write_kb({"notes/broken.md": '---\ntype: note\nid: "broken"\ntitle: [oops\n---\n'})
    result = run("check", content=root)
    assert result.returncode == 1
    assert f"{root}/notes/broken.md:5: error: unparseable front matter" in result.stdout
    assert "Traceback" not in result.stderr + result.stdout


def test_list_text_and_json_and_kind_filter() -> None:
    lines = run("list").stdout.splitlines()
    assert len(lines) == 10
    assert lines[0].split()[:2] == ["alpha-hub", "hub"]
    data = json.loads(run("list", "--kind", "term", "--json").stdout)
    assert [(d["id"], d["kind"]) for d in data] == [("grpo", "term"), ("reward-hacking", "term")]
    assert all(d["title"] for d in data)


def test_show_text_has_metadata_body_and_cited_by() -> None:
    out = run("show", "E001").stdout
    assert out.startswith("Episode · E001\nThe first episode\n")
    assert "Paper: A Paper About Tokens (arXiv 2605.00001)[" in out
    assert "Cited by (2)" in out
    assert re.search(r'"Models trained with GRPO\[\d+\] agree on most tokens E001\[\d+\]\."', out)


def test_show_text_numbers_links_and_marks_missing() -> None:
    out = run("show", "first-note").stdout
    assert "Read the other note[2] and Sample topic[3] too." in out
    assert "[2] note second-note: Is the second note a stub?" in out


def test_show_markdown_and_json() -> None:
    md = run("show", "sample-topic", "--format", "md").stdout
    assert "\n# Sample topic\n" in md and "[E001](ep:E001)" in md and "[GRPO](term:grpo)" in md
    data = json.loads(run("show", "ep:E001", "--format", "json").stdout)
    assert data["id"] == "E001" and data["kind"] == "episode"
    assert any(b["from"] == "topic:sample-topic" and b["section"] == "First section" for b in data["backlinks"])


def test_unknown_id_is_one_line_with_suggestions_and_exit_2() -> None:
    result = run("show", "E00")
    assert result.returncode == 2
    assert result.stderr == "hubreader: no item with id 'E00'; did you mean E002, E001?\n"


def test_missing_content_folder_is_one_line(tmp_path: Path) -> None:
    result = run("list", content=tmp_path / "nope")
    assert result.returncode == 2
    assert result.stderr.startswith("hubreader: content folder not found:") and result.stderr.count("\n") == 1


def test_escape_sequences_in_arguments_are_not_echoed() -> None:
    result = run("show", "\x1b]52;c;ZXZpbA==\x07bad")
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_version_comes_from_package_metadata() -> None:
    result = subprocess.run([sys.executable, "-m", "tui", "--version"], capture_output=True, text=True)
    assert result.stdout.startswith("hubreader ")


def test_environment_variable_selects_content() -> None:
    env = {"HUBREADER_CONTENT": str(FIXTURE_KB), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "tui", "list", "--kind", "hub"], capture_output=True, text=True,
                            env=env)
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["alpha-hub", "beta-hub"]
