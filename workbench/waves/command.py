"""``workbench compare OLD NEW [--out DIR] [--persona P ...]``: write the wave comparison tables.

Writes, under DIR (default ``reports/<new study id>-vs-<old study id>``, never under corpora/):
``data/<persona>/changes.csv``, ``data/<persona>/wave_touchpoints.csv`` (added / removed / renamed)
and ``data/<persona>/wave_mismatches.csv`` (say-versus-do findings gone, new, still there).
Bad input prints one located line per problem and exits 2; nothing is half-written for a persona.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..exceptions import InputError
from ..safe_export import write_safe_csv
from .compare import compare_studies
from .settings import previous_wave

DEFAULT_REPORTS = Path("reports")


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="workbench compare",
                                 description="Compare an earlier wave of a study (OLD) with a later one (NEW).")
    ap.add_argument("old", type=Path, help="the earlier wave's study folder (or, with NEW omitted, the later "
                                           "wave, whose study.yml names its previous: wave)")
    ap.add_argument("new", type=Path, nargs="?", default=None, help="the later wave's study folder")
    ap.add_argument("--out", type=Path, default=None, help="output folder (default reports/<new>-vs-<old>)")
    ap.add_argument("--persona", action="append", default=None,
                    help="persona id or 'all' (repeatable; default: all)")
    ap.add_argument("--no-mismatches", action="store_true", help="skip the say-versus-do comparison")
    return ap


def run_compare(old_folder: Path, new_folder: Path, out: Path | None, personas: list[str],
                mismatches: bool = True) -> Path:
    """Load both waves, compare them for each persona and write the tables; return the output folder."""
    from ..study import load_study
    old, new = load_study(old_folder), load_study(new_folder)
    out = out or DEFAULT_REPORTS / f"{new.config.study}-vs-{old.config.study}"
    if "corpora" in Path(out).resolve().parts:
        raise InputError(_problem(str(out), "the comparison is never written under corpora/"))
    for persona in personas:
        result = compare_studies(old, new, persona, mismatches=mismatches)
        folder = Path(out) / "data" / persona
        folder.mkdir(parents=True, exist_ok=True)
        write_safe_csv(result.changes, folder / "changes.csv")
        write_safe_csv(result.touchpoints, folder / "wave_touchpoints.csv")
        write_safe_csv(result.mismatches, folder / "wave_mismatches.csv")
    return Path(out)


def _problem(path: str, message: str):
    from ..exceptions import Problem
    return Problem(path, message)


def main_compare(argv: list[str] | None = None) -> int:
    """Entry point for ``workbench compare``; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        old, new = args.old, args.new
        if new is None:
            new, old = old, previous_wave(old)
            if old is None:
                raise InputError(_problem(str(new / "study.yml"), "names no previous: wave; give OLD and NEW"))
        out = run_compare(old, new, args.out, args.persona or ["all"], mismatches=not args.no_mismatches)
    except InputError as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        return 2
    print(f"wrote {out / 'data'}")
    return 0


if __name__ == "__main__":
    sys.exit(main_compare())
