"""Redact a study's free text at load time: transcript turns, speaker labels, open survey answers.

:func:`redact_study_text` is called by :func:`workbench.study.load_study` before anything else sees
the text. It returns new DataFrames and an audit table (counts by file, field and type; never the
redacted strings themselves).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from ..config import PrivacyConfig
from .names import INTERVIEWER, NAME, NAME_TOKEN, ROLE_WORDS, NameBook, build_name_book, learn_names
from .redactor import Redactor

AUDIT_COLUMNS = ["file", "field", "type", "count"]
# A speaker label holding a digit (P01, Speaker 2) is an id, not a name.
_ID_LIKE = set("0123456789")


@dataclass(frozen=True)
class Redacted:
    participants: pd.DataFrame
    turns: pd.DataFrame
    answers: pd.DataFrame
    audit: pd.DataFrame
    learned_names: tuple[str, ...]
    book: NameBook                   # every name the study knows (for file names and other tables)
    redactor: Redactor               # the redactor the text went through (keep_names honoured)


def empty_audit() -> pd.DataFrame:
    return pd.DataFrame({"file": pd.Series(dtype=object), "field": pd.Series(dtype=object),
                         "type": pd.Series(dtype=object), "count": pd.Series(dtype="int64")})


def _is_label_name(label: str, participant_ids: set[str]) -> bool:
    label = label.strip()
    return bool(label) and label not in participant_ids and label.casefold() not in ROLE_WORDS \
        and not (_ID_LIKE & set(label))


def study_name_book(participants: pd.DataFrame, turns: pd.DataFrame, interviewers: tuple[str, ...],
                    privacy: PrivacyConfig) -> tuple[NameBook, tuple[str, ...]]:
    """Every name the study knows: participants.csv ``name``, the sole customer speaker of each
    transcript (their participant), interviewers, ``privacy.names``, and names learned from the text."""
    names = participants["name"] if "name" in participants.columns else pd.Series(None, index=participants.index)
    pairs = list(zip(participants["participant_id"], names))
    ids = {str(p) for p in participants["participant_id"].dropna()}
    others: list[str] = list(privacy.names)
    if len(turns):
        customer = turns[~turns["is_interviewer"].astype(bool)]
        for participant, labels in customer.groupby("participant", sort=False)["speaker"]:
            distinct = [s for s in dict.fromkeys(labels) if _is_label_name(str(s), ids)]
            if len(distinct) == 1:
                pairs.append((participant, distinct[0]))
            else:
                others += distinct
    learned: tuple[str, ...] = ()
    if privacy.guess_names and not privacy.keep_names:
        texts = [*turns["text"].tolist()] if len(turns) else []
        learned = tuple(learn_names(texts))
        others += learned
    return build_name_book(pairs, interviewers, others), learned


def redact_study_text(participants: pd.DataFrame, turns: pd.DataFrame, answers: pd.DataFrame,
                      interviewers: tuple[str, ...], privacy: PrivacyConfig) -> Redacted:
    """New participants/turns/answers tables with personal data replaced, and the audit table."""
    book, learned = study_name_book(participants, turns, interviewers, privacy)
    if privacy.guess_names and not privacy.keep_names and len(answers):
        extra = [n for n in learn_names(answers["text"].tolist()) if n not in book.forms]
        for name in extra:
            book.add(name, NAME_TOKEN, NAME, first_name=False)
        learned = (*learned, *extra)
    redactor = Redactor(book, keep_names=privacy.keep_names)
    counts: Counter = Counter()

    turns = turns.copy()
    if len(turns):
        turns["text"] = _redact_column(redactor, turns["text"], turns["file"], "text", counts)
        if not privacy.keep_names:
            turns["speaker"] = [_speaker(book, interviewers, str(s), bool(i), f, counts)
                                for s, i, f in zip(turns["speaker"], turns["is_interviewer"], turns["file"])]
    answers = answers.copy()
    if len(answers):
        answers["text"] = _redact_column(redactor, answers["text"], answers["file"], "text", counts)
    participants = participants.copy()
    if "name" in participants.columns and not privacy.keep_names:
        participants["name"] = None
    rows = [(file, field, kind, n) for (file, field, kind), n in sorted(counts.items())]
    audit = pd.DataFrame(rows, columns=AUDIT_COLUMNS) if rows else empty_audit()
    return Redacted(participants, turns, answers, audit, tuple(learned), book, redactor)


def _redact_column(redactor: Redactor, texts: pd.Series, files: pd.Series, field: str, counts: Counter) -> list:
    out = []
    for text, file in zip(texts, files):
        new, found = redactor.redact(text) if isinstance(text, str) else (text, None)
        out.append(new)
        if found:
            for kind, n in found.items():
                counts[(str(file), field, kind)] += n
    return out


def _speaker(book: NameBook, interviewers: tuple[str, ...], label: str, is_interviewer: bool, file: str,
             counts: Counter) -> str:
    """A participant's label becomes their id, an interviewer's their role, anyone else's [NAME]."""
    key = " ".join(label.split())
    if is_interviewer:
        if key.casefold() in ROLE_WORDS:
            return label
        position = next((i for i, n in enumerate(interviewers) if n.strip().casefold() == key.casefold()), 0)
        counts[(file, "speaker", INTERVIEWER)] += 1
        return "Interviewer" if len(interviewers) < 2 else f"Interviewer {position + 1}"
    if key in book.forms:
        token, kind = book.forms[key]
        counts[(file, "speaker", kind)] += 1
        return token
    return label
