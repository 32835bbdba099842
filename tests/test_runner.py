"""The runner: real papermill executions of the project's chapters on the tiny study."""
from __future__ import annotations

import hashlib
import os
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from workbench import runner
from workbench.exceptions import InputError, StudyInvalid
from workbench.report.html import external_references
from workbench.contract_tables import TABLE_NAMES

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "tests" / "fixtures" / "tiny-study"

NOTEBOOKS = REPO / "notebooks"


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def full_run(tiny_reports):
    return tiny_reports


def test_every_persona_and_everyone_get_a_report(full_run):
    result, out, _ = full_run
    assert result.exit_code == 0, [r.failure for r in result.runs]
    folder = out / "tiny-study"
    for name in ("index.html", "saver.html", "rusher.html", "all.html"):
        assert (folder / name).is_file(), name
    index = (folder / "index.html").read_text()
    for persona in ("saver", "rusher", "all"):
        assert f'href="{persona}.html"' in index


@pytest.mark.parametrize("persona", ["saver", "rusher", "all"])
def test_data_tables_and_manifest(full_run, persona):
    _, out, _ = full_run
    data = out / "tiny-study" / "data" / persona
    for name in TABLE_NAMES:
        assert (data / f"{name}.csv").is_file()
    manifest = json.loads((data / "manifest.json").read_text())
    assert manifest["parameters"]["persona"] == persona
    assert manifest["status"] == "ok"
    assert "study.yml" in manifest["inputs_sha256"] and len(manifest["inputs_sha256"]["study.yml"]) == 64
    assert manifest["packages"]["pandas"] and manifest["timings_seconds"]["01_study_overview"] > 0


def test_reports_are_self_contained_and_show_no_code(full_run):
    _, out, _ = full_run
    for page in (out / "tiny-study").glob("*.html"):
        text = page.read_text()
        assert external_references(text) == [], page.name
        assert "load_study(" not in text and "import " not in text, page.name
        assert "<script" not in text


def test_report_figures_are_embedded(full_run):
    _, out, _ = full_run
    text = (out / "tiny-study" / "saver.html").read_text()
    assert 'src="data:image/png;base64,' in text


def test_executed_notebooks_are_kept(full_run):
    _, out, _ = full_run
    kept = out / "tiny-study" / "notebooks" / "saver" / "01_study_overview.ipynb"
    assert kept.is_file()


def test_corpus_is_not_written(full_run):
    _, _, before = full_run
    assert tree_hash(TINY) == before


def chapter(path: Path, code: str) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('study_path = "."\npersona = "all"\nbundle = None')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(code)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


