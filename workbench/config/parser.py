"""study.yml -> validated dataclasses (:mod:`.schema`).

:func:`parse_study_config` turns the parsed YAML into a :class:`StudyConfig`, collecting every
problem (unknown keys with a suggestion, wrong types, dangling references) before raising one
:class:`~workbench.exceptions.StudyInvalid`. Checks that need the data files (columns present,
values in range) live in :mod:`workbench.validate`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ..exceptions import InputError, Problem, StudyInvalid, did_you_mean
from ..yamlpath import key_path, load_yaml_with_lines
from .reader import _kind, _Reader
from .schema import *  # noqa: F403  (the dataclasses and constants the parser builds)

TOP_KEYS = {"study": True, "title": False, "description": False, "language": False, "timezone": False,
            "personas": True, "stages": True, "touchpoints": False, "behaviour": False, "users": False,
            "participants": False, "surveys": False, "operations": False, "interviews": False,
            "privacy": False, "targets": False, "previous": False, "churn": False, "codes": False}


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

    behaviour = _behaviour(r, data.get("behaviour"), stage_ids)
    users = _users(r, data.get("users"))
    tp_ids = [t.id for t in touchpoints]
    surveys = r.items(data.get("surveys"), "surveys", lambda v, p: _survey(r, v, p, tp_ids, stage_ids))
    interviews = _interviews(r, data.get("interviews"))
    participants = r.string(data.get("participants"), "participants", "participants.csv")
    privacy = _privacy(r, data.get("privacy"))
    targets = _targets(r, data.get("targets"), stage_ids)
    previous, churn = _waves_and_churn(r, data, root)
    from ..coding.codebook import parse_codebook   # the researcher's codes:, every problem located
    codes, found = parse_codebook(data, lines, file)
    r.problems.extend(found)

    config = StudyConfig(root=root, study=study, title=title, language=language, timezone=timezone,
                         personas=personas, stages=stages, touchpoints=touchpoints, behaviour=behaviour,
                         users=users, surveys=surveys, operations=operations, interviews=interviews,
                         participants_file=participants, privacy=privacy, targets=targets, previous=previous, codes=tuple(codes),
                         churn=churn, lines=dict(lines or {}))
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


def _label(slug: str | None) -> str:
    """The default label of an id; an id that is not text (already reported as a problem) has none."""
    return slug.replace("-", " ").capitalize() if isinstance(slug, str) else ""


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


def _behaviour(r: _Reader, v: Any, stage_ids: list[str] | None = None) -> BehaviourConfig | None:
    if v is None:
        return None
    p = "behaviour"
    m = r.mapping(v, p, {"files": True, "columns": True, "goal_event": True, "backend": False,
                         "connection": False, "session_gap_minutes": False, "goal_after": False})
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
    goal_after = r.string(m.get("goal_after"), key_path(p, "goal_after"))
    if goal_after is not None and stage_ids is not None and goal_after not in stage_ids:
        # the same check as workbench.behaviour.stage_order.parse_goal_after, collected with the rest
        r.problem(key_path(p, "goal_after"), f"'{goal_after}' is not a stage" + did_you_mean(goal_after, stage_ids))
        goal_after = None
    if not files or not goal or len(cols) < 3:
        return None
    return BehaviourConfig(files=files, user=cols["user"], time=cols["time"], event=cols["event"],
                           goal_event=goal, backend=backend, connection=dict(connection),
                           session_gap_minutes=gap or DEFAULT_SESSION_GAP_MINUTES, goal_after=goal_after or None)


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
    column = r.string(m["column"], key_path(p, "column"))
    kind = r.choice(m["kind"], key_path(p, "kind"), SCORE_KINDS, None)
    if kind not in SCORE_KINDS or column is None:   # not text: located above, and no column to read
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
    return ScoreSpec(column=column, kind=kind, touchpoint=tp,
                     stage=stage, scale=scale, better=r.choice(m.get("better"), key_path(p, "better"), BETTER, "higher"))


def _open(r: _Reader, v: Any, p: str, tp_ids: list[str], stage_ids: list[str]) -> OpenSpec | None:
    m = r.mapping(v, p, {"column": True, "about": False})
    if m is None or m.get("column") is None:
        return None
    column = r.string(m["column"], key_path(p, "column"))
    if column is None:   # not text: located above, and no column to read
        return None
    about = r.string(m.get("about"), key_path(p, "about"), "overall")
    allowed = ["overall", *stage_ids, *tp_ids]
    if about not in allowed:
        r.problem(key_path(p, "about"), f"'{about}' is not 'overall', a stage or a touchpoint" + did_you_mean(about, allowed))
    return OpenSpec(column=column, about=about)


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
    m = r.mapping(v, "privacy", {"keep_names": False, "names": False, "guess_names": False, "keep_ids": False})
    if m is None:
        return PrivacyConfig()
    return PrivacyConfig(keep_names=_flag(r, m.get("keep_names"), "privacy.keep_names", False),
                         names=r.string_list(m.get("names"), "privacy.names"),
                         guess_names=_flag(r, m.get("guess_names"), "privacy.guess_names", True),
                         keep_ids=_flag(r, m.get("keep_ids"), "privacy.keep_ids", False))


def _waves_and_churn(r: _Reader, data: dict, root: Path) -> tuple[Path | None, Any]:
    """``previous:`` (the earlier wave's folder, resolved; whether it is a study is checked when it is
    compared, so a copied study without its earlier wave still runs) and ``churn:`` (drivers)."""
    from ..drivers.settings import parse_churn      # imported late: the drivers package imports config
    previous = data.get("previous")
    if previous is not None:
        if not isinstance(previous, str) or not previous.strip():
            r.problem("previous", "must be a folder path relative to the study folder, e.g. ../demo-shop-2026q2")
            previous = None
        else:
            previous = (root / previous.strip()).resolve()
            if previous == root.resolve():
                r.problem("previous", "names this study itself")
                previous = None
    try:
        churn = parse_churn(data.get("churn"), r.file, r.lines)
    except InputError as exc:
        r.problems.extend(exc.problems)
        churn = None
    return previous, churn


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
