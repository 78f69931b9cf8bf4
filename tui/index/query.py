"""The search's query parser, which lives whoosh-free in tui/model/query.py so find in page reads a query the same
way (tui/widgets/page_find.py); named here too for the index's modules."""

from __future__ import annotations

from tui.model.query import MAX_WORDS, ParsedQuery, kind_by_prefix, parse_query, title_key

__all__ = ["MAX_WORDS", "ParsedQuery", "kind_by_prefix", "parse_query", "title_key"]
