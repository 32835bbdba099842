"""Per touchpoint and per stage: mentions, people, sentiment with intervals over people, emotion.

Intervals resample people, not sentences (``workbench.stats.cluster_bootstrap``): ten sentences
from one talkative participant are one person's view. Shares carry their interval the same way.
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from ..config import StudyConfig
from ..language.clean import clean_text
from ..stats import cluster_bootstrap
from .emotion import EMOTIONS, emoji_map
from .phrases import QUOTE_WORDS, same_words, subsumed, word_count
from .sentiment import NEGATIVE_THRESHOLD

TOP_PHRASES = 5        # phrases listed per touchpoint in touchpoints.csv
QUOTES_PER_ROW = 3     # best quotes per touchpoint / stage
# Sentences whose word key is remembered: a clause is ranked once per touchpoint, stage and persona
# group it belongs to, and a demo has ~5,000 clauses per wave. (Word counts are not: Thai words
# depend on the study's cue words, and language.segment keeps its own invalidated cache.)
QUOTE_MEMO = 1 << 16
TOUCHPOINT_COLUMNS = ["touchpoint", "label", "stage", "mentions", "people", "mean_sentiment", "ci_low", "ci_high",
                      "share_negative", "share_negative_ci_low", "share_negative_ci_high", "dominant_emotion",
                      "emoji", "top_phrases", "quote_ids", "language"]
STAGE_COLUMNS = ["stage", "label", "order", "mentions", "people", "mean_sentiment", "ci_low", "ci_high",
                 "share_negative", "share_negative_ci_low", "share_negative_ci_high", "dominant_emotion", "emoji",
                 *[f"share_{e}" for e in EMOTIONS], "quote_ids", "language"]
QUOTE_COLUMNS = ["quote_id", "text", "participant", "persona", "file", "ref", "start", "source", "language",
                 "verbatim"]


def _members(clauses: pd.DataFrame, column: str, tag: str) -> pd.DataFrame:
    tags = clauses[column].tolist()
    return clauses[np.fromiter((tag in t for t in tags), dtype=bool, count=len(tags))]


def sentiment_block(sub: pd.DataFrame) -> dict[str, float]:
    """Mentions, people, mean compound and share negative, each with a 95% interval over people."""
    if sub.empty:
        return {"mentions": 0, "people": 0, "mean_sentiment": math.nan, "ci_low": math.nan, "ci_high": math.nan,
                "share_negative": math.nan, "share_negative_ci_low": math.nan, "share_negative_ci_high": math.nan}
    people = sub["participant"].astype(str).to_numpy()
    mean, lo, hi = cluster_bootstrap(sub["compound"].to_numpy(), people)
    neg = (sub["compound"].to_numpy() < NEGATIVE_THRESHOLD).astype(float)
    share, slo, shi = cluster_bootstrap(neg, people)
    return {"mentions": int(len(sub)), "people": int(len(set(people))), "mean_sentiment": mean, "ci_low": lo,
            "ci_high": hi, "share_negative": share, "share_negative_ci_low": slo, "share_negative_ci_high": shi}


def dominant_emotion(sub: pd.DataFrame) -> str:
    """The commonest non-neutral emotion (neutral only when nothing else is said); "" when empty."""
    if sub.empty:
        return ""
    counts = sub["emotion"].value_counts()
    felt = counts.drop("neutral", errors="ignore")
    if felt.empty:
        return "neutral"
    top = felt[felt == felt.max()].index
    return next(e for e in EMOTIONS if e in top)  # ties: journey-map order, a fixed rule


def best_quotes(sub: pd.DataFrame, k: int = QUOTES_PER_ROW, prefer: list[bool] | None = None) -> list[str]:
    """Unit ids of up to ``k`` quotes: one per person, of typical sign, readable, strongest first.

    Ranked by ``prefer`` (per row, True first: a theme's clauses that say its label's words), then
    readable length (:data:`QUOTE_WORDS`), then the mean's sign, then strength, then clause id; each
    person's best clause is kept, then the first of each wording."""
    if sub.empty:
        return []
    compound = sub["compound"].to_numpy(dtype=float)
    typical_sign = np.sign(sub["compound"].mean())
    low, high = QUOTE_WORDS
    texts = sub["sentence_text"].tolist()

    def rank(i: int) -> tuple:   # pandas' order: descending keys, missing strength last, stable
        words = word_count(texts[i])
        strength = abs(compound[i])
        missing = math.isnan(strength)
        return (-int(bool(prefer[i])) if prefer is not None else 0, -int(low <= words <= high),
                -int(np.sign(compound[i]) == typical_sign), missing,
                0.0 if missing else -strength, clause_ids[i], i)

    clause_ids = sub["clause_id"].tolist()
    people, units = sub["participant"].tolist(), sub["unit_id"].tolist()
    seen_people, seen_words, out = set(), set(), {}
    for i in sorted(range(len(texts)), key=rank):
        person = None if _missing(people[i]) else people[i]
        if person in seen_people:
            continue
        seen_people.add(person)
        said = _same_words(texts[i])
        if said in seen_words:
            continue
        seen_words.add(said)
        out.setdefault(str(units[i]), None)
        if len(out) == k:
            break
    return list(out)


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


