"""Turn the sites' plain-text page exports into content files (pure: stdlib, yaml and tui.model only).

Rules, in short (docs/content-format.md is the target format):
- Review topic exports (intact or stripped, with or without title, header, nav line and blank lines) become
  `topics/<id>.md`. The id is slugify(title); a title-less export joins the known topic sharing at least half of
  its section headings, else is named after its first heading with a warning (`--id` chooses the id).
  A topic file whose sections share nothing with the export is refused, since different pages share titles.
- Anchors given as slugs (`026-...`) give the E-id; anchors given as titles must match a known episode title
  (case, punctuation and spacing ignored), otherwise they are skipped with a warning.
- The stripped variant is imported as it is and flagged with its gaps; it never replaces intact text. When both
  variants of a page have been imported, the words missing from the stripped one become its `glossary:` terms.
- Hub exports become `hubs/<id>.md`; entries become notes (hubs under "Sub-Maps"), found again by title.
- Unknown episodes, notes, sub-hubs and terms become `stub: true` items, so every reference resolves.
- Files are written in one stable style and only when their text changes, so importing again changes nothing.
  Updates replace only the fields the importer owns; hand-written fields and (for notes) bodies stay.
  Real (non-stub) notes, hubs, episodes and terms that an export merely refers to are never rewritten.
- An export that cannot be imported gets one error (file and line) and contributes nothing.
"""

from tui.importer.run import ImportResult, import_files, parse_export
from tui.importer.workspace import Change

__all__ = ["Change", "ImportResult", "import_files", "parse_export"]
