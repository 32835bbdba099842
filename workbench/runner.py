"""``workbench run``: every chapter notebook, once per persona and for everyone, in parallel.

The whole report folder is built in a fresh directory under ``<out>/.runs/`` and published by
atomically re-pointing the symlink ``<out>/<study>`` at it, so an interrupted or failed run never
leaves a half-written report and two runs of one study cannot interleave their files. Only this
module writes files.
"""
from __future__ import annotations

import base64
import json
import multiprocessing
import os
import shutil
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd
import papermill as pm
from tqdm.auto import tqdm

from . import manifest
from .exceptions import InputError, Problem, did_you_mean
from .report.html import export_html, merge_chapters
from .report.index import render_index
from .study import ALL, load_study
from .tables import TABLE_NAMES, compute_tables
from .validate import ensure_valid

# The parameters every chapter notebook declares in its one `parameters` cell.
PARAMETERS = ("study_path", "persona")
# A chapter that runs longer than this (seconds) is stopped and reported as failed.
CELL_TIMEOUT_SECONDS = 1800
KERNEL = "python3"
# The kernel's own start-up notices (e.g. about its loopback TCP transport) are not findings; only
# its errors reach the terminal. Chapter errors are still caught and reported per persona.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]
RUNS = ".runs"
# A build folder names the process building it, so a later run can tell a build abandoned by a
# killed run (owner gone) from one still in progress (owner alive), and remove only the former.
OWNER_FILE = ".owner"
# The cross-persona page, written once all personas' tasks are submitted (it needs no persona run).
COMPARISON = "comparison.html"
# Output metadata key by which the map chapter marks its map (HTML for the report, PNG/SVG for slides).
MAP_OUTPUT_KEY = "journey_map"


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


def default_notebooks_dir() -> Path:
    """The project's ``notebooks/`` folder (next to the package in a source checkout), else ./notebooks."""
    beside = Path(__file__).resolve().parents[1] / "notebooks"
    return beside if beside.is_dir() else Path.cwd() / "notebooks"


def chapter_notebooks(folder: Path) -> list[Path]:
    """The chapter notebooks in ``folder``, in name order, each checked for its parameters cell."""
    chapters = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not chapters:
        raise InputError(Problem(str(folder), "no chapter notebooks (*.ipynb) found"))
    problems = []
    for path in chapters:
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
        if len(tagged) != 1:
            problems.append(Problem(str(path), f"needs exactly one cell tagged 'parameters', found {len(tagged)}"))
            continue
        declared = {p for p in pm.inspect_notebook(str(path))}
        missing = [p for p in PARAMETERS if p not in declared]
        if missing:
            problems.append(Problem(str(path), f"parameters cell does not declare {', '.join(missing)}"))
    if problems:
        raise InputError(problems)
    return chapters


def resolve_personas(study_personas: list[str], requested: list[str] | None) -> list[str]:
    """``None`` or ``["all"]`` -> every persona plus ``all``; otherwise the named ids, checked."""
    if not requested or ALL in requested:
        return [*study_personas, ALL]
    problems = [Problem("--persona", f"'{p}' is not a persona of this study" + did_you_mean(p, [ALL, *study_personas]))
                for p in requested if p not in study_personas]
    if problems:
        raise InputError(problems)
    return list(dict.fromkeys(requested))


def check_parameters(chapters: list[Path], parameters: dict) -> None:
    """An injected parameter that a chapter does not declare is an error, not a silent no-op."""
    problems = []
    for path in chapters:
        declared = set(pm.inspect_notebook(str(path)))
        for name in parameters:
            if name not in declared:
                problems.append(Problem(str(path), f"unknown parameter '{name}'" + did_you_mean(name, declared)))
    if problems:
        raise InputError(problems)


