"""Linear text models for sentiment in ms, id, th and zh, stored as plain TSV (no pickles).

A model is TF-IDF over one or more blocks of n-grams (words and/or characters) followed by a
logistic regression. ``tools/train_sentiment.py`` fits it; this module holds what both training and
scoring share: the text normalisation, the featurisation and the file format, so the features a
model was trained on are exactly the features it scores with.

File format (``data/sentiment/<code>_model.tsv.gz``, gzip with mtime 0 so it is byte-reproducible):
the first line is ``#`` and a JSON header (language, classes, intercepts, blocks, training notes);
every further line is ``block<TAB>feature<TAB>idf<TAB>weight per class``.
"""
from __future__ import annotations

import gzip
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from .ngram_counts import NgramCounter

MODELS = Path(__file__).resolve().parent.parent / "data" / "sentiment"


def read_rows(name: str, columns: int) -> list[list[str]]:
    """The tab-separated rows of ``data/sentiment/<name>`` (blank and ``#`` lines skipped), each
    field stripped; a row with fewer than ``columns`` fields is an error naming the file and line."""
    path = MODELS / name
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) < columns:
                raise ValueError(f"{path}:{n}: expected {columns} tab-separated fields")
            rows.append([part.strip() for part in parts])
    return rows

_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")
_REPEAT = re.compile(r"(\D)\1{2,}")     # "bangeeeet" -> "bangeet"; digits ("555") stay
# Thai letters, vowels, tone marks and "ๆ" (not Thai digits) never stand three in a row in a word:
# a run is emphasis ("ดีมากกกก" -> "ดีมาก"). Cutting it to two, as for Latin script, left "มากก",
# which the segmenter splits into "มา", "กก" and the lexicon's "มาก" no longer matched.
_THAI_REPEAT = re.compile(r"([\u0E01-\u0E4F])\1{2,}")
_SPACE = re.compile(r"\s+")
# Word tokens for the word blocks: letters/digits, keeping in-word hyphens ("enak-enak").
WORD_PATTERN = r"(?u)\b\w[\w\-]*\b"


_WORD_RE = re.compile(WORD_PATTERN)
# Block analyzers beyond sklearn's own: "segmented" = word n-grams over workbench.language.segment's
# tokens (nlpo3 on pythainlp's dictionary for Thai, jieba for Chinese, a regex for Latin script).
SEGMENTED = "segmented"


def segmented_words(text: str) -> list[str]:
    from workbench.language.segment import tokenize
    return tokenize(text, study_words=False)   # the model's words never depend on a study's cues


def word_ngrams(tokens: list[str], low: int, high: int) -> list[str]:
    """sklearn's word n-grams of ``tokens``, lengths ``low``..``high``, joined by one space."""
    out = []
    for n in range(low, min(high, len(tokens)) + 1):
        out.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return out


def normalise(text: str) -> str:
    """Lower-case, URLs and @mentions to placeholders, long letter runs cut to two (Thai: to one),
    one space."""
    text = _URL.sub(" url ", text.lower())
    text = _MENTION.sub(" @user ", text)
    text = _REPEAT.sub(r"\1\1", _THAI_REPEAT.sub(r"\1", text))
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Block:
    """One n-gram block: ``analyzer`` is word | char | char_wb | segmented, n-grams ``low``..``high``."""

    analyzer: str
    low: int
    high: int

    def vectorizer(self, vocabulary: dict[str, int] | None = None, max_features: int | None = None,
                   min_df: int = 1) -> CountVectorizer:
        kwargs = dict(analyzer=self.analyzer, ngram_range=(self.low, self.high), lowercase=False,
                      dtype=np.float32)
        if self.analyzer == SEGMENTED:
            low, high = self.low, self.high
            kwargs = dict(analyzer=lambda t: word_ngrams(segmented_words(t), low, high), dtype=np.float32)
        elif self.analyzer == "word":
            kwargs["token_pattern"] = WORD_PATTERN
        if vocabulary is not None:
            return CountVectorizer(vocabulary=vocabulary, **kwargs)
        return CountVectorizer(max_features=max_features, min_df=min_df, **kwargs)

    def counter(self, vocabulary: dict[str, int]):
        """A batch counter equal to ``vectorizer(vocabulary).transform`` (numpy, see
        :mod:`workbench.voc.ngram_counts`); sklearn's own when the vocabulary does not pack."""
        if self.analyzer in ("word", SEGMENTED):
            tokens = _WORD_RE.findall if self.analyzer == "word" else segmented_words
            args = ("words", self.low, self.high, tokens)
        else:
            args = (self.analyzer, self.low, self.high)
        try:
            return NgramCounter(vocabulary, *args).counts
        except ValueError:
            vec = self.vectorizer(vocabulary=vocabulary)
            vec._validate_vocabulary()
            return vec.transform


def tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear tf (1 + log count) times idf, each row L2-normalised (sklearn's TfidfTransformer)."""
    x = counts.tocsr(copy=True).astype(np.float32)
    x.data = 1.0 + np.log(x.data)
    x = x @ sp.diags(idf.astype(np.float32))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ x)


def smooth_idf(counts: sp.csr_matrix) -> np.ndarray:
    """sklearn's smoothed idf: ln((1 + n) / (1 + df)) + 1."""
    n = counts.shape[0]
    df = np.bincount(counts.tocsc().indices, minlength=counts.shape[1])
    return np.log((1.0 + n) / (1.0 + df)) + 1.0


@dataclass
class LinearModel:
    """TF-IDF blocks + a linear layer: ``decision(texts)`` gives one score column per class."""

    language: str
    classes: list[str]
    blocks: list[Block]
    vocabularies: list[dict[str, int]]
    idfs: list[np.ndarray]
    weights: np.ndarray            # features x classes (or x 1 for a two-class model)
    intercept: np.ndarray
    notes: dict = field(default_factory=dict)
    _counters: list | None = field(default=None, repr=False, compare=False)

    def features(self, normalised: list[str]) -> sp.csr_matrix:
        if self._counters is None:  # built once per process
            self._counters = [b.counter(v) for b, v in zip(self.blocks, self.vocabularies)]
        parts = [tfidf(count(normalised), idf) for count, idf in zip(self._counters, self.idfs)]
        return sp.hstack(parts, format="csr")

    def decision(self, texts: list[str], normalised: bool = False) -> np.ndarray:
        """Raw scores (n x classes; n x 1 for two classes: the positive class's log-odds).
        ``normalised``: the texts already went through :func:`normalise`."""
        if not texts:
            return np.zeros((0, self.weights.shape[1]))
        x = self.features(texts if normalised else [normalise(t) for t in texts])
        return np.asarray(x @ self.weights) + self.intercept

    # ----- file format ---------------------------------------------------------------------------

    def dumps(self) -> bytes:
        header = {"language": self.language, "classes": self.classes,
                  "intercept": [round(float(v), 5) for v in self.intercept],
                  "blocks": [[b.analyzer, b.low, b.high] for b in self.blocks], "notes": self.notes}
        out = io.StringIO()
        out.write("#" + json.dumps(header, ensure_ascii=False, sort_keys=True) + "\n")
        offset = 0
        for i, (vocab, idf) in enumerate(zip(self.vocabularies, self.idfs)):
            for term, j in sorted(vocab.items(), key=lambda kv: kv[1]):
                w = "\t".join(f"{v:.5f}" for v in self.weights[offset + j])
                out.write(f"{i}\t{term}\t{idf[j]:.5f}\t{w}\n")
            offset += len(vocab)
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
            gz.write(out.getvalue().encode("utf-8"))
        return buf.getvalue()

    @classmethod
    def load(cls, path: Path) -> "LinearModel":
        with gzip.open(path, "rt", encoding="utf-8", newline="\n") as f:
            header = json.loads(f.readline()[1:])
            blocks = [Block(a, lo, hi) for a, lo, hi in header["blocks"]]
            vocabs: list[dict[str, int]] = [{} for _ in blocks]
            idfs: list[list[float]] = [[] for _ in blocks]
            rows = []
            for line in f:
                parts = line.rstrip("\n").split("\t")
                b = int(parts[0])
                vocabs[b][parts[1]] = len(vocabs[b])
                idfs[b].append(float(parts[2]))
                rows.append([float(v) for v in parts[3:]])
        return cls(language=header["language"], classes=header["classes"], blocks=blocks,
                   vocabularies=vocabs, idfs=[np.asarray(v) for v in idfs],
                   weights=np.asarray(rows, dtype=np.float64), intercept=np.asarray(header["intercept"]),
                   notes=header.get("notes", {}))


def model_path(code: str) -> Path:
    return MODELS / f"{code}_model.tsv.gz"
