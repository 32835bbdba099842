"""Customer text into sentences, clauses and word tokens, dispatched on language.

Every language the voice-of-customer chapter understands is a :class:`Language` in a registry
keyed by ISO 639-1 code. English is complete: a trained Punkt model splits sentences, contrast
connectives split clauses, the Snowball stemmer folds inflections and stopwordsiso bounds phrases.
Malay, Indonesian, Thai and Chinese are built in :mod:`workbench.language.languages` (segmenters,
curated stopwords, contrast words) and registered here; a code with no entry falls back to a
generic splitter with a warning and never fails. ``Language.tokenize`` cuts any mix of scripts
with the right segmenter (jieba for Han, nlpo3 for Thai, a regex for Latin).
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import punkt
import stopwordsiso
from nltk.stem.snowball import SnowballStemmer

DATA = Path(__file__).resolve().parent.parent / "data" / "voc"

# A word token: letters/digits, keeping inner apostrophes and hyphens ("don't", "e-wallet").
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# Any word-internal apostrophe is folded to ASCII so "don’t" and "don't" are one token.
APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


@dataclass(frozen=True)
class Language:
    """What the pipeline needs to read one language's customer text."""

    code: str
    split_sentences: Callable[[str], list[tuple[int, int]]]  # text -> (start, end) spans
    contrast: tuple[str, ...] = ()          # connectives that start a new clause mid-sentence
    stopwords: frozenset[str] = frozenset()
    stem: Callable[[str], str] = str
    clause_pattern: re.Pattern | None = field(default=None, compare=False)
    fronted_pattern: re.Pattern | None = field(default=None, compare=False)
    tokenize: Callable[[str], list[str]] = field(default=None, compare=False)  # text -> lower-cased words

    def __post_init__(self):
        if self.tokenize is None:
            from ..language.segment import tokenize
            object.__setattr__(self, "tokenize", tokenize)


_REGISTRY: dict[str, Callable[[], Language]] = {}
_WARNED: set[str] = set()


def register_language(code: str, factory: Callable[[], Language]) -> None:
    """Make ``code`` (ISO 639-1) available; ``factory`` is called once, on first use."""
    _REGISTRY[code] = factory
    language_for.cache_clear()


def supported_languages() -> list[str]:
    return sorted(_REGISTRY)


@lru_cache(maxsize=None)
def language_for(code: object) -> Language:
    """The :class:`Language` for ``code``; unknown codes get the generic fallback and a warning."""
    key = str(code).strip().lower() if isinstance(code, str) and code.strip() else "en"
    if key in _REGISTRY:
        return _REGISTRY[key]()
    if key not in _WARNED:
        _WARNED.add(key)
        warnings.warn(f"voice of the customer: language '{key}' has no dedicated support yet "
                      f"(supported: {', '.join(supported_languages())}); using the generic splitter, "
                      "and English sentiment lexicons will mostly read it as neutral", stacklevel=2)
    return _generic(key)


# ----- sentence splitting -----------------------------------------------------------------------

_TERMINATORS = re.compile(r"[^\s.!?。！？][^.!?。！？\n]*(?:[.!?。！？]+|\n|$)")


def _regex_sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(m.group().rstrip())) for m in _TERMINATORS.finditer(text)]


# A terminator with more text after it: only then can a text hold more than one sentence.
_INNER_BREAK = re.compile(r"[.!?…。！？\n]\s*\S")


def _punkt_splitter(model: str) -> Callable[[str], list[tuple[int, int]]]:
    by_paragraph = punkt.tokenizer_for(model, line_breaks="paragraph", prefixes=True)
    running = punkt.tokenizer_for(model, line_breaks="ignore", prefixes=True)

    def split(text: str) -> list[tuple[int, int]]:
        if not _INNER_BREAK.search(text):
            return [(0, len(text))] if text.strip() else []
        tokenizer = by_paragraph if "\n" in text else running
        return list(tokenizer.span_tokenize(text))
    return split


# ----- clauses ----------------------------------------------------------------------------------

def _clause_pattern(contrast: tuple[str, ...]) -> re.Pattern:
    words = "|".join(re.escape(w) for w in sorted(contrast, key=len, reverse=True))
    # The connective, with any comma/semicolon/dash before it; "but also" is not a contrast.
    return re.compile(rf"[,;:\-–—]?\s*\b(?:{words})\b(?!\s+also\b)[,]?\s*", re.IGNORECASE)


def _fronted_pattern(words: tuple[str, ...]) -> re.Pattern:
    """A sentence opening with a concessive ("Although X, Y"): split at the first comma after X."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\s*(?:{alternatives})\s+", re.IGNORECASE)


def split_clauses(sentence: str, language: Language) -> list[tuple[int, int]]:
    """(start, end) spans of the clauses of one sentence, connectives left out."""
    spans: list[tuple[int, int]] = []
    start = 0
    fronted = language.fronted_pattern.match(sentence) if language.fronted_pattern is not None else None
    if fronted:
        comma = sentence.find(",", fronted.end())
        if comma > 0:
            spans.append((fronted.end(), comma))
            start = comma + 1
    pattern = language.clause_pattern
    if pattern is not None and pattern.search(sentence, start):
        for m in pattern.finditer(sentence, start):
            if m.start() > start:
                spans.append((start, m.start()))
            start = max(start, m.end())
    spans.append((start, len(sentence)))
    out = []
    for a, b in spans:
        while a < b and not sentence[a].isalnum():
            a += 1  # leading punctuation and spaces belong to no clause
        while b > a and sentence[b - 1].isspace():
            b -= 1
        if any(ch.isalnum() for ch in sentence[a:b]):
            out.append((a, b))
    return out


def runs_between(tokens: Iterable[str], is_break: Callable[[str], bool]) -> list[list[str]]:
    """The runs of tokens between the tokens for which ``is_break`` holds (stopwords, punctuation):
    the candidate phrases of both the phrase index and the theme key phrases."""
    runs: list[list[str]] = []
    run: list[str] = []
    for tok in tokens:
        if is_break(tok):
            if run:
                runs.append(run)
            run = []
        else:
            run.append(tok)
    if run:
        runs.append(run)
    return runs


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens with apostrophes folded to ASCII."""
    return WORD.findall(text.translate(APOSTROPHES).lower())


# ----- languages --------------------------------------------------------------------------------

def _read_words(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def _english() -> Language:
    stemmer = SnowballStemmer("english")
    keep = _read_words("phrase_keep_en.txt")
    stop = frozenset(w for w in stopwordsiso.stopwords("en") if w not in keep and not w.isdigit())
    contrast = ("but", "however", "although", "though", "except", "whereas", "yet")
    cache: dict[str, str] = {}

    def stem(word: str) -> str:
        s = cache.get(word)
        if s is None:
            s = cache[word] = stemmer.stem(word)
        return s

    return Language(code="en", split_sentences=_punkt_splitter("english"), contrast=contrast,
                    stopwords=stop, stem=stem, clause_pattern=_clause_pattern(contrast),
                    fronted_pattern=_fronted_pattern(("although", "though", "even though", "while", "whilst")))


def _registered(code: str) -> Callable[[], Language]:
    def factory() -> Language:
        from ..language.languages import build
        return build(code)
    return factory


def _generic(code: str) -> Language:
    stop = frozenset(stopwordsiso.stopwords(code)) if stopwordsiso.has_lang(code) else frozenset()
    return Language(code=code, split_sentences=_regex_sentences, stopwords=stop)


register_language("en", _english)
for _code in ("ms", "id", "th", "zh"):
    register_language(_code, _registered(_code))
