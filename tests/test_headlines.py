"""Headlines that hold (issue 12): the claims audit (tests/claims_audit.py) on real reports.

Slow tests run the runner once per study per session (tests/conftest.py: ``demo_reports`` is the
golden tests' run, ``misordered_reports`` the misordered fixture's). The generated variants
(tests/order_variants.py) skip papermill: the analysis pass plus the summary chapter's render
calls give the same first page and the same data/<persona>/*.csv in a fraction of the time.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from claims_audit import audit_report, failures, visible_lines  # noqa: E402
from conftest import DEMO, MISORDERED  # noqa: E402
from order_variants import write_variant  # noqa: E402

from workbench.behaviour.stage_order import NO_EVENTS_NOTE  # noqa: E402


def _summary_text(page: Path) -> str:
    return "\n".join(visible_lines(page.read_text(encoding="utf-8")))


def _first_page(folder: Path, persona: str = "all") -> str:
    """The summary chapter's text: from the report's top to the map's evidence section."""
    text = _summary_text(folder / f"{persona}.html")
    return text[:text.index("Evidence behind the map")] if "Evidence behind the map" in text else text


@pytest.mark.slow
def test_the_demos_claims_hold(demo_reports):
    claims = audit_report(demo_reports, DEMO)
    kinds = {c.kind for c in claims}
    assert {"steepest", "drop", "reach", "step", "goal", "mismatch", "link"} <= kinds, kinds
    assert failures(claims) == []


@pytest.mark.slow
def test_the_demo_keeps_its_declared_order_without_notes(demo_reports):
    for persona in ("all", "bargain-hunter"):
        assert "Study-design notes" not in _first_page(demo_reports, persona)
    order = pd.read_csv(demo_reports / "data" / "all" / "stage_order.csv")
    assert order["has_events"].all()


@pytest.mark.slow
def test_the_misordered_studys_claims_hold(misordered_reports):
    claims = audit_report(misordered_reports, MISORDERED)
    assert {"steepest", "conversion", "reach"} <= {c.kind for c in claims}
    assert failures(claims) == []


@pytest.mark.slow
def test_the_misordered_first_page_says_what_customers_did_and_notes_the_order(misordered_reports):
    page = _first_page(misordered_reports)
    # the note with its numbers (tests/fixtures/misordered-study/README.md: 9 of 9 converters saw the banner first)
    assert ("Promotion is reached before the goal by 100% of those who reach it (9 of 9 users who reach both; "
            "95% CI 70–100%); its funnel step is shown before the goal.") in page
    assert f"Showroom visit: {NO_EVENTS_NOTE}." in page
    assert NO_EVENTS_NOTE in page.split("The journey map", 1)[1]         # the map's KPI cell says so too
    assert "Reach 0%" not in page and "0 of the" not in page
    assert "The steepest step of the journey is Discover → Promotion" in page
    funnel = pd.read_csv(misordered_reports / "data" / "all" / "funnel.csv")
    assert list(funnel["stage"]) == ["discover", "promo", "buy", "goal", "after"]
    assert list(funnel["users"]) == [40, 10, 10, 9, 9]
    order = pd.read_csv(misordered_reports / "data" / "all" / "stage_order.csv").set_index("stage")
    assert order.loc["promo", ["reached", "both", "before_goal", "after_goal"]].tolist() == [10, 9, 9, 0]
    assert not order.loc["showroom", "has_events"]


def _quick_reports(study: Path, out: Path) -> Path:
    """data/<persona>/*.csv and <persona>.html as the runner writes them, without papermill: the
    analysis pass once, then the summary chapter's render calls (notebooks/00_summary_and_map)."""
    from workbench import load_study
    from workbench.analysis import analyse_study
    from workbench.journeymap import findings
    from workbench.report.chapters import journey_map as render

    results = analyse_study(load_study(study))
    for persona, r in results.personas.items():
        data = out / "data" / persona
        data.mkdir(parents=True)
        for name, frame in r.tables.items():
            frame.to_csv(data / f"{name}.csv", index=False)
        jmap = r.journey_map
        html = (render.intro(jmap).data + "<h2>In short</h2>" + render.findings_html(findings(jmap)).data
                + render.map_html(jmap) + render.evidence_html(jmap).data)
        (out / f"{persona}.html").write_text(f"<html><body>{html}</body></html>", encoding="utf-8")
    return out


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1])
def test_generated_variants_claims_hold(tmp_path, seed):
    variant = write_variant(tmp_path / "study", seed)
    out = _quick_reports(variant.folder, tmp_path / "reports")
    claims = audit_report(out, variant.folder)
    assert {"steepest", "conversion"} <= {c.kind for c in claims}
    assert failures(claims) == []
    funnel = pd.read_csv(out / "data" / "all" / "funnel.csv")
    assert tuple(funnel["stage"]) == variant.true_steps        # the data's order, stages without events left out
    assert (funnel["users"] > 0).all()
    assert NO_EVENTS_NOTE in _summary_text(out / "all.html")
