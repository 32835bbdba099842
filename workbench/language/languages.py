"""The :class:`~workbench.voc.text.Language` of Malay, Indonesian, Thai and Chinese.

Each gives the clause pipeline what English has: sentence spans, contrast clauses (tapi/tetapi/
namun, แต่, 但是/可是/不过), word tokens from the language's segmenter, stems (Sastrawi for
Indonesian; clitic "-nya"/"-lah" for Malay) and the curated stopwords of ``data/language``.
:mod:`workbench.voc.text` registers them; they are built once, on first use.
"""
from __future__ import annotations

import re
from pathlib import Path

from .segment import indonesian_stem, tokenize

DATA = Path(__file__).resolve().parent.parent / "data" / "language"

CONTRAST = {
    "ms": ("tapi", "tetapi", "namun", "cuma", "tp", "sedangkan", "manakala"),
    "id": ("tapi", "tetapi", "namun", "cuma", "tp", "sedangkan", "padahal"),
}
FRONTED = {
    "ms": ("walaupun", "walau", "meskipun", "biarpun", "sungguhpun"),
    "id": ("walaupun", "walau", "meskipun", "biarpun", "meski"),
}
# Thai แต่ ("but") without word boundaries: not inside แต่ง ("dress, marry"), แต่ละ ("each") or
# ตั้งแต่ ("since"). Chinese: 但是/可是/不过/然而/但, not in 不但 ("not only") or 只不过 ("merely").
THAI_CLAUSE = re.compile(r"\s*(?<!ตั้ง)แต่(?!ง|ละ)\s*")
CHINESE_CLAUSE = re.compile(r"[，,；;]?\s*(?:但是|可是|然而|(?<!只)不过|(?<!不)但(?!凡))\s*[，,]?")
# Sentence ends: terminators followed by space or end ("Rp 5.000" and "2.5" do not end a
# sentence), CJK terminators anywhere, line breaks; Thai also breaks sentences with a space.
_BREAK_LATIN = re.compile(r"[.!?…]+(?=\s|$)|[。！？]+|\n+")
_BREAK_THAI = re.compile(r"[.!?…]+(?=\s|$)|\n+|(?<=[\u0e00-\u0e7f])\s+(?=[\u0e00-\u0e7f])")


def _splitter(breaks: re.Pattern):
    def split(text: str) -> list[tuple[int, int]]:
        spans, start = [], 0
        for m in breaks.finditer(text):
            end = m.end() if not m.group().isspace() else m.start()
            _add(spans, text, start, end)
            start = m.end()
        _add(spans, text, start, len(text))
        return spans
    return split


def _add(spans: list, text: str, a: int, b: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if any(ch.isalnum() for ch in text[a:b]):
        spans.append((a, b))


def read_stopwords(code: str) -> frozenset[str]:
    lines = (DATA / f"stop_{code}.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


_CLITIC = re.compile(r"-?(?:nya|lah|kah|pun)$")


def malay_stem(word: str) -> str:
    """Malay: drop a clitic ("bayarannya" -> "bayaran", "selfie-nya" -> "selfie"); affixes stay."""
    if len(word) > 5 and word.isascii():
        bare = _CLITIC.sub("", word)
        if len(bare) >= 3:
            return bare
    return word


def build(code: str):
    from ..voc.text import Language, _clause_pattern, _fronted_pattern
    if code in ("ms", "id"):
        return Language(code=code, split_sentences=_splitter(_BREAK_LATIN), contrast=CONTRAST[code],
                        stopwords=read_stopwords(code), stem=indonesian_stem if code == "id" else malay_stem,
                        clause_pattern=_clause_pattern(CONTRAST[code]),
                        fronted_pattern=_fronted_pattern(FRONTED[code]), tokenize=tokenize)
    if code == "th":
        return Language(code="th", split_sentences=_splitter(_BREAK_THAI), contrast=("แต่",),
                        stopwords=read_stopwords("th"), clause_pattern=THAI_CLAUSE, tokenize=tokenize)
    if code == "zh":
        return Language(code="zh", split_sentences=_splitter(_BREAK_LATIN), contrast=("但是", "可是", "不过"),
                        stopwords=read_stopwords("zh"), clause_pattern=CHINESE_CLAUSE, tokenize=tokenize)
    raise KeyError(code)
