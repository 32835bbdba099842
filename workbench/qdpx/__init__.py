"""Export a study's coded customer voice as a REFI-QDA project (``<study>.qdpx``).

    >>> from workbench.qdpx import write_qdpx
    >>> write_qdpx(study, voice.clauses, themes, coding, "reports/demo-shop/demo-shop.qdpx")

``main_export_qdpx(argv)`` is the ``workbench export-qdpx STUDY [--out DIR]`` command.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .project import build_project, write_project
from .sources import build_sources, clause_spans

__all__ = ["write_qdpx", "build_project", "build_sources", "clause_spans", "main_export_qdpx"]


def write_qdpx(study, clauses: pd.DataFrame, themes: pd.DataFrame | None = None, coding=None,
               path: str | Path | None = None, persona: str = "all") -> Path:
    """Write ``study``'s project to ``path`` (default ``reports/<study>/<study>.qdpx``).

    ``clauses`` is ``analyse_voice(study, persona).clauses``; ``themes`` the in-memory themes
    table (with ``clause_ids``); ``coding`` a :class:`workbench.coding.Coding` (codebook and the
    codes applied to clauses) or None."""
    name = study.config.study or study.root.name
    path = Path(path) if path is not None else Path("reports") / name / f"{name}.qdpx"
    units = study.voice(persona)
    turns = study.turns if persona == "all" else study.turns[study.turns["persona"] == persona]
    codebook = getattr(coding, "codebook", ()) if coding is not None else ()
    applied = getattr(coding, "applied", None) if coding is not None else None
    tree, docs, guids = build_project(name, study.config, units, clauses, themes, codebook, applied, turns)
    return write_project(path, tree, docs, guids)


def main_export_qdpx(argv: list[str] | None = None) -> int:
    from .command import main
    return main(argv)
