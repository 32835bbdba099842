"""The map figure (PNG / SVG) carries the same ▲/▼ change markers as the HTML map, with a legend."""
from __future__ import annotations

import pandas as pd
import pytest

from workbench.journeymap import build_map
from workbench.journeymap.map_model import with_changes
from workbench.language.fonts import missing_glyphs
from workbench.report.chapters.map_figure import CHANGES_LEGEND, CHANGES_TITLE, map_figure, map_svg
from workbench.report.palette import TONE_COLOURS
from workbench.waves import CHANGES_COLUMNS


@pytest.fixture(scope="module")
def plain_map(tiny_loaded, tiny_results):
    voice, behaviour = tiny_results
    return build_map(tiny_loaded.config, "all", voice, behaviour, None)


def _changes(jmap) -> pd.DataFrame:
    """Two detected changes in the map's first two stages (a worse drop rate, a better NPS) and an
    undetected one, as changes.csv rows."""
    (s1, _), (s2, _) = jmap.stages[:2]
    rows = [dict(touchpoint=None, stage=s1, measure="reach", before=.5, after=.3, change=-.2, ci_low=-.3,
                 ci_high=-.1, p_value=.001, q_value=.004, direction="none", n_before=100, n_after=100),
            dict(touchpoint=None, stage=s1, measure="share_negative", before=.1, after=.3, change=.2, ci_low=.1,
                 ci_high=.3, p_value=.001, q_value=.004, direction="worse", n_before=80, n_after=90),
            dict(touchpoint=None, stage=s2, measure="csat_satisfied", before=.6, after=.8, change=.2, ci_low=.1,
                 ci_high=.3, p_value=.001, q_value=.004, direction="better", n_before=80, n_after=90)]
    return pd.DataFrame(rows).reindex(columns=CHANGES_COLUMNS)


def _texts(fig) -> list:
    return [t for ax in fig.axes for t in ax.texts]


def _joined(texts) -> str:
    """All drawn text on one line (lane titles are wrapped)."""
    return " ".join(t.get_text().replace("\n", " ") for t in texts)


def test_markers_legend_and_colours_on_the_figure(plain_map):
    marked = with_changes(plain_map, _changes(plain_map))
    texts = _texts(map_figure(marked))
    joined = _joined(texts)
    assert CHANGES_LEGEND in joined and CHANGES_TITLE in joined
    worse = [t for t in texts if t.get_text().startswith("▲ share negative")]
    better = [t for t in texts if t.get_text().startswith("▲ CSAT satisfied")]
    assert worse and better, joined
    assert worse[0].get_color() == TONE_COLOURS["bad"] and better[0].get_color() == TONE_COLOURS["good"]
    assert "reach" not in " ".join(t.get_text() for t in worse + better)   # not detected: no marker
    # every other stage says so, as the HTML does
    assert sum(t.get_text() == "no detectable change" for t in texts) == len(plain_map.stages) - 2
    assert missing_glyphs(joined) == []
    # everything still fits on the slide
    assert all(0 <= t.get_position()[1] <= 9.0 for t in texts)
    svg = map_svg(marked)
    assert "▲ share negative" in svg and "Since the last" in svg   # the lane title is wrapped


def test_no_previous_wave_no_band_no_legend(plain_map):
    joined = _joined(_texts(map_figure(plain_map)))
    assert CHANGES_TITLE not in joined and CHANGES_LEGEND not in joined and "▲" not in joined
