"""Customer text units -> one row per clause, with sentiment, emotion and touchpoint tags.

The input is ``study.voice(persona)`` (columns ``source, unit_id, participant, persona, file, ref,
start, text, language, about``); interviewer turns are already left out there, and any row whose
``source`` is not customer voice is dropped here as well. Each unit is split into sentences with
its language's splitter, each sentence into clauses at contrast connectives, and every clause
keeps the provenance of its unit.

Language: each unit's is resolved first (front matter or participants.csv as loaded, else the
study's; ``auto`` detects it, :func:`workbench.language.resolve_languages`). Stage notes and
fillers are cleaned out before splitting (the units table keeps them). A clause whose words are
mostly in another language than its unit's ("checkout ok" in an Indonesian answer) is read, tagged
and labelled as that language: the ``language`` column is the clause's.
"""
from __future__ import annotations

import inspect
import re

import pandas as pd

from ..config import StudyConfig
from ..exceptions import InputError, Problem
from .emotion import EmotionTagger, emoji_map
from .sentiment import SentimentTagger, label_for
from .tagging import CueMatcher, prior_tags, stages_of, touchpoint_matcher
from ..language.clean import clean_text
from ..language.detect import SUPPORTED, resolve_languages
from ..language.spans import dominant_language, may_be_mixed
from .text import Language, language_for, split_clauses

UNIT_COLUMNS = ["source", "unit_id", "participant", "persona", "file", "ref", "start", "text", "language", "about"]
CLAUSE_COLUMNS = ["clause_id", "unit_id", "source", "participant", "persona", "file", "ref", "start", "language",
                  "about", "sentence", "clause", "sentence_text", "text", "compound", "label", "emotion", "emoji",
                  "touchpoints", "stages", "tag_source"]
CUSTOMER_SOURCES = ("interview", "survey")
_LATIN = re.compile("[A-Za-z]")


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
        self._tools: dict[tuple[str, str], tuple[Language, CueMatcher, EmotionTagger]] = {}
        self.emoji = emoji_map()
        self.polarity = _polarity_with_language(self.sentiment)

    def tools(self, code: object, unit_code: str | None = None) -> tuple[Language, CueMatcher, EmotionTagger]:
        """Reader, cue matcher and emotion tagger for a clause in ``code`` inside a unit in
        ``unit_code``: the clause's words are cut by its own language, and both languages' cues apply
        (an "id" cue "checkout" still tags "checkout ok" in an Indonesian answer)."""
        key = code if isinstance(code, str) and code and code != "auto" else self.default_language
        unit_key = unit_code or key
        if (key, unit_key) not in self._tools:
            lang = language_for(key)
            self._tools[(key, unit_key)] = (lang, touchpoint_matcher(self.config, lang, also=unit_key),
                                             EmotionTagger(lang))
        return self._tools[(key, unit_key)]

    @property
    def default_language(self) -> str:
        lang = self.config.language
        return "en" if not lang or lang == "auto" else lang  # "auto" is resolved per unit in run()

    def clause_language(self, clause: str, unit_language: str) -> str:
        """The language that reads this clause: the unit's, unless most of its letters are another
        supported language's (a code-mixed clause)."""
        if unit_language not in SUPPORTED:
            return unit_language
        if unit_language in ("th", "zh") and not _LATIN.search(clause):
            return unit_language
        found = dominant_language(clause, unit_language)
        return found if found in SUPPORTED else unit_language

    def run(self, units: pd.DataFrame) -> pd.DataFrame:
        """One row per clause (columns CLAUSE_COLUMNS); the input frame is not modified."""
        check_units(units)
        units = units[units["source"].isin(CUSTOMER_SOURCES)]
        if len(units):
            units = units.assign(language=resolve_languages(units, self.config.language))
        rows: list[tuple] = []
        polarity = self.polarity
        for unit in units.itertuples(index=False):
            lang = self.tools(unit.language)[0]
            text = clean_text(unit.text, lang.code) if isinstance(unit.text, str) else ""
            if not text:
                continue
            prior_tp, prior_stage = prior_tags(unit.about, self.config)
            mixed = lang.code in SUPPORTED and may_be_mixed(text, lang.code)
            for s_no, (sa, sb) in enumerate(lang.split_sentences(text), start=1):
                sentence = text[sa:sb].strip()
                for c_no, (ca, cb) in enumerate(split_clauses(sentence, lang), start=1):
                    clause = sentence[ca:cb]
                    code = self.clause_language(clause, lang.code) if mixed else lang.code
                    clang, matcher, emotions = self.tools(code, lang.code)
                    stems = matcher.stems(clause)
                    tps = matcher.labels(stems)
                    if tps:
                        stages, source = stages_of(tps, self.config), "cue"
                    elif prior_tp or prior_stage:
                        tps, stages, source = prior_tp, prior_stage, "prior"
                    else:
                        stages, source = (), ""
                    compound = polarity(clause, clang.code)
                    emotion = emotions.emotion(stems, compound)
                    rows.append((f"{unit.unit_id}/{s_no}.{c_no}", unit.unit_id, unit.source, unit.participant,
                                 unit.persona, unit.file, unit.ref, unit.start, clang.code, unit.about, s_no, c_no,
                                 sentence, clause, compound, label_for(compound), emotion, self.emoji[emotion],
                                 tps, stages, source))
        frame = pd.DataFrame(rows, columns=CLAUSE_COLUMNS)
        frame["compound"] = frame["compound"].astype(float)
        return frame


def _polarity_with_language(tagger):
    """``tagger.polarity`` as f(text, language): the language is passed when the tagger takes it
    (the multilingual SentimentTagger), and dropped for an English-only one."""
    try:
        takes = "language" in inspect.signature(tagger.polarity).parameters
    except (TypeError, ValueError):
        takes = False
    if takes:
        return lambda text, code: tagger.polarity(text, language=code)
    return lambda text, code: tagger.polarity(text)


def build_clauses(units: pd.DataFrame, config: StudyConfig, sentiment: SentimentTagger | None = None) -> pd.DataFrame:
    """Convenience wrapper: :class:`ClausePipeline` ``(config).run(units)``."""
    return ClausePipeline(config, sentiment).run(units)
