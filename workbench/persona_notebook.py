"""One persona's report: execute its assembled notebook once with papermill, then export the HTML.

This runs in the runner's worker processes, so it imports only what executing and exporting a
notebook needs (a worker is forked from a server process that has imported this module, not the
runner and the analysis it pulls in). Everything it needs from the study (the page title) comes as arguments.
"""
from __future__ import annotations

import base64
import time
from pathlib import Path

import nbformat
import papermill as pm
from jupyter_client.manager import AsyncKernelManager

from . import chapters as chapter_books
from . import kernel_fork, warm_kernel

# A persona's notebook that runs longer than this per cell (seconds) is stopped and reported as failed.
CELL_TIMEOUT_SECONDS = 1800
KERNEL = "python3"
# The kernel's own start-up notices (e.g. about its loopback TCP transport) are not findings; only
# its errors reach the terminal. Chapter errors are still caught and reported per persona.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]
# Output metadata key by which the map chapter marks its map (HTML for the report, PNG/SVG for slides).
MAP_OUTPUT_KEY = "journey_map"
# papermill by default rewrites the whole output notebook (serialised and schema-validated) when
# each cell starts and ends: 220 writes of a notebook that grows to ~4 MB of embedded figures, about
# 5 s of CPU per persona (cProfile of one demo-shop persona, half of the worker's CPU). The run
# reads the executed notebook only once it is finished, so it is written once, at the end (and
# still on a failing cell, so the failure is reported from the notebook).
SAVE_AFTER_EACH_CELL = False
# What a worker returns when the runner's analysis pass failed (nothing was executed).
ANALYSIS_FAILED = {"step": "analysis", "notebook": "(analysis)", "cell": None, "error": "the analysis pass failed"}


class QuietShutdownKernelManager(AsyncKernelManager):
    """A kernel manager whose shutdown does not interrupt the kernel first.

    jupyter_client's ``shutdown_kernel`` sends SIGINT before its shutdown request; a kernel that is
    idle in its event loop then logs "KeyboardInterrupt caught in kernel" at ERROR level, on every
    run, though nothing was interrupted. The notebook has finished when papermill shuts the kernel
    down, so the shutdown request alone (and the kill after its grace period) is enough. An
    interrupt asked for at any other time (a timed-out cell) is still sent.
    """

    async def _async_interrupt_kernel(self) -> None:
        if self.shutting_down:
            return
        await super()._async_interrupt_kernel()

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        """The kernel forked from this worker (:mod:`workbench.kernel_fork`), else launched as usual."""
        from jupyter_client.provisioning import LocalProvisioner
        pid = None
        if type(self.provisioner) is LocalProvisioner:
            pid = kernel_fork.launch(kernel_cmd, kw.get("env"), kw.get("cwd"), bool(kw.get("independent")))
        if pid is None:
            await super()._async_launch_kernel(kernel_cmd, **kw)
            return
        kernel_fork.adopt(self.provisioner, pid, kw.get("cwd"))
        self._reconcile_connection_info(self.provisioner.connection_info)


def run_persona(study_path: str, persona: str, chapters: list[str], build: str, extra: dict,
                title: str, subtitle: str, runner_pid: int | None = None) -> tuple[dict[str, float], dict | None]:
    """Execute the persona's assembled notebook once, keep each chapter's executed notebook, export.

    With ``runner_pid`` the worker was started before the analysis pass ended: it warms a kernel,
    waits for the runner's verdict (:mod:`workbench.warm_kernel`) and returns ``({}, ANALYSIS_FAILED)``
    without executing anything if the pass failed (the runner records that failure itself)."""
    build_dir = Path(build)
    names = [Path(c).stem for c in chapters]
    folder = build_dir / "notebooks" / persona
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / ".assembled.ipynb"
    assembled = chapter_books.assemble([Path(c) for c in chapters])
    nbformat.write(assembled, source)
    target = folder / ".executed.ipynb"
    cwd = str(Path(chapters[0]).parent)
    manager = None
    timings: dict[str, float] = {}
    if runner_pid is not None:
        start = time.time()
        if warm_kernel.said(build_dir) == warm_kernel.FAILED:
            return {}, ANALYSIS_FAILED
        manager = warm_kernel.start_warm(QuietShutdownKernelManager, KERNEL, cwd, KERNEL_ARGUMENTS,
                                         warm_kernel.imported_modules(assembled))
        timings["kernel"] = round(time.time() - start, 3)
        if not warm_kernel.wait_for_verdict(build_dir, runner_pid, persona):
            warm_kernel.stop(manager)
            source.unlink(missing_ok=True)
            return {}, ANALYSIS_FAILED
    start = time.time()
    failure = None
    executed = None
    try:
        executed = pm.execute_notebook(
            str(source), str(target), kernel_name=KERNEL, cwd=cwd,
            parameters={"study_path": study_path, "persona": persona, "bundle": str(build_dir / "bundle"), **extra},
            progress_bar=False, execution_timeout=CELL_TIMEOUT_SECONDS, log_output=False,
            request_save_on_cell_execute=SAVE_AFTER_EACH_CELL,
            extra_arguments=KERNEL_ARGUMENTS, kernel_manager_class=QuietShutdownKernelManager, km=manager)
    except pm.PapermillExecutionError as exc:
        failure = {"cell": exc.exec_count, "error": f"{exc.ename}: {exc.evalue}"}
    except Exception as exc:
        failure = {"notebook": "(notebook)", "cell": None, "error": f"{type(exc).__name__}: {exc}"}
    finally:   # papermill shuts down only a kernel it started; this one exits while the report is exported
        warm_kernel.request_stop(manager)
    if executed is None and target.is_file():   # a failed cell: papermill saved the notebook with its error
        executed = nbformat.read(target, as_version=4)
    if executed is not None:
        timings = {**chapter_books.chapter_seconds(executed, names), **timings}
        for name, nb in chapter_books.split(executed, names).items():
            nbformat.write(nb, folder / f"{name}.ipynb")
        if failure is not None and "notebook" not in failure:
            chapter = chapter_books.failed_chapter(executed)
            failure = {"step": chapter or "(notebook)", "notebook": f"{chapter}.ipynb" if chapter else "(notebook)",
                       **failure}
    source.unlink(missing_ok=True)
    target.unlink(missing_ok=True)
    timings["notebook"] = round(time.time() - start, 3)
    if failure is not None:
        failure.setdefault("step", "notebook")
        warm_kernel.stop(manager)
        return timings, failure
    start = time.time()
    try:
        export(persona, executed, build_dir, title, subtitle)
    except Exception as exc:
        failure = {"step": "export", "notebook": "(export)", "cell": None, "error": f"{type(exc).__name__}: {exc}"}
    timings["export"] = round(time.time() - start, 3)
    warm_kernel.stop(manager)
    return timings, failure


def export(persona: str, executed: nbformat.NotebookNode, build: Path, title: str, subtitle: str) -> None:
    """``<persona>.html`` (written atomically) and the map's PNG and SVG files beside it."""
    from .report.html import export_html, merge_chapters
    nav = '<nav class="wb-nav"><a href="index.html">&larr; All reports</a></nav>'
    page = export_html(merge_chapters([executed]), title, subtitle=subtitle, nav=nav)
    tmp = build / f".{persona}.html.tmp"
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(build / f"{persona}.html")
    write_map_files([executed], build, persona)


def write_map_files(executed: list[nbformat.NotebookNode], build: Path, persona: str) -> None:
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
