"""Themes that appeared or faded between two waves, and the change in share of those matched (issue 11).

Each wave's themes come from :func:`workbench.themes.build_themes` over that wave's clauses (the
analysis pass's ``themes`` table for the later wave). A theme's share is the people who raised it
over the stage's people: distinct participants (interviewees and survey respondents) with at least
one clause tagged to the stage in that wave.

Matching rule (:func:`match_themes`), per stage and language, one earlier theme to at most one later
theme:

1. the same theme id (a hash of stage, language and the label's word stems: the same label);
2. otherwise the two themes share at least :data:`MIN_SHARED_TERMS` *terms*, a term being a word of
   the label that is not a stopword or filler of the language, or one of the theme's top phrases, all
   lower-cased (``"checkout was quick"`` and ``"checkout works"`` share ``checkout``, ``quick`` and
   ``simple``);
3. candidates are taken greedily: same id first, then most shared terms, then most people together
   (ties by id, so the result does not depend on row order).

An earlier theme without a match *faded* (only before); a later one without a match *appeared* (only
now). Neither is tested: a theme missing from a wave is one the theme builder did not find there (too
few people, or no phrase above its stage lift), not one nobody mentioned, so a share of 0 would be
invented. A matched pair is a two-proportion change (:func:`.inference.proportion_change`: Newcombe
interval, two-proportion test) unless fewer than :data:`.inference.MIN_PEOPLE_TO_TEST` people raised
it on either side ("too few people to test"). The tests are Benjamini-Hochberg corrected as their own
``themes`` family (:data:`.compare.CORRECTION_FAMILY`): themes are built per wave, so a share change
mixes real change with how the builder grouped phrases each wave, and it has no better side (its
direction is always none; a detected change is reported, not judged).
"""
from __future__ import annotations

import math

import pandas as pd

from .inference import MIN_PEOPLE_TO_TEST, TOO_FEW_PEOPLE, proportion_change

THEME_MEASURE = "theme_share"
APPEARED, FADED, MATCHED = "appeared", "faded", "matched"
# ``note`` of the untested rows (the contract's "why a row has no test")
STATUS_NOTE = {APPEARED: "appeared: only in this wave", FADED: "faded: only in the earlier wave"}
WAVE_THEME_COLUMNS = ["stage", "language", "status", "theme_before", "theme_after", "label_before", "label_after",
                      "people_before", "people_after", "stage_people_before", "stage_people_after", "shared"]
PHRASE_SEPARATOR = ";"
# Two shared terms, not one: on the demo (2026 Q2 -> Q3, persona all) a single shared term paired
# unrelated themes through a generic word ("otp from the bank took long to arrive" with "parcel took
# a week to reach kuching" by "took"; "environment" with "tracking updates" by the top phrase
# "packaging"; 6 of the 30 pairs); with two, every pair left shares the theme's subject.
MIN_SHARED_TERMS = 2


def stage_people(clauses: pd.DataFrame) -> dict[str, int]:
    """Distinct participants with at least one clause tagged to each stage."""
    if not len(clauses):
        return {}
    tagged = clauses[["participant", "stages"]].explode("stages").dropna(subset=["stages"])
    return {str(s): int(n) for s, n in tagged.groupby("stages")["participant"].nunique().items()}


def _label_words(label: str, language: str) -> set[str]:
    from ..themes.keyphrases import vocabulary_for
    vocab = vocabulary_for(language or "en")
    return {w.lower() for w in vocab.tokenize(str(label).lower()) if w.strip() and w.lower() not in vocab.drop}


def theme_terms(row) -> set[str]:
    """The label's content words and the top phrases of one theme row, lower-cased."""
    phrases = str(row["top_phrases"]) if isinstance(row["top_phrases"], str) else ""
    out = {p.strip().lower() for p in phrases.split(PHRASE_SEPARATOR) if p.strip()}
    return out | _label_words(row["label"], row["language"] if isinstance(row["language"], str) else "en")


