"""Generated studies with known driver coefficients, for the tests and the benchmarks.

Each user sees the product page; some open the size guide, see a promo banner, chat with support
(a ticket whose wait misses or meets the 5-minute target) before deciding. Whether they order is
drawn from a logistic model with the coefficients in ``truth`` (log odds of NOT ordering); buyers
then churn (no event for 30 days after ordering) from a second logistic model. ``banner`` has a
true coefficient of 0: a planted non-driver. ``page_viewed`` filler events (no touchpoint) pad the
event count for the speed benchmark.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

# log odds of NOT converting, and of churning after the order (buyers only)
CONVERSION_TRUTH = {"intercept": 0.2, "reached_size_guide": 1.0, "reached_banner": 0.0,
                    "missed_tickets_wait_minutes": 0.7, "persona=rusher": -0.5}
CHURN_TRUTH = {"intercept": -1.0, "missed_tickets_wait_minutes": 1.2, "reached_banner": 0.0,
               "reached_size_guide": 0.0, "persona=rusher": 0.3}
SHARE = {"size_guide": 0.3, "banner": 0.4, "ticket": 0.25, "rusher": 0.4}
DAYS = 120            # data span; orders fall in the first DAYS - 10 days
INACTIVE_DAYS = 30
STUDY_YML = """study: synthetic-drivers
title: Generated study with known drivers
language: en
timezone: UTC
personas:
  - {id: saver, label: Saver}
  - {id: rusher, label: Rusher}
stages:
  - {id: browse, label: Browse}
  - {id: after, label: After}
touchpoints:
  - {id: product-page, label: Product page, stage: browse, events: [product_viewed]}
  - {id: size-guide, label: Size guide, stage: browse, events: [size_guide_opened]}
  - {id: banner, label: Promo banner, stage: browse, events: [banner_seen]}
  - id: support
    label: Support chat
    stage: browse
    events: [support_chat_started]
    metrics:
      - {table: tickets, column: wait_minutes, target: 5, better: lower}
  - {id: tracking, label: Tracking, stage: after, events: [tracking_viewed]}
behaviour:
  files: behaviour/events.parquet
  columns: {user: user_id, time: ts, event: event_name}
  goal_event: order_placed
users:
  file: users.csv
  columns: {user: user_id, persona: segment}
operations:
  tickets:
    file: operations/tickets.csv
    columns: {user: user_id, time: created_at}
"""


def _logistic(rng, logit):
    return rng.random(len(logit)) < 1 / (1 + np.exp(-logit))


def make_study(folder: Path, n_users: int = 4000, seed: int = 1, filler: float = 0.0,
               conversion: dict | None = None, churn: dict | None = None) -> dict:
    """Write the study into ``folder``; return the truth and the number of events written."""
    conversion, churn = conversion or CONVERSION_TRUTH, churn or CHURN_TRUTH
    folder = Path(folder)
    (folder / "behaviour").mkdir(parents=True, exist_ok=True)
    (folder / "operations").mkdir(exist_ok=True)
    rng = np.random.default_rng(seed)
    ids = np.array([f"S{i:08d}" for i in range(n_users)])
    rusher = rng.random(n_users) < SHARE["rusher"]
    size, banner, ticket = (rng.random(n_users) < SHARE[k] for k in ("size_guide", "banner", "ticket"))
    waits = np.where(rng.random(n_users) < 0.5, rng.uniform(6, 60, n_users), rng.uniform(0.5, 5, n_users))
    missed = ticket & (waits > 5)
    x = {"reached_size_guide": size, "reached_banner": banner, "missed_tickets_wait_minutes": missed,
         "persona=rusher": rusher}
    lp = conversion["intercept"] + sum(conversion[k] * x[k] for k in x if k in conversion)
    no_order = _logistic(rng, lp)
    lc = churn["intercept"] + sum(churn[k] * x[k] for k in x if k in churn)
    churned = _logistic(rng, lc) & ~no_order
    start = pd.Timestamp("2026-01-01").value // 10 ** 9
    t0 = start + rng.uniform(0, (DAYS - 40) * 86400, n_users)
    users, times, names = [ids], [t0], [np.full(n_users, "product_viewed")]
    for flag, name, offset in ((size, "size_guide_opened", 60), (banner, "banner_seen", 120),
                               (ticket, "support_chat_started", 600)):
        users.append(ids[flag]), times.append(t0[flag] + offset), names.append(np.full(flag.sum(), name))
    order_t = t0 + 3600
    buyers = ~no_order
    users.append(ids[buyers]), times.append(order_t[buyers]), names.append(np.full(buyers.sum(), "order_placed"))
    stay = buyers & ~churned   # active again within the inactivity window
    back = order_t + rng.uniform(1, INACTIVE_DAYS - 1, n_users) * 86400
    users.append(ids[stay]), times.append(back[stay]), names.append(np.full(stay.sum(), "tracking_viewed"))
    if filler > 0:
        k = rng.poisson(filler, n_users)
        who = np.repeat(np.arange(n_users), k)
        users.append(ids[who]), times.append(t0[who] + rng.uniform(0, 3000, len(who)))
        names.append(np.full(len(who), "page_viewed"))
    events = pa.table({"user_id": np.concatenate(users),
                       "ts": pa.array((np.concatenate(times) * 1e6).astype("int64"), pa.timestamp("us")),
                       "event_name": np.concatenate(names)})
    pq.write_table(events, folder / "behaviour" / "events.parquet", compression="zstd")
    pd.DataFrame({"user_id": ids, "segment": np.where(rusher, "rusher", "saver")}).to_csv(folder / "users.csv",
                                                                                          index=False)
    created = pd.to_datetime(t0[ticket] + 600, unit="s").strftime("%Y-%m-%dT%H:%M:%SZ")
    pd.DataFrame({"user_id": ids[ticket], "created_at": created, "wait_minutes": waits[ticket].round(1)}).to_csv(
        folder / "operations" / "tickets.csv", index=False)
    (folder / "study.yml").write_text(STUDY_YML, encoding="utf-8")
    return {"conversion": conversion, "churn": churn, "events": events.num_rows, "users": n_users}
