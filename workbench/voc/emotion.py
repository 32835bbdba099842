"""The emotion a clause expresses, for the journey map: one of seven, each with a fixed emoji.

Cue lexicons (``data/voc/emotion_cues.tsv``, sources noted there) vote, and the clause's sentiment
keeps the vote honest: a positive clause can only be delight or satisfaction, a negative one only
confusion, frustration, anxiety or anger, so "not confusing at all" is not confusion. With no cue
of an allowed emotion the sentiment decides: strongly positive is delight, positive satisfaction,
negative frustration (the commonest negative on journey maps), neutral stays neutral.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from .sentiment import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD
from .tagging import CueMatcher
from .text import DATA, Language

EMOTIONS = ("delight", "satisfaction", "neutral", "confusion", "frustration", "anxiety", "anger")
POSITIVE = ("delight", "satisfaction")
NEGATIVE = ("anger", "frustration", "anxiety", "confusion")  # tie-break order: strongest first
# Without a cue, a compound of 0.6 or more reads as delight: VADER's compound for a single strong
# positive word with emphasis ("love it!" is 0.67, "good" alone 0.44).
DELIGHT_COMPOUND = 0.6
# Neutral clauses may still voice uncertainty or being lost ("not sure if it was sent").
NEUTRAL_ALLOWED = ("anxiety", "confusion", "frustration")


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


def emotion_cues() -> dict[str, list[str]]:
    cues: dict[str, list[str]] = {}
    for line in (DATA / "emotion_cues.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            emotion, cue = line.split("\t")[:2]
            if emotion not in EMOTIONS:
                raise ValueError(f"{DATA / 'emotion_cues.tsv'}: '{emotion}' is not one of {', '.join(EMOTIONS)}")
            cues.setdefault(emotion, []).append(cue.strip())
    return cues


class EmotionTagger:
    """Pick one emotion per clause from its stems and compound sentiment."""

    def __init__(self, language: Language):
        self.matcher = CueMatcher(emotion_cues(), language)

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
