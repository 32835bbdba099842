"""``workbench run``: one analysis pass, then one notebook per persona, personas in parallel.

The analysis pass (:func:`workbench.analysis.analyse_study`) computes every result of every
persona once and writes the results bundle into the build folder; ``data/<persona>/*.csv`` and the
cross-persona page are written from it. Then, per persona, the chapter notebooks are assembled into
one notebook (:mod:`workbench.chapters`) and papermill executes it once; its cells only load the
bundle and render. The whole report folder is built in a fresh directory under ``<out>/.runs/``
and published by atomically re-pointing the symlink ``<out>/<study>`` at it, so an interrupted or
failed run never leaves a half-written report and two runs of one study cannot interleave their
files. Only this module writes report files.
"""
from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from . import manifest, warm_kernel
from .worker_server import KERNEL_PRELOAD, WORKER_PRELOAD  # noqa: F401  (named by tests and docs)
from .worker_server import context as _worker_context, start as _start_worker_server
from .chapters import PARAMETERS, check_parameters, chapter_notebooks, default_notebooks_dir
from .persona_notebook import run_persona
from .exceptions import InputError, Problem, did_you_mean
from .report.index import render_index
from .study import ALL
from .validate import load_valid_study

RUNS = ".runs"
# A build folder names the process building it, so a later run can tell a build abandoned by a
# killed run (owner gone) from one still in progress (owner alive), and remove only the former.
OWNER_FILE = ".owner"
# The cross-persona page, written from the analysis pass's comparison.
COMPARISON = "comparison.html"
# The results bundle inside the build folder.
BUNDLE = "bundle"
# The workers' server and what it preloads: workbench.worker_server.
# Up to this many users the persona workers start while the analysis pass runs, each warming its
# kernel (workbench.warm_kernel): on the demo (~10k users) a kernel's start and imports were ~3 s of
# a persona's ~6.5 s. A warm kernel holds ~0.33 GB and a worker ~0.12 GB; at 1M users the pass alone
# peaks at ~1.7 GB (benchmarks/run_memory.py, 10M events), so two warm kernels beside it took the
# run to 2.8 GB, over the 2.5 GB target, for a saving of ~3 s in a ~40 s run. Larger studies start
# their workers after the pass. The same bound decides whether the drivers are fitted in a process
# beside the pass (a second copy of the study and its opened events).
WARM_KERNELS_MAX_USERS = 250_000
# ...and whose behaviour files hold at most this many bytes on disk. users.csv alone does not tell a
# study's size: a study without one (benchmarks/run_memory.py's 10M events, 1M users) counted as
# small, and the process beside the pass (its own copy of the opened events, 0.95 GB) and two warm
# kernels took the run to 2.69 GB (PSS). The demo's events are 5.2 MB of parquet (~8 bytes an event;
# CSV takes ~60), so 32 MiB keeps every small study on the fast path.
WARM_KERNELS_MAX_EVENT_BYTES = 32 * 2 ** 20


@dataclass
class PersonaRun:
    persona: str
    status: str = "pending"          # ok | failed
    report: str | None = None        # file name of the HTML report, relative to the study folder
    failure: dict | None = None      # notebook, cell, error
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class RunResult:
    study: str
    folder: Path                     # <out>/<study>, the published folder
    runs: list[PersonaRun]
    warnings: list[Problem]

    @property
    def exit_code(self) -> int:
        return 0 if all(r.status == "ok" for r in self.runs) else 1


def resolve_personas(study_personas: list[str], requested: list[str] | None) -> list[str]:
    """``None`` or ``["all"]`` -> every persona plus ``all``; otherwise the named ids, checked."""
    if not requested or ALL in requested:
        return [*study_personas, ALL]
    problems = [Problem("--persona", f"'{p}' is not a persona of this study" + did_you_mean(p, [ALL, *study_personas]))
                for p in requested if p not in study_personas]
    if problems:
        raise InputError(problems)
    return list(dict.fromkeys(requested))


