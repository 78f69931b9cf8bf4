"""The lower layers stay free of the UI: model imports neither Textual nor whoosh."""

import subprocess
import sys

import pytest

PROBE = """
import sys
import {module}
bad = sorted(name for name in sys.modules if name.split('.')[0] in {forbidden!r})
print(','.join(bad))
"""


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("tui.model", ("textual", "whoosh", "tui.index", "tui.app")),
        ("tui.cli.commands", ("textual",)),
    ],
)
def test_layer_imports_without_upper_layers(module: str, forbidden: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module, forbidden=forbidden)],
        capture_output=True, text=True, check=True,
    )
    assert result.stdout.strip() == ""


def test_probe_would_notice_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(module="textual.app", forbidden=("textual",))],
        capture_output=True, text=True, check=True,
    )
    assert "textual" in result.stdout
