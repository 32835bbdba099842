"""People-level contradictions: one person whose words and whose behaviour disagree.

A person is linked across sources through participants.csv (``user_id``, ``respondent_id``) or a
survey's ``user`` column. Three contradictions are counted, each against the linked people it
could have happened to (so every count has its n and a 95% Wilson interval):

* ``promoter-abandoned``: an NPS promoter (9-10, or the declared scale's top) whose user never
  reached the goal event; listed by the touchpoint where they left.
* ``praised-and-left``: a person whose talk about a touchpoint is positive on average (mean
  compound above the voice module's positive threshold) and who left the journey there (dropped
  at it, in the contract's sense).
* ``scored-well-and-left``: a good CSAT/CES score for a touchpoint, and the user dropped there.
"""
from __future__ import annotations

import pandas as pd

from ..stats import wilson
from ..voc.sentiment import POSITIVE_THRESHOLD

__all__ = ["PEOPLE_COLUMNS", "person_users", "people_contradictions"]

PEOPLE_COLUMNS = ["contradiction", "touchpoint", "stage", "people", "linked", "share", "ci_low", "ci_high", "ids",
                  "quote_ids", "description"]


def person_users(participants: pd.DataFrame, scores: pd.DataFrame, answers: pd.DataFrame) -> dict[str, str]:
    """person id (participant id or survey respondent) -> behavioural user id, where linked."""
    links: dict[str, str] = {}
    for frame in (scores, answers):
        if len(frame) and "user" in frame.columns:
            linked = frame.dropna(subset=["user"])
            links.update(zip(linked["respondent"].astype(str), linked["user"].astype(str)))
    if len(participants):
        linked = participants.dropna(subset=["user_id"])
        links.update(zip(linked["participant_id"].astype(str), linked["user_id"].astype(str)))
        both = linked.dropna(subset=["respondent_id"])
        links.update(zip(both["respondent_id"].astype(str), both["user_id"].astype(str)))
    return links


def people_contradictions(config, clauses: pd.DataFrame, scores: pd.DataFrame, users: pd.DataFrame | None,
                          links: dict[str, str]) -> pd.DataFrame:
    """The contradictions table (PEOPLE_COLUMNS), one row per contradiction and touchpoint found."""
    if users is None or users.empty or not links:
        return pd.DataFrame(columns=PEOPLE_COLUMNS)
    state = users.set_index(users["user"].astype(str))
    stage_of = {t.id: t.stage for t in config.touchpoints}
    rows: list[dict] = []
    rows += _promoters(scores, state, links, stage_of)
    rows += _praised(config, clauses, state, links)
    rows += _scored(config, scores, state, links)
    frame = pd.DataFrame(rows, columns=PEOPLE_COLUMNS)
    return frame.sort_values(["people", "contradiction"], ascending=[False, True], ignore_index=True)


def _user_of(person: str, links: dict[str, str], state: pd.DataFrame) -> str | None:
    user = links.get(str(person))
    return user if user is not None and user in state.index else None


def _row(kind, tp, stage, hits: list[str], linked: int, quotes: list[str], description: str) -> dict:
    low, high = wilson(len(hits), linked)
    return {"contradiction": kind, "touchpoint": tp, "stage": stage, "people": len(hits), "linked": linked,
            "share": len(hits) / linked if linked else float("nan"), "ci_low": low, "ci_high": high,
            "ids": ";".join(sorted(hits)), "quote_ids": ";".join(quotes), "description": description}


def _promoters(scores, state, links, stage_of) -> list[dict]:
    if scores.empty:
        return []
    promoters = scores[(scores["kind"] == "nps") & scores["good"].fillna(False).astype(bool)]
    linked = {}
    for respondent, user in zip(promoters["respondent"].astype(str), promoters["user"]):
        user = str(user) if isinstance(user, str) and user in state.index else _user_of(respondent, links, state)
        if user is not None:
            linked[respondent] = user
    abandoned: dict[str, list[str]] = {}
    for respondent, user in linked.items():
        if not bool(state.at[user, "converted"]):
            last = state.at[user, "last_touchpoint"]
            last = last if isinstance(last, str) else ""
            abandoned.setdefault(last, []).append(respondent)
    return [_row("promoter-abandoned", tp, stage_of.get(tp, ""), ids, len(linked), [],
                 f"NPS promoters who never reached the goal; left at {tp or 'no touchpoint'}")
            for tp, ids in sorted(abandoned.items())]


def _praised(config, clauses, state, links) -> list[dict]:
    if clauses.empty:
        return []
    rows = []
    exploded = clauses[["participant", "unit_id", "compound", "touchpoints"]].explode("touchpoints").dropna(
        subset=["touchpoints"])
    for tp in config.touchpoints:
        sub = exploded[exploded["touchpoints"] == tp.id]
        per = sub.groupby(sub["participant"].astype(str))["compound"].mean()
        praisers = [p for p in per[per > POSITIVE_THRESHOLD].index if _user_of(p, links, state) is not None]
        left = [p for p in praisers if state.at[_user_of(p, links, state), "last_touchpoint"] == tp.id]
        if left:
            best = sub[sub["participant"].astype(str).isin(left)].sort_values("compound", ascending=False)
            quotes = list(dict.fromkeys(best["unit_id"].astype(str)))[:3]
            rows.append(_row("praised-and-left", tp.id, tp.stage, left, len(praisers), quotes,
                             f"spoke well of {tp.label} and left the journey there"))
    return rows


def _scored(config, scores, state, links) -> list[dict]:
    if scores.empty:
        return []
    rows = []
    for tp in config.touchpoints:
        good = scores[(scores["touchpoint"] == tp.id) & scores["good"].fillna(False).astype(bool)]
        linked = {}
        for respondent, user in zip(good["respondent"].astype(str), good["user"]):
            user = str(user) if isinstance(user, str) and user in state.index else _user_of(respondent, links, state)
            if user is not None:
                linked[respondent] = user
        left = [r for r, u in linked.items() if state.at[u, "last_touchpoint"] == tp.id]
        if left:
            rows.append(_row("scored-well-and-left", tp.id, tp.stage, left, len(linked), [],
                             f"gave {tp.label} a good score and left the journey there"))
    return rows
