"""The `hubreader` command's entry, kept free of imports: collection is held before the first module loads."""

from __future__ import annotations

import gc


def main() -> int:
    """Nearly everything a start allocates (modules, classes, the knowledge base) lives for the session, so a
    collection before the first item is up would only walk it; the reader resumes collections once that item is on
    screen and every other command as soon as its arguments are parsed
    (test_the_entry_holds_collections_until_the_command_resumes_them)."""
    gc.disable()
    from tui.cli.main import main as run  # noqa: PLC0415 - imported with collection held

    return run()