def run_study(study_path: str | Path, personas: list[str] | None = None, out: str | Path = "reports",
              jobs: int | None = None, notebooks: str | Path | None = None, progress: bool = True,
              extra_parameters: dict | None = None) -> RunResult:
    """Validate, analyse once, run each persona's notebook in parallel, publish the folder atomically.

    Raises StudyInvalid (nothing run) for an invalid study; failures of single personas are recorded
    in the result and on the index page instead of stopping the others.
    """
    started = time.time()
    study_path = Path(study_path).resolve()
    _start_worker_server()
    study = load_valid_study(study_path)   # one load; every warning (with what it left out) on it
    warnings = study.warnings
    chosen = resolve_personas(study.config.persona_ids, personas)
    chapters = chapter_notebooks(Path(notebooks) if notebooks else default_notebooks_dir())
    extra = dict(extra_parameters or {})
    check_parameters(chapters, {**{p: None for p in PARAMETERS}, **extra})
    jobs = max(1, jobs or os.cpu_count() or 1)

    out = Path(out).resolve()
    slug = study.config.study
    build = out / RUNS / f"{slug}-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    _remove_abandoned_builds(out / RUNS, slug)
    build.mkdir(parents=True)
    (build / OWNER_FILE).write_text(str(os.getpid()), encoding="utf-8")
    published = out / slug
    _carry_over(published, build, keep=[p for p in [*study.config.persona_ids, ALL] if p not in chosen])
    inputs = manifest.input_hashes(study_path, study.provenance.shown if study.provenance else None)
    redaction = manifest.privacy_summary(study.audit, study.config.privacy.keep_names)
    runs = {p: PersonaRun(p) for p in chosen}
    side: dict[str, dict | None] = {}
    try:
        _execute_all(study, study_path, chosen, chapters, build, runs, jobs, progress, extra, side)
        for persona in chosen:
            _write_json(build / "data" / persona / "manifest.json", manifest.build(
                study=slug, persona=persona,
                parameters={"study_path": str(study_path), "persona": persona, "bundle": str(build / BUNDLE), **extra},
                inputs=inputs, timings=runs[persona].timings, status=runs[persona].status,
                failure=runs[persona].failure, chapters=[c.name for c in chapters],
                privacy=redaction))
        all_runs = _all_runs(build, study.config.persona_ids, runs)
        (build / "index.html").write_text(
            render_index(study, all_runs, warnings, time.time() - started,
                         samples=_sample_sizes(study, side.get("samples") or {}, [r.persona for r in all_runs]),
                         mismatches=_read_mismatches(build, all_runs),
                         comparison=COMPARISON if (build / COMPARISON).is_file() else None,
                         comparison_failure=side.get("comparison")), encoding="utf-8")
        _publish(build, published)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return RunResult(study=slug, folder=published, runs=[runs[p] for p in chosen], warnings=warnings)


def _execute_all(study, study_path: Path, personas: list[str], chapters: list[Path], build: Path,
                 runs: dict[str, PersonaRun], jobs: int, progress: bool, extra: dict,
                 side: dict[str, dict | None] | None = None) -> None:
    """Every persona's worker starts (and warms a kernel) while the analysis pass runs and writes its
    bundle, the tables and the comparison page. A persona takes a render turn (executes and exports
    its notebook) once the pass has written its results, ``jobs`` at a time, during the pass as after
    it, each turn handed on as another persona finishes. The comparison page's failure goes to
    ``side["comparison"]``."""
    side = side if side is not None else {}
    bar = tqdm(total=len(personas) + 1, desc="workbench run", unit="step", disable=not progress)
    bar.set_postfix_str("analysis")
    books = [c.stem for c in chapters]
    context = _worker_context()
    early = _small(study)
    # A fresh worker per persona: a kernel's client leaves memory behind; recycling bounds the peak.
    workers = len(personas) if early else min(jobs, len(personas))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, max_tasks_per_child=1) as pool:
        def submit() -> dict[Future, str]:
            return {pool.submit(run_persona, str(study_path), persona, [str(c) for c in chapters], str(build), extra,
                                *_page_title(study, persona), os.getpid() if early else None): persona
                    for persona in personas}
        pending = submit() if early else {}
        future_of = {persona: future for future, persona in pending.items()}
        ready: list[str] = []       # personas whose results are written, waiting for a render turn
        rendering: list[str] = []   # personas given a turn

        def grant(limit: int) -> None:
            """Render turns, in the order the personas became ready, up to ``limit`` at once."""
            while ready and sum(not future_of[p].done() for p in rendering) < limit:
                persona = ready.pop(0)
                warm_kernel.grant_turn(build, persona)
                rendering.append(persona)

        def finished(persona: str) -> None:
            """The pass has written ``persona``'s results: it may render now, beside the pass (the run is
            CPU-bound; ``jobs`` renders beside the pass left fewer to render alone after it)."""
            if early:
                ready.append(persona)
                grant(jobs)

        start = time.time()
        verdict = warm_kernel.FAILED
        try:
            bundle, side["samples"] = _analyse(study, personas, build, context if early else None, finished)
            verdict = warm_kernel.OK
        except Exception as exc:  # every persona fails with the same located error; the index says so
            failure = {"step": "analysis", "notebook": "(analysis)", "cell": None, "error": f"{type(exc).__name__}: {exc}"}
            for run in runs.values():
                run.status, run.failure = "failed", failure
            side["comparison"] = failure
        finally:   # the waiting workers render, or stop, on this word
            warm_kernel.announce(build, verdict)
        if verdict != warm_kernel.OK:
            for future in pending:   # workers not started yet never start; the started ones stop
                future.cancel()
            wait(pending)
            for persona in rendering:   # a persona rendered during the pass fails with the others
                _remove_report(build, persona)
            warm_kernel.clear_turns(build)
            bar.close()
            return
        analysis_seconds = round(time.time() - start, 3)
        _release_events()
        bar.update(1)
        pending = pending or submit()
        grant(jobs)
        # the cross-persona page (0.7 s of CPU on the demo) is drawn while the workers render
        side["comparison"] = _write_comparison(study, bundle, build)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            grant(jobs)
            for future in done:
                persona = pending.pop(future)
                timings, failure = future.result()
                run = runs[persona]
                run.timings = {"analysis": analysis_seconds, **{k: v for k, v in timings.items() if k in books},
                               **{k: v for k, v in timings.items() if k not in books}}
                run.failure = failure
                run.status = "failed" if failure else "ok"
                run.report = None if failure else f"{persona}.html"
                bar.update(1)
                bar.set_postfix_str(f"{persona}: {run.status}")
    warm_kernel.clear_turns(build)
    bar.close()


