"""Walking parsed YAML with key paths and lines, collecting every problem (the parser's reader)."""
from __future__ import annotations

import re
from typing import Any, Callable

from ..exceptions import Problem, did_you_mean
from ..yamlpath import key_path

class _Reader:
    """Walks the parsed YAML, collecting problems with key paths and lines."""

    def __init__(self, file: str, lines: dict[str, int]):
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        line = self.lines.get(path)
        suffix = f" (line {line})" if line else ""
        self.problems.append(Problem(self.file, f"{path}: {message}{suffix}" if path else message))

    def mapping(self, value: Any, path: str, allowed: dict[str, bool]) -> dict[str, Any] | None:
        """Check ``value`` is a mapping whose keys are in ``allowed`` (name -> required)."""
        if not isinstance(value, dict):
            self.problem(path, f"expected a mapping of keys, got {_kind(value)}")
            return None
        for key in value:
            if key not in allowed:
                self.problem(key_path(path, key), "unknown key" + did_you_mean(key, allowed))
        for key, required in allowed.items():
            if required and value.get(key) is None:
                self.problem(key_path(path, key), "missing (required)")
        return value

    def string(self, value: Any, path: str, default: str | None = None, pattern: re.Pattern | None = None,
               what: str = "") -> str | None:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(path, f"expected text, got {_kind(value)}")
            return default
        text = str(value).strip()
        if pattern is not None and not pattern.match(text):
            self.problem(path, f"'{text}' is not {what}")
        return text

    def choice(self, value: Any, path: str, allowed: tuple[str, ...], default: str | None) -> str | None:
        text = self.string(value, path, default)
        if text is not None and value is not None and text not in allowed:
            self.problem(path, f"'{text}' is not one of {', '.join(allowed)}" + did_you_mean(text, allowed))
        return text

    def number(self, value: Any, path: str, default: float | None = None) -> float | None:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(path, f"expected a number, got {_kind(value)} '{value}'")
            return default
        return float(value)

    def string_list(self, value: Any, path: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(path, f"expected a list, got {_kind(value)}")
            return ()
        out = []
        for i, item in enumerate(value):
            text = self.string(item, key_path(path, i))
            if text:
                out.append(text)
        return tuple(out)

    def items(self, value: Any, path: str, parse: Callable[[Any, str], Any], required: bool = False) -> tuple:
        if value is None:
            if required:
                self.problem(path, "missing (required)")
            return ()
        if not isinstance(value, list):
            self.problem(path, f"expected a list, got {_kind(value)}")
            return ()
        if required and not value:
            self.problem(path, "is empty; at least one is required")
        parsed = [parse(item, key_path(path, i)) for i, item in enumerate(value)]
        return tuple(p for p in parsed if p is not None)

    def columns(self, value: Any, path: str, roles: dict[str, bool]) -> dict[str, str]:
        mapping = self.mapping(value if value is not None else {}, path, roles)
        if mapping is None:
            return {}
        return {role: self.string(mapping.get(role), key_path(path, role)) for role in roles
                if mapping.get(role) is not None}


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", type(None): "nothing"}.get(
        type(value), type(value).__name__)
