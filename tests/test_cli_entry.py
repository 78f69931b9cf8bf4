"""The command's entry holds garbage collection while a start imports and loads what lives for the session; every
command but the reader resumes it once its arguments are parsed (tui/cli/entry.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

import tui.cli.main
from tests.conftest import FIXTURE_KB
from tui.cli import entry


@pytest.fixture(autouse=True)
def collections_back_on() -> Iterator[None]:
    yield
    gc.enable()


def test_the_entry_holds_collections_until_the_command_resumes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def command_line() -> int:
        seen.append(gc.isenabled())
        return 0

    gc.enable()
    monkeypatch.setattr(tui.cli.main, "main", command_line)
    assert entry.main() == 0
    assert seen == [False]


def test_a_command_other_than_the_reader_resumes_collections(capsys: pytest.CaptureFixture[str]) -> None:
    gc.disable()
    assert tui.cli.main.main(["--content", str(FIXTURE_KB), "list"]) == 0
    assert gc.isenabled()
    assert "alpha-hub" in capsys.readouterr().out
