"""Chapter notebooks: find and check them, assemble one persona's notebook, split it back.

Every chapter in ``notebooks/`` stays a separate, editable notebook with one ``parameters`` cell.
For a run, :func:`assemble` joins them into one notebook (the first chapter's parameters cell,
then every chapter's other cells, each marked with its chapter) so papermill executes a persona's
whole report in one kernel; :func:`split` gives each chapter's executed cells back.
"""
from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import papermill as pm

from .exceptions import InputError, Problem, did_you_mean

# The parameters every chapter notebook declares in its one `parameters` cell.
PARAMETERS = ("study_path", "persona", "bundle")
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
CHAPTER_KEY = "chapter"   # cell.metadata["workbench"]["chapter"]: the chapter a cell came from


def default_notebooks_dir() -> Path:
    """The project's ``notebooks/`` folder (next to the package in a source checkout), else ./notebooks."""
    beside = Path(__file__).resolve().parents[1] / "notebooks"
    return beside if beside.is_dir() else Path.cwd() / "notebooks"


def _tagged(nb, tag: str) -> list:
    return [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]


def chapter_notebooks(folder: Path) -> list[Path]:
    """The chapter notebooks in ``folder``, in name order, each checked for its parameters cell."""
    chapters = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not chapters:
        raise InputError(Problem(str(folder), "no chapter notebooks (*.ipynb) found"))
    problems = []
    for path in chapters:
        tagged = _tagged(nbformat.read(path, as_version=4), PARAMETERS_TAG)
        if len(tagged) != 1:
            problems.append(Problem(str(path), f"needs exactly one cell tagged 'parameters', found {len(tagged)}"))
            continue
        declared = set(pm.inspect_notebook(str(path)))
        missing = [p for p in PARAMETERS if p not in declared]
        if missing:
            problems.append(Problem(str(path), f"parameters cell does not declare {', '.join(missing)}"))
    if problems:
        raise InputError(problems)
    return chapters


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


def assemble(chapters: list[Path]) -> nbformat.NotebookNode:
    """One notebook: the first chapter's parameters cell, then every chapter's other cells in order."""
    books = [nbformat.read(path, as_version=4) for path in chapters]
    out = nbformat.v4.new_notebook()
    out.metadata = copy.deepcopy(books[0].metadata)
    out.cells.append(copy.deepcopy(_tagged(books[0], PARAMETERS_TAG)[0]))
    for path, nb in zip(chapters, books):
        for cell in nb.cells:
            if PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
                continue
            cell = copy.deepcopy(cell)
            cell.metadata.setdefault("workbench", {})[CHAPTER_KEY] = path.stem
            out.cells.append(cell)
    return out


def split(executed: nbformat.NotebookNode, chapters: list[str]) -> dict[str, nbformat.NotebookNode]:
    """Each chapter's executed notebook: the plumbing cells (parameters, injected) then its own cells."""
    plumbing = [c for c in executed.cells if CHAPTER_KEY not in c.get("metadata", {}).get("workbench", {})]
    books = {}
    for name in chapters:
        nb = nbformat.v4.new_notebook()
        nb.metadata = copy.deepcopy(executed.metadata)
        nb.cells = copy.deepcopy(plumbing) + [copy.deepcopy(c) for c in executed.cells
                                              if c.get("metadata", {}).get("workbench", {}).get(CHAPTER_KEY) == name]
        books[name] = nb
    return books


def chapter_seconds(executed: nbformat.NotebookNode, chapters: list[str]) -> dict[str, float]:
    """Seconds each chapter's cells took (papermill's per-cell durations)."""
    seconds = dict.fromkeys(chapters, 0.0)
    for cell in executed.cells:
        name = cell.get("metadata", {}).get("workbench", {}).get(CHAPTER_KEY)
        duration = cell.get("metadata", {}).get("papermill", {}).get("duration")
        if name in seconds and duration:
            seconds[name] += float(duration)
    return {k: round(v, 3) for k, v in seconds.items()}


def failed_chapter(executed: nbformat.NotebookNode) -> str | None:
    """The chapter of the first cell with an error output (papermill stops there)."""
    for cell in executed.cells:
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return cell.get("metadata", {}).get("workbench", {}).get(CHAPTER_KEY)
    return None
