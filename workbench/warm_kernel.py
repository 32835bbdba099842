"""A persona's kernel, started and warmed while the analysis pass runs.

The pass is one Python thread; on a two-core machine the second core waits for it. A persona worker
starts its kernel at once, imports in it what the chapters import (silently: nothing enters the
notebook or its history) and then waits for the runner's verdict on the pass, a small file in the
build folder. papermill then executes the notebook in that kernel instead of starting one (on the
demo a kernel's start and imports were about 3 s of a persona's 6.5 s).

Every persona's worker starts and warms its kernel during the pass (the second core is otherwise
idle while the pass runs), but at most ``jobs`` of them render at once: the runner hands out render
turns (:func:`grant_turn`), one more each time a persona finishes, so rendering never runs more
processes than there are cores.

The runner writes the verdict (:func:`announce`) whether the pass succeeded or not, so a waiting
worker never outlives it; a worker also stops waiting when the runner's process or the build folder
is gone (a killed run).
"""
from __future__ import annotations

import ast
import os
import time
from pathlib import Path

import nbformat
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_core.utils import run_sync

from .worker_server import RESULT_MODULES

# The runner's verdict on the analysis pass, in the build folder: "ok" or "failed".
VERDICT_FILE = ".analysis-verdict"
# A persona's render turn, in the build folder (its name ends with the persona id).
TURN_PREFIX = ".render-turn-"
OK, FAILED = "ok", "failed"
# How often a waiting worker looks for the verdict (seconds).
POLL_SECONDS = 0.05
# Niceness of a worker started during the pass, inherited by its kernel: the warm-ups (a kernel's
# start and imports, ~18 s of CPU for the demo's four personas) then take the core the one-thread
# pass leaves idle instead of half of the pass's (seen: the pass got 40% of a core while four
# kernels warmed). A process cannot lower its niceness again, so the persona also renders at it;
# by then the pass is over and the run's own processes no longer compete. Linux with autogroup
# scheduling shares the CPU between sessions before niceness counts, and jupyter_client starts each
# kernel in a session of its own, so the kernel's session gets the niceness too
# (/proc/<pid>/autogroup, sched(7)).
WARM_NICENESS = 10
# Seconds for the kernel to answer before the warm-up is given up (papermill then starts its own).
START_TIMEOUT_SECONDS = 60


def announce(build: Path, verdict: str) -> None:
    """Tell the waiting workers how the pass ended (written atomically)."""
    tmp = build / f"{VERDICT_FILE}.tmp"
    tmp.write_text(verdict, encoding="utf-8")
    tmp.replace(build / VERDICT_FILE)


def said(build: Path) -> str | None:
    """The runner's verdict, or None while the pass runs."""
    try:
        return (build / VERDICT_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


def grant_turn(build: Path, persona: str) -> None:
    """Let ``persona``'s worker render (after an ``ok`` verdict)."""
    (build / f"{TURN_PREFIX}{persona}").touch()


def wait_for_verdict(build: Path, runner_pid: int, persona: str | None = None) -> bool:
    """True once ``persona``'s render turn is granted (the runner grants it when the pass has written
    that persona's results, possibly before the pass ends) or, without ``persona``, once the pass
    succeeded; False if the pass failed or the runner is gone."""
    turn = build / f"{TURN_PREFIX}{persona}" if persona is not None else None
    while True:
        verdict = said(build)
        if verdict is not None and verdict != OK:
            return False
        if (turn is not None and turn.exists()) or (turn is None and verdict == OK):
            return True
        if not build.is_dir() or not _alive(runner_pid):
            return False
        time.sleep(POLL_SECONDS)


def clear_turns(build: Path) -> None:
    """Remove the verdict and the turn files (they are not part of the published report)."""
    for path in [build / VERDICT_FILE, *build.glob(f"{TURN_PREFIX}*")]:
        path.unlink(missing_ok=True)


def imported_modules(nb: nbformat.NotebookNode) -> list[str]:
    """Every module the notebook's code cells import at their top level, then :data:`RESULT_MODULES`
    (``from a.b import c`` gives ``a.b`` and ``a.b.c``, which is tried and skipped if not a module)."""
    found: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:   # the cell itself will report it when it runs
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                found += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return list(dict.fromkeys([*found, *RESULT_MODULES]))


def warm_up_code(modules: list[str]) -> str:
    """Code that imports ``modules`` without binding a name in the notebook's namespace."""
    return ("def _wb_warm(names):\n"
            "    import importlib\n"
            "    for name in names:\n"
            "        try:\n"
            "            importlib.import_module(name)\n"
            "        except ImportError:\n"
            "            pass\n"
            f"_wb_warm({modules!r})\n"
            "del _wb_warm\n")


def start_warm(manager_class, kernel_name: str, cwd: str, arguments: list[str], modules: list[str]):
    """A started kernel manager whose kernel has imported ``modules``; None if that failed (papermill
    then starts a kernel itself, as it did before). The calling worker, and so its kernel, first
    yields to the pass (:data:`WARM_NICENESS`)."""
    try:
        os.nice(WARM_NICENESS)
    except OSError:     # not allowed here: the warm-up competes with the pass as before
        pass
    manager = manager_class(kernel_name=kernel_name)
    try:
        run_sync(manager.start_kernel)(cwd=cwd, extra_arguments=list(arguments))
        _nice_session(getattr(manager.provisioner, "pid", None))
        # the manager, not the heartbeat, says whether the kernel lives: a kernel yielding to the
        # pass can miss heartbeats and was then taken for dead ("Kernel died before replying")
        client = BlockingKernelClient(parent=manager)
        client.load_connection_info(manager.get_connection_info())
        client.start_channels(hb=False)
        try:
            client.wait_for_ready(timeout=START_TIMEOUT_SECONDS)
            client.execute_interactive(warm_up_code(modules), silent=True, store_history=False,
                                       timeout=START_TIMEOUT_SECONDS)
        finally:
            client.stop_channels()
    except Exception:
        stop(manager)
        return None
    return manager


def request_stop(manager) -> None:
    """Ask the kernel to shut down without waiting for it (it exits while the report is exported)."""
    if manager is None:
        return
    try:
        manager.shutting_down = True   # no interrupt first (see QuietShutdownKernelManager)
        manager.stop_restarter()
        run_sync(manager.request_shutdown)()
    except Exception:
        pass


def stop(manager) -> None:
    """Shut the kernel down: the request (if not sent yet), the wait, a kill after the grace period."""
    if manager is None:
        return
    try:
        if not manager.shutting_down:
            request_stop(manager)
        run_sync(manager.finish_shutdown)()
        run_sync(manager.cleanup_resources)()
    except Exception:
        pass


def _nice_session(pid: int | None) -> None:
    """Give the kernel's session (its autogroup, where Linux has them) :data:`WARM_NICENESS`; never
    this process's own session (that would slow the runner's pass too)."""
    if pid is None:
        return
    try:
        if os.getsid(pid) == os.getsid(0):
            return
        Path(f"/proc/{pid}/autogroup").write_text(str(WARM_NICENESS), encoding="ascii")
    except OSError:     # no autogroups here (or not allowed): the process's own niceness holds
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