def match_themes(before: pd.DataFrame, after: pd.DataFrame) -> list[tuple[int | None, int | None, list[str]]]:
    """(index in ``before`` or None, index in ``after`` or None, shared terms) for every theme of
    either wave: matched pairs, then the earlier themes left (faded), then the later ones (appeared)."""
    terms_b = {i: theme_terms(r) for i, r in before.iterrows()}
    terms_a = {j: theme_terms(r) for j, r in after.iterrows()}
    candidates = []
    for i, b in before.iterrows():
        for j, a in after.iterrows():
            if (b["stage"], b["language"]) != (a["stage"], a["language"]):
                continue
            same, shared = b["theme"] == a["theme"], sorted(terms_b[i] & terms_a[j])
            if same or len(shared) >= MIN_SHARED_TERMS:
                candidates.append((-int(same), -len(shared), -(int(b["people"]) + int(a["people"])),
                                   str(b["theme"]), str(a["theme"]), i, j, shared))
    used_b, used_a, pairs = set(), set(), []
    for *_, i, j, shared in sorted(candidates, key=lambda c: c[:5]):
        if i in used_b or j in used_a:
            continue
        used_b.add(i)
        used_a.add(j)
        pairs.append((i, j, shared))
    pairs += [(i, None, []) for i in before.index if i not in used_b]
    pairs += [(None, j, []) for j in after.index if j not in used_a]
    return pairs


def wave_themes(before: pd.DataFrame, after: pd.DataFrame, people_before: dict[str, int],
                people_after: dict[str, int]) -> pd.DataFrame:
    """One row per theme of either wave: matched | appeared | faded, with people and stage people."""
    rows = []
    for i, j, shared in match_themes(before, after):
        b = before.loc[i] if i is not None else None
        a = after.loc[j] if j is not None else None
        ref = a if a is not None else b
        stage = str(ref["stage"])
        rows.append({"stage": stage, "language": ref["language"],
                     "status": MATCHED if (a is not None and b is not None) else (APPEARED if a is not None else FADED),
                     "theme_before": b["theme"] if b is not None else None,
                     "theme_after": a["theme"] if a is not None else None,
                     "label_before": b["label"] if b is not None else None,
                     "label_after": a["label"] if a is not None else None,
                     "people_before": int(b["people"]) if b is not None else 0,
                     "people_after": int(a["people"]) if a is not None else 0,
                     "stage_people_before": int(people_before.get(stage, 0)),
                     "stage_people_after": int(people_after.get(stage, 0)),
                     "shared": "; ".join(shared)})
    return pd.DataFrame(rows, columns=WAVE_THEME_COLUMNS)


def theme_label(row) -> str:
    """The theme's name in changes.csv: the later label, with the earlier one when they differ."""
    before, after = row["label_before"], row["label_after"]
    if isinstance(before, str) and isinstance(after, str) and before != after:
        return f"{after} (before: {before})"
    return after if isinstance(after, str) else before


def theme_change_rows(themes: pd.DataFrame) -> pd.DataFrame:
    """changes.csv rows (before correction) for :func:`wave_themes`' rows: ``theme_share`` of the stage,
    tested for matched themes raised by at least MIN_PEOPLE_TO_TEST people on both sides."""
    rows = []
    for _, r in themes.iterrows():
        nb, na = r["stage_people_before"], r["stage_people_after"]
        xb, xa = r["people_before"], r["people_after"]
        res = proportion_change(xb, nb, xa, na)
        note = ""
        if r["status"] != MATCHED:
            note = STATUS_NOTE[r["status"]]
            res.update(change=math.nan, ci_low=math.nan, ci_high=math.nan, p_value=math.nan)
            res["before" if r["status"] == APPEARED else "after"] = math.nan
        elif min(xb, xa) < MIN_PEOPLE_TO_TEST:
            note = TOO_FEW_PEOPLE
            res.update(ci_low=math.nan, ci_high=math.nan, p_value=math.nan)
        rows.append({"touchpoint": None, "stage": r["stage"], "measure": THEME_MEASURE, **res,
                     "n_before": int(nb), "n_after": int(na), "better": None, "baseline_before": math.nan,
                     "baseline_after": math.nan, "note": note, "theme": theme_label(r)})
    return pd.DataFrame(rows)


def compare_themes(voice_before, voice_after, config_before, config_after, themes_before=None,
                   themes_after=None) -> pd.DataFrame:
    """:func:`wave_themes` for two waves' voice results (``themes_before`` / ``themes_after``: the
    themes tables when already built)."""
    from ..analysis.themes_pass import persona_themes
    before = themes_before if themes_before is not None else persona_themes(voice_before, config_before)
    after = themes_after if themes_after is not None else persona_themes(voice_after, config_after)
    return wave_themes(before.reset_index(drop=True), after.reset_index(drop=True),
                       stage_people(voice_before.clauses), stage_people(voice_after.clauses))
