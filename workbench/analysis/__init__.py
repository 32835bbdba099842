"""The one analysis pass of a study and the results bundle the chapters render from.

    >>> from workbench import load_study
    >>> from workbench.analysis import analyse_study, write_bundle, load_results
    >>> results = analyse_study(load_study("corpora/demo-shop"))     # every persona and "all", once
    >>> write_bundle(results, "reports/.build/bundle")              # Parquet tables + JSON + results
    >>> load_results("corpora/demo-shop", "busy-parent", bundle="reports/.build/bundle")

:mod:`.study_pass` runs every analysis once per study, :mod:`.results` holds what it returns,
:mod:`.bundle` writes and reads the bundle (and the registry of its tables, :data:`TABLES`),
:mod:`.cache` computes a bundle for a chapter opened by hand, cached outside the study folder.
This package never imports report code.
"""
from .bundle import TABLES, load_bundle, register_table, write_bundle, write_csvs
from .cache import load_results
from .results import PersonaResults, StudyResults
from .study_pass import analyse_study

__all__ = ["TABLES", "PersonaResults", "StudyResults", "analyse_study", "load_bundle", "load_results",
           "register_table", "write_bundle", "write_csvs"]
