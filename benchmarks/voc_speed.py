"""Speed of the voice-of-customer pipeline against plain VADER, in the same run.

Generates N seeded survey answers of about 25 words, then times
  1. plain VADER ``polarity_scores`` (nltk's, on the vadersentiment lexicon) over the answers;
  2. the pipeline: sentence + clause splitting, touchpoint tagging, sentiment, emotion, phrase
     extraction with collocation scoring (``ClausePipeline.run`` + ``extract_phrases``);
and prints both times and their ratio. Target (issue 3): ratio <= 2 and pipeline < 60 s at
N = 100,000 on a 2-core machine.

    .venv/bin/python benchmarks/voc_speed.py [--n 100000] [--profile]
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from pathlib import Path

import pandas as pd
import yaml

from workbench.config import parse_study_config
from workbench.voc.clauses import ClausePipeline
from workbench.voc.phrases import extract_phrases
from workbench.voc.sentiment import plain_vader

ROOT = Path(__file__).resolve().parent.parent
SEED = 20260703
BATCH = 5_000  # answers per interleaved timing batch

OPENERS = ["Honestly", "Overall", "To be fair", "Well", "I think", "Last time", "This order", "As usual", ""]
SUBJECTS = ["the checkout", "the delivery fee", "the courier", "the support chat", "the size guide", "my parcel",
            "the product page", "the refund", "the app", "the payment page", "shipping", "the packaging",
            "the loyalty points", "the voucher", "the agent", "the tracking"]
PREDICATES = ["was easy and quick", "was a shock at the end", "took forever to load", "was really helpful",
              "arrived two days late", "was confusing and slow", "worked fine for me", "was not clear at all",
              "came well packed in a box", "was more than the item itself", "kept crashing on my phone",
              "was friendly and solved it", "never arrived", "was charged twice", "made me wait 40 minutes",
              "was exactly what I needed", "looked nothing like the photos", "had no problems at all"]
# Details vary the vocabulary so phrase counting meets thousands of distinct n-grams, as real text does.
ADJECTIVES = ["new", "blue", "cotton", "tiny", "heavy", "cheap", "pretty", "plain", "striped", "soft", "huge",
              "second", "old", "cute", "thin", "warm", "bright", "long", "short", "linen"]
NOUNS = ["dress", "shirt", "basket", "towel", "mug", "lamp", "pillow", "blanket", "bag", "cap", "skirt", "sock",
         "jacket", "bowl", "plate", "curtain", "rug", "shoe", "scarf", "vase", "jar", "sheet", "toy", "book"]
JOINERS = [" but ", " and ", ". ", ", however ", ", although ", " because ", ". Also "]
TAILS = ["", " Why is it so hard?", " Would order again.", " I had to call three times.", " Love it!",
         " Not sure if I will come back.", " Five stars.", " Please fix this."]


def generate(n: int, seed: int = SEED) -> list[str]:
    """``n`` survey answers of about 25 words, reproducible from ``seed``."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        clauses = [f"{rng.choice(SUBJECTS)} for the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} "
                   f"{rng.choice(PREDICATES)}" for _ in range(rng.choice((1, 2, 2, 3)))]
        body = clauses[0]
        for clause in clauses[1:]:
            body += rng.choice(JOINERS) + clause
        text = f"{rng.choice(OPENERS)} {body}".strip()
        text = text[0].upper() + text[1:] + "." + rng.choice(TAILS)
        out.append(text)
    return out


def units_for(texts: list[str]) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame({"source": "survey", "unit_id": [f"bench:R{i}:Q1" for i in range(n)],
                         "participant": [f"R{i % (n // 3 + 1)}" for i in range(n)], "persona": "all",
                         "file": "surveys/bench.csv", "ref": range(2, n + 2), "start": float("nan"),
                         "text": texts, "language": "en", "about": "overall"})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--profile", action="store_true", help="print the pipeline's top functions by time")
    args = ap.parse_args(argv)
    config = parse_study_config(yaml.safe_load((ROOT / "corpora/demo-shop/study.yml").read_text()),
                                ROOT / "corpora/demo-shop")
    texts = generate(args.n)
    units = units_for(texts)
    words = sum(t.count(" ") + 1 for t in texts) / len(texts)

    # The two are timed in interleaved batches, so a busy machine (other jobs on the same cores)
    # slows both alike and the ratio stays meaningful; wall and CPU seconds are both reported.
    vader = plain_vader()
    pipeline = ClausePipeline(config)
    profiler = cProfile.Profile() if args.profile else None
    wall = {"vader": 0.0, "clauses": 0.0, "phrases": 0.0}
    cpu = dict(wall)
    parts = []
    for lo in range(0, len(texts), BATCH):
        batch = texts[lo:lo + BATCH]
        w, c = time.perf_counter(), time.process_time()
        for t in batch:
            vader.polarity_scores(t)
        wall["vader"] += time.perf_counter() - w
        cpu["vader"] += time.process_time() - c
        w, c = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        parts.append(pipeline.run(units.iloc[lo:lo + BATCH]))
        if profiler:
            profiler.disable()
        wall["clauses"] += time.perf_counter() - w
        cpu["clauses"] += time.process_time() - c
    w, c = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    clauses = pd.concat(parts, ignore_index=True)
    index = extract_phrases(clauses)
    if profiler:
        profiler.disable()
    wall["phrases"] += time.perf_counter() - w
    cpu["phrases"] += time.process_time() - c
    t_vader, t_clauses = wall["vader"], wall["clauses"]
    t_pipeline = wall["clauses"] + wall["phrases"]
    cpu_pipeline = cpu["clauses"] + cpu["phrases"]

    print(f"{args.n:,} generated answers, {words:.1f} words on average; {len(clauses):,} clauses, "
          f"{len(index.phrases):,} candidate phrases")
    print(f"{'step':<44}{'wall s':>10}{'CPU s':>10}")
    print(f"{'plain VADER polarity_scores (baseline)':<44}{t_vader:>10.2f}{cpu['vader']:>10.2f}")
    print(f"{'  split + tag + sentiment + emotion':<44}{t_clauses:>10.2f}{cpu['clauses']:>10.2f}")
    print(f"{'  phrase extraction + collocations':<44}{wall['phrases']:>10.2f}{cpu['phrases']:>10.2f}")
    print(f"{'voice-of-customer pipeline':<44}{t_pipeline:>10.2f}{cpu_pipeline:>10.2f}")
    print(f"{'ratio pipeline / plain VADER':<44}{t_pipeline / t_vader:>10.2f}{cpu_pipeline / cpu['vader']:>10.2f}"
          "   (target <= 2.00)")
    print(f"{'pipeline under 60 s':<44}{'yes' if t_pipeline < 60 else 'NO':>10}"
          f"{'yes' if cpu_pipeline < 60 else 'NO':>10}")
    if profiler:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
