"""Does the study's declared stage order match what customers did? And where does the goal go?

The ordered funnel (:func:`workbench.behaviour.funnel.ordered_funnel`) trusts the order of
``stages:`` in study.yml and places the goal by :func:`~workbench.behaviour.funnel.goal_position`.
A stage declared after the goal that customers in fact enter before it (a promotion banner seen on
the way to checkout) then becomes a step nobody can take, "0 of N went on", and a stage with no
events defined becomes "Reach 0%". Both are artefacts of the declared order, not behaviour.

:func:`stage_order_table` measures, per persona and for the whole population (``all``), in one
pass over the events:

===================== =======================================================================
stage, label          the stage, in declared order (``position`` 0-based)
has_events            study.yml defines at least one event for the stage's touchpoints
users, converters     users of the persona in the behaviour data; how many reached the goal
reached               users with any event of the stage
both                  reached the stage and the goal: the users for whom "before" is defined
before_goal           of ``both``: first event of the stage at or before the first goal event
                      (the same "at or before" as ``goal_position``)
after_goal            of ``both``: some event of the stage at or after the first goal event,
                      i.e. a funnel step after the goal can be taken at all
previous              the nearest earlier declared stage with events ("" for none)
with_previous         reached this stage and ``previous``
before_previous       of ``with_previous``: entered this stage strictly before ``previous``
===================== =======================================================================

with every share (``share_before_goal``, ``share_after_goal``, ``share_before_previous``) and its
95% Wilson interval. :func:`decide_order` turns the table into the funnel's step order, the
goal's place and study-design notes as plain sentences with their numbers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import pandas as pd

from ..exceptions import InputError, Problem, did_you_mean
from ..formats import interval, pct as _pct
from .funnel import GOAL, goal_position
from .population import ALL, NO_PERSONA, check_persona, source_for
from .rates import add_rate

# A stage's place relative to the goal (or to the previous stage) is taken from the data when at
# least four in five of the users for whom the order is defined agree: the four-fifths rule, the
# same materiality bar the drop-off and mismatch chapters use (MIN_RATIO_TO_BASELINE = 1.25 is it
# read the other way). Below that the behaviour is mixed, and the declared order, the researcher's
# model of the journey, is kept.
ORDER_AGREEMENT = 0.8
# ... and the majority must not be chance: the 95% Wilson interval's lower bound above one half.
# With 5 of 5 users the bound is 0.57, so a handful of agreeing users is enough to question the
# declared order, and 4 of 5 (bound 0.38) is not.
MAJORITY = 0.5
PAIR_COLUMNS = ["persona", "stage", "other", "both", "first", "share_first", "ci_low", "ci_high"]
BOTH = "users who reach both"
NO_EVENTS_NOTE = "no behavioural events defined for this stage"
ORDER_COLUMNS = ["persona", "stage", "label", "position", "has_events", "users", "converters", "reached",
                 "both", "before_goal", "share_before_goal", "before_goal_ci_low", "before_goal_ci_high",
                 "after_goal", "share_after_goal", "after_goal_ci_low", "after_goal_ci_high",
                 "previous", "with_previous", "before_previous", "share_before_previous",
                 "before_previous_ci_low", "before_previous_ci_high"]


@dataclass(frozen=True)
class OrderDecision:
    """Where the funnel's steps go for one persona, and why."""

    persona: str
    steps: tuple[str, ...]          # stage ids in funnel order with GOAL inserted; stages without events left out
    goal_after: str | None          # the declared stage the goal follows when ``steps`` keeps the declared order
    declared_position: int          # stages before the goal by ``goal_position`` (or the pin)
    source: str                     # "declared" | "data" | "pinned"
    notes: tuple[str, ...]          # study-design notes, plain sentences with their numbers
    no_events: tuple[str, ...]      # stages with no behavioural events defined
    unreachable: tuple[str, ...]    # stages after the goal in ``steps`` that nobody reaches after the goal

    @property
    def follows_data(self) -> bool:
        return self.source == "data"


def stages_with_events(config: Any) -> list[bool]:
    """Per declared stage: does any of its touchpoints name an event?"""
    defined = {t.stage for t in config.touchpoints if t.events}
    return [s.id in defined for s in config.stages]


def _previous(has_events: list[bool]) -> list[int | None]:
    out, last = [], None
    for k, has in enumerate(has_events):
        out.append(last)
        if has:
            last = k
    return out


