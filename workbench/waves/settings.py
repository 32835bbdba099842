"""The ``previous:`` key of study.yml: where the earlier wave of this study lives.

Read from the raw YAML mapping (with lines) rather than through :mod:`workbench.config`, so a study
that names its previous wave needs nothing else to change. ``previous`` is a folder path relative
to the study folder (``previous: ../demo-shop-2026q2``); that folder must itself be a valid study.
Errors come back as one located line each (``study.yml:<line>: previous: ...``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..exceptions import InputError, Problem
from ..yamlpath import load_yaml_with_lines

STUDY_FILE = "study.yml"
KEY = "previous"


def raw_study_mapping(folder: str | Path) -> tuple[dict[str, Any], dict[str, int]]:
    """study.yml of ``folder`` as a plain mapping plus the line of every key path."""
    path = Path(folder) / STUDY_FILE
    if not path.is_file():
        raise InputError(Problem(str(path), "no study.yml in this folder"))
    data, lines = load_yaml_with_lines(path, str(path))
    if not isinstance(data, dict):
        raise InputError(Problem(str(path), "study.yml must be a mapping of keys", lines.get("", 1)))
    return data, lines


def parse_previous(value: Any, folder: Path, shown_as: str, line: int | None) -> Path | None:
    """Check one ``previous:`` value; return the resolved folder (None when the key is absent)."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(Problem(shown_as, f"{KEY}: must be a folder path relative to the study folder", line))
    target = (folder / value.strip()).resolve()
    if target == folder.resolve():
        raise InputError(Problem(shown_as, f"{KEY}: names this study itself", line))
    if not (target / STUDY_FILE).is_file():
        raise InputError(Problem(shown_as, f"{KEY}: '{value}' is not a study folder (no study.yml there)", line))
    return target


def previous_wave(folder: str | Path) -> Path | None:
    """The folder of the study's previous wave, or None when study.yml names none."""
    folder = Path(folder)
    data, lines = raw_study_mapping(folder)
    return parse_previous(data.get(KEY), folder, str(folder / STUDY_FILE), lines.get(KEY))
