"""Each override of a private Textual API lives in tui/overrides/, one module each, and says in `RELIES_ON` what of
Textual's (or Rich's) it relies on, with a fingerprint of that source. An upgrade that changes any of it fails
here, naming the override to review; the override's own behaviour is pinned by the tests its docstring names.

After reviewing an override against the new source, re-record: `python -m tests.test_overrides` prints each
fingerprint that changed, as the line to put in that module's RELIES_ON."""

from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
import pkgutil
import re
import sys
import textwrap
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
import rich
import textual
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.cache import LRUCache
from textual.css.stylesheet import Stylesheet
from textual.geometry import Region
from textual.reactive import Reactive
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Input

import tui.overrides
from tests.conftest import REPO
from tui.overrides.colour_depth import use_colour_system
from tui.overrides.focus_paint import FocusRepaintsNothing

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


async def test_a_focus_move_repaints_no_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """focus_paint.py: Textual's screen repaints every cell when focus moves (what the override is for); one with
    FocusRepaintsNothing repaints none, and the box that gained focus still shows it."""
    repaints: list[str] = []

    def recording_refresh(self: Screen[None], *regions: Region, **flags: bool) -> Screen[None]:
        if not regions and flags.get("repaint", True):
            repaints.append(type(self).__name__)
        return Screen.refresh(self, *regions, **flags)

    for screen_class in (TwoBoxes, QuietTwoBoxes):
        monkeypatch.setattr(screen_class, "refresh", recording_refresh)
        app = BoxesApp(screen_class)
        async with app.run_test(size=(40, 8)) as pilot:
            await pilot.pause()
            repaints.clear()
            app.screen.set_focus(app.screen.query_one("#b", Input))
            await pilot.pause()
            assert app.screen.query_one("#b", Input).has_pseudo_class("focus")
            assert repaints == ([] if screen_class is QuietTwoBoxes else ["TwoBoxes"])


class TwoBoxes(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="a")
        yield Input(id="b")


class QuietTwoBoxes(FocusRepaintsNothing, TwoBoxes):
    pass


class BoxesApp(App[None]):
    def __init__(self, screen_class: type[Screen[None]]) -> None:
        super().__init__()
        self.screen_class = screen_class

    def on_mount(self) -> None:
        self.push_screen(self.screen_class())


# No private Textual names outside tui/overrides/. Textual's and Rich's private names are those they define: a
# `_name` (not a dunder) defined by a function, class or assignment in their source, or set on an object there. Our
# own `_name`s are ours, unless a Textual class they mix with has the same name, which is then an override of it.

LIBRARIES = ("textual", "rich")
OUTSIDE_THE_OVERRIDES_REDECLARED: set[str] = set()


def is_private(name: str) -> bool:
    return name.startswith("_") and name != "_" and not (name.startswith("__") and name.endswith("__"))


def from_library(module: str) -> bool:
    return module.split(".", maxsplit=1)[0] in LIBRARIES


def private_module(dotted: str) -> bool:
    return any(is_private(part) for part in dotted.split("."))


