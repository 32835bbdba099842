"""Claims audit: every number the report's first page states, recomputed from its own tables.

Given a reports folder (``reports/<study>``: ``<persona>.html`` and ``data/<persona>/*.csv``),
:func:`audit_report` reads each report's *visible text* (whatever the HTML layout: tags, classes
and nesting are ignored, only text outside script/style counts), finds the sentences and map cells
it knows by their wording, and recomputes each number from ``data/<persona>/funnel.csv``,
``touchpoints.csv`` and ``mismatches.csv`` with its own arithmetic (its own Wilson interval too),
never through the workbench's code. It also fails any claim that rests on an empty step: a
"steepest step", step conversion or reach whose population is zero is an artefact (of the declared
stage order, or of a stage without events), never a finding (issue 12).

Run ``python tests/claims_audit.py reports/<study> [corpora/<study>]``: prints every failed claim and exits 1 when
there is one. Claims it cannot parse are not counted; :attr:`Claim.status` "ok" or "failed".
"""
from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

Z95 = 1.959963984540054   # the 97.5th percentile of the standard normal: a two-sided 95% interval
NUM = r"[\d,]+"
PCT = r"\d+(?:\.\d+)?"
# the texts the summary and the map write (workbench/journeymap/summary.py and map_model.py)
STEEPEST = re.compile(rf"The steepest step of the journey is (?P<before>.+?) → (?P<after>.+?): only (?P<p>{PCT})% of "
                      rf"the (?P<n>{NUM}) users who got to .+? went on \(95% CI (?P<lo>{PCT})–(?P<hi>{PCT})%\), "
                      rf"(?P<lost>{NUM}) users (?:lost|left the ordered funnel there)\.")
# (before issue 12 the sentence read "... entered the journey reached the goal, ...": the funnel's goal
# step, not every converter; both wordings are checked against funnel.csv's goal row)
CONVERSION = re.compile(rf"(?P<p>{PCT})% of the (?P<n>{NUM}) users who entered the journey "
                        rf"(?:reached the goal|went through every step of the funnel to the goal), "
                        rf"(?P<event>.+?) \(95% CI (?P<lo>{PCT})–(?P<hi>{PCT})%\)\.")
DROP = re.compile(rf"(?P<p>{PCT})% of the (?P<n>{NUM}) users who reach (?P<label>.+?) leave the journey there "
                  rf"\(95% CI (?P<lo>{PCT})–(?P<hi>{PCT})%\), (?P<ratio>{PCT})× the journey's baseline of "
                  rf"(?P<base>{PCT})%\.")
REACH = re.compile(rf"Reach (?P<p>{PCT})%\s*(?P<x>{NUM}) of (?P<n>{NUM}) users \((?P<lo>{PCT})–(?P<hi>{PCT})%\)")
STEP = re.compile(rf"Step conversion (?P<p>{PCT})%\s*(?P<x>{NUM}) of (?P<n>{NUM}) from the previous step "
                  rf"\((?P<lo>{PCT})–(?P<hi>{PCT})%\)")
GOAL = re.compile(rf"Goal reached by (?P<p>{PCT})%\s*(?P<x>{NUM}) of (?P<n>{NUM}), (?P<label>.+?) "
                  rf"\((?P<lo>{PCT})–(?P<hi>{PCT})%\)")
# "0 of the 1,234 users who reached the goal went on": a step with nobody on one side
EMPTY_STEP = re.compile(rf"(?<![\d,.])0 of the (?P<n>{NUM}) users who (?:reached|got to) .+? went on")
# a map cell for a step nobody got to: "Step conversion – 0 of 0 from the previous step (no interval)"
EMPTY_CELL = re.compile(r"(?:Step conversion|Goal reached by) (?:–|-|nan%?)\s*0 of 0\b[^()]*\(no interval\)")
HREF = re.compile(r"""href\s*=\s*["']#([^"']+)["']""")
ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")
QUOTE_ID = re.compile(r"\bQuote [A-Za-z0-9_-]+#\d+")
QUOTED = re.compile(r"[“\"«「].{3,}?[”\"»」]")
BLOCK_TAGS = {"p", "li", "div", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section",
              "table", "ol", "ul", "br", "footer", "header", "article", "figure", "figcaption", "dd", "dt"}
