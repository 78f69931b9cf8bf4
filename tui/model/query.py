"""What a word is and how a query reads: the words, phrases, kind filter and word still being typed of what the user
typed; never fails. Whoosh-free, so the search (tui/index/query.py, tui/index/text.py) and find in page
(tui/widgets/page_find.py) read a query the same way without the reading pane loading the index."""

from __future__ import annotations

import re
from typing import NamedTuple

from tui.model.kindspec import Kind, kind_named, kind_names
from tui.model.sanitize import MAX_QUERY_CHARS, safe_text

WORD = re.compile(r"\w+")
MIN_WORD = 2
# whoosh's STOP_WORDS (whoosh.analysis), written out so reading a query loads no whoosh
# (test_find_in_page.py::test_the_stopwords_are_the_searchs)
STOPWORDS: frozenset[str] = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "have", "if", "in", "is", "it", "may",
    "not", "of", "on", "or", "tbd", "that", "the", "this", "to", "us", "we", "when", "will", "with", "yet", "you",
    "your",
})
MAX_WORDS = 24
_TOKEN = re.compile(r'"[^"]*"|"[^"]*$|[^\s"]+')
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_FILTER = re.compile(r"^([A-Za-z]+):(.*)$", re.DOTALL)


def is_indexed(word: str) -> bool:
    """Single characters and stopwords carry no meaning worth an index entry."""
    return len(word) >= MIN_WORD and word not in STOPWORDS


class ParsedQuery(NamedTuple):
    """A query as the index evaluates it; all text is casefolded."""

    words: tuple[str, ...] = ()
    prefix: str | None = None
    phrases: tuple[tuple[str, ...], ...] = ()
    kinds: frozenset[Kind] = frozenset()
    ident: str | None = None
    title: str | None = None

    @property
    def has_terms(self) -> bool:
        return bool(self.words or self.prefix or self.phrases)


def kind_by_prefix(name: str) -> Kind | None:
    """`episode`, `ep`, `episodes`, or any unambiguous start of a kind's name."""
    name = name.casefold()
    if (exact := kind_named(name)) is not None:
        return exact
    starts = {kind for label, kind in kind_names().items() if label.startswith(name)} if name else set()
    return starts.pop() if len(starts) == 1 else None


def parse_query(text: str) -> ParsedQuery:
    """Words are ANDed; the last one is a prefix unless a space follows it; `kind:`/`ep:`-style tokens filter."""
    text = safe_text(text).translate(_QUOTES)[:MAX_QUERY_CHARS]
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    kinds: set[Kind] = set()
    last_is_word = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        last_is_word = False
        if token.startswith('"') and token.endswith('"') and len(token) > 1:
            _add_phrase(token[1:-1], words, phrases)
        elif (found := _filter(token)) is not None:
            kind, rest = found
            kinds.update([kind] if kind else [])
            words += WORD.findall(rest.casefold())
            last_is_word = bool(rest)
        else:
            words += WORD.findall(token.casefold())
            last_is_word = True
    typing = last_is_word and bool(words) and not text[-1:].isspace() and not text.endswith('"')
    prefix = words.pop() if typing else None
    return ParsedQuery(
        words=tuple(dict.fromkeys(word for word in words if is_indexed(word)))[:MAX_WORDS],
        prefix=prefix if prefix and len(prefix) >= MIN_WORD else None,
        phrases=tuple(phrases)[:MAX_WORDS],
        kinds=frozenset(kinds),
        ident=_ident(text),
        title=_title(text),
    )


def _add_phrase(inner: str, words: list[str], phrases: list[tuple[str, ...]]) -> None:
    found = tuple(WORD.findall(inner.casefold()))
    if len(found) > 1:
        phrases.append(found)
    else:
        words += found


def _filter(token: str) -> tuple[Kind | None, str] | None:
    """(kind, rest) for `kind:term`, `ep:E026` or `kind:` (no filter yet); None when the token is not a filter."""
    match = _FILTER.match(token)
    if match is None:
        return None
    name, rest = match.group(1).casefold(), match.group(2)
    if name in ("kind", "type"):
        return kind_by_prefix(rest) if rest else None, ""
    kind = kind_named(name)
    return (kind, rest) if kind else None


def title_key(text: str) -> str:
    """A title as typed or as written compares equal: its words, casefolded, one space apart."""
    return " ".join(WORD.findall(text.casefold()))


def _title(text: str) -> str | None:
    """The query as a whole title, kind filters dropped (`kind:term reward model`), for putting that item first."""
    kept = (found[1] if (found := _filter(token)) else token for token in text.split())
    return title_key(" ".join(kept)) or None


def _ident(text: str) -> str | None:
    """The whole query as an id (`E026`, `2605.06241`, `ep:E026`), for putting an exact match first."""
    stripped = text.strip()
    if not stripped or any(char.isspace() for char in stripped):
        return None
    found = _filter(stripped)
    ident = found[1] if found else stripped
    return ident.casefold() or None