def ours() -> dict[str, Path]:
    """Every module of `tui` outside tui/overrides/, by dotted name."""
    found = {}
    for path in sorted((REPO / "tui").rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        if parts[:2] != ("tui", "overrides"):
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


@cache
def library_names() -> frozenset[str]:
    """Every private name Textual's or Rich's source defines: functions, classes, class and module attributes,
    attributes set on objects."""
    names: set[str] = set()
    for package in (textual, rich):
        for path in Path(inspect.getfile(package)).parent.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    names.add(node.name)
                elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                    names.add(node.attr)
                if isinstance(node, ast.Module | ast.ClassDef):
                    for statement in node.body:
                        targets = statement.targets if isinstance(statement, ast.Assign) else (
                            [statement.target] if isinstance(statement, ast.AnnAssign) else [])
                        names.update(target.id for target in targets if isinstance(target, ast.Name))
    return frozenset(filter(is_private, names))


@cache
def names_of_library_class(cls: type) -> frozenset[str]:
    """A Textual or Rich class's private names: its attributes, and those its methods use on `self`."""
    names = set(vars(cls)) | set(getattr(cls, "__slots__", ()))
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError):
        tree = ast.Module(body=[], type_ignores=[])
    names.update(node.attr for node in ast.walk(tree)
                 if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self")
    return frozenset(filter(is_private, names))


def on_self(node: ast.Attribute) -> bool:
    """`self._x`, `cls._x` or `super()._x`: the class decides whose name it is."""
    value = node.value
    if isinstance(value, ast.Name):
        return value.id in ("self", "cls")
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "super"


def within_class(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """The nodes of a class body, without those of classes nested in it (whose `self` is another)."""
    pending: list[ast.AST] = list(body)
    while pending:
        node = pending.pop()
        yield node
        pending.extend(child for child in ast.iter_child_nodes(node) if not isinstance(child, ast.ClassDef))


def class_names(node: ast.ClassDef) -> set[str]:
    """The private names a class of ours defines in its body or uses on `self`."""
    names = {statement.name for statement in node.body if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef)}
    for statement in node.body:
        targets = statement.targets if isinstance(statement, ast.Assign) else (
            [statement.target] if isinstance(statement, ast.AnnAssign) else [])
        names.update(target.id for target in targets if isinstance(target, ast.Name))
    names.update(child.attr for child in within_class(node.body) if isinstance(child, ast.Attribute) and on_self(child))
    return set(filter(is_private, names))


def classes(tree: ast.Module) -> Iterator[tuple[str, ast.ClassDef]]:
    """Each class of a module with its qualified name; classes made inside functions are not reachable."""
    pending: list[tuple[str, ast.stmt]] = [("", statement) for statement in tree.body]
    while pending:
        prefix, node = pending.pop()
        if isinstance(node, ast.ClassDef):
            yield prefix + node.name, node
            pending.extend((f"{prefix}{node.name}.", statement) for statement in node.body)


def imports_a_library(tree: ast.Module) -> bool:
    return any(
        (isinstance(node, ast.Import) and any(from_library(alias.name) for alias in node.names))
        or (isinstance(node, ast.ImportFrom) and node.level == 0 and from_library(node.module or ""))
        for node in ast.walk(tree)
    )


def private_imports(where: str, tree: ast.Module) -> list[str]:
    """Imports of a private module of Textual's or Rich's, or of a private name from a public one."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names if from_library(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and from_library(node.module or ""):
            module = node.module or ""
            names = [module] if private_module(module) else [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [f"{where}:{node.lineno} imports {name}" for name in names if private_module(name)]
    return found


def private_attributes(where: str, tree: ast.Module) -> list[str]:
    """In a module that imports Textual or Rich, `._name`s they define, on anything but `self`, `cls` or `super()`
    (whose classes decide: overridden_names)."""
    if not imports_a_library(tree):
        return []
    return [
        f"{where}:{node.lineno} uses {ast.unparse(node)}" for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and not on_self(node) and node.attr in library_names()
    ]


def overridden_names(classes_of_ours: dict[type, tuple[str, set[str]]]) -> list[str]:
    """Private names a class of ours defines or uses on `self` that a Textual or Rich class it is mixed with has:
    for each class deriving from theirs, checked in every class of ours in its MRO (mixins included)."""
    found = []
    for cls in classes_of_ours:
        libraries = [base for base in cls.__mro__ if from_library(base.__module__)]
        for base in (base for base in cls.__mro__ if base in classes_of_ours):
            where, names = classes_of_ours[base]
            for name in names:
                owner = next((library for library in libraries if name in names_of_library_class(library)), None)
                if owner is not None:
                    found.append(f"{where} uses {owner.__qualname__}.{name}")
    return found


def private_use(modules: dict[str, Path]) -> list[str]:
    """Where these modules use a private name of Textual's or Rich's, in the order of the source."""
    found: list[str] = []
    classes_of_ours: dict[type, tuple[str, set[str]]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(REPO) if path.is_relative_to(REPO) else path.name)
        found += private_imports(where, tree) + private_attributes(where, tree)
        for qualname, node in classes(tree):
            cls: object = importlib.import_module(module)
            for part in qualname.split("."):
                cls = getattr(cls, part)
            assert isinstance(cls, type)
            classes_of_ours[cls] = (f"{where}:{node.lineno} {qualname}", class_names(node))
    found += overridden_names(classes_of_ours)
    return sorted(set(found), key=lambda finding: [int(part) if part.isdigit() else part
                                                    for part in re.split(r"(\d+)", finding)])


def redeclared_reactives(modules: dict[str, Path]) -> set[str]:
    """`module:Class.name` of each reactive a class of ours declares again over one a Textual class mixed with it
    declares: the new declaration changes what Textual's own code gets when it sets it."""
    found = set()
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not any(isinstance(node, ast.ClassDef) for node in ast.walk(tree)):
            continue
        for cls in vars(importlib.import_module(module)).values():
            if not (isinstance(cls, type) and cls.__module__ == module):
                continue
            libraries = [base for base in cls.__mro__ if from_library(base.__module__)]
            for base in cls.__mro__:
                if base.__module__ not in modules:
                    continue
                found |= {
                    f"{base.__module__}:{base.__qualname__}.{name}" for name, value in vars(base).items()
                    if isinstance(value, Reactive)
                    and any(isinstance(vars(library).get(name), Reactive) for library in libraries)
                }
    return found


def test_only_the_overrides_use_textual_s_private_names() -> None:
    """An upgrade of Textual is reviewed in tui/overrides/ alone: move any use found into a module there."""
    assert private_use(ours()) == []


def test_only_the_overrides_redeclare_textual_s_reactives() -> None:
    assert redeclared_reactives(ours()) == OUTSIDE_THE_OVERRIDES_REDECLARED


def test_the_guard_finds_each_kind_of_private_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Our own `_name`s pass; Textual's are found whether imported, overridden, used on `self` (a mixin's too), on
    another object, or a reactive declared again."""
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "guarded.py").write_text(textwrap.dedent("""
        from textual._two_way_dict import TwoWayDict
        from textual.geometry import Size
        from textual.reactive import Reactive
        from textual.widgets import Input, Tree

        class Mixin:
            async def _on_key(self, event: object) -> None: ...

        class Box(Mixin, Input):
            virtual_size = Reactive(Size(0, 0))
            _mine = 1

            def _ours(self) -> object:
                return self._mine, self._bindings

        def redraw(tree: Tree) -> None:
            tree._invalidate()
            tree._not_textual_s()
        """), encoding="utf-8")
    modules = {"guarded": tmp_path / "guarded.py"}
    assert private_use(modules) == [
        "guarded.py:2 imports textual._two_way_dict",
        "guarded.py:7 Mixin uses Input._on_key",
        "guarded.py:10 Box uses DOMNode._bindings",
        "guarded.py:18 uses tree._invalidate",
    ]
    assert redeclared_reactives(modules) == {"guarded:Box.virtual_size"}


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
