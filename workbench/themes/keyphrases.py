"""Key phrases of one clause: the content n-grams a theme is built from and labelled with.

A key phrase is a run of 1-3 consecutive content words inside a clause. Content words are what
is left after the language's stopwords, fillers ("um", "you know"), transcript stage notes
("[laughs]", "(long pause)", "*sighs*"), bare numbers and evaluation words are taken out; a stop,
filler or evaluation word ends a run. Evaluation words come from the sentiment lexicon (a word
whose valence is at least :data:`EVALUATIVE_VALENCE` in either direction), so "slow" or
"terrible" can never be a theme on their own, nor pad a label. Phrases are keyed by their stems
(so "queue" and "queues" are one phrase) and remember how they were said, for the label.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from ..voc import text as voc_text

MAX_WORDS = 3   # "waited 40 minutes", "chat queue", "plastic packaging waste": three words carry a theme
# VADER's valences run from -4 to +4; |v| >= 1 is where its authors' raters agreed a word is clearly
# evaluative (Hutto and Gilbert 2014, the lexicon's mean ratings); below that are hedges like "want" (0.3).
EVALUATIVE_VALENCE = 1.0
# Languages written without spaces between words: a phrase's surface form joins tokens with "".
UNSPACED = frozenset({"zh", "ja", "th", "lo", "km", "my"})
# Stage notes and annotations: [laughs], (long pause), *sighs*, and a bracket cut in half by the
# sentence splitter ("laughs]"). Kept in the turns table, never read as customer words here.
_ANNOTATION = re.compile(r"\[[^\]]{0,60}\]|\([^)]{0,60}\)|\*[^*\n]{1,40}\*|^[^\[\]\n]{0,40}\]|\[[^\]\n]{0,40}$")
# English fillers, used when the language object offers none of its own (the voice pipeline's
# text cleaning is the authority; this only keeps themes clean whatever text reaches them).
FILLERS_EN = frozenset({"um", "umm", "uh", "uhh", "erm", "er", "ah", "eh", "hmm", "mm", "lah", "la", "lor", "leh",
                        "meh", "ya", "yah", "like", "okay", "ok"})
FILLER_PHRASES_EN = ("you know", "i mean", "sort of", "kind of")


@dataclass
class Vocabulary:
    """How one language's clauses are cut into key phrases; every part can be passed in."""

    code: str
    tokenize: Callable[[str], list[str]]
    stem: Callable[[str], str]
    drop: frozenset[str]                 # stopwords, fillers and evaluation words (lower case)
    filler_phrases: tuple[str, ...] = ()
    joiner: str = " "
    stop: frozenset[str] = frozenset()   # the stopwords alone: allowed inside a label span
    # Function words: never at a label's edge. Where a language has a curated list
    # (data/themes/function_words_<code>.txt) it is that, else its stopwords. English needs its own:
    # stopwordsiso's list holds content words ("end", "shown", "line") that may close a label.
    edge: frozenset[str] = frozenset()
    generic: frozenset[str] = frozenset()   # stems that say nothing happened alone ("service"; see .label)
    # Sentence particles that end a label span ("sih", "lah", "ครับ"): a label never runs across one
    # ("kirim pas jam makan siang gila sih mahalnya"). Not in Chinese, where 了 and 的 sit inside a
    # phrase ("等了四十分钟", "我的备注"); see label_words.tsv.
    breaks: frozenset[str] = frozenset()
    cue: frozenset[str] = frozenset()   # the stage's touchpoint cue stems (see .label: a cue alone says where)
    _cache: dict = field(default_factory=dict, repr=False)
    # Per clause text, what is computed from it alone: a stage's clauses are cut once for the language's
    # background counts, again for the stage, and a theme's again for every label candidate and merge.
    _phrase_cache: dict = field(default_factory=dict, repr=False)
    _span_cache: dict = field(default_factory=dict, repr=False)
    memo: dict = field(default_factory=dict, repr=False)   # other per-text or per-vocabulary results (see .label)

    def phrases(self, text: str) -> dict[tuple[str, ...], str]:
        """Stem key -> surface form for every key phrase of ``text`` (each key once). Cached per text:
        the returned dict is shared, read it only."""
        out = self._phrase_cache.get(text)
        if out is None:
            out = self._phrase_cache[text] = self._phrases(text)
        return out

    def _phrases(self, text: str) -> dict[tuple[str, ...], str]:
        low = self._clean(text)
        out: dict[tuple[str, ...], str] = {}
        for run in self._runs(low):
            stems = [self._stem(t) for t in run]
            for n in range(1, MAX_WORDS + 1):
                for i in range(len(run) - n + 1):
                    words = run[i:i + n]
                    if n == 1 and (words[0].isdigit() or len(words[0]) < 2 and self.joiner):
                        continue
                    key = tuple(stems[i:i + n])
                    out.setdefault(key, self.joiner.join(words))
        return out

    def spans(self, text: str) -> list[list[str]]:
        """Runs of the clause's words as written (lower case) in which stopwords stay: what a label
        span is cut from. Punctuation, stage notes, fillers and evaluation words still end a run.
        Cached per text: the returned lists are shared, read them only."""
        out = self._span_cache.get(text)
        if out is None:
            out = self._span_cache[text] = self._runs(self._clean(text), keep=self.stop - self.breaks)
        return out


    def _clean(self, text: str) -> str:
        text = _ANNOTATION.sub(" . ", text) if any(ch in text for ch in "[]()*") else text
        low = text.lower()
        for filler in self.filler_phrases:
            if filler in low:
                low = re.sub(rf"\b{re.escape(filler)}\b", " . ", low)
        return low

    def _runs(self, low: str, keep: frozenset[str] = frozenset()) -> list[list[str]]:
        runs: list[list[str]] = []
        for piece in re.split(r"[,;:.!?。！？，；：\"“”()\[\]/|…]+|\s[-–—]\s", low):
            runs += voc_text.runs_between(
                (tok.strip().lower() for tok in self.tokenize(piece)),
                lambda tok: not tok or (tok in self.drop and tok not in keep) or not any(ch.isalnum() for ch in tok))
        return runs

    def _stem(self, token: str) -> str:
        s = self._cache.get(token)
        if s is None:
            s = self._cache[token] = self.stem(token)
        return s


