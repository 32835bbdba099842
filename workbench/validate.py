"""``workbench validate``: every problem with a study folder, found at once."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .config import StudyConfig
from .exceptions import InputError, Problem, did_you_mean, shown_value
from .loaders.timestamps import bad_timestamps_problem
from .loaders.table_files import read_table
from .study import Study, _load, checked_study


def validate_study(path: str | Path) -> list[Problem]:
    """Return every problem (errors and warnings) in the study folder at ``path``.

    Reads all inputs; event tables are checked in place by the behaviour engine without loading
    them into memory.
    """
    return _validate(Path(path))[1]


def _validate(path: Path) -> tuple[Study | None, list[Problem]]:
    study, problems = _load(path)
    if study is None:
        return None, problems
    problems += check_operations(study.config)
    problems += not_reported_twice(_check_behaviour(study), problems)
    problems += _check_highlights(study)
    if not any(p.severity == "error" for p in problems):
        from .language import unsupported_languages
        problems += unsupported_languages(study.voice("all"), study_language=study.config.language)
    return study, problems


def load_valid_study(path: str | Path) -> Study:
    """The study, validated in full (loaders, operations, behaviour, languages); raise StudyInvalid
    when it has errors. Every warning is on ``study.warnings``, located by the shown form of its path
    (neutral interview labels, redacted file names) since warnings reach the reports, and what they
    left out is on ``study.left_out`` (see :func:`workbench.study.left_out_table`)."""
    return checked_study(*_validate(Path(path)))


def ensure_valid(path: str | Path) -> list[Problem]:
    """Raise StudyInvalid when the study has errors; return its warnings otherwise (shown paths;
    each carries ``left_out``/``unit``)."""
    return load_valid_study(path).warnings


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
                    shown = shown_value(raw.loc[first]) or "a value"
                    problems.append(Problem(spec.file, f"{shown} is not a number ({int(bad.sum())} such "
                                            f"values; {where} needs numbers)", line=int(first) + 2, column=column))
        if spec.time and spec.time in frame.columns:
            present = frame[spec.time].dropna()
            present = present[present.str.strip() != ""]
            parsed = pd.to_datetime(present, errors="coerce", format="mixed", utc=True)
            bad = parsed.isna()
            first = present.index[bad][0] if bad.any() else None
            problem = bad_timestamps_problem(spec.file, spec.time, int(bad.sum()), len(present),
                                             example=present.loc[first] if first is not None else None,
                                             line=int(first) + 2 if first is not None else None)
            if problem is not None:
                problems.append(problem)
    return problems


def not_reported_twice(problems: list[Problem], found: list[Problem]) -> list[Problem]:
    """``problems`` without unparseable-timestamp problems of a file and column already reported in
    ``found`` (an operations table is checked by the operations check and the behaviour checks)."""
    seen = {(p.path, p.column) for p in found if "do not parse as timestamps" in p.message}
    return [p for p in problems if not ("do not parse as timestamps" in p.message and (p.path, p.column) in seen)]


def _check_behaviour(study: Study) -> list[Problem]:
    if study.config.behaviour is None:
        return []
    from .behaviour.event_checks import check_behaviour
    return check_behaviour(study.config)


def _check_highlights(study: Study) -> list[Problem]:
    """Hand-coded highlights (``coding/*.csv``) against the codebook and the customer's units."""
    if not (study.root / "coding").is_dir():
        return []
    from .coding import read_highlights
    return read_highlights(study.root, study.voice("all"), study.config.codes)[1]
