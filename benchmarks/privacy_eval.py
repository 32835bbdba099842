"""Score privacy redaction on the labelled set and time it.

Prints, per type: n marked spans, recall (found / n) with its 95% Wilson interval, redactions made,
precision with its interval, and spans leaked (some letter or digit left unredacted by any span);
then the issue's targets (recall >= 0.98 for email, phone, card and id; precision >= 0.95) and
throughput: the redactor against a baseline measured in the same run (one pass of a plain email
regex over the same texts).

    .venv/bin/python benchmarks/privacy_eval.py [--set tests/privacy/pii_eval.tsv] [--prefix ho]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd

from workbench.privacy.evaluation import (PRECISION_TARGET, RECALL_TARGET, STRUCTURED_TYPES, misses,
                                          read_eval_set, redactor_for, score)
from workbench.privacy.patterns import EMAIL

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SET = ROOT / "tests" / "privacy" / "pii_eval.tsv"
# Copies of the set's texts timed together, so the measurement is well above timer noise.
SPEED_COPIES = 300


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", default=str(DEFAULT_SET), help="the labelled TSV")
    parser.add_argument("--prefix", default=None, help="score only sentences whose id starts with this")
    args = parser.parse_args()
    data = read_eval_set(Path(args.set))
    if args.prefix:
        data = replace(data, sentences=tuple(s for s in data.sentences if s.id.startswith(args.prefix)))
    redactor = redactor_for(data)
    table = score(data, redactor)
    pd.set_option("display.width", 160)
    print(f"{len(data.sentences)} sentences; languages: "
          + ", ".join(f"{k} {v}" for k, v in pd.Series([s.language for s in data.sentences]).value_counts().items()))
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    for line in misses(data, redactor):
        print("  " + line)
    by_type = table.set_index("type")
    ok = all(by_type.at[t, "recall"] >= RECALL_TARGET for t in STRUCTURED_TYPES if by_type.at[t, "n"])
    ok &= bool(by_type.at["all", "precision"] >= PRECISION_TARGET)
    print(f"targets (recall >= {RECALL_TARGET} for {', '.join(STRUCTURED_TYPES)}; precision >= {PRECISION_TARGET}): "
          + ("met" if ok else "NOT met"))

    texts = [s.text for s in data.sentences] * SPEED_COPIES
    chars = sum(map(len, texts))
    baseline = re.compile(EMAIL)
    start = time.perf_counter()
    for text in texts:
        baseline.findall(text)
    base_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        redactor.redact(text)
    seconds = time.perf_counter() - start
    print(f"speed: {len(texts)} texts, {chars / 1e6:.2f} M characters: redact {seconds:.2f} s "
          f"({chars / seconds / 1e6:.2f} M chars/s, {len(texts) / seconds:,.0f} texts/s); "
          f"baseline email-regex pass {base_seconds:.2f} s; ratio {seconds / base_seconds:.1f}x")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
