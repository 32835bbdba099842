"""Each analysis runs once per study run: the runner's pass computes, the chapters only load."""
from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import nbformat
import pytest

import workbench.behaviour
import workbench.behaviour.per_user_facts
import workbench.behaviour.paths
import workbench.journeymap
import workbench.journeymap.comparison
import workbench.mismatch
import workbench.voc
import workbench.voc.clauses
from workbench import runner
from workbench.analysis import TABLES, analyse_study, load_bundle, write_bundle
from workbench.study import load_study

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "tests" / "fixtures" / "tiny-study"
# What the chapters must never call: every analysis entry point.
ANALYSES = {"voice": (workbench.voc, "analyse_voice_groups"),
            "behaviour": (workbench.behaviour, "analyse_behaviour_groups"),
            # the clause pipeline (segmentation, sentiment, tagging), the per-user facts and the
            # window over every event: the expensive steps inside voice and behaviour
            "clause_pipeline": (workbench.voc.clauses.ClausePipeline, "run"),
            "user_facts_build": (workbench.behaviour.per_user_facts, "_build"),
            "event_window": (workbench.behaviour.paths, "sequenced"),
            "mismatches": (workbench.mismatch, "find_mismatches"), "journey_map": (workbench.journeymap, "build_map"),
            "comparison": (workbench.journeymap.comparison, "compare_personas")}
COMPUTING_NAMES = {"analyse_voice", "analyse_voice_groups", "analyse_units", "analyse_behaviour",
                   "analyse_behaviour_groups", "find_mismatches", "analyse_mismatches",
                   "journey_map", "build_map", "compare_personas", "score_summary", "sample_sizes", "evidence_table",
                   "stage_reach", "load_study", "load_valid_study", "analyse_study", "compute_tables"}


@pytest.fixture
def counted(monkeypatch):
    calls = Counter()
    for name, (module, attr) in ANALYSES.items():
        real = getattr(module, attr)

        def wrapper(*args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)
        monkeypatch.setattr(module, attr, wrapper)
    return calls


def test_a_run_analyses_each_persona_once_and_the_chapters_compute_nothing(counted, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("WORKBENCH_CACHE", str(cache))   # a chapter that computed would fill this
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('study_path = "."\npersona = "all"\nbundle = None')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(
        "from workbench.analysis import load_results\nr = load_results(study_path, persona, bundle)\n"
        "print(r.persona, len(r.voice.clauses))")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, notebooks / "01_load.ipynb")
    result = runner.run_study(TINY, personas=["saver", "rusher", "all"], out=tmp_path / "out", jobs=2,
                              notebooks=notebooks, progress=False)
    assert result.exit_code == 0, [r.failure for r in result.runs]
    # voice and behaviour once for every persona group together (one clause pass, one per-user facts
    # table, one window over the events); mismatches and the map once per group (saver, rusher, all);
    # the comparison reuses the voice of "all"
    assert counted == Counter(voice=1, behaviour=1, clause_pipeline=1, user_facts_build=1, event_window=1,
                              mismatches=3, journey_map=3, comparison=1)
    assert not cache.exists() or not any(cache.iterdir())
    # the pass's opened events are closed before the notebooks render (they read the bundle)
    from workbench.behaviour import population
    assert population._OPENED == {}


def test_the_chapters_call_no_analysis():
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            called = [n.func for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Call)]
            names = {f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "") for f in called}
            assert not names & COMPUTING_NAMES, (path.name, names & COMPUTING_NAMES)


def test_a_chapter_opened_by_hand_computes_once_then_loads_from_the_cache(tmp_path, monkeypatch, counted):
    from workbench.analysis import load_results
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path / "cache"))
    first = load_results(TINY, "saver")
    assert counted["voice"] == 1 and counted["clause_pipeline"] == 1
    second = load_results(TINY, "rusher")
    assert counted["voice"] == 1 and first.persona == "saver" and second.persona == "rusher"
    assert not any(p.is_relative_to(TINY) for p in (tmp_path / "cache").rglob("*"))


def test_bundle_round_trip_keeps_every_table(tmp_path):
    results = analyse_study(load_study(TINY), ["saver"], comparison=False)
    folder = write_bundle(results, tmp_path / "bundle")
    back = load_bundle(folder, "saver")
    assert list(back.tables) == list(TABLES) == ["mismatches", "phrases", "touchpoints", "funnel", "stage_order",
                                                  "changes", "drivers", "risk", "themes", "codes",
                                                  "code_cooccurrence"]
    for name in TABLES:
        assert (folder / "saver" / f"{name}.parquet").is_file()


def test_drivers_fitted_beside_the_pass_equal_those_fitted_in_it():
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    inline = analyse_study(load_study(TINY))
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as beside:
        parallel = analyse_study(load_study(TINY), beside=beside)
    assert "drivers_wait" in parallel.seconds and "drivers" not in parallel.seconds
    for persona, result in inline.personas.items():
        for name in ("drivers", "risk"):
            assert result.tables[name].equals(parallel.personas[persona].tables[name]), (persona, name)
        assert result.drivers.notes == parallel.personas[persona].drivers.notes


@pytest.mark.parametrize("with_beside", [False, True])
def test_each_persona_is_handed_on_finished(with_beside):
    """on_persona gets every persona once, with every table, its waves and its drivers; beside the
    pass (the runner's small-study path) "all" comes first and each is handed on as it finishes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    seen = []

    def finished(result):
        seen.append((result.persona, list(result.tables), result.waves is not None, result.drivers is not None))

    study = load_study(TINY)
    if with_beside:
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as beside:
            results = analyse_study(study, beside=beside, on_persona=finished)
    else:
        results = analyse_study(study, on_persona=finished)
    chosen = [*study.config.persona_ids, "all"]
    assert list(results.personas) == chosen
    assert [s[0] for s in seen] == (["all", *study.config.persona_ids] if with_beside else chosen)
    assert all(tables == list(TABLES) and waves and drivers for _, tables, waves, drivers in seen)
