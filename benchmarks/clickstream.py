"""A seeded synthetic clickstream for the behaviour benchmark, written as Parquet.

``python benchmarks/clickstream.py OUT_FOLDER --events 10000000 --users 1000000`` writes a study
folder (study.yml + behaviour/events.parquet) the workbench can open. Journeys are a Markov chain
over shop events; timestamps are naive local times (the study's time zone applies).
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

SEED = 20260701
EVENTS = ["ad_click", "search_landing", "product_viewed", "size_guide_opened", "add_to_cart", "checkout_started",
          "shipping_cost_shown", "payment_page_viewed", "order_placed", "tracking_viewed", "page_view", "help_page"]
START = {"ad_click": 0.35, "search_landing": 0.35, "page_view": 0.2, "product_viewed": 0.1}
# Next-event probabilities: a shop funnel with planted friction at shipping cost and payment.
NEXT = {
    "ad_click": {"product_viewed": 0.7, "page_view": 0.3},
    "search_landing": {"product_viewed": 0.6, "page_view": 0.4},
    "page_view": {"product_viewed": 0.5, "page_view": 0.3, "help_page": 0.2},
    "help_page": {"page_view": 0.6, "product_viewed": 0.4},
    "product_viewed": {"size_guide_opened": 0.2, "add_to_cart": 0.35, "product_viewed": 0.3, "page_view": 0.15},
    "size_guide_opened": {"product_viewed": 0.5, "add_to_cart": 0.3, "help_page": 0.2},
    "add_to_cart": {"checkout_started": 0.6, "product_viewed": 0.4},
    "checkout_started": {"shipping_cost_shown": 0.9, "help_page": 0.1},
    "shipping_cost_shown": {"payment_page_viewed": 0.55, "help_page": 0.25, "page_view": 0.2},
    "payment_page_viewed": {"order_placed": 0.6, "help_page": 0.2, "payment_page_viewed": 0.2},
    "order_placed": {"tracking_viewed": 0.6, "page_view": 0.4},
    "tracking_viewed": {"page_view": 0.5, "tracking_viewed": 0.5},
}
STUDY_YML = """study: clickstream-benchmark
title: Synthetic clickstream for the behaviour benchmark
timezone: Asia/Kuala_Lumpur
personas:
  - id: everyone
stages:
  - id: awareness
  - id: consideration
  - id: purchase
  - id: retention
touchpoints:
  - {id: ads, stage: awareness, events: [ad_click]}
  - {id: search, stage: awareness, events: [search_landing]}
  - {id: product-page, stage: consideration, events: [product_viewed]}
  - {id: size-guide, stage: consideration, events: [size_guide_opened]}
  - {id: cart, stage: purchase, events: [add_to_cart]}
  - {id: checkout, stage: purchase, events: [checkout_started]}
  - {id: shipping-cost, stage: purchase, events: [shipping_cost_shown]}
  - {id: payment, stage: purchase, events: [payment_page_viewed]}
  - {id: delivery, stage: retention, events: [tracking_viewed]}
behaviour:
  files: behaviour/*.parquet
  columns: {user: user_id, time: ts, event: event_name}
  goal_event: order_placed
"""


def _matrix() -> tuple[np.ndarray, np.ndarray]:
    k = len(EVENTS)
    start = np.array([START.get(e, 0.0) for e in EVENTS])
    nxt = np.zeros((k, k))
    for i, e in enumerate(EVENTS):
        for f, p in NEXT[e].items():
            nxt[i, EVENTS.index(f)] = p
    return np.cumsum(start / start.sum()), np.cumsum(nxt / nxt.sum(1, keepdims=True), axis=1)


def generate(events: int, users: int, seed: int = SEED) -> pa.Table:
    """A table of exactly ``events`` rows over ``users`` users: user_id, ts, event_name (plain strings)."""
    rng = np.random.default_rng(seed)
    lengths = 1 + rng.multinomial(events - users, np.full(users, 1 / users))
    start_cum, next_cum = _matrix()
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    codes = np.empty(events, dtype=np.int8)
    gaps = rng.exponential(60.0, events)                    # seconds between clicks, mean a minute
    long_gap = rng.random(events) < 0.08                     # 8% of events start a new visit
    gaps[long_gap] = rng.exponential(3 * 86400.0, long_gap.sum())
    state = np.searchsorted(start_cum, rng.random(users), side="right").clip(0, len(EVENTS) - 1)
    codes[offsets] = state
    for pos in range(1, int(lengths.max())):
        alive = np.nonzero(lengths > pos)[0]
        if not len(alive):
            break
        cum = next_cum[state[alive]]
        nxt = (rng.random(len(alive))[:, None] > cum).sum(1).clip(0, len(EVENTS) - 1)
        state[alive] = nxt
        codes[offsets[alive] + pos] = nxt
    user_of = np.repeat(np.arange(users), lengths)
    gaps[offsets] = 0
    first = rng.uniform(0, 90 * 86400.0, users)
    seconds = first[user_of] + np.cumsum(gaps) - np.repeat(np.cumsum(gaps)[offsets], lengths)
    ts = (np.datetime64("2026-07-01T00:00:00", "us") + (seconds * 1e6).astype("timedelta64[us]"))
    order = rng.permutation(events)                          # files are not sorted in the wild
    uid = pc.binary_join_element_wise("u", pc.cast(pa.array(user_of[order]), pa.string()), "")
    names = pa.DictionaryArray.from_arrays(pa.array(codes[order].astype(np.int32)), pa.array(EVENTS)).cast(pa.string())
    return pa.table({"user_id": uid, "ts": pa.array(ts[order]), "event_name": names})


def write_study(folder: Path, events: int, users: int, seed: int = SEED) -> Path:
    folder = Path(folder)
    (folder / "behaviour").mkdir(parents=True, exist_ok=True)
    (folder / "study.yml").write_text(STUDY_YML)
    pq.write_table(generate(events, users, seed), folder / "behaviour" / "events.parquet", row_group_size=1_000_000)
    return folder


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder")
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    print(write_study(Path(args.folder), args.events, args.users, args.seed))
