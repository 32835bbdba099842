"""The Study: a validated study.yml plus the tables read from the study folder.

``load_study(path)`` reads everything a notebook needs (participants, transcripts, surveys,
users); behavioural events stay on disk and are queried by :mod:`workbench.behaviour`, and
operations tables are read on first use. Nothing under the study folder is ever written.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from .config import StudyConfig, load_study_config_leniently
from .exceptions import InputError, Problem, StudyInvalid, did_you_mean
from .loaders.participants import read_participants, read_users
from .loaders.surveys import ANSWER_COLUMNS, SCORE_COLUMNS, read_survey
from .loaders.table_files import read_table
from .loaders.transcripts import TRANSCRIPT_SUFFIXES, is_empty_transcript, parse_transcript
from .privacy.columns import redact_table
from .privacy.provenance import Provenance, interview_labels
from .privacy.pseudonyms import pseudonym_key, pseudonymise_columns
from .privacy.redactor import Redactor
from .privacy.settings import PrivacySettings
from .privacy.study_text import empty_audit, redact_study_text

TURN_COLUMNS = ["participant", "persona", "file", "turn", "speaker", "is_interviewer", "start", "text", "line",
                "language"]
VOICE_COLUMNS = ["source", "unit_id", "participant", "persona", "file", "ref", "start", "text", "language", "about"]
ALL = "all"
LEFT_OUT_COLUMNS = ["file", "unit", "count", "problem"]
# Columns of the study's tables that hold respondent or user ids (pseudonymised when they are
# e-mail addresses or phone numbers, unless privacy.keep_ids).
ID_COLUMNS = {"participants": ("user_id", "respondent_id"), "users": ("user",), "rows": ("respondent", "user")}


@dataclass
class Study:
    config: StudyConfig
    participants: pd.DataFrame
    turns: pd.DataFrame
    scores: pd.DataFrame
    answers: pd.DataFrame
    users: pd.DataFrame
    warnings: list[Problem] = field(default_factory=list)
    # What privacy redaction replaced at load time: file, field (text | speaker | a column), type, count.
    audit: pd.DataFrame = field(default_factory=empty_audit)
    # How input paths are shown (neutral interview labels, redacted file names): provenance.shown(path).
    provenance: Provenance | None = None
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    # Rows and files left out because of warnings (file, unit rows|files, count, problem).
    left_out: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LEFT_OUT_COLUMNS))
    _text_redactor: Redactor | None = field(default=None, repr=False)
    # Operations tables already read and redacted, by key: redaction runs once per table per study.
    _operations: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def root(self) -> Path:
        return self.config.root

    def personas_in_scope(self, persona: str = ALL) -> list[str]:
        """``"all"`` -> every persona id; a persona id -> just it; anything else is an error."""
        if persona == ALL:
            return self.config.persona_ids
        if persona not in self.config.persona_ids:
            raise InputError(Problem("study.yml", f"'{persona}' is not a persona"
                                     + did_you_mean(persona, [ALL, *self.config.persona_ids])))
        return [persona]

    def _pick(self, frame: pd.DataFrame, persona: str) -> pd.DataFrame:
        if persona == ALL:
            return frame.copy()
        self.personas_in_scope(persona)
        return frame[frame["persona"] == persona].reset_index(drop=True)

    def voice(self, persona: str = ALL) -> pd.DataFrame:
        """Customer text units: non-interviewer transcript turns and open survey answers."""
        turns = self._pick(self.turns, persona)
        turns = turns[~turns["is_interviewer"].astype(bool)]
        interview = pd.DataFrame({
            "source": "interview",
            "unit_id": turns["participant"].astype(str) + "#" + turns["turn"].astype(str),
            "participant": turns["participant"], "persona": turns["persona"], "file": turns["file"],
            "ref": turns["turn"], "start": turns["start"], "text": turns["text"], "language": turns["language"],
            "about": None})
        answers = self._pick(self.answers, persona)
        person = answers["respondent"].map(self._participant_of_respondent).astype(object).fillna(answers["respondent"])
        survey = pd.DataFrame({
            "source": "survey",
            "unit_id": answers["survey"] + ":" + answers["respondent"].astype(str) + ":" + answers["column"],
            "participant": person, "persona": answers["persona"], "file": answers["file"], "ref": answers["line"],
            "start": float("nan"), "text": answers["text"], "language": answers["language"], "about": answers["about"]})
        parts = [p for p in (interview, survey) if len(p)]
        if not parts:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in VOICE_COLUMNS})
        return pd.concat(parts, ignore_index=True)[VOICE_COLUMNS]

    @cached_property
    def _participant_of_respondent(self) -> dict[str, str]:
        linked = self.participants.dropna(subset=["respondent_id"])
        return dict(zip(linked["respondent_id"], linked["participant_id"]))

    def scores_for(self, persona: str = ALL) -> pd.DataFrame:
        return self._pick(self.scores, persona)

    def users_for(self, persona: str = ALL) -> pd.DataFrame:
        return self._pick(self.users, persona)

    def operation(self, name: str) -> pd.DataFrame:
        """Read an operations table by its key in study.yml (a new DataFrame of strings each call;
        the file is read and redacted once per study, later calls copy that)."""
        if name not in self.config.operations:
            raise InputError(Problem("study.yml", f"'{name}' is not a table under operations"
                                     + did_you_mean(name, self.config.operations)))
        if name not in self._operations:
            self._operations[name] = self._read_operation(name)
        return self._operations[name].copy()

    def _read_operation(self, name: str) -> pd.DataFrame:
        spec = self.config.operations[name]
        frame = read_table(self.root / spec.file, spec.file)
        if self._text_redactor is None:
            return frame
        metric_columns = {m.column for tp in self.config.touchpoints for m in tp.metrics if m.table == name}
        codes = {c for c in (spec.user, spec.time, *metric_columns) if c}
        key = None if self.privacy.keep_ids else pseudonym_key(self.config.study)
        frame = redact_table(frame, self._text_redactor, self.provenance.shown(spec.file) if self.provenance
                             else spec.file, key, skip=codes - {spec.user})
        if key is not None and spec.user and spec.user in frame.columns:
            frame = pseudonymise_columns(frame, [spec.user], key)
        return frame


def load_study(path: str | Path) -> Study:
    """Read and validate a study folder; raise StudyInvalid listing every error."""
    return checked_study(*_load(Path(path)))


def checked_study(study: Study | None, problems: list[Problem]) -> Study:
    """``study`` with its warnings attached (and what they left out), or StudyInvalid listing every
    error. Warnings reach the reports: their paths are shown like every other path in an output."""
    errors = [p for p in problems if p.severity == "error"]
    if errors or study is None:
        raise StudyInvalid(errors or problems)
    shown = study.provenance.problem if study.provenance else (lambda p: p)
    study.warnings = [shown(p) for p in problems if p.severity != "error"]
    study.left_out = left_out_table(study.warnings)
    return study


def left_out_table(warnings: list[Problem]) -> pd.DataFrame:
    """What the warnings left out: one row per warning that dropped rows or files (file, unit, count,
    problem), for the index page and the report's evidence section."""
    rows = [(w.path, w.unit, w.left_out, w.message) for w in warnings if w.left_out]
    return pd.DataFrame(rows, columns=LEFT_OUT_COLUMNS)


