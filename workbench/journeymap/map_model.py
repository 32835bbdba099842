"""The journey map as data: the study's stages x seven lanes, every cell's items with their evidence.

:func:`build_map` is pure: it takes the voice, behaviour and mismatch results already computed for
one persona and returns a :class:`JourneyMap`; :func:`journey_map` computes those results for a
loaded Study first. Nothing here renders. Every item in a cell carries the ``anchor`` (an HTML id)
of the row, quote or card that proves it; the tables behind those anchors are in
``JourneyMap.evidence``. A lane with no evidence for a stage gets one item saying so (tone
``empty``), never a blank and never a filler number.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from ..formats import _f, interval, pct, metric_name, phrase_text, plural, q_text  # noqa: F401  (re-exported for chapters)
from ..behaviour.stage_order import NO_EVENTS_NOTE
from ..config import StudyConfig
from ..privacy.provenance import cite
from ..mismatch.evidence import effect_text
from .opportunities import opportunities
from .pains import cite_pains, pain_evidence, pain_items
from .targets import target_gaps

# The lanes, top to bottom: the customer's side first, the line of visibility, then the backstage.
LANES = (("do", "What they do"), ("say", "What they say"), ("feel", "How they feel"), ("pain", "Pain points"),
         ("opportunity", "Opportunities"), ("kpi", "KPIs"), ("backstage", "Owning departments"))
BACKSTAGE = ("backstage",)            # lanes below the line of visibility (service blueprint)
CELL_COLUMNS = ["stage", "lane", "rank", "text", "detail", "anchor", "tone"]
TOP_TOUCHPOINTS = 3      # touchpoints listed per stage in the "do" lane (a map cell stays readable)
TOP_PAIN_PHRASES = 2     # negative phrases per stage in the "pain" lane
TOP_OPPORTUNITIES = 2    # opportunities per stage
# |z| above 1.96 is two-sided 5% significance: the cut-off voc.render.pain_phrases uses too.
PAIN_Z = 1.96
# A pain phrase is used negatively in at least two of every three uses; below that it is a word of
# mixed use ("bit", "wait") that marks negative clauses without being a complaint itself.
PAIN_SHARE_NEGATIVE = 2 / 3
CURVE_STEP = 0.1         # the emotion curve's scale is +-(largest |bound| rounded up to this step)
QUOTE_CHARS = 170        # a quote longer than this is cut at a word boundary with an ellipsis
# A headline's quote is cut shorter: the sentence already carries the numbers, and one sentence plus
# its words must still read as one item of a list (about two lines of the report's column).
HEADLINE_QUOTE_CHARS = 120
SAID_CLASS = "wb-said"   # HTML class of a quote's words shown inside a headline (verbatim text, not a number)
EMPTY = {"do": "no behavioural events", "say": "no mentions", "feel": "no mentions",
         "pain": "no negative phrases or mismatches", "opportunity": "no evidence of an opportunity",
         "kpi": "no behavioural data", "backstage": "no owner named"}
KIND_LABELS = {"said-positive-did-drop": "said positive, did drop", "score-high-story-negative":
               "good scores, negative story", "score-high-operations-miss": "good scores, operations miss",
               "silent-friction": "silent friction", "loud-but-harmless": "loud but harmless"}


CHANGE_MARKER_COLUMNS = ["stage", "touchpoint", "measure", "text", "detail", "anchor", "tone"]


def change_anchor(touchpoint, stage, measure) -> str:
    """The id of a change's row in the comparison chapter (the map's markers link to it)."""
    def part(v) -> str:
        return v if isinstance(v, str) else ""
    return anchor_id("chg", f"{part(touchpoint)}:{part(stage)}:{measure}")


def with_changes(jmap: "JourneyMap", changes: pd.DataFrame) -> "JourneyMap":
    """A copy of ``jmap`` carrying a ▲/▼ marker for every change since the previous wave that is
    labelled better or worse (changes.csv rows; rows without a stage have no column on the map)."""
    from dataclasses import replace
    from ..waves.wording import marker_detail, marker_text
    shown = changes[changes["direction"].isin(["better", "worse"]) & changes["stage"].notna()]
    tps = jmap.evidence.get("touchpoints", pd.DataFrame(columns=["touchpoint", "label"]))
    labels = dict(zip(tps["touchpoint"], tps["label"]))
    rows = [{"stage": r["stage"], "touchpoint": r["touchpoint"], "measure": r["measure"],
             "text": (f"{labels.get(r['touchpoint'], r['touchpoint'])}: " if isinstance(r["touchpoint"], str) else "")
             + marker_text(r), "detail": marker_detail(r),
             "anchor": change_anchor(r["touchpoint"], r["stage"], r["measure"]),
             "tone": "good" if r["direction"] == "better" else "bad"} for _, r in shown.iterrows()]
    return replace(jmap, changes=pd.DataFrame(rows, columns=CHANGE_MARKER_COLUMNS))


def anchor_id(kind: str, key: str) -> str:
    """A stable HTML id for one piece of evidence: readable slug plus a short hash of the raw key."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", str(key)).strip("-")[:40] or "x"
    digest = hashlib.sha1(f"{kind}:{key}".encode("utf-8")).hexdigest()[:6]
    return f"wb-{kind}-{slug}-{digest}"