INVISIBLE = {"script", "style", "template", "head", "title", "noscript"}


@dataclass(frozen=True)
class Claim:
    persona: str
    kind: str          # steepest | conversion | drop | reach | step | goal | empty-step | mismatch | link
    text: str
    status: str        # ok | failed
    detail: str = ""


class _Visible(HTMLParser):
    """Visible text as lines: one per block element; inline elements' text joined with spaces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._now: list[str] = []
        self._hidden = 0

    def _flush(self) -> None:
        text = " ".join(" ".join(self._now).split())
        if text:
            self.lines.append(text)
        self._now = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in INVISIBLE:
            self._hidden += 1
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in INVISIBLE:
            self._hidden = max(0, self._hidden - 1)
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._now.append(data)


def visible_lines(html: str) -> list[str]:
    """The text a reader sees, one line per block (paragraph, list item, table cell...)."""
    parser = _Visible()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.lines


def wilson(count: int, n: int) -> tuple[float, float]:
    """95% Wilson score interval (Wilson 1927), computed here so the audit shares no code with the workbench."""
    if n <= 0:
        return (math.nan, math.nan)
    p = count / n
    centre = (p + Z95 ** 2 / (2 * n)) / (1 + Z95 ** 2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95 ** 2 / (4 * n ** 2)) / (1 + Z95 ** 2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _same_pct(shown: str, value: float) -> bool:
    """``shown`` (a percentage as printed, any number of decimals) is ``value`` (a share) rounded."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    decimals = len(shown.split(".")[1]) if "." in shown else 0
    return abs(float(shown) - 100 * value) <= 0.5 * 10 ** -decimals + 1e-9


def _check_rate(m: re.Match, count: int, n: int) -> list[str]:
    """Problems with a printed rate and its interval against count of n."""
    problems = []
    if not _same_pct(m["p"], count / n if n else math.nan):
        problems.append(f"{m['p']}% shown, {count:,} of {n:,} is {100 * count / n:.2f}%" if n else "rate of nobody")
    low, high = wilson(count, n)
    if "lo" in m.groupdict() and m["lo"] is not None:
        if not (_same_pct(m["lo"], low) and _same_pct(m["hi"], high)):
            problems.append(f"95% CI {m['lo']}–{m['hi']}% shown, Wilson gives {100 * low:.2f}–{100 * high:.2f}%")
    return problems


def _step_name(label: str) -> str:
    return f"the goal ({label.removeprefix('Goal: ')})" if str(label).startswith("Goal: ") else str(label)


def _read(folder: Path, name: str) -> pd.DataFrame:
    path = folder / f"{name}.csv"
    if not path.is_file() or path.stat().st_size == 0:
        return pd.DataFrame()
    try:
        return pd.read_csv(path)
    except pd.errors.EmptyDataError:
        return pd.DataFrame()


def stages_with_events(study: Path) -> set[str]:
    """Stage ids of ``study``'s study.yml whose touchpoints name at least one event (read with plain YAML)."""
    import yaml

    raw = yaml.safe_load((Path(study) / "study.yml").read_text(encoding="utf-8-sig")) or {}
    return {str(t.get("stage")) for t in raw.get("touchpoints") or [] if isinstance(t, dict) and t.get("events")}


def _genuine_zero_reaches(tps: pd.DataFrame, with_events: set[str] | None) -> int:
    """How many stages nobody of the persona reached although they have events: every touchpoint of
    the stage has reached 0 in touchpoints.csv (a stage's reach is the union of its touchpoints')."""
    if tps.empty or not {"stage", "reached"} <= set(tps.columns):
        return 0
    zero = tps.groupby("stage")["reached"].sum()
    zero = set(zero[zero.fillna(0) == 0].index)
    return len(zero & with_events) if with_events is not None else 0


