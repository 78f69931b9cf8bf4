"""A start from the cached base loads none of the parser: building items from files, front matter and PyYAML load
only when a file is parsed (tui/model/loader.py); nor does it load what the reader loads on demand."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.command import Provider

from tests.conftest import FIXTURE_KB, REPO
from tui.app.on_demand import MODULES, bookmarks, go_to, page_commands, search_again

PARSER = ("tui.model.build", "tui.model.body", "tui.model.fields", "tui.model.frontmatter", "yaml")
PROBE = """
import sys
from pathlib import Path
import tui.app.app, tui.cli.main, tui.cli.reader
from tui.model.cache import load_cached
load_cached(Path(sys.argv[1]), Path(sys.argv[2]))
print(sorted(set(sys.modules) & set(sys.argv[3:])))
"""


def test_a_start_from_the_cache_loads_no_parser(tmp_path: Path) -> None:
    def loaded() -> str:
        probe = [sys.executable, "-c", PROBE, str(FIXTURE_KB), str(tmp_path), *PARSER]
        return subprocess.run(probe, cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()

    assert loaded() == str(sorted(PARSER))  # nothing cached yet: parsed, and the probe sees the parser loaded
    assert loaded() == "[]"


def test_a_start_loads_nothing_that_is_loaded_on_demand(tmp_path: Path) -> None:
    """The popups and palette providers load when first used (tui/app/on_demand.py), and each of them exists."""
    probe = [sys.executable, "-c", PROBE, str(FIXTURE_KB), str(tmp_path), *MODULES]
    loaded = subprocess.run(probe, cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
    assert all(importlib.import_module(module) for module in MODULES)


@pytest.mark.parametrize("load", [go_to, page_commands, search_again, bookmarks])
def test_each_palette_source_names_a_provider(load: Callable[[], type[Provider]]) -> None:
    assert issubclass(load(), Provider)
