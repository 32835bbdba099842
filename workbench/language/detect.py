"""Which language a customer text unit is in: declared where possible, detected offline otherwise.

Precedence (issue 14): the transcript's front matter, then ``participants.csv`` ``language``, then
the study's ``language``. With ``auto`` the unit is detected from its own text: Thai and Chinese by
script, Latin script as en, ms or id by the curated word lists in ``data/language/latin_words.tsv``.
A unit too short or too mixed to tell (fewer than :data:`MIN_EVIDENCE` telling words) takes the
language its speaker uses most in their other units, then the study's other units.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .segment import HAN, THAI, WORD

DATA = Path(__file__).resolve().parent.parent / "data" / "language"
SUPPORTED = ("en", "ms", "id", "th", "zh")
MIN_EVIDENCE = 2   # telling words a Latin unit needs before its own words decide its language
SCRIPT_SHARE = 0.3  # share of letters in Thai (or Han) script that makes a unit Thai (Chinese)
_THAI = re.compile(f"[{THAI}]")
_HAN = re.compile(f"[{HAN}]")


@dataclass(frozen=True)
class LatinWords:
    en: frozenset[str]
    malayic: frozenset[str]
    ms: frozenset[str]
    id: frozenset[str]


@lru_cache(maxsize=1)
def latin_words() -> LatinWords:
    groups: dict[str, set[str]] = {}
    for line in (DATA / "latin_words.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            group, words = line.split("\t")
            groups.setdefault(group, set()).update(words.split())
    ms, id_ = groups["ms"], groups["id"]
    # A word on both marker lists tells Malay from Indonesian nothing: it is only "malayic".
    both = ms & id_
    malayic = groups["malayic"] | ms | id_
    return LatinWords(en=frozenset(groups["en"] - malayic), malayic=frozenset(malayic),
                      ms=frozenset(ms - both), id=frozenset(id_ - both))


def latin_votes(words: list[str]) -> Counter:
    """Counts of en, malayic, ms and id words among lower-cased Latin ``words``."""
    lw = latin_words()
    votes: Counter = Counter()
    for w in words:
        if w in lw.en:
            votes["en"] += 1
        elif w in lw.malayic:
            votes["malayic"] += 1
            if w in lw.ms:
                votes["ms"] += 1
            elif w in lw.id:
                votes["id"] += 1
    return votes


def malay_or_indonesian(votes: Counter) -> str | None:
    if votes["ms"] > votes["id"]:
        return "ms"
    if votes["id"] > votes["ms"]:
        return "id"
    return None


def detect_language(text: str) -> str | None:
    """en | ms | id | th | zh, or None when the text alone does not tell."""
    if not isinstance(text, str):
        return None
    letters = sum(ch.isalpha() for ch in text)
    if not letters:
        return None
    thai, han = len(_THAI.findall(text)), len(_HAN.findall(text))
    if thai and thai >= han and thai / letters >= SCRIPT_SHARE:
        return "th"
    if han and han / letters >= SCRIPT_SHARE:
        return "zh"
    votes = latin_votes(WORD.findall(text.lower()))
    if votes["en"] + votes["malayic"] < MIN_EVIDENCE:
        return None
    if votes["malayic"] > votes["en"]:
        return malay_or_indonesian(votes) or "malayic"
    return "en"


def _declared(value: object) -> str | None:
    if isinstance(value, str) and value.strip() and value.strip().lower() != "auto":
        return value.strip().lower()
    return None


def resolve_languages(units: pd.DataFrame, study_language: str = "en",
                      declared: str = "language") -> pd.Series:
    """The language of every unit, indexed like ``units``.

    ``units[declared]`` holds the most specific declared language of each unit (front matter, else
    participants.csv; the loaders fill it). Where it is empty or ``auto`` and the study's language
    is ``auto`` too, each unit is detected from its text; undecided units take their speaker's
    commonest detected language, then the study's, then English. Where it is empty and the study
    names a language, that language applies.
    """
    study = _declared(study_language)
    given = units[declared] if declared in units.columns else pd.Series(None, index=units.index)
    out = given.map(_declared)
    todo = out.isna()
    if study is not None:
        return out.fillna(study)
    if not todo.any():
        return out
    detected = units.loc[todo, "text"].map(detect_language)
    speakers = units.loc[todo, "participant"] if "participant" in units.columns else pd.Series("", index=detected.index)
    decided = detected[detected.isin(SUPPORTED)]
    by_speaker = _commonest_by(decided, speakers[decided.index])
    overall = decided.value_counts().index[0] if len(decided) else "en"
    # "malayic": Malay or Indonesian without a telling word; the speaker's own choice decides.
    malayic = decided[decided.isin(("ms", "id"))]
    malayic_by_speaker = _commonest_by(malayic, speakers[malayic.index])
    values = []
    for idx, lang in detected.items():
        who = speakers.get(idx)
        if lang in SUPPORTED:
            values.append(lang)
        elif lang == "malayic":
            values.append(malayic_by_speaker.get(who) or _overall_malayic(decided))
        else:
            values.append(by_speaker.get(who, overall))
    out.loc[todo] = values
    return out


def _commonest_by(values: pd.Series, keys: pd.Series) -> dict:
    """Each key's commonest value; a tie goes to the value the key used first (what
    ``value_counts().index[0]`` per group gives), counted in one grouped pass instead of a Python
    function per speaker (1.5 s of CPU per call on demo-makan's 2,783 units)."""
    if values.empty:
        return {}
    frame = pd.DataFrame({"key": keys.to_numpy(object), "value": values.to_numpy(object),
                          "order": range(len(values))})
    counted = frame.groupby(["key", "value"], sort=False).agg(n=("order", "size"), first=("order", "min"))
    best = counted.reset_index().sort_values(["key", "n", "first"], ascending=[True, False, True])
    best = best.drop_duplicates("key")
    return dict(zip(best["key"], best["value"]))


def _overall_malayic(decided: pd.Series) -> str:
    counts = decided[decided.isin(("ms", "id"))].value_counts()
    return counts.index[0] if len(counts) else "ms"
