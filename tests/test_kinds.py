"""A kind is one registered spec: a toy kind written only here loads, links, renders, searches and lists."""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURE_KB
from tui.cli.argtypes import kind as kind_argument
from tui.index import SearchIndex
from tui.index.query import parse_query
from tui.model import Item, ItemKey, Kind, KnowledgeBase, load_knowledge_base
from tui.model.fields import Fields
from tui.model.kindspec import KindSpec, Meta, Part, Shape, body_parts, register, unregister
from tui.view.data import render_json
from tui.view.document import build_document
from tui.view.markdown import render_markdown
from tui.view.text import render_text

TOY = Kind("toy")


@dataclass(frozen=True, kw_only=True)
class Toy(Item):
    colour: str = ""


def build(common: dict[str, Any], fields: Fields) -> Toy:
    return Toy(**common, colour=fields.text("colour") or "")


def metadata(kb: KnowledgeBase, item: Item) -> list[Meta]:
    assert isinstance(item, Toy)
    return [Meta("Colour", item.colour)]


def parts(kb: KnowledgeBase, item: Item) -> list[Part]:
    return [*body_parts(item), Part(Shape.EMPTY, "Toys list nothing else.", plain=True)]


SPEC = KindSpec(kind=TOY, label="Toy", group="Toys", folder="toys", namespace="toy", build=build, metadata=metadata,
                parts=parts, body_section="Description")

TOY_FILE = """---
type: toy
id: spinning-top
title: A spinning top
colour: red
---
It spins until it falls over, like E001.
"""


@pytest.fixture
def toy_kb(tmp_path: Path) -> Iterator[KnowledgeBase]:
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    (root / "toys").mkdir()
    (root / "toys" / "spinning-top.md").write_text(TOY_FILE)
    register(SPEC)
    try:
        yield load_knowledge_base(root)
    finally:
        unregister(TOY)


def test_a_toy_kind_needs_only_its_spec(toy_kb: KnowledgeBase, tmp_path: Path) -> None:
    toy = toy_kb.get(ItemKey(TOY, "spinning-top"))
    assert isinstance(toy, Toy) and toy.colour == "red"
    assert TOY in list(Kind) and str(toy.key) == "toy:spinning-top"
    assert [str(link.source) for link in toy_kb.backlinks(ItemKey(Kind.EPISODE, "E001"))].count("toy:spinning-top")

    blocks = [block.plain for block in build_document(toy_kb, toy)]
    assert blocks[:3] == ["Toy · spinning-top", "A spinning top", "Colour: red"]
    assert "Toys list nothing else." in blocks
    assert render_text(toy_kb, toy).startswith("Toy · spinning-top\nA spinning top\n")
    assert "[E001](ep:E001)" in render_markdown(toy_kb, toy)
    assert render_json(toy_kb, toy)["fields"]["colour"] == "red"

    assert parse_query("toy:spins").kinds == frozenset({TOY})
    assert kind_argument("toys") is TOY
    with SearchIndex.open(toy_kb, cache_dir=tmp_path / "cache") as index:
        assert index.search("spins").ids == ["spinning-top"]
        assert index.search("top", kind=TOY).ids == ["spinning-top"]


def test_an_unregistered_kind_is_unknown_everywhere() -> None:
    assert TOY not in list(Kind)
    with pytest.raises(argparse.ArgumentTypeError):
        kind_argument("toy")
    assert parse_query("toy:spins").kinds == frozenset()


async def test_the_tree_has_a_group_for_the_toy_kind(toy_kb: KnowledgeBase) -> None:
    from textual.app import App, ComposeResult  # noqa: PLC0415 - the model tests above run without Textual

    from tui.widgets.nav_tree import NavTree  # noqa: PLC0415

    class TreeOnly(App[None]):
        def compose(self) -> ComposeResult:
            yield NavTree(toy_kb)

    async with TreeOnly().run_test() as pilot:
        groups = [str(node.label) for node in pilot.app.query_one(NavTree).root.children]
    assert groups[-1] == "Toys (1)" and groups[0].startswith("Hubs (")
