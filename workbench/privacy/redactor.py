"""One compiled pass per text: find personal data, replace it with typed tokens, count what was done.

>>> r = Redactor(build_name_book([("P05", "Mei Ling")]))
>>> r.redact("Mei Ling: call me on 012-718 4432")[0]
'P05: call me on [PHONE]'

Structured types are always removed; names are removed unless ``keep_names`` (internal runs).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from . import check_digits
from .names import INTERVIEWER, NAME, PARTICIPANT, NameBook
from .patterns import CN_ID, EMAIL, NRIC, NUMBER, URL, URL_TRAILING, address_pattern, reference_context, \
    url_is_personal

EMAIL_T, PHONE_T, CARD_T, ID_T, ADDRESS_T, URL_T = "email", "phone", "card", "id", "address", "url"
TYPES = (EMAIL_T, PHONE_T, CARD_T, ID_T, ADDRESS_T, URL_T, PARTICIPANT, INTERVIEWER, NAME)
STRUCTURED = (EMAIL_T, PHONE_T, CARD_T, ID_T)
TOKENS = {EMAIL_T: "[EMAIL]", PHONE_T: "[PHONE]", CARD_T: "[CARD]", ID_T: "[ID]", ADDRESS_T: "[ADDRESS]",
          URL_T: "[URL]"}
# How far back (characters) to look for "order no." and the like before a run of digits.
REFERENCE_WINDOW = 30


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str
    replacement: str


class Redactor:
    """Compile once for a study (its names), then :meth:`find` / :meth:`redact` any number of texts."""

    def __init__(self, names: NameBook | None = None, keep_names: bool = False):
        self.names = names or NameBook()
        self.keep_names = keep_names
        parts = [f"(?P<email>{EMAIL})", f"(?P<url>{URL})", f"(?P<nric>{NRIC})", f"(?P<cnid>{CN_ID})",
                 f"(?P<number>{NUMBER})", f"(?P<address>{address_pattern()})"]
        name_pattern = None if keep_names else self.names.pattern()
        if name_pattern:
            parts.append(f"(?P<name>{name_pattern})")
        self.pattern = re.compile("|".join(parts))
        self._reference = reference_context()

    def find(self, text: str) -> list[Span]:
        """Every piece of personal data in ``text``, left to right, not overlapping."""
        spans: list[Span] = []
        for m in self.pattern.finditer(text):
            kind = m.lastgroup
            if kind == "email":
                spans.append(Span(m.start(), m.end(), EMAIL_T, TOKENS[EMAIL_T]))
            elif kind == "url":
                url = m.group().rstrip(URL_TRAILING)
                if url_is_personal(url):
                    spans.append(Span(m.start(), m.start() + len(url), URL_T, TOKENS[URL_T]))
            elif kind == "nric":
                if check_digits.nric_ok(m.group()):
                    spans.append(Span(m.start(), m.end(), ID_T, TOKENS[ID_T]))
            elif kind == "cnid":
                if check_digits.cn_id_ok(m.group()):
                    spans.append(Span(m.start(), m.end(), ID_T, TOKENS[ID_T]))
                else:
                    spans += self._numbers(text, m.start(), m.group())
            elif kind == "number":
                spans += self._numbers(text, m.start(), m.group())
            elif kind == "address":
                spans.append(Span(m.start(), m.end(), ADDRESS_T, TOKENS[ADDRESS_T]))
            elif kind == "name":
                token, name_type = self.names.lookup(m.group())
                spans.append(Span(m.start(), m.end(), name_type, token))
        return spans

    def _numbers(self, text: str, start: int, raw: str) -> list[Span]:
        """Classify a run of digits; when the whole run is nothing, try its space-separated groups
        (a phone number followed by a year, two numbers in a row)."""
        reference = bool(self._reference.search(text, max(0, start - REFERENCE_WINDOW), start))
        kind = check_digits.classify_digits(_digits(raw), raw.lstrip().startswith("+"), reference)
        if kind:
            return [Span(start, start + len(raw), kind, TOKENS[kind])]
        groups = [(g.start(), g.group()) for g in re.finditer(r"\S+", raw)]
        if len(groups) < 2:
            return []
        spans: list[Span] = []
        i = 0
        while i < len(groups):
            for j in range(len(groups), i, -1):
                if j - i == len(groups):
                    continue  # the whole run was tried above
                piece = raw[groups[i][0]: groups[j - 1][0] + len(groups[j - 1][1])]
                digits = _digits(piece)
                if len(digits) < 7:
                    continue
                at = start + groups[i][0]
                ref = bool(self._reference.search(text, max(0, at - REFERENCE_WINDOW), at))
                kind = check_digits.classify_digits(digits, piece.startswith("+"), ref)
                if kind:
                    spans.append(Span(at, at + len(piece), kind, TOKENS[kind]))
                    i = j
                    break
            else:
                i += 1
        return spans

    def redact(self, text: str) -> tuple[str, Counter]:
        """``text`` with every span replaced, and the count of replacements by type."""
        if not isinstance(text, str) or not text:
            return text, Counter()
        spans = self.find(text)
        if not spans:
            return text, Counter()
        out, last = [], 0
        for span in spans:
            out.append(text[last:span.start])
            out.append(span.replacement)
            last = span.end
        out.append(text[last:])
        return "".join(out), Counter(span.type for span in spans)


def _digits(raw: str) -> str:
    """ASCII digits of ``raw`` (full-width and other decimal digits folded: "０１２" -> "012")."""
    return "".join(str(unicodedata.decimal(ch)) for ch in raw if ch.isdecimal())
