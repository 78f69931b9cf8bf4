"""Everything an export refers to must resolve: reuse known items by id or title, else plan `stub: true` items."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from tui.importer.emit import Doc
from tui.importer.workspace import Workspace
from tui.model import Episode, Kind
from tui.model.body import slugify
from tui.model.diagnostics import DiagnosticSink
from tui.model.links import EREF

_RUN_TOGETHER = re.compile(r"(?<=E\d{3})(?=E\d{3}(?!\d))")
_MAX_ID = 80


@dataclass(frozen=True, slots=True)
class Context:
    """Per-export settings and the sink its warnings go to."""

    sink: DiagnosticSink
    sha256: str
    forced_id: str | None = None


def prose(text: str) -> str:
    """Export text as it goes into a file: run-together refs split (`E121 E142`), no accidental `[[` wiki links."""
    return _RUN_TOGETHER.sub(" ", text).replace("[[", "[ [")


def slug_id(title: str, kind: Kind) -> str:
    """A file-safe id from a title, cut to 80 characters like the site's; titles without ASCII get a hash."""
    slug = slugify(title)[:_MAX_ID].strip("-")
    return slug or f"{kind.value}-{hashlib.sha256(title.encode()).hexdigest()[:10]}"


def entry_id(ws: Workspace, kind: Kind, title: str) -> str:
    """The id of the item with this title, else a free id from its slug (the title is the key across imports)."""
    known = ws.by_title(kind, title)
    if known is not None:
        return known
    base = candidate = slug_id(title, kind)
    number = 2
    while ws.get(kind, candidate) is not None:
        candidate = f"{base[: _MAX_ID - 4]}-{number}"
        number += 1
    return candidate


def ensure_episode(ws: Workspace, number: int, slug: str | None = None) -> str:
    """An episode stub for an unknown E-id; a stub learns the site slug when an anchor shows it."""
    ident = f"E{number:03d}"
    item = ws.get(Kind.EPISODE, ident)
    fields: dict[str, Any] = {"type": "episode", "id": ident}
    if item is None:
        fields |= {"title": f"Episode {number:03d}", "stub": True, "number": number}
    elif not (item.stub and isinstance(item, Episode) and slug and item.slug != slug):
        return ident
    if slug:
        fields["slug"] = slug
    ws.put(Doc(Kind.EPISODE, ident, fields))
    return ident


def ensure_episodes_in(ws: Workspace, *texts: str) -> None:
    """Every bare E-ref in the prose an import writes must resolve."""
    for text in texts:
        for match in EREF.finditer(text):
            ensure_episode(ws, int(match.group(0)[1:]))


def ensure_note(ws: Workspace, title: str, abstract: str) -> str:
    """A hub entry as a note: new ones are stubs; stubs follow the export; real notes are left alone."""
    ident = entry_id(ws, Kind.NOTE, title)
    item = ws.get(Kind.NOTE, ident)
    if item is None or item.stub:
        fields: dict[str, Any] = {"type": "note", "id": ident, "title": title}
        if item is None:
            fields["stub"] = True
        if abstract:
            fields["abstract"] = prose(abstract)
            ensure_episodes_in(ws, abstract)
        ws.put(Doc(Kind.NOTE, ident, fields))
    return ident


def ensure_sub_hub(ws: Workspace, title: str, abstract: str) -> str:
    """A Sub-Maps entry as a hub stub whose description is the entry's abstract, until its own page is imported."""
    ident = entry_id(ws, Kind.HUB, title)
    item = ws.get(Kind.HUB, ident)
    if item is None or item.stub:
        fields: dict[str, Any] = {"type": "hub", "id": ident, "title": title}
        if item is None:
            fields |= {"stub": True, "sections": []}
        ensure_episodes_in(ws, abstract)
        ws.put(Doc(Kind.HUB, ident, fields, prose(abstract) + "\n" if abstract else None))
    return ident


def ensure_term(ws: Workspace, name: str) -> str | None:
    """A glossary term by display form or alias, else a stub; None when the name has nothing to make an id from."""
    known = ws.by_title(Kind.TERM, name)
    if known is not None:
        return known
    ident = slugify(name)[:_MAX_ID].strip("-")
    if not ident:
        return None
    if ws.get(Kind.TERM, ident) is None:
        ws.put(Doc(Kind.TERM, ident, {"type": "term", "id": ident, "title": name, "stub": True}))
    return ident
