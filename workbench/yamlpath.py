"""Read YAML keeping the line of every key, so errors can name ``touchpoints[3].stage`` and its line."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .exceptions import InputError, Problem


def key_path(parent: str, key: str | int) -> str:
    """Join key paths the way messages print them: ``a.b``, ``a[0]``, ``a[0].b``."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else str(key)


def _construct(node: yaml.Node, path: str, lines: dict[str, int]) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(yaml.safe_load(yaml.serialize(key_node)))
            child = key_path(path, key)
            lines[child] = key_node.start_mark.line + 1
            out[key] = _construct(value_node, child, lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, key_path(path, i), lines) for i, item in enumerate(node.value)]
    return yaml.safe_load(yaml.serialize(node))


def load_yaml_with_lines(path: Path, shown_as: str) -> tuple[Any, dict[str, int]]:
    """Parse ``path``; return the data and a map key path -> 1-based line.

    Raises InputError naming the file and line for unreadable or invalid YAML.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(Problem(shown_as, "file not found")) from None
    except UnicodeDecodeError as exc:
        raise InputError(Problem(shown_as, f"not UTF-8 text (byte {exc.start})")) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        raise InputError(Problem(shown_as, f"invalid YAML: {what}", line=line)) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(shown_as, f"invalid YAML: {exc}")) from None
    lines: dict[str, int] = {}
    if node is None:
        return None, lines
    try:
        return _construct(node, "", lines), lines
    except yaml.YAMLError as exc:  # e.g. an unknown tag deeper in the tree
        raise InputError(Problem(shown_as, f"invalid YAML: {exc}")) from None
