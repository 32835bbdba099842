"""study.yml as validated dataclasses.

:func:`parse_study_config` turns the parsed YAML into a :class:`StudyConfig`, collecting every
problem (unknown keys with a suggestion, wrong types, dangling references) before raising one
:class:`~workbench.exceptions.StudyInvalid`. Checks that need the data files (columns present,
values in range) live in :mod:`workbench.validate`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .exceptions import InputError, Problem, StudyInvalid, did_you_mean
from .yamlpath import key_path, load_yaml_with_lines

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


class _Reader:
    """Walks the parsed YAML, collecting problems with key paths and lines."""

    def __init__(self, file: str, lines: dict[str, int]):
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        line = self.lines.get(path)
        suffix = f" (line {line})" if line else ""
        self.problems.append(Problem(self.file, f"{path}: {message}{suffix}" if path else message))

    def mapping(self, value: Any, path: str, allowed: dict[str, bool]) -> dict[str, Any] | None:
        """Check ``value`` is a mapping whose keys are in ``allowed`` (name -> required)."""
        if not isinstance(value, dict):
            self.problem(path, f"expected a mapping of keys, got {_kind(value)}")
            return None
        for key in value:
            if key not in allowed:
                self.problem(key_path(path, key), "unknown key" + did_you_mean(key, allowed))
        for key, required in allowed.items():
            if required and value.get(key) is None:
                self.problem(key_path(path, key), "missing (required)")
        return value

    def string(self, value: Any, path: str, default: str | None = None, pattern: re.Pattern | None = None,
               what: str = "") -> str | None:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(path, f"expected text, got {_kind(value)}")
            return default
        text = str(value).strip()
        if pattern is not None and not pattern.match(text):
            self.problem(path, f"'{text}' is not {what}")
        return text

    def choice(self, value: Any, path: str, allowed: tuple[str, ...], default: str | None) -> str | None:
        text = self.string(value, path, default)
        if text is not None and value is not None and text not in allowed:
            self.problem(path, f"'{text}' is not one of {', '.join(allowed)}" + did_you_mean(text, allowed))
        return text

    def number(self, value: Any, path: str, default: float | None = None) -> float | None:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(path, f"expected a number, got {_kind(value)} '{value}'")
            return default
        return float(value)

    def string_list(self, value: Any, path: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(path, f"expected a list, got {_kind(value)}")
            return ()
        out = []
        for i, item in enumerate(value):
            text = self.string(item, key_path(path, i))
            if text:
                out.append(text)
        return tuple(out)

    def items(self, value: Any, path: str, parse: Callable[[Any, str], Any], required: bool = False) -> tuple:
        if value is None:
            if required:
                self.problem(path, "missing (required)")
            return ()
        if not isinstance(value, list):
            self.problem(path, f"expected a list, got {_kind(value)}")
            return ()
        if required and not value:
            self.problem(path, "is empty; at least one is required")
        parsed = [parse(item, key_path(path, i)) for i, item in enumerate(value)]
        return tuple(p for p in parsed if p is not None)

    def columns(self, value: Any, path: str, roles: dict[str, bool]) -> dict[str, str]:
        mapping = self.mapping(value if value is not None else {}, path, roles)
        if mapping is None:
            return {}
        return {role: self.string(mapping.get(role), key_path(path, role)) for role in roles
                if mapping.get(role) is not None}


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", type(None): "nothing"}.get(
        type(value), type(value).__name__)


TOP_KEYS = {"study": True, "title": False, "description": False, "language": False, "timezone": False,
            "personas": True, "stages": True, "touchpoints": False, "behaviour": False, "users": False,
            "participants": False, "surveys": False, "operations": False, "interviews": False,
            "privacy": False, "targets": False}


def parse_study_config(data: Any, root: Path, lines: dict[str, int] | None = None,
                       file: str = "study.yml") -> StudyConfig:
    """Validate parsed study.yml data; raise StudyInvalid listing every problem."""
    config, problems = parse_study_config_leniently(data, root, lines, file)
    if problems or config is None:
        raise StudyInvalid(problems)
    return config


def parse_study_config_leniently(data: Any, root: Path, lines: dict[str, int] | None = None,
                                 file: str = "study.yml") -> tuple[StudyConfig | None, list[Problem]]:
    """Parse as far as possible: the config (invalid values dropped or defaulted) and every problem.

    Lets ``workbench validate`` go on to check the data files even when study.yml has mistakes,
    so a researcher sees every problem in one pass. Never use the config to run anything when
    problems were found.
    """
    r = _Reader(file, lines or {})
    if not isinstance(data, dict):
        r.problem("", f"expected a mapping of keys at the top, got {_kind(data)}")
        return None, r.problems
    r.mapping(data, "", TOP_KEYS)
    study = r.string(data.get("study"), "study", "", SLUG, "a slug of lowercase letters, digits and '-'")
    title = r.string(data.get("title"), "title", study)
    language = r.string(data.get("language"), "language", "en", LANGUAGE,
                        "an ISO 639-1 code (two lowercase letters) or 'auto'")
    timezone = r.string(data.get("timezone"), "timezone", "UTC")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        r.problem("timezone", f"'{timezone}' is not an IANA time zone" + did_you_mean(timezone, sorted(available_timezones())))
        timezone = "UTC"

    personas = r.items(data.get("personas"), "personas", lambda v, p: _persona(r, v, p), required=True)
    stages = r.items(data.get("stages"), "stages", lambda v, p: _stage(r, v, p), required=True)
    _unique(r, "personas", [p.id for p in personas])
    _unique(r, "stages", [s.id for s in stages])
    operations = _operations(r, data.get("operations"))
    touchpoints = r.items(data.get("touchpoints"), "touchpoints", lambda v, p: _touchpoint(r, v, p))
    _unique(r, "touchpoints", [t.id for t in touchpoints])

    stage_ids = [s.id for s in stages]
    for i, t in enumerate(touchpoints):
        if t.stage not in stage_ids:
            r.problem(f"touchpoints[{i}].stage", f"'{t.stage}' is not a stage" + did_you_mean(t.stage, stage_ids))
        for j, m in enumerate(t.metrics):
            if m.table not in operations:
                r.problem(f"touchpoints[{i}].metrics[{j}].table",
                          f"'{m.table}' is not a table under operations" + did_you_mean(m.table, operations))
    seen_events: dict[str, str] = {}
    for i, t in enumerate(touchpoints):
        for j, e in enumerate(t.events):
            if e in seen_events and seen_events[e] != t.id:
                r.problem(f"touchpoints[{i}].events[{j}]",
                          f"event '{e}' already belongs to touchpoint '{seen_events[e]}'; an event maps to one touchpoint")
            seen_events.setdefault(e, t.id)

    behaviour = _behaviour(r, data.get("behaviour"))
    users = _users(r, data.get("users"))
    tp_ids = [t.id for t in touchpoints]
    surveys = r.items(data.get("surveys"), "surveys", lambda v, p: _survey(r, v, p, tp_ids, stage_ids))
    interviews = _interviews(r, data.get("interviews"))
    participants = r.string(data.get("participants"), "participants", "participants.csv")
    privacy = _privacy(r, data.get("privacy"))
    targets = _targets(r, data.get("targets"), stage_ids)

    config = StudyConfig(root=root, study=study, title=title, language=language, timezone=timezone,
                         personas=personas, stages=stages, touchpoints=touchpoints, behaviour=behaviour,
                         users=users, surveys=surveys, operations=operations, interviews=interviews,
                         participants_file=participants, privacy=privacy, targets=targets, lines=dict(lines or {}))
    return config, r.problems


def load_study_config(folder: str | Path) -> StudyConfig:
    """Read and validate ``<folder>/study.yml``."""
    config, problems = load_study_config_leniently(folder)
    if problems or config is None:
        raise StudyInvalid(problems)
    return config


def load_study_config_leniently(folder: str | Path) -> tuple[StudyConfig | None, list[Problem]]:
    """Like :func:`parse_study_config_leniently`, from ``<folder>/study.yml``; raises InputError for
    a missing folder or unreadable YAML."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError(Problem(str(folder), "not a study folder (no such directory)"))
    data, lines = load_yaml_with_lines(root / "study.yml", "study.yml")
    return parse_study_config_leniently(data, root, lines)


