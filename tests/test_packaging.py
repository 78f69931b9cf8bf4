"""The shipped knowledge base travels inside the wheel, so `pip install .` works from any directory."""

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
    assert "hubreader = tui.cli.main:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_ci_runs_exactly_the_readme_test_line() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    test_line = next(line.strip() for line in readme if "pytest" in line and line.startswith("    "))
    ci_lines = [line.strip() for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert test_line in ci_lines
