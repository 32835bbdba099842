"""Sentiment of customer text: nltk's VADER on the vadersentiment lexicon, plus customer language.

:class:`SentimentTagger` scores text the way VADER does (Hutto and Gilbert 2014): lexicon valences,
boosters, negation in a three-word window, ALL-CAPS emphasis, "but" contrast, punctuation emphasis
and the same normalisation to a compound in [-1, 1]. The constants and the rules come from
``nltk.sentiment.vader`` itself; the scoring loop is re-implemented over pre-split tokens so that
100,000 answers score in seconds rather than minutes (nltk rebuilds a word x punctuation table per
call). On top of VADER it reads kinds of customer language plain VADER gets wrong, each listed in
package data (``data/voc``) and backed by a test table:

- negated problems ("no problems", "nothing went wrong", "couldn't be easier");
- implicit pain ("waited 40 minutes", "still haven't received it", "charged twice", "hidden fee");
- warnings to others ("don't waste your money");
- "no" as a determiner: "no help" negates "help" instead of adding VADER's -1.2 for "no";
- contrast: "however" weighs like "but", and a fronted "although X, Y" weighs Y over X;
- questions that are complaints ("why is shipping so expensive?", "where is my order?");
- customer words missing from the lexicon ("slow", "overpriced", "seamless");
- complaint forms with no negative word and requests (:mod:`workbench.voc.polarity_forms`):
  "delivery fee went up again", "the food arrived cold", "please add e-wallet".
"""
from __future__ import annotations

import bisect
import math
import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import nltk
import pandas as pd
import vaderSentiment
from nltk.sentiment.vader import SentimentIntensityAnalyzer, VaderConstants

from .mixed import combine, reading_spans
from .multilingual import language_code, scorer_for
from .polarity_forms import english_forms, place_forms, place_requests
from .rules import STARTS, dispatch, read_lines, read_tsv
from .text import APOSTROPHES

# The eval README's thresholds (and VADER's own recommendation): positive above +0.05, negative
# below -0.05, neutral in between.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05
LABELS = ("positive", "neutral", "negative")

_C = VaderConstants
# Contrast connectives that weigh the words after them 1.5x and before them 0.5x, as VADER does for
# "but" (VaderConstants/_but_check); "however" is the same move in customer prose.
CONTRAST_AFTER = ("but", "however")
# Fronted concessives ("although the site was slow, checkout was easy"): the concession until the
# first comma gets VADER's 0.5 and the main clause its 1.5.
CONTRAST_FRONTED = ("although", "though", "even though", "while", "whilst")
CONTRAST_BEFORE_WEIGHT = 0.5   # VADER's _but_check
CONTRAST_AFTER_WEIGHT = 1.5    # VADER's _but_check
# A complaint question adds the valence of "annoying" (-1.7 in the VADER lexicon), slightly less.
COMPLAINT_QUESTION_VALENCE = -1.6
NORMALISE_ALPHA = 15           # VaderConstants.normalize default
_PUNCT = string.punctuation


def label_for(compound: float) -> str:
    """positive | neutral | negative, at the +-0.05 thresholds of the evaluation README."""
    if compound is None or (isinstance(compound, float) and math.isnan(compound)):
        return "neutral"
    if compound > POSITIVE_THRESHOLD:
        return "positive"
    if compound < NEGATIVE_THRESHOLD:
        return "negative"
    return "neutral"


def vader_lexicon_dir() -> Path:
    """The folder holding vader_lexicon.txt inside the installed vadersentiment package."""
    return Path(vaderSentiment.__file__).resolve().parent


@lru_cache(maxsize=1)
def plain_vader() -> SentimentIntensityAnalyzer:
    """nltk's VADER on vadersentiment's lexicon, unchanged: the baseline every figure compares to."""
    folder = str(vader_lexicon_dir())
    if folder not in nltk.data.path:
        nltk.data.path.append(folder)  # nltk 3.10 refuses absolute lexicon paths
    return SentimentIntensityAnalyzer(lexicon_file="vader_lexicon.txt")


