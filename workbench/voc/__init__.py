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
from .sentiment import SentimentTagger, label_for
from .sentiment_csv import score_csv
from .summary import quote_table, stage_summary, touchpoint_summary

__all__ = ["VoiceResult", "analyse_voice", "analyse_voice_groups", "voice_clause_groups", "VoiceClauses", "analyse_units", "summarise_voice", "touchpoints_table", "phrases_table",
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


def _customer_units(units: pd.DataFrame, config: StudyConfig) -> pd.DataFrame:
    """The customer units of ``units`` with each unit's language resolved (as the clauses read it)."""
    check_units(units)
    customer = units[units["source"].isin(("interview", "survey"))]
    if len(customer):
        customer = customer.assign(language=resolve_languages(customer, config.language))
    return customer


def analyse_units(units: pd.DataFrame, config: StudyConfig, persona: str = "all",
                  sentiment: SentimentTagger | None = None) -> VoiceResult:
    """The whole voice-of-customer analysis over voice units (``study.voice`` columns)."""
    customer = _customer_units(units, config)
    return summarise_voice(customer, ClausePipeline(config, sentiment).run(customer), config, persona)


def summarise_voice(customer: pd.DataFrame, clauses: pd.DataFrame, config: StudyConfig,
                    persona: str = "all") -> VoiceResult:
    """Phrases, touchpoint and stage summaries and quotes of one persona group, from its customer
    units and their clauses (:class:`ClausePipeline` output)."""
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


def _as_built(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of a clause table as a new table with the column types the pipeline would have given
    those rows alone: a text column read from the whole population is typed as text; a group's
    slice whose values there are all missing (no survey answers: ``about``) is typed as the
    pipeline types it, as objects."""
    out = rows.reset_index(drop=True)
    for column in out.columns:
        if isinstance(out[column].dtype, pd.StringDtype):
            values = [None if pd.isna(v) else v for v in out[column]]
            out[column] = pd.DataFrame({column: values}, index=out.index)[column]   # typed as built
    return out


def analyse_voice_groups(study, personas: list[str], sentiment: SentimentTagger | None = None) -> dict[str, VoiceResult]:
    """:func:`analyse_voice` for every persona group in ``personas`` ("all" among them or not) with one
    pass of the clause pipeline (segmentation, sentiment, tagging) over every customer unit; each
    group is then summarised from its own clauses. The same results as one :func:`analyse_voice` per
    group: a clause depends only on its unit and the unit's language, and a group whose units resolve
    to another language than in the whole population (``language: auto`` decides undecided units by
    their group) has those units' clauses made again."""
    return {persona: summarise_voice(customer, clauses, study.config, persona)
            for persona, customer, clauses in _group_clauses(study, personas, sentiment)}


@dataclass
class VoiceClauses:
    """One persona group's clauses and quotable units, without the phrase and touchpoint summaries:
    what a wave comparison needs of the earlier wave (its measures, mismatches and themes read only
    these two tables)."""

    persona: str
    clauses: pd.DataFrame
    quotes: pd.DataFrame


def voice_clause_groups(study, personas: list[str], sentiment: SentimentTagger | None = None) -> dict[str, VoiceClauses]:
    """The clauses and quotes :func:`analyse_voice_groups` would give each group, without summarising."""
    return {persona: VoiceClauses(persona, clauses, quote_table(customer))
            for persona, customer, clauses in _group_clauses(study, personas, sentiment)}


def _group_clauses(study, personas: list[str], sentiment: SentimentTagger | None = None):
    """(persona, customer units, clauses) for every group, the clause pipeline run once over everyone."""
    config = study.config
    everyone = _customer_units(study.voice("all"), config)
    pipeline = ClausePipeline(config, sentiment)
    clauses = pipeline.run(everyone)
    language_of = dict(zip(everyone["unit_id"], everyone["language"]))
    for persona in personas:
        if persona == "all":
            yield persona, everyone, clauses
            continue
        customer = _customer_units(study.voice(persona), config)
        mine = _as_built(clauses[clauses["persona"] == persona])
        same = all(language_of.get(u) == lang for u, lang in zip(customer["unit_id"], customer["language"]))
        if mine.empty or not same or set(mine["unit_id"]) - set(customer["unit_id"]):
            mine = pipeline.run(customer)
        yield persona, customer, mine


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

