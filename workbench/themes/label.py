"""A theme's label: a real contiguous span of its customers' words, said by several of its people.

Every clause of the theme is cut into runs of words as written (see
:meth:`workbench.themes.keyphrases.Vocabulary.spans`: punctuation, stage notes, fillers and
evaluation words end a run; stopwords stay inside). Every span of 1 to :data:`MAX_LABEL_WORDS`
words of a run that contains the theme's seed phrase and neither starts nor ends on a stopword is a
candidate, keyed by its stems with digits folded ("waited 40 minutes" and "waited 30 minutes" are one
span). A span said by at least :data:`LABEL_SHARE` of the theme's people (and at least
:data:`MIN_LABEL_PEOPLE`) is eligible; the eligible span with the most people x content words (up to :data:`SCORE_WORDS`) wins,
the longer on a tie (the whole span the same people said, not a piece of it; so a span three of four people said, "plastic packaging waste", beats the two
words all four said),
in the form most people wrote it. When that is a single word, a span of several content words said
by at least :data:`MULTI_SHARE` of the people is preferred, anchored on the seed or on one of the
theme's :data:`ANCHORS` commonest phrases: the one with the most people times how typical its words are
of the theme (:func:`typical`), so a sentence a few people repeated word for word does not name a theme
most of whose people said something else in other words. A label is never an evaluation word: those end every run.
"""
from __future__ import annotations

import re
from collections import Counter

from .keyphrases import Vocabulary, surface
from .quality import NEGATIONS, closes_phrasal_verb, label_edge, label_problem, label_tokens, label_words

MAX_LABEL_WORDS = 6      # content words: "waited 40 minutes in the chat queue" says what happened; more is a quote
MAX_LABEL_TOKENS = 10    # stopwords included ("in the"), so a six-content-word span still fits
LABEL_SHARE = 0.3        # a span must be said by this share of the theme's people to speak for it
MIN_LABEL_PEOPLE = 2     # and by two people at least: one person's wording is a quote, not a label
# A single word says little of what happened ("long", "shopping"): when only the seed alone reaches
# LABEL_SHARE, a span of two or more content words said by this smaller share (and MIN_LABEL_PEOPLE)
# labels the theme instead, as the most common concrete wording of it.
MULTI_SHARE = 0.1
# A label of the touchpoint's cue word alone ("delivery fee") gives way to a longer span holding it said by
# this share of the theme's people: the same floor as MULTI_SHARE, for the same reason (a bare word says little).
CUE_SHARE = MULTI_SHARE
ANCHORS = 3   # the theme's commonest phrases (by people) that may anchor such a span besides the seed
# Content words beyond this add nothing to a span's score: four say what happened ("plastic packaging
# waste", "40 minutes in the chat queue"); longer spans are quotes and win only when more people said them.
SCORE_WORDS = 4
_DIGITS = re.compile(r"\d+")
_NUMBER = re.compile(r"[\d.,:]+")
# Abbreviated and spelled-out forms of one word, by stem (Snowball English): customers write "40 min"
# and "40 minutes", "pls" and "please"; a label's words are compared in the full form.
VARIANTS = {"min": "minut", "mins": "minut", "hr": "hour", "hrs": "hour", "sec": "second", "secs": "second",
            "wk": "week", "wks": "week", "pls": "pleas", "plz": "pleas", "ewallet": "e-wallet"}


