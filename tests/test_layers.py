"""Layers point one way: model → index → view → widgets/screens → app → cli, with serving beside the app, and
Textual's overrides (tui/overrides/) below widgets, screens and app, needing nothing of ours. Checked twice: what
each layer loads at run time, and every import written in its source (function-level and type-only imports
included), so an arrow back up or an import loop fails here."""

from __future__ import annotations

import ast
import subprocess
import sys
from itertools import chain
from pathlib import Path

import pytest

from tests.conftest import REPO

PROBE = """
import sys
import {module}
bad = sorted(name for name in sys.modules if any(name == f or name.startswith(f + '.') for f in {forbidden!r}))
print(','.join(bad))
"""

ABOVE_VIEW = ("tui.widgets", "tui.screens", "tui.app", "tui.cli", "tui.serve")
# Each package, and what nothing in it may import.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "tui.model": ("textual", "whoosh", "tui.index", "tui.view", "tui.overrides", *ABOVE_VIEW),
    "tui.index": ("textual", "tui.view", "tui.overrides", *ABOVE_VIEW),
    "tui.view": ("textual", "whoosh", "tui.index", "tui.overrides", *ABOVE_VIEW),
    "tui.overrides": ("whoosh", "tui.model", "tui.index", "tui.view", *ABOVE_VIEW),
    "tui.widgets": ("tui.app", "tui.screens", "tui.cli", "tui.serve"),
    "tui.screens": ("tui.app", "tui.cli", "tui.serve"),
    "tui.app": ("tui.cli", "tui.serve"),
    "tui.serve": ("tui.cli",),
}


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    found = {}
    for path in (REPO / "tui").rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(path: Path, type_only: bool = True) -> set[str]:
    """Every module a source file names in an import statement, wherever the statement is; `type_only=False`
    leaves out those under `if TYPE_CHECKING:`, which never run."""
    tree = ast.parse(path.read_text())
    if not type_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
                node.body = []
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_source_imports_a_layer_above_its_own(package: str) -> None:
    bad = {
        f"{module} imports {name}"
        for module, path in modules().items() if within(module, package)
        for name in imports(path) if any(within(name, forbidden) for forbidden in FORBIDDEN[package])
    }
    assert not bad


def test_no_two_modules_import_each_other_when_they_run() -> None:
    known = modules()
    graph = {module: {name for name in imports(path, type_only=False) if name in known and name != module}
             for module, path in known.items()}
    loops = {tuple(sorted((a, b))) for a, targets in graph.items() for b in targets
             if a in graph.get(b, set()) and not (within(a, b) or within(b, a))}
    assert not loops


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("tui.model", FORBIDDEN["tui.model"]),
        ("tui.index", FORBIDDEN["tui.index"]),
        ("tui.view.text", FORBIDDEN["tui.view"]),
        ("tui.view.data", FORBIDDEN["tui.view"]),
        ("tui.overrides.input_bound", FORBIDDEN["tui.overrides"]),
        ("tui.overrides.parsed_css", FORBIDDEN["tui.overrides"]),
        ("tui.cli.commands", ("textual",)),
    ],
)
def test_layer_loads_without_upper_layers(module: str, forbidden: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module, forbidden=forbidden)],
        capture_output=True, text=True, check=True,
    )
    assert result.stdout.strip() == ""


def test_the_checks_would_notice_a_bad_import(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(module="tui.widgets.nav_tree", forbidden=("textual", "tui.view"))],
        capture_output=True, text=True, check=True,
    )
    assert "textual" in result.stdout and "tui.view.place" in result.stdout
    source = tmp_path / "m.py"
    source.write_text("if TYPE_CHECKING:\n    import tui.cli\ndef f():\n    from tui.app.app import HubReaderApp\n")
    assert {"tui.app.app", "tui.cli"} <= imports(source)
    assert "tui.app.app" in imports(source, type_only=False) and "tui.cli" not in imports(source, type_only=False)
    assert set(chain.from_iterable(FORBIDDEN.values())) >= {"tui.app", "tui.cli", "textual"}
