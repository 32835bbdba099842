"""Seeded generator for the second demo study (demo-makan): users, events and operations tables.

"Lekas" is a fictional food-delivery app in Malaysia, Indonesia and Thailand. This script writes,
under corpora/demo-makan/ (interviews/, participants.csv and study.yml are hand-made and only read
here): users.csv, behaviour/events-2026-{09,10,11}.parquet, operations/deliveries.csv,
operations/support_tickets.csv, operations/refunds.csv, and, through demo_makan_text.py, the two
surveys and PLANTED.md. Re-running gives byte-identical files.

How the drop-offs are planted (the same method as make_demo_shop.py): every user gets a *fate*
first (orders in the window, or the touchpoint that will be their last one, or none), the
touchpoints they reach are sampled from :func:`reach_matrix`, and the events are written to
realise that plan. How many users get each fate is solved from the target drop rates
(:func:`solve_fates`), so the contract's drop_rate (STUDY_FORMAT.md "Definitions that must not
drift") lands on the targets; :func:`drop_rates` re-measures them from the written events.

    /work/main/.venv/bin/python tools/make_demo_makan.py [--scale 1.0] [--out corpora/demo-makan]
"""
from __future__ import annotations

import argparse
import bisect
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from workbench.stats import wilson

try:  # run as a script (tools/ on sys.path) or imported as tools.make_demo_makan
    from . import demo_makan_text as text
    from . import make_demo_shop as shop
except ImportError:
    import demo_makan_text as text
    import make_demo_shop as shop

Draws = shop.Draws
ROOT = Path(__file__).resolve().parents[1]
STUDY_DIR = ROOT / "corpora" / "demo-makan"
# Any fixed number: the committed corpus is defined by it (changing it changes every file).
SEED = 20261130
# >= 30,000 users asked for by issue 14; 32,000 keeps the events near 300k so the demo stays fast.
N_USERS = 32_000
PERSONAS = ("student-saver", "office-luncher", "family-orderer")
PERSONA_SHARE = (0.40, 0.35, 0.25)  # the demo's fiction
# Country -> (share of users, cities with weights, languages with weights, currency). Invented.
COUNTRIES = {
    "MY": (0.40, {"Kuala Lumpur": 5, "Petaling Jaya": 3, "Johor Bahru": 3, "George Town": 2, "Ipoh": 1},
           {"ms": 0.50, "zh": 0.30, "en": 0.20}, "MYR"),
    "ID": (0.40, {"Jakarta": 6, "Bandung": 3, "Surabaya": 3, "Yogyakarta": 2, "Medan": 2},
           {"id": 1.0}, "IDR"),
    "TH": (0.20, {"Bangkok": 6, "Chiang Mai": 2, "Khon Kaen": 1, "Hat Yai": 1}, {"th": 1.0}, "THB"),
}
WINDOW_START = pd.Timestamp("2026-09-01 00:00:00")
WINDOW_DAYS = 91  # 2026-09-01 .. 2026-11-30
DAY = 86_400
TOUCHPOINTS = ["promo-push", "restaurant-search", "menu", "cart", "address-pin", "delivery-fee", "voucher",
               "payment", "rider-tracking", "support-chat", "refunds", "rating"]
# The order funnel, in the order the app shows it; voucher is optional between fee and payment.
FUNNEL = ["menu", "cart", "address-pin", "delivery-fee", "voucher", "payment"]
EVENT = {"promo-push": "push_opened", "restaurant-search": "restaurant_search", "menu": "menu_viewed",
         "cart": "add_to_cart", "address-pin": "address_pin_shown", "delivery-fee": "delivery_fee_shown",
         "voucher": "voucher_applied", "payment": "payment_page_viewed", "rider-tracking": "tracking_viewed",
         "support-chat": "support_chat_started", "refunds": "refund_requested", "rating": "rating_submitted"}
POST = ["rider-tracking", "support-chat", "refunds", "rating"]  # in the order they happen
# The journey's baseline drop rate and each touchpoint's multiple of it; healthy ones carry a
# fixed jitter within +-10%. Planted: payment (said positive, drops) and address-pin (silent).
# delivery-fee is loud in the talk but behaviourally healthy (1.02).
BASELINE = 0.14
HEALTHY_MULTIPLE = {"promo-push": 1.04, "restaurant-search": 0.95, "menu": 1.00, "cart": 0.93,
                    "address-pin": 1.0, "delivery-fee": 1.02, "voucher": 0.97, "payment": 1.0,
                    "rider-tracking": 1.06, "support-chat": 0.96, "refunds": 1.05, "rating": 0.98}