@dataclass
class JourneyMap:
    """One persona's map: ``cells`` (CELL_COLUMNS, one row per item) plus the evidence behind them."""

    persona: str
    label: str
    stages: list[tuple[str, str]]            # (id, label) in journey order
    cells: pd.DataFrame
    curve: pd.DataFrame                      # per stage: mean_sentiment, ci_low, ci_high, emotion, emoji, n
    evidence: dict[str, pd.DataFrame] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    changes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CHANGE_MARKER_COLUMNS))
    order: object | None = None              # behaviour.stage_order.OrderDecision: funnel order and its notes

    @property
    def design_notes(self) -> tuple[str, ...]:
        """Study-design notes on the declared stage order (issue 12), plain sentences with numbers."""
        return tuple(getattr(self.order, "notes", ()) or ())

    def cell(self, stage: str, lane: str) -> pd.DataFrame:
        c = self.cells
        return c[(c["stage"] == stage) & (c["lane"] == lane)].sort_values("rank")


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + " …"


def said_words(quote, limit: int = HEADLINE_QUOTE_CHARS) -> str:
    """A quote's words for a headline, in quotation marks and shortened; "" when there is no quote."""
    if quote is None or (isinstance(quote, float) and math.isnan(quote)) or not str(quote).strip():
        return ""
    return f"“{shorten(quote, limit)}”"


def target_anchor(stage: str, kpi: str) -> str:
    """The HTML id of a row of the targets table (the evidence section and the findings link to it)."""
    return anchor_id("target", f"{stage}:{kpi}")


def curve_scale(curve: pd.DataFrame) -> float:
    """Half-height of the curve's scale: the largest |interval bound| rounded up to CURVE_STEP."""
    bounds = pd.concat([curve["ci_low"], curve["ci_high"], curve["mean_sentiment"]]).abs().dropna()
    top = float(bounds.max()) if len(bounds) else CURVE_STEP
    return round(min(1.0, max(CURVE_STEP, math.ceil(top / CURVE_STEP - 1e-9) * CURVE_STEP)), 2)


def journey_map(study, persona: str = "all") -> JourneyMap:
    """The map of ``persona`` of a loaded Study, from one analysis pass (:mod:`workbench.analysis`)."""
    from ..analysis import analyse_study
    return analyse_study(study, [persona], comparison=False)[persona].journey_map