def run_study(study_path: str | Path, personas: list[str] | None = None, out: str | Path = "reports",
              jobs: int | None = None, notebooks: str | Path | None = None, progress: bool = True,
              extra_parameters: dict | None = None) -> RunResult:
    """Validate, run every chapter per persona in parallel, publish the report folder atomically.

    Raises StudyInvalid (nothing run) for an invalid study; failures of single personas are recorded
    in the result and on the index page instead of stopping the others.
    """
    started = time.time()
    study_path = Path(study_path).resolve()
    warnings = ensure_valid(study_path)
    study = load_study(study_path)
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
    inputs = manifest.input_hashes(study_path)
    redaction = manifest.privacy_summary(study.audit, study.config.privacy.keep_names)
    runs = {p: PersonaRun(p) for p in chosen}
    side: dict[str, dict | None] = {}
    try:
        _execute_all(study_path, chosen, chapters, build, runs, jobs, progress, extra, side)
        for persona in chosen:
            _write_json(build / "data" / persona / "manifest.json", manifest.build(
                study=slug, persona=persona, parameters={"study_path": str(study_path), "persona": persona, **extra},
                inputs=inputs, timings=runs[persona].timings, status=runs[persona].status,
                failure=runs[persona].failure, chapters=[c.name for c in chapters],
                privacy=redaction))
        all_runs = _all_runs(build, study.config.persona_ids, runs)
        (build / "index.html").write_text(
            render_index(study, all_runs, warnings, time.time() - started,
                         mismatches=_read_mismatches(build, all_runs),
                         comparison=COMPARISON if (build / COMPARISON).is_file() else None,
                         comparison_failure=side.get("comparison")), encoding="utf-8")
        _publish(build, published)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return RunResult(study=slug, folder=published, runs=[runs[p] for p in chosen], warnings=warnings)


def _execute_all(study_path: Path, personas: list[str], chapters: list[Path], build: Path,
                 runs: dict[str, PersonaRun], jobs: int, progress: bool, extra: dict,
                 side: dict[str, dict | None] | None = None) -> None:
    """Tables and every chapter for every persona as separate tasks; export when a persona is done.
    The cross-persona comparison is one more task; its failure (if any) goes to ``side["comparison"]``."""
    pending: dict[Future, tuple[str, str]] = {}
    side = side if side is not None else {}
    left = {p: len(chapters) + 1 for p in personas}
    bar = tqdm(total=len(personas) * (len(chapters) + 2) + 1, desc="workbench run", unit="step",
               disable=not progress)
    context = multiprocessing.get_context("spawn")
    # A fresh worker per task: analyses of a large study leave DuckDB and pandas memory in a worker,
    # and recycling keeps the run's peak near one task's need per job instead of growing.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, max_tasks_per_child=1) as pool:
        pending[pool.submit(_comparison_task, str(study_path), str(build))] = ("", "comparison")
        for persona in personas:
            pending[pool.submit(_tables_task, str(study_path), persona, str(build))] = (persona, "tables")
            for path in chapters:
                pending[pool.submit(_chapter_task, str(study_path), persona, str(path), str(build), extra)] = (
                    persona, path.stem)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                persona, step = pending.pop(future)
                seconds, failure = future.result()
                if step == "comparison":
                    side["comparison"] = failure
                    bar.update(1)
                    continue
                run = runs[persona]
                run.timings[step] = round(seconds, 3)
                if failure and run.failure is None:
                    run.failure = {"step": step, **failure}
                bar.update(1)
                bar.set_postfix_str(f"{persona}: {step}")
                if step == "export":
                    run.status = "failed" if run.failure else "ok"
                    run.report = None if run.failure else f"{persona}.html"
                    continue
                left[persona] -= 1
                if left[persona] == 0:
                    if run.failure:
                        run.status = "failed"
                        bar.update(1)
                    else:
                        titles = [c.stem for c in chapters]
                        pending[pool.submit(_export_task, str(study_path), persona, titles, str(build))] = (
                            persona, "export")
    bar.close()


