"""The analysis pass's change-over-time and drivers step, once per persona group.

When study.yml names ``previous:``, the earlier wave is loaded once and analysed once for all persona
groups with the grouped machinery of the current wave (one clause pass, one query per behaviour
analysis), then its mismatches are found per group from those results; the later wave's measures come from the results the pass has
already computed, so nothing of this study is analysed twice. The drivers of conversion (and of
churn when ``churn:`` is set) are fitted per persona group with the voice already computed.
Results land on :class:`~workbench.analysis.results.PersonaResults` (``waves``, ``drivers``) and in
the bundle tables ``changes``, ``drivers`` and ``risk`` (registered in :mod:`.bundle`).
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..exceptions import InputError
from .results import PersonaResults

# risk.csv pseudonyms: a keyed HMAC (drivers.pseudonymise) whose 256-bit key is made once per study
# and kept outside corpora/ beside the bundle cache, so a user keeps the same pseudonym run after run.
KEY_BYTES = 32
KEYS_FOLDER = "keys"
OUTCOMES = ("conversion", "churn")


@dataclass
class WavesResult:
    """One persona's comparison with the previous wave, or why there is none (``note``)."""

    previous: str | None = None                  # the earlier wave's study id
    previous_title: str | None = None
    comparison: object | None = None              # waves.WaveComparison
    note: str = ""


@dataclass
class DriversSection:
    """One persona's drivers per outcome (conversion; churn when study.yml defines it)."""

    results: dict = field(default_factory=dict)   # outcome -> drivers.DriversResult
    notes: dict = field(default_factory=dict)     # outcome -> why it was not fitted
    keep_ids: bool = False


def pseudonym_key(study_id: str) -> bytes:
    """The study's pseudonymisation key under ``$WORKBENCH_CACHE/keys/`` (created on first use)."""
    from .cache import cache_root
    path = Path(cache_root()) / KEYS_FOLDER / f"{study_id}.key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(KEY_BYTES), encoding="ascii")
        os.chmod(path, 0o600)
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def _previous_study(study):
    """The earlier wave as a loaded Study, or (None, why not)."""
    from ..study import load_study
    folder = study.config.previous
    if folder is None:
        return None, "This study names no previous wave (add previous: <folder> to study.yml to compare waves)."
    if not (Path(folder) / "study.yml").is_file():
        return None, f"The previous wave named in study.yml ({Path(folder).name}) is not a study folder here."
    try:
        return load_study(folder), ""
    except InputError as exc:
        return None, f"The previous wave {Path(folder).name} does not load: {exc.problems[0]}"


@dataclass
class PreviousSide:
    """The earlier wave's side of every persona group's comparison: everything that needs only the
    earlier wave (and the two configs), so it can be computed beside the pass, before this wave's
    results exist. ``note`` says why there is nothing to compare (then the dicts are empty)."""

    previous: str | None = None                   # the earlier wave's study id
    previous_title: str | None = None
    config: object | None = None                  # the earlier wave's StudyConfig
    note: str = ""
    voices: dict = field(default_factory=dict)    # persona -> voc.VoiceClauses
    measures: dict = field(default_factory=dict)  # persona -> the earlier wave's waves.Measure list
    mismatches: dict = field(default_factory=dict)  # persona -> the earlier wave's mismatches frame
    themes: dict = field(default_factory=dict)    # persona -> the earlier wave's themes table


