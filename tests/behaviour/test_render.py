"""The chapter's figures are embedded PNGs built without pyplot; its tables are HTML."""
from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from IPython.display import HTML, Image

from workbench.behaviour import analyse_behaviour
from workbench.report.chapters import behaviour as display, behaviour_charts as render


@pytest.fixture(scope="module")
def result(tiny):
    return analyse_behaviour(tiny, "all", min_users=1)


@pytest.mark.parametrize("figure", ["funnel_figure", "dropoff_figure", "time_to_goal_figure", "operations_figure"])
def test_figures_are_png_images_and_leave_no_pyplot_figure(result, figure):
    before = plt.get_fignums()
    image = getattr(render, figure)(result)
    assert isinstance(image, Image) and image.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert plt.get_fignums() == before


@pytest.mark.parametrize("name, text", [
    ("population_table", "27.3%"),             # 3 of 11 users convert
    ("funnel_table", "Goal: order_placed"),
    ("touchpoints_table", "Shipping"),
    ("worst_note", "Highest drop rate"),
    ("last_events_table", "help_page"),
    ("time_to_goal_table", "6 min"),           # median 0.1 h
    ("kpis_table", "3 / 11"),
    ("retention_table", "week +1"),
    ("operations_table", "support_tickets.wait_minutes"),
    ("comparisons_table", "Benjamini-Hochberg"),
])
def test_display_tables(result, name, text):
    out = getattr(display, name)(result)
    assert isinstance(out, HTML) and text in out.data


def test_display_copes_with_no_worst_touchpoint(tiny):
    result = analyse_behaviour(tiny, "all")        # 30 users needed: nobody qualifies in the fixture
    assert result.worst_touchpoint is None and result.next_steps.empty
    assert "No touchpoint has enough users" in display.worst_note(result).data
    assert "No users here" in display.shares_table(result.next_steps).data
    assert "No transitions here" in display.transitions_table(render.paths_table(result)).data
