"""Per-user facts: one pass over the events that the funnel, drop-off, last events, time to goal
and KPIs all share.

Reading ten million events once and keeping one small row per user is what makes the analyses
fast: every later question about "who converted, where did they stop, when did they first reach a
stage" is answered from a million rows instead of ten million. The facts table has:

=============== ===========================================================================
user            the user id
persona         from users.csv; NO_PERSONA when the user is not there
first_t         time of the user's first event (seconds, UTC)
goal_t          time of the first goal event, NULL when the user never converted
last_goal_t     time of the last goal event
goal_n          number of goal events
converted       goal_t is not NULL
last_tp         0-based touchpoint (study.yml order) of the last touchpoint event by time; at
                the same instant the touchpoint later in study.yml counts (STUDY_FORMAT.md
                "dropped"); NULL without touchpoint events
last_ev         code of the last event of any kind (same instant: the later name)
stage_t_<k>     time of the first event of stage k (0-based), NULL when never reached
reach_<j>       bitmask of the touchpoints reached: bit b of mask j is touchpoint 62 * j + b
=============== ===========================================================================

"Last" is found inside the one aggregate, with no second pass over the events: the maximum of
one integer key, the event's time in whole microseconds times KEY_RADIX plus the position, orders
by time and then position on every engine, and the position is the key's low bits. (The maximum
of a (time, position) pair does the same, but at ten million events one such aggregate cost 2.5
times the CPU of the plain per-user pass.)
Studies with more than KEY_RADIX event names use that pair instead.
"""
from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.datatypes as dt

from .population import ALL, NO_PERSONA, check_persona, source_for

FACTS = "wb_facts"
# Touchpoints per reach bitmask: an int64 has 63 value bits; 62 keeps every shifted bit and every
# mask positive on every engine (no sign bit), whatever its integer semantics.
MASK_BITS = 62
# Low bits of a "last" key that hold the position: 2**11 = 2,048 touchpoints or event names. The
# key's time is microseconds since KEY_EPOCH; an int64 leaves 2**63 / 2**11 microseconds, 142 years,
# either side of it (1878 to 2162).
KEY_RADIX = 2 ** 11
KEY_EPOCH = 1_577_836_800   # 2020-01-01 00:00 UTC, in seconds


@ibis.udf.agg.builtin(name="bit_or")
def _sql_bit_or(value: dt.int64) -> dt.int64:
    """SQL's BIT_OR aggregate called by name: PySpark has it, ibis's PySpark compiler does not."""


def mask_count(n_touchpoints: int) -> int:
    """How many reach_<j> bitmask columns ``n_touchpoints`` touchpoints need (at least one)."""
    return max(1, -(-n_touchpoints // MASK_BITS))


def reached_expr(facts: ibis.Table, tp_ord: int) -> ibis.BooleanValue:
    """True where the user reached touchpoint ``tp_ord`` (masks are 0 for users with none)."""
    mask = facts[f"reach_{tp_ord // MASK_BITS}"]
    return (mask & ibis.literal(1 << (tp_ord % MASK_BITS), "int64")) != 0


def _last(ev: ibis.Table, position: ibis.IntegerValue, n_positions: int) -> tuple[Any, Any]:
    """(aggregate, how to read the position back from it) for the last event by time, then position."""
    if n_positions > KEY_RADIX:
        pair = ibis.struct({"t": ev.t, "o": position}).max(where=position.notnull())
        return pair, lambda value: value["o"]
    # whole microseconds, exactly: t holds a microsecond timestamp as a double, off by at most
    # 2**-22 s before 2106; subtracting KEY_EPOCH is exact and the product adds at most 2**-2 us,
    # so rounding recovers the microsecond
    micros = ((ev.t - KEY_EPOCH) * 1e6).round().cast("int64")
    key = micros * KEY_RADIX + position.cast("int64")
    return key.max(), lambda value: value & (KEY_RADIX - 1)   # low bits; two's complement keeps them


def _build(src: Any) -> ibis.Table:
    ev = src.events
    config = src.config
    tp = ev.tp_ord.cast("int64")
    last_tp, read_tp = _last(ev, ev.tp_ord, len(config.touchpoints))
    last_ev, read_ev = _last(ev, ev.ev, len(src.event_names))
    aggs: dict[str, Any] = {
        "first_t": ev.t.min(),
        "goal_t": ev.t.min(where=ev.goal),
        "last_goal_t": ev.t.max(where=ev.goal),
        "goal_n": ev.goal.cast("int64").sum(),
        "last_tp_key": last_tp,
        "last_ev_key": last_ev,
    }
    for k in range(len(config.stages)):
        aggs[f"stage_t_{k}"] = ev.t.min(where=ev.stage_ord == k)
    for j in range(mask_count(len(config.touchpoints))):
        in_mask = (tp >= j * MASK_BITS) & (tp < (j + 1) * MASK_BITS)
        # an explicit BIGINT one: Spark shifts a plain literal 1 as a 32-bit int; the shift is
        # taken modulo MASK_BITS because engines compute it on every row, filtered out or not
        bit = ibis.literal(1).cast("int64") << (tp % MASK_BITS)
        aggs[f"reach_{j}"] = _sql_bit_or(bit, where=in_mask) if src.backend == "pyspark" else bit.bit_or(where=in_mask)
    per_user = ev.group_by("user").aggregate(**aggs)
    joined = per_user.left_join(src.users, per_user.user == src.users.user)
    masks = {c: joined[c].fill_null(0) for c in per_user.columns if c.startswith("reach_")}
    stages = {c: joined[c] for c in per_user.columns if c.startswith("stage_t_")}
    return joined.select(
        "user", persona=joined.persona.fill_null(NO_PERSONA), first_t=joined.first_t, goal_t=joined.goal_t,
        last_goal_t=joined.last_goal_t, goal_n=joined.goal_n.fill_null(0), converted=joined.goal_t.notnull(),
        last_tp=read_tp(joined.last_tp_key).cast("int16"), last_ev=read_ev(joined.last_ev_key).cast("int32"),
        **stages, **masks)


def user_facts(study: Any, persona: str = ALL) -> ibis.Table:
    """One row per user of ``persona`` ("all": every user in the behaviour data) with the columns
    above. Computed once per opened source and kept as a temporary table."""
    src = source_for(study)
    check_persona(src.config, persona)
    if "facts" not in src._cache:
        src._cache["facts"] = src.materialize(_build(src), FACTS)
    facts = src._cache["facts"]
    return facts if persona == ALL else facts.filter(facts.persona == persona)


def user_states(study: Any) -> "pd.DataFrame":
    """Every user's state as a new pandas DataFrame, read once per opened source: user, persona,
    converted, last_tp (-1 when none) and ``reach_<j>`` bitmasks, from :func:`user_facts`.

    The mismatch engine's journeys for any persona are slices of this one frame, so it never reads
    the events again (see :func:`workbench.mismatch.measures.user_journeys`)."""
    import pandas as pd

    src = source_for(study)
    if "states" not in src._cache:
        facts = user_facts(src)
        masks = [c for c in facts.columns if c.startswith("reach_")]
        frame = src.fetch(facts.select("user", "persona", "converted", "last_tp", *masks))
        frame["converted"] = frame["converted"].fillna(False).astype(bool)
        frame["last_tp"] = frame["last_tp"].fillna(-1).astype("int64")
        for c in masks:
            frame[c] = frame[c].fillna(0).astype("int64")
        src._cache["states"] = frame
    return src._cache["states"].copy()
