"""Drivers benchmark: a generated study of about ten million events, from reading to a validated model.

    python benchmarks/drivers_speed.py [--events 10000000] [--data /tmp/wb-drivers-bench]

The study comes from workbench.drivers.synthetic (known coefficients; filler page views pad the
event count). A child process loads the study, builds the per-user features in DuckDB through
ibis, fits the regularised logistic regression, cross-validates it (5 folds, twice: features and
the persona-only baseline) and ranks segments; it prints the wall seconds of each part and its
peak resident memory (ru_maxrss, Linux), so the generator's memory is not counted, and the CPU
seconds of the training part (all threads: on a busy shared machine wall time is mostly waiting).
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

# Events per user before filler: product view, size guide 0.3, banner 0.4, ticket 0.25, order ~0.6,
# return visit ~0.45 (see synthetic.SHARE and the truths): about 3.
BASE_EVENTS_PER_USER = 3.0
EVENTS_PER_USER = 10


def child(folder: Path) -> dict:
    from workbench.drivers import analyse_drivers
    from workbench.study import load_study
    t0 = time.perf_counter()
    study = load_study(folder)
    t1, c1 = time.perf_counter(), time.process_time()
    result = analyse_drivers(study)
    t2, c2 = time.perf_counter(), time.process_time()
    perf = result.performance.set_index("model")
    return {"load_s": t1 - t0, "train_s": t2 - t1, "train_cpu_s": c2 - c1, "users": result.n,
            "auc": float(perf.loc["features + persona", "auc"]),
            "auc_baseline": float(perf.loc["persona only (baseline)", "auc"]),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--data", type=Path, default=Path("/tmp/wb-drivers-bench"))
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    folder = args.data / f"events-{args.events}"
    if args.child:
        print(json.dumps(child(folder)))
        return 0
    if not (folder / "study.yml").is_file():
        from workbench.drivers.synthetic import make_study
        t = time.perf_counter()
        info = make_study(folder, n_users=args.events // EVENTS_PER_USER, seed=11,
                          filler=EVENTS_PER_USER - BASE_EVENTS_PER_USER)
        print(f"generated {info['events']:,} events for {info['users']:,} users in {time.perf_counter() - t:.1f} s")
    out = subprocess.run([sys.executable, __file__, "--child", "--events", str(args.events), "--data", str(args.data)],
                         capture_output=True, text=True, check=True)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"users {r['users']:,}: load study {r['load_s']:.1f} s; features + model + cross-validation "
          f"{r['train_s']:.1f} s ({r['train_cpu_s']:.1f} CPU s, all threads); peak memory {r['peak_mb']:,.0f} MB; AUC {r['auc']:.3f} vs baseline "
          f"{r['auc_baseline']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