def test_one_persona_failing_does_not_stop_the_others(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(NOTEBOOKS / "01_study_overview.ipynb", notebooks)
    chapter(notebooks / "02_fails.ipynb", 'if persona == "rusher":\n    raise ValueError("planted failure")\nprint("fine")')
    result = runner.run_study(TINY, personas=["saver", "rusher"], out=tmp_path / "out", jobs=2,
                              notebooks=notebooks, progress=False)
    assert result.exit_code == 1
    status = {r.persona: r for r in result.runs}
    assert status["saver"].status == "ok" and status["rusher"].status == "failed"
    assert status["rusher"].failure["notebook"] == "02_fails.ipynb"
    folder = tmp_path / "out" / "tiny-study"
    assert (folder / "saver.html").exists() and not (folder / "rusher.html").exists()
    index = (folder / "index.html").read_text()
    assert "failed" in index and "02_fails.ipynb" in index and "planted failure" in index


def test_unknown_parameter_is_an_error(tmp_path):
    with pytest.raises(InputError, match="unknown parameter 'colour'"):
        runner.run_study(TINY, personas=["saver"], out=tmp_path, extra_parameters={"colour": "red"}, progress=False)


def test_notebook_without_parameters_cell_is_an_error(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1")]
    nbformat.write(nb, tmp_path / "01_bad.ipynb")
    with pytest.raises(InputError, match="exactly one cell tagged 'parameters'"):
        runner.run_study(TINY, out=tmp_path / "out", notebooks=tmp_path, progress=False)


def test_invalid_study_runs_nothing(tiny_copy, tmp_path):
    (tiny_copy / "users.csv").write_text("uid,segment\nu1,nobody\n")
    with pytest.raises(StudyInvalid):
        runner.run_study(tiny_copy, out=tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()


def test_unknown_persona_is_an_error(tmp_path):
    with pytest.raises(InputError, match="did you mean 'saver'"):
        runner.run_study(TINY, personas=["savr"], out=tmp_path, progress=False)


def test_interrupted_run_leaves_previous_reports_intact(full_run, tmp_path, monkeypatch):
    _, out, _ = full_run
    copy = tmp_path / "reports"
    shutil.copytree(out, copy, symlinks=True)
    before = tree_hash((copy / "tiny-study").resolve())

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(runner, "_execute_all", interrupted)
    with pytest.raises(KeyboardInterrupt):
        runner.run_study(TINY, out=copy, progress=False)
    assert tree_hash((copy / "tiny-study").resolve()) == before
    assert len(list((copy / ".runs").iterdir())) == 1  # the aborted build was removed


def test_builds_abandoned_by_killed_runs_are_removed(tmp_path):
    import subprocess
    import sys
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    runs = tmp_path / ".runs"
    abandoned = runs / "tiny-study-20260101T000000-deadbeef"
    abandoned.mkdir(parents=True)
    (abandoned / runner.OWNER_FILE).write_text(dead.stdout.strip())
    in_progress = runs / "tiny-study-20260101T000001-cafecafe"
    in_progress.mkdir()
    (in_progress / runner.OWNER_FILE).write_text(str(os.getpid()))  # a live owner: leave it alone
    runner._remove_abandoned_builds(runs, "tiny-study")
    assert not abandoned.exists() and in_progress.exists()


def test_kernel_shutdown_sends_no_interrupt(monkeypatch):
    """jupyter_client interrupts a kernel before shutting it down, and the idle kernel then logs
    "KeyboardInterrupt caught in kernel" on every run; the runner's manager skips that interrupt only."""
    import asyncio

    from jupyter_client.manager import AsyncKernelManager

    from workbench.persona_notebook import QuietShutdownKernelManager
    sent = []

    async def interrupt(self):
        sent.append(self.shutting_down)

    monkeypatch.setattr(AsyncKernelManager, "_async_interrupt_kernel", interrupt)
    km = QuietShutdownKernelManager()
    km.shutting_down = True
    asyncio.run(km._async_interrupt_kernel())
    assert sent == []
    km.shutting_down = False     # an interrupt asked for while running (a timed-out cell) still goes
    asyncio.run(km._async_interrupt_kernel())
    assert sent == [False]


def test_a_persona_worker_imports_neither_the_analysis_nor_the_grammar():
    """A worker process imports the persona module only: not the runner with the analysis it pulls
    in, and not jsonschema's optional rfc3987_syntax, whose grammar costs seconds per process."""
    import subprocess
    import sys
    code = ("import sys, workbench.persona_notebook, nbformat, jsonschema; "
            "print(sorted(m for m in ('workbench.runner', 'workbench.analysis', 'workbench.voc', 'scipy', "
            "'rfc3987_syntax') if sys.modules.get(m) is not None))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert out.stdout.strip() == "[]"


def test_persona_notebook_is_written_once_not_after_every_cell(monkeypatch, tmp_path):
    """papermill's default rewrites the whole executed notebook as each cell starts and ends (half of
    a worker's CPU on the demo); the run asks for one write, at the end."""
    from workbench import persona_notebook
    seen = {}

    def execute(source, target, **kwargs):
        seen.update(kwargs)
        raise RuntimeError("stop here")

    monkeypatch.setattr(persona_notebook.pm, "execute_notebook", execute)
    chapters = [str(p) for p in sorted((REPO / "notebooks").glob("*.ipynb"))]
    timings, failure = persona_notebook.run_persona("study", "all", chapters, str(tmp_path), {}, "t", "s")
    assert seen["request_save_on_cell_execute"] is False
    assert failure["error"] == "RuntimeError: stop here"


def test_workers_fork_from_a_server_with_the_notebook_modules_preloaded():
    import multiprocessing
    context = runner._worker_context()
    if "forkserver" in multiprocessing.get_all_start_methods():
        assert context.get_start_method() == "forkserver"
        assert "workbench.persona_notebook" in runner.WORKER_PRELOAD
    else:
        assert context.get_start_method() == "spawn"