class SentimentTagger:
    """VADER plus customer-language rules. ``customer_rules=False`` gives VADER's algorithm alone."""

    def __init__(self, customer_rules: bool = True, neutral_terms: Iterable[str] = ()):
        """``neutral_terms``: names of things (a study's touchpoint cues such as "free shipping" or
        "support") whose words carry no sentiment of their own in this study."""
        self.customer_rules = customer_rules
        self.lexicon: dict[str, float] = dict(plain_vader().lexicon)
        self.patterns: dict[str, re.Pattern] = {}  # first character -> the rules that can start with it
        self.pattern_valence: dict[str, float] = {}
        self.pattern_kind: dict[str, str] = {}
        self.question: re.Pattern | None = None
        if customer_rules:
            for word, valence, *_ in read_tsv("customer_lexicon.tsv", 2):
                self.lexicon.setdefault(word.strip().lower(), float(valence))
            groups = []
            for i, (kind, valence, regex) in enumerate(read_tsv("customer_patterns.tsv", 3)):
                name = f"p{i}"
                self.pattern_valence[name] = float(valence)
                self.pattern_kind[name] = kind
                groups.append(f"(?P<{name}>{regex.strip()})")
            names = self._neutral(neutral_terms)
            if names:  # last, so a pain or relief pattern starting at the same word wins
                self.pattern_valence["names"] = 0.0
                self.pattern_kind["names"] = "study-term"
                groups.append(f"(?P<names>{names})")
            self.patterns = dispatch(groups)
            openers = "|".join(re.escape(o) for o in sorted(read_lines("complaint_questions.txt"), key=len, reverse=True))
            # A sentence that opens with a complaint opener and ends in "?".
            self.question = re.compile(rf"(?:^|(?<=[.!?]\s))\s*(?:{openers})\b[^.!?]*\?")
        self.boosters = dict(_C.BOOSTER_DICT)
        self.negators = frozenset(_C.NEGATE)
        self.idioms = dict(_C.SPECIAL_CASE_IDIOMS)

    def _neutral(self, terms: Iterable[str]) -> str:
        """Alternation of the terms that contain a lexicon word (only those change any score)."""
        keep = set()
        for term in terms:
            low = " ".join(term.translate(APOSTROPHES).lower().split())
            if low and any(w in self.lexicon for w in low.split()):
                keep.add(re.escape(low))
        return "|".join(sorted(keep, key=len, reverse=True))

    # ----- public API ---------------------------------------------------------------------------

    def polarity(self, text: str, language: str = "en") -> float:
        """Compound sentiment of ``text`` in [-1, 1] (0.0 for empty or non-text input).

        ``language``: en, ms, id, th or zh (see :mod:`workbench.voc.multilingual`); "auto" detects it
        (:mod:`workbench.voc.langguess`); any other code is read as English, with one warning.
        A code-mixed text is read span by span (:mod:`workbench.voc.mixed`)."""
        if not isinstance(text, str) or not text.strip():
            return 0.0
        pieces = self._pieces(text, language_code(language, text))
        values = [self._one(p, c) for p, c in pieces]
        return values[0] if len(values) == 1 else combine([p for p, _ in pieces], values)

    def _pieces(self, text: str, code: str) -> list[tuple[str, str]]:
        return reading_spans(text, code) if self.customer_rules else [(text, code)]

    def _one(self, text: str, code: str) -> float:
        return self._compound(text) if code == "en" else float(scorer_for(code).compounds([text])[0])

    def score(self, texts: Iterable[str], languages: Iterable[str] | None = None) -> pd.DataFrame:
        """One row per text: ``compound`` and ``label`` (positive | neutral | negative).

        ``languages``: one code per text (as for :meth:`polarity`), or None for all English. Texts of
        one language (and the spans of code-mixed texts) are scored together, so 100,000 answers
        take seconds."""
        texts = list(texts)
        codes = ["en"] * len(texts) if languages is None else [language_code(c, t) for c, t in zip(languages, texts)]
        if len(codes) != len(texts):
            raise ValueError(f"score: {len(texts)} texts but {len(codes)} languages")
        # answers repeat ("ok", "good service"): each distinct (text, language) is read once
        distinct = list(dict.fromkeys((t if isinstance(t, str) else "", c) for t, c in zip(texts, codes)))
        pieces = [self._pieces(t, c) if t.strip() else [("", c)] for t, c in distinct]
        flat = [pc for ps in pieces for pc in ps]
        values = [0.0] * len(flat)
        for code in dict.fromkeys(c for _, c in flat):
            rows = [i for i, (_, c) in enumerate(flat) if c == code]
            if code == "en":
                for i in rows:
                    values[i] = self._compound(flat[i][0]) if flat[i][0].strip() else 0.0
            else:
                for i, v in zip(rows, scorer_for(code).compounds([flat[i][0] for i in rows])):
                    values[i] = float(v)
        found, at = {}, 0
        for key, ps in zip(distinct, pieces):
            part = values[at:at + len(ps)]
            found[key] = part[0] if len(ps) == 1 else combine([p for p, _ in ps], part)
            at += len(ps)
        compound = [found[(t if isinstance(t, str) else "", c)] for t, c in zip(texts, codes)]
        return pd.DataFrame({"compound": compound, "label": [label_for(c) for c in compound]})

    def matches(self, text: str) -> list[tuple[str, str]]:
        """The customer-language rules that fire on ``text``, as (kind, matched words)."""
        if not self.customer_rules:
            return []
        low = text.translate(APOSTROPHES).lower()
        found = [(self.pattern_kind[m.lastgroup], m.group()) for m in self._find(low)]
        found += [("complaint-question", m.group().strip()) for m in self.question.finditer(low)]
        return found

    def _find(self, low: str) -> list[re.Match]:
        """Non-overlapping rule matches, leftmost first; at one position the earlier rule wins."""
        found: list[re.Match] = []
        end = -1
        patterns = self.patterns
        for start in STARTS.finditer(low):
            at = start.start()
            if at < end:
                continue
            rx = patterns.get(low[at])
            if rx is not None:
                m = rx.match(low, at)
                if m is not None and m.end() > at:
                    found.append(m)
                    end = m.end()
        return found

    # ----- VADER, over tokens -------------------------------------------------------------------

    def _compound(self, text: str) -> float:
        text = text.translate(_MARKS)
        rules = self.customer_rules
        low = text.lower() if rules else ""
        spans = self._find(low) if rules else []
        questions = list(self.question.finditer(low)) if rules and "?" in text else []
        forms = english_forms(low) if rules else None     # complaint forms and requests
        if spans or questions or forms:  # character offsets are needed to map matches onto tokens
            pairs = [(m.start(), m.group()) for m in _TOKEN.finditer(text) if len(m.group()) > 1]
            starts = [p[0] for p in pairs]
            raws = [p[1] for p in pairs]
        else:
            starts = []
            raws = [t for t in text.split() if len(t) > 1]
        words = [_strip(t) for t in raws]
        lows = [w.lower() for w in words]
        n = len(lows)
        lex = self.lexicon
        sentiments = [0.0] * n
        covered: list[bool] | None = None
        if spans or forms:
            covered = [False] * n
            for m in spans:
                first, last = bisect.bisect_left(starts, m.start()), bisect.bisect_left(starts, m.end())
                if first < last:
                    covered[first:last] = [True] * (last - first)
                    sentiments[first] = self.pattern_valence[m.lastgroup]
            if forms:
                place_forms(forms[0], starts, sentiments, covered)
        hits = [i for i, lw in enumerate(lows) if lw in lex]
        if not hits and not spans and not questions and not forms:
            return 0.0
        cap_diff: bool | None = None
        for i in hits:
            if covered is not None and covered[i]:
                continue
            lw = lows[i]
            if lw in self.boosters or (lw == "kind" and i + 1 < n and lows[i + 1] == "of"):
                continue
            if rules and lw == "no" and self._negates(i, raws, lows, covered):
                continue  # "no" as a determiner negates what follows instead of being negative
            if cap_diff is None:
                upper = sum(1 for w in words if w.isupper())
                cap_diff = 0 < n - upper < n
            sentiments[i] = self._valence(lex[lw], i, words, lows, raws, covered, cap_diff)
        if forms:
            place_requests(forms[1], starts, sentiments)
        self._contrast(lows, sentiments, low if rules else text.lower())
        total = sum(sentiments)
        for q in questions:
            # A complaint question: its positive words are rhetorical, and it is itself a complaint.
            lo, hi = bisect.bisect_left(starts, q.start()), bisect.bisect_left(starts, q.end())
            total -= sum(x for x in sentiments[lo:hi] if x > 0)
            total += COMPLAINT_QUESTION_VALENCE
        if total == 0:
            return 0.0
        ep = min(text.count("!"), 4) * 0.292          # VADER's _amplify_ep
        qm = text.count("?")
        qa = 0.0 if qm <= 1 else (qm * 0.18 if qm <= 3 else 0.96)  # VADER's _amplify_qm
        total += (ep + qa) if total > 0 else -(ep + qa)
        return self._normalise(total)

    @staticmethod
    def _normalise(total: float) -> float:
        """VADER's normalisation of the valence sum into [-1, 1], rounded as VADER rounds."""
        return round(total / math.sqrt(total * total + NORMALISE_ALPHA), 4)

    def _negates(self, k: int, raws: list[str], lows: list[str], covered: list[bool] | None) -> bool:
        """Whether token ``k`` negates what follows (VADER's negated(), plus "no" before a word)."""
        if covered is not None and covered[k]:
            return False
        lw = lows[k]
        if lw in self.negators or "n't" in lw:
            return True
        return self.customer_rules and lw == "no" and k + 1 < len(lows) and raws[k][-1] not in ",.;:!?"

    def _valence(self, v: float, i: int, words: list[str], lows: list[str], raws: list[str],
                 covered: list[bool] | None, cap_diff: bool) -> float:
        lex = self.lexicon
        rules = self.customer_rules
        if cap_diff and words[i].isupper():
            v = v + _C.C_INCR if v > 0 else v - _C.C_INCR
        for s in range(3):
            k = i - (s + 1)
            if k < 0:
                break
            neg = self._negates(k, raws, lows, covered)
            if lows[k] in lex and not (rules and neg):
                continue
            scalar = self.boosters.get(lows[k], 0.0)
            if scalar:
                if v < 0:
                    scalar = -scalar
                if cap_diff and words[k].isupper():
                    scalar = scalar + _C.C_INCR if v > 0 else scalar - _C.C_INCR
                v += scalar * (1.0, 0.95, 0.9)[s]
            # VADER's _never_check
            if s == 0:
                if neg:
                    v *= _C.N_SCALAR
            elif s == 1:
                if lows[i - 2] == "never" and lows[i - 1] in ("so", "this"):
                    v *= 1.5
                elif neg:
                    v *= _C.N_SCALAR
            else:
                if (lows[i - 3] == "never" and lows[i - 2] in ("so", "this")) or lows[i - 1] in ("so", "this"):
                    v *= 1.25
                elif neg:
                    v *= _C.N_SCALAR
                v = self._idioms(v, i, lows)
        # VADER's _least_check
        if i > 0 and lows[i - 1] == "least" and "least" not in lex:
            if i == 1 or lows[i - 2] not in ("at", "very"):
                v *= _C.N_SCALAR
        return v

    def _idioms(self, v: float, i: int, lows: list[str]) -> float:
        idioms = self.idioms
        seqs = (f"{lows[i - 1]} {lows[i]}", f"{lows[i - 2]} {lows[i - 1]} {lows[i]}",
                f"{lows[i - 2]} {lows[i - 1]}", f"{lows[i - 3]} {lows[i - 2]} {lows[i - 1]}",
                f"{lows[i - 3]} {lows[i - 2]}")
        for seq in seqs:
            if seq in idioms:
                v = idioms[seq]
                break
        n = len(lows)
        if n - 1 > i and f"{lows[i]} {lows[i + 1]}" in idioms:
            v = idioms[f"{lows[i]} {lows[i + 1]}"]
        if n - 1 > i + 1 and f"{lows[i]} {lows[i + 1]} {lows[i + 2]}" in idioms:
            v = idioms[f"{lows[i]} {lows[i + 1]} {lows[i + 2]}"]
        if seqs[4] in self.boosters or seqs[2] in self.boosters:
            v += _C.B_DECR
        return v

    def _contrast(self, lows: list[str], sentiments: list[float], low: str) -> None:
        words = CONTRAST_AFTER if self.customer_rules else ("but",)
        at = next((k for k, w in enumerate(lows) if w in words), None)
        if at is None and self.customer_rules:
            for opener in CONTRAST_FRONTED:
                if low.startswith(opener + " ") and "," in low:
                    # the concession runs to the token that carries the first comma
                    comma_tokens = len(low[:low.index(",")].split())
                    at = min(comma_tokens, len(lows)) - 1
                    for k in range(at + 1):
                        sentiments[k] *= CONTRAST_BEFORE_WEIGHT
                    for k in range(at + 1, len(lows)):
                        sentiments[k] *= CONTRAST_AFTER_WEIGHT
                    return
            return
        if at is None:
            return
        for k in range(len(sentiments)):
            if k < at:
                sentiments[k] *= CONTRAST_BEFORE_WEIGHT
            elif k > at:
                sentiments[k] *= CONTRAST_AFTER_WEIGHT


_TOKEN = re.compile(r"\S+")
# Curly apostrophes, and the full-width marks of Chinese text that an English span keeps
# ("very helpful，但是..."), read as their ASCII forms so VADER strips them from words.
_MARKS = {**APOSTROPHES, **str.maketrans("，。！？；：", ",.!?;:")}
# VADER's punctuation list (VaderConstants.PUNC_LIST), longest first: one of these is stripped from
# either end of a token, and only when a word of two or more characters remains (emoticons stay).
_PUNC = sorted(_C.PUNC_LIST, key=len, reverse=True)


def _strip(tok: str) -> str:
    if tok[0] not in _PUNCT and tok[-1] not in _PUNCT:
        return tok
    for p in _PUNC:
        if tok.endswith(p) and len(tok) - len(p) > 1:
            core = tok[:-len(p)]
            if core[-1] not in _PUNCT:
                return core if core[0] not in _PUNCT else _strip(core)
            break
    for p in _PUNC:
        if tok.startswith(p) and len(tok) - len(p) > 1:
            core = tok[len(p):]
            if core[0] not in _PUNCT:
                return core
            break
    return tok
