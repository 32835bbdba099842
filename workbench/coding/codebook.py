"""The researcher's codebook: the ``codes:`` list of study.yml, parsed with located errors.

    codes:
      - id: wait                      # [a-z0-9-]+, unique
        label: Waiting for support
        description: Any mention of waiting for an answer
        parent: support               # optional: another code's id
        cues: [queue, on hold]        # optional: words or phrases that apply the code (stemmed, whole words)
        patterns: ['\\b\\d+\\s*min']   # optional: regular expressions (Python syntax, case-insensitive)

:func:`parse_codebook` takes the raw study.yml mapping (and the key -> line map of
``workbench.yamlpath.load_yaml_with_lines``) so every problem names its place, e.g.
``study.yml:42:codes[3].parent: 'suport' is not a code (did you mean 'support'?)``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..exceptions import Problem, did_you_mean

CODE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
KEYS = ("id", "label", "description", "parent", "cues", "patterns")


@dataclass(frozen=True)
class Code:
    id: str
    label: str
    description: str = ""
    parent: str | None = None
    cues: tuple[str, ...] = ()
    patterns: tuple[re.Pattern, ...] = ()


def parse_codebook(data: Any, lines: dict[str, int] | None = None,
                   file: str = "study.yml") -> tuple[list[Code], list[Problem]]:
    """Codes from ``data['codes']`` (``data`` is the whole study.yml mapping) and every problem found."""
    lines = lines or {}
    problems: list[Problem] = []

    def problem(path: str, message: str) -> None:
        problems.append(Problem(file, message, lines.get(path), path))

    raw = data.get("codes") if isinstance(data, dict) else None
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        problem("codes", "expected a list of codes (each with id and label)")
        return [], problems
    codes: list[Code] = []
    seen: dict[str, str] = {}
    for i, item in enumerate(raw):
        path = f"codes[{i}]"
        if not isinstance(item, dict):
            problem(path, "expected a mapping with id and label")
            continue
        for key in item:
            if key not in KEYS:
                problem(f"{path}.{key}", f"unknown key '{key}'" + did_you_mean(key, KEYS))
        cid = item.get("id")
        if not isinstance(cid, str) or not CODE_ID.match(cid):
            problem(f"{path}.id", "a code needs an id of lowercase letters, digits and '-'")
            continue
        if cid in seen:
            problem(f"{path}.id", f"duplicate code id '{cid}' (also {seen[cid]})")
            continue
        seen[cid] = path
        label = item.get("label", cid)
        if not isinstance(label, str) or not label.strip():
            problem(f"{path}.label", "expected a text label")
            label = cid
        description = item.get("description") or ""
        if not isinstance(description, str):
            problem(f"{path}.description", "expected text")
            description = ""
        parent = item.get("parent")
        if parent is not None and not isinstance(parent, str):
            problem(f"{path}.parent", "expected a code id")
            parent = None
        cues = _strings(item.get("cues"), f"{path}.cues", problem)
        patterns = []
        for j, pattern in enumerate(_strings(item.get("patterns"), f"{path}.patterns", problem)):
            try:
                patterns.append(re.compile(pattern, re.IGNORECASE))
            except re.error as e:
                problem(f"{path}.patterns[{j}]", f"not a valid regular expression: {e}")
        codes.append(Code(cid, label.strip(), description, parent, cues, tuple(patterns)))
    ids = [c.id for c in codes]
    for i, c in enumerate(codes):
        path = f"{seen[c.id]}.parent"
        if c.parent is None:
            continue
        if c.parent not in ids:
            problem(path, f"'{c.parent}' is not a code" + did_you_mean(c.parent, ids))
        elif _cycle(c.id, {x.id: x.parent for x in codes}):
            problem(path, f"'{c.id}' is its own ancestor through parent '{c.parent}'")
    return codes, problems


def _strings(value: Any, path: str, problem) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problem(path, "expected a list of words or phrases")
        return ()
    return tuple(v.strip() for v in value)


def _cycle(start: str, parent_of: dict[str, str | None]) -> bool:
    seen, node = set(), parent_of.get(start)
    while node is not None and node in parent_of:
        if node == start or node in seen:
            return node == start
        seen.add(node)
        node = parent_of.get(node)
    return False