def _counts(src: Any) -> pd.DataFrame:
    """One query: per persona, the raw counts behind ORDER_COLUMNS (wide, one column per stage)."""
    ev = src.events
    n = len(src.config.stages)
    has = stages_with_events(src.config)
    aggs: dict[str, Any] = {"goal_t": ev.t.min(where=ev.goal)}
    for k in range(n):
        aggs[f"f{k}"] = ev.t.min(where=ev.stage_ord == k)
        aggs[f"l{k}"] = ev.t.max(where=ev.stage_ord == k)
    per_user = ev.group_by("user").aggregate(**aggs)
    joined = per_user.left_join(src.users, per_user.user == src.users.user)
    joined = joined.mutate(persona=joined.persona.fill_null(NO_PERSONA))

    def count(cond: Any) -> Any:
        return cond.fill_null(False).cast("int64").sum()

    goal = joined.goal_t
    out: dict[str, Any] = {"users": joined.count(), "converters": count(goal.notnull())}
    for k in range(n):
        f, last = joined[f"f{k}"], joined[f"l{k}"]
        out[f"reached_{k}"] = count(f.notnull())
        out[f"both_{k}"] = count(f.notnull() & goal.notnull())
        out[f"before_goal_{k}"] = count(f <= goal)
        out[f"after_goal_{k}"] = count(last >= goal)
    for j, k in _pairs(has):
        fj, fk = joined[f"f{j}"], joined[f"f{k}"]
        out[f"both_{j}_{k}"] = count(fj.notnull() & fk.notnull())
        out[f"first_{j}_{k}"] = count(fj < fk)
        out[f"first_{k}_{j}"] = count(fk < fj)
    return src.fetch(joined.group_by("persona").aggregate(**out))


def _pairs(has: list[bool]) -> list[tuple[int, int]]:
    """Every pair j < k of stages that both have events defined."""
    return [(j, k) for k in range(len(has)) for j in range(k) if has[j] and has[k]]


def stage_order_table(study: Any) -> pd.DataFrame:
    """ORDER_COLUMNS for every persona in the data (NO_PERSONA included) and ``all``, one row per
    stage in declared order. Counts for ``all`` are the sums over personas (one query)."""
    src = source_for(study)
    if "stage_order" in src._cache:
        return src._cache["stage_order"][0].copy()
    config = src.config
    has = stages_with_events(config)
    prev = _previous(has)
    wide = _counts(src)
    numeric = [c for c in wide.columns if c != "persona"]
    wide[numeric] = wide[numeric].fillna(0).astype("int64")
    total = wide[numeric].sum().to_frame().T.assign(persona=ALL)
    wide = pd.concat([wide, total], ignore_index=True)
    rows = []
    for w in wide.itertuples(index=False):
        w = w._asdict()
        for k, stage in enumerate(config.stages):
            rows.append({"persona": str(w["persona"]), "stage": stage.id, "label": stage.label, "position": k,
                         "has_events": has[k], "users": w["users"], "converters": w["converters"],
                         "reached": w[f"reached_{k}"], "both": w[f"both_{k}"], "before_goal": w[f"before_goal_{k}"],
                         "after_goal": w[f"after_goal_{k}"],
                         "previous": config.stages[prev[k]].id if prev[k] is not None else "",
                         "with_previous": w.get(f"both_{prev[k]}_{k}", 0),
                         "before_previous": w.get(f"first_{k}_{prev[k]}", 0)})
    frame = pd.DataFrame(rows, columns=[c for c in ORDER_COLUMNS if "share" not in c and "ci_" not in c])
    frame = _with_rates(frame).reset_index(drop=True)
    pairs = [{"persona": str(w["persona"]), "stage": config.stages[a].id, "other": config.stages[b].id,
              "both": w[f"both_{min(a, b)}_{max(a, b)}"], "first": w[f"first_{a}_{b}"]}
             for w in (r._asdict() for r in wide.itertuples(index=False))
             for j, k in _pairs(has) for a, b in ((j, k), (k, j))]
    pairs = add_rate(pd.DataFrame(pairs, columns=["persona", "stage", "other", "both", "first"]), "first", "both",
                     "share_first")
    src._cache["stage_order"] = (frame, pairs[PAIR_COLUMNS])
    return frame.copy()


def stage_pairs_table(study: Any) -> pd.DataFrame:
    """PAIR_COLUMNS: per persona (and ``all``) and ordered pair of stages with events, how many users
    reached both and how many entered ``stage`` strictly before ``other``, with the share and its
    95% Wilson interval. Computed in the same query as :func:`stage_order_table`."""
    src = source_for(study)
    stage_order_table(src)
    return src._cache["stage_order"][1].copy()