def _load(root: Path) -> tuple[Study | None, list[Problem]]:
    """Read everything, collecting problems; the Study is None when study.yml itself is invalid."""
    try:
        config, problems = load_study_config_leniently(root)
    except InputError as exc:
        return None, exc.problems
    if config is None:
        return None, problems
    # privacy.keep_names and keep_ids are parsed and checked with the rest of study.yml (config/parser.py)
    settings = PrivacySettings(keep_names=config.privacy.keep_names, keep_ids=config.privacy.keep_ids)
    participants, found = read_participants(config)
    problems += found
    users, found = read_users(config)
    problems += found
    persona_of_respondent = dict(zip(participants["respondent_id"].dropna(),
                                     participants.loc[participants["respondent_id"].notna(), "persona"]))
    persona_of_user = dict(zip(users["user"], users["persona"]))
    for user, persona in zip(participants["user_id"], participants["persona"]):
        if isinstance(user, str):
            persona_of_user.setdefault(user, persona)
    score_parts, answer_parts = [], []
    for i in range(len(config.surveys)):
        scores, answers, found = read_survey(config, i, persona_of_respondent, persona_of_user)
        score_parts.append(scores)
        answer_parts.append(answers)
        problems += found
    turns, found, _ = _read_turns(config, participants)
    problems += found
    # Privacy first: personal data in free text is replaced before anything else sees it.
    redacted = redact_study_text(participants, turns, _concat(answer_parts, ANSWER_COLUMNS),
                                 config.interviews.interviewers, config.privacy)
    provenance = Provenance(Redactor(redacted.book, keep_names=False), keep_names=config.privacy.keep_names,
                            labels=interview_labels(_interview_pairs(turns, participants)))
    key = None if settings.keep_ids else pseudonym_key(config.study)
    participants, users = redacted.participants, users
    scores, answers = _concat(score_parts, SCORE_COLUMNS), redacted.answers
    audit_counts: Counter = Counter()
    if config.users is not None and len(users):
        users = redact_table(users, redacted.redactor, provenance.shown(config.users.file), key,
                             skip=("user", "persona"), counts=audit_counts)
    if key is not None:
        participants = pseudonymise_columns(participants, ID_COLUMNS["participants"], key)
        users = pseudonymise_columns(users, ID_COLUMNS["users"], key)
        scores = pseudonymise_columns(scores, ID_COLUMNS["rows"], key)
        answers = pseudonymise_columns(answers, ID_COLUMNS["rows"], key)
    audit = _audit(provenance.column(redacted.audit), audit_counts)
    # participants.csv names each interview file: shown like every other input path
    participants = participants.assign(interview_file=[
        provenance.shown(f"interviews/{name}") if isinstance(name, str) else name
        for name in participants["interview_file"]])
    study = Study(config=config, participants=participants, turns=provenance.column(redacted.turns),
                  scores=provenance.column(scores), answers=provenance.column(answers),
                  users=users, audit=audit, provenance=provenance, privacy=settings, 
                  _text_redactor=redacted.redactor)
    return study, problems


