"""Voice of the customer: what people say about each touchpoint and stage, how they feel, and
the words they use, every claim traceable to a verbatim quote.

    >>> from workbench import load_study
    >>> from workbench.voc import analyse_voice, touchpoints_table, phrases_table
    >>> result = analyse_voice(load_study("corpora/demo-shop"), persona="busy-parent")

The core, :func:`analyse_units`, takes a voice-units DataFrame and a StudyConfig;
:func:`analyse_voice` only fetches ``study.voice(persona)`` for it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..config import StudyConfig
from ..language.detect import resolve_languages
from .clauses import ClausePipeline, build_clauses, check_units
from .phrases import PhraseIndex, distinctive_phrases, extract_phrases, phrase_stats
from .sentiment import SentimentTagger, label_for, score_csv
from .summary import quote_table, stage_summary, touchpoint_summary

__all__ = ["VoiceResult", "analyse_voice", "analyse_units", "touchpoints_table", "phrases_table",
           "distinctive_by", "SentimentTagger", "label_for", "score_csv", "build_clauses"]

TOUCHPOINTS_CSV_COLUMNS = ["touchpoint", "stage", "mentions", "people", "mean_sentiment", "ci_low", "ci_high",
                           "share_negative", "top_phrases", "quote_ids", "share_negative_ci_low",
                           "share_negative_ci_high", "dominant_emotion", "emoji", "language"]
PHRASES_CSV_COLUMNS = ["phrase", "words", "count", "speakers", "units", "sources", "mean_sentiment",
                       "share_negative", "collocation", "z_negative", "touchpoints", "stages", "quote_ids", "quotes",
                       "language"]


@dataclass
class VoiceResult:
    """Everything the chapter and the report tables need for one persona (or "all")."""

    persona: str
    config: StudyConfig
    clauses: pd.DataFrame      # one row per clause: provenance, text, compound, label, emotion, tags
    touchpoints: pd.DataFrame  # one row per touchpoint of the study
    phrases: pd.DataFrame      # one row per phrase said >= 2 times by >= 2 people
    stages: pd.DataFrame       # one row per stage: sentiment with interval, dominant emotion, emoji
    quotes: pd.DataFrame       # quote_id -> verbatim text, person, file, ref, start
    index: PhraseIndex = field(repr=False, default=None)
    distinctive: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)


def analyse_units(units: pd.DataFrame, config: StudyConfig, persona: str = "all",
                  sentiment: SentimentTagger | None = None) -> VoiceResult:
    """The whole voice-of-customer analysis over voice units (``study.voice`` columns)."""
    check_units(units)
    customer = units[units["source"].isin(("interview", "survey"))]
    if len(customer):
        customer = customer.assign(language=resolve_languages(customer, config.language))
    clauses = ClausePipeline(config, sentiment).run(customer)
    index = extract_phrases(clauses)
    by_touchpoint = distinctive_phrases(clauses, index, "touchpoint")
    by_label = distinctive_phrases(clauses, index, "label")
    phrases = phrase_stats(clauses, index)
    negative = by_label[by_label["group"] == "negative"].set_index("phrase")["z"]
    phrases.insert(phrases.columns.get_loc("collocation") + 1, "z_negative",
                   phrases["phrase"].map(negative).astype(float))
    return VoiceResult(persona=persona, config=config, clauses=clauses,
                       touchpoints=touchpoint_summary(clauses, config, by_touchpoint), phrases=phrases,
                       stages=stage_summary(clauses, config), quotes=quote_table(customer), index=index,
                       distinctive={"touchpoint": by_touchpoint, "label": by_label})


def analyse_voice(study, persona: str = "all") -> VoiceResult:
    """Analyse ``study.voice(persona)`` against ``study.config``."""
    return analyse_units(study.voice(persona), study.config, persona)


def distinctive_by(result: VoiceResult, by: str) -> pd.DataFrame:
    """Distinctive phrases for any clause grouping (persona, stage, touchpoint, label, ...)."""
    if by not in result.distinctive:
        result.distinctive[by] = distinctive_phrases(result.clauses, result.index, by)
    return result.distinctive[by]


def touchpoints_table(result: VoiceResult) -> pd.DataFrame:
    """touchpoints.csv voice columns: one row per touchpoint, zero mentions included (the contract's
    columns first, then the share-negative interval and the dominant emotion)."""
    return result.touchpoints[TOUCHPOINTS_CSV_COLUMNS].copy()


def phrases_table(result: VoiceResult) -> pd.DataFrame:
    """phrases.csv: one row per phrase with counts, speakers, sentiment, tags and quotes."""
    return result.phrases[PHRASES_CSV_COLUMNS].copy()

