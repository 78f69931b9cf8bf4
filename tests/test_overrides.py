"""Each override of a private Textual API lives in tui/overrides/, one module each, and says in `RELIES_ON` what of
Textual's (or Rich's) it relies on, with a fingerprint of that source. An upgrade that changes any of it fails
here, naming the override to review; the override's own behaviour is pinned by the tests its docstring names.

After reviewing an override against the new source, re-record: `python -m tests.test_overrides` prints each
fingerprint that changed, as the line to put in that module's RELIES_ON."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import pkgutil
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.cache import LRUCache
from textual.css.stylesheet import Stylesheet
from textual.strip import Strip

import tui.overrides
from tests.conftest import REPO
from tui.overrides.colour_depth import use_colour_system

OVERRIDES = sorted(info.name for info in pkgutil.iter_modules(tui.overrides.__path__))
Pin = tuple[str, str, str]  # override module, Textual's dotted name, recorded fingerprint


def override(name: str) -> ModuleType:
    return importlib.import_module(f"{tui.overrides.__name__}.{name}")


def resolve(target: str) -> object:
    """`package.module:Class.attribute` as defined (a property, not its value); `package.module` alone is the module."""
    module_name, _, qualname = target.partition(":")
    found: object = importlib.import_module(module_name)
    for part in filter(None, qualname.split(".")):
        found = inspect.getattr_static(found, part)
    if isinstance(found, staticmethod | classmethod):
        found = found.__func__
    return found.fget if isinstance(found, property) else found


def fingerprint(target: str) -> str:
    """The first 16 hex digits of the sha256 of the target's source."""
    source = inspect.getsource(resolve(target))  # type: ignore[arg-type]
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def pins() -> list[Pin]:
    return [(name, target, recorded) for name in OVERRIDES for target, recorded in override(name).RELIES_ON.items()]


@pytest.mark.parametrize(("name", "target", "recorded"), pins(), ids=[f"{n}:{t}" for n, t, _ in pins()])
def test_textual_still_has_what_an_override_relies_on(name: str, target: str, recorded: str) -> None:
    module = f"tui/overrides/{name}.py"
    try:
        current = fingerprint(target)
    except (ImportError, AttributeError, OSError, TypeError) as exc:
        pytest.fail(f"{target} is gone ({exc!r}): {module} relies on it and must be reworked")
    assert current == recorded, (
        f"{target} changed upstream: review {module} (and the tests its docstring names) against the new source; "
        f"if the override still holds, record {target!r}: {current!r} in its RELIES_ON "
        "(`python -m tests.test_overrides` lists every change)"
    )


@pytest.mark.parametrize("name", OVERRIDES)
def test_every_override_is_listed_and_says_what_it_relies_on(name: str) -> None:
    assert f"`{name}.py`" in (tui.overrides.__doc__ or ""), f"list {name}.py in tui/overrides/__init__.py"
    relies_on = override(name).RELIES_ON
    assert relies_on and all(target.split(".")[0] in ("textual", "rich") for target in relies_on)
    assert all(re.fullmatch(r"[0-9a-f]{16}", recorded) for recorded in relies_on.values())


def test_the_tests_the_list_names_exist() -> None:
    named = set(re.findall(r"(?<![\w/])test_\w+(?!\w|\.py)", tui.overrides.__doc__ or ""))
    defined = {
        match
        for path in (REPO / "tests").glob("test_*.py")
        for match in re.findall(r"^(?:async )?def (test_\w+)", path.read_text(encoding="utf-8"), re.MULTILINE)
    }
    assert named and named <= defined, f"named but not defined: {sorted(named - defined)}"


def test_the_check_notices_a_change_and_reads_properties(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    body = "class C:\n    @property\n    def p(self) -> int:\n        return {}\n"
    for name, value in (("pinned_a", 1), ("pinned_b", 2)):
        (tmp_path / f"{name}.py").write_text(body.format(value), encoding="utf-8")
    assert fingerprint("pinned_a:C.p") != fingerprint("pinned_b:C.p")
    assert fingerprint("pinned_a:C.p") == hashlib.sha256(b"    @property\n    def p(self) -> int:\n        return 1\n"
                                                         ).hexdigest()[:16]
    with pytest.raises(AttributeError):
        resolve("pinned_a:C.gone")


def test_a_stylesheet_has_the_private_cache_and_variables() -> None:
    """parsed_css.py: a theme change replaces the variables (identity says when) and clears the parse cache."""
    stylesheet = Stylesheet()
    variables = stylesheet._variables
    assert isinstance(stylesheet._parse_cache, LRUCache) and isinstance(variables, dict)
    stylesheet._parse_cache[("source",)] = []
    stylesheet.set_variables({"primary": "red"})
    assert stylesheet._variables is not variables and ("source",) not in stylesheet._parse_cache


def test_an_app_keeps_its_first_error_where_crash_line_reads_it() -> None:
    assert App()._exception is None


@pytest.mark.parametrize(
    ("depth", "code"), [("standard", "\x1b[34m"), ("256", "\x1b[38;5;"), ("truecolor", "\x1b[38;2;18;52;200m")]
)
def test_a_console_s_colour_depth_is_what_strips_use(depth: str, code: str) -> None:
    """colour_depth.py: Textual draws every line in the depth its console holds."""
    console = Console()
    use_colour_system(console, depth)
    assert code in Strip([Segment("x", Style(color="#1234c8"))]).render(console)


def changed() -> list[str]:
    """Each pin that no longer holds: the line to record in RELIES_ON once the override is reviewed, or what is gone."""
    lines = []
    for name, target, recorded in pins():
        try:
            current = fingerprint(target)
        except (ImportError, AttributeError, OSError, TypeError) as exc:
            lines.append(f"tui/overrides/{name}.py: {target} is gone ({exc!r})")
            continue
        if current != recorded:
            lines.append(f"tui/overrides/{name}.py: {target!r}: {current!r},")
    return lines


if __name__ == "__main__":
    sys.stdout.write("".join(f"{line}\n" for line in changed()) or "every fingerprint matches\n")