def previous_side(study, personas: list[str]) -> PreviousSide:
    """The earlier wave loaded once and analysed once for every persona group it shares with this
    study, with the same grouped machinery as this wave (one clause pass, one query per behaviour
    analysis); then, per group, its measures, mismatches and themes. The runner calls this in the
    process beside the pass (it opens the earlier wave's events on its own)."""
    from .. import overview, voc
    from ..mismatch import find_mismatches
    from ..waves.alignment import align_touchpoints, renames
    from ..waves.compare import wave_measures
    from .themes_pass import persona_themes
    previous, why = _previous_study(study)
    if previous is None:
        return PreviousSide(note=why)
    side = PreviousSide(previous=previous.config.study, previous_title=previous.config.title, config=previous.config)
    shared = [p for p in personas if p == "all" or p in previous.config.persona_ids]
    if not shared:
        return side
    rename = renames(align_touchpoints(previous.config, study.config))
    # only what the comparison reads: clauses and quotes (no phrase or touchpoint summaries), and the
    # drop-off, reach, population and operations tables (no funnel, paths, KPIs or retention)
    side.voices = voc.voice_clause_groups(previous, shared)
    behaviours = {}
    if previous.config.behaviour is not None:
        from ..behaviour.analysis import wave_behaviour_groups
        behaviours = wave_behaviour_groups(previous, shared)
    operations = overview.read_operations(previous)
    for persona in shared:
        voice = side.voices[persona]
        side.measures[persona] = wave_measures(previous, persona, rename, voice=voice, behaviour=behaviours.get(persona))
        side.mismatches[persona] = find_mismatches(previous, persona, voice=voice, operations=operations).mismatches
        side.themes[persona] = persona_themes(voice, previous.config)
    return side


def _compare(side: PreviousSide, study, result: PersonaResults) -> WavesResult:
    from ..waves.alignment import align_touchpoints, renames
    from ..waves.compare import WaveComparison, changes_table, mismatch_changes, wave_measures, with_rows
    from ..waves.themes import compare_themes, theme_change_rows
    persona = result.persona
    head = dict(previous=side.previous, previous_title=side.previous_title)
    if persona not in side.measures:
        return WavesResult(**head, note=f"The previous wave has no persona '{persona}'; nothing to compare.")
    alignment = align_touchpoints(side.config, study.config)
    changes = changes_table(side.measures[persona],
                            wave_measures(study, persona, {}, voice=result.voice, behaviour=result.behaviour))
    found = mismatch_changes(side.mismatches[persona], result.mismatches.mismatches, renames(alignment))
    # themes that appeared or faded (issue 11); their tests join the say family's correction
    themes = compare_themes(side.voices[persona], result.voice, side.config, study.config,
                            themes_before=side.themes[persona], themes_after=result.themes)
    return WavesResult(**head, comparison=WaveComparison(persona=persona, changes=with_rows(changes, theme_change_rows(themes)),
                                                         touchpoints=alignment, mismatches=found, themes=themes))


def drivers_for(study, voices: dict) -> dict[str, DriversSection]:
    """Every persona group's drivers from its voice (``voices``: persona -> voc.VoiceResult). The
    runner calls this in a process beside the pass (:func:`workbench.analysis.analyse_study`'s
    ``beside``), which opens the study's events on its own."""
    return {persona: _drivers(study, persona, voice) for persona, voice in voices.items()}


def _drivers(study, persona: str, voice) -> DriversSection:
    from ..drivers import build_features, model_features
    from ..drivers.validation import FOLDS
    config = study.config
    section = DriversSection(keep_ids=config.privacy.keep_ids)
    if config.behaviour is None:
        section.notes["conversion"] = "No behavioural data: drivers need each user's outcome."
        return section
    for outcome in OUTCOMES:
        if outcome == "churn" and config.churn is None:
            section.notes[outcome] = "study.yml defines no churn: (e.g. churn: {after: order_placed, inactive_days: 30})."
            continue
        try:
            features = build_features(study, outcome, config.churn, persona, voice=voice)
        except InputError as exc:
            section.notes[outcome] = str(exc.problems[0])
            continue
        y = features.frame["outcome"].astype(int)
        if min(int(y.sum()), int((1 - y).sum())) < FOLDS:
            # stratified cross-validation needs every fold to hold both outcomes
            section.notes[outcome] = (f"too few users to model: {len(y):,} users, {int(y.sum()):,} with the outcome "
                                      f"{features.bad_outcome}; {FOLDS}-fold cross-validation needs at least {FOLDS} "
                                      "with and without it.")
            continue
        section.results[outcome] = model_features(features)
    return section


