"""Peek on any link, outline, links map and cite, driven with Pilot through the real reader."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import OptionList, Static, Tree

from tests.conftest import FIXTURE_KB, choose_in_palette, on_the_page, showing, started
from tui.app.app import HubReaderApp
from tui.app.options import ReaderOptions
from tui.app.search import IndexSearcher
from tui.app.state import StateStore
from tui.model import ItemKey, Kind, load_knowledge_base
from tui.screens.links_map import LinksMapScreen
from tui.screens.outline import OutlineScreen
from tui.screens.peek import PeekScreen
from tui.view.place import Place
from tui.widgets.reading_pane import ReadingPane

KB = load_knowledge_base(FIXTURE_KB)
E001 = ItemKey(Kind.EPISODE, "E001")
TOPIC = ItemKey(Kind.TOPIC, "sample-topic")


def reader_at(key: ItemKey) -> HubReaderApp:
    return HubReaderApp(KB, IndexSearcher(KB), StateStore(None), Place(key), ReaderOptions())


async def tab_to(pilot: Pilot[None], target: ItemKey) -> None:
    reader = pilot.app.query_one(ReadingPane)
    for _ in range(len(reader.links) + 1):
        if reader.focused_target is not None and reader.focused_target.key == target:
            return
        await pilot.press("tab")
    raise AssertionError(f"no link to {target}")


async def test_peek_on_an_episode_shows_the_sentence_that_cites_it() -> None:
    app = reader_at(TOPIC)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await tab_to(pilot, E001)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PeekScreen)
        evidence = str(app.screen.query_one("#peek-evidence", Static).render())
        assert "Models trained with GRPO agree on most tokens E001." in evidence
        assert "Agreement on 97–99% of tokens." in str(app.screen.query_one("#peek-body", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert showing(app) == E001


async def test_outline_jumps_to_a_section() -> None:
    app = reader_at(TOPIC)
    async with app.run_test(size=(80, 12)) as pilot:
        reader = await on_the_page(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OutlineScreen)
        sections = app.screen.query_one(OptionList)
        assert [sections.get_option_at_index(i).id for i in range(sections.option_count)][-1] == "backlinks"
        await pilot.press("end", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, OutlineScreen)
        assert reader.scroll_offset.y > 0 and reader.anchor_in_view() == "backlinks"


async def test_the_links_map_shows_both_directions_and_opens_a_second_hop() -> None:
    app = reader_at(E001)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_the_page(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, LinksMapScreen)
        tree: Tree[object] = app.screen.query_one(Tree)
        sides = [str(node.label) for node in tree.root.children]
        assert sides[0].startswith("Links to (") and sides[1].startswith("Linked from (")
        topic = next(
            node for side in tree.root.children for group in side.children for node in group.children
            if getattr(node.data, "key", None) == TOPIC
        )
        tree.move_cursor(topic)
        await pilot.press("right")  # the topic's own links: the second hop
        await pilot.pause()
        assert topic.is_expanded and topic.children
        hop = next(node for side in topic.children for group in side.children for node in group.children)
        assert not hop.allow_expand  # two hops deep, no more
        tree.move_cursor(topic)
        await pilot.press("enter")
        await pilot.pause()
        assert showing(app) == TOPIC


async def test_cite_copies_the_section_in_view_with_its_deep_link() -> None:
    app = reader_at(TOPIC)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await on_the_page(pilot)
        assert reader.scroll_to_anchor("custom-id")
        await pilot.pause()
        await pilot.press("c")
        assert app.clipboard == (
            "Topic sample-topic: *Sample topic* § Second section — `hubreader open topic:sample-topic#custom-id`"
        )


async def test_a_page_opened_from_the_results_highlights_the_query_for_n() -> None:
    """After a search opens an item, n and N move between the query's matches in it."""
    app = HubReaderApp(KB, IndexSearcher(KB), StateStore(None), None, ReaderOptions())
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("slash", *"grpo")
        await started(pilot)
        await pilot.press("enter")
        await pilot.pause()
        reader = app.query_one(ReadingPane)
        assert reader.find is not None and reader.find.query == "grpo" and reader.find.matches
        await pilot.press("n")
        assert reader.find.current == 0


async def test_the_palette_offers_each_page_command_with_its_key() -> None:
    app = reader_at(TOPIC)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await choose_in_palette(pilot, "outline", "Outline (o)")
        assert isinstance(app.screen, OutlineScreen)


async def test_the_breadcrumb_names_a_hub_section_as_the_outline_does() -> None:
    """The header named only Markdown sections: a hub opened at a section showed no section at all."""
    app = HubReaderApp(KB, IndexSearcher(KB), StateStore(None), Place(ItemKey(Kind.HUB, "alpha-hub"), "1"),
                       ReaderOptions())
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        assert app.sub_title.endswith(" › Sub-Maps")
