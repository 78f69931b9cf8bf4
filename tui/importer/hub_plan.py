"""Turn a parsed hub export into a hub file plus note and sub-hub stubs for its entries."""

from __future__ import annotations

from typing import Any

from tui.importer.emit import DROP, Doc
from tui.importer.hub_export import HubExport, HubSectionExport
from tui.importer.stubs import Context, ensure_episodes_in, ensure_note, ensure_sub_hub, entry_id, prose
from tui.importer.workspace import Workspace
from tui.model import Kind


def plan_hub(export: HubExport, ws: Workspace, ctx: Context) -> None:
    """Plan the hub file; the hub is found again by its title unless --id names it."""
    ident = ctx.forced_id or entry_id(ws, Kind.HUB, export.title)
    fields: dict[str, Any] = {
        "type": "hub",
        "id": ident,
        "title": export.title,
        "stub": DROP,
        "declared": {"notes": export.declared_notes, "sections": export.declared_sections},
        "source": {"site": "inquiringlines", "export_sha256": ctx.sha256},
        "sections": [_section(section, ws) for section in export.sections],
    }
    ensure_episodes_in(ws, export.description)
    ws.put(Doc(Kind.HUB, ident, fields, prose(export.description) + "\n" if export.description else None))


def _section(section: HubSectionExport, ws: Workspace) -> dict[str, Any]:
    """Title kept raw (literal `*` and all), declared count as stated, date taken from the title."""
    if section.lists_hubs:
        entries = [f"hub:{ensure_sub_hub(ws, entry.title, entry.abstract)}" for entry in section.entries]
    else:
        entries = [f"note:{ensure_note(ws, entry.title, entry.abstract)}" for entry in section.entries]
    result: dict[str, Any] = {"title": section.title, "declared": section.declared}
    if section.date:
        result["date"] = section.date
    result["entries"] = entries
    return result
