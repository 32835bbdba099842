"""Would a researcher sign this theme label? The rules a label must pass, in any language.

A theme is what happened, in the customers' words: an event or an object with its specifics
("waited 40 minutes in the chat queue", "shipping fee only shown at the end"). A span of the
customers' words is not a label (:func:`label_problem` says why) when it:

- is too long to read as a label: more than :data:`MAX_WORDS` words, or :data:`MAX_CHARS` characters
  of Chinese (a longer span is a quote);
- opens or closes on a function word, a discourse word or an intensifier ("the", "says", "sangat",
  "很"): ``data/themes/function_words_<language>.txt`` or the language's stopwords, and the discourse
  and intensifier rows of ``data/themes/label_words.tsv``;
- joins two clauses or two things with a conjunction ("next day and waited another 40 min", "address
  and card"): each is its own label;
- is mostly numbers: its quantities (a number with its unit or currency: "40 min", "rm8", "15rb",
  "fifteen ringgit", "half an hour", "两公里") outnumber its other content words ("2km also rm6";
  "waited 40 minutes" is a label);
- holds no specific word: every content word is one of the domain's broad words
  (``generic_<language>.txt``: "app", "service", "online shopping") or a discourse word ("app says");
- is a single word: fewer than two content units, a quantity counting as one ("payday", "โทร",
  "don't touch", "few taps"). Thai and Chinese are counted in the segmenter's words, not characters.

A span that fails is never chosen as a label when a well-formed one was said by enough of the theme's
people (:mod:`.label`); a theme none of whose spans passes is not listed (:mod:`.table`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .keyphrases import THEME_DATA, Vocabulary

MAX_WORDS = 8     # "waited 40 minutes in the chat queue" is seven; longer is a quote, not a label
MAX_CHARS = 14    # Chinese: "下雨天配送费直接翻倍" is ten characters; fourteen is a short sentence
# Languages whose label length is counted in characters (one character, one syllable). Thai is written
# without spaces too, but its words run to several letters and marks: it is counted in segmenter words.
CHARACTER_COUNTED = frozenset({"zh", "ja"})
# A negation may open a label ("never got the OTP", "no e-wallet option") but a label that closes on one
# ("payday not", "is not") has lost what it negates; nor is it a content word ("don't touch" is one word).
NEGATIONS = frozenset({"not", "no", "never", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't",
                       "can't", "cannot", "won't", "wouldn't", "couldn't", "haven't", "hasn't", "tak", "tidak",
                       "bukan", "belum", "gak", "nggak", "enggak", "ไม่", "ไม่ได้", "ยังไม่", "ไม่มี", "不", "没", "没有", "别",
                       "不要", "还没"})
# Languages whose verb particles are verbs of their own (Thai ขึ้น "go up", Chinese 出来 "come out"): closing a
# label, one counts as a content word. An English particle does not: "check out" and "give up" are one word.
DIRECTIONAL_VERBS = frozenset({"th", "zh"})
KINDS = ("number", "unit", "time", "discourse", "intensifier", "conjunction", "connective", "particle", "clitic",
         "verb_particle", "meta")
# Laughter and comment-section runs: "hahaha", "wkwkwk", "5555", "哈哈哈", "lolol", and a word with one
# letter held for three or more ("sooo", "lamaaa"): a commenter's voice, not what happened.
_COMMENT_RUN = re.compile(r"(?:ha|he|hi|wk|xi){2,}h?|5{3,}\+?|[哈呵嘻]{2,}|.*([^\W\d_])\1\1.*")
_DIGIT = re.compile(r"\d")
_NUMBER_UNIT = re.compile(r"([\d.,]+)([^\d.,]+)")


@dataclass(frozen=True)
class LabelWords:
    """One language's rows of label_words.tsv."""

    number: frozenset[str] = frozenset()
    unit: frozenset[str] = frozenset()
    time: frozenset[str] = frozenset()
    discourse: frozenset[str] = frozenset()
    intensifier: frozenset[str] = frozenset()
    conjunction: frozenset[str] = frozenset()
    connective: frozenset[str] = frozenset()
    particle: frozenset[str] = frozenset()
    clitic: frozenset[str] = frozenset()
    verb_particle: frozenset[str] = frozenset()
    meta: frozenset[str] = frozenset()

    @cached_property
    def quantity(self) -> frozenset[str]:
        return self.number | self.unit | self.time

    @cached_property
    def weak(self) -> frozenset[str]:
        """Words that are never content nor a label's edge: discourse words, intensifiers, conjunctions,
        connectives, particles and clitics ("really", "lah", "sih", "ครับ", "了", "nya" at an edge; "but", "tapi", "แต่")."""
        return self.discourse | self.intensifier | self.conjunction | self.connective | self.particle | self.clitic


