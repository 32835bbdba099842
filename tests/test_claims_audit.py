"""The claims audit (tests/claims_audit.py): it must pass true claims whatever the HTML layout, and
fail a wrong number, a claim on an empty step and a quote id shown without its words."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from claims_audit import audit_persona, audit_report, failures, main, visible_lines, wilson  # noqa: E402
from order_variants import GOAL, reference_funnel, write_variant  # noqa: E402

from workbench.behaviour.funnel import ordered_funnel  # noqa: E402
from workbench.behaviour.stage_order import stage_order  # noqa: E402
from workbench.behaviour.steepest_step import steepest_step  # noqa: E402
from workbench.config import load_study_config  # noqa: E402
from workbench.journeymap.summary import _conversion_finding, _funnel_finding  # noqa: E402
from workbench.stats import wilson as workbench_wilson  # noqa: E402

FUNNEL = pd.DataFrame({"step": [1, 2, 3, 4], "stage": ["discover", "buy", "goal", "after"],
                       "label": ["Discover", "Buy", "Goal: order_placed", "After"],
                       "users": [400, 120, 90, 30], "n_previous": [400, 400, 120, 90], "n_start": 400})
TOUCHPOINTS = pd.DataFrame({"touchpoint": ["ads", "checkout"], "stage": ["discover", "buy"], "reached": [400, 120],
                            "dropped": [280, 30], "baseline": [0.475, 0.475], "exposed_users": [400, 120],
                            "unexposed_users": [0, 280]})
TRUE_LINES = [
    "The steepest step of the journey is Discover → Buy: only 30.0% of the 400 users who got to Discover went on "
    "(95% CI 25.7–34.7%), 280 users lost.",
    "22.5% of the 400 users who entered the journey reached the goal, order_placed (95% CI 18.7–26.8%).",
]
MAP_CELLS = [("Reach 30%", "120 of 400 users (26–35%)"), ("Step conversion 75%", "90 of 120 from the previous step (67–82%)"),
             ("Goal reached by 75%", "90 of 120, Goal: order_placed (67–82%)")]


def _write(folder: Path, funnel: pd.DataFrame = FUNNEL, tps: pd.DataFrame = TOUCHPOINTS, mm: pd.DataFrame | None = None):
    data = folder / "data" / "all"
    data.mkdir(parents=True)
    funnel.to_csv(data / "funnel.csv", index=False)
    tps.to_csv(data / "touchpoints.csv", index=False)
    (mm if mm is not None else pd.DataFrame(columns=["evidence"])).to_csv(data / "mismatches.csv", index=False)
    return data


def _page(lines, cells, layout: str) -> str:
    if layout == "list":
        body = "<h2>In short</h2><ol class='wb-findings'>" + "".join(
            f"<li><span>{s}</span> <a href='#x'>evidence →</a></li>" for s in lines) + "</ol>"
        body += "<table><tr id='x'><td>the row the findings link to</td></tr></table>"
        body += "<table>" + "".join(f"<tr><td><span class='t'>{a}</span><span class='d'>{b}</span></td></tr>"
                                    for a, b in cells) + "</table>"
    else:   # another layout: cards, nested inline markup, a script and a style that must be ignored
        body = "<style>.x{content:'Reach 99%'}</style><script>var s = 'Reach 0% 0 of 9 users (0–30%)';</script>"
        body += "".join(f"<div class='card'><p>{s.replace('only', '<em>only</em>')}</p></div>" for s in lines)
        body += "".join(f"<section><b>{a}</b><br><small>{b}</small></section>" for a, b in cells)
    return f"<html><head><title>t</title></head><body>{body}</body></html>"


def test_own_wilson_matches_the_workbench_interval():
    for count, n in ((0, 10), (3, 10), (90, 120), (400, 400), (1, 40_000)):
        assert wilson(count, n) == pytest.approx(workbench_wilson(count, n), abs=1e-9)


def test_visible_text_ignores_script_style_and_keeps_blocks():
    lines = visible_lines("<head><title>T</title><style>p{}</style></head><p>a <b>b</b></p><script>x</script><li>c</li>")
    assert lines == ["a b", "c"]


@pytest.mark.parametrize("layout", ["list", "cards"])
def test_true_claims_pass_in_any_layout(tmp_path, layout):
    _write(tmp_path)
    (tmp_path / "all.html").write_text(_page(TRUE_LINES, MAP_CELLS, layout), encoding="utf-8")
    claims = audit_report(tmp_path)
    assert sorted(c.kind for c in claims if c.kind != "link") == ["conversion", "goal", "reach", "steepest", "step"]
    assert failures(claims) == []
    assert main([str(tmp_path)]) == 0


def test_todays_steepest_wording_is_audited(tmp_path):
    data = _write(tmp_path)
    line = TRUE_LINES[0].replace("280 users lost.", "280 users left the ordered funnel there.")
    assert [c.kind for c in audit_persona(_page([line], [], "cards"), data, "all")] == ["steepest"]
    wrong = line.replace("280 users", "281 users")
    assert [c.kind for c in failures(audit_persona(_page([wrong], [], "cards"), data, "all"))] == ["steepest"]


@pytest.mark.parametrize("wrong, why", [
    (TRUE_LINES[0].replace("30.0%", "31.0%"), "31.0% shown"),
    (TRUE_LINES[0].replace("280 users lost", "270 users lost"), "270 users lost shown"),
    (TRUE_LINES[0].replace("25.7–34.7%", "25.0–34.7%"), "Wilson gives"),
    (TRUE_LINES[1].replace("400 users", "401 users"), "401 users shown"),
    (TRUE_LINES[0].replace("Discover → Buy", "Buy → After"), "no step Buy → After"),
])
def test_a_wrong_number_fails(tmp_path, wrong, why):
    data = _write(tmp_path)
    claims = audit_persona(_page([wrong], [], "list"), data, "all")
    assert len(failures(claims)) == 1 and why in failures(claims)[0].detail


def test_a_headline_linking_to_no_row_fails(tmp_path):
    data = _write(tmp_path)
    page = _page(TRUE_LINES, [], "list").replace("href='#x'", "href='#wb-funnel-gone'", 1)
    bad = failures(audit_persona(page, data, "all"))
    assert [c.kind for c in bad] == ["link"] and "#wb-funnel-gone" in bad[0].detail


def test_a_wrong_map_cell_fails(tmp_path):
    data = _write(tmp_path)
    cells = [("Reach 30%", "120 of 401 users (26–35%)"), ("Step conversion 76%", "90 of 120 from the previous step (67–82%)")]
    bad = failures(audit_persona(_page([], cells, "cards"), data, "all"))
    assert [c.kind for c in bad] == ["reach", "step"]
    assert "touchpoints.csv counts 400" in bad[0].detail and "76% shown" in bad[1].detail


def test_claims_on_empty_steps_fail(tmp_path):
    funnel = FUNNEL.assign(users=[400, 0, 0, 0])
    data = _write(tmp_path, funnel)
    page = _page(["The steepest step of the journey is Discover → Buy: only 0.0% of the 400 users who got to "
                  "Discover went on (95% CI 0.0–1.0%), 400 users lost.",
                  "0 of the 400 users who reached the goal went on (0.0%)."],
                 [("Reach 0%", "0 of 400 users (0–1%)"), ("Step conversion 0%", "0 of 400 from the previous step (0–1%)"),
                  ("Step conversion –", "0 of 0 from the previous step (no interval)")],
                 "list")
    bad = failures(audit_persona(page, data, "all"))
    assert sorted(c.kind for c in bad) == ["empty-step", "empty-step", "reach", "steepest", "step"]
    assert all("nobody" in c.detail for c in bad)


def test_a_mismatch_sentence_must_show_the_quotes_words(tmp_path):
    sentence = "Checkout is praised (mean +0.40, n=12) but 40% drop there (n=300); Quote P18#14."
    data = _write(tmp_path, mm=pd.DataFrame({"evidence": [sentence]}))
    bare = [c for c in audit_persona(_page([sentence], [], "list"), data, "all") if c.kind == "mismatch"]
    assert [c.status for c in bare] == ["failed"] and "quote's words" in bare[0].detail
    quoted = audit_persona(_page([sentence + " “the page is lovely but the fee surprised me”"], [], "list"), data, "all")
    assert [c.status for c in quoted if c.kind == "mismatch"] == ["ok"] and failures(quoted) == []


def _old_steepest_sentence(funnel: pd.DataFrame) -> list[dict]:
    """The steepest-step sentence as main wrote it before issue 12 (lowest share of the previous step
    among steps with anybody before them, empty steps included), kept to show the audit catches it."""
    from workbench.journeymap.summary import _step_name
    from workbench.formats import interval, pct
    steps = funnel.iloc[1:]
    steps = steps[steps["n_previous"] > 0]
    r = steps.loc[steps["share_of_previous"].idxmin()]
    before = _step_name(funnel.loc[funnel["step"] == r["step"] - 1, "label"].iloc[0])
    return [{"finding": f"The steepest step of the journey is {before} → {_step_name(r['label'])}: only "
                        f"{pct(r['share_of_previous'], 1)} of the {int(r['n_previous']):,} users who got to {before} "
                        f"went on (95% CI {interval(r['previous_ci_low'], r['previous_ci_high'], 1)}), "
                        f"{int(r['n_previous'] - r['users']):,} users lost."}]


def _summary_page(funnel: pd.DataFrame, finding: list[dict]) -> str:
    return _page([f["finding"] for f in finding], [], "list")


def _as_funnel_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """A funnel.csv with the workbench's columns from step, stage, label, users, n_previous."""
    from workbench.behaviour.rates import add_rate
    out = frame.assign(n_start=int(frame["users"].iloc[0]))
    out = add_rate(out, "users", "n_previous", "share_of_previous", "previous_ci_low", "previous_ci_high")
    return add_rate(out, "users", "n_start", "share_of_start").assign(anchor="x")


