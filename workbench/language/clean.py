"""Stage notes, overlap marks and fillers out of customer text, in every supported language.

Transcripts carry the transcriber's notes ("[laughs]", "(inaudible 00:12:03)", "*sighs*",
"[ketawa]", "(笑)", "[หัวเราะ]"), speaker-overlap marks ("--", "[overlapping]", "//") and the
speaker's fillers ("um", "you know", "lah" on its own, "ครับ/ค่ะ", "嗯", a hesitating "那个").
The turns table keeps them for context; :func:`clean_text` gives the text the analysis counts:
a note becomes an elision mark "…" (so words on either side never join into one phrase), a
filler is dropped, and the text never starts or ends with either. The word lists are package
data (``data/language/fillers.tsv``); the patterns are here.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .segment import HAN, THAI

DATA = Path(__file__).resolve().parent.parent / "data" / "language"
ELISION = " … "
# Bracketed notes of up to 60 characters: [laughs], [long pause], [inaudible 00:12:03], [ketawa],
# [หัวเราะ], 【笑】; any bracketed text that short in a transcript is the transcriber's, not the customer's.
# Privacy placeholders ("[NAME]", "[EMAIL]", "[INTERVIEWER]") stand for the customer's words and stay.
_SQUARE = r"\[(?!(?-i:[A-Z][A-Z_]*)\])[^\]\n]{0,60}\]|【[^】\n]{0,20}】"
# Asterisk notes: *sighs*, *laughs nervously*.
_STARS = r"\*[^*\n]{1,30}\*"
# Overlap marks: a "//" or "--" standing alone, and a speaker's interrupted-word dash "ter--".
_OVERLAP = r"(?<!\S)(?://+|-{2,}|—|–)(?!\S)|(?<=\w)-{2,}(?!\w)"
# Thai laughter written as repeated fives ("555", "55555+"): ห้า = "ha".
_THAI_LAUGH = r"(?<![\d.,])5{3,}\+?(?![\d.,])"


@lru_cache(maxsize=1)
def _lists() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(parenthesised note words by language, fillers by language) from fillers.tsv."""
    notes: dict[str, list[str]] = {}
    fillers: dict[str, list[str]] = {}
    for line in (DATA / "fillers.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, code, words = line.split("\t")
        target = notes if kind == "note" else fillers
        target.setdefault(code, []).extend(w.strip() for w in words.split("|") if w.strip())
    return notes, fillers


def note_words(language: str) -> tuple[str, ...]:
    """The transcriber's note words of a language ("laughs", "ketawa", "หัวเราะ", "笑声"), from fillers.tsv."""
    return tuple(_lists()[0].get(language, ()))


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=None)
def _patterns(code: str) -> tuple[re.Pattern, re.Pattern | None]:
    notes, fillers = _lists()
    # Parenthesised notes only when they are note words: "(laughs)", "(ketawa)", "(笑)", "(หัวเราะ)";
    # "(the blue one)" is the customer's aside and stays.
    note_words = _alternation(w for ws in notes.values() for w in ws)
    paren = rf"[(（]\s*(?:{note_words})[^)）\n]{{0,25}}[)）]"
    parts = [_SQUARE, _STARS, paren, _OVERLAP]
    if code == "th" or code == "*":
        parts.append(_THAI_LAUGH)
    note = re.compile("|".join(parts), re.IGNORECASE)
    # Fillers: the language's own plus English ones (code-mixing carries them everywhere).
    words = fillers.get(code, []) + fillers.get("en", []) + fillers.get("*", [])
    latin = [w for w in words if not re.search(f"[{THAI}{HAN}]", w)]
    other = [w for w in words if re.search(f"[{THAI}{HAN}]", w)]
    pieces = []
    if latin:
        # A Latin filler is a whole word, with the comma that usually follows it.
        pieces.append(rf"(?<![\w'’-])(?:{_alternation(latin)})(?![\w'’-])\s*[,，]?")
    if other:
        # Thai/Chinese fillers have no spaces around them; the list holds only forms that are
        # fillers wherever they stand (嗯, ครับ). "那个" is a filler only before a pause mark.
        pieces.append(rf"(?:{_alternation(other)})[,，、…]?|那个(?=[,，、…\s])[,，、…]?")
    return note, (re.compile("|".join(pieces), re.IGNORECASE) if pieces else None)


_SPACES = re.compile(r"[ \t]{2,}")
_ELISIONS = re.compile(r"(?:\s*…\s*){2,}")
_EDGE = re.compile(r"^[\s…,，、;:]+|[\s…,，、;:]+$")
_QUICK = re.compile(r"[\[【(（*/]|-{2}|[—–]|555")


def clean_text(text: str, language: str = "en") -> str:
    """``text`` without stage notes, overlap marks and fillers; "" when nothing else is left."""
    if not isinstance(text, str) or not text:
        return ""
    note, filler = _patterns(language if language in _known_codes() else "en")
    if _QUICK.search(text):
        text = note.sub(ELISION, text)
    if filler is not None:
        text = filler.sub(" ", text)
    if "…" in text:
        text = _ELISIONS.sub(ELISION, text)
    text = _SPACES.sub(" ", text)
    text = _EDGE.sub("", text)
    return text if any(ch.isalnum() for ch in text) else ""


@lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    notes, fillers = _lists()
    return frozenset(set(notes) | set(fillers))