def span_key(stems: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """A span's key: its stems, with numbers folded to '#'."""
    return tuple(_DIGITS.sub("#", s) for s in stems)


def _edge(vocab: Vocabulary) -> frozenset[str]:
    """Never a label's first or last word: function words, and discourse words, intensifiers, conjunctions,
    connectives and particles (:func:`.quality.label_edge`)."""
    return label_edge(vocab)


NO_CLOSE = NEGATIONS   # a label never closes on a negation (quality.NEGATIONS)


def is_number(token: str) -> bool:
    """A bare number ("40", "3.5"): folded in keys, and no content word of its own ("40 min" is a bare word)."""
    return bool(_NUMBER.fullmatch(token))


def candidate_spans(texts: list[str], people: list[str], seed: tuple[str, ...],
                    vocab: Vocabulary, anchors: tuple = ()) -> dict[tuple[str, ...], tuple[set[str], Counter, int, str | None]]:
    """key -> (people who said it, its written forms, its content-word count, why it is no label or None:
    :func:`.quality.label_problem`) for every span with the seed (or with one of ``anchors``, the theme's
    other commonest phrases). A span never opens or closes on a function word (:attr:`Vocabulary.edge`);
    numbers are no content words of their own."""
    anchors = tuple(span_key(list(a)) for a in (seed, *anchors))
    edge, verbs = _edge(vocab), label_words(vocab.code)
    out: dict[tuple[str, ...], tuple[set[str], Counter, int, str | None]] = {}
    for text, person in zip(texts, people):
        seen: set[tuple[str, ...]] = set()
        for run, stems, open_, content in _prepared(text, vocab):
            # where an anchor occurs in the run, as (start, end): a span [i, j) holds one when some
            # occurrence starts at i or later and ends by j
            found = [(p, p + len(a)) for a in anchors for p in range(len(stems) - len(a) + 1)
                     if tuple(stems[p:p + len(a)]) == a]
            if not found:
                continue
            for i in range(len(run)):
                ends = [end for start, end in found if start >= i]
                if not open_[i] or not ends:
                    continue
                words = sum(content[i:min(ends)])
                for j in range(min(ends), min(len(run), i + MAX_LABEL_TOKENS) + 1):
                    if j > min(ends):
                        words += content[j - 1]
                    if words > MAX_LABEL_WORDS:
                        break
                    if run[j - 1] in NO_CLOSE or not (open_[j - 1] or j - 1 > i and closes_phrasal_verb(
                            run, j, edge, verbs)):
                        continue
                    key = tuple(stems[i:j])
                    if key in seen:
                        continue
                    seen.add(key)
                    entry = out.get(key)
                    if entry is None:
                        entry = out[key] = (set(), Counter(), words, label_problem(run[i:j], vocab))
                    entry[0].add(person)
                    entry[1][vocab.joiner.join(run[i:j])] += 1
    return out


def _prepared(text: str, vocab: Vocabulary) -> list[tuple[list[str], list[str], list[bool], list[bool]]]:
    """The clause's span runs with their stem keys, which tokens may open or close a span and which are
    content words; computed once per text and vocabulary (a theme's clauses are read for every candidate
    and merge)."""
    memo = vocab.memo.setdefault("prepared", {})
    out = memo.get(text)
    if out is None:
        edge = _edge(vocab)
        out = []
        for run in vocab.spans(text):
            open_ = [t not in edge for t in run]
            out.append((run, span_key([vocab._stem(t) for t in run]), open_,
                        [o and not is_number(t) for o, t in zip(open_, run)]))
        memo[text] = out
    return out


def is_generic(key: tuple[str, ...], vocab: Vocabulary) -> bool:
    """A label that says nothing happened: one content word at most, or only the domain's broad words
    (package data ``data/themes/generic_<language>.txt``: "online shopping", "service")."""
    words = content_stems(key, vocab)
    return len(words) < 2 or words <= vocab.generic


# A lone word shorter than this says nothing happened: a single Chinese character ("看", look; "吃",
# eat) came out as a demo-makan pain point.
MIN_LONE_WORD_LETTERS = 2


def broad(key: tuple[str, ...], vocab: Vocabulary) -> bool:
    """A label made only of the domain's broad words (or of none), or of one word of a single letter or
    character: its theme is not listed."""
    words = content_stems(key, vocab)
    if len(words) == 1 and len(next(iter(words))) < MIN_LONE_WORD_LETTERS:
        return True
    return words <= vocab.generic


def label_span(texts: list[str], people: list[str], seed: tuple[str, ...], vocab: Vocabulary,
               anchors: tuple = ()) -> tuple[tuple[str, ...], str]:
    """The theme's label (key, written form) from its clauses' texts and who said them; ``anchors``
    (the theme's commonest phrases) may anchor a several-word span when the seed alone would be a bare
    or generic word."""
    spans = candidate_spans(texts, people, seed, vocab)
    total = len(set(people))
    floor = max(MIN_LABEL_PEOPLE, LABEL_SHARE * total)
    eligible = [(len(who) * min(words, SCORE_WORDS), -len(key), key)
                for key, (who, _, words, problem) in spans.items() if len(who) >= floor and problem is None]
    best = _best(eligible)
    if best is None:
        spans = {**candidate_spans(texts, people, seed, vocab, anchors), **spans}
        usage = _word_people(texts, people, vocab)
        multi = [(len(who) * typical(key, usage, total), -len(key), key) for key, (who, _, words, problem) in spans.items()
                 if problem is None and len(who) >= max(MIN_LABEL_PEOPLE, MULTI_SHARE * total)]
        best = _best(multi)
    if best is not None and only_cue(best, vocab):   # "delivery fee" says where: a longer span holding it
        around = candidate_spans(texts, people, best, vocab)
        best, spans = _past_the_cue(around, vocab, total) or best, {**around, **spans}
    if best is None:   # no well-formed span: the seed as most people wrote it (the theme is then not listed)
        best = _best([(len(who), len(key), key) for key, (who, *_) in spans.items() if key == span_key(list(seed))])
    if best is None:
        return seed, " ".join(seed)
    return best, surface(spans[best][1])


def _word_people(texts: list[str], people: list[str], vocab: Vocabulary) -> dict[str, set[str]]:
    """Content stem -> the theme's people who used it anywhere in their clauses."""
    out: dict[str, set[str]] = {}
    for text, person in zip(texts, people):
        for _, stems, _, content in _prepared(text, vocab):
            for stem, is_content in zip(stems, content):
                if is_content:
                    out.setdefault(stem, set()).add(person)
    return out


def typical(key: tuple[str, ...], usage: dict[str, set[str]], total: int) -> float:
    """How typical a span's words are of its theme: the share of the theme's people who used its rarest
    content word (the least such share over its content words). A sentence a few people repeated word for word ("the OTP from the bank
    took long to arrive", eight of a chat-queue theme's 39 people) is said by more people than any one
    wording of the theme's subject ("long wait", six), but its other words are rare in the theme."""
    shares = [len(usage[s]) / total for s in key if s in usage]
    return min(shares) if shares and total else 0.0


def only_cue(key: tuple[str, ...], vocab: Vocabulary) -> bool:
    """The label is only its touchpoint's cue words (with broad words and amounts): "delivery fee", "配送费",
    "ongkir", "shipping rm8"."""
    return bool(vocab.cue) and not _past_cue_words(key, vocab)


def _past_cue_words(key: tuple[str, ...], vocab: Vocabulary) -> set[str]:
    """The label's content stems that are neither cue words, broad words nor amounts ("rm#")."""
    return {s for s in content_stems(key, vocab) if "#" not in s} - vocab.cue - vocab.generic


def _past_the_cue(around: dict, vocab: Vocabulary, total: int) -> tuple[str, ...] | None:
    """A label that is only the cue word names where, not what happened: of ``around`` (the spans holding it,
    :func:`candidate_spans`), the one with a specific word besides ("delivery fee added at checkout",
    "下雨天配送费直接翻倍") said by CUE_SHARE of the theme's people (and MIN_LABEL_PEOPLE), the most people x
    content words winning; None when no such span was said enough."""
    floor = max(MIN_LABEL_PEOPLE, CUE_SHARE * total)
    longer = [(len(who) * min(words, SCORE_WORDS), -len(key), key)
              for key, (who, _, words, problem) in around.items()
              if problem is None and len(who) >= floor and _past_cue_words(key, vocab)]
    return _best(longer)


def signed(key: tuple[str, ...], label: str, vocab: Vocabulary) -> bool:
    """A label a researcher would sign: not only broad words (:func:`broad`) and passing every rule of
    :func:`.quality.label_problem` (an unspaced label is cut again by the language's segmenter)."""
    return not broad(key, vocab) and label_problem(label_tokens(label, vocab), vocab) is None


def _best(scored: list[tuple[float, int, tuple[str, ...]]]) -> tuple[str, ...] | None:
    """Highest score; ties to the second field (minus the key's length: the longer), then alphabetically."""
    return sorted(scored, key=lambda t: (-t[0], t[1], t[2]))[0][2] if scored else None


def content_stems(key: tuple[str, ...], vocab: Vocabulary) -> frozenset[str]:
    """The label's content stems, variants folded (:data:`VARIANTS`: "min" is "minute"), for telling two
    labels that nearly coincide."""
    edge = vocab.memo.get("edge stems")
    if edge is None:
        edge = vocab.memo["edge stems"] = frozenset(vocab._stem(w) for w in _edge(vocab))
    return frozenset(VARIANTS.get(s, s) for s in key if s not in edge and s != "#")


def same_theme(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two labels say the same thing when one's content words are all in the other's ("bubble wrap"
    and "the bubble wrap inside", "40 min" and "waited 40 minutes"): their themes are merged instead
    of listed twice."""
    return bool(a) and bool(b) and (a <= b or b <= a)