@pytest.mark.parametrize("seed", range(3))
def test_variants_old_headline_fails_the_audit_and_the_data_order_passes(tmp_path, seed):
    variant = write_variant(tmp_path / "study", seed)
    config = load_study_config(variant.folder)
    declared = ordered_funnel(config).assign(anchor="x")
    old = _old_steepest_sentence(declared)   # main's rule before issue 12: the lowest share, empty steps included
    data = _write(tmp_path / "declared", declared)
    assert failures(audit_persona(_summary_page(declared, old), data, "all")), old
    # today's rule on the same declared funnel: no headline on an empty step, so nothing fails
    now = _funnel_finding(declared, stage_order(config))
    assert failures(audit_persona(_summary_page(declared, now), data, "all")) == []

    d = stage_order(config)
    ref = reference_funnel(variant.folder, list(d.steps))
    labels = {s: f"Stage {s}" for s in d.steps} | {GOAL: "Goal: order_placed"}
    funnel = _as_funnel_csv(ref.assign(label=[labels[s] for s in ref["stage"]]))
    pick = steepest_step(funnel, d.no_events, d.unreachable)
    assert pick is not None
    finding = _funnel_finding(funnel[funnel["step"].isin([pick["step"] - 1, pick["step"]])].reset_index(drop=True))
    finding += _conversion_finding(funnel)
    data = _write(tmp_path / "data-order", funnel)
    claims = audit_persona(_summary_page(funnel, finding), data, "all")
    assert sorted(c.kind for c in claims if c.kind != "link") == ["conversion", "steepest"]
    assert failures(claims) == []


