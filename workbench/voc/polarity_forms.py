"""Complaint forms and requests: customer sentences that are negative with no negative word in them.

Customers complain by telling what happened: "delivery fee went up again", "ongkir naik lagi",
"ค่าส่งขึ้นอีกแล้ว", "配送费又涨了" (a price rise); "tunggu sejam", "รอตั้งชั่วโมง", "等了一个小时"
(a long wait); "refund tak masuk lagi" (a refund not received); "makanan sejuk", "sup tumpah",
"อาหารเย็นชืด", "汤洒了" (cold or spilt food); "app crash masa bayar", "แอปเด้ง", "闪退" (an app that
crashes); "porsi sikit", "份量太少" (a small portion); "looks quite different from the photo", "tak sama
macam gambar", "ไม่ตรงปก", "色差" (not as pictured). A lexicon cannot hold these ("naik", up, and
"sejuk", cold, are not negative words; "air sejuk", a cold drink, is good), and models trained on
social media or product reviews read most of them neutral. The forms are regexes per language in
``data/sentiment/forms.tsv``; each form found adds the valence of its kind (:data:`FORM_VALENCE`)
and replaces the lexicon words inside it, so nothing counts twice. A form right after a negator
("tak payah tunggu lama", no need to wait long; "the food was not cold") does not count.

Requests ("please add e-wallet", "tolong tambah", "希望增加", "pls reduce the plastic") tell an
unmet need, so in customer feedback they lean negative (:data:`REQUEST_VALENCE`) and the positive
words inside them are wishes, not praise ("make delivery faster"). A request does not count when
its sentence thanks or wishes well ("tolong ya, terima kasih", "please enjoy", "希望越来越好": the
``exempt`` rows) or asks a question of fact (it ends in "?"; complaint questions have their own
rule). Thai requests are read by :class:`workbench.voc.polarity_rules.RuleScorer` (its ``request``
and ``thanks`` rows), which also takes them out of the text the Thai model reads.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from nltk.sentiment.vader import VaderConstants

from .polarity_models import read_rows

# Valences on VADER's -4..+4 scale, set by analogy with the English customer patterns
# (data/voc/customer_patterns.tsv) so that a form weighs what the same complaint weighs in English.
FORM_VALENCE = {
    "price-rise": -1.6,   # between "too expensive" (-1.4) and "hidden fee" (-2.0)
    "wait": -1.9,         # "waited 40 minutes" (implicit-pain, -1.9)
    "refund": -2.0,       # "still haven't received" (-2.0)
    "cold-food": -1.8,    # "waste" (-1.8, VADER lexicon): food paid for and spoilt
    "spilt": -1.8,        # as cold food
    "crash": -2.0,        # "doesn't work" (-2.0)
    "portion": -1.5,      # "out of stock" (-1.5): less than was paid for
    "not-as-pictured": -1.8,   # "waste" (-1.8): paid for what the photos showed, got something else
}
# Three quarters of a complaint question (-1.6 in sentiment.py): a request names an unmet need but
# says it more mildly than "why is it so slow?". Thai keeps polarity_rules.REQUEST_VALENCE (-0.8),
# chosen on Wisesight, where most requests are labelled neutral.
REQUEST_VALENCE = -1.2
NEGATION_WINDOW = 3                  # VADER's three words before, for Latin script
SCRIPT_NEGATION_CHARS = 4            # Thai/Chinese: a negator ending this close before ("没洒", "ไม่หก")
SCRIPT_LANGUAGES = ("th", "zh")
# Kinds whose forms hold their own negator ("refund belum masuk", "dah seminggu tak sampai"):
# a negator inside the match is part of the complaint, not a denial of it.
NEGATED_INSIDE = ("refund", "wait", "not-as-pictured")
# Thai and Chinese kinds whose forms are a subject, a gap of a few characters and a verb, with no negator
# of their own ("ค่าส่ง...ขึ้น", "份量...少"): a negator in the gap denies them. Other kinds hold their own
# ("เข้าแอปไม่ได้", cannot open the app; "打不开"; "อาหาร...ไม่ร้อน", the food was not hot).
SCRIPT_GAP_DENIED = ("price-rise", "portion")
ENGLISH_NEGATORS = frozenset(VaderConstants.NEGATE) | {"no", "never", "not", "nothing"}
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_CLAUSE = re.compile(r"[^.!?;,。！？；，\n]+")
SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]*")   # a sentence with its end marks


@dataclass(frozen=True)
class Form:
    start: int
    end: int
    kind: str
    valence: float


def _rows() -> list[tuple[str, str, str]]:
    """(language, kind, regex) rows of forms.tsv; a row may name several languages ("ms,id")."""
    return [(code.strip(), kind, rx) for codes, kind, rx, *_ in read_rows("forms.tsv", 3)
            for code in codes.split(",")]


class FormReader:
    """The complaint forms and requests of one language (en, ms, id, th, zh)."""

    def __init__(self, code: str):
        self.code = code
        self.script = code in SCRIPT_LANGUAGES
        b = "" if self.script else r"\b"
        mine = [(k, rx) for c, k, rx in _rows() if c == code]
        forms = [(k, rx) for k, rx in mine if k in FORM_VALENCE]
        self.kinds = {f"f{i}": k for i, (k, _) in enumerate(forms)}
        self.forms = re.compile("|".join(f"(?P<f{i}>{b}(?:{rx}){b})" for i, (_, rx) in enumerate(forms))) \
            if forms else None
        self.request = self._join(mine, "request", b)
        self.exempt = self._join(mine, "exempt", b)
        if code == "en":
            self.negators = ENGLISH_NEGATORS
        else:
            from .polarity_rules import rules    # polarity_rules reads its forms from here
            self.negators = frozenset(rules(code).get("negator", ()))
        self._negator = re.compile("|".join(re.escape(n) for n in sorted(self.negators, key=len, reverse=True)))

    @staticmethod
    def _join(rows, kind: str, b: str) -> re.Pattern | None:
        parts = [rx for k, rx in rows if k == kind]
        return re.compile(f"{b}(?:{'|'.join(parts)}){b}") if parts else None

    def forms_in(self, low: str) -> list[Form]:
        """The complaint forms of lower-cased ``low``, leftmost first, none after a negator."""
        if self.forms is None:
            return []
        out = []
        for m in self.forms.finditer(low):
            kind = self.kinds[m.lastgroup]
            if self._negated(low, m.start(), m.end(), kind):
                continue
            out.append(Form(m.start(), m.end(), kind, FORM_VALENCE[kind]))
        return out

    def _negated(self, low: str, start: int, end: int, kind: str) -> bool:
        if self.script:   # before the form, or in its gap ("ค่าส่งไม่ขึ้น", the fee did not go up; "配送费没涨")
            inside = low[start:end] if kind in SCRIPT_GAP_DENIED else ""
            return bool(self._negator.search(low[max(0, start - SCRIPT_NEGATION_CHARS):start] + " " + inside))
        before = _WORD.findall(low[:start])[-NEGATION_WINDOW:]
        inside = _WORD.findall(low[start:end]) if kind not in NEGATED_INSIDE else []
        return any(w in self.negators or w.endswith("n't") for w in before + inside)

    def total(self, low: str) -> float:
        """The forms' valences plus the requests' (Thai requests are the rule file's, not counted)."""
        asks = self.requests_in(low) if self.code != "th" else []
        return sum(f.valence for f in self.forms_in(low)) + REQUEST_VALENCE * len(asks)

    def requests_in(self, low: str) -> list[tuple[int, int]]:
        """(start, end) of each clause of ``low`` holding a request that counts (see the module)."""
        if self.request is None or not self.request.search(low):
            return []
        out = []
        for s in SENTENCE.finditer(low):
            sentence = s.group()
            if sentence.rstrip().endswith(("?", "？")) or (self.exempt and self.exempt.search(sentence)):
                continue
            for c in _CLAUSE.finditer(sentence):
                if self.request.search(c.group()):
                    out.append((s.start() + c.start(), s.start() + c.end()))
        return out


@lru_cache(maxsize=None)
def reader(code: str) -> FormReader:
    return FormReader(code)


def english_forms(low: str) -> tuple[list[Form], list[tuple[int, int]]] | None:
    """(forms, request clauses) of lower-cased English text, or None when there are none."""
    r = reader("en")
    found, asks = r.forms_in(low), r.requests_in(low)
    return (found, asks) if found or asks else None


def place_forms(forms: list[Form], starts: list[int], sentiments: list[float], covered: list[bool]) -> None:
    """Put each form's valence on its first token (tokens start at ``starts``) and mark its tokens
    covered, as the English tagger does for its customer patterns; a form over a token a pattern
    already covers is left to the pattern."""
    for f in forms:
        first, last = bisect.bisect_left(starts, f.start), bisect.bisect_left(starts, f.end)
        if first >= last or any(covered[first:last]):
            continue
        covered[first:last] = [True] * (last - first)
        sentiments[first:last] = [0.0] * (last - first)
        sentiments[first] = f.valence


def place_requests(asks: list[tuple[int, int]], starts: list[int], sentiments: list[float]) -> None:
    """A request's positive words are wishes (set to 0) and the request adds :data:`REQUEST_VALENCE`."""
    for lo, hi in asks:
        first, last = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
        if first >= last:
            continue
        for k in range(first, last):
            if sentiments[k] > 0:
                sentiments[k] = 0.0
        sentiments[first] += REQUEST_VALENCE
