"""Paths: transitions between events, what people did last before dropping out, where they went
after a drop-off step, and time to goal.

Events of one user are ordered by time, then by event name (so same-instant events order the same
way on every engine). A session ends after ``behaviour.session_gap_minutes`` without events.
"""
from __future__ import annotations

import math
from typing import Any

import ibis
import numpy as np
import pandas as pd
from scipy import stats as sps

from ..exceptions import InputError, Problem, did_you_mean
from ..stats import SMALL_SAMPLE
from .per_user_facts import reached_expr, user_facts
from .population import ALL, check_persona, scoped_events, source_for, with_persona
from .rates import add_rate, small_sample

SESSION_END = "(session end)"
NO_LATER_EVENT = "(no later event)"
# Time-to-goal bins, in hours: under 5 minutes, half an hour, 2 hours, a day, a week, longer.
# Chosen to separate same-visit purchases from same-day returns and slow, multi-day decisions.
TIME_BINS_HOURS = (0, 5 / 60, 0.5, 2, 24, 24 * 7, math.inf)
TIME_BIN_LABELS = ("< 5 min", "5-30 min", "30 min-2 h", "2-24 h", "1-7 days", "> 7 days")
CONFIDENCE = 0.95  # as workbench.stats


# Target code of a transition that ends a session (event codes are 0 or more).
END_CODE = -1


def _window(ev: ibis.Table) -> Any:
    return ibis.window(group_by=ev.user, order_by=[ev.t, ev.ev])


def sequenced(study: Any, persona: str = ALL) -> ibis.Table:
    """Events with the user's next and previous event (``next_ev`` code, ``next_t``, ``prev_t``)."""
    src = source_for(study)
    ev = scoped_events(src, persona)
    w = _window(ev)
    return ev.mutate(next_ev=ev.ev.lead().over(w), next_t=ev.t.lead().over(w), prev_t=ev.t.lag().over(w))


def _steps(src: Any, persona: str) -> pd.DataFrame:
    """Counts of (source code, target code or END_CODE, starts a session) for ``persona``; transitions
    and sessions both read it. One window pass over every event, grouped by the user's persona, is
    kept on the source: a persona's counts are its rows, "all" their sums (integers, so exact)."""
    check_persona(src.config, persona)
    if "steps" not in src._cache:
        gap = src.config.behaviour.session_gap_minutes * 60
        seq = sequenced(src, ALL)
        ends = seq.next_t.isnull() | ((seq.next_t - seq.t) > gap)
        starts = seq.prev_t.isnull() | ((seq.t - seq.prev_t) > gap)
        pairs = seq.select("user", source=seq.ev.cast("int32"),
                           target=ibis.ifelse(ends, ibis.literal(END_CODE, "int32"), seq.next_ev.cast("int32")),
                           starts=starts)
        pairs = with_persona(src, pairs)
        out = src.fetch(pairs.group_by(["persona", "source", "target", "starts"]).aggregate(n=pairs.count()))
        out["n"] = out["n"].astype("int64")
        src._cache["steps"] = out
    steps = src._cache["steps"]
    if persona != ALL:
        steps = steps[steps["persona"] == persona]
    return steps.groupby(["source", "target", "starts"], as_index=False)["n"].sum()


