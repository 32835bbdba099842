"""`workbench run` as a researcher starts it: killed mid-way, run twice at once, never writing the corpus.

The runs use a one-cell chapter (tests/robustness/fixtures/notebooks) and one persona so that each
takes seconds; the runner's build-and-publish path is the same for any chapters. The subprocesses
are started in their own session and only that process group is killed.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "fixtures" / "tiny-study"
MINIMAL = Path(__file__).parent / "fixtures" / "notebooks"
# Generous: CI machines are shared; a run of the one-cell chapter normally takes well under a minute.
RUN_TIMEOUT_SECONDS = 600
TABLES = ("mismatches", "phrases", "touchpoints", "funnel")


def tree_hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def command(study: Path, out: Path, notebooks: Path = MINIMAL, persona: str = "saver") -> list[str]:
    return [sys.executable, "-m", "workbench.cli", "run", str(study), "--out", str(out), "--notebooks", str(notebooks),
            "--persona", persona, "--jobs", "1", "--quiet"]


def start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def finish(process: subprocess.Popen) -> tuple[int, str]:
    out, err = process.communicate(timeout=RUN_TIMEOUT_SECONDS)
    return process.returncode, out + err


def complete(folder: Path, persona: str = "saver") -> None:
    """The published folder has the index, the persona's report, tables and manifest, all readable."""
    assert (folder / "index.html").is_file() and (folder / f"{persona}.html").is_file()
    for name in TABLES:
        assert (folder / "data" / persona / f"{name}.csv").is_file(), name
    manifest = json.loads((folder / "data" / persona / "manifest.json").read_text())
    assert manifest["status"] == "ok" and manifest["redaction"]["keep_names"] is False


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> dict:
    """One sequence of runs on a copy of the tiny study, recorded for the tests below: two runs at once,
    then a run killed with SIGKILL once its build folder exists, then a re-run."""
    study = tmp_path_factory.mktemp("study") / "tiny-study"
    shutil.copytree(TINY, study)
    out = tmp_path_factory.mktemp("out") / "reports"
    record: dict = {"study": study, "out": out, "study_before": tree_hashes(study)}
    first, second = start(command(study, out)), start(command(study, out))
    record["concurrent"] = [finish(first), finish(second)]
    published = out / "tiny-study"
    record["target_before_kill"] = published.resolve()
    record["files_before_kill"] = tree_hashes(published.resolve())
    record["manifest_before_kill"] = json.loads((published / "data" / "saver" / "manifest.json").read_text())

    process = start(command(study, out))
    deadline = time.time() + RUN_TIMEOUT_SECONDS
    builds_before = set((out / ".runs").iterdir())
    while time.time() < deadline and process.poll() is None and set((out / ".runs").iterdir()) == builds_before:
        time.sleep(0.05)
    record["alive_when_killed"] = process.poll() is None
    os.killpg(process.pid, signal.SIGKILL)   # the run and everything it started (workers, kernels)
    process.wait(timeout=60)
    record["target_after_kill"] = published.resolve()
    record["files_after_kill"] = tree_hashes(published.resolve())

    record["rerun"] = finish(start(command(study, out)))
    record["study_after"] = tree_hashes(study)
    return record


@pytest.mark.slow
def test_two_runs_at_once_both_finish_and_publish_one_complete_folder(history):
    assert [code for code, _ in history["concurrent"]] == [0, 0], history["concurrent"]
    out = history["out"]
    assert history["target_before_kill"].parent == (out / ".runs").resolve()
    files = history["files_before_kill"]
    for name in ("index.html", "saver.html", *(f"data/saver/{t}.csv" for t in TABLES), "data/saver/manifest.json"):
        assert name in files, name
    manifest = history["manifest_before_kill"]
    assert manifest["status"] == "ok" and manifest["parameters"]["study_path"] == str(history["study"].resolve())


@pytest.mark.slow
def test_sigkill_mid_run_leaves_the_previous_reports_intact(history):
    assert history["alive_when_killed"], "the run ended before it could be killed"
    assert history["target_after_kill"] == history["target_before_kill"]
    assert history["files_after_kill"] == history["files_before_kill"]


@pytest.mark.slow
def test_a_rerun_after_the_kill_succeeds_and_replaces_the_reports(history):
    code, log = history["rerun"]
    assert code == 0, log
    published = history["out"] / "tiny-study"
    assert published.resolve() != history["target_before_kill"]
    complete(published)
    assert not history["target_before_kill"].exists()      # the replaced run is removed on publishing
    assert not list(history["out"].glob(".tiny-study.*.link"))


@pytest.mark.slow
def test_runs_never_write_under_the_study(history):
    assert history["study_after"] == history["study_before"]
    assert not (history["study"] / "reports").exists()
