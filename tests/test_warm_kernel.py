"""Kernels warmed while the analysis pass runs: what they import, how they wait, how a failed pass
stops them (real runs on the tiny study)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import psutil
import pytest

from workbench import runner, warm_kernel

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "tests" / "fixtures" / "tiny-study"


def _notebook(*sources: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


@pytest.mark.parametrize("source, expected", [
    ("import pandas as pd", ["pandas"]),
    ("from workbench.analysis import load_results", ["workbench.analysis", "workbench.analysis.load_results"]),
    ("from workbench.report.chapters import journey_map as render, voice",
     ["workbench.report.chapters", "workbench.report.chapters.journey_map", "workbench.report.chapters.voice"]),
    ("from . import local", []),                       # relative: nothing to warm
    ("if True:\n    import json", []),                  # only top-level imports
    ("x = (", []),                                      # a broken cell is left to report itself
])
def test_imported_modules_reads_top_level_imports(source, expected):
    found = warm_kernel.imported_modules(_notebook(source))
    assert found == [*expected, *warm_kernel.RESULT_MODULES]


def test_warm_up_code_binds_no_name_and_skips_missing_modules():
    namespace: dict = {}
    exec(warm_kernel.warm_up_code(["json", "no_such_module_anywhere"]), namespace)
    assert set(namespace) == {"__builtins__"}
    assert "json" in sys.modules


def test_waiting_ends_on_the_verdict(tmp_path):
    warm_kernel.announce(tmp_path, warm_kernel.OK)
    assert warm_kernel.wait_for_verdict(tmp_path, psutil.Process().pid) is True
    warm_kernel.announce(tmp_path, warm_kernel.FAILED)
    assert warm_kernel.wait_for_verdict(tmp_path, psutil.Process().pid) is False


def test_a_worker_renders_only_on_its_turn(tmp_path):
    me = psutil.Process().pid
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True).stdout)
    warm_kernel.announce(tmp_path, warm_kernel.OK)
    # no turn yet: it keeps waiting (seen here as the runner being gone ending the wait)
    assert warm_kernel.wait_for_verdict(tmp_path, dead, "saver") is False
    warm_kernel.grant_turn(tmp_path, "saver")
    assert warm_kernel.wait_for_verdict(tmp_path, me, "saver") is True
    assert warm_kernel.wait_for_verdict(tmp_path, dead, "rusher") is False     # another persona's turn
    warm_kernel.announce(tmp_path, warm_kernel.FAILED)                         # a failed pass: no render
    assert warm_kernel.wait_for_verdict(tmp_path, me, "saver") is False
    warm_kernel.clear_turns(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_waiting_ends_when_the_runner_or_its_build_is_gone(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    assert warm_kernel.wait_for_verdict(tmp_path, int(dead.stdout)) is False
    assert warm_kernel.wait_for_verdict(tmp_path / "removed", psutil.Process().pid) is False


def _kernels_left() -> list[int]:
    """Live kernels under this process: a kernel leads a session of its own (launched with
    start_new_session, or forked from its worker, workbench.kernel_fork), which the forkserver and
    the workers never do. A zombie, exited and not yet reaped, runs nothing."""
    left = []
    for p in psutil.Process().children(recursive=True):
        try:
            if p.status() != psutil.STATUS_ZOMBIE and os.getsid(p.pid) == p.pid:
                left.append(p.pid)
        except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied, ProcessLookupError):
            continue
    return left


def test_a_failed_pass_stops_the_warm_kernels(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a located analysis error")
    monkeypatch.setattr(runner, "_analyse", broken)
    result = runner.run_study(TINY, out=tmp_path, progress=False)
    assert result.exit_code != 0
    for run in result.runs:
        assert run.status == "failed" and run.failure["step"] == "analysis"
        assert "a located analysis error" in run.failure["error"]
    assert _kernels_left() == []
    assert not list((tmp_path / "tiny-study").glob("*/*.ipynb"))   # nothing was executed


def test_personas_render_as_the_pass_finishes_them(tmp_path, monkeypatch):
    events = []
    grant, announce = warm_kernel.grant_turn, warm_kernel.announce
    monkeypatch.setattr(runner.warm_kernel, "grant_turn", lambda build, p: (events.append(("turn", p)), grant(build, p)))
    monkeypatch.setattr(runner.warm_kernel, "announce", lambda build, v: (events.append(("verdict", v)), announce(build, v)))
    result = runner.run_study(TINY, out=tmp_path, progress=False, jobs=2)
    assert result.exit_code == 0
    verdict = events.index(("verdict", warm_kernel.OK))
    assert events[0] == ("turn", "all") and 0 < verdict       # "all" renders while the pass goes on
    assert sorted(p for kind, p in events if kind == "turn") == ["all", "rusher", "saver"]


def test_a_pass_failing_after_a_persona_rendered_fails_every_persona(tmp_path, monkeypatch):
    import workbench.qdpx

    def broken(*args, **kwargs):   # the last step of the pass, after every persona was handed on
        raise ValueError("a located export error")
    monkeypatch.setattr(workbench.qdpx, "write_qdpx", broken)
    result = runner.run_study(TINY, out=tmp_path, progress=False)
    assert all(run.status == "failed" and "a located export error" in run.failure["error"] for run in result.runs)
    published = tmp_path / "tiny-study"
    assert sorted(p.name for p in published.glob("*.html")) == ["index.html"]
    assert not list(published.glob("*-map.*")) and not list(published.glob("notebooks/*/*.ipynb"))
    assert _kernels_left() == []


def test_small_study_renders_in_warm_kernels_and_leaves_none_running(tiny_reports):
    result, out, _ = tiny_reports
    assert result.exit_code == 0
    for persona in ("saver", "rusher", "all"):
        timings = json.loads((out / "tiny-study" / "data" / persona / "manifest.json").read_text())["timings_seconds"]
        assert timings["kernel"] > 0 and timings["notebook"] > 0
    assert _kernels_left() == []
    # the verdict and the render turns stay in the build folder: nothing hidden is published
    assert not [p.name for p in (out / "tiny-study").iterdir() if p.name.startswith(".")]


def test_a_warm_kernel_yields_to_the_pass_and_is_not_taken_for_dead():
    # in a child process: start_warm lowers its caller's priority for good
    code = ("import os, sys\n"
            "from pathlib import Path\n"
            "from workbench import warm_kernel\n"
            "from workbench.persona_notebook import KERNEL, KERNEL_ARGUMENTS, QuietShutdownKernelManager\n"
            "m = warm_kernel.start_warm(QuietShutdownKernelManager, KERNEL, '.', list(KERNEL_ARGUMENTS), ['json'])\n"
            "assert m is not None, 'the warm-up failed'\n"
            "pid = m.provisioner.pid\n"
            "group = Path(f'/proc/{pid}/autogroup')\n"
            "print(os.getpriority(os.PRIO_PROCESS, 0), os.getpriority(os.PRIO_PROCESS, pid),\n"
            "      group.read_text().split()[-1] if group.exists() else 'none')\n"
            "warm_kernel.stop(m)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr[-800:]
    worker, kernel, session = done.stdout.split()
    assert int(worker) >= warm_kernel.WARM_NICENESS and int(kernel) >= warm_kernel.WARM_NICENESS
    assert session in ("none", str(warm_kernel.WARM_NICENESS))
