"""Seeded study variants whose declared stage order is shuffled, some stages without events (issue 12).

:func:`write_variant` writes a complete behavioural study (study.yml, behaviour/events.csv,
users.csv) to a folder and returns its :class:`Variant`: the true order customers go through,
where the goal really sits, which stages have no events, and the order study.yml declares.
Customers walk the true order one stage after another, a share of them stopping at each step;
the goal comes after the true pre-goal stages. So the truth is known and the workbench's
data-driven order (``stage_order``) and funnel can be checked against it.

Also :func:`reference_funnel`: the ordered funnel over any step order recomputed with plain
pandas from the events file, independent of the ibis code.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

GOAL = "goal"
GOAL_EVENT = "order_placed"
PERSONAS = ("saver", "rusher")
START = datetime(2026, 7, 1, 9, 0)


@dataclass(frozen=True)
class Variant:
    folder: Path
    true_order: tuple[str, ...]       # stages with events, in the order customers enter them
    goal_after: int                   # how many of true_order come before the goal
    declared: tuple[str, ...]         # every stage, as study.yml declares them
    no_events: tuple[str, ...]        # stages with no behavioural events
    users: int

    @property
    def true_steps(self) -> tuple[str, ...]:
        return self.true_order[:self.goal_after] + (GOAL,) + self.true_order[self.goal_after:]


def write_variant(folder: Path, seed: int, users: int = 300, n_stages: int = 5, n_empty: int = 1,
                  keep_on: float = 0.85) -> Variant:
    """Write variant ``seed`` to ``folder`` (created). ``n_stages`` stages with events, ``n_empty``
    more without any; each step keeps ``keep_on`` of the users who got that far."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "behaviour").mkdir(exist_ok=True)
    true_order = tuple(f"s{i}" for i in range(n_stages))
    goal_after = rng.randint(1, n_stages - 1)
    empty = tuple(f"empty{i}" for i in range(n_empty))
    declared = list(true_order + empty)
    while declared[:n_stages] == list(true_order) or len(declared) < 2:
        rng.shuffle(declared)
        if n_stages < 2:
            break
    # a stage without events gets a touchpoint without events on even seeds, none at all on odd
    tp_lines = []
    for stage in declared:
        if stage in empty and seed % 2:
            continue
        events = f"[{stage}_seen]" if stage in true_order else "[]"
        tp_lines += [f"  - id: {stage}-tp", f"    stage: {stage}", f"    cues: [{stage} word]", f"    events: {events}"]
    (folder / "study.yml").write_text("\n".join([
        f"study: variant-{seed}", f"title: Order variant {seed}", "language: en", "timezone: Asia/Kuala_Lumpur",
        "personas:", *[f"  - id: {p}" for p in PERSONAS],
        "stages:", *[f"  - id: {s}\n    label: Stage {s}" for s in declared],
        "touchpoints:", *tp_lines,
        "behaviour:", "  files: behaviour/*.csv", "  columns: {user: user_id, time: ts, event: event}",
        f"  goal_event: {GOAL_EVENT}",
        "users:", "  file: users.csv", "  columns: {user: user_id, persona: segment}", ""]), encoding="utf-8")
    rows, people = [], []
    steps = list(true_order[:goal_after]) + [GOAL] + list(true_order[goal_after:])
    for u in range(users):
        uid = f"v{seed}u{u:04d}"
        people.append((uid, PERSONAS[u % len(PERSONAS)]))
        t = START + timedelta(minutes=7 * u)
        for k, step in enumerate(steps):
            if k and rng.random() > keep_on:
                break
            t += timedelta(minutes=rng.randint(1, 90))
            rows.append((uid, t, GOAL_EVENT if step == GOAL else f"{step}_seen"))
    events = pd.DataFrame(rows, columns=["user_id", "ts", "event"])
    events["ts"] = events["ts"].dt.strftime("%Y-%m-%d %H:%M:%S")
    events.sample(frac=1.0, random_state=seed).to_csv(folder / "behaviour" / "events.csv", index=False)
    pd.DataFrame(people, columns=["user_id", "segment"]).to_csv(folder / "users.csv", index=False)
    return Variant(folder, true_order, goal_after, tuple(declared), empty, users)


def reference_funnel(folder: Path, steps: list[str], persona: str | None = None,
                     stage_events: dict[str, list[str]] | None = None, columns: tuple[str, str, str] | None = None,
                     goal_event: str = GOAL_EVENT) -> pd.DataFrame:
    """step, stage, users, n_previous for ``steps`` (stage ids and GOAL), recomputed with pandas from
    behaviour/events.csv by the ordered-funnel rule: a user counts at step k when some event of step
    k comes at or after the moment they qualified for step k-1. A stage's events are
    ``stage_events[stage]`` (default: the one event ``<stage>_seen`` write_variant gives it);
    ``columns`` names the user, time and event columns (default write_variant's)."""
    user, ts, event = columns or ("user_id", "ts", "event")
    events = pd.read_csv(folder / "behaviour" / "events.csv", dtype=str).rename(
        columns={user: "user_id", ts: "ts", event: "event"})
    stage_events = stage_events or {s: [f"{s}_seen"] for s in steps if s != GOAL}
    if persona is not None:
        users = pd.read_csv(folder / "users.csv", dtype=str)
        events = events[events["user_id"].isin(users.loc[users["segment"] == persona, "user_id"])]
    events = events.assign(t=pd.to_datetime(events["ts"]))
    by_step = {s: events[events["event"].isin([goal_event] if s == GOAL else stage_events[s])] for s in steps}
    qualified = by_step[steps[0]].groupby("user_id")["t"].min()
    counts = [len(qualified)]
    for s in steps[1:]:
        joined = by_step[s].merge(qualified.rename("prev_t"), left_on="user_id", right_index=True)
        joined = joined[joined["t"] >= joined["prev_t"]]
        qualified = joined.groupby("user_id")["t"].min()
        counts.append(len(qualified))
    return pd.DataFrame({"step": range(1, len(steps) + 1), "stage": steps, "users": counts,
                         "n_previous": [counts[0]] + counts[:-1]})
