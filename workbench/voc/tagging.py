"""Tie clauses to touchpoints (and so stages) through the cue words in study.yml.

A cue matches whole words and phrases, case-insensitively, after stemming both sides with the
language's stemmer: the cue ``shipping`` matches "shipped" and "ships" but never "relationship",
and ``delivery fee`` matches "delivery fees". A clause may carry several touchpoints. A survey
answer's ``about`` (a touchpoint or stage id) is a prior: it tags the answer's clauses that name
no touchpoint themselves.

Matching is on the tokens of the clause's language's segmenter (jieba for Chinese, nlpo3 for
Thai): a cue is a whole word or a whole word sequence, so "fee" never matches inside "feedback"
and 客服 never inside a longer word jieba keeps whole. Cues given by language in study.yml
(``cues: {en: [fee], id: [biaya admin]}``) apply only to clauses of that language; a flat list
applies to all. Each cue is segmented by its own language's segmenter.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Mapping

from ..config import StudyConfig
from ..language.segment import add_words
from .text import Language


class CueMatcher:
    """Find which labels' cue phrases occur in a stemmed token sequence."""

    def __init__(self, cues: Mapping[str, Iterable[str]], language: Language):
        cues = {label: list(phrases) for label, phrases in cues.items()}
        self.language = language
        self.longest = 1
        # first stem -> [(whole stem sequence, label)], longest sequences first
        self.index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        add_words([p for phrases in cues.values() for p in phrases])  # cues stay whole words in th/zh
        for label, phrases in cues.items():
            for phrase in phrases:
                stems = tuple(_stem(language, t) for t in language.tokenize(phrase))
                if not stems:
                    continue
                self.longest = max(self.longest, len(stems))
                self.index.setdefault(stems[0], []).append((stems, label))
        for entries in self.index.values():
            entries.sort(key=lambda e: -len(e[0]))
        self.firsts = frozenset(self.index)

    def stems(self, text: str) -> list[str]:
        return [_stem(self.language, t) for t in self.language.tokenize(text)]

    def counts(self, stems: list[str]) -> Counter:
        """How many times each label's cues occur (a longer cue wins where cues overlap)."""
        found: Counter = Counter()
        if self.firsts.isdisjoint(stems):
            return found
        index = self.index
        i, n = 0, len(stems)
        while i < n:
            entries = index.get(stems[i])
            step = 1
            if entries:
                for seq, label in entries:
                    k = len(seq)
                    if k == 1 or tuple(stems[i:i + k]) == seq:
                        found[label] += 1
                        step = k
                        break
            i += step
        return found

    def labels(self, stems: list[str]) -> tuple[str, ...]:
        """Labels whose cues occur, in order of first appearance."""
        return tuple(self.counts(stems))


# A stem this short is too ambiguous to stand for its inflections: Snowball turns "added" into
# "ad", so the cue "ad" would match "I added it". Such words match only themselves or a plural -s.
SHORT_STEM = 2


def _stem(language: Language, token: str) -> str:
    stem = language.stem(token)
    if len(stem) <= SHORT_STEM and token != stem and token != stem + "s":
        return token
    return stem


def cues_for(touchpoint, *codes: str) -> tuple[str, ...]:
    """The touchpoint's cues that apply to text in any of ``codes`` (flat cues apply to all)."""
    langs = getattr(touchpoint, "cue_languages", ()) or ("",) * len(touchpoint.cues)
    return tuple(c for c, lang in zip(touchpoint.cues, langs) if not lang or lang in codes)


def touchpoint_matcher(config: StudyConfig, language: Language, also: str = "") -> CueMatcher:
    """Cue matcher for clauses in ``language``; ``also``: the unit's language, whose cues apply too."""
    return CueMatcher({t.id: cues_for(t, language.code, also) for t in config.touchpoints}, language)


def prior_tags(about: object, config: StudyConfig) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(touchpoints, stages) implied by a survey question's ``about``; empty for overall/NA."""
    if not isinstance(about, str) or not about or about == "overall":
        return (), ()
    stage_of = {t.id: t.stage for t in config.touchpoints}
    if about in stage_of:
        return (about,), (stage_of[about],)
    if about in config.stage_ids:
        return (), (about,)
    return (), ()


def stages_of(touchpoints: Iterable[str], config: StudyConfig) -> tuple[str, ...]:
    """The stages of some touchpoints, in journey order, without repeats."""
    stage_of = {t.id: t.stage for t in config.touchpoints}
    wanted = {stage_of[t] for t in touchpoints if t in stage_of}
    return tuple(s for s in config.stage_ids if s in wanted)
