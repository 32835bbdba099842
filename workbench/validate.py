"""``workbench validate``: every problem with a study folder, found at once."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .config import StudyConfig
from .exceptions import InputError, Problem, StudyInvalid, did_you_mean
from .loaders.tables import read_table
from .study import Study, _load


def validate_study(path: str | Path) -> list[Problem]:
    """Return every problem (errors and warnings) in the study folder at ``path``.

    Reads all inputs; event tables are checked in place by the behaviour engine without loading
    them into memory.
    """
    study, problems = _load(Path(path))
    if study is None:
        return problems
    problems += check_operations(study.config)
    problems += _check_behaviour(study)
    problems += _check_highlights(study)
    return problems


def ensure_valid(path: str | Path) -> list[Problem]:
    """Raise StudyInvalid when the study has errors; return its warnings otherwise."""
    problems = validate_study(path)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise StudyInvalid(errors)
    return [p for p in problems if p.severity != "error"]


def check_operations(config: StudyConfig) -> list[Problem]:
    """Each operations table is readable, its mapped columns exist, and metric columns are numeric."""
    problems: list[Problem] = []
    metrics_of: dict[str, list[tuple[str, str]]] = {}
    for i, tp in enumerate(config.touchpoints):
        for j, metric in enumerate(tp.metrics):
            metrics_of.setdefault(metric.table, []).append((metric.column, f"touchpoints[{i}].metrics[{j}].column"))
    for name, spec in config.operations.items():
        try:
            frame = read_table(config.root / spec.file, spec.file)
        except InputError as exc:
            problems += exc.problems
            continue
        wanted = [(spec.user, f"operations.{name}.columns.user"), (spec.time, f"operations.{name}.columns.time")]
        wanted += metrics_of.get(name, [])
        for column, where in wanted:
            if not column:
                continue
            if column not in frame.columns:
                problems.append(Problem(spec.file, f"column '{column}' (from study.yml {where}) not found"
                                        + did_you_mean(column, frame.columns), line=1))
        for column, where in metrics_of.get(name, []):
            if column in frame.columns:
                raw = frame[column].dropna()
                numbers = pd.to_numeric(raw.replace({"true": 1, "false": 0, "True": 1, "False": 0}), errors="coerce")
                bad = numbers.isna()
                if bad.any():
                    first = raw.index[bad][0]
                    problems.append(Problem(spec.file, f"'{raw.loc[first]}' is not a number ({int(bad.sum())} such "
                                            f"values; {where} needs numbers)", line=int(first) + 2, column=column))
        if spec.time and spec.time in frame.columns:
            parsed = pd.to_datetime(frame[spec.time].dropna(), errors="coerce", format="mixed", utc=True)
            if parsed.isna().any():
                first = parsed.index[parsed.isna()][0]
                problems.append(Problem(spec.file, f"'{frame.at[first, spec.time]}' is not a date/time "
                                        f"({int(parsed.isna().sum())} such values)", line=int(first) + 2,
                                        column=spec.time))
    return problems


def _check_behaviour(study: Study) -> list[Problem]:
    if study.config.behaviour is None:
        return []
    from .behaviour.checks import check_behaviour
    return check_behaviour(study.config)


def _check_highlights(study: Study) -> list[Problem]:
    """Hand-coded highlights (``coding/*.csv``) against the codebook and the customer's units."""
    if not (study.root / "coding").is_dir():
        return []
    from .coding import read_highlights
    return read_highlights(study.root, study.voice("all"), study.config.codes)[1]
