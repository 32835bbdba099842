"""Recall, precision and null false-flag rate of the say-versus-do engine on generated studies.

Writes ``--studies`` seeded random studies (:mod:`workbench.mismatch.synthetic`; every
``--null-every``-th one plants nothing) to a temporary folder, runs the engine on each for the
whole population (``load_study`` + ``find_mismatches``, no runner), and prints:

* recall by kind, by effect band and study size, and over plants at or above the engine's stated
  detectable effect (``workbench.mismatch.engine.DETECTABLE``);
* precision by kind (a flag is right when its touchpoint carries that planted kind, or a kind the
  plant satisfies by construction, listed in the truth's ``also_true``);
* the false-flag rate on null studies (share of null studies with any flag) against the FDR.

Targets (issue 5): recall >= 0.9 at or above the detectable effect, precision >= 0.9, null
false-flag rate <= the nominal FDR (0.05).

    .venv/bin/python benchmarks/mismatch_eval.py [--studies 100] [--jobs 2]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor

import pandas as pd

from workbench import load_study
from workbench.mismatch import find_mismatches
from workbench.mismatch.engine import DETECTABLE
from workbench.mismatch.kinds import Settings
from workbench.mismatch.synthetic import detectable, generate_study

FIRST_SEED = 5000   # seeds FIRST_SEED .. FIRST_SEED + studies - 1 (tests use seeds below this)


def run_one(args: tuple[str, int, bool]) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    root, seed, null = args
    generated = generate_study(root, seed, null=null)
    result = find_mismatches(load_study(generated.path), "all")
    truth = generated.truth.assign(seed=seed, size=generated.size, null=null)
    flags = result.mismatches[["touchpoint", "kind", "effect", "q_value"]].assign(seed=seed, null=null)
    return truth, flags, {"seed": seed, "null": null, "size": generated.size}


def evaluate(truth: pd.DataFrame, flags: pd.DataFrame) -> dict[str, pd.DataFrame]:
    planted = truth[truth["role"] == "planted"].copy()
    hit = set(zip(flags["seed"], flags["touchpoint"], flags["kind"]))
    planted["found"] = [(s, t, k) in hit for s, t, k in zip(planted["seed"], planted["touchpoint"], planted["kind"])]
    planted["detectable"] = planted.apply(detectable, axis=1)
    allowed = {(s, t, k) for s, t, k, also in zip(truth["seed"], truth["touchpoint"], truth["kind"], truth["also_true"])
               for k in [k, *filter(None, str(also).split(";"))] if k}
    real = flags[~flags["null"]].copy()
    real["correct"] = [(s, t, k) in allowed for s, t, k in zip(real["seed"], real["touchpoint"], real["kind"])]
    return {"planted": planted, "flags": real}


def _rate(frame: pd.DataFrame, by: list[str], column: str) -> pd.DataFrame:
    out = frame.groupby(by)[column].agg(["sum", "count", "mean"]).rename(
        columns={"sum": "hits", "count": "n", "mean": column})
    return out.reset_index()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=100)
    parser.add_argument("--null-every", type=int, default=5, help="every n-th study plants nothing")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as root:
        jobs = [(root, FIRST_SEED + i, (i + 1) % args.null_every == 0) for i in range(args.studies)]
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(run_one, jobs))
    elapsed = time.perf_counter() - started
    truth = pd.concat([r[0] for r in results], ignore_index=True)
    flags = pd.concat([r[1] for r in results], ignore_index=True)
    studies = pd.DataFrame([r[2] for r in results])
    ev = evaluate(truth, flags)
    planted, real = ev["planted"], ev["flags"]
    pd.set_option("display.width", 160)
    print(f"{len(studies)} studies ({int(studies['null'].sum())} null) in {elapsed:.0f} s; "
          f"{len(planted)} planted mismatches; {len(real)} flags in planted studies\n")
    print("Stated detectable effect (workbench.mismatch.engine.DETECTABLE):")
    for kind, text in DETECTABLE.items():
        print(f"  {kind}: {text}")
    print("\nRecall by kind, band and size:")
    print(_rate(planted, ["kind", "band", "size"], "found").to_string(index=False))
    print("\nRecall by kind:")
    print(_rate(planted, ["kind"], "found").to_string(index=False))
    above = planted[planted["detectable"]]
    recall = above["found"].mean() if len(above) else float("nan")
    print("\nRecall at or above the detectable effect, by kind:")
    print(_rate(above, ["kind"], "found").to_string(index=False))
    print("\nPrecision by kind (flags in planted studies):")
    print(_rate(real, ["kind"], "correct").to_string(index=False) if len(real) else "  no flags")
    precision = real["correct"].mean() if len(real) else float("nan")
    nulls = studies[studies["null"]]
    flagged_nulls = set(flags.loc[flags["null"], "seed"])
    null_rate = len(flagged_nulls) / len(nulls) if len(nulls) else float("nan")
    fdr = Settings().fdr
    print("\nSummary                                   value   target")
    print(f"  recall (detectable)                     {recall:6.3f}   >= 0.90  n={len(above)}")
    print(f"  recall (all planted)                    {planted['found'].mean():6.3f}   (not a target)  n={len(planted)}")
    print(f"  precision                               {precision:6.3f}   >= 0.90  n={len(real)}")
    print(f"  null studies with any flag              {null_rate:6.3f}   <= {fdr:.2f}  n={len(nulls)} "
          f"({int(flags['null'].sum())} flags)")
    wrong = real[~real["correct"]]
    if len(wrong):
        print("\nFalse flags:")
        print(wrong.merge(truth, on=["seed", "touchpoint"], how="left", suffixes=("", "_truth"))[
            ["seed", "touchpoint", "kind", "effect", "q_value", "role", "kind_truth", "ratio", "negative"]].to_string(index=False))
    ok = recall >= 0.9 and precision >= 0.9 and null_rate <= fdr
    print("\nAll targets met." if ok else "\nSome targets NOT met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
