"""Choose the per-language blend of rules and model (multilingual.BLEND) for id, ms and th.

Reads the hand-written development sets ``benchmarks/sentiment_sets/{code}_dev.tsv`` (complaint
forms, requests and their exemptions, plain praise and plain statements; see that folder's README)
and a seeded slice of the model's own training data (SmSA train for id and ms, Wisesight train
without ``q`` for th) as an in-domain guard. For every (lexicon weight, lexicon length, form boost) on the grid
it scores both with the shipped model and rules, and keeps the setting of best dev macro-F1 whose
guard macro-F1 is within :data:`GUARD_TOLERANCE` of the model notes' own setting; ties go to the
setting nearest the notes'. The evaluation sets (SmSA valid, Wisesight valid, the hand sets) are
never read.

    PYTHONPATH=$PWD .venv/bin/python tools/tune_blend.py [--languages id ms th] [--guard 1500]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from train_sentiment import training_set  # noqa: E402

from workbench.voc.multilingual import MASKED_FOR_MODEL, MODEL_OF, blend, combine, scorer_for  # noqa: E402
from workbench.voc.polarity_models import normalise  # noqa: E402
from workbench.voc.sentiment import label_for  # noqa: E402

SETS = ROOT / "benchmarks" / "sentiment_sets"
FOLDER = next((p / "shared" / "eval" / "sentiment" for p in (ROOT.parent, ROOT.parent.parent)
               if (p / "shared" / "eval" / "sentiment").is_dir()), ROOT.parent / "shared" / "eval" / "sentiment")
WEIGHTS = (0.15, 0.25, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0)
LENGTHS = (None, 10, 20, 30, 40, 60, 80)
BOOSTS = (0.0, 1.0, 2.0, 4.0, 8.0)
GUARD_TOLERANCE = 0.01
SEED = 14


def dev_set(code: str) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for line in (SETS / f"{code}_dev.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, label = line.rsplit("\t", 1)
            texts.append(text)
            labels.append(label.strip())
    return texts, labels


def parts(code: str, texts: list[str]):
    """(model scores, rule sums, the model's texts): what blend() and combine() need."""
    s = scorer_for(code)
    norm = [normalise(t) for t in texts]
    forms = np.array([s.rules.forms.total(n) for n in norm])
    if code in MASKED_FOR_MODEL:
        reads = [s.rules.read(n) for n in norm]
        lex, norm = np.array([r[0] for r in reads]), [r[1] for r in reads]
    else:
        lex = np.array([s.rules.total(n, normalised=True) for n in norm])
    return s.decision(norm, normalised=True), lex, norm, forms


def f1(code: str, p, truth: list[str], weight: float, length, boost: float = 0.0) -> float:
    z, lex, norm, forms = p
    lex = lex + boost * forms
    zz, w = blend(z, lex, norm, weight, length)
    labels = [label_for(c) for c in combine(zz, lex, scorer_for(code).model.classes, w)]
    return f1_score(truth, labels, labels=sorted(set(truth)), average="macro")


def tune(code: str, guard_n: int, folder: Path) -> tuple[float, float | None, float]:
    dev_texts, dev_truth = dev_set(code)
    g_texts, g_truth = training_set(MODEL_OF[code] if code != "ms" else "id", folder)
    pick = np.random.default_rng(SEED).choice(len(g_texts), size=min(guard_n, len(g_texts)), replace=False)
    g_texts, g_truth = [g_texts[i] for i in pick], [g_truth[i] for i in pick]
    dev, guard = parts(code, dev_texts), parts(code, g_texts)
    notes = scorer_for(code).model.notes
    home = (float(notes.get("lexicon_weight", 0.5)), notes.get("lexicon_length"))
    floor = f1(code, guard, g_truth, *home) - GUARD_TOLERANCE
    print(f"{code}: notes' setting {home}: dev F1 {f1(code, dev, dev_truth, *home):.3f}, "
          f"guard F1 {floor + GUARD_TOLERANCE:.3f} (n dev {len(dev_truth)}, guard {len(g_truth)})")
    best = None
    for w, length, k in ((w, n, k) for w in WEIGHTS for n in LENGTHS for k in BOOSTS):
        d, g = f1(code, dev, dev_truth, w, length, k), f1(code, guard, g_truth, w, length, k)
        far = abs(np.log(w / home[0])) + (0 if length == home[1] else 1) + k / 4
        print(f"  weight {w:<5} length {str(length):<5} boost {k:<4} dev F1 {d:.3f} guard F1 {g:.3f}"
              f"{'' if g >= floor else '  (guard)'}")
        if g >= floor and (best is None or (d, -far) > (best[0], -best[1])):
            best = (d, far, w, length, k)
    print(f"{code}: chosen weight {best[2]}, length {best[3]}, boost {best[4]} (dev F1 {best[0]:.3f})")
    return best[2], best[3], best[4]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--languages", nargs="+", default=["id", "ms", "th"])
    ap.add_argument("--guard", type=int, default=1500, help="training rows in the in-domain guard")
    ap.add_argument("--folder", type=Path, default=FOLDER)
    args = ap.parse_args(argv)
    chosen = {code: tune(code, args.guard, args.folder) for code in args.languages}
    print("BLEND = " + repr(chosen))
    return 0


if __name__ == "__main__":
    sys.exit(main())