def audit_persona(html: str, data: Path, persona: str, with_events: set[str] | None = None) -> list[Claim]:
    """Every claim found in one report's visible text, checked against its data folder.

    ``with_events`` (from :func:`stages_with_events`) lets a map show "Reach 0%" for as many stages
    as have events and were entered by nobody; without it every zero reach fails."""
    funnel, tps, mm = _read(data, "funnel"), _read(data, "touchpoints"), _read(data, "mismatches")
    claims: list[Claim] = []
    allowed_zero = _genuine_zero_reaches(tps, with_events)

    def add(kind: str, text: str, problems: list[str]) -> None:
        claims.append(Claim(persona, kind, text, "failed" if problems else "ok", "; ".join(problems)))

    lines = visible_lines(html)
    # every headline and map cell links to the row it came from: an in-page link must land somewhere
    ids = set(ID.findall(html))
    for target in dict.fromkeys(HREF.findall(html)):
        add("link", f"#{target}", [] if target in ids else [f"links to #{target}, which no element of the page has"])
    # a map cell's headline and its detail may sit in one block or two: read them across blocks
    joined = " ".join(lines)
    for m in REACH.finditer(joined):
        problems = _reach(m, tps)
        if _int(m["x"]) == 0 and allowed_zero > 0:
            allowed_zero -= 1
            problems = [p for p in problems if not p.startswith("a reach of nobody")]
        add("reach", m[0], problems)
    for m in STEP.finditer(joined):
        add("step", m[0], _funnel_cell(m, funnel, None, tps, with_events))
    for m in GOAL.finditer(joined):
        add("goal", m[0], _funnel_cell(m, funnel, "goal", tps, with_events))
    for m in EMPTY_CELL.finditer(joined):
        add("empty-step", m[0], ["a step with nobody before it is shown: an artefact of the declared order"])
    for line in lines:
        for m in STEEPEST.finditer(line):
            add("steepest", m[0], _steepest(m, funnel))
        for m in CONVERSION.finditer(line):
            goal = funnel[funnel["stage"] == "goal"] if len(funnel) else funnel
            add("conversion", m[0], ["no goal row in funnel.csv"] if goal.empty else
                _counts(m, int(goal["users"].iloc[0]), int(goal["n_start"].iloc[0])))
        for m in DROP.finditer(line):
            add("drop", m[0], _drop(m, tps))
        for m in EMPTY_STEP.finditer(line):
            add("empty-step", m[0], [f"a step nobody took out of {m['n']} users is shown as a drop"])
        if len(mm) and "evidence" in mm.columns:
            for sentence in mm["evidence"].dropna().astype(str):
                if sentence.strip() and " ".join(sentence.split()) in line:
                    problems = []
                    if QUOTE_ID.search(sentence) and not QUOTED.search(line):
                        problems.append("cites a quote id without the quote's words")
                    add("mismatch", sentence, problems)
    return claims


def _counts(m: re.Match, count: int, n: int) -> list[str]:
    problems = [] if _int(m["n"]) == n else [f"{m['n']} users shown, the table has {n:,}"]
    if n == 0:
        return problems + ["rests on a step with no users"]
    return problems + _check_rate(m, count, n)


def _steepest(m: re.Match, funnel: pd.DataFrame) -> list[str]:
    if funnel.empty:
        return ["funnel.csv is empty"]
    f = funnel.sort_values("step").reset_index(drop=True)
    names = [_step_name(x) for x in f["label"]]
    rows = [i for i in range(1, len(f)) if names[i] == m["after"] and names[i - 1] == m["before"]]
    if not rows:
        return [f"no step {m['before']} → {m['after']} in funnel.csv"]
    r = f.loc[rows[0]]
    users, n_prev = int(r["users"]), int(r["n_previous"])
    problems = _counts(m, users, n_prev)
    if users == 0:
        problems.append("rests on a step nobody took: an artefact of the order or of a stage without events")
    if _int(m["lost"]) != n_prev - users:
        problems.append(f"{m['lost']} users lost shown, the table gives {n_prev - users:,}")
    return problems


