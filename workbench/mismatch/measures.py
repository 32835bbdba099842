"""The said side and the did side of every touchpoint, with their n's and the data to resample.

Said (what people say, per touchpoint, over the voice people in scope):

* ``mentioners``: people with at least one clause tagged with the touchpoint (cue or survey prior),
  ``voice_people``: everyone with at least one customer clause; ``mention_share`` = the ratio.
* ``mean_sentiment``: mean compound of its clauses, resampled by person.
* ``complainers``: mentioners with at least one clause about it below the voice module's negative
  threshold; ``complain_share`` over mentioners, ``loud_share`` over all voice people.
* scores tied to it (CSAT/CES rows with that touchpoint): ``score_n``, ``score_good``.

Did (what people do, per touchpoint, over the users in scope), with the contract's definitions
(STUDY_FORMAT.md "Definitions that must not drift"): reached, dropped, drop_rate, the baseline
(median drop rate over touchpoints with at least ``min_users`` reached), exposed versus unexposed
conversion, and each operational metric (share of rows missing the target, or the rate of a 0/1
column against its target).

Users are compressed into *journey patterns* (which touchpoints reached, where they left, whether
they converted) so a bootstrap over tens of thousands of users is a multinomial draw over a few
hundred patterns (:mod:`workbench.mismatch.inference`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..config import StudyConfig
from ..voc.sentiment import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD

__all__ = ["Journeys", "user_journeys", "journeys_from_users", "journeys_from_states", "said_side", "did_side", "score_side",
           "operation_rows", "mentions_of"]


@dataclass(frozen=True)
class Journeys:
    """Users in scope as patterns: ``reached``/``dropped`` are patterns x touchpoints booleans."""

    touchpoints: tuple[str, ...]
    reached: np.ndarray
    dropped: np.ndarray
    converted: np.ndarray
    counts: np.ndarray
    users: pd.DataFrame = field(repr=False)   # user, converted, last_touchpoint (None if converted/none)

    @property
    def total(self) -> int:
        return int(self.counts.sum())


def user_journeys(study, persona: str = "all") -> Journeys | None:
    """Per-user journeys of ``persona``'s users, sliced from the behaviour module's per-user facts
    (:func:`workbench.behaviour.per_user_facts.user_states`, read once per opened source; the events are never
    queried again here); None without behaviour."""
    config = study.config
    if config.behaviour is None:
        return None
    from ..behaviour.per_user_facts import MASK_BITS, user_states
    from ..behaviour.population import check_persona
    check_persona(config, persona)
    states = user_states(study)
    if persona != "all":
        states = states[states["persona"] == persona].reset_index(drop=True)
    return journeys_from_states(config, states, MASK_BITS)


def journeys_from_states(config: StudyConfig, states: pd.DataFrame, mask_bits: int) -> Journeys:
    """Build :class:`Journeys` from per-user states: user, converted, last_tp (-1: none) and the
    ``reach_<j>`` bitmasks (bit b of mask j is touchpoint ``mask_bits * j + b``)."""
    n_tps = len(config.touchpoints)
    reach = np.zeros((len(states), n_tps), dtype=bool)
    for i in range(n_tps):
        mask = states[f"reach_{i // mask_bits}"].to_numpy(dtype=np.int64)
        reach[:, i] = (mask >> np.int64(i % mask_bits)) & 1 == 1
    users = pd.DataFrame({"user": states["user"].astype(str), "converted": states["converted"].to_numpy(dtype=bool)})
    return _journeys(config, users, reach, states["last_tp"].to_numpy(dtype=np.int64))


def journeys_from_users(config: StudyConfig, users: pd.DataFrame, reached: pd.DataFrame,
                        last: pd.DataFrame) -> Journeys:
    """Build :class:`Journeys` from per-user frames: users [user, converted], reached [user, tp_ord]
    (distinct), last [user, last_tp] (non-converters' last touchpoint)."""
    tps = tuple(t.id for t in config.touchpoints)
    users = users.drop_duplicates("user").reset_index(drop=True)
    index = pd.Index(users["user"].astype(str))
    n_users, n_tps = len(users), len(tps)
    reach = np.zeros((n_users, n_tps), dtype=bool)
    if len(reached):
        rows = index.get_indexer(reached["user"].astype(str))
        ok = rows >= 0
        reach[rows[ok], reached["tp_ord"].to_numpy(dtype=int)[ok]] = True
    converted = users["converted"].fillna(False).to_numpy(dtype=bool)
    last_tp = np.full(n_users, -1)
    if len(last):
        rows = index.get_indexer(last["user"].astype(str))
        ok = rows >= 0
        last_tp[rows[ok]] = last["last_tp"].to_numpy(dtype=int)[ok]
    return _journeys(config, pd.DataFrame({"user": index.to_numpy(), "converted": converted}), reach, last_tp)


def _journeys(config: StudyConfig, users: pd.DataFrame, reach: np.ndarray, last_tp: np.ndarray) -> Journeys:
    """Journeys from users [user, converted], a users x touchpoints reach matrix and each user's last
    touchpoint position (-1: none; ignored for converters)."""
    tps = tuple(t.id for t in config.touchpoints)
    n_tps = len(tps)
    converted = users["converted"].to_numpy(dtype=bool)
    last_tp = np.asarray(last_tp, dtype=np.int64).copy()
    last_tp[converted] = -1
    patterns, counts = _patterns(reach, converted, last_tp)
    drop = np.zeros((len(patterns), n_tps), dtype=bool)
    has_last = patterns[:, -1] >= 0
    drop[np.flatnonzero(has_last), patterns[has_last, -1]] = True
    per_user = pd.DataFrame({"user": users["user"].to_numpy(), "converted": converted,
                             "last_touchpoint": [tps[i] if i >= 0 else None for i in last_tp]})
    return Journeys(tps, patterns[:, :n_tps].astype(bool), drop, patterns[:, n_tps].astype(bool),
                    counts.astype(float), per_user)


def _patterns(reach: np.ndarray, converted: np.ndarray, last_tp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of [reached..., converted, last_tp] and how many users have each."""
    n_users, n_tps = reach.shape
    keys = np.column_stack([reach.astype(np.int64), converted.astype(np.int64), last_tp])
    if n_users == 0:
        return np.zeros((0, n_tps + 2), dtype=np.int64), np.zeros(0, dtype=np.int64)
    last_bits = int(n_tps + 1).bit_length()
    if n_tps + 1 + last_bits <= 62:
        # pack each row into one integer: a 1-D unique is far faster than np.unique(axis=0)
        weights = np.left_shift(np.int64(1), np.arange(n_tps + 1, dtype=np.int64))
        packed = keys[:, :n_tps + 1] @ weights + np.left_shift(last_tp + 1, n_tps + 1)
        _, first, counts = np.unique(packed, return_index=True, return_counts=True)
        return keys[first], counts
    return np.unique(keys, axis=0, return_counts=True)


def mentions_of(clauses: pd.DataFrame, touchpoint: str) -> pd.DataFrame:
    """The clauses tagged with ``touchpoint``."""
    if clauses.empty:
        return clauses
    return clauses[clauses["touchpoints"].map(lambda tags: touchpoint in tags)]


def said_side(clauses: pd.DataFrame, config: StudyConfig) -> pd.DataFrame:
    """One row per touchpoint: mentions, mentioners, voice people, mean sentiment, complainers, praisers."""
    voice_people = int(clauses["participant"].astype(str).nunique()) if len(clauses) else 0
    rows = []
    for tp in config.touchpoints:
        sub = mentions_of(clauses, tp.id)
        people = sub["participant"].astype(str)
        compound = sub["compound"].astype(float)
        complainers = int(people[compound < NEGATIVE_THRESHOLD].nunique())
        praisers = int(people[compound > POSITIVE_THRESHOLD].nunique())
        mentioners = int(people.nunique())
        rows.append({"touchpoint": tp.id, "stage": tp.stage, "mentions": int(len(sub)), "mentioners": mentioners,
                     "voice_people": voice_people,
                     "mention_share": mentioners / voice_people if voice_people else math.nan,
                     "mean_sentiment": float(compound.mean()) if len(sub) else math.nan,
                     "complainers": complainers, "praisers": praisers,
                     "complain_share": complainers / mentioners if mentioners else math.nan,
                     "loud_share": complainers / voice_people if voice_people else math.nan})
    return pd.DataFrame(rows)


def score_side(scores: pd.DataFrame, config: StudyConfig) -> pd.DataFrame:
    """One row per touchpoint: survey score rows tied to it (CSAT/CES), how many are good."""
    rows = []
    for tp in config.touchpoints:
        sub = scores[(scores["touchpoint"] == tp.id) & scores["value"].notna()] if len(scores) else scores
        kinds = sorted(set(sub["kind"].dropna().astype(str))) if len(sub) else []
        columns = sorted(set(sub["column"].dropna().astype(str))) if len(sub) else []
        n = int(len(sub))
        good = int(sub["good"].fillna(False).astype(bool).sum()) if n else 0
        rows.append({"touchpoint": tp.id, "score_n": n, "score_good": good,
                     "score_good_share": good / n if n else math.nan,
                     "score_kinds": "/".join(kinds), "score_columns": "/".join(columns)})
    return pd.DataFrame(rows)


def did_side(journeys: Journeys | None, config: StudyConfig, min_users: int) -> tuple[pd.DataFrame, float]:
    """One row per touchpoint: reached, dropped, drop_rate, ratio to baseline, exposed/unexposed
    conversion; and the baseline (median drop rate over touchpoints with >= ``min_users`` reached)."""
    tps = [t.id for t in config.touchpoints]
    if journeys is None:
        frame = pd.DataFrame({"touchpoint": tps, "reached": 0, "dropped": 0})
        frame["drop_rate"] = math.nan
        return frame.assign(baseline=math.nan, ratio_to_baseline=math.nan, exposed_conversion=math.nan,
                            unexposed_conversion=math.nan), math.nan
    w = journeys.counts
    reached = w @ journeys.reached
    dropped = w @ journeys.dropped
    conv = w @ (journeys.reached & journeys.converted[:, None])
    total, total_conv = journeys.total, float(w @ journeys.converted)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(reached > 0, dropped / np.maximum(reached, 1), np.nan)
        enough = reached >= min_users
        baseline = float(np.median(rate[enough])) if enough.any() else math.nan
        frame = pd.DataFrame({
            "touchpoint": tps, "reached": reached.astype(int), "dropped": dropped.astype(int), "drop_rate": rate,
            "baseline": baseline, "ratio_to_baseline": rate / baseline if baseline else np.nan,
            "exposed_conversion": np.where(reached > 0, conv / np.maximum(reached, 1), np.nan),
            "unexposed_conversion": np.where(total - reached > 0, (total_conv - conv) / np.maximum(total - reached, 1),
                                             np.nan)})
    return frame, baseline


def operation_rows(study, config: StudyConfig, persona: str = "all",
                   tables: dict[str, pd.DataFrame] | None = None) -> dict[tuple[str, str, str], pd.DataFrame]:
    """Per touchpoint metric (touchpoint, table, column): rows [user, value] in scope (NaN values dropped).
    ``tables`` may hold the operations tables already read, by key (the analysis pass reads each once).

    A persona's rows are those whose user maps to that persona in users.csv (as in
    :mod:`workbench.behaviour.operations`); a table without a user column counts only for "all".
    """
    out: dict[tuple[str, str, str], pd.DataFrame] = {}
    cache: dict[str, pd.DataFrame] = dict(tables or {})
    persona_of = dict(zip(study.users["user"].astype(str), study.users["persona"])) if len(study.users) else {}
    for tp in config.touchpoints:
        for m in tp.metrics:
            spec = config.operations.get(m.table)
            if spec is None:
                continue
            if m.table not in cache:
                try:
                    cache[m.table] = study.operation(m.table)
                except Exception:  # a missing table is reported by `workbench validate`, not here
                    cache[m.table] = pd.DataFrame()
            table = cache[m.table]
            if m.column not in table.columns:
                continue
            users = table[spec.user].astype(str) if spec.user and spec.user in table.columns else None
            values = pd.to_numeric(table[m.column], errors="coerce")
            rows = pd.DataFrame({"user": users if users is not None else pd.Series(range(len(table))).astype(str),
                                 "value": values})
            if persona != "all":
                if users is None:
                    rows = rows.iloc[0:0]
                else:
                    rows = rows[rows["user"].map(persona_of) == persona]
            out[(tp.id, m.table, m.column)] = rows.dropna(subset=["value"]).reset_index(drop=True)
    return out
