"""One analysis pass over a study: every analysis runs once per persona group, never again.

Voice runs once per persona group (and once for "all"); behaviour once per group on the one opened
DuckDB source (its per-user facts and drop-off counts are computed once and shared by every group);
mismatches and the journey map are built from those results; the cross-persona comparison reuses
the voice of "all". The chapters only render what this returns (see :mod:`workbench.analysis.bundle`).
"""
from __future__ import annotations

import time
from contextlib import contextmanager

from .. import overview, voc
from ..study import ALL, Study
from .bundle import compute_tables
from .results import PersonaResults, StudyResults


@contextmanager
def _timed(seconds: dict, name: str):
    start = time.perf_counter()
    yield
    seconds[name] = round(seconds.get(name, 0.0) + time.perf_counter() - start, 3)


def analyse_study(study: Study, personas: list[str] | None = None, comparison: bool = True) -> StudyResults:
    """Every result every report needs, for ``personas`` (default: every persona plus "all").

    ``comparison`` adds the cross-persona comparison (it needs the voice of "all", computed once
    whether or not "all" is among ``personas``)."""
    from ..journeymap.comparison import compare_personas
    config = study.config
    chosen = list(dict.fromkeys(personas or [*config.persona_ids, ALL]))
    for persona in chosen:
        study.personas_in_scope(persona)          # InputError naming the allowed personas
    seconds: dict[str, float] = {}
    results = {p: _persona_results(study, p, seconds) for p in chosen}
    compared = None
    if comparison:
        voice_all = results[ALL].voice if ALL in results else None
        with _timed(seconds, "comparison"):
            compared = compare_personas(study, voice=voice_all)
    return StudyResults(study=config.study, config=config, personas=results, comparison=compared, seconds=seconds)


def _persona_results(study: Study, persona: str, seconds: dict) -> PersonaResults:
    from ..journeymap import build_map
    from ..mismatch import find_mismatches
    from ..tables import mismatches_frame
    config = study.config
    with _timed(seconds, "voice"):
        voice = voc.analyse_voice(study, persona)
    behaviour = None
    if config.behaviour is not None:
        from ..behaviour import analyse_behaviour
        with _timed(seconds, "behaviour"):
            behaviour = analyse_behaviour(study, persona)
    with _timed(seconds, "mismatches"):
        mismatches = find_mismatches(study, persona, voice=voice)
    with _timed(seconds, "journey_map"):
        jmap = build_map(config, persona, voice, behaviour, mismatches_frame(mismatches))
    with _timed(seconds, "overview"):
        scores = overview.score_summary(study, persona)
        samples = overview.evidence_table(study, persona)
    reach = behaviour.reach if behaviour is not None else None
    result = PersonaResults(persona=persona, config=config, voice=voice, behaviour=behaviour,
                            mismatches=mismatches, journey_map=jmap, scores=scores, reach=reach,
                            samples=samples)
    result.tables = compute_tables(result)
    return result
