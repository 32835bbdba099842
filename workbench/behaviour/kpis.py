"""KPIs researchers ask for, each with its n and a 95% Wilson interval.

* conversion: users with a goal event / users.
* bounce: single-event sessions / sessions.
* cart abandonment: users who reached the cart touchpoint and had no goal event at or after their
  first cart event / users who reached it. The cart is the touchpoint ``cart_touchpoint``
  (default: the one whose id is ``cart``; the row is left out when there is none).
* email open and click-through: from an operations table having ``opened`` / ``clicked`` 0/1
  columns: opened / sent, clicked / sent.
* repeat purchase: converters with two or more goal events / converters.
* retention by weekly cohort (:func:`weekly_retention`): converters grouped by the UTC week
  (Monday start) of their first goal event; share with another goal event k weeks later.
"""
from __future__ import annotations

from typing import Any

import ibis
import pandas as pd

from .operations import read_operation_values
from .paths import sessions_summary
from .per_user_facts import user_facts
from .population import ALL, check_persona, source_for, with_persona
from .rates import add_rate, small_sample

# 1970-01-05 00:00 UTC, the first Monday after the Unix epoch: week k starts 604,800 s later.
FIRST_MONDAY = 345_600
WEEK_SECONDS = 604_800
# Weeks after the cohort week shown in the retention table: four is a month of follow-up.
RETENTION_WEEKS = 4
EMAIL_COLUMNS = ("opened", "clicked")  # column names of an email sends table, by convention
KPI_COLUMNS = ["kpi", "count", "n", "rate", "ci_low", "ci_high", "small_sample", "definition"]


def _cart_index(config: Any, cart_touchpoint: str | None) -> int | None:
    ids = [t.id for t in config.touchpoints]
    wanted = cart_touchpoint or "cart"
    return ids.index(wanted) if wanted in ids else None


def _by_persona(src: Any, key: Any, query: Any, persona: str) -> pd.Series:
    """Integer counts of ``query(facts)`` (grouped by persona), run once per source and kept: the row of
    ``persona``, or the sums over every persona for "all" (zeros when the persona has no users)."""
    if key not in src._cache:
        src._cache[key] = src.fetch(query(user_facts(src)))
    counts = src._cache[key]
    counts = counts if persona == ALL else counts[counts["persona"] == persona]
    return counts.drop(columns="persona").fillna(0).sum().astype("int64")


def kpis(study: Any, persona: str = ALL, cart_touchpoint: str | None = None) -> pd.DataFrame:
    """One row per KPI that applies to the study: kpi, count, n, rate, interval, definition."""
    src = source_for(study)
    check_persona(src.config, persona)
    rows = []
    agg = _by_persona(src, "kpi_users", lambda facts: facts.group_by("persona").aggregate(
        users=facts.count(), converters=facts.converted.cast("int64").sum(),
        repeaters=(facts.goal_n > 1).cast("int64").sum()), persona)
    users, converters = int(agg["users"]), int(agg["converters"])
    rows.append(("conversion", converters, users, "users with a goal event / users"))
    sessions = sessions_summary(src, persona)
    rows.append(("bounce", sessions["bounced"], sessions["sessions"], "single-event sessions / sessions"))
    cart = _cart_index(src.config, cart_touchpoint)
    if cart is not None:
        def carts_by_persona(facts: ibis.Table) -> ibis.Table:
            ev = src.events
            at_cart = ev.filter(ev.tp_ord == cart)
            first_cart = at_cart.group_by("user").aggregate(cart_t=at_cart.t.min())
            carts = first_cart.join(facts.select("user", "persona", "last_goal_t"), "user")
            # a goal at or after the first cart event exists exactly when the last goal is not before it
            bought = carts.last_goal_t.notnull() & (carts.last_goal_t >= carts.cart_t)
            return carts.group_by("persona").aggregate(carts=carts.count(), abandoned=(~bought).cast("int64").sum())
        counted = _by_persona(src, ("kpi_carts", cart), carts_by_persona, persona)
        rows.append(("cart abandonment", int(counted["abandoned"]), int(counted["carts"]),
                     f"users who reached '{src.config.touchpoints[cart].id}' with no goal event after it / those users"))
    rows.append(("repeat purchase", int(agg["repeaters"]), converters,
                 "converters with two or more goal events / converters"))
    for name, table in src.config.operations.items():
        values = {c: read_operation_values(src.config, name, c, persona) for c in EMAIL_COLUMNS}
        if all(v is None for v in values.values()):
            continue
        for col, label in (("opened", "email open"), ("clicked", "email click-through")):
            v = values[col]
            if v is not None and len(v):
                rows.append((label, int((v > 0).sum()), int(len(v)), f"{name}: rows with {col} = 1 / emails sent"))
    frame = pd.DataFrame(rows, columns=["kpi", "count", "n", "definition"])
    frame = add_rate(frame, "count", "n", "rate")
    frame["small_sample"] = small_sample(frame["n"], frame["count"])
    return frame[KPI_COLUMNS]


def weekly_retention(study: Any, persona: str = ALL, weeks: int = RETENTION_WEEKS) -> pd.DataFrame:
    """Converters by cohort week (UTC Monday of their first goal event) and the share with another
    goal event 1..``weeks`` weeks later."""
    src = source_for(study)
    check_persona(src.config, persona)
    if "retention" not in src._cache:   # one pass for every persona, kept on the source
        ev = src.events
        goals = ev.filter(ev.goal)
        goals = goals.select("user", week=((goals.t - FIRST_MONDAY) / WEEK_SECONDS).floor().cast("int64")).distinct()
        first = goals.group_by("user").aggregate(cohort=goals.week.min())
        joined = goals.join(first, "user")
        joined = with_persona(src, joined.mutate(offset=joined.week - joined.cohort))
        src._cache["retention"] = src.fetch(joined.group_by(["persona", "cohort", "offset"]).aggregate(users=joined.count()))
    counts = src._cache["retention"]
    if persona != ALL:
        counts = counts[counts["persona"] == persona]
    counts = counts.groupby(["cohort", "offset"], as_index=False)["users"].sum()
    sizes = counts[counts["offset"] == 0].set_index("cohort")["users"]
    rows = []
    for cohort, size in sizes.items():
        for k in range(1, weeks + 1):
            hit = counts[(counts["cohort"] == cohort) & (counts["offset"] == k)]["users"]
            rows.append({"cohort_week": pd.Timestamp(FIRST_MONDAY + int(cohort) * WEEK_SECONDS, unit="s").date(),
                         "cohort_users": int(size), "weeks_later": k, "retained": int(hit.sum())})
    frame = pd.DataFrame(rows, columns=["cohort_week", "cohort_users", "weeks_later", "retained"])
    frame = add_rate(frame, "retained", "cohort_users", "share")
    frame["small_sample"] = small_sample(frame["cohort_users"], frame["retained"])
    return frame.sort_values(["cohort_week", "weeks_later"]).reset_index(drop=True)
