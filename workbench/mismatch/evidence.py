"""Evidence sentences, the verbatim quote behind each finding, and severity.

* The quote is a unit id (``unit_id`` of the voice units: an interview turn or a survey answer)
  whose clause about the touchpoint has the sign the finding needs (praise for said-positive,
  a complaint for the negative kinds), readable length first, then the strongest.
* Severity = people affected x size of the gap, with the gap as a fraction (effect / 100) and
  "people affected" the users who reached the touchpoint (the survey side's n where it has no
  events). For the drop kinds it reads as "users lost beyond the baseline"; for the others as
  "users who meet the problem". Harmless findings have a gap near 0 and so rank last.
"""
from __future__ import annotations

import math

import pandas as pd

from ..formats import _f, count, interval, metric_name, number, pct, q_text
from ..voc.phrases import QUOTE_WORDS
from ..voc.sentiment import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD
from .measures import mentions_of

__all__ = ["pick_quote", "evidence_sentence", "severity"]

POSITIVE_KINDS = ("said-positive-did-drop",)


def pick_quote(clauses: pd.DataFrame, touchpoint: str, kind: str) -> str:
    """The unit id of the best quote for a finding, or "" when nobody talks about the touchpoint."""
    sub = mentions_of(clauses, touchpoint)
    if sub.empty:
        return ""
    positive = kind in POSITIVE_KINDS
    fits_sign = sub["compound"] > POSITIVE_THRESHOLD if positive else sub["compound"] < NEGATIVE_THRESHOLD
    words = sub["text"].astype(str).str.count(" ") + 1
    ranked = sub.assign(sign=fits_sign.astype(int),
                        fit=((words >= QUOTE_WORDS[0]) & (words <= QUOTE_WORDS[1])).astype(int),
                        strength=sub["compound"] if positive else -sub["compound"])
    ranked = ranked.sort_values(["sign", "fit", "strength", "clause_id"], ascending=[False, False, False, True])
    return str(ranked["unit_id"].iloc[0])


def severity(row: pd.Series) -> float:
    """People affected x |gap| (gap as a fraction); nan when either is unknown."""
    people, effect = row.get("people_affected"), row.get("effect")
    if people is None or effect is None or pd.isna(people) or pd.isna(effect):
        return math.nan
    return float(people) * abs(float(effect)) / 100


def _pct(x: float) -> str:
    return pct(x, 1)


def _pp(x: float) -> str:
    return number(x, 1, signed=True)


def _num(x) -> str:
    return count(x)


def _interval(row: pd.Series) -> str:
    return f"95% CI {interval(row['ci_low'], row['ci_high'], percent=False, signed=True, decimals=1)}"


def evidence_sentence(row: pd.Series, label: str, quote_id: str) -> str:
    """One sentence with both sides' numbers, the effect with its interval, q and the quote id."""
    kind = row["kind"]
    quote = f"Quote {quote_id}." if quote_id else "No quote: nobody in scope talks about it."
    tail = f"{q_text(row.get('q_value'))}. {quote}"
    if kind in ("said-positive-did-drop", "silent-friction", "loud-but-harmless"):
        did = (f"{_pct(row['did'])} of the {_num(row['n_did'])} users who reach it leave the journey there, "
               f"against a baseline of {_pct(row['baseline'])} ({_pp(row['effect'])} pp, {_interval(row)})")
    if kind == "said-positive-did-drop":
        said = (f"people speak well of it (mean sentiment {row['said']:+.2f}, 95% CI "
                f"{interval(row['said_ci_low'], row['said_ci_high'], percent=False, signed=True)}, {_num(row['n_said'])} people)")
        return f"{label}: {said}, yet {did}; {tail}"
    if kind == "silent-friction":
        who = (f"none of the {_num(row['n_said'])} people who spoke mention it" if row.get('mentioners') == 0
               else f"only {_num(row['mentioners'])} of {_num(row['n_said'])} people who spoke mention it")
        said = f"{who} ({_pct(row['said'])}, 95% CI up to {_pct(row['said_ci_high'])})"
        return f"{label}: {did}, yet {said}; {tail}"
    if kind == "loud-but-harmless":
        said = (f"{_num(row['complainers'])} of {_num(row['n_said'])} people who spoke complain about it "
                f"({_pct(row['said'])}, 95% CI {interval(row['said_ci_low'], row['said_ci_high'], 1)})")
        return (f"{label}: {said}, but it costs nothing measurable: {did}, shown below "
                f"{row.get('harmless_ratio', 1.25):.2f}x the baseline; {tail}")
    scores = (f"{_pct(row['said'])} of {_num(row['n_said'])} {row['said_measure'].replace('share of good ', '')} are good "
              f"(95% CI {interval(row['said_ci_low'], row['said_ci_high'], 1)})")
    if kind == "score-high-story-negative":
        story = (f"{_num(row['complainers'])} of the {_num(row['n_did'])} people who talk about it complain "
                 f"({_pct(row['did'])}, 95% CI {interval(row['did_ci_low'], row['did_ci_high'], 1)}), "
                 f"{_pp(row['effect'])} pp more than the poor or middling scores account for ({_interval(row)})")
        return f"{label}: {scores}, yet {story}; {tail}"
    if kind == "score-high-operations-miss":
        metric, target = metric_name(row.get("metric", "")), row.get("target")
        if row["effect_unit"].startswith("pp short"):
            ops = (f"{metric} runs at {_pct(row['did'])} of {_num(row['n_did'])} rows against a target of "
                   f"{target:g} ({_pp(row['effect'])} pp short, {_interval(row)})")
        else:   # the effect and its interval are the share of rows missing, in percent
            ops = (f"{_num(row.get('missed'))} of {_num(row['n_did'])} rows miss the {metric} target of {target:g} "
                   f"({_pct(row['did'])}, 95% CI {interval(row['ci_low'] / 100, row['ci_high'] / 100, 1)}; "
                   f"median {row.get('median', math.nan):g})")
        return f"{label}: {scores}, yet {ops}; {tail}"
    return f"{label}: {kind}; {tail}"


def effect_text(r) -> str:
    """A mismatch's effect with its unit: ``+27.1 pp (95% CI +26.2 to +27.9)``, or for an operations
    measure whose rows miss their target, ``99.3% of rows miss the target (95% CI 99.0–99.5%)``."""
    if str(getattr(r, "effect_unit", "")).startswith("%"):
        return (f"{_f(r.effect):.1f}% of rows miss the target "
                f"(95% CI {interval(_f(r.ci_low) / 100, _f(r.ci_high) / 100, 1)})")
    return f"effect {_f(r.effect):+.1f} pp (95% CI {interval(r.ci_low, r.ci_high, percent=False, signed=True, decimals=1)})"
