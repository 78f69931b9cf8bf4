"""The installed `hubreader` in a real terminal, used the way a person would."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_KB
from tests.tmux import Terminal


def reader(tmp_path: Path, options: str = "") -> Terminal:
    """The reader installed beside the Python running the tests (a venv's need not be on PATH), at 80x24, with its
    cache and saved state kept inside the test's directory."""
    command = shutil.which("hubreader", path=str(Path(sys.executable).parent))
    assert command, "hubreader is not installed: run the README's test line, which installs it"
    env = {"HUBREADER_CACHE": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path / "state"),
           "TERM": "xterm-256color"}
    return Terminal(f"{command} {options} --content {FIXTURE_KB}", 80, 24, env)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = reader(tmp_path)
    yield term
    term.close()


@pytest.fixture
def one_pane(tmp_path: Path) -> Iterator[Terminal]:
    """--ssh-friendly below 100 columns: one pane at a time, as over SSH or served."""
    term = reader(tmp_path, "--ssh-friendly")
    yield term
    term.close()


def test_search_open_follow_back_and_quit(terminal: Terminal) -> None:
    terminal.wait_for("Hubs (")
    terminal.press("/")
    terminal.type("grpo")
    terminal.wait_for("for “grpo”")
    terminal.press("Enter")
    terminal.wait_for("Term · grpo")
    terminal.press("Tab")
    terminal.press("Enter")
    screen = terminal.wait_for("Episode · E001")
    assert "Paper: A Paper About Tokens" in screen
    terminal.press("BSpace")
    terminal.wait_for("Term · grpo")
    terminal.press("q")
    terminal.wait_for("[exited]")


def test_escape_never_quits_and_help_opens(terminal: Terminal) -> None:
    terminal.wait_for("Hubs (")
    terminal.press("Escape")
    terminal.press("?")
    terminal.wait_for("hubreader keys")
    terminal.press("Escape")
    screen = terminal.wait_for(lambda text: "hubreader keys" not in text)
    assert "[exited]" not in screen and "Hubs (" in screen


def test_typing_fast_in_the_tree_keeps_every_letter(terminal: Terminal) -> None:
    terminal.wait_for("Hubs (")
    terminal.type("tokens")
    screen = terminal.wait_for("for “tokens”")
    assert "Agreement on" in screen or "first episode" in screen.lower()


def test_one_pane_goes_back_to_the_results_and_slash_brings_the_query_back(one_pane: Terminal) -> None:
    """Esc from a result went to the tree and `/` showed an empty box. Enter again opening the second result shows
    the cursor stayed on it; a typed letter replacing the query shows it came back selected."""
    one_pane.wait_for("Hubs (")
    one_pane.press("/")
    one_pane.type("grpo")
    one_pane.wait_for("for “grpo”")
    one_pane.press("Down", "Enter")
    one_pane.wait_for(lambda text: "Topic › Sample topic" in text and "for “grpo”" not in text)
    one_pane.press("Escape")
    screen = one_pane.wait_for("for “grpo”")
    assert "Hubs (" not in screen
    one_pane.press("Enter")
    one_pane.wait_for(lambda text: "Topic › Sample topic" in text and "for “grpo”" not in text)
    one_pane.press("Escape")
    one_pane.wait_for("for “grpo”")
    one_pane.press("Escape")
    one_pane.wait_for("Hubs (")
    one_pane.press("/")
    one_pane.wait_for("for “grpo”")
    one_pane.type("x")
    one_pane.wait_for("for “x”")


def label_over(before: str, after: str, text: str) -> str:
    """The hint label drawn over the start of `text`: the letters that changed there when hints came up."""
    row = next(number for number, line in enumerate(before.splitlines()) if text in line)
    column = before.splitlines()[row].index(text)
    shown = after.splitlines()[row][column : column + len(text)]
    return "".join(new for new, old in zip(shown, text, strict=True) if new != old)


def test_hints_peek_on_an_episode_and_search_history(one_pane: Terminal) -> None:
    """Follow a link by its hint, peek at an episode reference for the sentence that cites it, and bring back
    earlier queries with Ctrl+Up, at 80x24 in one pane, as over SSH."""
    one_pane.wait_for("Hubs (")
    one_pane.press("/")
    one_pane.type("grpo")
    one_pane.wait_for("for “grpo”")
    one_pane.press("Enter")
    before = one_pane.wait_for("Used in E001.")
    one_pane.press("f")
    after = one_pane.wait_for(lambda text: "Used in E001." not in text)
    label = label_over(before, after, "E001.")
    assert 1 <= len(label) <= 2
    one_pane.type(label)
    one_pane.wait_for("Episode · E001")
    one_pane.press("H")
    one_pane.wait_for("Used in E001.")
    one_pane.press("Tab", "p")
    peek = one_pane.wait_for("On this page:")
    assert "Episode · The first episode" in peek and "“Used in E001.”" in peek
    one_pane.press("Escape")
    one_pane.wait_for(lambda text: "On this page:" not in text)
    one_pane.press("/")
    one_pane.type("reward")
    one_pane.wait_for("for “reward”")
    one_pane.press("Enter")
    one_pane.wait_for(lambda text: "for “reward”" not in text)
    one_pane.press("/", "C-u")
    one_pane.wait_for(lambda text: "for “reward”" not in text)
    one_pane.press("C-Up")
    one_pane.wait_for("for “reward”")
    one_pane.press("C-Up")
    one_pane.wait_for("for “grpo”")