def _unique(r: _Reader, path: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            r.problem(f"{path}[{i}].id", f"'{value}' is used twice; ids must be unique")
        seen.add(value)


def _persona(r: _Reader, v: Any, p: str) -> Persona | None:
    m = r.mapping(v, p, {"id": True, "label": False, "description": False})
    if m is None or m.get("id") is None:
        return None
    pid = r.string(m["id"], key_path(p, "id"), pattern=SLUG, what="a slug of lowercase letters, digits and '-'")
    if pid == "all":
        r.problem(key_path(p, "id"), "'all' is reserved for the whole population")
    return Persona(pid, r.string(m.get("label"), key_path(p, "label"), _label(pid)),
                   r.string(m.get("description"), key_path(p, "description"), ""))


def _stage(r: _Reader, v: Any, p: str) -> Stage | None:
    m = r.mapping(v, p, {"id": True, "label": False})
    if m is None or m.get("id") is None:
        return None
    sid = r.string(m["id"], key_path(p, "id"), pattern=SLUG, what="a slug of lowercase letters, digits and '-'")
    return Stage(sid, r.string(m.get("label"), key_path(p, "label"), _label(sid)))


def _label(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def _metric(r: _Reader, v: Any, p: str) -> Metric | None:
    m = r.mapping(v, p, {"table": True, "column": True, "target": True, "better": False})
    if m is None or any(m.get(k) is None for k in ("table", "column", "target")):
        return None
    return Metric(r.string(m["table"], key_path(p, "table")), r.string(m["column"], key_path(p, "column")),
                  r.number(m["target"], key_path(p, "target"), 0.0),
                  r.choice(m.get("better"), key_path(p, "better"), BETTER, "lower"))


def _touchpoint(r: _Reader, v: Any, p: str) -> Touchpoint | None:
    m = r.mapping(v, p, {"id": True, "label": False, "stage": True, "channel": False, "owner": False,
                         "cues": False, "events": False, "metrics": False})
    if m is None or m.get("id") is None or m.get("stage") is None:
        return None
    tid = r.string(m["id"], key_path(p, "id"), pattern=SLUG, what="a slug of lowercase letters, digits and '-'")
    cues, cue_languages = _cues(r, m.get("cues"), key_path(p, "cues"))
    return Touchpoint(
        id=tid, label=r.string(m.get("label"), key_path(p, "label"), _label(tid)),
        stage=r.string(m["stage"], key_path(p, "stage")),
        channel=r.string(m.get("channel"), key_path(p, "channel"), ""),
        owner=r.string(m.get("owner"), key_path(p, "owner"), ""),
        cues=cues, cue_languages=cue_languages,
        events=r.string_list(m.get("events"), key_path(p, "events")),
        metrics=r.items(m.get("metrics"), key_path(p, "metrics"), lambda mv, mp: _metric(r, mv, mp)))


def _cues(r: _Reader, value: Any, p: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(cues, their language codes): a flat list (any language, "") or a mapping by ISO 639-1 code,
    e.g. ``{en: [fee], id: [biaya admin]}``."""
    if not isinstance(value, dict):
        cues = r.string_list(value, p)
        return cues, ("",) * len(cues)
    cues, codes = [], []
    for code, words in value.items():
        if not isinstance(code, str) or not LANGUAGE.match(code) or code == "auto":
            r.problem(key_path(p, str(code)), "expected an ISO 639-1 language code (two lowercase letters)")
            continue
        found = r.string_list(words, key_path(p, code))
        cues.extend(found)
        codes.extend([code] * len(found))
    return tuple(cues), tuple(codes)


def _behaviour(r: _Reader, v: Any) -> BehaviourConfig | None:
    if v is None:
        return None
    p = "behaviour"
    m = r.mapping(v, p, {"files": True, "columns": True, "goal_event": True, "backend": False,
                         "connection": False, "session_gap_minutes": False})
    if m is None:
        return None
    cols = r.columns(m.get("columns"), key_path(p, "columns"), {"user": True, "time": True, "event": True})
    files = r.string_list(m.get("files"), key_path(p, "files"))
    goal = r.string(m.get("goal_event"), key_path(p, "goal_event"))
    backend = r.choice(m.get("backend"), key_path(p, "backend"), BACKENDS, "duckdb")
    connection = m.get("connection") or {}
    if not isinstance(connection, dict):
        r.problem(key_path(p, "connection"), f"expected a mapping of connection settings, got {_kind(connection)}")
        connection = {}
    gap = r.number(m.get("session_gap_minutes"), key_path(p, "session_gap_minutes"), DEFAULT_SESSION_GAP_MINUTES)
    if gap is not None and gap <= 0:
        r.problem(key_path(p, "session_gap_minutes"), f"must be more than 0, got {gap:g}")
    if not files or not goal or len(cols) < 3:
        return None
    return BehaviourConfig(files=files, user=cols["user"], time=cols["time"], event=cols["event"],
                           goal_event=goal, backend=backend, connection=dict(connection),
                           session_gap_minutes=gap or DEFAULT_SESSION_GAP_MINUTES)


def _users(r: _Reader, v: Any) -> UsersConfig | None:
    if v is None:
        return None
    m = r.mapping(v, "users", {"file": True, "columns": True})
    if m is None:
        return None
    cols = r.columns(m.get("columns"), "users.columns", {"user": True, "persona": True})
    file = r.string(m.get("file"), "users.file")
    if not file or len(cols) < 2:
        return None
    return UsersConfig(file=file, user=cols["user"], persona=cols["persona"])


def _score(r: _Reader, v: Any, p: str, tp_ids: list[str], stage_ids: list[str]) -> ScoreSpec | None:
    m = r.mapping(v, p, {"column": True, "kind": True, "touchpoint": False, "stage": False, "scale": False,
                         "better": False})
    if m is None or m.get("column") is None or m.get("kind") is None:
        return None
    kind = r.choice(m["kind"], key_path(p, "kind"), SCORE_KINDS, None)
    if kind not in SCORE_KINDS:
        return None
    scale = DEFAULT_SCALES[kind]
    if m.get("scale") is not None:
        raw = m["scale"]
        if (not isinstance(raw, list) or len(raw) != 2 or not all(isinstance(x, (int, float)) and not isinstance(x, bool)
                                                                   for x in raw) or raw[0] >= raw[1]):
            r.problem(key_path(p, "scale"), f"expected [min, max] with min < max, got {raw!r}")
        else:
            scale = (float(raw[0]), float(raw[1]))
    tp = r.string(m.get("touchpoint"), key_path(p, "touchpoint"))
    if tp is not None and tp not in tp_ids:
        r.problem(key_path(p, "touchpoint"), f"'{tp}' is not a touchpoint" + did_you_mean(tp, tp_ids))
    stage = r.string(m.get("stage"), key_path(p, "stage"))
    if stage is not None and stage not in stage_ids:
        r.problem(key_path(p, "stage"), f"'{stage}' is not a stage" + did_you_mean(stage, stage_ids))
    return ScoreSpec(column=r.string(m["column"], key_path(p, "column")), kind=kind, touchpoint=tp,
                     stage=stage, scale=scale, better=r.choice(m.get("better"), key_path(p, "better"), BETTER, "higher"))


def _open(r: _Reader, v: Any, p: str, tp_ids: list[str], stage_ids: list[str]) -> OpenSpec | None:
    m = r.mapping(v, p, {"column": True, "about": False})
    if m is None or m.get("column") is None:
        return None
    about = r.string(m.get("about"), key_path(p, "about"), "overall")
    allowed = ["overall", *stage_ids, *tp_ids]
    if about not in allowed:
        r.problem(key_path(p, "about"), f"'{about}' is not 'overall', a stage or a touchpoint" + did_you_mean(about, allowed))
    return OpenSpec(column=r.string(m["column"], key_path(p, "column")), about=about)


def _survey(r: _Reader, v: Any, p: str, tp_ids: list[str], stage_ids: list[str]) -> SurveyConfig | None:
    m = r.mapping(v, p, {"file": True, "format": False, "sheet": False, "columns": True, "scores": False,
                         "open": False})
    if m is None or m.get("file") is None:
        return None
    cols = r.columns(m.get("columns"), key_path(p, "columns"), {"respondent": True, "date": False, "user": False})
    scores = r.items(m.get("scores"), key_path(p, "scores"), lambda sv, sp: _score(r, sv, sp, tp_ids, stage_ids))
    opens = r.items(m.get("open"), key_path(p, "open"), lambda ov, op: _open(r, ov, op, tp_ids, stage_ids))
    if not cols.get("respondent"):
        return None
    return SurveyConfig(file=r.string(m["file"], key_path(p, "file")),
                        format=r.choice(m.get("format"), key_path(p, "format"), SURVEY_FORMATS, "plain"),
                        respondent=cols["respondent"], date=cols.get("date"), user=cols.get("user"),
                        sheet=r.string(m.get("sheet"), key_path(p, "sheet")), scores=scores, open=opens)


def _operations(r: _Reader, v: Any) -> dict[str, OperationsTable]:
    if v is None:
        return {}
    if not isinstance(v, dict):
        r.problem("operations", f"expected a mapping of table name to settings, got {_kind(v)}")
        return {}
    out = {}
    for name, spec in v.items():
        p = key_path("operations", name)
        m = r.mapping(spec, p, {"file": True, "columns": False})
        if m is None or m.get("file") is None:
            continue
        cols = r.columns(m.get("columns"), key_path(p, "columns"), {"user": False, "time": False})
        out[name] = OperationsTable(name=name, file=r.string(m["file"], key_path(p, "file")),
                                    user=cols.get("user"), time=cols.get("time"))
    return out


def _interviews(r: _Reader, v: Any) -> InterviewsConfig:
    if v is None:
        return InterviewsConfig()
    m = r.mapping(v, "interviews", {"interviewers": False, "files": False})
    if m is None:
        return InterviewsConfig()
    return InterviewsConfig(interviewers=r.string_list(m.get("interviewers"), "interviews.interviewers"),
                            files=r.string(m.get("files"), "interviews.files", "interviews/*"))


def _flag(r: _Reader, value: Any, path: str, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        r.problem(path, f"expected true or false, got {_kind(value)} '{value}'")
        return default
    return value


def _privacy(r: _Reader, v: Any) -> PrivacyConfig:
    if v is None:
        return PrivacyConfig()
    m = r.mapping(v, "privacy", {"keep_names": False, "names": False, "guess_names": False})
    if m is None:
        return PrivacyConfig()
    return PrivacyConfig(keep_names=_flag(r, m.get("keep_names"), "privacy.keep_names", False),
                         names=r.string_list(m.get("names"), "privacy.names"),
                         guess_names=_flag(r, m.get("guess_names"), "privacy.guess_names", True))


def _targets(r: _Reader, v: Any, stage_ids: list[str]) -> tuple[StageTarget, ...]:
    """``targets: {<stage id>: {reach: 0.6, conversion: 0.8, sentiment: 0.3, negative: 0.1}}``."""
    if v is None:
        return ()
    if not isinstance(v, dict):
        r.problem("targets", f"expected a mapping of stage id to target KPIs, got {_kind(v)}")
        return ()
    out = []
    for stage, spec in v.items():
        p = key_path("targets", str(stage))
        if str(stage) not in stage_ids:
            r.problem(p, f"'{stage}' is not a stage" + did_you_mean(stage, stage_ids))
            continue
        m = r.mapping(spec, p, {k: False for k in TARGET_KPIS})
        if m is None:
            continue
        values = {}
        for kpi, (low, high, _) in TARGET_KPIS.items():
            value = r.number(m.get(kpi), key_path(p, kpi))
            if value is not None and not low <= value <= high:
                r.problem(key_path(p, kpi), f"{value:g} is outside {low:g} to {high:g}")
                value = None
            values[kpi] = value
        if any(x is not None for x in values.values()):
            out.append(StageTarget(stage=str(stage), **values))
    order = {s: i for i, s in enumerate(stage_ids)}
    return tuple(sorted(out, key=lambda t: order[t.stage]))
