"""Per-user facts: the one pass every analysis shares (worked out by hand in fixtures/README.md)."""
from __future__ import annotations

import pytest

from workbench.behaviour import dropoff_table, last_events
from workbench.behaviour.per_user_facts import KEY_RADIX, MASK_BITS, mask_count, reached_expr, user_facts
from workbench.behaviour.source import open_events
from workbench.config import load_study_config

TOUCHPOINTS = ["ad", "product", "size-guide", "cart", "shipping", "payment", "delivery", "review"]


@pytest.fixture(scope="module")
def facts(tiny):
    src = open_events(tiny)
    yield src, src.fetch(user_facts(src)).set_index("user")
    src.close()


@pytest.mark.parametrize("user, last, converted", [
    ("u1", "shipping", False),   # help_page after it maps to no touchpoint
    ("u8", "product", False),    # last by time, not the furthest
    ("u10", "product", False),   # time zones: the cart came first
    ("u11", "shipping", False),  # cart and shipping at one instant: later in study.yml counts
    ("u2", "delivery", True),
    ("u9", None, True),          # ORDER only: no touchpoint
])
def test_last_touchpoint(facts, user, last, converted):
    _, f = facts
    row = f.loc[user]
    assert (None if row["last_tp"] != row["last_tp"] else TOUCHPOINTS[int(row["last_tp"])]) == last
    assert bool(row["converted"]) is converted


@pytest.mark.parametrize("user, reached", [
    ("u1", {"ad", "product", "cart", "shipping"}), ("u4", {"product", "cart", "shipping", "payment"}),
    ("u9", set()), ("u3", {"product", "size-guide"}),
])
def test_reach_mask(facts, user, reached):
    src, _ = facts
    table = user_facts(src)
    mine = table.filter(table.user == user)
    row = src.fetch(mine.select(**{tp: reached_expr(mine, i) for i, tp in enumerate(TOUCHPOINTS)})).iloc[0]
    assert {tp for tp in TOUCHPOINTS if row[tp] == True} == reached  # noqa: E712 (numpy bools)


def test_goal_facts(facts):
    _, f = facts
    assert f.loc["u6", "goal_n"] == 2 and f.loc["u6", "last_goal_t"] > f.loc["u6", "goal_t"]
    assert f.loc["u9", "first_t"] == f.loc["u9", "goal_t"]
    assert f.loc["u7", "goal_n"] == 0 and f.loc["u7", "goal_t"] != f.loc["u7", "goal_t"]   # NaN


def test_persona_scope(facts):
    src, _ = facts
    assert set(src.fetch(user_facts(src, "busy"))["user"]) == {"u3", "u4", "u6", "u8", "u10"}


@pytest.mark.parametrize("n, masks", [(0, 1), (1, 1), (MASK_BITS, 1), (MASK_BITS + 1, 2), (3 * MASK_BITS, 3)])
def test_mask_count(n, masks):
    assert mask_count(n) == masks


def _wide_study(folder, n_touchpoints: int, n_names: int):
    """A study with ``n_touchpoints`` one-event touchpoints and ``n_names`` distinct event names."""
    names = [f"ev{i:05d}" for i in range(n_names)]
    tps = "\n".join(f"  - {{id: tp{i}, stage: s, events: [{names[i]}]}}" for i in range(n_touchpoints))
    (folder / "behaviour").mkdir(parents=True)
    (folder / "study.yml").write_text(
        "study: wide\npersonas: [{id: p}]\nstages: [{id: s}]\ntouchpoints:\n" + tps + "\nbehaviour:\n"
        "  files: behaviour/*.csv\n  columns: {user: user_id, time: ts, event: event_name}\n"
        f"  goal_event: {names[-1]}\n")
    rows = ["user_id,ts,event_name"]
    # user a: every touchpoint in order, then two names at the very same last instant
    rows += [f"a,2026-07-01 10:{i // 60:02d}:{i % 60:02d},{names[i]}" for i in range(n_touchpoints)]
    rows += [f"a,2026-07-02 00:00:00,{names[n_names - 2]}", f"a,2026-07-02 00:00:00,{names[n_names - 3]}"]
    # user b: the last touchpoint and the first, at one instant (the later in study.yml counts)
    rows += [f"b,2026-07-01 09:00:00,{names[n_touchpoints - 1]}", f"b,2026-07-01 09:00:00,{names[0]}"]
    rows += [f"c,2026-07-01 08:00:00,{n}" for n in names[n_touchpoints:]]   # every other name once
    (folder / "behaviour" / "events.csv").write_text("\n".join(rows) + "\n")
    return load_study_config(folder)


@pytest.mark.parametrize("n_touchpoints, n_names", [(70, 80), (5, KEY_RADIX + 10)])
def test_many_touchpoints_and_event_names(tmp_path, n_touchpoints, n_names):
    """Several reach masks (more than MASK_BITS touchpoints), and the pair path for "last" when
    there are more event names than KEY_RADIX."""
    src = open_events(_wide_study(tmp_path, n_touchpoints, n_names))
    table = dropoff_table(src, min_users=1).set_index("touchpoint")
    assert table.loc["tp0", "reached"] == 2 and table.loc[f"tp{n_touchpoints - 1}", "reached"] == 2
    assert table["reached"].iloc[1:-1].eq(1).all()
    assert table.loc[f"tp{n_touchpoints - 1}", "dropped"] == 2   # a's last and b's tie
    last = last_events(src).set_index("event")["users"].to_dict()
    # a: two names at its last instant -> the later name; b: a tie -> the later name; c converts
    assert last == {f"ev{n_names - 2:05d}": 1, f"ev{n_touchpoints - 1:05d}": 1}
    src.close()