def _drop(m: re.Match, tps: pd.DataFrame) -> list[str]:
    if tps.empty or "reached" not in tps.columns:
        return ["touchpoints.csv has no behavioural columns"]
    n = _int(m["n"])
    rows = tps[(tps["reached"] == n) & tps["dropped"].notna()]
    rows = rows[[_same_pct(m["p"], d / n) for d in rows["dropped"]]] if n else rows.iloc[0:0]
    if rows.empty:
        return [f"no touchpoint in touchpoints.csv with {n:,} reached and a drop rate of {m['p']}%"]
    r = rows.iloc[0]
    problems = _check_rate(m, int(r["dropped"]), n)
    if not _same_pct(m["base"], float(r["baseline"])):
        problems.append(f"baseline {m['base']}% shown, the table has {100 * float(r['baseline']):.2f}%")
    ratio = (int(r["dropped"]) / n) / float(r["baseline"]) if float(r["baseline"]) else math.nan
    if not abs(float(m["ratio"]) - ratio) <= 0.05 + 1e-9:
        problems.append(f"{m['ratio']}× shown, the table gives {ratio:.2f}×")
    return problems


def _reach(m: re.Match, tps: pd.DataFrame) -> list[str]:
    x, n = _int(m["x"]), _int(m["n"])
    problems = _check_rate(m, x, n) if n else ["rests on a population of no users"]
    if x == 0:
        problems.append("a reach of nobody: a stage without events or never entered must say so, not show 0%")
    if {"exposed_users", "unexposed_users"} <= set(tps.columns) and len(tps):
        total = int((tps["exposed_users"] + tps["unexposed_users"]).dropna().iloc[0])
        if total != n:
            problems.append(f"{n:,} users shown, touchpoints.csv counts {total:,}")
    return problems


def _funnel_cell(m: re.Match, funnel: pd.DataFrame, stage: str | None, tps: pd.DataFrame,
                 with_events: set[str] | None) -> list[str]:
    x, n = _int(m["x"]), _int(m["n"])
    rows = funnel if stage is None or funnel.empty else funnel[funnel["stage"] == stage]
    match = rows[(rows["users"] == x) & (rows["n_previous"] == n)] if len(rows) else rows
    problems = [] if len(match) else [f"no funnel.csv step with {x:,} of {n:,}"]
    if n == 0:
        return problems + ["rests on a step with nobody before it"]
    if x == 0 and len(match):
        problems += _empty_step(str(match["stage"].iloc[0]), tps, with_events)
    return problems + _check_rate(m, x, n)


def _empty_step(stage: str, tps: pd.DataFrame, with_events: set[str] | None) -> list[str]:
    """Why a step nobody took is not a finding, or nothing when nobody reached the stage at all (a
    true zero). The goal step has no touchpoints: an empty goal step is always questioned."""
    mine = tps[tps["stage"] == stage] if {"stage", "reached"} <= set(tps.columns) else tps.iloc[0:0]
    if stage == "goal":
        return ["a goal step nobody took: the goal is placed where its users cannot reach it"]
    if mine.empty or (with_events is not None and stage not in with_events):
        return [f"{stage} has no behavioural events: its step must not be shown as a drop"]
    if int(mine["reached"].fillna(0).sum()) > 0:
        return [f"users reach {stage}, but nobody in the order shown: an artefact of the declared order"]
    return []


def audit_report(folder: Path, study: Path | None = None) -> list[Claim]:
    """Every claim in every ``<persona>.html`` of ``folder`` that has a ``data/<persona>`` folder;
    ``study`` (the study folder) tells stages with events from stages without."""
    folder = Path(folder)
    with_events = stages_with_events(study) if study is not None else None
    claims: list[Claim] = []
    for data in sorted(p for p in (folder / "data").iterdir() if p.is_dir()) if (folder / "data").is_dir() else []:
        page = folder / f"{data.name}.html"
        if page.is_file():
            claims += audit_persona(page.read_text(encoding="utf-8"), data, data.name, with_events)
    return claims


def failures(claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if c.status == "failed"]


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2) or not (Path(argv[0]) / "data").is_dir():
        print("usage: python tests/claims_audit.py reports/<study> [corpora/<study>]   (a folder with data/<persona>/)",
              file=sys.stderr)
        return 2
    claims = audit_report(Path(argv[0]), Path(argv[1]) if len(argv) == 2 else None)
    bad = failures(claims)
    for c in bad:
        print(f"{argv[0]}/{c.persona}.html: {c.kind}: {c.detail}\n    {c.text}")
    print(f"{len(claims)} claims checked, {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
