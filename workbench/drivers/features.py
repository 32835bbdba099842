"""Per-user outcomes and features, built in DuckDB through ibis on the behaviour engine's events.

Outcome (one per user):
- ``conversion``: the user has the goal event in the window;
- ``churn``: among users with the ``churn.after`` event, no event at all within ``inactive_days``
  after their first one. Users whose first ``after`` event is too close to the end of the data for
  the whole inactivity window to be observed are excluded (and counted).

Features are what the study knows *before the outcome is decided*, so none is the outcome in
disguise: touchpoints reached before the first goal (conversion) or up to the first ``after``
event (churn); operations records (support waits, deliveries...) up to the same point, as
"missed the target at least once"; linked survey scores (position on the answer scale, 0-1) and
the mean sentiment of the person's open answers, with an "answered the survey" indicator; persona.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis
import numpy as np
import pandas as pd

from ..behaviour.files import scan_sql, sql_ident
from ..behaviour.population import ALL, scoped_events, source_for
from ..exceptions import InputError, Problem
from .settings import ChurnSpec

DAY_SECONDS = 86_400
# A trailing UTC offset, as behaviour/source.py's OFFSET_PATTERN (there with capturing groups).
OFFSET = r"(?:Z|z|[+-][0-9]{2}(?::?[0-9]{2})?)$"
NO_PERSONA = "(none)"
CUT_TABLE = "wb_driver_users"


@dataclass
class FeatureTable:
    """One row per user in scope: ``user``, ``persona``, ``outcome`` (1 = the bad outcome), features."""

    outcome: str                   # "conversion" | "churn"
    frame: pd.DataFrame            # user, persona, outcome, then one column per feature
    features: list[str]            # feature columns (0/1 or scaled values)
    labels: dict[str, str]         # feature -> plain-language label
    excluded: dict[str, int] = field(default_factory=dict)   # reason -> users left out
    bad_outcome: str = ""          # what outcome = 1 means, in words


def _cutoffs(src, ev: ibis.Table, outcome: str, churn: ChurnSpec | None) -> tuple[ibis.Table, dict[str, int]]:
    """Per user: ``cut`` (features use events strictly before / up to it) and ``bad`` (the outcome)."""
    users = ev.group_by("user").aggregate(first_t=ev.t.min())
    if outcome == "conversion":
        goals = ev.filter(ev.goal).group_by("user").aggregate(goal_t=ev.t.min())
        per = users.left_join(goals, users.user == goals.user).drop("user_right")
        return per.mutate(cut=per.goal_t.fill_null(np.inf), bad=per.goal_t.isnull().cast("int8")), {}
    code = src.event_code(churn.after)
    if code is None:
        raise InputError(Problem("study.yml", f"churn.after: '{churn.after}' never occurs in the events"))
    end = src.scalar(src.events.t.max())
    window = churn.inactive_days * DAY_SECONDS
    anchor = ev.filter(ev.ev == code).group_by("user").aggregate(cut=ev.t.min())
    joined = ev.join(anchor, ev.user == anchor.user)
    later = joined.filter((joined.t > joined.cut) & (joined.t <= joined.cut + window))
    active = later.group_by("user").aggregate(active=later.t.count())
    per = anchor.left_join(active, anchor.user == active.user).drop("user_right")
    per = per.mutate(bad=(per.active.fill_null(0) == 0).cast("int8"), observable=per.cut + window <= end)
    counts = src.fetch(per.group_by("observable").aggregate(n=per.count()))
    short = int(counts.loc[~counts["observable"].astype(bool), "n"].sum())
    return per.filter(per.observable).select("user", "cut", "bad"), {"observation window too short": short}


def _touchpoint_flags(src, ev: ibis.Table, per: ibis.Table, outcome: str) -> ibis.Table:
    joined = ev.join(per, ev.user == per.user)
    before = (joined.t < joined.cut) if outcome == "conversion" else (joined.t <= joined.cut)
    aggs = {f"tp_{i}": (before & (joined.tp_ord == i).fill_null(False)).any().cast("int8")
            for i in range(len(src.touchpoint_ids))}
    return joined.group_by("user").aggregate(**aggs)


def _first_miss_sql(path, spec, m) -> str:
    """DuckDB: per user, the earliest time (epoch seconds) of a record missing the target. The
    connection's TimeZone is the study's (behaviour/source.py), so times without an offset are read
    as local wall time."""
    value = f"TRY_CAST(CAST(o.{sql_ident(m.column)} AS VARCHAR) AS DOUBLE)"
    when = f"epoch(TRY_CAST(CAST(o.{sql_ident(spec.time)} AS VARCHAR) AS TIMESTAMPTZ))"
    miss = f"{value} > {float(m.target)!r}" if m.better == "lower" else f"{value} < {float(m.target)!r}"
    return (f"SELECT CAST(o.{sql_ident(spec.user)} AS VARCHAR) AS user, min({when}) AS first_miss "
            f"FROM {scan_sql([path], [spec.user, spec.time, m.column])} o WHERE {miss} GROUP BY 1")


def _first_misses(src, path, spec, m) -> pd.Series | None:
    """Earliest missed-target time per user of one metric (None when the table lacks the column),
    queried once per opened source and kept there: every persona and outcome slices it by its cut
    (a user missed before the cut exactly when the earliest miss is before it)."""
    key = ("first_miss", str(path), spec.user, spec.time, m.column, float(m.target), m.better)
    if key not in src._cache:
        columns = {r[0] for r in src.con.con.execute(f"DESCRIBE SELECT * FROM {scan_sql([path])}").fetchall()}
        first = None
        if m.column in columns:
            rows = src.con.con.execute(_first_miss_sql(path, spec, m)).df().dropna(subset=["user"])   # NULL joins nobody
            first = pd.Series(rows["first_miss"].to_numpy(dtype=float), index=rows["user"].astype(str))
        src._cache[key] = first
    return src._cache[key]


def _operations(study, src, per: pd.DataFrame, strict: bool) -> tuple[pd.DataFrame, dict[str, str]]:
    """Per user: missed the target at least once in a touchpoint's operations table before the cut."""
    out = pd.DataFrame({"user": per["user"]})
    labels = {}
    cut = per.set_index("user")["cut"]
    for tp in src.config.touchpoints:
        for m in tp.metrics:
            spec = src.config.operations.get(m.table)
            if spec is None or not spec.user or not spec.time:
                continue
            path = Path(src.config.root) / spec.file
            name = f"missed_{m.table}_{m.column}"
            if src.backend == "duckdb":
                first = _first_misses(src, path, spec, m)
                if first is None:
                    continue
                when = per["user"].astype(str).map(first).to_numpy(dtype=float)   # NaN: never missed
                limit = per["cut"].to_numpy(dtype=float)
                missed = set(per["user"].astype(str)[(when < limit) if strict else (when <= limit)])
            else:
                table = study.operation(m.table)
                if m.column not in table.columns:
                    continue
                rows = pd.DataFrame({"user": table[spec.user].astype(str), "v": pd.to_numeric(table[m.column], errors="coerce"),
                                     "s": _seconds(table[spec.time], src.config.timezone)}).dropna()
                limit = rows["user"].map(cut).fillna(-np.inf)
                rows = rows[rows["s"] < limit] if strict else rows[rows["s"] <= limit]
                bad = rows["v"] > m.target if m.better == "lower" else rows["v"] < m.target
                missed = set(rows.loc[bad, "user"])
            out[name] = out["user"].isin(missed).astype("int8")
            labels[name] = f"{tp.label}: {m.column.replace('_', ' ')} missed the target ({m.target:g}) at least once"
    return out, labels


