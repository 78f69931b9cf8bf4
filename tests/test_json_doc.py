"""docs/json.md against `show --format json`: its examples are today's output byte for byte, and its headings and
key tables name exactly the keys emitted, so the versioned schema cannot change without its documentation.

Conventions the doc follows and these tests read:
- `<!-- example: ID -->` right before a ```json block: the complete output of
  `python -m tui --content tests/fixtures/kb show ID --format json` run from the repository's root;
  `<!-- example: ID trimmed -->` marks a shortened example, which is not compared.
- `### \\`key\\`` under `## Top-level keys`: one heading per top-level key, in the order they are emitted.
- `<!-- keys: PATH -->` before a table: its first column lists the keys of the objects at PATH (`links[]`,
  `document[] links[]`); `fields` lists the keys every kind has, `fields KIND` the kind's own, in order.
- `<!-- values: NAME -->` before a table: its first column lists every value of `role`, `via` or `group`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest

from tests.conftest import FIXTURE_KB, REPO
from tui.model import Kind, KnowledgeBase
from tui.model.links import Via
from tui.view.data import SCHEMA, render_json
from tui.view.document import Role

DOC = REPO / "docs" / "json.md"
TEXT = DOC.read_bytes().decode("utf-8")  # not read_text: newlines stay as they are, for a byte-for-byte compare
FIXTURE = FIXTURE_KB.relative_to(REPO)  # `path` in the output is the content folder as given: keep it relative

EXAMPLE = re.compile(r"^<!-- example: (?P<id>\S+)(?P<trimmed> trimmed)? -->\n```json\n(?P<json>.*?)^```$", re.M | re.S)
TABLE = re.compile(r"^<!-- (?P<what>keys|values): (?P<name>[^>]*?) -->\n(?P<rows>(?:\|.*\n)+)", re.M)
EXAMPLES = [(m["id"], m["json"]) for m in EXAMPLE.finditer(TEXT) if not m["trimmed"]]
SPECIAL_GROUPS = {"Anchored by", "Related from"}  # tui/model/describe.py _group_name; the rest are per kind


def show_json(ident: str) -> subprocess.CompletedProcess[bytes]:
    """The command as the doc prints it; caches go where tests/conftest.py sends them (the environment)."""
    command = [sys.executable, "-m", "tui", "--content", str(FIXTURE), "show", ident, "--format", "json"]
    return subprocess.run(command, capture_output=True, cwd=REPO, timeout=60, check=False)


def part(heading: str) -> str:
    """The text of the doc's `## heading` section, up to the next `## `."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", TEXT, re.M | re.S)
    assert match, f"docs/json.md has no '## {heading}' section"
    return match.group(1)


def tables(what: str) -> dict[str, list[str]]:
    """Each marked table's first column, backticks removed, in order."""
    found: dict[str, list[str]] = {}
    for match in TABLE.finditer(TEXT):
        if match["what"] == what:
            assert match["name"] not in found, f"two tables marked {what}: {match['name']}"
            rows = match["rows"].splitlines()[2:]  # after the header and the |---| line
            found[match["name"]] = [first_cell(row) for row in rows]
    return found


def first_cell(row: str) -> str:
    match = re.fullmatch(r"\|\s*`([^`]+)`\s*\|.*", row)
    assert match, f"a table row of docs/json.md without a `name` first: {row}"
    return match[1]


def outputs(kb: KnowledgeBase) -> list[dict[str, Any]]:
    return [render_json(kb, item) for item in kb]


def object_paths(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every object in one item's JSON by its path (`document[] links[]`); `fields` is `fields KIND`."""
    found: dict[str, list[dict[str, Any]]] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            found.setdefault(path, []).append(value)
            for key, child in value.items():
                walk(child, f"{path} {key}")
        elif isinstance(value, list):
            for each in value:
                walk(each, f"{path}[]")

    for key, value in data.items():
        walk(value, f"fields {data['kind']}" if key == "fields" else key)
    return found


@pytest.mark.parametrize(("ident", "documented"), EXAMPLES, ids=[ident for ident, _ in EXAMPLES])
def test_example_is_what_show_prints_now(ident: str, documented: str) -> None:
    result = show_json(ident)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode("utf-8") == documented, f"docs/json.md's example for {ident} is out of date"
    assert result.stdout == documented.encode("utf-8")


def test_every_kind_has_a_complete_example_and_every_example_is_marked(kb: KnowledgeBase) -> None:
    kinds = []
    for ident, _ in EXAMPLES:
        found = kb.find(ident)
        assert len(found) == 1, f"example id {ident} names no single item of the fixture"
        kinds.append(found[0].kind)
    assert sorted(kinds) == sorted(Kind), "one untrimmed example per kind"
    blocks = re.findall(r'^```json\n\{\n  "schema": ', TEXT, re.M)
    assert len(blocks) == len(EXAMPLE.findall(TEXT)), "a ```json example without an <!-- example: ID --> line"


def test_every_top_level_key_has_its_own_heading_and_every_heading_is_a_key(kb: KnowledgeBase) -> None:
    headings = re.findall(r"^### `([^`]+)`$", part("Top-level keys"), re.M)
    for data in outputs(kb):
        assert headings == list(data), f"top-level keys of {data['kind']} {data['id']} vs '### `key`' headings"


def test_the_schema_id_is_the_documented_one(kb: KnowledgeBase) -> None:
    assert {data["schema"] for data in outputs(kb)} == {SCHEMA}
    assert f'"schema": "{SCHEMA}"' in part("Versioning: `schema`")
    assert f"### `schema`\n\nString, always `\"{SCHEMA}\"`" in TEXT


def test_every_object_key_is_in_its_table_and_every_table_row_is_a_key(kb: KnowledgeBase) -> None:
    documented = tables("keys")
    common = documented.pop("fields")
    emitted: dict[str, list[dict[str, Any]]] = {}
    for data in outputs(kb):
        for path, objects in object_paths(data).items():
            emitted.setdefault(path, []).extend(objects)
    assert sorted(emitted) == sorted(documented), "objects in the JSON vs '<!-- keys: PATH -->' tables"
    for path, objects in emitted.items():
        for each in objects:
            if path.startswith("fields ") and path.count(" ") == 1:
                assert list(each) == common + documented[path], f"keys of {path}, in order"
            else:
                assert set(each) == set(documented[path]), f"keys of {path}"


def test_every_kind_has_a_fields_table() -> None:
    documented = tables("keys")
    assert {f"fields {kind}" for kind in Kind} <= set(documented)
    assert re.findall(r"^#### (\w+)$", part("Top-level keys"), re.M) == list(Kind), "a '#### kind' per kind"


def test_roles_and_vias_are_documented_exactly() -> None:
    values = tables("values")
    assert values["role"] == [role.value for role in Role]
    assert sorted(values["via"]) == sorted(via.value for via in Via)


def test_backlink_groups_are_documented_exactly(kb: KnowledgeBase) -> None:
    documented = set(tables("values")["group"])
    assert documented == {kind.spec.backlink_group for kind in Kind} | SPECIAL_GROUPS
    assert {link["group"] for data in outputs(kb) for link in data["backlinks"]} <= documented
