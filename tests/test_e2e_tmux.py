"""The installed `hubreader` in a real terminal, used the way a person would."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_KB
from tests.tmux import Terminal


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    command = shutil.which("hubreader")
    assert command, "hubreader is not installed: run the README's test line, which installs it"
    env = {"HUBREADER_CACHE": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path / "state"),
           "TERM": "xterm-256color"}
    term = Terminal(f"{command} --content {FIXTURE_KB}", 80, 24, env)
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
