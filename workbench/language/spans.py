"""Split a code-mixed unit into spans, each with the language that should read it.

Script first: a Thai run is Thai and a Han run Chinese. A Latin run is then read word by word
against ``data/language/latin_words.tsv``: English words against Malay/Indonesian words, and a run
of Malay/Indonesian words is ms or id by its own marker words, else by the unit's language.
Words that tell nothing (names, numbers, loanwords not on a list) join the span before them, so
"checkout ok tapi ongkir mahal" (an id unit) is ``[checkout ok]en [tapi ongkir mahal]id``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .detect import latin_votes, latin_words, malay_or_indonesian
from .segment import HAN, HAS_HAN, HAS_THAI, THAI

_RUN = re.compile(rf"(?P<th>[{THAI}][{THAI}\s\d]*)|(?P<zh>[{HAN}][{HAN}\s\d，。！？、]*)|(?P<latin>[^{THAI}{HAN}]+)")
_LATIN_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    language: str


def _word_language(word: str, malayic_default: str) -> str | None:
    lw = latin_words()
    w = word.lower()
    if w in lw.en:
        return "en"
    if w in lw.ms:
        return "ms"
    if w in lw.id:
        return "id"
    if w in lw.malayic:
        return malayic_default
    head = w.split("-")[0]  # "selfie-nya": the suffix makes it Malay/Indonesian grammar
    if head != w and w.rsplit("-", 1)[-1] in ("nya", "lah", "kah", "pun"):
        return malayic_default
    return None


def split_spans(text: str, language: str = "en") -> list[Span]:
    """Spans (start, end, language) covering the words of ``text``; ``language`` is the unit's."""
    spans: list[Span] = []
    for m in _RUN.finditer(text):
        kind = m.lastgroup
        if kind != "latin":
            end = m.start() + len(m.group().rstrip())
            _append(spans, Span(m.start(), end, kind))
            continue
        words = list(_LATIN_WORD.finditer(m.group()))
        if not words:
            continue
        malayic = language if language in ("ms", "id") else (
            malay_or_indonesian(latin_votes([w.group().lower() for w in words])) or "ms")
        fallback = language if language in ("en", "ms", "id") else "en"
        current: str | None = None
        for w in words:
            lang = _word_language(w.group(), malayic)
            if lang in ("ms", "id"):
                lang = malayic  # one Malay/Indonesian language per run: the unit's or the run's
            lang = lang or current or None
            a, b = m.start() + w.start(), m.start() + w.end()
            if lang is None:
                # Leading unknown words: wait for the first telling word, else use the fallback.
                spans.append(Span(a, b, "?"))
                continue
            _append(spans, Span(a, b, lang))
            current = lang
        # Unknown words before any telling word in this run take the run's first language.
        first = current or fallback
        for i, s in enumerate(spans):
            if s.language == "?":
                spans[i] = Span(s.start, s.end, first)
        _merge(spans)
    return spans


def _append(spans: list[Span], span: Span) -> None:
    if spans and spans[-1].language == span.language and span.language != "?":
        spans[-1] = Span(spans[-1].start, span.end, span.language)
    else:
        spans.append(span)


def _merge(spans: list[Span]) -> None:
    i = 1
    while i < len(spans):
        if spans[i].language == spans[i - 1].language:
            spans[i - 1] = Span(spans[i - 1].start, spans[i].end, spans[i].language)
            del spans[i]
        else:
            i += 1


def dominant_language(text: str, language: str = "en") -> str:
    """The language holding most of ``text`` (the unit's language on a tie).

    Latin-only text is decided on word counts (English words against Malay/Indonesian ones),
    which is what the spans would say without building them; text with Thai or Han script
    weighs the letters of each span."""
    if not (HAS_THAI.search(text) or HAS_HAN.search(text)):
        votes = latin_votes(_LATIN_WORD.findall(text.lower()))
        if votes["en"] > votes["malayic"]:
            return "en"
        if votes["malayic"] > votes["en"]:
            if language in ("ms", "id"):
                return language
            return malay_or_indonesian(votes) or "ms"
        return language
    weight: dict[str, int] = {}
    for s in split_spans(text, language):
        weight[s.language] = weight.get(s.language, 0) + sum(ch.isalpha() for ch in text[s.start:s.end])
    if not weight:
        return language
    best = max(weight.values())
    return language if weight.get(language) == best else max(weight, key=weight.get)


_LATIN_LETTER = re.compile("[A-Za-z]")


def may_be_mixed(text: str, language: str) -> bool:
    """False when every clause of ``text`` is surely in ``language``: no second script and, for
    Latin text, no word of the other language group (English against Malay/Indonesian)."""
    thai_or_han = HAS_THAI.search(text) or HAS_HAN.search(text)
    if language in ("th", "zh"):
        return bool(_LATIN_LETTER.search(text)) or bool(thai_or_han and not (
            (language == "th" and not HAS_HAN.search(text)) or (language == "zh" and not HAS_THAI.search(text))))
    if thai_or_han:
        return True
    votes = latin_votes(_LATIN_WORD.findall(text.lower()))
    other = votes["malayic"] if language == "en" else votes["en"]
    return other > 0
