"""Code frequencies (people, with 95% Wilson intervals) and code co-occurrence, DataFrame in and out."""
from __future__ import annotations

from itertools import combinations

import pandas as pd

from ..stats import wilson

FREQUENCY_COLUMNS = ["persona", "stage", "code", "parent", "depth", "people", "people_total", "share", "ci_low", "ci_high",
                     "clauses"]
COOCCURRENCE_COLUMNS = ["code_a", "code_b", "units", "people", "jaccard"]
ANY_STAGE = ""   # the row for a persona over all of its clauses, whatever the stage


def _by_stage(frame: pd.DataFrame) -> pd.DataFrame:
    whole = frame.assign(stage=ANY_STAGE)
    staged = frame[frame["stages"].map(len) > 0]
    return pd.concat([whole, staged.assign(stage=staged["stages"]).explode("stage")], ignore_index=True)


def hierarchy(codebook) -> list[tuple[str, str, int]]:
    """(code, parent, depth) in reading order: every parent followed by its children, depth first, in
    codebook order; a code whose parent is unknown (validation names it) or in a loop stands at the top."""
    ids = [c.id for c in codebook]
    parent = {c.id: c.parent for c in codebook if c.parent in ids and c.parent != c.id}
    for code in list(parent):   # break loops: a code that is its own ancestor loses its parent
        seen, at = {code}, parent.get(code)
        while at is not None and at not in seen:
            seen.add(at)
            at = parent.get(at)
        if at is not None:
            parent.pop(code)
    children: dict[str | None, list[str]] = {}
    for c in ids:
        children.setdefault(parent.get(c), []).append(c)
    out: list[tuple[str, str, int]] = []

    def walk(code: str, depth: int) -> None:
        out.append((code, parent.get(code) or "", depth))
        for child in children.get(code, []):
            walk(child, depth + 1)
    for top in children.get(None, []):
        walk(top, 0)
    return out


def rolled_up(applied: pd.DataFrame, codebook) -> pd.DataFrame:
    """The applied codes plus, for every coded clause, each of the code's ancestors: a parent holds the
    people and clauses of its children (one row per clause and code)."""
    levels = hierarchy(codebook)
    parent = {c: p for c, p, _ in levels if p}
    extra = []
    for code, p in parent.items():
        ancestor, rows = p, applied[applied["code"] == code]
        while ancestor and len(rows):
            extra.append(rows.assign(code=ancestor))
            ancestor = parent.get(ancestor)
    if not extra:
        return applied
    return pd.concat([applied, *extra], ignore_index=True).drop_duplicates(["clause_id", "code"])


def code_frequencies(applied: pd.DataFrame, clauses: pd.DataFrame, codebook=()) -> pd.DataFrame:
    """Per persona (and "all") and stage ("" = every stage): of the people who said anything there,
    how many had the code or one of its descendants (a parent rolls up its children, see
    :func:`rolled_up`), with a 95% Wilson interval over people. Rows come in the hierarchy's reading
    order with each code's ``parent`` and ``depth`` (0 at the top). Codes never applied get zero rows."""
    levels = hierarchy(codebook) if codebook else [(c, "", 0) for c in sorted(applied["code"].unique())]
    applied = rolled_up(applied, codebook) if codebook else applied
    said = _by_stage(pd.concat([clauses[["participant", "persona", "stages"]],
                                clauses[["participant", "stages"]].assign(persona="all")], ignore_index=True))
    coded = _by_stage(pd.concat([applied, applied.assign(persona="all")], ignore_index=True))
    totals = said.groupby(["persona", "stage"])["participant"].nunique()
    people = coded.groupby(["persona", "stage", "code"])["participant"].nunique()
    n_clauses = coded.drop_duplicates(["persona", "stage", "code", "clause_id"]).groupby(
        ["persona", "stage", "code"]).size()
    rows = []
    for (persona, stage), total in totals.items():
        for code, parent, depth in levels:
            k = int(people.get((persona, stage, code), 0))
            low, high = wilson(k, int(total))
            rows.append((persona, stage, code, parent, depth, k, int(total), k / total if total else float("nan"), low, high,
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
