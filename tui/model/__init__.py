"""The pure content model: items, links, loading and validation (stdlib and yaml only)."""

from tui.model.diagnostics import Diagnostic, Level
from tui.model.items import (
    Anchor,
    Body,
    Chapter,
    Episode,
    Hub,
    HubSection,
    Item,
    ItemKey,
    Kind,
    Note,
    Paper,
    Paragraph,
    Ref,
    Section,
    Term,
    Topic,
)
from tui.model.kb import KnowledgeBase, Link, load_knowledge_base

__all__ = [
    "Anchor",
    "Body",
    "Chapter",
    "Diagnostic",
    "Episode",
    "Hub",
    "HubSection",
    "Item",
    "ItemKey",
    "Kind",
    "KnowledgeBase",
    "Level",
    "Link",
    "Note",
    "Paper",
    "Paragraph",
    "Ref",
    "Section",
    "Term",
    "Topic",
    "load_knowledge_base",
]
