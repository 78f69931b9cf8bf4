"""An app starts in its own theme as if a theme change had set it, without the change's refresh, which would parse
every CSS source again in a fresh stylesheet, outside the shared parses (tui/overrides/parsed_css.py)
(test_the_reader_s_theme_is_set_as_a_theme_change_would_set_it)."""

from __future__ import annotations

from typing import Any

from textual.app import App

RELIES_ON = {
    # What a theme change sets, which this does by hand: the theme's variables and the "-theme-<name>" class.
    "textual.app:App._watch_theme": "a6de38d37b42f581",
}


def start_with_theme(app: App[Any], name: str) -> None:
    """Before anything is parsed, so new variables are all the stylesheet needs; `name` must be registered."""
    app.set_reactive(App.theme, name)
    app.stylesheet.set_variables(app.get_css_variables())
    app.set_class(True, f"-theme-{name}", update=False)