def _small(study) -> bool:
    """Whether the study is small enough for the warm kernels and the process beside the pass
    (:data:`WARM_KERNELS_MAX_USERS`, :data:`WARM_KERNELS_MAX_EVENT_BYTES`)."""
    from .behaviour.files import resolve_files
    config = study.config
    files = resolve_files(Path(config.root), config.behaviour.files) if config.behaviour is not None else []
    return (len(study.users) <= WARM_KERNELS_MAX_USERS
            and sum(path.stat().st_size for path in files) <= WARM_KERNELS_MAX_EVENT_BYTES)


def _remove_report(build: Path, persona: str) -> None:
    """A persona's report files (its page, map files and executed notebooks) out of the build."""
    for path in [build / f"{persona}.html", build / f"{persona}-map.png", build / f"{persona}-map.svg"]:
        path.unlink(missing_ok=True)
    shutil.rmtree(build / "notebooks" / persona, ignore_errors=True)


def _release_events() -> None:
    """The pass is done: the opened events are not needed while the notebooks render (they read the
    bundle), and on a 10M-event study they held 0.8 GB of the run's peak memory."""
    import gc
    from .behaviour.population import close_opened
    close_opened()
    gc.collect()


def _page_title(study, persona: str) -> tuple[str, str]:
    """A persona report's title and subtitle (computed here, so a worker need not load the study)."""
    config = study.config
    label = "Everyone" if persona == ALL else config.persona(persona).label
    return f"{config.title}: {label}", f"Findings for {label.lower()} · study '{config.study}'"


def _analyse(study, personas: list[str], build: Path, context=None, ready=None) -> tuple[Path, dict[str, pd.DataFrame]]:
    """The one analysis pass; its bundle and the contract's CSV files (written from the bundle), and
    each persona's sample sizes (for the index page). With a multiprocessing ``context`` (small
    studies, :func:`_small`) the drivers are fitted in a process beside the pass. Each persona's
    part of the bundle and its CSV files are written as soon as the pass has finished that persona;
    then ``ready(persona)`` is called (the runner lets it render)."""
    from .analysis import analyse_study, write_csvs
    from .analysis.bundle import write_persona, write_study
    from .analysis.themes_pass import qdpx_inputs
    from .qdpx import write_qdpx
    folder = build / BUNDLE

    def finished(result) -> None:
        write_persona(folder, result)
        write_csvs(folder, result.persona, build / "data" / result.persona)
        if ready is not None:
            ready(result.persona)

    if context is None:
        results = analyse_study(study, personas, on_persona=finished)
    else:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as beside:
            results = analyse_study(study, personas, beside=beside, on_persona=finished)
    bundle = write_study(results, folder)
    # The REFI-QDA project of the whole study (QDA tools), once per run: <out>/<study>/<study>.qdpx
    write_qdpx(study, *qdpx_inputs(study, results), build / f"{results.study}.qdpx")
    return bundle, {p: r.samples for p, r in results.personas.items()}