_same_words = lru_cache(maxsize=QUOTE_MEMO)(same_words)


def languages_of(sub: pd.DataFrame) -> str:
    """The languages the clauses are in, commonest first, joined by "|" ("" when there are none)."""
    if sub.empty or "language" not in sub.columns:
        return ""
    counts = sub["language"].astype(str).value_counts()
    return "|".join(sorted(counts.index, key=lambda c: (-counts[c], c)))


def touchpoint_summary(clauses: pd.DataFrame, config: StudyConfig, distinctive: pd.DataFrame) -> pd.DataFrame:
    """One row per touchpoint of the study (zero mentions included, NaN where there is nothing)."""
    emoji = emoji_map()
    rows = []
    for tp in config.touchpoints:
        sub = _members(clauses, "touchpoints", tp.id)
        emotion = dominant_emotion(sub)
        rows.append({"touchpoint": tp.id, "label": tp.label, "stage": tp.stage, **sentiment_block(sub),
                     "dominant_emotion": emotion, "emoji": emoji.get(emotion, ""),
                     "top_phrases": top_phrases(distinctive, tp.id), "quote_ids": ";".join(best_quotes(sub)),
                     "language": languages_of(sub)})
    return pd.DataFrame(rows, columns=TOUCHPOINT_COLUMNS)


def top_phrases(distinctive: pd.DataFrame, group: str, k: int = TOP_PHRASES) -> str:
    """The group's most distinctive phrases (z > 0), said by two or more people where possible."""
    if distinctive.empty:
        return ""
    mine = distinctive[(distinctive["group"] == group) & (distinctive["z"] > 0)]
    shared = mine[mine["speakers"] >= 2]
    ranked = pd.concat([shared, mine[mine["speakers"] < 2]])
    ranked = ranked[~subsumed(ranked["phrase"], ranked["count"]).to_numpy()]
    pick = ranked.head(k)
    return "; ".join(pick["phrase"])


def stage_summary(clauses: pd.DataFrame, config: StudyConfig) -> pd.DataFrame:
    """One row per stage in journey order: sentiment with intervals, emotion shares, dominant emoji."""
    emoji = emoji_map()
    rows = []
    for order, stage in enumerate(config.stages, start=1):
        sub = _members(clauses, "stages", stage.id)
        emotion = dominant_emotion(sub)
        shares = sub["emotion"].value_counts(normalize=True) if len(sub) else pd.Series(dtype=float)
        rows.append({"stage": stage.id, "label": stage.label, "order": order, **sentiment_block(sub),
                     "dominant_emotion": emotion, "emoji": emoji.get(emotion, ""),
                     **{f"share_{e}": (float(shares.get(e, 0.0)) if len(sub) else math.nan) for e in EMOTIONS},
                     "quote_ids": ";".join(best_quotes(sub)), "language": languages_of(sub)})
    return pd.DataFrame(rows, columns=STAGE_COLUMNS)


def quote_table(units: pd.DataFrame) -> pd.DataFrame:
    """quote_id (the unit id) -> the customer's words and provenance, for every customer unit.

    ``text`` is the unit without stage notes and fillers (a removed note in the middle shows as
    "…"), so no quote opens with "[laughs]"; ``verbatim`` keeps the transcript's text as written.
    Units with nothing left after cleaning are not quotable and are left out."""
    out = units.rename(columns={"unit_id": "quote_id"})
    out = out[out["text"].map(lambda t: isinstance(t, str) and bool(t.strip())).astype(bool)]
    if "language" not in out.columns:
        out = out.assign(language="en")
    codes = out["language"].map(lambda c: c if isinstance(c, str) and c else "en")
    cleaned = [clean_text(t, c) for t, c in zip(out["text"], codes)]
    out = out.assign(verbatim=out["text"], text=cleaned, language=codes)
    out = out[out["text"] != ""]
    return out[QUOTE_COLUMNS].drop_duplicates("quote_id").reset_index(drop=True)
