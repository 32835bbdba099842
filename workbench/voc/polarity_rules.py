"""Lexicon and clause rules for sentiment in ms, id, th and zh: the part that carries across domains.

Each language has a lexicon (``data/sentiment/lexicon_<code>.tsv``, valences on VADER's -4..+4
scale) and a rule file (``data/sentiment/rules_<code>.tsv``) listing its negators, intensifiers
(before or after the word they strengthen), contrast connectives and complaint-question openers.
:class:`RuleScorer` applies the rules that :mod:`workbench.voc.sentiment` applies to English:

- negation: a negator up to three words before (Malay/Indonesian) or right before, optionally with
  an intensifier or "quite" between (Thai/Chinese: "ไม่ค่อยดี", "不太好") scales the valence by
  VADER's N_SCALAR (-0.74);
- intensifiers add VADER's booster increment (0.293) away from zero ("sangat", "banget", "มาก", "很");
- contrast: words before the last contrast connective ("tapi", "แต่", "但是") weigh 0.5, after 1.5;
- complaint questions ("kenapa lama sangat?", "ทำไมช้าจัง", "为什么这么慢"): their positive words
  are rhetorical and the question adds -1.6, as for English;
- excess (Chinese): "太甜了", "咸得要命", "热死了": "too X" or a degree complement of complaint after
  a word the lexicon does not hold is itself a complaint (:data:`EXCESS_VALENCE`); after a lexicon
  word it only strengthens it ("太好吃了" stays praise, "贵到离谱" is a stronger "贵"). A negator
  right before "太" ("不太辣") cancels it.
- requests (Thai: "อยากให้ส่งเร็วกว่านี้", "ช่วยตอบแชทหน่อย", "แล้วก็คืนเงินให้เร็ว"; the ``request``
  rows of a rule file): their positive words are wishes, not praise, and the request adds
  :data:`REQUEST_VALENCE`, unless the same chunk thanks (``thanks`` rows: "ขอบคุณที่ช่วย...ให้เร็ว").

:meth:`RuleScorer.read` also gives the text the model should read: with negated negative words
("ไม่หก", "ไม่แพง") and a request's wished-for words taken out, since a bag-of-n-grams model
trained on social media reads "ไม่" as a complaint whatever follows it (used for Thai, see
:data:`workbench.voc.multilingual.MASKED_FOR_MODEL`).

Thai and Chinese are matched on characters (longest lexicon entry first), so no segmenter is needed;
Latin-script languages on words. English words inside any of them ("service slow", "app 很 good")
fall back to the VADER lexicon, so code-mixed text keeps its English sentiment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .polarity_forms import REQUEST_VALENCE as FORM_REQUEST_VALENCE
from .polarity_forms import SENTENCE as _SENTENCE
from .polarity_forms import reader as form_reader
from .polarity_models import normalise, read_rows

N_SCALAR = -0.74                # nltk VaderConstants.N_SCALAR
BOOSTER = 0.293                 # nltk VaderConstants.B_INCR
CONTRAST_BEFORE_WEIGHT = 0.5    # VADER's _but_check, as for English
CONTRAST_AFTER_WEIGHT = 1.5
COMPLAINT_QUESTION_VALENCE = -1.6  # the English tagger's value (sentiment.py)
# A request is a milder complaint than a question: half the complaint question's valence. Wisesight
# (wisesight_train) labels most requests neutral (rows with "ขอให้": 67% neutral, 14% negative;
# "อยากให้": 52% / 36%; but "...กว่านี้", "than this": 71% negative), so the rule nudges rather
# than decides.
REQUEST_VALENCE = COMPLAINT_QUESTION_VALENCE / 2
REQUEST_GAP = 30                # characters a split request ("ช่วย ... หน่อย", written ช่วย*หน่อย) spans
SCRIPT_LANGUAGES = ("th", "zh")
# "too X" about a word of no valence of its own: the customer lexicon sets "overpriced" -1.8 as
# "expensive" -1.0 plus "too", so "too" alone carries about -0.8; a Chinese "太X了" or "X死了" about
# food or rooms ("太甜了", "太小了", "热死了") is a plain complaint, as "slow" -1.2 there.
EXCESS_VALENCE = -1.2
EXCESS_MAX_LETTERS = 4          # "太X了": X of one to four letters ("太让人失望了" is read by its words)
# Thai vowel and tone marks written above or below a letter (U+0E31, U+0E34-0E3A, U+0E47-0E4E)
THAI_MARKS = "\u0E31\u0E34-\u0E3A\u0E47-\u0E4E"
NEGATION_WINDOW = 3             # VADER's three-word window, for Latin-script languages
# Malay borrows most of its evaluative vocabulary with Indonesian; its own entries come first.
BORROWS = {"ms": ("id",)}
_LATIN_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_ASCII_WORD = re.compile(r"[a-z][a-z']+")
_SPACE = re.compile(r"\s+")
_SUFFIXES = ("nya", "lah", "kah", "pun", "ku", "mu")


@lru_cache(maxsize=None)
def lexicon(code: str) -> dict[str, float]:
    """term -> valence for ``code``: its own lexicon over any it borrows from, over malaya's (ms)."""
    out: dict[str, float] = {}
    if code == "ms":
        for term, valence, *_ in read_rows("lexicon_ms_malaya.tsv", 2):
            out[normalise(term)] = float(valence)
    for other in BORROWS.get(code, ()):
        out.update({normalise(t): float(v) for t, v, *_ in read_rows(f"lexicon_{other}.tsv", 2)})
    out.update({normalise(t): float(v) for t, v, *_ in read_rows(f"lexicon_{code}.tsv", 2)})
    out.update({t: float(v) for t, v, *_ in read_rows("lexicon_emoji.tsv", 2)})
    return out