def _sample_sizes(study, samples: dict[str, pd.DataFrame], personas: list[str]) -> dict[str, pd.DataFrame]:
    """Every listed persona's sample sizes, and everyone's: from the analysis pass, or computed for a
    persona this run did not analyse (a report carried over from an earlier run, or ``all``)."""
    from .overview import sample_sizes
    out = {}
    for persona in dict.fromkeys([*personas, ALL]):
        out[persona] = samples[persona] if persona in samples else sample_sizes(study, persona)
    return out


def _write_comparison(study, bundle: Path, build: Path) -> dict | None:
    try:
        from .analysis.bundle import load_comparison
        from .report.chapters.comparison import comparison_page
        comparison = load_comparison(bundle)
        if comparison is None:
            return None
        tmp = build / f".{COMPARISON}.tmp"
        tmp.write_text(comparison_page(study, comparison), encoding="utf-8")
        tmp.replace(build / COMPARISON)
    except Exception as exc:  # shown on the index page; the persona reports are unaffected
        return {"notebook": "(comparison)", "cell": None, "error": f"{type(exc).__name__}: {exc}"}
    return None


def _read_mismatches(build: Path, runs: list[PersonaRun]) -> pd.DataFrame:
    """Every persona's mismatches.csv, with a persona column (the index ranks them across personas)."""
    frames = []
    for run in runs:
        path = build / "data" / run.persona / "mismatches.csv"
        if path.is_file() and path.stat().st_size:
            try:
                frame = pd.read_csv(path)
            except pd.errors.EmptyDataError:
                continue
            frames.append(frame.assign(persona=run.persona))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=False, default=str), encoding="utf-8")


def _carry_over(published: Path, build: Path, keep: list[str]) -> None:
    """Copy the reports of personas not in this run from the published folder, so they stay linked."""
    if not published.exists():
        return
    for persona in keep:
        for name in (f"{persona}.html", f"{persona}-map.png", f"{persona}-map.svg"):
            if (published / name).exists():
                shutil.copy2(published / name, build / name)
        for sub in ("data", "notebooks"):
            if (published / sub / persona).is_dir():
                shutil.copytree(published / sub / persona, build / sub / persona)


def _all_runs(build: Path, personas: list[str], runs: dict[str, PersonaRun]) -> list[PersonaRun]:
    """This run's personas, plus carried-over ones read back from their manifests."""
    result = []
    for persona in [*personas, ALL]:
        if persona in runs:
            result.append(runs[persona])
            continue
        saved = build / "data" / persona / "manifest.json"
        if saved.exists():
            data = json.loads(saved.read_text(encoding="utf-8"))
            result.append(PersonaRun(persona, status=data.get("status", "ok"),
                                     report=f"{persona}.html" if (build / f"{persona}.html").exists() else None,
                                     failure=data.get("failure"), timings=data.get("timings_seconds", {})))
    return result


def _remove_abandoned_builds(runs: Path, slug: str) -> None:
    """Delete build folders of this study whose run was killed (not published, owner not alive)."""
    if not runs.is_dir():
        return
    published = (runs.parent / slug).resolve() if (runs.parent / slug).is_symlink() else None
    for folder in runs.glob(f"{slug}-*"):
        owner = folder / OWNER_FILE
        if not folder.is_dir() or folder.resolve() == published or not owner.exists():
            continue
        try:
            os.kill(int(owner.read_text(encoding="utf-8").strip() or 0), 0)
        except (ProcessLookupError, ValueError):
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:  # alive, owned by someone else
            continue


def _publish(build: Path, published: Path) -> None:
    """Point ``published`` at ``build`` in one atomic rename; remove the run it replaced."""
    previous = published.resolve() if published.is_symlink() else None
    if published.exists() and not published.is_symlink():
        # A real folder from elsewhere: move it into .runs so the swap below can be atomic.
        published.rename(build.parent / f"{published.name}-previous-{uuid.uuid4().hex[:8]}")
    (build / OWNER_FILE).unlink(missing_ok=True)  # published: no longer anyone's build in progress
    link = published.parent / f".{published.name}.{uuid.uuid4().hex[:8]}.link"
    link.symlink_to(os.path.relpath(build, published.parent))
    os.replace(link, published)
    if previous is not None and previous != build.resolve() and previous.parent == build.parent:
        shutil.rmtree(previous, ignore_errors=True)
