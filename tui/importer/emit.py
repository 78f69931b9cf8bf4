"""Write item files in one stable style, and merge into existing files without touching fields we do not own."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from tui.model import Kind
from tui.model.frontmatter import FrontMatterError, split_front_matter

# Field order in written files; fields not listed here (hand-written extras) follow in their original order.
ORDER = (
    "type",
    "id",
    "title",
    "stub",
    "kind",
    "number",
    "slug",
    "abstract",
    "episode_count",
    "declared",
    "source",
    "anchors",
    "sections",
    "glossary",
)
# Values of these keys are fixed words (`type: topic`), written plain as in the format's examples.
_PLAIN_KEYS = frozenset({"type", "kind", "site", "variant"})
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}


class Drop:
    """Marks an owned field that must be removed from an existing file (e.g. `stub` once real content arrives)."""


DROP = Drop()


@dataclass(frozen=True)
class Doc:
    """What the importer wants in one file: the fields it owns and, unless None, the body."""

    kind: Kind
    id: str
    fields: dict[str, Any] = field(default_factory=dict)
    body: str | None = None

    @property
    def relpath(self) -> str:
        return f"{self.kind.folder}/{self.id}.md"


class MergeError(ValueError):
    """An existing file cannot be merged into safely; carries its line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def quote(text: str) -> str:
    """A double-quoted YAML scalar; anything YAML treats as a line break or refuses to read is escaped."""
    return '"' + "".join(_ESCAPES.get(char, char) if _printable(char) else f"\\u{ord(char):04x}" for char in text) + '"'


def _printable(char: str) -> bool:
    code = ord(char)
    if code in (0x85, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF) or 0x7F <= code <= 0x9F:
        return False
    return code >= 0x20 or char in "\n\t"


def render(doc: Doc, existing: str | None) -> str:
    """The file text for `doc`; with an existing file, its other fields and (if `doc.body` is None) body stay."""
    chunks, body = _chunks(existing) if existing is not None else ([], "")
    lines: list[str] = []
    for key in dict.fromkeys([*ORDER, *doc.fields, *(key for key, _ in chunks)]):
        if key in doc.fields:
            if doc.fields[key] is not DROP:
                lines += _emit(key, doc.fields[key], 0)
        else:
            lines += [line for chunk_key, chunk in chunks if chunk_key == key for line in chunk]
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n" + (body if doc.body is None else doc.body)


def _emit(key: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return [f"{pad}{key}: {{}}"]
        return [f"{pad}{key}:", *(line for k, v in value.items() for line in _emit(k, v, indent + 2))]
    if isinstance(value, list):
        if not value:
            return [f"{pad}{key}: []"]
        return [f"{pad}{key}:", *(line for item in value for line in _emit_item(item, indent + 2))]
    plain = key in _PLAIN_KEYS and isinstance(value, str)
    return [f"{pad}{key}: {value if plain else _scalar(value)}"]


def _emit_item(item: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(item, dict):
        lines = [line for k, v in item.items() for line in _emit(k, v, indent + 2)]
        return [f"{pad}- {lines[0].lstrip()}", *lines[1:]]
    return [f"{pad}- {_scalar(item)}"]


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return quote(str(value))


def _chunks(text: str) -> tuple[list[tuple[str, list[str]]], str]:
    """Top-level fields of an existing file as verbatim line runs, so hand-written fields survive byte for byte."""
    try:
        front = split_front_matter(text)
    except FrontMatterError as exc:
        raise MergeError(exc.line, str(exc)) from None
    head = text[: len(text) - len(front.body)]
    yaml_lines = head[4 : head.rstrip("\n").rfind("\n") + 1].split("\n")[:-1]
    try:
        node = yaml.compose("\n".join(yaml_lines), Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise MergeError(2, f"unparseable front matter: {exc}") from None
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        raise MergeError(2, "front matter is not a block of 'field: value' lines; cannot merge into it")
    starts = [key.start_mark.line for key, _ in node.value]
    ends = [*starts[1:], len(yaml_lines)]
    keys = [str(key.value) for key, _ in node.value]
    return [(key, yaml_lines[start:end]) for key, start, end in zip(keys, starts, ends, strict=True)], front.body
