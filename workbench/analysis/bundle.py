"""The results bundle: what one analysis pass leaves in the build folder for the chapters.

Layout (under the bundle folder, one sub-folder per persona)::

    bundle.json                  study, personas, tables, package version, input digest, seconds
    <persona>/<table>.parquet    every registered table (the contract's data/<persona>/*.csv come from these)
    <persona>/results.pickle     the full PersonaResults the chapters render
    comparison.pickle            the cross-persona comparison

Adding a table is one registration::

    @register_table("themes")
    def _themes(r: PersonaResults) -> pd.DataFrame:
        return themes_table(r.voice)

and it is computed in the pass, written to the bundle and to ``data/<persona>/themes.csv``.
The pickles are a cache of this run (same code, same package version), never an exchange format.
"""
from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..safe_export import write_safe_csv

from .results import PersonaResults, StudyResults

BUNDLE_JSON = "bundle.json"
RESULTS_FILE = "results.pickle"
COMPARISON_FILE = "comparison.pickle"
# table name -> function of one persona's results; insertion order is the order of the CSV files.
TABLES: dict[str, Callable[[PersonaResults], pd.DataFrame]] = {}


def register_table(name: str):
    """Decorator: register ``fn(PersonaResults) -> DataFrame`` as bundle table (and CSV) ``name``."""
    def add(fn: Callable[[PersonaResults], pd.DataFrame]):
        TABLES[name] = fn
        return fn
    return add


def compute_tables(result: PersonaResults) -> dict[str, pd.DataFrame]:
    """Every registered table for one persona, as new DataFrames."""
    return {name: fn(result) for name, fn in TABLES.items()}


@register_table("mismatches")
def _mismatches(r: PersonaResults) -> pd.DataFrame:
    from ..contract_tables import mismatches_frame
    return mismatches_frame(r.mismatches)


@register_table("phrases")
def _phrases(r: PersonaResults) -> pd.DataFrame:
    from .. import voc
    return voc.phrases_table(r.voice)


@register_table("touchpoints")
def _touchpoints(r: PersonaResults) -> pd.DataFrame:
    from ..contract_tables import touchpoints_frame
    return touchpoints_frame(r.voice, r.behaviour)


@register_table("funnel")
def _funnel(r: PersonaResults) -> pd.DataFrame:
    from ..behaviour import funnel_table
    return funnel_table(r.behaviour) if r.behaviour is not None else pd.DataFrame()


@register_table("stage_order")
def _stage_order(r: PersonaResults) -> pd.DataFrame:
    from ..behaviour.analysis import stage_order_csv
    return stage_order_csv(r.behaviour) if r.behaviour is not None else pd.DataFrame()


@register_table("changes")
def _changes(r: PersonaResults) -> pd.DataFrame:
    from .waves_drivers import changes_frame
    return changes_frame(r)


@register_table("drivers")
def _drivers(r: PersonaResults) -> pd.DataFrame:
    from .waves_drivers import drivers_frame
    return drivers_frame(r)


@register_table("risk")
def _risk(r: PersonaResults) -> pd.DataFrame:
    from .waves_drivers import risk_frame
    return risk_frame(r)


def write_bundle(results: StudyResults, folder: str | Path, extra: dict | None = None) -> Path:
    """Write ``results`` as a bundle into ``folder`` (created); returns the folder."""
    for result in results.personas.values():
        write_persona(folder, result)
    return write_study(results, folder, extra)


def write_persona(folder: str | Path, result: PersonaResults) -> Path:
    """One persona's part of a bundle: its tables and results (the runner writes each as soon as the
    pass has finished that persona, so the persona can render while the pass goes on)."""
    sub = Path(folder) / result.persona
    sub.mkdir(parents=True, exist_ok=True)
    for name, frame in result.tables.items():
        frame.to_parquet(sub / f"{name}.parquet", index=False)
    with (sub / RESULTS_FILE).open("wb") as handle:
        pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return sub


def write_study(results: StudyResults, folder: str | Path, extra: dict | None = None) -> Path:
    """The rest of a bundle, once every persona's part is written: the comparison, then bundle.json
    (last: a bundle with its bundle.json is complete)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if results.comparison is not None:
        with (folder / COMPARISON_FILE).open("wb") as handle:
            pickle.dump(results.comparison, handle, protocol=pickle.HIGHEST_PROTOCOL)
    meta = {"study": results.study, "personas": list(results.personas), "tables": list(TABLES),
            "seconds": results.seconds, **(extra or {})}
    (folder / BUNDLE_JSON).write_text(json.dumps(meta, indent=2, default=str), encoding="utf-8")
    return folder


def bundle_info(folder: str | Path) -> dict:
    return json.loads((Path(folder) / BUNDLE_JSON).read_text(encoding="utf-8"))


def load_bundle(folder: str | Path, persona: str) -> PersonaResults:
    """One persona's results from a bundle folder."""
    with (Path(folder) / persona / RESULTS_FILE).open("rb") as handle:
        return pickle.load(handle)


def load_comparison(folder: str | Path):
    path = Path(folder) / COMPARISON_FILE
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        return pickle.load(handle)


def read_table(folder: str | Path, persona: str, name: str) -> pd.DataFrame:
    return pd.read_parquet(Path(folder) / persona / f"{name}.parquet")


def write_csvs(folder: str | Path, persona: str, target: str | Path) -> list[Path]:
    """``data/<persona>/<table>.csv`` for every table the bundle's bundle.json lists or, while the
    runner is still writing the bundle (bundle.json comes last), every table of :data:`TABLES`; each
    read back from its Parquet and written by :func:`workbench.safe_export.write_safe_csv`
    (formula-like cells neutralised)."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    names = bundle_info(folder)["tables"] if (Path(folder) / BUNDLE_JSON).is_file() else list(TABLES)
    for name in names:
        path = target / f"{name}.csv"
        # customer text reaches these cells: a spreadsheet must never run one as a formula
        write_safe_csv(read_table(folder, persona, name), path)
        written.append(path)
    return written