PLANTED_MULTIPLE = {
    "student-saver": {"payment": 2.8, "address-pin": 2.6},
    "office-luncher": {"payment": 3.4, "address-pin": 2.5},
    "family-orderer": {"payment": 3.0, "address-pin": 2.8},
}
PARAMS = {  # invented behaviour of each persona
    "student-saver": dict(buy_share=0.16, push=0.55, search=0.45, voucher=0.70, orders={1: .5, 2: .3, 3: .2},
                          post={"rider-tracking": .85, "support-chat": .08, "refunds": .05, "rating": .30},
                          browse=0.40, inactive_of_rest=0.45, hours=[3, 2, 1, 0, 0, 0, 0, 0, 1, 1, 2, 4, 5, 3,
                                                                     2, 2, 2, 3, 5, 6, 6, 6, 5, 4]),
    "office-luncher": dict(buy_share=0.13, push=0.30, search=0.35, voucher=0.35, orders={1: .3, 2: .4, 3: .3},
                           post={"rider-tracking": .90, "support-chat": .10, "refunds": .06, "rating": .25},
                           browse=0.35, inactive_of_rest=0.40, hours=[0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 6, 9, 9, 4,
                                                                      2, 2, 2, 3, 4, 4, 3, 2, 1, 0]),
    "family-orderer": dict(buy_share=0.15, push=0.40, search=0.30, voucher=0.50, orders={1: .4, 2: .35, 3: .25},
                           post={"rider-tracking": .80, "support-chat": .18, "refunds": .12, "rating": .35},
                           browse=0.45, inactive_of_rest=0.40, hours=[0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 5, 6, 4,
                                                                      2, 2, 3, 5, 8, 8, 5, 3, 1, 0]),
}
POST_PRIOR = {  # returning users (ordered in late August): post touchpoints reached before the last one
    "rider-tracking": {},
    "support-chat": {"rider-tracking": .60},
    "refunds": {"rider-tracking": .50, "support-chat": .40},
    "rating": {"rider-tracking": .60},
}
# Operations (invented): rider delivery minutes miss the 45-minute target for most orders, while
# support answers within its 5-minute target; refunds take days.
DELIVERY_MINUTES = (52.0, 0.30)  # lognormal (median, sigma)
SUPPORT_WAIT = (2.2, 0.75)
REFUND_DAYS = {3: .05, 5: .15, 7: .25, 10: .25, 14: .20, 21: .10}
TOPICS = {"late_order": .30, "missing_item": .25, "wrong_item": .15, "refund_status": .15, "payment": .10,
          "account": .05}
RESTAURANTS = ["nasi-lemak-wanjo", "warteg-bahari", "som-tam-nua", "ayam-geprek-bensu", "kopitiam-ah-seng",
               "mamak-pelita", "bakmi-gm", "khao-man-gai-pratunam", "yong-tau-foo-ampang", "sate-khas-senayan",
               "boat-noodle-bkk", "chicken-rice-sg", "martabak-pecenongan", "roti-canai-transfer-road"]


def target_drop_rates(persona: str) -> dict[str, float]:
    mult = {**HEALTHY_MULTIPLE, **PLANTED_MULTIPLE[persona]}
    return {t: BASELINE * mult[t] for t in TOUCHPOINTS}


def reach_matrix(persona: str) -> dict[str, dict[str, float]]:
    """P(user reaches touchpoint | fate); the generator samples flags from exactly these."""
    p = PARAMS[persona]
    pre = {"promo-push": p["push"], "restaurant-search": p["search"], "menu": 1.0}
    m = {"buy": {**pre, **{t: 1.0 for t in FUNNEL}, "voucher": p["voucher"], **p["post"]},
         "promo-push": {"promo-push": 1.0}, "restaurant-search": {"promo-push": p["push"], "restaurant-search": 1.0}}
    steps = [t for t in FUNNEL if t != "voucher"]
    for i, t in enumerate(steps):
        m[t] = {**pre, **{s: 1.0 for s in steps[:i + 1]}}
    m["voucher"] = {**m["delivery-fee"], "voucher": 1.0}
    m["payment"]["voucher"] = p["voucher"]
    b = p["browse"]
    for t in POST:
        m[t] = {"promo-push": b * p["push"], "restaurant-search": b * p["search"], "menu": b, "cart": b * 0.2,
                **POST_PRIOR[t], t: 1.0}
    return m


