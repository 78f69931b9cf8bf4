"""Split a file into YAML front matter and body, keeping the file line of every field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from tui.model.sanitize import TreeCleaner

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterError(ValueError):
    """The front matter is missing or unparseable; carries the file line of the problem."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Parsed front matter: data, file lines by dotted field path, and where the body starts."""

    data: dict[str, Any]
    lines: dict[str, int]
    raw_id: str | None
    body: str
    body_line: int
    controls_removed: int = 0  # decoded from YAML escapes, so the raw-text pass could not see them
    controls_line: int = 0


def split_front_matter(text: str) -> FrontMatter:
    """Parse `---`-delimited YAML at the top of a file; the body is everything after."""
    if not text.startswith("---\n"):
        raise FrontMatterError(1, "no front matter: the file must start with a line '---'")
    end = text.find("\n---\n", 3)
    if end == -1:
        if not text.endswith("\n---"):
            raise FrontMatterError(1, "front matter is not closed: add a line '---' after it")
        end = len(text) - 4
    yaml_text = text[4 : end + 1]
    body_start = min(end + 5, len(text))
    body_line = yaml_text.count("\n") + 3
    data, lines, raw_id = _parse_yaml(yaml_text)
    if "\\" not in yaml_text:  # only a double-quoted escape can decode to a control: the raw text had none left
        return FrontMatter(data, lines, raw_id, text[body_start:], body_line)
    cleaner = TreeCleaner()
    data = cleaner.clean(data)
    raw_id = cleaner.clean(raw_id, "id.")
    line = _line_of(cleaner.first_path, lines) if cleaner.removed else 0
    return FrontMatter(data, lines, raw_id, text[body_start:], body_line, cleaner.removed, line)


def _line_of(path: str | None, lines: dict[str, int]) -> int:
    """The file line of a dotted path, or of the nearest enclosing field that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path.rpartition(".")[0]
    return 2


def _parse_yaml(yaml_text: str) -> tuple[dict[str, Any], dict[str, int], str | None]:
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise FrontMatterError(2, "front matter is empty")
        if not isinstance(node, yaml.MappingNode):
            raise FrontMatterError(2, "front matter must be a mapping of 'field: value' lines")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 2
        raise FrontMatterError(line, f"unparseable front matter: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(2, f"unparseable front matter: {exc}") from None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    _record_lines(node, "", lines)
    return data, lines, _raw_id(node)


def _record_lines(node: yaml.Node, prefix: str, lines: dict[str, int]) -> None:
    """Map dotted paths (`sections.2.entries.0`) to 1-based file lines (front matter starts on line 2)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            path = f"{prefix}{key_node.value}"
            lines[path] = key_node.start_mark.line + 2
            _record_lines(value_node, path + ".", lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            path = f"{prefix}{index}"
            lines[path] = child.start_mark.line + 2
            _record_lines(child, path + ".", lines)


def _raw_id(node: yaml.MappingNode) -> str | None:
    """The id exactly as written, so an unquoted arXiv id like 2605.06240 keeps its trailing zero."""
    for key_node, value_node in node.value:
        if key_node.value == "id" and isinstance(value_node, yaml.ScalarNode):
            return str(value_node.value)
    return None
