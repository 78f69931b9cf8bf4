"""The README's security promises each name a test, and every test they name exists."""

from __future__ import annotations

import re

from tests.conftest import REPO

NAMED = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def promise_rows() -> list[str]:
    """The table rows of the README's "Security promises" section."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Security promises", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| promise")]


def test_every_security_promise_names_a_test() -> None:
    rows = promise_rows()
    assert len(rows) >= 20
    unbacked = [row for row in rows if not NAMED.search(row)]
    assert unbacked == []


def test_every_named_test_exists() -> None:
    missing = []
    for row in promise_rows():
        for path, name in NAMED.findall(row):
            source = (REPO / path).read_text(encoding="utf-8") if (REPO / path).is_file() else ""
            if not re.search(rf"^(async )?def {name}\(", source, re.MULTILINE):
                missing.append(f"{path}::{name}")
    assert missing == []