def build_map(config: StudyConfig, persona: str, voice, behaviour=None,
              mismatches: pd.DataFrame | None = None, themes: pd.DataFrame | None = None) -> JourneyMap:
    """The map from computed results: ``voice`` a voc.VoiceResult, ``behaviour`` a BehaviourResult or
    None, ``mismatches`` the contract's mismatches table (extra columns such as severity are used
    when present), ``themes`` the themes table (``workbench.themes.build_themes``): with it the pain
    lane lists the pain-point themes instead of single negative phrases. Inputs are not modified."""
    label = "Everyone" if persona == "all" else config.persona(persona).label
    stages = [(s.id, s.label) for s in config.stages]
    mm = _mismatches(config, mismatches)
    ev = _evidence(config, voice, behaviour, mm)
    ev["opportunities"] = opportunities(config, ev["touchpoints"], ev["operations"], mm)
    if themes is not None:
        ev["pains"] = pain_evidence(themes, anchor_id)
        ev["opportunities"] = cite_pains(ev["opportunities"], ev["pains"])
    ev["targets"] = target_gaps(config, ev["reach"], ev["funnel"], ev["feel"])
    ev["stage_status"] = _stage_status(getattr(behaviour, "order", None))
    rows: list[dict] = []
    for sid, _ in stages:
        for lane, _ in LANES:
            items = _LANE_BUILDERS[lane](sid, config, ev)
            if not items:
                items = [{"text": EMPTY[lane], "detail": "", "anchor": "", "tone": "empty"}]
            rows += [{"stage": sid, "lane": lane, "rank": i, **item} for i, item in enumerate(items)]
    cells = pd.DataFrame(rows, columns=CELL_COLUMNS)
    sizes = {"clauses": int(len(voice.clauses)),
             "people": int(voice.clauses["participant"].nunique()) if len(voice.clauses) else 0,
             "users": int(_f(behaviour.population.get("users"))) if behaviour is not None else 0,
             "mismatches": int(len(mm))}
    return JourneyMap(persona=persona, label=label, stages=stages, cells=cells, curve=ev["feel"].copy(),
                      evidence=ev, sizes=sizes, order=getattr(behaviour, "order", None))


def _mismatches(config: StudyConfig, frame: pd.DataFrame | None) -> pd.DataFrame:
    """Mismatch rows with stage filled, an anchor and a severity (engine's, else |effect| x n_did)."""
    if frame is None or frame.empty:
        return pd.DataFrame(columns=["touchpoint", "stage", "kind", "severity", "anchor", "label", "owner"])
    out = frame.copy()
    tps = {t.id: t for t in config.touchpoints}
    out["touchpoint"] = out["touchpoint"].fillna("").astype(str)
    stage = out["touchpoint"].map(lambda t: tps[t].stage if t in tps else "")
    out["stage"] = out["stage"].where(out["stage"].notna() & (out["stage"].astype(str) != ""), stage)
    if "severity" not in out.columns:
        out["severity"] = pd.to_numeric(out["effect"], errors="coerce").abs() * pd.to_numeric(
            out["n_did"], errors="coerce") / 100
    out["severity"] = pd.to_numeric(out["severity"], errors="coerce")
    out["label"] = out["touchpoint"].map(lambda t: tps[t].label if t in tps else "the stage as a whole")
    out["owner"] = out["touchpoint"].map(lambda t: tps[t].owner if t in tps and tps[t].owner else "owner not named")
    out["anchor"] = [anchor_id("mm", f"{t}:{k}") for t, k in zip(out["touchpoint"], out["kind"])]
    return out.sort_values("severity", ascending=False, na_position="last").reset_index(drop=True)


def _stage_status(order) -> pd.DataFrame:
    """stage, status: "no-events" (no behavioural events defined) or "unreachable" (a step after the
    goal its users never take after it) from a stage_order.OrderDecision; empty without behaviour."""
    rows = [(s, "no-events") for s in getattr(order, "no_events", ())]
    rows += [(s, "unreachable") for s in getattr(order, "unreachable", ())]
    return pd.DataFrame(rows, columns=["stage", "status"])


