"""Survey exports (plain CSV, Qualtrics CSV with 3 header rows, XLSX) into scores and open answers."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import DEFAULT_SCALES, ScoreSpec, StudyConfig, SurveyConfig
from ..exceptions import InputError, Problem
from .participants import MAX_LINES_PER_PROBLEM
from .table_files import read_table, require_columns

# Qualtrics CSV exports carry three header rows: column ids, question texts, ImportId JSON.
QUALTRICS_HEADER_ROWS = 3

# Where a score counts as good or bad, as a share of the way from the worst to the best answer,
# so that a kind on its own scale (scale: [min, max], better: lower) is judged like the standard one.
# Standard cut-offs (STUDY_FORMAT.md): nps promoters 9-10 / detractors 0-6 on 0-10; csat satisfied
# 4-5 / dissatisfied 1-2 on 1-5; ces low effort 5-7 / high effort 1-3 on 1-7.
GOOD_FROM = {"nps": 9 / 10, "csat": 3 / 4, "ces": 4 / 6}
BAD_UP_TO = {"nps": 6 / 10, "csat": 1 / 4, "ces": 2 / 6}
# Distinct offending score values a message lists before it says "and N more".
MAX_VALUES_SHOWN = 5

SCORE_COLUMNS = ["survey", "file", "line", "respondent", "user", "persona", "date", "column", "kind",
                 "touchpoint", "stage", "value", "standard", "scale_min", "scale_max", "better", "good", "bad"]
ANSWER_COLUMNS = ["survey", "file", "line", "respondent", "user", "persona", "date", "column", "about", "text",
                  "language"]


def survey_name(spec: SurveyConfig) -> str:
    """The survey's short name: its file stem (``surveys/post_purchase.csv`` -> ``post_purchase``)."""
    name = spec.file.rsplit("/", 1)[-1]
    for suffix in (".csv.gz", ".csv", ".xlsx", ".parquet"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def read_survey(config: StudyConfig, index: int, persona_of_respondent: dict[str, str],
                persona_of_user: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Read ``config.surveys[index]``; return (scores, answers, problems) as new DataFrames."""
    spec = config.surveys[index]
    header_rows = QUALTRICS_HEADER_ROWS if spec.format == "qualtrics" else 1
    where = f"surveys[{index}]"
    try:
        frame = read_table(config.root / spec.file, spec.file, header_rows=header_rows, sheet=spec.sheet)
    except InputError as exc:
        return _empty(SCORE_COLUMNS), _empty(ANSWER_COLUMNS), exc.problems
    wanted = [(spec.respondent, f"{where}.columns.respondent"), (spec.date, f"{where}.columns.date"),
              (spec.user, f"{where}.columns.user")]
    wanted += [(s.column, f"{where}.scores[{i}].column") for i, s in enumerate(spec.scores)]
    wanted += [(o.column, f"{where}.open[{i}].column") for i, o in enumerate(spec.open)]
    problems = require_columns(frame, wanted, spec.file)
    if problems:
        return _empty(SCORE_COLUMNS), _empty(ANSWER_COLUMNS), problems
    if not len(frame):  # an export cut short or filtered to nothing: the run goes on without it
        problems.append(Problem(spec.file, f"no responses: the file has only its header row{'s' if header_rows > 1 else ''}",
                                line=header_rows, severity="warning"))

    lines = pd.Series(np.arange(len(frame)) + header_rows + 1, index=frame.index)
    respondent = frame[spec.respondent].str.strip()
    missing = respondent.isna() | (respondent == "")
    if missing.any():
        problems.append(_lines_problem(spec.file, spec.respondent, lines[missing], "respondent id is empty"))
    dupes = respondent.duplicated() & ~missing
    if dupes.any():
        problems.append(_lines_problem(spec.file, spec.respondent, lines[dupes], "respondent id appears twice"))
    user = frame[spec.user].str.strip() if spec.user else pd.Series(None, index=frame.index, dtype=object)
    persona = respondent.map(persona_of_respondent).astype(object)
    persona = persona.fillna(user.map(persona_of_user).astype(object)) if spec.user else persona
    date = frame[spec.date] if spec.date else pd.Series(None, index=frame.index, dtype=object)
    base = pd.DataFrame({"survey": survey_name(spec), "file": spec.file, "line": lines, "respondent": respondent,
                         "user": user, "persona": persona, "date": date})

    score_parts = []
    for i, score in enumerate(spec.scores):
        part, bad_rows = _scores(base, frame[score.column], score)
        if len(bad_rows):
            low, high = score.scale
            values, hint = bad_score_values(frame.loc[bad_rows, score.column], score)
            problems.append(_lines_problem(spec.file, score.column, lines[bad_rows],
                                           f"{score.kind} score is not a number from {low:g} to {high:g}",
                                           values=values, hint=hint))
        score_parts.append(part)
    answer_parts = []
    for opened in spec.open:
        text = frame[opened.column].astype(object).where(frame[opened.column].notna(), None)
        text = text.map(lambda t: " ".join(str(t).split()) if t is not None else None)
        keep = text.notna() & (text != "")
        part = base[keep].assign(column=opened.column, about=opened.about, text=text[keep],
                                 language=config.language)
        answer_parts.append(part)
    asked = [s.column for s in spec.scores] + [o.column for o in spec.open]
    if asked and len(frame):
        blank = frame[asked].apply(lambda c: c.isna() | (c.astype(str).str.strip() == "")).all(axis=1) & ~missing
        if blank.any():
            problems.append(_lines_problem(spec.file, spec.respondent, lines[blank],
                                           f"{int(blank.sum())} response row(s) with no answers to any of "
                                           f"{', '.join(asked)}; left out", severity="warning",
                                           left_out=int(blank.sum())))
    scores = pd.concat(score_parts, ignore_index=True) if score_parts else _empty(SCORE_COLUMNS)
    answers = pd.concat(answer_parts, ignore_index=True) if answer_parts else _empty(ANSWER_COLUMNS)
    return scores[SCORE_COLUMNS], answers[ANSWER_COLUMNS], problems


def _scores(base: pd.DataFrame, raw: pd.Series, score: ScoreSpec) -> tuple[pd.DataFrame, pd.Index]:
    present = raw.notna() & (raw.astype(str).str.strip() != "")
    value = pd.to_numeric(raw.where(present), errors="coerce")
    low, high = score.scale
    bad = present & (value.isna() | (value < low) | (value > high))
    ok = present & ~bad
    position = (value - low) / (high - low)
    if score.better == "lower":
        position = 1 - position
    std_low, std_high = DEFAULT_SCALES[score.kind]
    part = base[ok].assign(
        column=score.column, kind=score.kind, touchpoint=score.touchpoint, stage=score.stage,
        value=value[ok], standard=(std_low + position * (std_high - std_low))[ok],
        scale_min=low, scale_max=high, better=score.better,
        good=(position >= GOOD_FROM[score.kind] - 1e-9)[ok], bad=(position <= BAD_UP_TO[score.kind] + 1e-9)[ok])
    return part, raw.index[bad]


def bad_score_values(raw: pd.Series, score: ScoreSpec) -> tuple[str, str]:
    """The offending values of a score column as a message shows them (scores are not personal;
    text cells are counted, never echoed) and the likely cause when one is known."""
    text = raw.astype(str).str.strip()
    numbers = pd.to_numeric(text, errors="coerce")
    distinct = sorted(set(numbers.dropna()), key=lambda v: (v < 0, abs(v)))
    shown = [f"{v:g}" for v in distinct[:MAX_VALUES_SHOWN]]
    words = int(numbers.isna().sum())
    parts = []
    if shown:
        more = f" and {len(distinct) - len(shown)} more" if len(distinct) > len(shown) else ""
        parts.append(("value " if len(distinct) == 1 else "values ") + _and(shown) + more)
    if words:
        decimal_comma = text[numbers.isna()].str.fullmatch(r"-?\d+,\d+").all()
        parts.append(f"{words} value(s) with a decimal comma" if decimal_comma else f"{words} text value(s)")
    low, high = score.scale
    hints = []
    if distinct and low == 0 and max(distinct) == high + 1:
        hints.append(f"is {score.kind.upper()} exported on a {low + 1:g}-{high + 1:g} scale? (Qualtrics numbers "
                     f"choices from 1 unless the recode values are set; recode, or declare scale: "
                     f"[{low + 1:g}, {high + 1:g}])")
    if distinct and min(distinct) < 0:
        hints.append("negative codes such as -1 or -99 usually mean 'no answer' in an export: blank them")
    if words and not distinct:
        hints.append("exported as choice text? export numeric values, or blank the cells")
    if distinct and not hints:
        hints.append(f"is the scale in study.yml (scale: [{low:g}, {high:g}]) the one the export uses?")
    hint = "; ".join(hints)
    return "; ".join(parts), hint


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _lines_problem(file: str, column: str, lines: pd.Series, message: str, values: str = "", hint: str = "",
                   **extra) -> Problem:
    """``message[: values] (lines ...)[: hint]``, located at the line when there is one."""
    shown = [str(v) for v in lines.iloc[:MAX_LINES_PER_PROBLEM]]
    values = f": {values}" if values else ""
    hint = f": {hint}" if hint else ""
    if len(lines) == 1:
        return Problem(file, f"{message}{values}{hint}", line=int(lines.iloc[0]), column=column, **extra)
    more = f" and {len(lines) - len(shown)} more" if len(lines) > len(shown) else ""
    return Problem(file, f"{message}{values} (lines {', '.join(shown)}{more}){hint}", column=column, **extra)


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
