"""Sentiment of a code-mixed text: each language's span read by that language's scorer, combined.

Issue 14: "checkout ok tapi ongkir mahal", "the rider was so friendly, tapi makanan sejuk dah" and
"送餐很快 but the food was cold" mix languages inside one clause. The English tagger does not know
"mahal" and the Malay model does not know "keeps crashing", so scoring the text by its main language
loses one side. :func:`reading_spans` cuts the text into the spans of
:func:`workbench.language.split_spans`, keeping a span in the unit's language unless it is clearly
another (below), and :func:`combine` adds the spans' valences back up: the polar spans'
compounds are averaged, each span counting once, the spans after the last contrast connective
("but", "tapi", "แต่", "但是") weighing 1.5 and those before it 0.5 (VADER's ``_but_check``).
Spans are not weighted by their words: each reader already turns its span's words into one
compound on VADER's saturating scale, so weighting by words again let a long, mildly positive span
("环境还行，服务员挺客气的，") outvote the short complaints after it ("the room was dirty and smelly，
太恶心了"): on the code-mixed table of tests/voc/test_mixed.py, 24 of 30 right by words, 27 of 30
with each span once (the three left are misread inside one span, by the English tagger).

When a span goes to another reader: Thai and Han script always go to th and zh. A Latin span inside
a Malay, Indonesian, Thai or Chinese text is read as English only when it holds at least
:data:`ENGLISH_MIN_WORDS` English words outnumbering its Malay/Indonesian words (single loanwords
such as "app" or "refund" stay with the unit, whose scorer reads English words through VADER's
lexicon anyway). A Malay/Indonesian span inside an English text needs :data:`MALAYIC_MIN_WORDS`
telling words, so one stray "a" or "di" in an English review changes nothing.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..language.detect import SUPPORTED, latin_votes
from ..language.segment import HAN, THAI, WORD
from ..language.spans import may_be_mixed, split_spans
from .polarity_rules import CONTRAST_AFTER_WEIGHT, CONTRAST_BEFORE_WEIGHT, lexicon, rules

# As workbench.voc.clauses: a Latin clause in a Malay/Indonesian unit is English only with at least
# two English words, outnumbering its Malay/Indonesian words two to one.
ENGLISH_MIN_WORDS = 2
ENGLISH_OVER_MALAYIC = 2
MALAYIC_MIN_WORDS = 1          # telling Malay/Indonesian words a span of an English text needs
ENGLISH_CONTRAST = ("but", "however")   # the English tagger's CONTRAST_AFTER
NEUTRAL_BAND = 0.05            # workbench.voc.sentiment's +-0.05 label thresholds
# A Thai or Chinese piece with fewer letters than this ("客服 " before "very helpful") is a name, not
# a clause: the two-class Chinese model would still give it a polarity, so it joins its neighbour.
MIN_SCRIPT_LETTERS = 4
_SCRIPT_LETTER = re.compile(f"[{THAI}{HAN}]")
_THAI_LETTER = re.compile(f"[{THAI}]")
_HAN_LETTER = re.compile(f"[{HAN}]")


def english_enough(piece: str) -> bool:
    votes = latin_votes(WORD.findall(piece.lower()))
    return votes["en"] >= ENGLISH_MIN_WORDS and votes["en"] > ENGLISH_OVER_MALAYIC * votes["malayic"]


def _malayic_enough(piece: str, code: str) -> bool:
    words = WORD.findall(piece.lower())
    votes = latin_votes(words)
    polar = lexicon(code)
    if not any(w in polar for w in words):
        return False            # nothing in it the English reader misses: keep the text whole
    return votes["malayic"] >= MALAYIC_MIN_WORDS and votes["malayic"] >= votes["en"]


def _other_script(text: str, code: str) -> bool:
    """Thai or Han letters that are not the unit's own script."""
    return bool((code != "th" and _THAI_LETTER.search(text)) or (code != "zh" and _HAN_LETTER.search(text)))


