"""The drivers section: what goes with not converting (or churning), and who is most at risk.

Every function takes a persona's ``PersonaResults.drivers``
(:class:`~workbench.analysis.waves_drivers.DriversSection`) and an outcome, and returns a display
object; nothing here computes a statistic. The section states that these are associations.
"""
from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from ...formats import PERCENT_SEPARATOR, interval, number, pct, q_text
from .tables import cell, note, table

__all__ = ["intro", "drivers", "performance", "calibration", "segments", "left_out", "section"]

OUTCOME_TEXT = {"conversion": "not converting", "churn": "churning"}


def _result(section, outcome: str):
    return None if section is None else section.results.get(outcome)


def _missing(section, outcome: str) -> HTML:
    why = (section.notes.get(outcome) if section is not None else None) or "Not computed."
    return note(f"No drivers of {OUTCOME_TEXT.get(outcome, outcome)}: {why}")


def intro(section, outcome: str = "conversion") -> HTML:
    """Who is modelled, what the bad outcome is, and the plain statement that these are associations."""
    r = _result(section, outcome)
    if r is None:
        return _missing(section, outcome)
    excluded = "; ".join(f"{v:,} {k}" for k, v in r.excluded.items() if v)
    return HTML(
        f"<p>A regularised logistic regression of <strong>{cell(r.bad_outcome)}</strong> on what each of "
        f"{r.n:,} users went through (touchpoints reached before the outcome, operational experiences, linked "
        f"survey scores and the sentiment of their open answers, persona). Odds ratios above 1 go with "
        f"{cell(r.bad_outcome)}; each has its 95% interval and a q-value (Benjamini-Hochberg across the features)."
        f"{' Left out of the sample: ' + cell(excluded) + '.' if excluded else ''}</p>"
        f"<p><strong>{cell(r.note)}</strong></p>")


def drivers(section, outcome: str = "conversion") -> HTML:
    """The drivers ranked by effect (|log odds ratio|), each with its interval, q and n."""
    r = _result(section, outcome)
    if r is None:
        return _missing(section, outcome)
    d = r.drivers
    if d.empty:
        return note("No feature varies enough to be modelled.")
    frame = pd.DataFrame({
        "Rank": range(1, len(d) + 1), "Experience": d["label"], "Odds ratio": [f"{v:.2f}" for v in d["odds_ratio"]],
        "95% interval": [f"{number(lo)}{PERCENT_SEPARATOR}{number(hi)}" for lo, hi in zip(d["ci_low"], d["ci_high"])],
        "q": [q_text(q) for q in d["q_value"]], "Users with it": [f"{int(v):,}" for v in d["n_with"]],
        "n": [f"{int(v):,}" for v in d["n"]], "Reading": d["direction"],
        "Sample": ["small sample" if s else "" for s in d["small_sample"]]})
    return table(frame, f"Drivers of {r.bad_outcome}, ranked by size of effect.",
                 right=("Rank", "Odds ratio", "Users with it", "n"))


def performance(section, outcome: str = "conversion") -> HTML:
    """Out-of-sample discrimination: cross-validated AUC against the persona-only baseline."""
    r = _result(section, outcome)
    if r is None:
        return _missing(section, outcome)
    p = r.performance
    frame = pd.DataFrame({
        "Model": p["model"], "AUC (cross-validated)": [f"{v:.3f}" for v in p["auc"]],
        "95% interval": [f"{lo:.3f}–{hi:.3f}" for lo, hi in zip(p["ci_low"], p["ci_high"])],
        "Brier score": [number(v, 3) for v in p["brier"]],
        "Calibration slope": [number(v) for v in p["calibration_slope"]],
        "n": [f"{int(v):,}" for v in p["n"]], f"{r.bad_outcome}": [f"{int(v):,}" for v in p["events"]]})
    return table(frame, "AUC 0.5 is chance; the difference row says how much the experiences add to persona alone.",
                 right=("AUC (cross-validated)", "n"))


def calibration(section, outcome: str = "conversion") -> HTML:
    """Deciles of out-of-fold risk: predicted against observed, with the observed rate's interval."""
    r = _result(section, outcome)
    if r is None:
        return _missing(section, outcome)
    c = r.calibration
    frame = pd.DataFrame({"Risk decile": c["bin"], "Predicted": [pct(v, 1) for v in c["mean_predicted"]],
                          "Observed": [pct(v, 1) for v in c["observed"]],
                          "95% interval": [interval(lo, hi, 1) for lo, hi in zip(c["ci_low"], c["ci_high"])],
                          "Users": [f"{int(v):,}" for v in c["n"]]})
    return table(frame, "A calibrated model's predicted share sits inside the observed interval.",
                 right=("Risk decile", "Predicted", "Observed", "Users"))


def segments(section, outcome: str = "conversion") -> HTML:
    """The segments (persona, or persona with one experience) with the highest observed rate."""
    r = _result(section, outcome)
    if r is None:
        return _missing(section, outcome)
    s = r.segments
    if s.empty:
        return note("No segment has enough users to rank.")
    frame = pd.DataFrame({"Segment": s["segment"], "Users": [f"{int(v):,}" for v in s["n"]],
                          f"Share {r.bad_outcome}": [pct(v, 1) for v in s["rate"]],
                          "95% interval": [interval(lo, hi, 1) for lo, hi in zip(s["ci_low"], s["ci_high"])],
                          "Mean predicted risk": [pct(v, 1) for v in s["mean_risk"]],
                          "Sample": ["small sample" if v else "" for v in s["small_sample"]]})
    return table(frame, "Ranked by the lower end of the interval, so a small segment with a high rate by chance "
                        "does not come first.", right=("Users",))


def left_out(section, outcome: str = "conversion") -> HTML:
    """Features not in the model, and why (no variation, or a funnel step that decides the outcome)."""
    r = _result(section, outcome)
    if r is None:
        return _missing(section, outcome)
    if not r.left_out:
        return note("Every feature is in the model.")
    return table(pd.DataFrame({"Feature": list(r.left_out), "Why it is left out": list(r.left_out.values())}))


def section(section_, outcome: str) -> HTML:
    """Every part for one outcome in one block (used for churn), or the one line saying why there is none."""
    r = _result(section_, outcome)
    if r is None:
        return _missing(section_, outcome)
    parts = [("", intro), ("", drivers), ("Does the model predict?", performance), ("", calibration),
             ("Segments most at risk", segments), ("Left out of the model", left_out)]
    return HTML("".join((f"<h3>{cell(title)}</h3>" if title else "") + fn(section_, outcome).data
                        for title, fn in parts))
