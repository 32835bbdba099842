"""participants.csv and users.csv: who took part, as which persona."""
from __future__ import annotations

import pandas as pd

from ..config import StudyConfig
from ..exceptions import InputError, Problem, did_you_mean
from .table_files import data_line, read_table

PARTICIPANT_COLUMNS = ("participant_id", "persona", "user_id", "respondent_id", "interview_file", "language")
REQUIRED_PARTICIPANT_COLUMNS = ("participant_id", "persona")
# Problems of one kind in one column are listed up to this many lines, then summarised, so a
# bad export gives a readable screen rather than thousands of lines.
MAX_LINES_PER_PROBLEM = 5


def read_participants(config: StudyConfig) -> tuple[pd.DataFrame, list[Problem]]:
    """Read participants.csv (absent -> empty table). Returns the table and any problems."""
    shown = config.participants_file
    path = config.root / shown
    if not path.exists():
        return pd.DataFrame(columns=list(PARTICIPANT_COLUMNS), dtype=object), []
    try:
        frame = read_table(path, shown)
    except InputError as exc:
        return pd.DataFrame(columns=list(PARTICIPANT_COLUMNS), dtype=object), exc.problems
    problems = [Problem(shown, f"required column '{c}' not found" + did_you_mean(c, frame.columns), line=1)
                for c in REQUIRED_PARTICIPANT_COLUMNS if c not in frame.columns]
    if problems:
        return pd.DataFrame(columns=list(PARTICIPANT_COLUMNS), dtype=object), problems
    out = frame.copy()
    for column in PARTICIPANT_COLUMNS:
        if column not in out.columns:
            out[column] = None
    out = out.apply(lambda s: s.str.strip() if s.dtype == object else s)
    problems += _located(shown, "participant_id", out.index[out["participant_id"].isna()], "participant_id is empty")
    dupes = out.index[out["participant_id"].duplicated(keep="first") & out["participant_id"].notna()]
    problems += _located(shown, "participant_id", dupes, "participant_id '{value}' is used twice", out["participant_id"])
    personas = config.persona_ids
    for i in out.index[~out["persona"].isin(personas)]:
        value = out.at[i, "persona"]
        problems.append(Problem(shown, f"'{value}' is not a persona in study.yml" + did_you_mean(value, personas),
                                line=data_line(i), column="persona"))
    if config.interviews is not None:
        folder = config.root / "interviews"
        for i in out.index[out["interview_file"].notna()]:
            name = out.at[i, "interview_file"]
            if not (folder / name).is_file():
                existing = sorted(p.name for p in folder.glob("*")) if folder.is_dir() else []
                problems.append(Problem(shown, f"interview file 'interviews/{name}' not found" + did_you_mean(name, existing),
                                        line=data_line(i), column="interview_file"))
    return out.reset_index(drop=True), problems


def read_users(config: StudyConfig) -> tuple[pd.DataFrame, list[Problem]]:
    """Read the behavioural population (users.csv): columns ``user``, ``persona`` plus attributes."""
    empty = pd.DataFrame({"user": pd.Series(dtype=object), "persona": pd.Series(dtype=object)})
    if config.users is None:
        return empty, []
    spec = config.users
    try:
        frame = read_table(config.root / spec.file, spec.file)
    except InputError as exc:
        return empty, exc.problems
    problems = [Problem(spec.file, f"column '{col}' (from study.yml users.columns.{role}) not found"
                        + did_you_mean(col, frame.columns), line=1)
                for role, col in (("user", spec.user), ("persona", spec.persona)) if col not in frame.columns]
    if problems:
        return empty, problems
    out = frame.rename(columns={spec.user: "user", spec.persona: "persona"})
    out = out[["user", "persona", *[c for c in out.columns if c not in ("user", "persona")]]]
    personas = config.persona_ids
    unknown = out["persona"].notna() & ~out["persona"].isin(personas)
    for value, rows in out.index[unknown].to_series().groupby(out.loc[unknown, "persona"]):
        lines = [data_line(i) for i in rows[:MAX_LINES_PER_PROBLEM]]
        more = f" and {len(rows) - len(lines)} more" if len(rows) > len(lines) else ""
        problems.append(Problem(spec.file, f"'{value}' is not a persona in study.yml" + did_you_mean(value, personas)
                                + f" (lines {', '.join(map(str, lines))}{more})", column=spec.persona))
    dupes = out["user"].duplicated() & out["user"].notna()
    if dupes.any():
        first = out.index[dupes][0]
        problems.append(Problem(spec.file, f"user '{out.at[first, 'user']}' appears twice ({int(dupes.sum())} repeated ids)",
                                line=data_line(first), column=spec.user))
    return out.reset_index(drop=True), problems


def _located(shown: str, column: str, rows, message: str, values: pd.Series | None = None) -> list[Problem]:
    problems = []
    for i in list(rows)[:MAX_LINES_PER_PROBLEM]:
        text = message.format(value=values.at[i] if values is not None else "")
        problems.append(Problem(shown, text, line=data_line(i), column=column))
    if len(rows) > MAX_LINES_PER_PROBLEM:
        problems.append(Problem(shown, f"... and {len(rows) - MAX_LINES_PER_PROBLEM} more rows like that", column=column))
    return problems