def _evidence(config: StudyConfig, voice, behaviour, mm: pd.DataFrame) -> dict[str, pd.DataFrame]:
    feel = voice.stages.copy()
    feel["anchor"] = [anchor_id("feel", s) for s in feel["stage"]]
    vt = voice.touchpoints.drop(columns=["label"])
    tp = pd.DataFrame({"touchpoint": [t.id for t in config.touchpoints], "label": [t.label for t in config.touchpoints],
                       "stage": [t.stage for t in config.touchpoints], "channel": [t.channel for t in config.touchpoints],
                       "owner": [t.owner for t in config.touchpoints]})
    tp = tp.merge(vt.drop(columns=["stage"]), on="touchpoint", how="left")
    reach = funnel = ops = pd.DataFrame()
    if behaviour is not None:
        did = behaviour.touchpoints.drop(columns=["label", "stage", "ci_low", "ci_high"])
        did = did.rename(columns={"small_sample": "did_small_sample"})
        did["drop_ci_low"], did["drop_ci_high"] = behaviour.touchpoints["ci_low"], behaviour.touchpoints["ci_high"]
        tp = tp.merge(did, on="touchpoint", how="left")
        reach = behaviour.reach.copy()
        funnel = behaviour.funnel.copy()
        funnel["anchor"] = [anchor_id("funnel", s) for s in funnel["stage"]]
        ops = behaviour.operations.copy()
        ops["anchor"] = [anchor_id("ops", f"{t}:{tb}.{c}") for t, tb, c in zip(ops["touchpoint"], ops["table"],
                                                                             ops["column"])]
    tp["anchor"] = [anchor_id("tp", t) for t in tp["touchpoint"]]
    quotes = _stage_quotes(voice)
    phrases = voice.phrases.copy()
    if len(phrases):
        phrases = phrases[(phrases["z_negative"] > PAIN_Z) & (phrases["share_negative"] >= PAIN_SHARE_NEGATIVE)]
        phrases = phrases.sort_values("z_negative", ascending=False)
    phrases = phrases.assign(anchor=[anchor_id("ph", p) for p in phrases.get("phrase", [])])
    return {"feel": feel, "touchpoints": tp, "reach": reach, "funnel": funnel, "operations": ops,
            "quotes": quotes, "phrases": phrases.reset_index(drop=True), "mismatches": mm}


def _stage_quotes(voice) -> pd.DataFrame:
    """The most representative quote per stage (the first of voc's best quotes), its sentence and source."""
    c = voice.clauses
    quotes = voice.quotes.set_index("quote_id") if len(voice.quotes) else pd.DataFrame()
    rows = []
    for row in voice.stages.itertuples():
        ids = [q for q in str(row.quote_ids or "").split(";") if q]
        if not ids or ids[0] not in quotes.index:
            continue
        qid = ids[0]
        mine = c[(c["unit_id"] == qid) & c["stages"].map(lambda s: row.stage in s)]
        sentence = mine["sentence_text"].iloc[0] if len(mine) else str(quotes.loc[qid, "text"])
        q = quotes.loc[qid]
        where = cite(q["participant"], q["file"], q["source"], q["ref"], q.get("start"))
        rows.append({"stage": row.stage, "quote_id": qid, "sentence": sentence, "text": str(q["text"]),
                     "participant": str(q["participant"]), "where": where,
                     "emotion": mine["emotion"].iloc[0] if len(mine) else "",
                     "compound": float(mine["compound"].iloc[0]) if len(mine) else math.nan,
                     "anchor": anchor_id("q", qid)})
    return pd.DataFrame(rows, columns=["stage", "quote_id", "sentence", "text", "participant", "where", "emotion",
                                       "compound", "anchor"])


