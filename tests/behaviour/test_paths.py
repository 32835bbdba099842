from __future__ import annotations

import pytest

from workbench.behaviour import last_events, next_steps, sessions_summary, time_to_goal, transitions
from workbench.behaviour.paths import NO_LATER_EVENT, SESSION_END
from workbench.exceptions import InputError


@pytest.mark.parametrize("source, target, count", [
    ("add_to_cart", "shipping_cost_shown", 5),   # u1, u2, u5, u6, u11 (tie ordered by name)
    ("order_placed", SESSION_END, 4),
    ("size_guide_opened", "product_viewed", 1),  # u8
    ("add_to_cart", "product_viewed", 1),       # u10: cart 02:30 UTC, product 03:00 UTC
])
def test_transitions(tiny, source, target, count):
    table = transitions(tiny).set_index(["source", "target"])
    assert table.loc[(source, target), "transitions"] == count


def test_sessions_and_bounces(tiny):
    assert sessions_summary(tiny) == {"sessions": 14, "bounced": 4}


def test_last_events_of_non_converters(tiny):
    table = last_events(tiny).set_index("event")
    assert table["users"].sum() == 8
    assert table.loc["help_page", "users"] == 2 and table.loc["product_viewed", "users"] == 2


def test_next_steps_after_shipping(tiny):
    table = next_steps(tiny, "shipping").set_index("event")
    assert table["users"].to_dict() == {"help_page": 2, NO_LATER_EVENT: 1, "payment_page_viewed": 1}
    assert (table["n"] == 4).all()


def test_next_steps_unknown_touchpoint(tiny):
    with pytest.raises(InputError, match="did you mean 'shipping'"):
        next_steps(tiny, "shiping")


def test_time_to_goal(tiny):
    summary, dist = time_to_goal(tiny)
    median = summary.set_index("statistic").loc["median"]
    assert median["hours"] == pytest.approx(0.1) and median["n"] == 3
    assert dist["users"].tolist() == [1, 2, 0, 0, 0, 0]
