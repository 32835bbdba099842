"""Code frequencies (people, with 95% Wilson intervals) and code co-occurrence, DataFrame in and out."""
from __future__ import annotations

from itertools import combinations

import pandas as pd

from ..stats import wilson

FREQUENCY_COLUMNS = ["persona", "stage", "code", "people", "people_total", "share", "ci_low", "ci_high", "clauses"]
COOCCURRENCE_COLUMNS = ["code_a", "code_b", "units", "people", "jaccard"]
ANY_STAGE = ""   # the row for a persona over all of its clauses, whatever the stage


def _by_stage(frame: pd.DataFrame) -> pd.DataFrame:
    whole = frame.assign(stage=ANY_STAGE)
    staged = frame[frame["stages"].map(len) > 0]
    return pd.concat([whole, staged.assign(stage=staged["stages"]).explode("stage")], ignore_index=True)


def code_frequencies(applied: pd.DataFrame, clauses: pd.DataFrame, codebook=()) -> pd.DataFrame:
    """Per persona (and "all") and stage ("" = every stage): of the people who said anything there,
    how many had the code, with a 95% Wilson interval over people. Codes never applied get zero rows."""
    codes = [c.id for c in codebook] or sorted(applied["code"].unique())
    said = _by_stage(pd.concat([clauses[["participant", "persona", "stages"]],
                                clauses[["participant", "stages"]].assign(persona="all")], ignore_index=True))
    coded = _by_stage(pd.concat([applied, applied.assign(persona="all")], ignore_index=True))
    totals = said.groupby(["persona", "stage"])["participant"].nunique()
    people = coded.groupby(["persona", "stage", "code"])["participant"].nunique()
    n_clauses = coded.drop_duplicates(["persona", "stage", "code", "clause_id"]).groupby(
        ["persona", "stage", "code"]).size()
    rows = []
    for (persona, stage), total in totals.items():
        for code in codes:
            k = int(people.get((persona, stage, code), 0))
            low, high = wilson(k, int(total))
            rows.append((persona, stage, code, k, int(total), k / total if total else float("nan"), low, high,
                         int(n_clauses.get((persona, stage, code), 0))))
    return pd.DataFrame(rows, columns=FREQUENCY_COLUMNS)


def code_cooccurrence(applied: pd.DataFrame) -> pd.DataFrame:
    """Pairs of codes given to the same unit (turn or answer): units, people and the units' Jaccard index."""
    units_of = applied.groupby("code")["unit_id"].agg(lambda s: set(map(str, s)))
    person = dict(zip(applied["unit_id"].astype(str), applied["participant"].astype(str)))
    rows = []
    for a, b in combinations(sorted(units_of.index), 2):
        both = units_of[a] & units_of[b]
        if both:
            rows.append((a, b, len(both), len({person[u] for u in both}), len(both) / len(units_of[a] | units_of[b])))
    return pd.DataFrame(rows, columns=COOCCURRENCE_COLUMNS).sort_values(
        ["units", "code_a", "code_b"], ascending=[False, True, True]).reset_index(drop=True)