def _do(stage: str, config: StudyConfig, ev: dict) -> list[dict]:
    tp = ev["touchpoints"]
    mine = tp[tp["stage"] == stage]
    if "reached" not in mine.columns:
        return []
    mine = mine[mine["reached"].fillna(0) > 0].sort_values("reached", ascending=False).head(TOP_TOUCHPOINTS)
    users = int(ev["reach"]["users"].iloc[0]) if len(ev["reach"]) else 0
    items = []
    for r in mine.itertuples():
        channel = f" · {r.channel}" if r.channel else ""
        share = f" ({pct(r.reached / users)} of users)" if users else ""
        tone = "bad" if pd.notna(r.above_baseline) and bool(r.above_baseline) else ""
        items.append({"text": f"{r.label}{channel}", "tone": tone, "anchor": r.anchor,
                      "detail": f"{int(r.reached):,} users{share}; {pct(r.drop_rate)} leave here "
                                f"({interval(r.drop_ci_low, r.drop_ci_high)})"})
    return items


def _say(stage: str, config: StudyConfig, ev: dict) -> list[dict]:
    q = ev["quotes"]
    mine = q[q["stage"] == stage]
    feel = ev["feel"].set_index("stage")
    items = []
    for r in mine.itertuples():
        n = int(feel.loc[stage, "mentions"])
        people = int(feel.loc[stage, "people"])
        items.append({"text": f"“{shorten(r.sentence)}”", "anchor": r.anchor, "tone": "quote",
                      "detail": f"{r.participant} · one of {plural(n, 'clause')} from {plural(people, 'person', 'people')}"})
    return items


def _feel(stage: str, config: StudyConfig, ev: dict) -> list[dict]:
    row = ev["feel"].set_index("stage").loc[stage]
    if not row["mentions"]:
        return []
    mean = _f(row["mean_sentiment"])
    tone = "good" if _f(row["ci_low"]) > 0 else "bad" if _f(row["ci_high"]) < 0 else ""
    return [{"text": f"{row['emoji']} {row['dominant_emotion']} · {mean:+.2f}", "anchor": row["anchor"], "tone": tone,
             "detail": f"95% CI {interval(row['ci_low'], row['ci_high'], percent=False, signed=True)}; "
                       f"{pct(row['share_negative'])} negative; n = {plural(row['mentions'], 'clause')}, "
                       f"{plural(row['people'], 'person', 'people')}"}]


def _pain(stage: str, config: StudyConfig, ev: dict) -> list[dict]:
    items = []
    mm = ev["mismatches"]
    for r in mm[mm["stage"] == stage].itertuples():
        if r.kind == "loud-but-harmless":
            continue
        items.append({"text": f"{r.label}: {KIND_LABELS.get(r.kind, r.kind)}", "anchor": r.anchor, "tone": "bad",
                      "detail": f"{effect_text(r)}; {q_text(r.q_value)}"})
    if "pains" in ev:
        items += pain_items(stage, ev["pains"])
        return items or [{"text": "no pain-point themes or mismatches", "detail": "", "anchor": "", "tone": "empty"}]
    ph = ev["phrases"]
    if len(ph):
        mine = ph[ph["stages"].fillna("").map(lambda s: stage in str(s).split("|"))].head(TOP_PAIN_PHRASES)
        for r in mine.itertuples():
            items.append({"text": f"“{phrase_text(r.phrase)}”", "anchor": r.anchor, "tone": "bad",
                          "detail": f"said {int(r.count):,}× by {int(r.speakers):,} people; "
                                    f"{pct(r.share_negative)} negative (z = {r.z_negative:.1f})"})
    return items




def _opportunity(stage: str, config: StudyConfig, ev: dict) -> list[dict]:
    opp = ev["opportunities"]
    mine = opp[opp["stage"] == stage].head(TOP_OPPORTUNITIES)
    return [{"text": f"#{int(r.rank)} {r.owner}: {r.action}", "anchor": r.anchor, "tone": "good",
             "detail": r.basis} for r in mine.itertuples()]


