"""Textual CSS parsed once for every app started in processes forked from the one that parsed it, and for every
start that loads the parses an earlier one kept (tui/app/startup.py)."""

from __future__ import annotations

from typing import cast

from textual.cache import LRUCache
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

RELIES_ON = {
    # Where `_parse_cache` (an LRUCache keyed by the source) and `_variables` (the theme's) are made.
    "textual.css.stylesheet:Stylesheet.__init__": "5496b02a203e14ec",
    # Looks parses up and stores them with `[]` only, under a key naming the source.
    "textual.css.stylesheet:Stylesheet._parse_rules": "2f1c2d220b672d1b",
    # A theme change replaces `_variables` (never edits it) and clears `_parse_cache`.
    "textual.css.stylesheet:Stylesheet.set_variables": "f8c97f5d9d755f56",
}

ThemeKey = tuple[tuple[str, str], ...]
SourceKey = tuple[object, ...]  # Textual's: CSS text, where it was read from, defaults or not, tie breaker, scope


class ParsedCss:
    """Parses shared by stylesheets: an app given one parses only the sources no app sharing it has parsed under
    the same theme, and looks exactly as if it had parsed them (test_a_second_app_parses_no_css_and_looks_the_same,
    test_each_theme_keeps_parses_of_its_own). A serve-ssh session forked from a zygote that ran the reader once
    finds every source already parsed (test_the_zygote_s_rehearsal_parses_the_reader_s_css_and_leaves_no_thread)."""

    def __init__(self) -> None:
        self._parses: dict[tuple[ThemeKey, SourceKey], list[RuleSet]] = {}

    def share_with(self, stylesheet: Stylesheet) -> None:
        """Textual indexes and stores parses with `[]` and empties its cache on a theme change: a view does."""
        stylesheet._parse_cache = cast("LRUCache[SourceKey, list[RuleSet]]", _ThemedView(self._parses, stylesheet))

    def __len__(self) -> int:
        return len(self._parses)


class _ThemedView:
    """One stylesheet's window on the shared parses: parsing substitutes the theme's variables, so every key
    carries the theme the stylesheet has at that moment."""

    def __init__(self, parses: dict[tuple[ThemeKey, SourceKey], list[RuleSet]], stylesheet: Stylesheet) -> None:
        self._parses = parses
        self._stylesheet = stylesheet
        self._variables: dict[str, str] | None = None
        self._theme: ThemeKey = ()

    def __getitem__(self, source: SourceKey) -> list[RuleSet]:
        return self._parses[(self._current_theme(), source)]

    def __setitem__(self, source: SourceKey, rules: list[RuleSet]) -> None:
        self._parses[(self._current_theme(), source)] = rules

    def clear(self) -> None:
        """Called on a theme change; the parses made under other themes stay right for those themes."""

    def _current_theme(self) -> ThemeKey:
        """Textual replaces the variables dict on a theme change, never edits it, so its identity says when."""
        variables = self._stylesheet._variables
        if variables is not self._variables:
            self._variables, self._theme = variables, tuple(sorted(variables.items()))
        return self._theme