@lru_cache(maxsize=None)
def rules(code: str) -> dict[str, tuple[str, ...]]:
    kinds: dict[str, list[str]] = {}
    for other in BORROWS.get(code, ()) + (code,):
        for kind, term, *_ in read_rows(f"rules_{other}.tsv", 2):
            kinds.setdefault(kind, []).append(normalise(term))
    return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in kinds.items()}


def _alternation(terms) -> str:
    return "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))


@dataclass
class Hit:
    start: int
    end: int
    valence: float
    negated_at: int | None = None   # where the negator of a negated hit starts


def _request_pattern(terms) -> str:
    """Request markers; ``*`` in a term stands for up to :data:`REQUEST_GAP` characters."""
    parts = [(r"[^ ]{0,%d}?" % REQUEST_GAP).join(re.escape(p) for p in t.split("*"))
             for t in sorted(set(terms), key=len, reverse=True)]
    return "|".join(parts)


class RuleScorer:
    """Lexicon valences under negation, intensifier, contrast and complaint-question rules."""

    def __init__(self, code: str, english: dict[str, float] | None = None):
        self.code = code
        self.script = code in SCRIPT_LANGUAGES
        self.lex = lexicon(code)
        r = rules(code)
        self.negators = frozenset(r.get("negator", ()))
        self.before = frozenset(r.get("intensifier_before", ()))
        self.after = frozenset(r.get("intensifier_after", ()))
        self.english = {w: v for w, v in (english or {}).items() if len(w) > 2 and w.isalpha()}
        for w in self.negators | self.before | self.after | frozenset(r.get("contrast", ())):
            self.english.pop(w, None)
        b = "" if self.script else r"\b"
        self.contrast = re.compile(rf"{b}(?:{_alternation(r['contrast'])}){b}")
        self.question = re.compile(rf"^\s*(?:{_alternation(r['question'])}){b}")
        self.request = re.compile(_request_pattern(r["request"])) if r.get("request") else None
        self.thanks = re.compile(_alternation(r["thanks"])) if r.get("thanks") else None
        if self.script:
            # a Thai entry never ends before a mark that belongs to its last letter ("ไว", fast,
            # is not inside "ไว้", keep)
            self.terms = re.compile(rf"(?:{_alternation(self.lex)})(?![{THAI_MARKS}])")
            filler = _alternation(r.get("negation_filler", ()) + r.get("intensifier_before", ()))
            self.negated = re.compile(rf"(?:{_alternation(self.negators)})\s*(?:{filler})?\s*$")
            # room for the longest negator and filler with a space each ("ไม่ค่อย" is 7 letters)
            self.window = max(map(len, self.negators), default=0) + max(
                map(len, r.get("negation_filler", ()) + r.get("intensifier_before", ())), default=0) + 2
            self.boosted_before = re.compile(rf"(?:{_alternation(self.before)})\s*$")
            self.boosted_after = re.compile(rf"\s*(?:{_alternation(self.after)})")  # used with .match(pos)
            self.excess = None
            if r.get("excess_before") and r.get("excess_end") and r.get("excess_after"):
                self.excess = re.compile(
                    rf"(?P<open>{_alternation(r['excess_before'])})(?P<x>\w{{1,{EXCESS_MAX_LETTERS}}}?)"
                    rf"(?:{_alternation(r['excess_end'])}|(?=[^\w]|$))"
                    rf"|(?P<y>\w)(?P<after>{_alternation(r['excess_after'])})")
        self.longest = max((len(t.split()) for t in self.lex), default=1)
        # words that open a multi-word entry: only they need the longer lookups
        self.openers = frozenset(t.split()[0] for t in self.lex if " " in t)
        self._word_cache: dict[str, float | None] = {}
        self.forms = form_reader(code)

    # ----- public ------------------------------------------------------------------------------

    def split(self, norm: str) -> tuple[str, str] | None:
        """(before, after) the last contrast connective of normalised text, when both have words."""
        last = None
        for m in self.contrast.finditer(norm):
            last = m
        if last is None:
            return None
        before, after = norm[:last.start()].strip(), norm[last.end():].strip()
        return (before, after) if before and after else None

    def total(self, text: str, normalised: bool = False) -> float:
        """The rule-adjusted valence sum of ``text`` (0.0 when no lexicon word occurs);
        ``normalised``: ``text`` already went through :func:`normalise`."""
        return self.read(text if normalised else normalise(text))[0]

    def read(self, norm: str) -> tuple[float, str]:
        """(:meth:`total` of normalised ``norm``, ``norm`` with the words a model misreads taken
        out: negated negative words with their negator, positive entries that open with a negator
        ("ไม่มีปัญหา"), and the positive words of a request)."""
        hits = self._script_hits(norm) if self.script else self._word_hits(norm)
        forms = self.forms.forms_in(norm)
        if forms:   # a complaint form replaces the lexicon words inside it (polarity_forms)
            hits = sorted([h for h in hits if not any(f.start <= h.start < f.end for f in forms)]
                          + [Hit(f.start, f.end, f.valence) for f in forms], key=lambda h: h.start)
        masked = [(h.negated_at, h.end) for h in hits if h.negated_at is not None and h.valence > 0]
        masked += [(h.start, h.end) for h in hits if h.valence > 0 and h.negated_at is None
                   and any(norm.startswith(n, h.start) for n in self.negators)]
        requests, wishes = self._request_hits(norm, hits)   # the rule file's requests (Thai)
        asks = self.forms.requests_in(norm) if not requests else []  # polarity_forms' (the others)
        wishes += [h for h in hits if h.valence > 0 and any(a <= h.start < b for a, b in asks)]
        masked += [(h.start, h.end) for h in wishes]
        cut = self.split(norm)
        if cut is not None:
            at = len(norm) - len(cut[1])
            for h in hits:
                h.valence *= CONTRAST_BEFORE_WEIGHT if h.start < at else CONTRAST_AFTER_WEIGHT
        total = sum(h.valence for h in hits)
        for m in _SENTENCE.finditer(norm):
            sentence = m.group()
            if not self.question.match(sentence):
                continue
            inside = [h for h in hits if m.start() <= h.start < m.end()]
            if any(h.valence < 0 for h in inside) or sentence.rstrip().endswith(("?", "？")):
                total -= sum(h.valence for h in inside if h.valence > 0)
                total += COMPLAINT_QUESTION_VALENCE
        if requests or asks:
            total += REQUEST_VALENCE * requests + FORM_REQUEST_VALENCE * len(asks) - sum(h.valence for h in wishes)
        if not masked:
            return total, norm
        keep, at = [], 0
        for start, end in sorted(masked):
            if start >= at:
                keep.append(norm[at:start])
            at = max(at, end)
        keep.append(norm[at:])
        return total, _SPACE.sub(" ", " ".join(keep)).strip()

    def _request_hits(self, norm: str, hits: list[Hit]) -> tuple[int, list[Hit]]:
        """(how many requests, the positive hits inside them): a request is the space-delimited
        chunk around a request marker, unless it is a complaint question or thanks."""
        if self.request is None:
            return 0, []
        requests, wishes = 0, []
        seen = set()
        for m in self.request.finditer(norm):
            start = norm.rfind(" ", 0, m.start()) + 1
            end = norm.find(" ", m.end())
            end = len(norm) if end < 0 else end
            chunk = norm[start:end]
            if start in seen:       # "อยากให้...กว่านี้": one request, two markers
                continue
            seen.add(start)
            if self.question.match(chunk) or (self.thanks is not None and self.thanks.search(chunk)):
                continue
            requests += 1
            wishes += [h for h in hits if start <= h.start < end and h.valence > 0]
        return requests, wishes

    # ----- Latin script: words ------------------------------------------------------------------

    def _cached_lookup(self, word: str) -> float | None:
        """:meth:`_lookup`, remembered per word (answers repeat their words)."""
        try:
            return self._word_cache[word]
        except KeyError:
            v = self._word_cache[word] = self._lookup(word)
            return v

    def _lookup(self, word: str) -> float | None:
        v = self.lex.get(word)
        if v is not None:
            return v
        if "-" in word:  # reduplication: "enak-enak", "lambat-lambat"
            return self._lookup(word.split("-")[0])
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                v = self.lex.get(word[:-len(suffix)])
                if v is not None:
                    return v
        return self.english.get(word)

    def _word_hits(self, norm: str) -> list[Hit]:
        toks = [(m.start(), m.group()) for m in _LATIN_TOKEN.finditer(norm)]
        words = [t for _, t in toks]
        hits: list[Hit] = []
        i, n = 0, len(words)
        while i < n:
            found = None
            if words[i] in self.openers:
                for size in range(min(self.longest, n - i), 1, -1):
                    v = self.lex.get(" ".join(words[i:i + size]))
                    if v is not None:
                        found = (size, v)
                        break
            if found is None and words[i] not in self.negators and words[i] not in self.before \
                    and words[i] not in self.after:
                v = self._cached_lookup(words[i])
                if v is not None:
                    found = (1, v)
            if found is None:
                i += 1
                continue
            size, v = found
            for k in range(max(0, i - NEGATION_WINDOW), i):
                if words[k] in self.negators:
                    v *= N_SCALAR
                    break
            if any(words[k] in self.before for k in range(max(0, i - 2), i)) or \
                    (i + size < n and words[i + size] in self.after):
                v += BOOSTER if v > 0 else -BOOSTER
            hits.append(Hit(toks[i][0], toks[i + size - 1][0] + len(words[i + size - 1]), v))
            i += size
        return hits

    # ----- Thai and Chinese: characters ---------------------------------------------------------

    @staticmethod
    def _across_phrases(norm: str, negator_at: int, word_at: int) -> bool:
        """A space between a negator and the word ends the negator's phrase unless the negator
        opens its own ("ไม่ ดี"): in "ใช้ไม่ได้ หงุดหงิด" (it doesn't work, annoying) ไม่ได้ closes
        "ใช้ไม่ได้" and does not negate หงุดหงิด."""
        if not any(c.isspace() for c in norm[negator_at:word_at]):
            return False
        return negator_at > 0 and not norm[negator_at - 1].isspace()

    def _script_hits(self, norm: str) -> list[Hit]:
        raw = [Hit(m.start(), m.end(), self.lex[m.group()]) for m in self.terms.finditer(norm)]
        raw += [Hit(m.start(), m.end(), self.english[m.group()]) for m in _ASCII_WORD.finditer(norm)
                if m.group() in self.english]
        raw.sort(key=lambda h: h.start)
        hits: list[Hit] = []
        skip_boost = False
        for k, h in enumerate(raw):
            if h.valence == 0:      # a 0 entry only shields its letters ("หกโมง", six o'clock)
                continue
            term = norm[h.start:h.end]
            # "好慢", "真贵": an intensifier that is also a lexicon word strengthens the next word
            if term in self.before and k + 1 < len(raw) and raw[k + 1].start == h.end:
                skip_boost = True
                continue
            v = h.valence
            window = norm[max(0, h.start - self.window):h.start]
            negator = self.negated.search(window)
            if negator and not self._across_phrases(norm, h.start - len(window) + negator.start(), h.start):
                v *= N_SCALAR
            if skip_boost or self.boosted_before.search(window) or self.boosted_after.match(norm, h.end):
                v += BOOSTER if v > 0 else -BOOSTER
            skip_boost = False
            hits.append(Hit(h.start, h.end, v,
                            h.start - len(window) + negator.start() if negator else None))
        if self.excess is not None:
            hits = sorted(hits + self._excess_hits(norm, raw), key=lambda h: h.start)
        return hits

    def _excess_hits(self, norm: str, raw: list[Hit]) -> list[Hit]:
        """Complaints of excess about words of no valence: "太甜了", "咸得要命" (see the module)."""
        out = []
        for m in self.excess.finditer(norm):
            if m.group("open"):
                lo, hi = m.start("x"), m.end("x")
                if self.negated.search(norm[max(0, m.start() - 6):m.start()]):
                    continue            # "不太辣": not too spicy
            else:
                lo, hi = m.start("y"), m.end("y")
            if any(h.start < hi and h.end > lo for h in raw):
                continue                # a lexicon word: its valence, strengthened, decides
            out.append(Hit(m.start(), m.end(), EXCESS_VALENCE))
        return out