def _kpi(stage: str, config: StudyConfig, ev: dict) -> list[dict]:
    items = []
    reach, funnel, targets = ev["reach"], ev["funnel"], ev["targets"]
    status = dict(zip(ev["stage_status"]["stage"], ev["stage_status"]["status"])).get(stage, "")
    if status == "no-events":
        items.append({"text": NO_EVENTS_NOTE, "anchor": "", "tone": "empty", "detail": ""})
    elif len(funnel):
        f = funnel.reset_index(drop=True)
        pos = f.index[f["stage"] == stage]
        if len(pos):
            r = f.loc[pos[0]]
            if len(reach):
                rr = reach.set_index("stage").loc[stage]
                items.append({"text": f"Reach {pct(rr['share'])}", "anchor": r["anchor"], "tone": "",
                              "detail": f"{int(rr['reached']):,} of {int(rr['users']):,} users "
                                        f"({interval(rr['ci_low'], rr['ci_high'])})"})
            if status == "unreachable":
                # users reach it, but never after the goal: the empty step is the order's, not a drop
                items.append({"text": "No step after the goal", "anchor": r["anchor"], "tone": "empty",
                              "detail": "its users reach it only before the goal: not a drop"})
            elif pos[0] > 0 and int(r["n_previous"]) > 0:
                items.append({"text": f"Step conversion {pct(r['share_of_previous'])}", "anchor": r["anchor"],
                              "tone": "", "detail": f"{int(r['users']):,} of {int(r['n_previous']):,} from the "
                              f"previous step ({interval(r['previous_ci_low'], r['previous_ci_high'])})"})
            nxt = f.loc[pos[0] + 1] if pos[0] + 1 < len(f) else None
            if nxt is not None and nxt["stage"] == "goal" and int(nxt["n_previous"]) > 0:
                items.append({"text": f"Goal reached by {pct(nxt['share_of_previous'])}", "anchor": nxt["anchor"],
                              "tone": "", "detail": f"{int(nxt['users']):,} of {int(nxt['n_previous']):,}, "
                              f"{nxt['label']} ({interval(nxt['previous_ci_low'], nxt['previous_ci_high'])})"})
    for r in targets[targets["stage"] == stage].itertuples():
        items.append({"text": f"Target {r.kpi}: {r.target_text} · {r.status}", "anchor": r.anchor,
                      "tone": {"met": "good", "missed": "bad"}.get(r.status, ""), "detail": r.gap_text})
    return items


def _backstage(stage: str, config: StudyConfig, ev: dict) -> list[dict]:
    tp = ev["touchpoints"]
    mine = tp[tp["stage"] == stage]
    items = []
    ops = ev["operations"]
    labels = dict(zip(mine["touchpoint"], mine["label"]))
    for owner in dict.fromkeys(o for o in mine["owner"] if o):
        ids = list(mine.loc[mine["owner"] == owner, "touchpoint"])
        measures = ops[ops["touchpoint"].isin(ids)] if len(ops) else ops
        if not len(measures):
            items.append({"text": owner, "anchor": mine.loc[mine["owner"] == owner, "anchor"].iloc[0], "tone": "",
                          "detail": f"{', '.join(labels[i] for i in ids)}; no operational measure"})
            continue
        for m in measures.itertuples():
            rate = m.kind == "rate"
            head = pct(m.mean, 1) if rate else f"{m.median:g}"
            goal = pct(m.target) if rate else f"{m.target:g}"
            sign = "≤" if m.better == "lower" else "≥"
            status = "on target" if m.meets_target else "misses target"
            items.append({"text": f"{owner}: {metric_name(m.column)} {'rate' if rate else 'median'} {head} vs {sign} {goal} · "
                                  f"{status}", "anchor": m.anchor, "tone": "good" if m.meets_target else "bad",
                          "detail": f"{labels[m.touchpoint]}; {pct(m.share_missing_target)} of {int(m.n):,} rows "
                                    f"{'fall short' if rate else 'miss'} ({interval(m.ci_low, m.ci_high)})"})
    # problems first: a cell cut short on a slide must not hide the measure that misses its target
    return sorted(items, key=lambda item: {"bad": 0, "good": 1}.get(item["tone"], 2))


_LANE_BUILDERS = {"do": _do, "say": _say, "feel": _feel, "pain": _pain, "opportunity": _opportunity,
                  "kpi": _kpi, "backstage": _backstage}
