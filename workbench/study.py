"""The Study: a validated study.yml plus the tables read from the study folder.

``load_study(path)`` reads everything a notebook needs (participants, transcripts, surveys,
users); behavioural events stay on disk and are queried by :mod:`workbench.behaviour`, and
operations tables are read on first use. Nothing under the study folder is ever written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from .config import StudyConfig, load_study_config_leniently
from .exceptions import InputError, Problem, StudyInvalid, did_you_mean
from .loaders.participants import read_participants, read_users
from .loaders.surveys import ANSWER_COLUMNS, SCORE_COLUMNS, read_survey
from .loaders.tables import read_table
from .loaders.transcripts import TRANSCRIPT_SUFFIXES, parse_transcript
from .privacy.study_text import empty_audit, redact_study_text

TURN_COLUMNS = ["participant", "persona", "file", "turn", "speaker", "is_interviewer", "start", "text", "line",
                "language"]
VOICE_COLUMNS = ["source", "unit_id", "participant", "persona", "file", "ref", "start", "text", "language", "about"]
ALL = "all"


@dataclass
class Study:
    config: StudyConfig
    participants: pd.DataFrame
    turns: pd.DataFrame
    scores: pd.DataFrame
    answers: pd.DataFrame
    users: pd.DataFrame
    warnings: list[Problem] = field(default_factory=list)
    # What privacy redaction replaced at load time: file, field (text | speaker), type, count.
    audit: pd.DataFrame = field(default_factory=empty_audit)

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
        """Read an operations table by its key in study.yml (a new DataFrame of strings each call)."""
        if name not in self.config.operations:
            raise InputError(Problem("study.yml", f"'{name}' is not a table under operations"
                                     + did_you_mean(name, self.config.operations)))
        spec = self.config.operations[name]
        return read_table(self.root / spec.file, spec.file)


def load_study(path: str | Path) -> Study:
    """Read and validate a study folder; raise StudyInvalid listing every error."""
    study, problems = _load(Path(path))
    errors = [p for p in problems if p.severity == "error"]
    if errors or study is None:
        raise StudyInvalid(errors or problems)
    study.warnings = [p for p in problems if p.severity != "error"]
    return study


def _load(root: Path) -> tuple[Study | None, list[Problem]]:
    """Read everything, collecting problems; the Study is None when study.yml itself is invalid."""
    try:
        config, problems = load_study_config_leniently(root)
    except InputError as exc:
        return None, exc.problems
    if config is None:
        return None, problems
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
    turns, found = _read_turns(config, participants)
    problems += found
    # Privacy first: personal data in free text is replaced before anything else sees it.
    redacted = redact_study_text(participants, turns, _concat(answer_parts, ANSWER_COLUMNS),
                                 config.interviews.interviewers, config.privacy)
    study = Study(config=config, participants=redacted.participants, turns=redacted.turns,
                  scores=_concat(score_parts, SCORE_COLUMNS), answers=redacted.answers,
                  users=users, audit=redacted.audit)
    return study, problems


def _concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pd.concat(parts, ignore_index=True)[columns]


def interview_files(config: StudyConfig) -> list[Path]:
    """Transcript files matched by ``interviews.files`` (default ``interviews/*``), sorted."""
    return sorted(p for p in config.root.glob(config.interviews.files)
                  if p.is_file() and p.suffix.lower() in TRANSCRIPT_SUFFIXES)


def _read_turns(config: StudyConfig, participants: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
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
    return turns, problems


def _rel(config: StudyConfig, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)
