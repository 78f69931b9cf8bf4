"""Turn the sites' plain-text page exports into content files (pure: stdlib, yaml and tui.model only)."""

from tui.importer.run import ImportResult, import_files, parse_export
from tui.importer.workspace import Change

__all__ = ["Change", "ImportResult", "import_files", "parse_export"]