def _interview_pairs(turns: pd.DataFrame, participants: pd.DataFrame) -> list[tuple[str, str]]:
    """(interview path, participant id) from the transcripts read and from participants.csv
    ``interview_file`` (so an empty or unreadable transcript still gets its neutral label)."""
    pairs = list(zip(turns["file"], turns["participant"].astype(str)))
    named = participants.dropna(subset=["interview_file", "participant_id"])
    pairs += [(f"interviews/{f}", str(p)) for f, p in zip(named["interview_file"], named["participant_id"])]
    return pairs


def _audit(audit: pd.DataFrame, more: Counter) -> pd.DataFrame:
    if not more:
        return audit
    rows = pd.DataFrame([(f, c, t, n) for (f, c, t), n in sorted(more.items())], columns=list(audit.columns))
    return pd.concat([audit, rows], ignore_index=True) if len(audit) else rows


def _concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pd.concat(parts, ignore_index=True)[columns]


def interview_files(config: StudyConfig) -> list[Path]:
    """Transcript files matched by ``interviews.files`` (default ``interviews/*``), sorted."""
    return sorted(p for p in config.root.glob(config.interviews.files)
                  if p.is_file() and p.suffix.lower() in TRANSCRIPT_SUFFIXES)


def _read_turns(config: StudyConfig, participants: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem], list[str]]:
    """Turns of every transcript, the problems found, and the empty transcripts left out."""
    problems: list[Problem] = []
    empty: list[str] = []
    by_file = dict(zip(participants["interview_file"].dropna(),
                       participants.loc[participants["interview_file"].notna(), "participant_id"]))
    persona_of = dict(zip(participants["participant_id"], participants["persona"]))
    language_of = dict(zip(participants["participant_id"], participants["language"]))
    names = participants["name"] if "name" in participants.columns else pd.Series(None, index=participants.index)
    name_of = {pid: str(n) for pid, n in zip(participants["participant_id"], names) if isinstance(n, str) and n.strip()}
    interviewers = {name.casefold() for name in config.interviews.interviewers}
    for path in sorted(config.root.glob(config.interviews.files)):
        if path.is_file() and path.suffix.lower() not in TRANSCRIPT_SUFFIXES and not path.name.startswith("."):
            problems.append(Problem(_rel(config, path), "not a transcript type; ignored (expected one of "
                                    + ", ".join(TRANSCRIPT_SUFFIXES) + ")", severity="warning"))
    rows = []
    for path in interview_files(config):
        shown = _rel(config, path)
        guess = by_file.get(path.name) or path.stem
        full = name_of.get(guess, "")
        speakers = [*config.interviews.interviewers, full, full.split(" ")[0] if full else ""]
        if is_empty_transcript(path):
            problems.append(Problem(shown, "empty transcript: the file holds no text; left out of the analysis",
                                    severity="warning", left_out=1, unit="files"))
            empty.append(shown)
            continue
        try:
            transcript = parse_transcript(path, shown, known_speakers=speakers)
        except InputError as exc:
            problems += exc.problems
            continue
        front = transcript.front_matter or {}
        participant = by_file.get(path.name) or front.get("participant") or path.stem
        participant = str(participant)
        if participant not in persona_of:
            problems.append(Problem(shown, f"no participant for this interview: '{participant}' is not in "
                                    f"{config.participants_file}; add a row with interview_file '{path.name}'"
                                    + did_you_mean(participant, persona_of)))
            continue
        language = next((v for v in (front.get("language"), language_of.get(participant))
                         if isinstance(v, str) and v.strip()), config.language)
        customer_turns = 0
        for turn in transcript.turns:
            is_interviewer = turn.speaker.strip().casefold() in interviewers
            customer_turns += not is_interviewer
            rows.append((participant, persona_of[participant], shown, turn.turn, turn.speaker, is_interviewer,
                         turn.start, turn.text, turn.line, str(language)))
        if transcript.turns and not customer_turns:
            problems.append(Problem(shown, "every turn is by an interviewer (" + ", ".join(config.interviews.interviewers)
                                    + "); no customer voice found", severity="warning"))
    turns = pd.DataFrame(rows, columns=TURN_COLUMNS)
    turns["start"] = pd.to_numeric(turns["start"], errors="coerce")
    return turns, problems, empty


def _rel(config: StudyConfig, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)