def test_a_true_zero_passes_on_the_map_but_never_as_the_headline(tmp_path):
    """Nobody of this persona reached "after" at all (its touchpoints: 0): a true zero on the map;
    still not a "steepest step", which needs users on both sides."""
    funnel = FUNNEL.assign(users=[400, 120, 90, 0])
    tps = pd.concat([TOUCHPOINTS, pd.DataFrame({"touchpoint": ["support"], "stage": ["after"], "reached": [0],
                                                "dropped": [0], "baseline": [0.475], "exposed_users": [0],
                                                "unexposed_users": [400]})], ignore_index=True)
    data = _write(tmp_path, funnel, tps)
    page = _page(["The steepest step of the journey is the goal (order_placed) → After: only 0.0% of the 90 users who "
                  "got to the goal (order_placed) went on (95% CI 0.0–4.1%), 90 users lost."],
                 [("Step conversion 0%", "0 of 90 from the previous step (0–4%)"), ("Reach 0%", "0 of 400 users (0–1%)")],
                 "cards")
    study = tmp_path / "study"
    study.mkdir()
    (study / "study.yml").write_text("touchpoints:\n  - {id: support, stage: after, events: [chat]}\n"
                                     "  - {id: poster, stage: showroom}\n")
    from claims_audit import stages_with_events
    claims = audit_persona(page, data, "all", stages_with_events(study))
    assert {c.kind: c.status for c in claims} == {"steepest": "failed", "step": "ok", "reach": "ok"}
    # without the study the zero reach cannot be told from a stage without events: it fails
    assert [c.kind for c in failures(audit_persona(page, data, "all"))] == ["reach", "steepest"]
