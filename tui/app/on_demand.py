"""What the reader imports the first time it is used rather than at start, which benchmarks/reader.py times: the
popups, the glance they show and the palette's providers. A start loads none of it; the serve-ssh zygote loads all
of it, so sessions share it (test_start_imports.py::test_a_start_loads_nothing_that_is_loaded_on_demand)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.command import Provider

MODULES = (
    "tui.app.palette", "tui.app.page_commands", "tui.screens.find", "tui.screens.help", "tui.screens.links_map",
    "tui.screens.outline", "tui.screens.peek", "tui.view.glance",
)


# The palette's providers, each loaded as Textual loads its own system commands: when the palette first opens.

def go_to() -> type[Provider]:
    from tui.app.palette import GoToProvider  # noqa: PLC0415

    return GoToProvider


def page_commands() -> type[Provider]:
    from tui.app.page_commands import PageCommands  # noqa: PLC0415

    return PageCommands


def search_again() -> type[Provider]:
    from tui.app.palette import SearchAgainProvider  # noqa: PLC0415

    return SearchAgainProvider


def bookmarks() -> type[Provider]:
    from tui.app.palette import BookmarkProvider  # noqa: PLC0415

    return BookmarkProvider
