"""Exact n-gram counts against a fixed vocabulary, for a whole batch at once, with numpy.

sklearn's ``CountVectorizer.transform`` builds every n-gram of every text as a Python string, one at
a time: 10,000 short answers took about 30 s on the shared 2-core machine. Here a batch becomes one
array of symbol codes (characters, or words for word blocks), texts and words separated by a code
that no vocabulary term holds. Each n-gram is then the integer made of its symbol codes side by
side (``bits`` per symbol), computed for all positions at once; a sorted array of the vocabulary's
integers finds the matches with ``searchsorted``. The packing is exact, not a hash: a vocabulary
whose alphabet needs more than :data:`MAX_BITS` bits per n-gram is refused (the caller then falls
back to sklearn). Counts equal ``CountVectorizer(vocabulary=...).transform`` for the analyzers the
shipped models use (``char``, ``char_wb`` with n-grams of at least length 1..3 at the low end, and
word n-grams over any tokenizer); ``tests/voc/test_sentiment.py`` checks it against sklearn.
"""
from __future__ import annotations

import re
from typing import Callable

import numpy as np
import scipy.sparse as sp

MAX_BITS = 63          # packed n-grams live in uint64
SEPARATOR, UNKNOWN = 0, 1   # codes no vocabulary term holds: between texts/words, and unseen symbols
NUL_STAND_IN = "\uffff"  # a Unicode noncharacter: never in a vocabulary
_WHITE_SPACES = re.compile(r"\s\s+")  # sklearn's VectorizerMixin._white_spaces


class NgramCounter:
    """Counts of the n-grams of ``vocabulary`` (term -> column) in a batch of texts.

    ``analyzer``: ``char`` | ``char_wb`` (characters) or ``words`` (then ``tokens`` splits a text
    into words; a vocabulary term is its words joined by one space)."""

    def __init__(self, vocabulary: dict[str, int], analyzer: str, low: int, high: int,
                 tokens: Callable[[str], list[str]] | None = None):
        if analyzer not in ("char", "char_wb", "words"):
            raise ValueError(f"NgramCounter: unknown analyzer '{analyzer}'")
        if analyzer == "char_wb" and low > 3:  # sklearn keeps a short padded word whole below low
            raise ValueError("NgramCounter: char_wb needs low <= 3")
        self.analyzer, self.low, self.high, self.tokens = analyzer, low, high, tokens
        self.size = len(vocabulary)
        split = (lambda t: t.split(" ")) if analyzer == "words" else list
        symbols = sorted({s for term in vocabulary for s in split(term)})
        self.bits = max(1, int(len(symbols) + 1).bit_length())
        if self.bits * high > MAX_BITS:
            raise ValueError(f"NgramCounter: {len(symbols)} symbols x {high}-grams do not fit {MAX_BITS} bits")
        if analyzer == "words":
            self.word_code = {s: i + 2 for i, s in enumerate(symbols)}
        else:
            self.char_code = np.full(0x110000, UNKNOWN, dtype=np.uint32)
            self.char_code[[ord(s) for s in symbols]] = np.arange(2, len(symbols) + 2, dtype=np.uint32)
            self.char_code[0] = SEPARATOR  # texts and padded words are joined with NUL
        self.keys: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        by_length: dict[int, list[tuple[list[str], int]]] = {}
        for term, column in vocabulary.items():
            parts = split(term)
            by_length.setdefault(len(parts), []).append((parts, column))
        for n, rows in by_length.items():
            if analyzer == "words":
                codes = np.array([[self.word_code[p] for p in parts] for parts, _ in rows], dtype=np.uint64)
            else:  # all terms of length n as one (terms x n) array of code points
                flat = "".join("".join(parts) for parts, _ in rows).encode("utf-32-le")
                codes = self.char_code[np.frombuffer(flat, dtype="<u4")].astype(np.uint64).reshape(len(rows), n)
            keys = np.zeros(len(rows), dtype=np.uint64)
            for k in range(n):
                keys = (keys << np.uint64(self.bits)) | codes[:, k]
            order = np.argsort(keys, kind="stable")
            self.keys[n] = (keys[order], np.array([c for _, c in rows], dtype=np.int64)[order])

    def _stream(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(symbol codes of the whole batch, with separators; the text each code belongs to)."""
        if self.analyzer == "words":
            get, codes, lengths = self.word_code.get, [], []
            for t in texts:
                words = self.tokens(t)
                codes.extend([get(w, UNKNOWN) for w in words])
                codes.append(SEPARATOR)
                lengths.append(len(words) + 1)
            stream = np.asarray(codes, dtype=np.uint64)
        else:
            texts = [t.replace("\x00", NUL_STAND_IN) for t in texts]  # a typed NUL is no cut
            if self.analyzer == "char":
                pieces = [_WHITE_SPACES.sub(" ", t) for t in texts]
            else:  # char_wb: every word padded with one space each side, n-grams inside it
                pieces = ["\x00".join(f" {w} " for w in _WHITE_SPACES.sub(" ", t).split()) for t in texts]
            lengths = [len(p) + 1 for p in pieces]
            points = np.frombuffer(("\x00".join(pieces) + "\x00").encode("utf-32-le"), dtype="<u4")
            stream = self.char_code[points].astype(np.uint64)
        return stream, np.repeat(np.arange(len(texts)), lengths)

    def counts(self, texts: list[str]) -> sp.csr_matrix:
        """texts x vocabulary counts (float32), equal to sklearn's for the same vocabulary."""
        if not texts:
            return sp.csr_matrix((0, self.size), dtype=np.float32)
        stream, owner = self._stream(texts)
        breaks = np.concatenate([[0], np.cumsum(stream == SEPARATOR)])
        rows, cols = [], []
        packed = stream.copy()
        for n in range(1, self.high + 1):
            if n > 1:
                packed = (packed[:-1] << np.uint64(self.bits)) | stream[n - 1:]
            if n < self.low or n not in self.keys or not len(packed):
                continue
            start = np.flatnonzero(breaks[n:n + len(packed)] == breaks[:len(packed)])
            keys, columns = self.keys[n]
            found = np.searchsorted(keys, packed[start])
            found[found == len(keys)] = 0
            hit = keys[found] == packed[start]
            rows.append(owner[start[hit]])
            cols.append(columns[found[hit]])
        r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        out = sp.csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(len(texts), self.size))
        out.sum_duplicates()
        return out