def add_waves_and_drivers(study, results: dict[str, PersonaResults], timed, drivers=None, previous=None) -> None:
    """Attach ``waves`` and ``drivers`` to every persona's results, mark the journey map with the
    changes, and compute their bundle tables (``timed(name)`` is the pass's timer). ``drivers`` and
    ``previous``: futures of :func:`drivers_for` and :func:`previous_side` already running beside
    the pass; without them they are computed here."""
    # the drivers first, then the earlier wave: each step reads one wave's events and the opened
    # events are one study at a time (behaviour.population.source_for), so this order opens each
    # wave once where interleaving them per persona reopened both for every persona
    if drivers is None:
        for result in results.values():
            with timed("drivers"):
                result.drivers = _drivers(study, result.persona, result.voice)
    side = earlier_side(study, list(results), timed, previous)
    sections = drivers_beside(timed, drivers)
    for result in results.values():
        finish_persona(study, result, side, sections, timed)


def earlier_side(study, personas: list[str], timed, previous=None) -> PreviousSide:
    """The earlier wave's side of the comparison: ``previous``'s (a future of :func:`previous_side`
    running beside the pass) when given, else computed here."""
    if previous is None:
        with timed("previous_wave"):   # the earlier wave analysed once, grouped like this one
            return previous_side(study, personas)
    with timed("previous_wave_wait"):   # the time the pass waited for the process beside it
        return previous.result()


def drivers_beside(timed, drivers=None) -> dict | None:
    """Every persona's drivers from ``drivers`` (a future of :func:`drivers_for`), or None."""
    if drivers is None:
        return None
    with timed("drivers_wait"):
        return drivers.result()


def finish_persona(study, result: PersonaResults, side: PreviousSide, sections: dict | None, timed) -> None:
    """One persona's ``waves`` and (from ``sections``, when fitted beside the pass) ``drivers``; its
    journey map marked with the changes; its ``changes``, ``drivers`` and ``risk`` tables."""
    from ..journeymap.map_model import with_changes
    from .bundle import TABLES
    if sections is not None:
        result.drivers = sections[result.persona]
    with timed("waves"):
        result.waves = _compare(side, study, result) if side.config is not None else WavesResult(note=side.note)
    if result.waves.comparison is not None:
        result.journey_map = with_changes(result.journey_map, result.waves.comparison.changes)
    result.tables.update({name: TABLES[name](result) for name in ("changes", "drivers", "risk")})


def changes_frame(result: PersonaResults) -> pd.DataFrame:
    """changes.csv (empty, with its columns, when there is no previous wave)."""
    from ..waves import CHANGES_COLUMNS
    waves = getattr(result, "waves", None)
    if waves is None or waves.comparison is None:
        return pd.DataFrame(columns=CHANGES_COLUMNS)
    return waves.comparison.changes.copy()


def drivers_frame(result: PersonaResults) -> pd.DataFrame:
    """drivers.csv: every outcome's drivers, ``outcome`` first (empty with its columns when none)."""
    from ..drivers import DRIVERS_COLUMNS
    section = getattr(result, "drivers", None)
    frames = [r.drivers.assign(outcome=o)[["outcome", *DRIVERS_COLUMNS]]
              for o, r in (section.results.items() if section else [])]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["outcome", *DRIVERS_COLUMNS])


def risk_frame(result: PersonaResults) -> pd.DataFrame:
    """risk.csv: user (pseudonymised unless privacy.keep_ids), persona, outcome, out-of-fold risk."""
    from ..drivers import risk_table
    section = getattr(result, "drivers", None)
    frames = []
    for outcome, r in (section.results.items() if section else []):
        key = None if section.keep_ids else pseudonym_key(result.config.study)
        frames.append(risk_table(r, section.keep_ids, key).assign(outcome=outcome)[["user", "persona", "outcome", "risk"]])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["user", "persona", "outcome", "risk"])