def solve_fates(persona: str) -> dict[str, float]:
    """Share of the persona's users per fate: x_T = r_T * (x_T + sum_f n_f M[f][T]), fixed point."""
    p, m, target = PARAMS[persona], reach_matrix(persona), target_drop_rates(persona)
    x = {t: 0.0 for t in TOUCHPOINTS}
    for _ in range(400):
        for t in TOUCHPOINTS:
            others = p["buy_share"] * m["buy"].get(t, 0.0) + sum(x[f] * m[f].get(t, 0.0) for f in TOUCHPOINTS if f != t)
            x[t] = target[t] / (1 - target[t]) * others
    shares = {"buy": p["buy_share"], **x}
    rest = 1.0 - sum(shares.values())
    if rest < 0.05:
        raise ValueError(f"{persona}: fates leave {rest:.3f} of users for 'rest'; lower buy_share")
    return {**shares, "rest": rest}


# The 18 interviewees (participants.csv): their fate in the data matches what they told us.
ROSTER = {
    "U000001": dict(persona="student-saver", country="MY", language="ms", fate="buy"),
    "U000002": dict(persona="office-luncher", country="MY", language="ms", fate="buy"),
    "U000003": dict(persona="family-orderer", country="MY", language="ms", fate="refunds"),
    "U000004": dict(persona="student-saver", country="MY", language="ms", fate="payment"),
    "U000005": dict(persona="office-luncher", country="MY", language="ms", fate="buy"),
    "U000006": dict(persona="student-saver", country="ID", language="id", fate="buy"),
    "U000007": dict(persona="office-luncher", country="ID", language="id", fate="payment"),
    "U000008": dict(persona="family-orderer", country="ID", language="id", fate="buy"),
    "U000009": dict(persona="student-saver", country="ID", language="id", fate="address-pin"),
    "U000010": dict(persona="family-orderer", country="ID", language="id", fate="buy"),
    "U000011": dict(persona="office-luncher", country="TH", language="th", fate="buy"),
    "U000012": dict(persona="student-saver", country="TH", language="th", fate="buy"),
    "U000013": dict(persona="family-orderer", country="TH", language="th", fate="refunds"),
    "U000014": dict(persona="office-luncher", country="TH", language="th", fate="payment"),
    "U000015": dict(persona="office-luncher", country="MY", language="zh", fate="buy"),
    "U000016": dict(persona="family-orderer", country="MY", language="zh", fate="buy"),
    "U000017": dict(persona="student-saver", country="MY", language="zh", fate="buy"),
    "U000018": dict(persona="family-orderer", country="MY", language="zh", fate="support-chat"),
}


def make_users(rng: np.random.Generator, n_users: int) -> pd.DataFrame:
    """users.csv: user_id, segment, country, city, language, device, signup_date (roster first)."""
    n_rand = n_users - len(ROSTER)
    seg = [r["persona"] for r in ROSTER.values()] + [PERSONAS[i] for i in
                                                      rng.choice(3, size=n_rand, p=PERSONA_SHARE)]
    codes = list(COUNTRIES)
    country = [r["country"] for r in ROSTER.values()] + [codes[i] for i in rng.choice(
        3, size=n_rand, p=[COUNTRIES[c][0] for c in codes])]
    city, lang = [], []
    for i, c in enumerate(country):
        cities, langs = COUNTRIES[c][1], COUNTRIES[c][2]
        w = np.array(list(cities.values()), dtype=float)
        city.append(list(cities)[int(rng.choice(len(cities), p=w / w.sum()))])
        lang.append(list(langs)[int(rng.choice(len(langs), p=list(langs.values())))])
    for i, r in enumerate(ROSTER.values()):
        lang[i] = r["language"]
    device = [("ios", "android")[int(x)] for x in rng.random(n_users) < 0.62]
    days = rng.integers(0, (pd.Timestamp("2026-08-31") - pd.Timestamp("2022-01-01")).days, n_users)
    signup = pd.Timestamp("2022-01-01") + pd.to_timedelta(days, unit="D")
    return pd.DataFrame({"user_id": [f"U{i + 1:06d}" for i in range(n_users)], "segment": seg,
                         "country": country, "city": city, "language": lang, "device": device,
                         "signup_date": signup.strftime("%Y-%m-%d")})


