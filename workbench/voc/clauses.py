"""Customer text units -> one row per clause, with sentiment, emotion and touchpoint tags.

The input is ``study.voice(persona)`` (columns ``source, unit_id, participant, persona, file, ref,
start, text, language, about``); interviewer turns are already left out there, and any row whose
``source`` is not customer voice is dropped here as well. Each unit is split into sentences with
its language's trained Punkt model, each sentence into clauses at contrast connectives, and every
clause keeps the provenance of its unit.
"""
from __future__ import annotations

import pandas as pd

from ..config import StudyConfig
from ..exceptions import InputError, Problem
from .emotion import EmotionTagger, emoji_map
from .sentiment import SentimentTagger, label_for
from .tagging import CueMatcher, prior_tags, stages_of, touchpoint_matcher
from .text import Language, language_for, split_clauses

UNIT_COLUMNS = ["source", "unit_id", "participant", "persona", "file", "ref", "start", "text", "language", "about"]
CLAUSE_COLUMNS = ["clause_id", "unit_id", "source", "participant", "persona", "file", "ref", "start", "language",
                  "about", "sentence", "clause", "sentence_text", "text", "compound", "label", "emotion", "emoji",
                  "touchpoints", "stages", "tag_source"]
CUSTOMER_SOURCES = ("interview", "survey")


def check_units(units: pd.DataFrame, where: str = "voice units") -> None:
    missing = [c for c in UNIT_COLUMNS if c not in units.columns]
    if missing:
        raise InputError(Problem(where, f"missing column(s) {', '.join(missing)}; expected "
                                        f"{', '.join(UNIT_COLUMNS)}; got {', '.join(map(str, units.columns))}"))


class ClausePipeline:
    """Holds the per-language tools so many units are processed without rebuilding anything."""

    def __init__(self, config: StudyConfig, sentiment: SentimentTagger | None = None):
        self.config = config
        cues = [cue for t in config.touchpoints for cue in t.cues]
        self.sentiment = sentiment or SentimentTagger(neutral_terms=cues)
        self._tools: dict[str, tuple[Language, CueMatcher, EmotionTagger]] = {}
        self.emoji = emoji_map()

    def tools(self, code: object) -> tuple[Language, CueMatcher, EmotionTagger]:
        key = code if isinstance(code, str) and code and code != "auto" else self.default_language
        if key not in self._tools:
            lang = language_for(key)
            self._tools[key] = (lang, touchpoint_matcher(self.config, lang), EmotionTagger(lang))
        return self._tools[key]

    @property
    def default_language(self) -> str:
        lang = self.config.language
        return "en" if not lang or lang == "auto" else lang  # "auto": no detector yet, read as English

    def run(self, units: pd.DataFrame) -> pd.DataFrame:
        """One row per clause (columns CLAUSE_COLUMNS); the input frame is not modified."""
        check_units(units)
        units = units[units["source"].isin(CUSTOMER_SOURCES)]
        rows: list[tuple] = []
        polarity = self.sentiment.polarity
        for unit in units.itertuples(index=False):
            text = unit.text
            if not isinstance(text, str) or not text.strip():
                continue
            lang, matcher, emotions = self.tools(unit.language)
            prior_tp, prior_stage = prior_tags(unit.about, self.config)
            for s_no, (sa, sb) in enumerate(lang.split_sentences(text), start=1):
                sentence = text[sa:sb].strip()
                for c_no, (ca, cb) in enumerate(split_clauses(sentence, lang), start=1):
                    clause = sentence[ca:cb]
                    stems = matcher.stems(clause)
                    tps = matcher.labels(stems)
                    if tps:
                        stages, source = stages_of(tps, self.config), "cue"
                    elif prior_tp or prior_stage:
                        tps, stages, source = prior_tp, prior_stage, "prior"
                    else:
                        stages, source = (), ""
                    compound = polarity(clause)
                    emotion = emotions.emotion(stems, compound)
                    rows.append((f"{unit.unit_id}/{s_no}.{c_no}", unit.unit_id, unit.source, unit.participant,
                                 unit.persona, unit.file, unit.ref, unit.start, lang.code, unit.about, s_no, c_no,
                                 sentence, clause, compound, label_for(compound), emotion, self.emoji[emotion],
                                 tps, stages, source))
        frame = pd.DataFrame(rows, columns=CLAUSE_COLUMNS)
        frame["compound"] = frame["compound"].astype(float)
        return frame


def build_clauses(units: pd.DataFrame, config: StudyConfig, sentiment: SentimentTagger | None = None) -> pd.DataFrame:
    """Convenience wrapper: :class:`ClausePipeline` ``(config).run(units)``."""
    return ClausePipeline(config, sentiment).run(units)
