"""The pure content model: items, links, loading and validation (stdlib and yaml only)."""

from tui.model.diagnostics import Diagnostic, Level
from tui.model.items import Body, Item, ItemKey, Paragraph, Ref, Section
from tui.model.kb import KnowledgeBase, Link, load_knowledge_base
from tui.model.kinds.episode import Chapter, Episode
from tui.model.kinds.hub import Hub, HubSection
from tui.model.kinds.note import Note
from tui.model.kinds.paper import Paper
from tui.model.kinds.term import Term
from tui.model.kinds.topic import ANCHORS_SECTION, Anchor, Topic
from tui.model.kindspec import Kind

__all__ = [
    "ANCHORS_SECTION",
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