def _tables_task(study_path: str, persona: str, build: str) -> tuple[float, dict | None]:
    start = time.time()
    try:
        tables = compute_tables(load_study(study_path), persona)
        folder = Path(build) / "data" / persona
        folder.mkdir(parents=True, exist_ok=True)
        for name in TABLE_NAMES:
            tables[name].to_csv(folder / f"{name}.csv", index=False)
    except Exception as exc:  # reported on the index page; the other personas go on
        return time.time() - start, {"notebook": "(tables)", "cell": None, "error": f"{type(exc).__name__}: {exc}"}
    return time.time() - start, None


def _chapter_task(study_path: str, persona: str, notebook: str, build: str, extra: dict) -> tuple[float, dict | None]:
    start = time.time()
    target = Path(build) / "notebooks" / persona / Path(notebook).name
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        pm.execute_notebook(notebook, str(target), parameters={"study_path": study_path, "persona": persona, **extra},
                            kernel_name=KERNEL, cwd=str(Path(notebook).parent), progress_bar=False,
                            execution_timeout=CELL_TIMEOUT_SECONDS, log_output=False,
                            extra_arguments=KERNEL_ARGUMENTS)
    except pm.PapermillExecutionError as exc:
        return time.time() - start, {"notebook": Path(notebook).name, "cell": exc.exec_count,
                                     "error": f"{exc.ename}: {exc.evalue}"}
    except Exception as exc:
        return time.time() - start, {"notebook": Path(notebook).name, "cell": None,
                                     "error": f"{type(exc).__name__}: {exc}"}
    return time.time() - start, None


def _export_task(study_path: str, persona: str, chapters: list[str], build: str) -> tuple[float, dict | None]:
    start = time.time()
    try:
        study = load_study(study_path)
        folder = Path(build) / "notebooks" / persona
        executed = [nbformat.read(folder / f"{name}.ipynb", as_version=4) for name in chapters]
        label = "Everyone" if persona == ALL else study.config.persona(persona).label
        nav = '<nav class="wb-nav"><a href="index.html">&larr; All reports</a></nav>'
        page = export_html(merge_chapters(executed), f"{study.config.title}: {label}",
                           subtitle=f"Findings for {label.lower()} · study '{study.config.study}'", nav=nav)
        tmp = Path(build) / f".{persona}.html.tmp"
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(Path(build) / f"{persona}.html")
        _write_map_files(executed, Path(build), persona)
    except Exception as exc:
        return time.time() - start, {"notebook": "(export)", "cell": None, "error": f"{type(exc).__name__}: {exc}"}
    return time.time() - start, None


def _write_map_files(executed: list[nbformat.NotebookNode], build: Path, persona: str) -> None:
    """``<persona>-map.png`` and ``.svg`` beside the report, from the map chapter's marked output."""
    for nb in executed:
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                if MAP_OUTPUT_KEY not in output.get("metadata", {}).get("workbench", {}):
                    continue
                data = output.get("data", {})
                if "image/png" in data:
                    (build / f"{persona}-map.png").write_bytes(base64.b64decode(data["image/png"]))
                if "image/svg+xml" in data:
                    svg = data["image/svg+xml"]
                    (build / f"{persona}-map.svg").write_text("".join(svg) if isinstance(svg, list) else svg,
                                                            encoding="utf-8")
                return


def _comparison_task(study_path: str, build: str) -> tuple[float, dict | None]:
    start = time.time()
    try:
        from .journeymap.comparison import compare_personas, comparison_page
        study = load_study(study_path)
        text = comparison_page(study, compare_personas(study))
        tmp = Path(build) / f".{COMPARISON}.tmp"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(Path(build) / COMPARISON)
    except Exception as exc:  # shown on the index page; the persona reports are unaffected
        return time.time() - start, {"notebook": "(comparison)", "cell": None, "error": f"{type(exc).__name__}: {exc}"}
    return time.time() - start, None


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
