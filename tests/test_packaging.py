"""The shipped knowledge base travels inside the wheel, and the README's lines install it on a stock system Python."""

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO, SHIPPED


def test_wheel_contains_every_shipped_content_file(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True, capture_output=True,
    )
    [wheel] = tmp_path.glob("hubreader-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"hubreader_content/{p.relative_to(SHIPPED).as_posix()}" for p in SHIPPED.rglob("*.md")}
    assert shipped, "no shipped content found"
    assert shipped <= names
    assert "tui/cli/main.py" in names
    assert {"tui/serve/web_assets/app_index.html", "tui/serve/web_assets/favicon.ico"} <= names  # serve-web's page
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "hubreader = tui.cli.entry:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def quick_start_lines() -> list[str]:
    """The command lines of the README's Quick start: the install-and-run line, then the test line."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines() if line.startswith("    ")]


def test_quick_start_installs_into_a_virtual_environment() -> None:
    """A system Python marked externally managed (PEP 668: Debian's, Ubuntu's) refuses `pip install` outside one."""
    install, tests = quick_start_lines()
    for line in (install, tests):
        make, *steps = line.split(" && ")
        assert make == "python3 -m venv .venv"
        assert steps and all(step.startswith(".venv/bin/") for step in steps), line
    assert install.endswith(" && .venv/bin/hubreader")
    assert ".venv/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_ci_runs_exactly_the_readme_test_line() -> None:
    _, test_line = quick_start_lines()
    ci_lines = [line.strip() for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert test_line in ci_lines