def _with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """ORDER_COLUMNS: the counts with every share and its 95% Wilson interval (re)computed."""
    frame = add_rate(frame, "before_goal", "both", "share_before_goal", "before_goal_ci_low", "before_goal_ci_high")
    frame = add_rate(frame, "after_goal", "both", "share_after_goal", "after_goal_ci_low", "after_goal_ci_high")
    frame = add_rate(frame, "before_previous", "with_previous", "share_before_previous", "before_previous_ci_low",
                     "before_previous_ci_high")
    return frame[ORDER_COLUMNS]


def _agrees(share: float, ci_low: float) -> bool:
    return bool(pd.notna(share) and share >= ORDER_AGREEMENT and pd.notna(ci_low) and ci_low > MAJORITY)


def _evidence(count: int, n: int, low: float, high: float, whom: str) -> str:
    return f"{count:,} of {n:,} {whom}; 95% CI {interval(low, high)}"


def decide_order(table: pd.DataFrame, persona: str = ALL, declared_position: int | None = None,
                 goal_after: str | None = None, pairs: pd.DataFrame | None = None) -> OrderDecision:
    """The funnel's step order for ``persona`` from :func:`stage_order_table`.

    ``declared_position`` is what ``goal_position`` chose (stages before the goal); ``goal_after``
    (a stage id, from study.yml ``behaviour.goal_after``) pins the goal and overrides both it and
    the data. Otherwise, a stage goes before the goal when at least ORDER_AGREEMENT of the users
    who reach it and the goal enter it first (Wilson lower bound above MAJORITY), after the goal
    when as many enter it only after, and where the declared order puts it when the data are mixed.
    When that moves no stage, the declared order stands (``source`` "declared"). A moved stage
    goes in front of the first stage on its side of the goal that its users mostly (by the same
    rule, from ``pairs`` = :func:`stage_pairs_table`) enter after it, else last on that side.
    Stages without events are never funnel steps.
    """
    mine = table[table["persona"] == persona].sort_values("position").reset_index(drop=True)
    if mine.empty:
        raise ValueError(f"no stage order rows for persona '{persona}'")
    stages = list(mine["stage"])
    position = len(stages) if declared_position is None else declared_position
    if goal_after is not None:
        position = stages.index(goal_after) + 1
    has = mine[mine["has_events"]]
    no_events = tuple(mine.loc[~mine["has_events"], "stage"])
    declared_before = {s for s in has["stage"] if stages.index(s) < position}
    before, notes = set(), []
    for r in has.itertuples():
        says_before = _agrees(r.share_before_goal, r.before_goal_ci_low)
        says_after = _agrees(1 - r.share_before_goal, 1 - r.before_goal_ci_high)
        declared = r.stage in declared_before
        if goal_after is not None or not (says_before or says_after):
            if declared:
                before.add(r.stage)
            continue
        if says_before:
            before.add(r.stage)
            if not declared:
                evidence = _evidence(r.before_goal, r.both, r.before_goal_ci_low, r.before_goal_ci_high, BOTH)
                notes.append(f"{r.label} is reached before the goal by {_pct(r.share_before_goal)} of those who reach "
                             f"it ({evidence}); its funnel step is shown before the goal.")
        elif declared:
            evidence = _evidence(r.both - r.before_goal, r.both, 1 - r.before_goal_ci_high, 1 - r.before_goal_ci_low,
                                 BOTH)
            notes.append(f"{r.label} is reached after the goal by {_pct(1 - r.share_before_goal)} of those who reach "
                         f"it ({evidence}); its funnel step is shown after the goal.")
    with_events = list(has["stage"])
    first = _first_rule(pairs, persona)
    ordered = (_place([s for s in with_events if s in before], first) + [GOAL]
               + _place([s for s in with_events if s not in before], first))
    declared_steps = ([s for s in with_events if s in declared_before] + [GOAL]
                      + [s for s in with_events if s not in declared_before])
    if goal_after is None and ordered != declared_steps and before == declared_before:
        labels = dict(zip(mine["stage"], mine["label"]))
        notes.append("The funnel's steps follow the order customers entered the stages: "
                     + " → ".join(labels.get(s, "the goal") for s in ordered) + " (study.yml declares "
                     + " → ".join(labels.get(s, "the goal") for s in declared_steps) + ").")
    unreachable = tuple(r.stage for r in has.itertuples()
                        if r.stage not in before and r.after_goal == 0 and r.reached > 0)
    for r in has[has["stage"].isin(unreachable)].itertuples():
        notes.append(f"{r.label} comes after the goal, but none of the {r.both:,} users who reach it and the goal "
                     f"has an event there after the goal ({r.reached:,} users reach it in all); its funnel step is "
                     "empty because of the order, not a drop.")
    notes += _reversed_notes(mine)
    notes += [f"{label}: {NO_EVENTS_NOTE}." for label in mine.loc[~mine["has_events"], "label"]]
    if goal_after is not None:
        ordered = declared_steps
    source = "pinned" if goal_after is not None else ("data" if ordered != declared_steps else "declared")
    # the goal's place as one declared stage, for callers that only move the goal: possible when the
    # steps are the declared stages with events, in declared order, with the goal after the k-th
    k = len(before)
    anchor = with_events[k - 1] if k and ordered == with_events[:k] + [GOAL] + with_events[k:] else None
    return OrderDecision(persona=persona, steps=tuple(ordered), goal_after=anchor, declared_position=position,
                         source=source, notes=tuple(notes), no_events=no_events, unreachable=unreachable)


