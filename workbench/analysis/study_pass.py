"""One analysis pass over a study: every analysis runs once per study, never again.

Voice: one pass of the clause pipeline over every customer unit, then each persona group (and
"all") is summarised from its own clauses (:func:`workbench.voc.analyse_voice_groups`). Behaviour:
one query per analysis on the one opened DuckDB source with persona as a group key; a persona is a
slice and "all" the sum (:func:`workbench.behaviour.analyse_behaviour_groups`). Operations tables
are read once. Mismatches (journeys sliced from behaviour's per-user facts) and the journey map are
built per group from those results; the cross-persona comparison reuses the voice of "all". The
chapters only render what this returns (see :mod:`workbench.analysis.bundle`).
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Callable

from .. import overview, voc
from ..study import ALL, Study
from .bundle import compute_tables
from .results import PersonaResults, StudyResults
from .themes_pass import persona_coding, persona_themes, study_coding


@contextmanager
def _timed(seconds: dict, name: str):
    start = time.perf_counter()
    yield
    seconds[name] = round(seconds.get(name, 0.0) + time.perf_counter() - start, 3)


def analyse_study(study: Study, personas: list[str] | None = None, comparison: bool = True,
                  beside=None, on_persona: Callable[[PersonaResults], None] | None = None) -> StudyResults:
    """Every result every report needs, for ``personas`` (default: every persona plus "all").

    ``comparison`` adds the cross-persona comparison (it needs the voice of "all", computed once
    whether or not "all" is among ``personas``). ``beside``: an executor of processes; the drivers
    (model fits over every user, independent of everything but the voice) are then fitted in one of
    them while this process goes on (the pass is one thread; on two cores the other core is free), and
    the earlier wave's side of the comparison (:func:`~.waves_drivers.previous_side`) before them;
    each persona is then finished (waves, drivers, tables) as soon as its own results exist.
    ``on_persona`` is called with each persona's finished results (the runner writes them and lets
    that persona render while the pass goes on)."""
    config = study.config
    chosen = list(dict.fromkeys(personas or [*config.persona_ids, ALL]))
    for persona in chosen:
        study.personas_in_scope(persona)          # InputError naming the allowed personas
    seconds: dict[str, float] = {}
    previous = None
    if beside is not None and config.previous is not None:   # the earlier wave needs nothing of this one
        from .waves_drivers import previous_side
        previous = beside.submit(previous_side, study, chosen)
    with _timed(seconds, "overview"):
        operations = overview.read_operations(study)     # each operations table read once per pass
    with _timed(seconds, "voice"):   # one clause pass over every unit, summarised per group
        voices = voc.analyse_voice_groups(study, chosen if ALL in chosen or not comparison else [*chosen, ALL])
    drivers = None
    if beside is not None:
        from .waves_drivers import drivers_for
        drivers = beside.submit(drivers_for, study, {p: voices[p] for p in chosen})
    behaviours: dict = {}
    if config.behaviour is not None:
        from ..behaviour import analyse_behaviour_groups
        with _timed(seconds, "behaviour"):   # one query per analysis, persona a group key
            behaviours = analyse_behaviour_groups(study, chosen)
    with _timed(seconds, "coding"):
        shared = study_coding(study)              # codebook and hand-coded highlights, read once
    timer = lambda name: _timed(seconds, name)   # noqa: E731
    from .waves_drivers import add_waves_and_drivers, drivers_beside, earlier_side, finish_persona
    results: dict[str, PersonaResults] = {}
    compared = None
    if beside is None:
        results = {p: _persona_results(study, p, seconds, operations, voices[p], behaviours.get(p), shared)
                   for p in chosen}
        compared = _compare_personas(study, voices, behaviours, seconds) if comparison else None
        # last: the earlier wave's events replace this study's opened events (one study open at a time)
        add_waves_and_drivers(study, results, timer)
        for result in results.values():
            if on_persona is not None:
                on_persona(result)
    else:   # each persona finished, and handed on, as soon as its results and the beside steps exist
        side = sections = None
        waiting: list[PersonaResults] = []

        def finish_waiting() -> None:
            nonlocal side, sections
            if side is None:
                side, sections = earlier_side(study, chosen, timer, previous), drivers_beside(timer, drivers)
            for result in waiting:
                finish_persona(study, result, side, sections, timer)
                results[result.persona] = result
                if on_persona is not None:
                    on_persona(result)
            waiting.clear()

        # "all" first: its report is the one most read, and the longest to render. While the process
        # beside is still busy, the next persona's results are computed instead of waiting for it.
        for p in sorted(chosen, key=lambda p: p != ALL):
            waiting.append(_persona_results(study, p, seconds, operations, voices[p], behaviours.get(p), shared))
            if all(future is None or future.done() for future in (previous, drivers)):
                finish_waiting()
        finish_waiting()
        results = {p: results[p] for p in chosen}
        compared = _compare_personas(study, voices, behaviours, seconds) if comparison else None
    return StudyResults(study=config.study, config=config, personas=results, comparison=compared, seconds=seconds)


def _compare_personas(study: Study, voices: dict, behaviours: dict, seconds: dict):
    from ..journeymap.comparison import compare_personas
    with _timed(seconds, "comparison"):
        return compare_personas(study, voice=voices[ALL], behaviours=behaviours)


def _persona_results(study: Study, persona: str, seconds: dict, operations: dict, voice, behaviour,
                     shared=None) -> PersonaResults:
    from ..journeymap import build_map
    from ..mismatch import find_mismatches
    from ..contract_tables import mismatches_frame
    config = study.config
    with _timed(seconds, "mismatches"):
        mismatches = find_mismatches(study, persona, voice=voice, operations=operations)
    with _timed(seconds, "themes"):
        themes = persona_themes(voice, config)
        coding = persona_coding(voice, shared or study_coding(study))
    with _timed(seconds, "journey_map"):
        jmap = build_map(config, persona, voice, behaviour, mismatches_frame(mismatches), themes=themes)
    with _timed(seconds, "overview"):
        scores = overview.score_summary(study, persona)
        samples = overview.evidence_table(study, persona, operations)
    reach = behaviour.reach if behaviour is not None else None
    result = PersonaResults(persona=persona, config=config, voice=voice, behaviour=behaviour,
                            mismatches=mismatches, journey_map=jmap, scores=scores, reach=reach,
                            samples=samples, themes=themes, coding=coding)
    result.tables = compute_tables(result)
    return result