def assign_fates(rng: np.random.Generator, users: pd.DataFrame) -> list[str]:
    names = ["buy", *TOUCHPOINTS, "rest"]
    cum = {}
    for p in PERSONAS:
        s = solve_fates(p)
        cum[p] = np.cumsum([s[f] for f in names])
    u = rng.random(len(users))
    return [ROSTER[uid]["fate"] if uid in ROSTER else
            names[min(bisect.bisect_right(cum[seg], u[i] * cum[seg][-1]), len(names) - 1)]
            for i, (uid, seg) in enumerate(zip(users["user_id"], users["segment"]))]


# ---------------------------------------------------------------------------------------------
# Journeys
# ---------------------------------------------------------------------------------------------

def _at(d: Draws, day: float, hours: list[float]) -> float:
    h = d.weighted(dict(enumerate(hours)))
    return math.floor(day) * DAY + h * 3600 + d.u() * 3000


def _visit(d: Draws, flags: set, upto: str | None) -> list[str]:
    """One app visit: entry touchpoints in flags, then the funnel up to ``upto`` (None: stop at menu)."""
    ev = ["push_opened"] if "promo-push" in flags else ["app_open"]
    ev.append("home_viewed")
    if "restaurant-search" in flags:
        ev.append("restaurant_search")
    if upto in ("promo-push", "restaurant-search"):
        return ev
    for _ in range(1 + d.count(0.8, 4)):
        ev.append("menu_viewed")
    for t in FUNNEL[1:]:
        if upto in (None, "menu") or (t == "voucher" and "voucher" not in flags):
            continue
        ev.append(EVENT[t])
        if t == "cart" and d.chance(0.4):
            ev.append("add_to_cart")
        if t == upto:
            break
    return ev


def build_journey(d: Draws, uid: str, persona: str, fate: str, out: dict) -> list[tuple[float, str]]:
    """Events (seconds since window start, event name) for one user; operations rows into ``out``."""
    p = PARAMS[persona]
    hrs = p["hours"]
    if fate == "rest":
        if d.chance(p["inactive_of_rest"]):
            return []
        day = d.between(0, WINDOW_DAYS - 1)
        return [(_at(d, day, hrs) + i * 40, e) for i, e in enumerate(["app_open", "home_viewed"])]
    m = reach_matrix(persona)[fate]
    # draws in the fixed order of m (never iterate a set: its order changes with PYTHONHASHSEED)
    flags = {t for t, q in m.items() if q >= 1 or d.chance(q)}
    events: list[tuple[float, str]] = []

    def add(t0: float, names: list[str]) -> float:
        for e in names:
            events.append((t0, e))
            t0 += d.between(20, 90)
        return t0

    if fate == "buy":
        n = d.weighted(p["orders"])
        days = sorted(d.between(0, WINDOW_DAYS - 9) for _ in range(n))
        for k, day in enumerate(days):
            vis = set(flags) if k == 0 else {t for t in TOUCHPOINTS if t in flags and (
                t not in ("promo-push", "restaurant-search") or d.chance(0.5))}
            t = add(_at(d, day, hrs), _visit(d, vis, "payment") + ["order_placed"])
            _post(d, uid, t, flags if k == 0 else {x for x in TOUCHPOINTS if x in flags and d.chance(0.6)}, out, add)
        return events
    if fate in POST:  # returning user: ordered in late August, only after-order steps in the window
        day = d.between(0, WINDOW_DAYS - 12)
        placed = (day - d.between(1, 3)) * DAY
        if "menu" in flags:
            add(_at(d, day, hrs), _visit(d, flags if "cart" in flags else flags - {"cart"}, "menu")
                + (["add_to_cart"] if "cart" in flags else []))
        t = day * DAY + DAY
        out["orders"].append(_order(d, uid, placed))
        for tp in POST:
            if tp in flags:
                t = add(t + d.between(0.2, 2.5) * DAY, [EVENT[tp]])
                _ops(d, uid, tp, t, out)
        return events
    # pre-order dropper: earlier shallower visits, the last visit ends at the fate
    steps = ["promo-push", "restaurant-search", *FUNNEL]
    k = steps.index(fate)
    day = d.between(0, WINDOW_DAYS - 14)
    for _ in range(d.count(0.6, 3) if k >= 2 else 0):
        shallow = d.pick([s for s in FUNNEL[:max(1, k - 2)] if s != "voucher"])
        add(_at(d, day, hrs), _visit(d, flags - {"voucher"}, shallow))
        day += d.between(0.3, 4)
    add(_at(d, day, hrs), _visit(d, flags, fate))
    return events


