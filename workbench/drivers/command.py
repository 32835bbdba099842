"""``workbench drivers STUDY [--outcome conversion|churn] [--out DIR] [--persona P] [--risk]``.

Writes under DIR (default ``reports/<study id>``): ``data/<persona>/drivers.csv``,
``drivers_performance.csv``, ``drivers_calibration.csv``, ``drivers_segments.csv`` and, with
``--risk``, ``risk.csv`` (user ids pseudonymised with a keyed hash unless study.yml has
``privacy: {keep_ids: true}``; the key is read from DIR/.pseudonym_key, made once and kept, so the
same user gets the same pseudonym run after run). Bad input: one located line, exit 2.
"""
from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path

from ..exceptions import InputError, Problem
from ..safe_export import write_safe_csv
from .analysis import analyse_drivers, risk_table
from .settings import driver_settings

KEY_FILE = ".pseudonym_key"
KEY_BYTES = 32   # 256-bit HMAC key


def pseudonym_key(out: Path) -> bytes:
    """The report folder's pseudonymisation key, created on first use."""
    path = Path(out) / KEY_FILE
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(KEY_BYTES), encoding="ascii")
        path.chmod(0o600)
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def run_drivers(folder: Path, outcome: str, out: Path | None, persona: str, risk: bool) -> Path:
    from ..study import load_study
    settings = driver_settings(folder)
    study = load_study(folder)
    out = Path(out or Path("reports") / study.config.study)
    if "corpora" in out.resolve().parts:
        raise InputError(Problem(str(out), "reports are never written under corpora/"))
    result = analyse_drivers(study, outcome, settings.churn, persona)
    data = out / "data" / persona
    data.mkdir(parents=True, exist_ok=True)
    write_safe_csv(result.drivers, data / "drivers.csv")
    write_safe_csv(result.performance, data / "drivers_performance.csv")
    write_safe_csv(result.calibration, data / "drivers_calibration.csv")
    write_safe_csv(result.segments, data / "drivers_segments.csv")
    if risk:
        key = None if settings.keep_ids else pseudonym_key(out)
        write_safe_csv(risk_table(result, settings.keep_ids, key), data / "risk.csv")
    return out


def main_drivers(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="workbench drivers", description="What goes with not converting or churning.")
    ap.add_argument("study", type=Path)
    ap.add_argument("--outcome", choices=("conversion", "churn"), default="conversion")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--persona", default="all")
    ap.add_argument("--risk", action="store_true", help="also write risk.csv (user, risk score)")
    args = ap.parse_args(argv)
    try:
        out = run_drivers(args.study, args.outcome, args.out, args.persona, args.risk)
    except InputError as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        return 2
    print(f"wrote {out / 'data' / args.persona}")
    return 0


if __name__ == "__main__":
    sys.exit(main_drivers())
