"""Coverage of the drivers' 95% intervals on generated data with known coefficients, and the AUC gain.

    python benchmarks/drivers_coverage.py [--reps 400] [--users 3000] [--auc-reps 20]

Each repetition draws users with the feature mix of workbench.drivers.synthetic (size guide 30%,
banner 40%, a support ticket 25% of which half miss the wait target, persona rusher 40%) and an
outcome from CONVERSION_TRUTH, fits the model exactly as drivers.csv does (model.fit: L2 prior sd
2.5, Wald intervals from the penalised information) and checks whether each 95% interval contains
the true coefficient. Expected: about 95% per coefficient (binomial error about +-2.1 points at
400 repetitions). The first --auc-reps repetitions also run the 5-fold cross-validation and report
the out-of-fold AUC of the model and of the persona-only baseline.
"""
from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd

from workbench.drivers.model import design, wald_interval_covers
from workbench.drivers.synthetic import CONVERSION_TRUTH, SHARE
from workbench.drivers.validation import compare_models, out_of_fold

FEATURES = ["reached_size_guide", "reached_banner", "missed_tickets_wait_minutes"]


def draw(rng: np.random.Generator, n: int) -> pd.DataFrame:
    ticket = rng.random(n) < SHARE["ticket"]
    frame = pd.DataFrame({
        "persona": np.where(rng.random(n) < SHARE["rusher"], "rusher", "saver"),
        "reached_size_guide": (rng.random(n) < SHARE["size_guide"]).astype(float),
        "reached_banner": (rng.random(n) < SHARE["banner"]).astype(float),
        "missed_tickets_wait_minutes": (ticket & (rng.random(n) < 0.5)).astype(float)})
    lp = CONVERSION_TRUTH["intercept"] + sum(CONVERSION_TRUTH[f] * frame[f] for f in FEATURES)
    lp = lp + CONVERSION_TRUTH["persona=rusher"] * (frame["persona"] == "rusher")
    frame["outcome"] = (rng.random(n) < 1 / (1 + np.exp(-lp))).astype(int)
    return frame


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=400)
    ap.add_argument("--users", type=int, default=3000)
    ap.add_argument("--auc-reps", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20261201)
    args = ap.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    t0 = time.perf_counter()
    covered, aucs = [], []
    for rep in range(args.reps):
        frame = draw(rng, args.users)
        X, dropped = design(frame, FEATURES, reference="saver")
        assert not dropped
        truth = np.array([CONVERSION_TRUTH[c] for c in X.columns])
        covered.append(wald_interval_covers(truth, X, frame["outcome"].to_numpy()))
        if rep < args.auc_reps:
            y = frame["outcome"].to_numpy()
            perf = compare_models(y, out_of_fold(X, y), out_of_fold(design(frame, [], reference="saver")[0], y))
            aucs.append(perf["auc"].to_numpy())
    covered = np.array(covered)
    print(f"{args.reps} generated studies of {args.users:,} users ({time.perf_counter() - t0:.0f} s)")
    for name, share in zip(X.columns, covered.mean(axis=0)):
        half = 1.96 * np.sqrt(share * (1 - share) / args.reps)
        print(f"  {name:30s} true OR {np.exp(CONVERSION_TRUTH[name]):5.2f}  95% interval coverage {share:6.1%} "
              f"(+-{half:.1%})")
    print(f"  all coefficients                 coverage {covered.mean():6.1%}")
    if aucs:
        a = np.array(aucs)
        print(f"cross-validated AUC over {len(a)} studies: model {a[:, 0].mean():.3f} (range {a[:, 0].min():.3f}-"
              f"{a[:, 0].max():.3f}), persona-only baseline {a[:, 1].mean():.3f}, gain {a[:, 2].mean():.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
