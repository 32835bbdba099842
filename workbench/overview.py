"""The study overview chapter: who and what the evidence is, for one persona or everyone."""
from __future__ import annotations

import pandas as pd

from .exceptions import InputError
from .formats import PERCENT_SEPARATOR, interval
from .scores import summarise_scores
from .study import ALL, Study

SAMPLE_COLUMNS = ["source", "what", "n"]
# How a warning is listed in the evidence table: rows or files it left out, or a plain warning.
LEFT_OUT_SOURCE, WARNING_SOURCE = "Left out", "Warning"


def read_operations(study: Study) -> dict[str, pd.DataFrame]:
    """Every operations table of the study that reads, by its key (read once for a whole pass; a
    table that does not read is left out, and :func:`sample_sizes` reports it by reading it again)."""
    tables = {}
    for name in study.config.operations:
        try:
            tables[name] = study.operation(name)
        except InputError:
            continue
    return tables


def sample_sizes(study: Study, persona: str = ALL, operations: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """How much evidence each source holds for ``persona``: people, turns, answers, users, rows.

    ``operations`` may hold the operations tables already read (:func:`read_operations`)."""
    rows = []
    turns = study._pick(study.turns, persona)
    customer = turns[~turns["is_interviewer"].astype(bool)]
    rows.append(("Interviews", "participants interviewed", customer["participant"].nunique()))
    rows.append(("Interviews", "customer turns", len(customer)))
    scores = study._pick(study.scores, persona)
    answers = study._pick(study.answers, persona)
    for survey in dict.fromkeys([*study.scores["survey"], *study.answers["survey"]]):
        people = set(scores.loc[scores["survey"] == survey, "respondent"]) | set(
            answers.loc[answers["survey"] == survey, "respondent"])
        rows.append((f"Survey: {survey}", "respondents", len(people)))
        rows.append((f"Survey: {survey}", "open answers", int((answers["survey"] == survey).sum())))
    if study.config.users is not None:
        rows.append(("Behaviour", "users in users.csv", len(study.users_for(persona))))
    users = set(study.users_for(persona)["user"]) if persona != ALL else None
    for name, spec in study.config.operations.items():
        table = operations[name] if operations and name in operations else study.operation(name)
        if users is not None and spec.user and spec.user in table.columns:
            table = table[table[spec.user].isin(users)]
        rows.append((f"Operations: {name}", "rows", len(table)))
    return pd.DataFrame(rows, columns=SAMPLE_COLUMNS)


def warning_rows(warnings: list) -> pd.DataFrame:
    """The study's warnings as rows of the evidence table (``SAMPLE_COLUMNS``): every warning, located
    by its shown path, with the count of rows or files it left out as ``n`` (NA when it left out
    nothing, e.g. an unsupported language, whose unit count is in its message)."""
    rows = []
    for w in warnings:
        if w.left_out:
            unit = w.unit[:-1] if w.left_out == 1 and w.unit.endswith("s") else w.unit
            rows.append((LEFT_OUT_SOURCE, f"{w} ({w.left_out:,} {unit} left out)", int(w.left_out)))
        else:
            rows.append((WARNING_SOURCE, str(w), pd.NA))
    return pd.DataFrame(rows, columns=SAMPLE_COLUMNS)


def evidence_table(study: Study, persona: str = ALL, operations: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """The report's evidence table: :func:`sample_sizes`, then every warning of the study with what
    it left out (``study.warnings``; the same for every persona, since the damage is study-wide)."""
    sizes = sample_sizes(study, persona, operations)
    warned = warning_rows(study.warnings)
    return pd.concat([sizes, warned], ignore_index=True) if len(warned) else sizes


def score_summary(study: Study, persona: str = ALL) -> pd.DataFrame:
    """NPS / CSAT / CES for ``persona`` with 95% intervals (see workbench.scores)."""
    return summarise_scores(study.scores_for(persona))


def persona_label(study: Study, persona: str = ALL) -> str:
    return "Everyone (whole population)" if persona == ALL else study.config.persona(persona).label


def persona_description(study: Study, persona: str = ALL) -> str:
    if persona == ALL:
        return "All participants, respondents and users, whatever their persona."
    return study.config.persona(persona).description


def key_facts(scores: pd.DataFrame, reach: pd.DataFrame) -> list[str]:
    """Plain sentences, each with its numbers, n and interval, for the top of the chapter."""
    lines = []
    for row in scores.itertuples():
        flag = " Small sample: read with care." if row.small_sample else ""
        if row.kind == "nps":
            lines.append(f"NPS ({row.survey} {row.column}) is {row.value:+.0f} (95% CI "
                         f"{interval(row.ci_low, row.ci_high, percent=False, signed=True, decimals=0)}; n = {row.n}).{flag}")
        else:
            what = "satisfied" if row.kind == "csat" else "found it low effort"
            lines.append(f"{row.value:.0f}% {what} with {row.about} ({row.kind.upper()}, {row.survey} {row.column}; "
                         f"95% CI {row.ci_low:.0f}{PERCENT_SEPARATOR}{row.ci_high:.0f}%; n = {row.n}).{flag}")
    if len(reach) and reach["users"].iloc[0] > 0:
        users = int(reach["users"].iloc[0])
        shares = reach["share"].tolist()
        falls = [(shares[i] - shares[i + 1], i) for i in range(len(shares) - 1)]
        if falls:
            drop, i = max(falls)
            a, b = reach.iloc[i], reach.iloc[i + 1]
            lines.append(f"Of {users:,} users, {100 * a.share:.1f}% reached {a.label} but {100 * b.share:.1f}% reached "
                         f"{b.label} (95% CI {interval(b.ci_low, b.ci_high, 1)}): the largest fall "
                         f"between stages.")
    return lines
