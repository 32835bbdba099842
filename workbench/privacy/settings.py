"""``privacy:`` in study.yml, the keys this package decides on: ``keep_names`` and ``keep_ids``.

Parsed from the raw study.yml mapping (as :func:`workbench.yamlpath.load_yaml_with_lines` returns it)
so that the rules live next to the code that applies them; problems are located like every other
study.yml problem: ``study.yml: privacy.keep_ids: expected true or false, got text (line 12)``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..exceptions import Problem, did_you_mean

STUDY_FILE = "study.yml"
# Keys of ``privacy:`` read here; ``names`` and ``guess_names`` are read with them by config.py.
PRIVACY_KEYS = ("keep_names", "keep_ids", "names", "guess_names")


@dataclass(frozen=True)
class PrivacySettings:
    keep_names: bool = False   # names stay in text and speaker labels; file names shown after redaction
    keep_ids: bool = False     # respondent/user ids that are e-mails or phone numbers are kept as they are


def _where(path: str, lines: Mapping[str, int]) -> str:
    line = lines.get(path)
    return f" (line {line})" if line else ""


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return "text"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def read_privacy_settings(study: Any, lines: Mapping[str, int] | None = None) -> tuple[PrivacySettings, list[Problem]]:
    """Read ``privacy.keep_names`` and ``privacy.keep_ids`` from the whole study.yml mapping.

    Absent keys mean False. Returns the settings and located problems (a value that is not
    true/false, ``privacy`` that is not a mapping, an unknown key under ``privacy``).
    """
    lines = lines or {}
    if not isinstance(study, Mapping):
        return PrivacySettings(), []
    raw = study.get("privacy")
    if raw is None:
        return PrivacySettings(), []
    if not isinstance(raw, Mapping):
        return PrivacySettings(), [Problem(STUDY_FILE, f"privacy: expected a mapping of keys, got {_kind(raw)}"
                                           + _where("privacy", lines))]
    problems: list[Problem] = []
    for key in raw:
        if str(key) not in PRIVACY_KEYS:
            problems.append(Problem(STUDY_FILE, f"privacy.{key}: unknown key" + did_you_mean(key, PRIVACY_KEYS)
                                    + _where(f"privacy.{key}", lines)))
    flags = {}
    for key in ("keep_names", "keep_ids"):
        value = raw.get(key)
        if value is None:
            flags[key] = False
        elif isinstance(value, bool):
            flags[key] = value
        else:
            problems.append(Problem(STUDY_FILE, f"privacy.{key}: expected true or false, got {_kind(value)}"
                                    + _where(f"privacy.{key}", lines)))
            flags[key] = False
    return PrivacySettings(**flags), problems
