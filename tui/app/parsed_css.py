"""Textual CSS parsed once for every app started in processes forked from the one that parsed it."""

from __future__ import annotations

from typing import cast

from textual.cache import LRUCache
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

ThemeKey = tuple[tuple[str, str], ...]
SourceKey = tuple[object, ...]  # Textual's: CSS text, where it was read from, defaults or not, tie breaker, scope


class ParsedCss:
    """Each serve-ssh session parsed the same CSS again, a quarter of its CPU to the first screen; sessions
    forked from a zygote that ran the reader once find every source already parsed.

    Leans on two private attributes of Textual's `Stylesheet` (`_parse_cache`, `_variables`); Textual is pinned,
    and tests/test_parsed_css.py fails if they change.
    """

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