def _seconds(dates: pd.Series, zone: str) -> pd.Series:
    """Seconds since 1970 UTC; values without an offset are wall time in the study's time zone."""
    text = dates.astype("string").str.strip()
    aware = text.str.contains(OFFSET, regex=True, na=False)
    out = pd.Series(np.nan, index=dates.index)
    epoch = pd.Timestamp("1970-01-01", tz="UTC")
    if aware.any():
        out[aware] = (pd.to_datetime(text[aware], errors="coerce", utc=True, format="mixed") - epoch).dt.total_seconds()
    if (~aware).any():
        naive = pd.to_datetime(text[~aware], errors="coerce", format="mixed")
        local = naive.dt.tz_localize(zone, ambiguous="NaT", nonexistent="NaT")
        out[~aware] = (local - epoch).dt.total_seconds()
    return out


def _in_time(frame: pd.DataFrame, limit: pd.Series, zone: str) -> pd.DataFrame:
    """Rows of a scores / answers table dated no later than their user's limit (seconds)."""
    frame = frame.dropna(subset=["user"]).assign(user=lambda f: f["user"].astype(str))
    if frame.empty:
        return frame
    return frame[_seconds(frame["date"], zone) <= frame["user"].map(limit).fillna(-np.inf)]


def _surveys(study, per: pd.DataFrame, voice: Any, zone: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """Linked people's scores (0-1 on the answer scale) and the mean sentiment of their open answers,
    from answers dated up to the user's feature limit only (a post-purchase survey says nothing
    about whether someone was going to buy)."""
    out = pd.DataFrame({"user": per["user"]})
    labels = {}
    limit = per.set_index("user")["limit"]
    scores = _in_time(study.scores, limit, zone)
    if scores.empty:
        return out, labels
    span = (scores["scale_max"].astype(float) - scores["scale_min"].astype(float)).replace(0, np.nan)
    scores = scores.assign(pos=(scores["value"].astype(float) - scores["scale_min"].astype(float)) / span)
    linked = out["user"].isin(set(scores["user"].astype(str)))
    out["answered_survey"] = linked.astype("int8")
    labels["answered_survey"] = "answered a survey (linked to their user id)"
    for (kind, about), group in scores.groupby(["kind", scores["touchpoint"].fillna("overall")], sort=True):
        name = f"score_{kind}_{about}".replace("-", "_")
        mean = group.groupby(group["user"].astype(str))["pos"].mean()
        # centred on the mean of those who answered: non-respondents carry the indicator, not a score
        out[name] = (out["user"].map(mean) - mean.mean()).fillna(0.0)
        labels[name] = f"{kind.upper()} ({about}), per full scale above the average respondent"
    if voice is not None and len(voice.clauses):
        survey = voice.clauses[voice.clauses["source"] == "survey"]
        respondent = survey["unit_id"].str.split(":").str[1]
        answers = _in_time(study.answers, limit, zone)
        user_of = dict(zip(answers["respondent"].astype(str), answers["user"]))
        who = respondent.map(user_of)
        mean = survey["compound"].groupby(who).mean()
        out["answer_sentiment"] = (out["user"].map(mean) - mean.mean()).fillna(0.0)
        labels["answer_sentiment"] = "sentiment of their open answers (-1..1) above the average respondent"
    return out, labels


def build_features(study, outcome: str = "conversion", churn: ChurnSpec | None = None, persona: str = ALL,
                   voice: Any = None) -> FeatureTable:
    """The per-user outcome and features of ``study`` for ``persona`` (see the module docstring)."""
    if outcome not in ("conversion", "churn"):
        raise InputError(Problem("drivers", f"outcome '{outcome}' is not 'conversion' or 'churn'"))
    if outcome == "churn" and churn is None:
        raise InputError(Problem("study.yml", "churn: missing; add e.g. churn: {after: order_placed, inactive_days: 30}"))
    src = source_for(study)
    ev = scoped_events(src, persona)
    per, excluded = _cutoffs(src, ev, outcome, churn)
    per = src.materialize(per, CUT_TABLE)
    flags = _touchpoint_flags(src, ev, per, outcome)
    table = per.join(flags, "user")
    table = table.left_join(src.users, table.user == src.users.user).drop("user_right")
    frame = src.fetch(table).sort_values("user", kind="stable").reset_index(drop=True)
    frame["persona"] = frame["persona"].fillna(NO_PERSONA)
    tp_names = {f"tp_{i}": f"reached_{t}".replace("-", "_") for i, t in enumerate(src.touchpoint_ids)}
    frame = frame.rename(columns=tp_names)
    labels = {tp_names[f"tp_{i}"]: f"reached {t.label} (before the outcome)" for i, t in enumerate(src.config.touchpoints)}
    ops, op_labels = _operations(study, src, frame[["user", "cut"]], strict=outcome == "conversion")
    if voice is None and len(study.answers.dropna(subset=["user"])):
        from ..voc import analyse_voice
        voice = analyse_voice(study)
    window = 0 if outcome == "conversion" else churn.inactive_days * DAY_SECONDS
    limits = pd.DataFrame({"user": frame["user"], "limit": frame["cut"].astype(float) + window})
    surveys, survey_labels = _surveys(study, limits, voice, src.config.timezone)
    frame = frame.merge(ops, on="user", how="left").merge(surveys, on="user", how="left")
    labels.update(op_labels)
    labels.update(survey_labels)
    frame = frame.rename(columns={"bad": "outcome"}).drop(columns=[c for c in ("cut", "goal_t", "first_t") if c in frame])
    features = [c for c in labels if c in frame.columns]
    bad = "did not convert" if outcome == "conversion" else f"no activity within {churn.inactive_days} days after {churn.after}"
    return FeatureTable(outcome, frame[["user", "persona", "outcome", *features]], features, labels, excluded, bad)