def _order(d: Draws, uid: str, placed: float) -> dict:
    minutes = max(14, round(d.lognormal(*DELIVERY_MINUTES)))
    return dict(user_id=uid, placed=placed, minutes=minutes, wait=max(0, round(d.lognormal(9, 0.6))),
                distance=round(d.between(0.8, 9.5), 1), restaurant=d.pick(RESTAURANTS))


def _post(d: Draws, uid: str, t: float, flags: set, out: dict, add) -> None:
    out["orders"].append(_order(d, uid, t - 90))
    for tp in POST:
        if tp in flags:
            t = add(t + (d.between(300, 1800) if tp == "rider-tracking" else d.between(0.05, 2) * DAY), [EVENT[tp]])
            _ops(d, uid, tp, t, out)


def _ops(d: Draws, uid: str, tp: str, t: float, out: dict) -> None:
    if tp == "support-chat":
        out["tickets"].append(dict(user_id=uid, ts=t, topic=d.weighted(TOPICS),
                                   wait=max(0, round(d.lognormal(*SUPPORT_WAIT))),
                                   handle=max(1, round(d.lognormal(7, 0.5)))))
    elif tp == "refunds":
        out["refunds"].append(dict(user_id=uid, ts=t, days=d.weighted(REFUND_DAYS)))


def iso(seconds: float) -> str:
    return (WINDOW_START + pd.Timedelta(seconds=round(seconds))).strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"


def make_behaviour(rng: np.random.Generator, users: pd.DataFrame, fates: list[str]) -> dict:
    d = Draws(rng)
    out = {"orders": [], "tickets": [], "refunds": []}
    uids, names, times = [], [], []
    for uid, seg, fate in zip(users["user_id"], users["segment"], fates):
        for ts, e in build_journey(d, uid, seg, fate, out):
            uids.append(uid)
            times.append(round(ts))
            names.append(e)
    ev = pd.DataFrame({"user_id": uids, "ts": WINDOW_START + pd.to_timedelta(times, unit="s"), "event_name": names})
    dev = users.set_index("user_id")["device"]
    ev["device"] = ev["user_id"].map(dev)
    ev["page"] = ev["event_name"].map(lambda e: "/app/" + e.split("_")[0])
    ev = ev.sort_values(["ts", "user_id"], kind="stable").reset_index(drop=True)
    return {"events": ev, **out}


def operations(users: pd.DataFrame, beh: dict) -> dict[str, pd.DataFrame]:
    cur = users.set_index("user_id")["country"].map({c: v[3] for c, v in COUNTRIES.items()})
    orders = sorted(beh["orders"], key=lambda o: (o["placed"], o["user_id"]))
    deliveries = pd.DataFrame([dict(order_id=f"LK{i + 500001}", user_id=o["user_id"], placed_at=iso(o["placed"]),
                                    delivered_at=iso(o["placed"] + o["minutes"] * 60),
                                    delivery_minutes=o["minutes"], rider_wait_minutes=o["wait"],
                                    distance_km=o["distance"], restaurant=o["restaurant"])
                               for i, o in enumerate(orders)])
    tickets = sorted(beh["tickets"], key=lambda r: (r["ts"], r["user_id"]))
    support = pd.DataFrame([dict(ticket_id=f"T{i + 1:06d}", user_id=r["user_id"], created_at=iso(r["ts"]),
                                 channel="chat", topic=r["topic"], wait_minutes=r["wait"],
                                 handle_minutes=r["handle"]) for i, r in enumerate(tickets)])
    refunds = sorted(beh["refunds"], key=lambda r: (r["ts"], r["user_id"]))
    ref = pd.DataFrame([dict(refund_id=f"RF{i + 1:05d}", user_id=r["user_id"], requested_at=iso(r["ts"]),
                             currency=cur[r["user_id"]], refund_days=r["days"],
                             status="paid" if r["ts"] + r["days"] * DAY < WINDOW_DAYS * DAY else "pending")
                        for i, r in enumerate(refunds)])
    return {"deliveries": deliveries, "support_tickets": support, "refunds": ref}


