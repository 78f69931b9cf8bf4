"""Full-text search over the knowledge base (whoosh lives only here; no UI imports)."""

from tui.index.query import ParsedQuery, parse_query
from tui.index.search import Hit, SearchIndex, SearchResults
from tui.index.snippets import Snippet, marked, plain
from tui.index.store import Progress
from tui.index.sync import SyncReport
from tui.paths import CACHE_ENV

__all__ = [
    "CACHE_ENV",
    "Hit",
    "ParsedQuery",
    "Progress",
    "SearchIndex",
    "SearchResults",
    "Snippet",
    "SyncReport",
    "marked",
    "parse_query",
    "plain",
]
