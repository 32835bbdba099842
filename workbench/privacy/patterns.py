"""Regular expressions for structured personal data, and the word lists they are built from.

Every pattern here is a *candidate*: :mod:`workbench.privacy.redactor` joins them into one compiled
regex (one pass per text) and decides with :mod:`workbench.privacy.check_digits` whether a candidate is
personal data. Word lists are package data under ``workbench/data/privacy/``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

DATA = Path(__file__).resolve().parent.parent / "data" / "privacy"

# Characters that may not touch a number or code on either side. ASCII only: in Chinese or Thai text
# a number often follows a letter directly ("电话13812345678") and must still be found.
_EDGE = r"A-Za-z0-9_@"

EMAIL = r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
URL = r"(?:https?://|www\.)[^\s<>\"'()\[\]{}，。、）]+"
NRIC = rf"(?<![{_EDGE}])[STFGMstfgm]\d{{7}}[A-Za-z](?![{_EDGE}])"
CN_ID = rf"(?<![{_EDGE}])\d{{17}}[\dXx](?![{_EDGE}])"
# A run of digits with the separators people type (space, dot, dash, brackets), optionally with "+".
# 7 to 19 digits in all: the shortest phone number meant here (a Singapore number) has 8, the
# longest card 19. What the run is, is decided afterwards (checks.classify_digits).
_SEP = r"(?:[ .\-]|\)\s?|\s?\()?"
NUMBER = (rf"(?<![{_EDGE}+.\-/])(?P<plus>\+\s?)?\(?\d(?:{_SEP}\d){{6,18}}(?![{_EDGE}]|[.\-/,]\d)")
# Trailing characters a URL in prose rarely ends with; they are left in the text.
URL_TRAILING = ".,;:!?…"
# Path or query parts of a URL that identify a person: long tokens mixing letters and digits,
# hex strings, user/profile paths. A bare domain or a help page (lumi.example/help/returns) stays.
_PERSONAL_SEGMENT = re.compile(r"(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_\-]{6,}|[0-9a-fA-F]{8,}|\d{5,}")
_PERSONAL_PATH = re.compile(r"/(?:u|user|users|profile|member|members|account|id|p|track|t|invite|ref)/[^/]+", re.I)


def _words(name: str) -> list[str]:
    out = []
    for raw in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.strip() == "#" else "#"
        if line:
            out.append(line)
    return out


@lru_cache(maxsize=None)
def word_list(name: str) -> tuple[str, ...]:
    """A package word list (``relations.txt``...), comments and blank lines removed."""
    return tuple(_words(name))


def _alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=None)
def address_pattern() -> str:
    """Street addresses: a house number and a street word (No. 12, Jalan SS2/24, ...), a street word and
    "No. n" (Jl. Sudirman No. 45), a block and its number (Blk 123 Ang Mo Kio Avenue 3), a number, a name
    and a street suffix (12 Orchard Road), a Chinese road and number (武吉免登路23号), or a postcode and a
    known city (47300 Petaling Jaya). A comma tail of unit, RT/RW, postcode, place and state is taken in.
    A street named without a number or postcode ("Taman Melawati") is a place, not an address."""
    street = _alternation(word_list("street_words.txt"))
    city = _alternation(word_list("cities.txt"))
    word = r"(?:[A-Z][\w'’/\-]*|\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*|[A-Z]{1,4}\s?\d+(?:/\d+)*)"
    name = rf"{word}(?:\s+{word}){{0,4}}"
    number = r"(?:[A-Z]{1,2}-?)?\d{1,5}[A-Za-z]?(?:[\-/]\d{1,4}[A-Za-z]?)*"
    prefix = rf"(?:(?:No|Lot|Unit|Blok|Block|Blk|Apt|#)\.?\s*{number}|{number})"
    # A comma tail: unit ("#05-67"), "RT 02/RW 05", postcode and place, a street or place name, state.
    stop = r"(?!(?:And|But|So|Then|Because|I|The|It|We|Dan|Tapi|Jadi|Lalu|Kemudian|Saya|Kami)\b)"
    tail = (rf"(?:,?\s*#\d{{1,3}}-\d{{1,5}}|,\s*RT\.?\s*\d{{1,3}}\s*/\s*RW\.?\s*\d{{1,3}}"
            rf"|,?\s*\d{{5,6}}\s+{name}|,\s*(?:{street})\.?\s+{name}|,\s*{stop}{name}){{0,4}}"
            rf"(?:\s+\d{{5,6}}(?![\d\-]))?")
    forms = [
        rf"{prefix},?\s+(?:{street})\.?\s+{name}(?:,?\s+No\.?\s*{number})?{tail}",
        rf"(?:{street})\.?\s+{name},?\s+No\.?\s*{number}{tail}",
        rf"(?:Blk|Block|Blok)\.?\s*{number},?\s+{name}{tail}",
        rf"\d{{1,5}}[A-Za-z]?\s+(?:[A-Z][a-z]+\s+){{1,3}}(?:Street|Road|Avenue|Lane|Drive|Crescent|Boulevard)\b{tail}",
        r"[\u4e00-\u9fff]{1,12}(?:路|街|道|巷|弄)\d{1,5}(?:号|號)(?:[\u4e00-\u9fff\d\-]{0,10}(?:楼|樓|室|单元))?",
        rf"\d{{5,6}}\s+(?:{city})\b(?:,\s*(?:{city}))?(?:\s+\d{{5,6}}(?![\d\-]))?",
    ]
    return rf"(?<![{_EDGE}\-/])(?:" + "|".join(f"(?:{f})" for f in forms) + ")"


@lru_cache(maxsize=None)
def reference_context() -> re.Pattern:
    """Words that, right before a number ("order no. 80012345", "单号"), make it a reference number."""
    words = _alternation(word_list("not_phone_context.txt"))
    # One word may come between ("resi JNE 0123...", "pesanan saya nomor 2309...").
    return re.compile(rf"(?:(?<![A-Za-z])(?:{words}))(?:\s+[^\s\d]+)?\s*(?:no\.?|number|num|id|nombor|nomor|#)?\s*(?:is|:|#)?\s*$",
                      re.IGNORECASE)


def url_is_personal(url: str) -> bool:
    """A URL with a query, a fragment, a user path or an id-like token in its path."""
    try:
        parts = urlsplit(url if "://" in url else "http://" + url)
    except ValueError:
        return True  # cannot tell what it holds: treat as personal
    if parts.query or parts.fragment or parts.username:
        return True
    if _PERSONAL_PATH.search(parts.path):
        return True
    return any(_PERSONAL_SEGMENT.fullmatch(seg) for seg in parts.path.split("/") if seg)