def reading_spans(text: str, code: str) -> list[tuple[str, str]]:
    """(piece, language) in text order, the pieces covering ``text``; one pair when the whole
    text is read by ``code`` (the unit's language)."""
    if code not in SUPPORTED:
        return [(text, code)]
    if code != "en" and not _other_script(text, code) and \
            latin_votes(WORD.findall(text.lower()))["en"] < ENGLISH_MIN_WORDS:
        return [(text, code)]   # no span could leave the unit's reader: skip the split (speed)
    if not may_be_mixed(text, code):
        return [(text, code)]
    spans = split_spans(text, code)
    if len(spans) < 2:
        return [(text, code)]
    out: list[list[str]] = []
    for k, s in enumerate(spans):
        start = 0 if k == 0 else s.start
        end = spans[k + 1].start if k + 1 < len(spans) else len(text)
        piece = text[start:end]
        lang = s.language if s.language in SUPPORTED else code
        if lang in ("ms", "id") and code in ("ms", "id"):
            lang = code                 # Malay against Indonesian is the unit's call
        elif lang == "en" and code != "en" and not english_enough(piece):
            lang = code
        elif lang in ("ms", "id") and code == "en" and not _malayic_enough(piece, lang):
            lang = code
        if out and out[-1][1] == lang:
            out[-1][0] += piece
        else:
            out.append([piece, lang])
    return _cut_at_contrast(_join_fragments(out)) if len(out) > 1 else [(text, code)]


def _join_fragments(out: list[list[str]]) -> list[list[str]]:
    k = 0
    while len(out) > 1 and k < len(out):
        piece, lang = out[k]
        if lang in ("th", "zh") and len(_SCRIPT_LETTER.findall(piece)) < MIN_SCRIPT_LETTERS:
            if k + 1 < len(out):
                out[k + 1][0] = piece + out[k + 1][0]
            else:
                out[k - 1][0] += piece
            del out[k]
            k = max(0, k - 1)
            while k + 1 < len(out) and out[k][1] == out[k + 1][1]:  # neighbours now of one language
                out[k][0] += out.pop(k + 1)[0]
        else:
            k += 1
    return out


def _cut_at_contrast(out: list[list[str]]) -> list[tuple[str, str]]:
    """A connective inside a piece ("มาก แต่ อาหาร เย็นชืด") starts a piece of its own, so the
    contrast rule of :func:`combine` sees it."""
    cut: list[tuple[str, str]] = []
    for piece, lang in out:
        inside = [m.start() for m in _contrast_anywhere().finditer(piece) if m.start() > 0]
        if inside and piece[:inside[-1]].strip():
            cut += [(piece[:inside[-1]], lang), (piece[inside[-1]:], lang)]
        else:
            cut.append((piece, lang))
    return cut


@lru_cache(maxsize=1)
def _connectives() -> str:
    words, script = set(ENGLISH_CONTRAST), set()
    for code in ("ms", "id", "th", "zh"):
        (script if code in ("th", "zh") else words).update(rules(code).get("contrast", ()))
    latin = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    other = "|".join(re.escape(w) for w in sorted(script, key=len, reverse=True))
    return rf"(?<![^\W_])(?:{latin})(?![^\W_])|{other}"


@lru_cache(maxsize=1)
def _contrast() -> re.Pattern:
    return re.compile(rf"^[\W_]*(?:{_connectives()})", re.IGNORECASE)


@lru_cache(maxsize=1)
def _contrast_anywhere() -> re.Pattern:
    return re.compile(_connectives(), re.IGNORECASE)


def combine(pieces: list[str], compounds: list[float]) -> float:
    """One compound from the pieces' compounds: their mean, each polar piece once, weighted by
    contrast.

    The pieces come from different readers whose compounds share a scale but not a valence sum
    (a model's log-odds for one clear word can pass a whole English clause), so compounds are
    averaged rather than added. Neutral pieces ("the packaging was") take no part unless every
    piece is neutral: a plain statement beside a judgement does not soften it."""
    weights = [1.0] * len(pieces)
    at = next((k for k in range(len(pieces) - 1, 0, -1) if _contrast().match(pieces[k])), None)
    if at is not None:
        weights = [w * (CONTRAST_BEFORE_WEIGHT if k < at else CONTRAST_AFTER_WEIGHT) for k, w in enumerate(weights)]
    polar = [k for k, c in enumerate(compounds) if abs(c) > NEUTRAL_BAND]
    keep = polar or range(len(pieces))
    total = sum(weights[k] for k in keep)
    return round(sum(weights[k] * compounds[k] for k in keep) / total, 4) if total else 0.0