def generate(out_dir: Path, scale: float = 1.0, seed: int = SEED, study_dir: Path = STUDY_DIR) -> dict:
    """Write the whole data set into ``out_dir``; return the tables and the checks."""
    out_dir = Path(out_dir)
    for sub in ("behaviour", "surveys", "operations"):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)
    rng_users, rng_fate, rng_beh, rng_surv = np.random.default_rng(seed).spawn(4)
    users = make_users(rng_users, max(len(ROSTER) + 100, int(round(N_USERS * scale))))
    fates = assign_fates(rng_fate, users)
    beh = make_behaviour(rng_beh, users, fates)
    ops = operations(users, beh)
    event_tp, tps, goal = shop.study_touchpoints(study_dir)
    events = beh["events"]
    table = drop_rates(events, users, event_tp, tps, goal)
    surveys = text.make_surveys(rng_surv, users, events, ops, study_dir / "participants.csv")
    shop.write_csv(users, out_dir / "users.csv")
    for m in (9, 10, 11):
        shop.write_parquet(events[events["ts"].dt.month == m].reset_index(drop=True),
                           out_dir / "behaviour" / f"events-2026-{m:02d}.parquet")
    (out_dir / "surveys" / "post_order.csv").write_bytes(surveys["post_order_bytes"])
    shop.write_csv(surveys["app_feedback"], out_dir / "surveys" / "app_feedback.csv")
    for name, df in ops.items():
        shop.write_csv(df, out_dir / "operations" / f"{name}.csv")
    figures = text.figures(surveys, ops, events)
    (out_dir / "PLANTED.md").write_text(text.render_planted(table, figures, shop.format_drop_table(table),
                                                            check_band=scale >= 1.0),
                                        encoding="utf-8")
    return {"users": users, "events": events, "ops": ops, "surveys": surveys, "drop_table": table,
            "figures": figures}


def drop_rates(events: pd.DataFrame, users: pd.DataFrame, event_tp: dict[str, str], touchpoints: list[str],
               goal: str) -> pd.DataFrame:
    """Per persona and 'all': reached, dropped, drop_rate (95% Wilson CI), baseline and ratio.

    reached(T): users with >= 1 event of T. dropped(T): reached T, never the goal event, and T is
    the last touchpoint they reached by time (events of no touchpoint ignored). baseline: median
    drop_rate over touchpoints. Exactly STUDY_FORMAT.md "Definitions that must not drift".
    """
    ev = events[["user_id", "ts", "event_name"]].assign(tp=events["event_name"].map(event_tp))
    buyers = set(ev.loc[ev["event_name"] == goal, "user_id"])
    tp_ev = ev.dropna(subset=["tp"])
    reached = tp_ev[["user_id", "tp"]].drop_duplicates()
    last = tp_ev.sort_values(["user_id", "ts"], kind="stable").groupby("user_id").tail(1)
    last = last[~last["user_id"].isin(buyers)][["user_id", "tp"]]
    seg = users.set_index("user_id")["segment"]
    out = []
    for persona in [*PERSONAS, "all"]:
        r = reached if persona == "all" else reached[reached["user_id"].map(seg) == persona]
        dr = last if persona == "all" else last[last["user_id"].map(seg) == persona]
        rc, dc = r["tp"].value_counts(), dr["tp"].value_counts()
        rows = []
        for t in touchpoints:
            n, k = int(rc.get(t, 0)), int(dc.get(t, 0))
            lo, hi = wilson(k, n)
            rows.append({"persona": persona, "touchpoint": t, "reached": n, "dropped": k,
                         "drop_rate": k / n if n else float("nan"), "ci_low": lo, "ci_high": hi})
        block = pd.DataFrame(rows)
        block["baseline"] = block["drop_rate"].median()
        block["ratio"] = block["drop_rate"] / block["baseline"]
        out.append(block)
    return pd.concat(out, ignore_index=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=STUDY_DIR)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the 32,000 users (tests use ~0.1)")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    res = generate(args.out, scale=args.scale, seed=args.seed)
    print(res["drop_table"].to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print(text.format_figures(res["figures"]))
    print(f"\nusers {len(res['users']):,}  events {len(res['events']):,}  time {time.perf_counter() - t0:.1f} s")
    for rel, h in shop.file_hashes(args.out).items():
        print(f"{h[:16]}  {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