def _first_rule(pairs: pd.DataFrame | None, persona: str):
    """``agrees(a, b)``: users who reach stages a and b mostly enter a first (ORDER_AGREEMENT rule)."""
    if pairs is None or pairs.empty:
        return lambda a, b: False
    mine = pairs[pairs["persona"] == persona].set_index(["stage", "other"])

    def agrees(a: str, b: str) -> bool:
        if (a, b) not in mine.index:
            return False
        r = mine.loc[(a, b)]
        return _agrees(r["share_first"], r["ci_low"])
    return agrees


def _place(side: list[str], first) -> list[str]:
    """``side`` (declared order) re-ordered by the data: each stage, in declared order, goes in
    front of the first placed stage its users mostly enter after it, else last. Stages the data
    cannot order keep their declared order."""
    out: list[str] = []
    for stage in side:
        at = next((i for i, s in enumerate(out) if first(stage, s)), len(out))
        out.insert(at, stage)
    return out


def _reversed_notes(mine: pd.DataFrame) -> list[str]:
    """Stages customers mostly enter before the stage declared ahead of them."""
    out = []
    labels = dict(zip(mine["stage"], mine["label"]))
    for r in mine[mine["has_events"] & (mine["previous"] != "")].itertuples():
        if _agrees(r.share_before_previous, r.before_previous_ci_low):
            evidence = _evidence(r.before_previous, r.with_previous, r.before_previous_ci_low,
                                 r.before_previous_ci_high, "users")
            out.append(f"{r.label} is entered before {labels[r.previous]} by {_pct(r.share_before_previous)} of those "
                       f"who reach both ({evidence}), although study.yml declares it after.")
    return out


def stage_order(study: Any, persona: str = ALL, goal_after: str | None = None) -> OrderDecision:
    """:func:`decide_order` for ``persona`` of an opened study, with ``goal_position`` as the
    declared goal place (not computed when ``goal_after`` pins it)."""
    src = source_for(study)
    check_persona(src.config, persona)
    table = stage_order_table(src)
    if persona not in set(table["persona"]):   # a persona with no users in the behaviour data
        table = _with_rates(table[table["persona"] == ALL].assign(
            persona=persona, users=0, converters=0, reached=0, both=0, before_goal=0, after_goal=0, with_previous=0,
            before_previous=0))
    position = None if goal_after else goal_position(src, persona)
    return decide_order(table, persona, position, goal_after, stage_pairs_table(src))


def parse_goal_after(raw: Mapping[str, Any] | None, stage_ids: list[str], lines: Mapping[str, int] | None = None,
                     file: str = "study.yml") -> str | None:
    """``behaviour.goal_after`` from the raw study.yml mapping: a stage id, or None when absent.

    An unknown stage, or a value that is not text, raises InputError with one located line, e.g.
    ``study.yml:31: behaviour.goal_after: 'purchse' is not a stage (did you mean 'purchase'?)``.
    """
    behaviour = (raw or {}).get("behaviour") if isinstance(raw, Mapping) else None
    if not isinstance(behaviour, Mapping) or behaviour.get("goal_after") is None:
        return None
    path = "behaviour.goal_after"
    value = behaviour["goal_after"]
    line = (lines or {}).get(path)
    if not isinstance(value, str) or not value.strip():
        raise InputError(Problem(file, f"{path}: expected a stage id, got {type(value).__name__}", line=line))
    if value not in stage_ids:
        raise InputError(Problem(file, f"{path}: '{value}' is not a stage" + did_you_mean(value, stage_ids),
                                 line=line))
    return value


__all__ = ["MAJORITY", "NO_EVENTS_NOTE", "ORDER_AGREEMENT", "ORDER_COLUMNS", "PAIR_COLUMNS", "OrderDecision",
           "decide_order", "parse_goal_after", "stage_order", "stage_order_table", "stage_pairs_table",
           "stages_with_events"]
