"""The demo-data generator: deterministic output, the contract's drop rates, the planted signals.

Runs the generator on a small population (scale 0.04, ~2,100 users) into tmp_path; the committed
corpus is never regenerated here.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

TOOLS = Path(__file__).resolve().parents[2] / "tools"
sys.path.insert(0, str(TOOLS))
import demo_shop_text  # noqa: E402
import make_demo_shop  # noqa: E402

SCALE = 0.04


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "a"
    res = make_demo_shop.generate(out, scale=SCALE)
    return out, res


def test_two_runs_are_byte_identical(small, tmp_path):
    out, _ = small
    make_demo_shop.generate(tmp_path / "b", scale=SCALE)
    first, second = make_demo_shop.file_hashes(out), make_demo_shop.file_hashes(tmp_path / "b")
    assert len(first) == 10
    assert first == second


def test_another_seed_gives_other_data(small, tmp_path):
    out, _ = small
    make_demo_shop.generate(tmp_path / "c", scale=0.02, seed=7)
    first, other = make_demo_shop.file_hashes(out), make_demo_shop.file_hashes(tmp_path / "c")
    assert first["users.csv"] != other["users.csv"]


# A tiny visible event table: (user, minute, event). Touchpoints as in study.yml.
EVENTS = [
    ("A", 0, "product_viewed"), ("A", 1, "add_to_cart"),                      # dropped at cart
    ("B", 0, "product_viewed"), ("B", 1, "order_placed"),                     # bought: never dropped
    ("C", 0, "add_to_cart"), ("C", 60, "product_viewed"),                     # last by time: product page
    ("D", 0, "product_viewed"), ("D", 1, "app_open"),                         # app_open is no touchpoint
    ("E", 0, "shipping_cost_shown"), ("E", 5, "order_placed"), ("E", 9, "tracking_viewed"),  # bought
]
USERS = pd.DataFrame({"user_id": list("ABCDE"), "segment": ["bargain-hunter"] * 5})


@pytest.mark.parametrize("touchpoint, reached, dropped", [
    ("product-page", 4, 2),   # A, B, C, D reached; C and D dropped there
    ("cart", 2, 1),           # A, C reached; A dropped
    ("shipping-cost", 1, 0),  # E bought
    ("delivery", 1, 0),
    ("social-ads", 0, 0),
])
def test_drop_rates_follow_the_contract(touchpoint, reached, dropped):
    ev = pd.DataFrame(EVENTS, columns=["user_id", "minute", "event_name"])
    ev["ts"] = pd.Timestamp("2026-07-01") + pd.to_timedelta(ev["minute"], unit="min")
    event_tp, tps, goal = make_demo_shop.study_touchpoints()
    table = make_demo_shop.drop_rates(ev, USERS, event_tp, tps, goal)
    row = table[(table["persona"] == "all") & (table["touchpoint"] == touchpoint)].iloc[0]
    assert (row.reached, row.dropped) == (reached, dropped)


@pytest.mark.parametrize("persona, touchpoint, low, high", [
    ("all", "shipping-cost", 2.2, 99),
    ("bargain-hunter", "shipping-cost", 2.8, 99),
    ("busy-parent", "shipping-cost", 1.6, 99),
    ("loyal-regular", "shipping-cost", 1.6, 99),
    ("all", "size-guide", 1.8, 99),
    ("busy-parent", "payment", 2.2, 99),
    ("bargain-hunter", "payment", 0.5, 1.5),
    ("loyal-regular", "payment", 0.5, 1.5),
    ("all", "product-page", 0.65, 1.35),
    ("all", "cart", 0.65, 1.35),
    ("all", "checkout", 0.65, 1.35),
    ("all", "delivery", 0.65, 1.35),
    ("all", "packaging", 0.65, 1.35),
])
def test_planted_drop_ratios_hold_on_a_small_sample(small, persona, touchpoint, low, high):
    table = small[1]["drop_table"]
    row = table[(table["persona"] == persona) & (table["touchpoint"] == touchpoint)].iloc[0]
    assert low <= row.ratio <= high, row.to_dict()


def test_shipping_is_worst_for_bargain_hunters(small):
    t = small[1]["drop_table"]
    ship = t[t["touchpoint"] == "shipping-cost"].set_index("persona")["ratio"]
    assert ship["bargain-hunter"] > ship["busy-parent"] and ship["bargain-hunter"] > ship["loyal-regular"]


def test_events_file_shape(small):
    out, _ = small
    ev = pd.concat(pd.read_parquet(p) for p in sorted((out / "behaviour").glob("events-*.parquet")))
    assert list(ev.columns[:3]) == ["user_id", "ts", "event_name"]
    assert str(ev["ts"].dtype).startswith("datetime64") and ev["ts"].dt.tz is None
    assert ev["ts"].min() >= pd.Timestamp("2026-07-01") and ev["ts"].max() < pd.Timestamp("2026-10-01")
    assert not ev.duplicated(["user_id", "ts"]).any()


def test_surveys_carry_the_roster_and_never_the_size_guide(small):
    out, res = small
    raw = (out / "surveys" / "post_purchase.csv").read_text(encoding="utf-8").splitlines()
    assert raw[0].startswith("StartDate,EndDate,Status") and raw[2].startswith('"{""ImportId"":""startDate""')
    post = pd.read_csv(out / "surveys" / "post_purchase.csv", skiprows=[1, 2], dtype=str, keep_default_na=False)
    parts = pd.read_csv(make_demo_shop.STUDY_DIR / "participants.csv", dtype=str, keep_default_na=False)
    linked = parts[parts["respondent_id"] != ""]
    merged = linked.merge(post, left_on="respondent_id", right_on="ResponseId")
    assert len(merged) == len(linked) and (merged["user_id_x"] == merged["user_id_y"]).all()
    site = pd.read_csv(out / "surveys" / "site_exit.csv", dtype=str, keep_default_na=False)
    text = pd.concat([post[c] for c in ("Q2", "Q5", "Q6")] + [site["what_stopped_you"], site["anything_else"]])
    assert not text.str.contains(demo_shop_text.SIZE_GUIDE).any()
    pool_text = " ".join(t for pool in demo_shop_text.POOLS.values() for t in pool).lower()
    assert not any(w in pool_text for w in demo_shop_text.FORBIDDEN)


def test_support_scores_only_for_ticket_holders(small):
    out, _ = small
    post = pd.read_csv(out / "surveys" / "post_purchase.csv", skiprows=[1, 2], dtype=str, keep_default_na=False)
    tickets = pd.read_csv(out / "operations" / "support_tickets.csv", dtype=str)
    no_ticket = post[~post["user_id"].isin(set(tickets["user_id"]))]
    assert (no_ticket["Q4"] == "").all() and (no_ticket["Q6"] == "").all()
    q4 = pd.to_numeric(post["Q4"].replace("", None)).dropna()
    assert len(q4) > 0 and q4.mean() >= 4.0


def test_one_ticket_per_support_chat_event(small):
    out, res = small
    ev = res["events"]
    chats = ev[ev["event_name"] == "support_chat_started"]
    tickets = pd.read_csv(out / "operations" / "support_tickets.csv", dtype=str)
    assert (tickets["channel"] == "chat").sum() == len(chats)


@pytest.mark.parametrize("card, valid", [("4012 8888 8888 1881", True), ("4012 8888 8888 1882", False)])
def test_planted_card_number_is_luhn_valid(card, valid):
    digits = [int(c) for c in card if c.isdigit()][::-1]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits))
    assert (total % 10 == 0) is valid
    if valid:
        assert any(card == value for *_, value in demo_shop_text.PII_TEXTS)


# sha256 of the files the generator wrote at scale 0.04 before waves existed (commit b0269b2):
# the wave option must leave demo-shop's output byte for byte as it was.
PINNED_SMALL = {
    "behaviour/events-2026-07.parquet": "89afa615bf49de485081a3779bfed50124b7d6c561193c35c0caf0a24325b833",
    "behaviour/events-2026-08.parquet": "63f4863d09e5d12fd00c3b63f189dd37263bfa0b6b9f1cac8a991e7d0c8f2ff7",
    "behaviour/events-2026-09.parquet": "dbf33eeb9616a9e97b3e6f593df70ad801348893dc2fed74adebd42c01ed5925",
    "operations/deliveries.csv": "8b1ea1ffa3caba5c5549506e2fd8d3c6f11ee8b29d7042d9cf13e4238f541c67",
    "operations/email_sends.csv.gz": "889b2d96203aba4d44b2e6c1c5bd4056c6a078eed5e3342e52e2564280b82bfc",
    "operations/support_tickets.csv": "166eb5a4043f9e564b14ec6b993fb006df796f03c46e38dae4b71821ec1825dd",
    "surveys/post_purchase.csv": "e202fc5bc7be16ce968a86ba44a7242408e3cdba33df1e986120c03b17954ac1",
    "surveys/site_exit.csv": "bf4e9796ef3efa132b3cf45e02b8043c093c49ba5058e35db86355fa057f7edc",
    "users.csv": "b8760f780e5c0f8eacdd0366ca86b53e8b1466bf673a9d74630db2708be1cf34",
}


def test_demo_shop_output_is_unchanged_by_waves(small):
    out, _ = small
    hashes = make_demo_shop.file_hashes(out)
    assert {k: hashes[k] for k in PINNED_SMALL} == PINNED_SMALL


def test_earlier_wave_plants_its_changes(tmp_path):
    res = make_demo_shop.generate(tmp_path / "q2", scale=0.06, seed=make_demo_shop.WAVES["2026q2"]["seed"],
                                  wave="2026q2")
    table = res["drop_table"].set_index(["persona", "touchpoint"])["ratio"]
    assert table[("all", "checkout")] > 1.8          # broken in Q2, fixed in Q3 (1.07x)
    assert 0.65 < table[("all", "size-guide")] < 1.35  # healthy in Q2, broken in Q3
    assert table[("all", "shipping-cost")] > 2.2       # the fix that did not work: high in both
    assert (tmp_path / "q2" / "DROP_RATES.md").is_file()
    assert not (tmp_path / "q2" / "PLANTED.md").exists()  # the wave's PLANTED.md is hand-written


def test_wave_targets_only_change_the_planted_touchpoints():
    for persona in make_demo_shop.PERSONAS:
        now, before = make_demo_shop.target_drop_rates(persona), make_demo_shop.target_drop_rates(persona, "2026q2")
        changed = {t for t in now if abs(now[t] - before[t]) > 1e-12}
        assert changed == {"checkout", "size-guide", "loyalty-points"}
