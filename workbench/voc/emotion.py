"""The emotion a clause expresses, for the journey map: one of seven, each with a fixed emoji.

Cue lexicons (``data/voc/emotion_cues.tsv`` and ``emotion_cues_<code>.tsv`` for ms, id, th and zh;
sources noted there) vote, and the clause's sentiment
keeps the vote honest: a positive clause can only be delight or satisfaction, a negative one only
confusion, frustration, anxiety or anger, so "not confusing at all" is not confusion. With no cue
of an allowed emotion the sentiment decides: strongly positive is delight, positive satisfaction,
negative frustration (the commonest negative on journey maps), neutral stays neutral.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .sentiment import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD
from .tagging import CueMatcher
from .text import DATA, Language, language_for

EMOTIONS = ("delight", "satisfaction", "neutral", "confusion", "frustration", "anxiety", "anger")
POSITIVE = ("delight", "satisfaction")
NEGATIVE = ("anger", "frustration", "anxiety", "confusion")  # tie-break order: strongest first
# Without a cue, a compound of 0.6 or more reads as delight: VADER's compound for a single strong
# positive word with emphasis ("love it!" is 0.67, "good" alone 0.44).
DELIGHT_COMPOUND = 0.6
# Neutral clauses may still voice uncertainty or being lost ("not sure if it was sent").
NEUTRAL_ALLOWED = ("anxiety", "confusion", "frustration")
CUE_LANGUAGES = ("en", "ms", "id", "th", "zh")   # each has data/voc/emotion_cues[_<code>].tsv
CHARACTER_LANGUAGES = ("th", "zh")


@lru_cache(maxsize=1)
def emoji_map() -> dict[str, str]:
    """emotion -> its fixed emoji (``data/voc/emoji.tsv``)."""
    out = {}
    for line in (DATA / "emoji.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            emotion, emoji, *_ = line.split("\t")
            out[emotion] = emoji
    missing = set(EMOTIONS) - set(out)
    if missing:
        raise ValueError(f"{DATA / 'emoji.tsv'}: no emoji for {', '.join(sorted(missing))}")
    return out


def emotion_cues(language: str = "en") -> dict[str, list[str]]:
    """emotion -> cue words for ``language`` (``emotion_cues.tsv`` for English, else ``_<code>``)."""
    name = "emotion_cues.tsv" if language == "en" else f"emotion_cues_{language}.tsv"
    cues: dict[str, list[str]] = {}
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            emotion, cue = line.split("\t")[:2]
            if emotion not in EMOTIONS:
                raise ValueError(f"{DATA / name}: '{emotion}' is not one of {', '.join(EMOTIONS)}")
            cues.setdefault(emotion, []).append(cue.strip())
    return cues


class CharacterCues:
    """Cue matching for Thai and Chinese on characters (no spaces between words): ``stems`` keeps
    the text whole and ``counts`` counts cue occurrences, the longest cue first where they overlap."""

    def __init__(self, cues: dict[str, list[str]]):
        self.label = {cue: emotion for emotion, words in cues.items() for cue in words}
        self.pattern = re.compile("|".join(re.escape(c) for c in sorted(self.label, key=len, reverse=True)))

    def stems(self, text: str) -> list[str]:
        return [text.lower()] if isinstance(text, str) and text.strip() else []

    def counts(self, stems: list[str]) -> Counter:
        return Counter(self.label[m.group()] for s in stems for m in self.pattern.finditer(s))


class EmotionTagger:
    """Pick one emotion per clause from its stems and compound sentiment.

    ``language``: a :class:`Language` or a code; en, ms and id match cue words on the language's
    tokens, th and zh on characters (:class:`CharacterCues`)."""

    def __init__(self, language: Language | str):
        code = language.code if isinstance(language, Language) else str(language).strip().lower()
        if code in CHARACTER_LANGUAGES:  # no Language needed: cues match on characters
            self.matcher = CharacterCues(emotion_cues(code))
            return
        lang = language if isinstance(language, Language) else language_for(code)
        self.matcher = CueMatcher(emotion_cues(code if code in CUE_LANGUAGES else "en"), lang)

    def emotion(self, stems: list[str], compound: float) -> str:
        votes = self.matcher.counts(stems) if stems else Counter()
        return decide(votes, compound)


def decide(votes: Counter, compound: float) -> str:
    """The emotion from cue votes and compound sentiment (the rule in the module docstring)."""
    if compound > POSITIVE_THRESHOLD:
        allowed = POSITIVE
    elif compound < NEGATIVE_THRESHOLD:
        allowed = NEGATIVE
    else:
        allowed = NEUTRAL_ALLOWED
    best, most = None, 0
    for emotion in allowed:  # ordered strongest first, so ties go to the stronger emotion
        if votes.get(emotion, 0) > most:
            best, most = emotion, votes[emotion]
    if best:
        return best
    if compound >= DELIGHT_COMPOUND:
        return "delight"
    if compound > POSITIVE_THRESHOLD:
        return "satisfaction"
    if compound < NEGATIVE_THRESHOLD:
        return "frustration"
    return "neutral"