def transitions(study: Any, persona: str = ALL) -> pd.DataFrame:
    """Counts of event -> next event within a session (SESSION_END after a session's last event)."""
    src = source_for(study)
    steps = _steps(src, persona)
    out = steps.groupby(["source", "target"], as_index=False)["n"].sum()
    target = src.names(out["target"].where(out["target"] != END_CODE))
    out = pd.DataFrame({"source": src.names(out["source"]), "target": target.fillna(SESSION_END),
                        "transitions": out["n"].astype("int64")})
    totals = out.groupby("source")["transitions"].transform("sum")
    out["share_of_source"] = out["transitions"] / totals
    return out.sort_values(["transitions", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)


def sessions_summary(study: Any, persona: str = ALL) -> dict[str, int]:
    """Sessions and single-event (bounced) sessions."""
    src = source_for(study)
    steps = _steps(src, persona)
    starts = steps[steps["starts"].astype(bool)]
    return {"sessions": int(starts["n"].sum()), "bounced": int(starts.loc[starts["target"] == END_CODE, "n"].sum())}


def _share_table(frame: pd.DataFrame, count: str, total: int) -> pd.DataFrame:
    frame = frame.copy()
    frame["n"] = total
    frame = add_rate(frame, count, "n", "share")
    frame["small_sample"] = small_sample(frame["n"], frame[count])
    return frame.sort_values([count, frame.columns[0]], ascending=[False, True]).reset_index(drop=True)


def last_events(study: Any, persona: str = ALL) -> pd.DataFrame:
    """Users who never reached the goal, by the last event they had (any event, mapped or not)."""
    src = source_for(study)
    check_persona(src.config, persona)
    if "last_events" not in src._cache:   # one query for every persona, kept on the source
        facts = user_facts(src)
        lost = facts.filter(~facts.converted)
        src._cache["last_events"] = src.fetch(lost.group_by(["persona", "last_ev"]).aggregate(users=lost.count()))
    counts = src._cache["last_events"]
    if persona != ALL:
        counts = counts[counts["persona"] == persona]
    counts = counts.groupby("last_ev", as_index=False, dropna=False)["users"].sum()
    counts = pd.DataFrame({"event": src.names(counts["last_ev"]), "users": counts["users"].astype("int64")})
    counts.insert(1, "touchpoint", counts["event"].map(src.config.event_touchpoints()))
    return _share_table(counts, "users", int(counts["users"].sum()))


def _touchpoint_index(config: Any, touchpoint: str) -> int:
    ids = [t.id for t in config.touchpoints]
    if touchpoint not in ids:
        raise InputError(Problem("study.yml", f"'{touchpoint}' is not a touchpoint" + did_you_mean(touchpoint, ids),
                                 column="touchpoints"))
    return ids.index(touchpoint)


def next_steps(study: Any, touchpoint: str, persona: str = ALL) -> pd.DataFrame:
    """Where users went after ``touchpoint`` when they never reached the goal: the first event after
    their last event of it (NO_LATER_EVENT when there was none)."""
    src = source_for(study)
    index = _touchpoint_index(src.config, touchpoint)
    facts = user_facts(src, persona)
    lost = facts.filter(~facts.converted & reached_expr(facts, index)).select("user")
    ev = src.events
    mine = ev.semi_join(lost, "user")
    at_tp = mine.filter(mine.tp_ord == index)
    last_tp = at_tp.group_by("user").aggregate(tp_t=at_tp.t.max())
    later = mine.join(last_tp, "user")
    later = later.filter(later.t > later.tp_t)
    # the first later event; at the same instant the name first in order (the lowest code)
    nxt = later.group_by("user").aggregate(pair=ibis.struct({"t": later.t, "e": later.ev}).min())
    nxt = nxt.select(event=nxt.pair["e"])
    counts = src.fetch(nxt.group_by("event").aggregate(users=nxt.count()))
    counts = pd.DataFrame({"event": src.names(counts["event"]), "users": counts["users"].astype("int64")})
    total = int(src.scalar(lost.count()) or 0)
    ended = total - int(counts["users"].sum())
    if ended:
        counts = pd.concat([counts, pd.DataFrame({"event": [NO_LATER_EVENT], "users": [ended]})], ignore_index=True)
    counts["users"] = counts["users"].astype("int64")
    counts.insert(1, "touchpoint", counts["event"].map(src.config.event_touchpoints()))
    return _share_table(counts, "users", total)


def goal_durations(study: Any, persona: str = ALL) -> pd.Series:
    """Hours from each converter's first event to their first goal event (one value per converter)."""
    src = source_for(study)
    check_persona(src.config, persona)
    if "goal_hours" not in src._cache:   # one query for every persona, kept on the source
        facts = user_facts(src)
        converters = facts.filter(facts.converted)
        src._cache["goal_hours"] = src.fetch(converters.select(
            "persona", hours=(converters.goal_t - converters.first_t) / 3600.0))
    hours = src._cache["goal_hours"]
    hours = hours["hours"] if persona == ALL else hours.loc[hours["persona"] == persona, "hours"]
    return pd.Series(np.sort(hours.to_numpy(dtype=float)), name="hours")


def median_interval(values: np.ndarray, q: float = 0.5) -> tuple[float, float]:
    """Distribution-free 95% interval for the q-th quantile from binomial order statistics."""
    n = len(values)
    if n < 2:
        return (math.nan, math.nan)
    x = np.sort(values)
    lo = int(sps.binom.ppf((1 - CONFIDENCE) / 2, n, q))
    hi = int(sps.binom.ppf(1 - (1 - CONFIDENCE) / 2, n, q))
    return float(x[max(lo - 1, 0)]), float(x[min(hi, n - 1)])


def time_to_goal(study: Any, persona: str = ALL) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(summary, distribution)``: median and 90th percentile hours with 95% intervals, and counts
    per TIME_BINS_HOURS bin with shares."""
    hours = goal_durations(study, persona).to_numpy()
    n = len(hours)
    rows = []
    for name, q in (("median", 0.5), ("p90", 0.9)):
        value = float(np.quantile(hours, q)) if n else math.nan
        low, high = median_interval(hours, q)
        rows.append({"statistic": name, "hours": value, "ci_low": low, "ci_high": high, "n": n,
                     "small_sample": n < SMALL_SAMPLE})
    summary = pd.DataFrame(rows)
    binned = pd.cut(pd.Series(hours, dtype=float), bins=list(TIME_BINS_HOURS), labels=list(TIME_BIN_LABELS),
                    right=False, include_lowest=True)
    dist = binned.value_counts(sort=False).reindex(list(TIME_BIN_LABELS), fill_value=0)
    dist = pd.DataFrame({"bin": list(TIME_BIN_LABELS), "users": dist.to_numpy().astype("int64"), "n": n})
    dist = add_rate(dist, "users", "n", "share")
    return summary, dist
