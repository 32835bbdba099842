"""A seeded generator of small random study folders with planted mismatches and healthy controls.

Each study has random stage, touchpoint, persona, event and column names and random made-up cue
words, so nothing the engine does can lean on the demo's ids or words. It writes a contract study
folder (study.yml, users.csv, plain CSV events, a plain survey with NPS, CSAT per scored
touchpoint and one open question, and an operations table) and returns the ground truth.

How the data are drawn:

* Users walk the touchpoints in order; some touchpoints are optional (skipped by half the users,
  who carry on). At a reached touchpoint a user leaves the journey with its drop probability
  (the study's baseline, or ``ratio`` x baseline where friction is planted); users who never
  leave reach the goal event. So drop_rate(T) is that probability by the contract's definition.
* Survey respondents are users; their open answer is one to three sentences, each about a
  touchpoint drawn with its mention weight, each from a hand-written positive, negative or
  neutral pool (:data:`POOLS`) with the cue word as the only placeholder.
* Scores: good (CSAT 4-5) with the touchpoint's good share. Operations rows per user: a wait-like
  measure missing its target with the touchpoint's miss share.

Planted kinds and their sizes (:data:`BANDS`) vary by study, as do the numbers of users and
respondents (:data:`SIZES`); a study drawn with ``null=True`` plants nothing. ``also_true`` in the
truth lists kinds a plant satisfies by construction (a story-negative plant without a behavioural
cost is also loud-but-harmless), which a benchmark must not count as false flags.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["POOLS", "BANDS", "SIZES", "GeneratedStudy", "generate_study"]

POOLS = {
    "positive": ["The {cue} was great and really easy.", "I loved the {cue}, it made everything simple.",
                 "Honestly the {cue} is excellent.", "Really happy with the {cue}, very helpful.",
                 "The {cue} worked perfectly for me.", "Nice {cue}, I enjoyed it a lot."],
    "negative": ["The {cue} was terrible and so frustrating.", "I hated the {cue}, it was awful.",
                 "The {cue} is confusing and annoying.", "Really disappointed by the {cue}.",
                 "The {cue} was a horrible experience.", "The {cue} made me angry, what a mess."],
    "neutral": ["I used the {cue} once.", "There was a {cue} on the page.", "I saw the {cue} before moving on.",
                "The {cue} was there as usual.", "I went through the {cue} on Tuesday."],
}
SYLLABLES = ("ka", "lo", "mi", "ren", "tos", "vu", "zel", "dri", "pan", "quo", "sar", "bex", "nim", "tay", "wol", "fex")
# Effect sizes by band. Drop: ratio to baseline; story: share of sentences about it that are
# negative; operations: share of rows missing target; loud: share negative (with heavy mentioning).
BANDS = {
    "said-positive-did-drop": {"small": 1.5, "medium": 2.0, "large": 3.0},
    "silent-friction": {"small": 1.5, "medium": 2.0, "large": 3.0},
    "score-high-story-negative": {"small": 0.6, "medium": 0.75, "large": 0.9},
    "score-high-operations-miss": {"small": 0.6, "medium": 0.75, "large": 0.9},
    "loud-but-harmless": {"small": 0.5, "medium": 0.7, "large": 0.9},
}
# (users, survey respondents) per study size.
SIZES = {"small": (600, 60), "medium": (1500, 150), "large": (3000, 300)}
HEALTHY = {"positive": 0.55, "neutral": 0.37, "negative": 0.08}
GOOD_SCORE = 0.85      # share of good CSAT scores where scores are healthy or planted "high"
OPS_OK_MISS = 0.15     # share of operational rows missing target where operations are healthy


@dataclass
class GeneratedStudy:
    path: Path
    seed: int
    size: str
    null: bool
    truth: pd.DataFrame   # touchpoint, role (planted/control), kind, also_true, band, effect


def _word(rng, used: set, parts: int = 3) -> str:
    while True:
        word = "".join(rng.choice(SYLLABLES, size=parts))
        if word not in used:
            used.add(word)
            return word


def generate_study(root: str | Path, seed: int, null: bool = False, size: str | None = None) -> GeneratedStudy:
    """Write one random study under ``root`` and return its path and ground truth."""
    rng = np.random.default_rng(seed)
    size = size or str(rng.choice(list(SIZES)))
    n_users, n_respondents = SIZES[size]
    used: set = set()
    stages = [_word(rng, used, 2) for _ in range(3)]
    n_tp = 8
    tps = [{"id": f"{_word(rng, used, 2)}-{_word(rng, used, 2)}", "cue": _word(rng, used, 3),
            "stage": stages[min(i * 3 // n_tp, 2)], "optional": i not in (0, n_tp - 1) and rng.random() < 0.3,
            "ratio": float(rng.uniform(0.9, 1.1)), "mention": float(rng.uniform(0.12, 0.3)), "talk": dict(HEALTHY),
            "score": False, "good": GOOD_SCORE, "metric": False, "miss": OPS_OK_MISS, "kind": "", "band": "",
            "role": "control", "also": ""} for i in range(n_tp)]
    for tp in tps:
        tp["event"] = f"{tp['id'].replace('-', '_')}_{_word(rng, used, 1)}"
    if not null:
        _plant(rng, tps)
    for tp in rng.choice(tps, size=2, replace=False):     # healthy scored / measured controls
        if not tp["kind"]:
            tp["score"], tp["metric"] = True, bool(rng.random() < 0.5)
    path = Path(root) / f"synthetic-{seed}"
    path.mkdir(parents=True, exist_ok=True)
    personas = [_word(rng, used, 2) for _ in range(2)]
    baseline = float(rng.uniform(0.06, 0.10))
    names = {"user": _word(rng, used, 2), "time": _word(rng, used, 2), "event": _word(rng, used, 2),
             "goal": f"{_word(rng, used, 2)}_done", "segment": _word(rng, used, 2)}
    users = [f"u{seed}x{i:05d}" for i in range(n_users)]
    persona_of = {u: personas[int(rng.random() < 0.5)] for u in users}
    _write_events(path, rng, tps, users, baseline, names)
    _write_users(path, users, persona_of, names)
    _write_survey(path, rng, tps, users, n_respondents, names)
    _write_operations(path, rng, tps, users, names)
    _write_yaml(path, seed, stages, personas, tps, names)
    truth = pd.DataFrame([{"touchpoint": t["id"], "role": t["role"], "kind": t["kind"], "also_true": t["also"],
                           "band": t["band"], "ratio": t["ratio"], "mention": t["mention"],
                           "negative": t["talk"]["negative"], "scored": t["score"], "measured": t["metric"],
                           "miss": t["miss"]} for t in tps])
    return GeneratedStudy(path=path, seed=seed, size=size, null=null, truth=truth)


def _plant(rng, tps: list[dict]) -> None:
    """Plant two or three kinds on distinct touchpoints, at a random band each."""
    kinds = list(BANDS)
    chosen = rng.choice(kinds, size=int(rng.integers(2, 4)), replace=False)
    # planted touchpoints are never optional, so they are reached by enough users to be judged
    slots = rng.choice([i for i, t in enumerate(tps) if not t["optional"]], size=len(chosen), replace=False)
    for kind, slot in zip(chosen, slots):
        tp = tps[int(slot)]
        band = str(rng.choice(list(BANDS[kind])))
        effect = BANDS[kind][band]
        tp.update(kind=str(kind), band=band, role="planted")
        if kind == "said-positive-did-drop":
            tp.update(ratio=effect, talk={"positive": 0.8, "neutral": 0.17, "negative": 0.03})
        elif kind == "silent-friction":
            tp.update(ratio=effect, mention=0.0)
        elif kind == "score-high-story-negative":
            tp.update(score=True, mention=0.3, talk={"negative": effect, "neutral": (1 - effect) / 2,
                                                      "positive": (1 - effect) / 2})
            tp["also"] = "loud-but-harmless"
        elif kind == "score-high-operations-miss":
            tp.update(score=True, metric=True, miss=effect)
        elif kind == "loud-but-harmless":
            tp.update(mention=0.35, talk={"negative": effect, "neutral": (1 - effect) / 2, "positive": (1 - effect) / 2})


def _write_events(path: Path, rng, tps, users, baseline: float, names: dict) -> None:
    start = pd.Timestamp("2026-03-02 09:00:00")
    rows = []
    for u in users:
        t = start + pd.Timedelta(minutes=int(rng.integers(0, 60 * 24 * 60)))
        left = False
        for tp in tps:
            if tp["optional"] and rng.random() < 0.5:
                continue
            t += pd.Timedelta(seconds=int(rng.integers(20, 600)))
            rows.append((u, t.strftime("%Y-%m-%d %H:%M:%S"), tp["event"]))
            if rng.random() < min(0.95, baseline * tp["ratio"]):
                left = True
                break
        if not left:
            t += pd.Timedelta(seconds=int(rng.integers(20, 600)))
            rows.append((u, t.strftime("%Y-%m-%d %H:%M:%S"), names["goal"]))
    (path / "behaviour").mkdir(exist_ok=True)
    _csv(path / "behaviour" / "events.csv", [names["user"], names["time"], names["event"]], rows)


def _write_users(path: Path, users, persona_of, names) -> None:
    _csv(path / "users.csv", [names["user"], names["segment"]], [(u, persona_of[u]) for u in users])


def _sentence(rng, tp: dict) -> str:
    talk = tp["talk"]
    tone = rng.choice(list(talk), p=np.array(list(talk.values())) / sum(talk.values()))
    return str(rng.choice(POOLS[str(tone)])).format(cue=tp["cue"])


def _write_survey(path: Path, rng, tps, users, n: int, names) -> None:
    scored = [t for t in tps if t["score"]]
    header = ["rid", names["user"], "nps", *[f"csat_{i}" for i, _ in enumerate(scored)], "comments"]
    respondents = rng.choice(users, size=min(n, len(users)), replace=False)
    weights = np.array([t["mention"] for t in tps])
    rows = []
    for k, u in enumerate(respondents):
        scores = [int(rng.integers(4, 6)) if rng.random() < t["good"] else int(rng.integers(1, 4)) for t in scored]
        said = [_sentence(rng, t) for t, hit in zip(tps, rng.random(len(tps)) < weights) if hit]
        if not said:
            said = [str(rng.choice(["Nothing else to add.", "It was fine overall.", "No comment really."]))]
        rows.append((f"r{k:04d}", u, int(rng.integers(0, 11)), *scores, " ".join(said)))
    (path / "surveys").mkdir(exist_ok=True)
    _csv(path / "surveys" / "survey.csv", header, rows)


def _write_operations(path: Path, rng, tps, users, names) -> None:
    """One table per measured touchpoint: a wait-like value per row, target 5, lower is better."""
    (path / "operations").mkdir(exist_ok=True)
    for i, tp in enumerate(t for t in tps if t["metric"]):
        rows = []
        for u in rng.choice(users, size=min(200, len(users)), replace=False):
            for _ in range(int(rng.integers(1, 3))):
                miss = rng.random() < tp["miss"]
                rows.append((u, round(float(rng.uniform(6, 40) if miss else rng.uniform(0.5, 5)), 1)))
        _csv(path / "operations" / f"ops_{i}.csv", [names["user"], "value"], rows)


def _write_yaml(path: Path, seed: int, stages, personas, tps, names) -> None:
    lines = [f"study: synthetic-{seed}", f"title: Synthetic study {seed}", "language: en", "timezone: UTC",
             "personas:", *[f"  - id: {p}\n    label: {p.title()}" for p in personas], "stages:",
             *[f"  - id: {s}" for s in stages], "touchpoints:"]
    measured = [t for t in tps if t["metric"]]
    for tp in tps:
        lines += [f"  - id: {tp['id']}", f"    stage: {tp['stage']}", f"    cues: [{tp['cue']}]",
                  f"    events: [{tp['event']}]"]
        if tp["metric"]:
            lines += ["    metrics:", f"      - {{table: ops_{measured.index(tp)}, column: value, target: 5, better: lower}}"]
    scored = [t for t in tps if t["score"]]
    lines += ["behaviour:", "  files: behaviour/*.csv",
              f"  columns: {{user: {names['user']}, time: {names['time']}, event: {names['event']}}}",
              f"  goal_event: {names['goal']}", "users:", "  file: users.csv",
              f"  columns: {{user: {names['user']}, persona: {names['segment']}}}", "surveys:",
              "  - file: surveys/survey.csv", "    format: plain",
              f"    columns: {{respondent: rid, user: {names['user']}}}", "    scores:",
              "      - {column: nps, kind: nps}",
              *[f"      - {{column: csat_{i}, kind: csat, touchpoint: {t['id']}}}" for i, t in enumerate(scored)],
              "    open:", "      - {column: comments, about: overall}"]
    if measured:
        lines += ["operations:", *[f"  ops_{i}:\n    file: operations/ops_{i}.csv\n    columns: {{user: {names['user']}}}"
                                   for i in range(len(measured))]]
    (path / "study.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _csv(path: Path, header, rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


# engine.DETECTABLE's statements as numbers over the synthetic truth (the evaluation rig, not the engine)
_DETECTABLE_RULES = {
    "said-positive-did-drop": lambda r, users, people: r["ratio"] >= 2.0 and users >= 1500 and people >= 150,
    "silent-friction": lambda r, users, people: r["ratio"] >= 2.0 and users >= 1500 and people >= 150,
    "score-high-story-negative": lambda r, users, people: r["negative"] >= 0.75 and people >= 150,
    "score-high-operations-miss": lambda r, users, people: r["miss"] >= 0.75 and people >= 60,
    "loud-but-harmless": lambda r, users, people: r["negative"] >= 0.5 and people >= 300 and users >= 3000,
}


def detectable(truth_row) -> bool:
    """Is a planted mismatch of the synthetic truth at or above the stated detectable effect?"""
    users, people = SIZES[truth_row["size"]]
    rule = _DETECTABLE_RULES.get(truth_row["kind"])
    return bool(rule and rule(truth_row, users, people))