def evaluative_words(lexicon: dict[str, float] | None = None) -> frozenset[str]:
    """Single words of the sentiment lexicon that only evaluate (|valence| >= EVALUATIVE_VALENCE)."""
    if lexicon is None:
        return _lexicon_evaluative()
    return frozenset(w for w, v in lexicon.items() if " " not in w and abs(float(v)) >= EVALUATIVE_VALENCE)


@lru_cache(maxsize=1)
def _lexicon_evaluative() -> frozenset[str]:
    """The sentiment lexicon's evaluation words, read once per process (every persona's themes use them)."""
    from ..voc.sentiment import SentimentTagger
    return evaluative_words(SentimentTagger().lexicon)


def vocabulary_for(code: str, evaluative: Iterable[str] = frozenset(),
                   tokenize: Callable[[str], list[str]] | None = None) -> Vocabulary:
    """The :class:`Vocabulary` of a language from ``workbench.voc.text.language_for``.

    The language's own ``tokens``, ``stem``, ``stopwords`` and ``fillers`` are used where it has
    them; ``tokenize`` overrides the tokenizer (a segmenter for Chinese or Thai, or a test's)."""
    lang = voc_text.language_for(code)
    tokenizer = tokenize or getattr(lang, "tokenize", None) or getattr(lang, "tokens", None) or voc_text.tokens
    fillers = frozenset(getattr(lang, "fillers", ()) or (FILLERS_EN if lang.code == "en" else ()))
    single = frozenset(f for f in fillers if " " not in f)
    phrases = tuple(f for f in fillers if " " in f) or (FILLER_PHRASES_EN if lang.code == "en" else ())
    drop = frozenset(lang.stopwords) | single | frozenset(w.lower() for w in evaluative)
    stop = frozenset(lang.stopwords) - single - frozenset(w.lower() for w in evaluative)
    stem = lang.stem or str
    function = word_list(f"function_words_{lang.code}.txt")
    generic = frozenset(stem(w) for w in word_list(f"generic_{lang.code}.txt") or ())
    breaks = frozenset() if lang.code in PHRASE_PARTICLES else _particles(lang.code)
    return Vocabulary(code=lang.code, tokenize=tokenizer, stem=stem, drop=drop | breaks, filler_phrases=phrases,
                      joiner="" if lang.code in UNSPACED else " ", stop=stop,
                      edge=stop if function is None else function | single, generic=generic, breaks=breaks)


# Languages whose particles may sit inside a phrase (Chinese 了, 的: "等了四十分钟"): they only never open
# or close a label (quality.label_edge), they do not end its span.
PHRASE_PARTICLES = frozenset({"zh", "ja"})


def _particles(code: str) -> frozenset[str]:
    from .quality import label_words   # quality imports this module
    return label_words(code).particle


THEME_DATA = Path(__file__).resolve().parent.parent / "data" / "themes"


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str] | None:
    """A package word list of data/themes (one lower-cased word a line, '#' comments); None if absent."""
    path = THEME_DATA / name
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def surface(forms: Counter) -> str:
    """The commonest way a phrase was said (ties: alphabetical, so runs agree)."""
    return min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]
