"""The names a study knows, and names learned from "my sister Mei Xin"-style mentions.

A :class:`NameBook` maps each surface form of a name to the token that replaces it: a participant's
full and first name to their participant id (``P05``), an interviewer's name to ``[INTERVIEWER]``, and
everyone else the study declares (``privacy.names`` in study.yml) or that :func:`learn_names` finds
after a relation word to ``[NAME]``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

import stopwordsiso

from .patterns import _alternation, word_list

PARTICIPANT = "participant"
INTERVIEWER = "interviewer"
NAME = "name"
INTERVIEWER_TOKEN = "[INTERVIEWER]"
NAME_TOKEN = "[NAME]"
# Role words used as interviewer labels; they name nobody, so they are neither redacted nor learned.
ROLE_WORDS = {"moderator", "interviewer", "researcher", "facilitator", "host", "note-taker", "notetaker", "observer",
              "participant", "respondent", "customer", "speaker", "unknown", "int", "mod", "r", "i", "p"}
# A name word: a capital letter then letters (Latin with accents), apostrophes or hyphens.
_NAME_WORD = r"[A-Z][a-zà-ÿ'’\-]+"
# Names shorter than this are never learned (initials and "Al" would match too much).
MIN_LEARNED_LENGTH = 3
_CJK = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=None)
def _not_names() -> frozenset[str]:
    words = {w.casefold() for w in word_list("not_names.txt")}
    # English and Indonesian stopwords (Malay shares most of the Indonesian ones; stopwordsiso's Malay
    # list also holds given names such as "ahmad" and "mei", so it is not used here).
    for code in ("en", "id"):
        words |= set(stopwordsiso.stopwords(code))
    words |= {w.casefold() for w in word_list("relations.txt")}
    return frozenset(words)


@lru_cache(maxsize=None)
def _relation_pattern() -> re.Pattern:
    # "my sister Mei Xin", "one son, Danish", "suami saya, Ahmad", "Pak Budi". The relation word may be
    # lower case, capitalised or in capitals (spelt out rather than (?i) for speed); the name is capitalised.
    relations = {v for w in word_list("relations.txt") for v in (w, w.capitalize(), w.upper())}
    # Malay/Indonesian may put one word between ("teman kantor saya, Yoga"). Chinese: a relation word
    # then an "阿" nickname ("我老公阿明"); other Chinese names are not guessed.
    return re.compile(rf"\b(?:{_alternation(relations)})s?(?:(?:\s+[a-z]+)?\s+(?:saya|aku|kami|ku|kita))?,?\s+"
                      rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD})?)"
                      rf"|(?:{_alternation(word_list('relations_zh.txt'))})(?P<zh>阿[\u4e00-\u9fff])")


def plausible_name(word: str) -> bool:
    return len(word) >= MIN_LEARNED_LENGTH and word.casefold() not in _not_names()


def learn_names(texts: Iterable[str]) -> list[str]:
    """Capitalised names right after a relation word or title, in order of first appearance.

    A second capitalised word is kept only when it is not a common word ("Mei Xin" stays whole,
    "Danish Okay" becomes "Danish").
    """
    found: dict[str, None] = {}
    pattern = _relation_pattern()
    for text in texts:
        if not isinstance(text, str):
            continue
        for match in pattern.finditer(text):
            if match["zh"]:
                found.setdefault(match["zh"], None)
                continue
            words = match["name"].split()
            if len(words) > 1 and not plausible_name(words[1]):
                words = words[:1]
            if not all(plausible_name(w) for w in words) and len(words) == 1:
                continue
            found.setdefault(" ".join(words), None)
    return list(found)


@dataclass
class NameBook:
    """Surface form -> (replacement token, type). Longer forms win over their first names."""

    forms: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(self, name: str, token: str, kind: str, first_name: bool = True) -> None:
        name = " ".join(str(name).split())
        if not name or name.casefold() in ROLE_WORDS:
            return
        self.forms.setdefault(name, (token, kind))
        parts = name.split()
        if first_name and len(parts) > 1 and not _CJK.search(name) and plausible_name(parts[0]):
            self.forms.setdefault(parts[0], (token, kind))

    def pattern(self) -> str | None:
        """A regex alternation of every form (Latin forms on word boundaries, CJK forms anywhere)."""
        latin = [f for f in self.forms if not _CJK.search(f)]
        cjk = [f for f in self.forms if _CJK.search(f)]
        parts = []
        if latin:
            # Latin-letter boundaries only, so a name right after Chinese text ("谢谢Aisyah") is found.
            parts.append(rf"(?<![A-Za-zÀ-ÿ0-9_])(?:{_alternation(latin)})(?![A-Za-zÀ-ÿ0-9_])")
        if cjk:
            parts.append(f"(?:{_alternation(cjk)})")
        return "|".join(parts) or None

    def lookup(self, surface: str) -> tuple[str, str]:
        return self.forms[" ".join(surface.split())]


def build_name_book(participants: Iterable[tuple[str, str]] = (), interviewers: Iterable[str] = (),
                    others: Iterable[str] = ()) -> NameBook:
    """Participants as (participant_id, name) pairs, interviewers' names, other known names."""
    book = NameBook()
    for pid, name in participants:
        if isinstance(name, str) and name.strip():
            book.add(name, str(pid), PARTICIPANT)
    for name in interviewers:
        book.add(name, INTERVIEWER_TOKEN, INTERVIEWER)
    for name in others:
        book.add(name, NAME_TOKEN, NAME, first_name=False)
    return book
