"""study.yml's schema: the frozen dataclasses a parsed study.yml becomes, and their constants.

The parser (:mod:`workbench.config.parser`) builds them; nothing here reads files.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANGUAGE = re.compile(r"^([a-z]{2}|auto)$")  # ISO 639-1, or "auto" to detect per text
SCORE_KINDS = ("nps", "csat", "ces")
# The contract's default scales: nps 0-10, csat 1-5, ces 1-7 (STUDY_FORMAT.md, "Definitions").
DEFAULT_SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
SURVEY_FORMATS = ("qualtrics", "plain")
BETTER = ("lower", "higher")
# Sessions split at 30 minutes of inactivity: the common web-analytics convention (GA's default).
DEFAULT_SESSION_GAP_MINUTES = 30
BACKENDS = ("duckdb", "pyspark", "polars", "postgres", "bigquery", "snowflake", "trino", "sqlite")


@dataclass(frozen=True)
class Persona:
    id: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Stage:
    id: str
    label: str


@dataclass(frozen=True)
class Metric:
    table: str
    column: str
    target: float
    better: str = "lower"


@dataclass(frozen=True)
class Touchpoint:
    id: str
    label: str
    stage: str
    channel: str = ""
    owner: str = ""
    cues: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    metrics: tuple[Metric, ...] = ()
    # The language code of each cue, parallel to ``cues``; "" = any language (a flat cue list).
    cue_languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class BehaviourConfig:
    files: tuple[str, ...]
    user: str
    time: str
    event: str
    goal_event: str
    backend: str = "duckdb"
    connection: dict[str, Any] = field(default_factory=dict)
    session_gap_minutes: float = DEFAULT_SESSION_GAP_MINUTES
    goal_after: str | None = None     # a stage id: pins the goal's funnel step after it (issue 12)


@dataclass(frozen=True)
class UsersConfig:
    file: str
    user: str
    persona: str


@dataclass(frozen=True)
class ScoreSpec:
    column: str
    kind: str
    touchpoint: str | None = None
    stage: str | None = None
    scale: tuple[float, float] = (0, 10)
    better: str = "higher"


@dataclass(frozen=True)
class OpenSpec:
    column: str
    about: str  # "overall", a stage id or a touchpoint id


@dataclass(frozen=True)
class SurveyConfig:
    file: str
    format: str
    respondent: str
    date: str | None = None
    user: str | None = None
    sheet: str | None = None
    scores: tuple[ScoreSpec, ...] = ()
    open: tuple[OpenSpec, ...] = ()


@dataclass(frozen=True)
class OperationsTable:
    name: str
    file: str
    user: str | None = None
    time: str | None = None


@dataclass(frozen=True)
class InterviewsConfig:
    interviewers: tuple[str, ...] = ()
    files: str = "interviews/*"


@dataclass(frozen=True)
class PrivacyConfig:
    """``privacy:`` in study.yml: what redaction may keep and which other people it should know."""

    keep_names: bool = False          # True keeps names for internal runs; structured PII is always removed
    names: tuple[str, ...] = ()       # other people the study knows about (family, colleagues...)
    guess_names: bool = True          # also learn names after "my sister/husband/colleague..." in the text
    keep_ids: bool = False            # keep raw ids: e-mail/phone respondent and user ids, risk.csv user ids (default: keyed pseudonyms)


# ``targets:`` KPIs per stage (a future-state map): name -> (lowest, highest allowed, better direction).
# reach and conversion are shares of users (stage reach; step conversion from the previous funnel
# step), sentiment is the mean compound score in [-1, 1], negative the share of negative clauses.
TARGET_KPIS = {"reach": (0.0, 1.0, "higher"), "conversion": (0.0, 1.0, "higher"),
               "sentiment": (-1.0, 1.0, "higher"), "negative": (0.0, 1.0, "lower")}


@dataclass(frozen=True)
class StageTarget:
    """``targets.<stage>`` in study.yml: the future-state KPIs for one stage (None = no target)."""

    stage: str
    reach: float | None = None
    conversion: float | None = None
    sentiment: float | None = None
    negative: float | None = None

    def items(self) -> list[tuple[str, float]]:
        """(kpi, target) for every KPI given, in TARGET_KPIS order."""
        return [(k, getattr(self, k)) for k in TARGET_KPIS if getattr(self, k) is not None]


@dataclass(frozen=True)
class StudyConfig:
    root: Path
    study: str
    title: str
    language: str
    timezone: str
    personas: tuple[Persona, ...]
    stages: tuple[Stage, ...]
    touchpoints: tuple[Touchpoint, ...] = ()
    behaviour: BehaviourConfig | None = None
    users: UsersConfig | None = None
    surveys: tuple[SurveyConfig, ...] = ()
    operations: dict[str, OperationsTable] = field(default_factory=dict)
    interviews: InterviewsConfig = field(default_factory=InterviewsConfig)
    participants_file: str = "participants.csv"
    privacy: PrivacyConfig = field(default_factory=PrivacyConfig)
    targets: tuple[StageTarget, ...] = ()
    previous: Path | None = None      # ``previous:`` the earlier wave's study folder (resolved)
    churn: Any = None                 # ``churn:`` a drivers.settings.ChurnSpec, or None
    codes: tuple = ()             # the researcher's codebook (workbench.coding.Code), from ``codes:``
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def persona(self, persona_id: str) -> Persona:
        for p in self.personas:
            if p.id == persona_id:
                return p
        raise KeyError(persona_id)

    def touchpoint(self, touchpoint_id: str) -> Touchpoint:
        for t in self.touchpoints:
            if t.id == touchpoint_id:
                return t
        raise KeyError(touchpoint_id)

    @property
    def stage_ids(self) -> list[str]:
        return [s.id for s in self.stages]

    @property
    def persona_ids(self) -> list[str]:
        return [p.id for p in self.personas]

    def event_touchpoints(self) -> dict[str, str]:
        """Map each behavioural event name to the touchpoint it belongs to."""
        return {e: t.id for t in self.touchpoints for e in t.events}