@lru_cache(maxsize=None)
def label_words(language: str) -> LabelWords:
    """The language's number, unit, time, discourse, intensifier, conjunction, connective, particle,
    verb-particle and meta words (package data label_words.tsv)."""
    found: dict[str, set[str]] = {k: set() for k in KINDS}
    for line in (THEME_DATA / "label_words.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, kind, words = line.split("\t")
        if code == language and kind in found:
            found[kind].update(w.lower() for w in words.split())
    return LabelWords(**{k: frozenset(v) for k, v in found.items()})


def quantity_unit(token: str, words: LabelWords) -> str | None:
    """The unit of a number token ("40mins" -> "mins", "四十分钟" -> "分钟", "ringgit" -> "ringgit"; "" for a
    bare number such as "40" or "fifteen"), or None when the token is no quantity."""
    if token in words.unit or token in words.time:
        return token
    if token in words.number:
        return ""
    digits = _NUMBER_UNIT.fullmatch(token)
    if digits:
        return digits.group(2)
    if _DIGIT.search(token):
        return ""     # "rm8", "15rb", "2km": a currency or unit written before or around the digits
    # a Chinese number written with its unit, as jieba often cuts it ("两公里", "四十分钟", "六块")
    for cut in (3, 2, 1):
        head, unit = token[:-cut], token[-cut:]
        if head and unit in words.quantity and all(ch in words.number or ch == "个" for ch in head):
            return unit
    return "" if len(token) > 1 and all(ch in words.number for ch in token) else None


def is_quantity(token: str, words: LabelWords) -> bool:
    """A number or what goes with one: "40", "rm8", "2km", "15rb", "fifteen", "ringgit", "minutes", "两公里"."""
    return quantity_unit(token, words) is not None


def label_problem(tokens: list[str], vocab: Vocabulary) -> str | None:
    """Why the span ``tokens`` (as written, lower case) is not a label a researcher would sign; None if it is."""
    if not tokens:
        return "empty"
    if len(tokens) > MAX_WORDS or (vocab.code in CHARACTER_COUNTED and len("".join(tokens)) > MAX_CHARS):
        return "too long"
    words = label_words(vocab.code)
    edge = label_edge(vocab)
    if tokens[0] in edge or (tokens[-1] in edge and not closes_phrasal_verb(tokens, len(tokens), edge, words)):
        return "function word at an edge"
    if any(t in words.meta or t in _notes(vocab.code) or _COMMENT_RUN.fullmatch(t) for t in tokens):
        return "stage note or meta talk"
    quantities, content, run = 0, [], False
    for n, token in enumerate(tokens, 1):
        if n == len(tokens) and vocab.code in DIRECTIONAL_VERBS and closes_phrasal_verb(tokens, n, edge, words):
            content.append(token)    # "ค่าส่งขึ้น" (the fee went up): the directional word is the verb
            continue
        if token in edge or token in NEGATIONS:
            continue      # "half an hour": a function word inside a quantity does not split it
        if is_quantity(token, words):
            quantities += 0 if run else 1
            run = True
        else:
            content.append(token)
            run = False
    if _joins_two(tokens, words.conjunction, edge):
        return "two things joined"
    if quantities > len(content):
        return "mostly numbers"
    if not any(vocab._stem(t) not in vocab.generic for t in content):
        return "no specific word"
    if len(content) + min(quantities, 1) < 2:
        return "a single word"
    return None


def label_edge(vocab: Vocabulary) -> frozenset[str]:
    """Words that never open or close a label: the language's function words (or stopwords) and the weak
    words of label_words.tsv (:attr:`LabelWords.weak`)."""
    edge = vocab.memo.get("label edge")
    if edge is None:
        edge = vocab.memo["label edge"] = (vocab.edge or vocab.stop) | label_words(vocab.code).weak
    return edge


def closes_phrasal_verb(tokens, end: int, edge: frozenset[str], words: LabelWords) -> bool:
    """``tokens[end - 1]`` is a verb particle after a content word: it may close a label ("keep going up",
    "give up", "ค่าส่งขึ้น", "没洒出来")."""
    return end >= 2 and tokens[end - 1] in words.verb_particle and tokens[end - 2] not in edge


@lru_cache(maxsize=None)
def _notes(language: str) -> frozenset[str]:
    """Transcript note words ("laughs", "ketawa", "หัวเราะ", "笑声") of the language: a label holding one is a stage note.
    Single characters are left out (Chinese 笑 is also "smile" in "still smiling")."""
    from ..language.clean import note_words
    return frozenset(w.lower() for w in note_words(language) if len(w) > 1)


def _joins_two(tokens: list[str], conjunctions: frozenset[str], edge: frozenset[str]) -> bool:
    """A conjunction with content words on both sides: two clauses or two things, not one label."""
    content = [t not in edge and t not in conjunctions for t in tokens]
    return any(t in conjunctions and any(content[:i]) and any(content[i + 1:]) for i, t in enumerate(tokens))


def names_duration(tokens: list[str], vocab: Vocabulary) -> bool:
    """The span names a length of time ("half an hour", "40 min", "waited another 40 min", "รอเป็นอาทิตย์")."""
    words = label_words(vocab.code)
    return any(quantity_unit(t, words) in words.time for t in tokens)


def label_tokens(label: str, vocab: Vocabulary) -> list[str]:
    """A label's words, lower case: split on spaces, or cut again by the segmenter where none are written."""
    low = label.lower()
    return low.split(" ") if vocab.joiner else [t for t in vocab.tokenize(low) if t.strip()]
