"""Near-duplicate themes of one stage become one theme, under the most specific label of the lot.

The greedy clustering (:mod:`.cluster`) gives every clause to one theme, so the same complaint worded
two ways ("waiting time", "40 minutes", "40 min") can come out as two or three themes. After labelling,
a theme joins an earlier theme of its stage and language (the one found first, with more people)
when their labels are variants: with abbreviations folded ("min" is "minute", "pls" is "please",
:data:`workbench.themes.label.VARIANTS`) and numbers ignored, one label's content words are all in
the other's, or they share at least half of the shorter label's content words (:data:`SHARED_WORDS`)
and are raised at the same touchpoint (the one most of their clauses carry) and not in opposite
spirits (one mostly negative, the other mostly positive: :func:`_spirit`); broad words ("service",
``data/themes/generic_<language>.txt``) and the stage's and each touchpoint's own words (in two in five of its clauses, :func:`stage_words`,
:func:`touchpoint_words`; the latter only between themes of comparable size, :func:`_peers`) count for
nothing in that share. Two labels that both name a length of time ("half an hour", "40 min", "waited another 40 min";
:func:`.quality.names_duration`) at the same touchpoint, in the same spirit, are one theme too.

Shared people alone are no evidence: an interviewee raises several things in one stage. Merging themes
where most of the smaller one's people also raised the other (at the same touchpoint) cost the theme
benchmark recall and purity (3 in 5 shared: recall 0.978 -> 0.933, purity 0.977 -> 0.946; 4 in 5:
0.956 and 0.964; benchmarks/theme_eval.py, 5 seeds), so it is not a rule.

The merged theme is labelled with the most specific wording of it: of the parts' labels and every
span of its clauses that holds a content word of each part's label (so it speaks for both), has at
most four content words (a longer one is a quote) and was said by two people or more, the one with
the most people who said it times its content words that are not broad words, the more specific on a
tie; so "waited 40 minutes in the chat queue" is kept over "40 min" or "waiting time".
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .cluster import GENERAL_MIN, MAX_SHARE, Found, ranked_phrases
from .keyphrases import Vocabulary
from .keyphrases import surface
from .quality import label_tokens, names_duration
from .label import (ANCHORS, MIN_LABEL_PEOPLE, SCORE_WORDS, VARIANTS, candidate_spans, content_stems,
                    label_span, same_theme)

SHARED_WORDS = 0.5    # labels sharing half of the shorter one's content words name the same thing
# Touchpoint words are no merge evidence between two themes of comparable size: the smaller has at least half
# the larger's people (demo-makan 21 vs 22: two complaints; demo-shop 3 or 8 vs 23: remnants of one).
PEER_SIZE = 0.5
MAJORITY = 0.5   # a theme whose clauses are at least half negative is a complaint; at least half positive, praise
MERGE_METHOD = ("Two themes of a stage are then one, under the most specific wording of both, when one label's "
                f"words are within the other's, or they share {SHARED_WORDS:.0%} of the shorter's words or both name a "
                "length of time, at the same touchpoint and not one mostly negative and the other mostly positive; broad "
                "words, words in two in five of the stage's clauses and, between themes of comparable size, of the "
                "touchpoint's do not count as shared.")


def main_touchpoint(rows: list[int], touchpoints: list[tuple]) -> str:
    """The touchpoint most of the theme's clauses carry ("" when none); ties alphabetically."""
    counts = Counter(tp for i in rows for tp in touchpoints[i])
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counts else ""


def variants(a: frozenset[str], b: frozenset[str], generic: frozenset[str]) -> bool:
    """Two labels' content stems name the same thing (see the module's rule); the touchpoint is checked by the caller."""
    if same_theme(a, b):
        return True
    shared = (a & b) - generic
    return bool(shared) and len(shared) >= SHARED_WORDS * min(len(a), len(b))


def specificity(key: tuple[str, ...], vocab: Vocabulary) -> int:
    return min(len(content_stems(key, vocab) - vocab.generic), SCORE_WORDS)


def merge_themes(found: list[Found], texts: list[str], people: list[str], touchpoints: list[tuple],
                 phrase_sets, vocab: Vocabulary, negative: list[bool] | None = None,
                 positive: list[bool] | None = None) -> list[tuple[Found, tuple, str]]:
    """Label every theme of one stage and language and merge the near-duplicates; (theme, label key, label).
    ``negative`` and ``positive`` (per clause: read as negative, as positive) give each theme its spirit
    (:func:`_spirit`), which two themes must not have opposite to be one."""
    negative = negative or [False] * len(texts)
    positive = positive or [False] * len(texts)
    spirit = (negative, positive)
    vocab = replace(vocab, generic=vocab.generic | stage_words(phrase_sets))   # for this stage's merges only
    # ...and a touchpoint's own words are no evidence that two themes are one (they stay label words)
    merging = replace(vocab, generic=vocab.generic | touchpoint_words(phrase_sets, touchpoints))
    out: list[tuple[Found, tuple, str]] = []
    for theme in found:
        key, label = label_span([texts[i] for i in theme.members], [people[i] for i in theme.members], theme.seed,
                                vocab, tuple(theme.phrases[:ANCHORS]))
        into = next((n for n, (kept, k, kept_label) in enumerate(out)
                     if _same(kept, k, theme, key, touchpoints, merging if _peers(kept, theme, people) else vocab, spirit)
                     or _same_wait(kept, kept_label, theme, label, touchpoints, spirit, vocab)), None)
        if into is None:
            out.append((theme, key, label))
            continue
        kept, kept_key, kept_label = out[into]
        rows = sorted(set(kept.members) | set(theme.members))
        union = Found(members=rows, seed=kept.seed, label=[kept.seed], phrases=ranked_phrases(rows, phrase_sets, people, 2))
        texts_in, people_in = [texts[i] for i in rows], [people[i] for i in rows]
        out[into] = (union, *_most_specific([(kept_key, kept_label), (key, label)], texts_in, people_in, vocab))
    return out


def _same(kept: Found, kept_key, theme: Found, key, touchpoints, vocab: Vocabulary, spirit) -> bool:
    """One label within the other; or shared words at the same touchpoint, not said in opposite spirits:
    "long wait" (mostly negative) and "waiting for my teh tarik" (a pleasant chat) share "wait" at demo-shop's
    support chat, and are two themes. A complaint told in plain words ("each item in its own plastic bag",
    mostly read neutral) is no opposite of one told angrily ("pls reduce the plastic"): demo-shop's plastic
    complaints came out as three or four themes per persona while the rule asked for the same spirit."""
    mine, theirs = content_stems(key, vocab), content_stems(kept_key, vocab)
    if same_theme(mine, theirs):
        return True
    if main_touchpoint(kept.members, touchpoints) != main_touchpoint(theme.members, touchpoints):
        return False
    return variants(mine, theirs, vocab.generic) and _agree(kept.members, theme.members, spirit)


def stage_words(phrase_sets) -> frozenset[str]:
    """Single words in at least MAX_SHARE of the stage's clauses: the stage's own subject ("drivernya", the
    driver, in demo-makan's Indonesian delivery talk), which names where, not what happened (cluster.py's rule
    for seeds). Shared with another label it is no evidence that two themes are one: it merged "drivernya
    ramah" (the driver was friendly) into "drivernya ikutin catatan" (the driver followed my note).
    Below GENERAL_MIN clauses a stage is one conversation and nothing is common (as for seeds). The
    touchpoints' cue words are not added: "plastic" and "queue" are cue words of demo-shop, and counting
    them for nothing split its chat-queue waits and plastic complaints into several themes each."""
    if len(phrase_sets) < GENERAL_MIN:
        return frozenset()
    df = Counter(k[0] for phrases in phrase_sets for k in phrases if len(k) == 1)
    return frozenset(w for w, c in df.items() if c >= MAX_SHARE * len(phrase_sets))


def _peers(a: Found, b: Found, people: list[str]) -> bool:
    """Two themes of comparable size (the smaller has PEER_SIZE of the larger's people): sharing only the
    touchpoint's word, they are two complaints told there (demo-makan's rain surcharge, 22 people, and distance
    price, 21). A much smaller theme that shares it is the remnant of the larger one's complaint, worded
    another way, that the greedy seeding left behind (demo-shop busy-parent: "plastic everywhere", 3 people,
    beside "plastic bag", 23), and is merged as before."""
    na, nb = (len({people[i] for i in t.members}) for t in (a, b))
    return min(na, nb) >= PEER_SIZE * max(na, nb)


def touchpoint_words(phrase_sets, touchpoints: list[tuple]) -> frozenset[str]:
    """Single words in at least MAX_SHARE of one touchpoint's clauses (of touchpoints with GENERAL_MIN clauses
    or more): the touchpoint's own subject ("配送费", the delivery fee, at demo-makan's delivery-fee touchpoint),
    which says where, not what happened. Shared with another label it is no evidence that two themes are one:
    "配送费又涨" (the fee went up again: two kilometres already cost six) was merged into "下雨天配送费直接翻倍" (the rain surcharge)."""
    rows: dict[str, list[int]] = {}
    for i, tps in enumerate(touchpoints):
        for tp in tps:
            rows.setdefault(tp, []).append(i)
    out: set[str] = set()
    for where in rows.values():
        if len(where) >= GENERAL_MIN:
            df = Counter(k[0] for i in where for k in phrase_sets[i] if len(k) == 1)
            out.update(w for w, c in df.items() if c >= MAX_SHARE * len(where))
    return frozenset(out)


def _same_wait(kept: Found, kept_label: str, theme: Found, label: str, touchpoints, spirit,
               vocab: Vocabulary) -> bool:
    """Two lengths of time at the same place, said in the same spirit, are one theme: "half an hour",
    "40 min" and "waited another 40 min" at the support chat, mostly negative. A quick delivery ("delivered
    in 2 days") and a slow one (mostly negative) stay apart."""
    if not (names_duration(label_tokens(kept_label, vocab), vocab) and names_duration(label_tokens(label, vocab), vocab)):
        return False
    if main_touchpoint(kept.members, touchpoints) != main_touchpoint(theme.members, touchpoints):
        return False
    # stricter than _agree: "delivered in 2 days", read neutral, is no slow delivery
    return (_spirit(kept.members, spirit) == "negative") == (_spirit(theme.members, spirit) == "negative")


def _spirit(rows: list[int], spirit) -> str:
    """"negative" when at least half the theme's clauses read negative, "positive" when at least half read
    positive, else "mixed" (a complaint told in plain words: "each item in its own plastic bag")."""
    negative, positive = spirit
    if sum(negative[i] for i in rows) >= MAJORITY * len(rows):
        return "negative"
    if sum(positive[i] for i in rows) >= MAJORITY * len(rows):
        return "positive"
    return "mixed"


def _agree(a: list[int], b: list[int], spirit) -> bool:
    """Two themes are not in opposite spirits: one mostly negative and the other mostly positive."""
    return {_spirit(a, spirit), _spirit(b, spirit)} != {"negative", "positive"}


def _most_specific(labels, texts, people, vocab: Vocabulary) -> tuple[tuple, str]:
    """The merged theme's label: of the parts' labels and every span of its clauses with at most SCORE_WORDS
    content words (a longer span is a quote), said by MIN_LABEL_PEOPLE or more, that holds a content word
    (broad words aside) of each part's label, the one with the most people who said it times its
    non-broad content words, the more specific on a tie, then alphabetically."""
    parts = [content_stems(key, vocab) - vocab.generic for key, _ in labels]
    words = {(w,) for key, _ in labels for w in key if VARIANTS.get(w, w) in set().union(*parts)}
    spans = candidate_spans(texts, people, labels[0][0], vocab, tuple(sorted(words))) if words else {}
    for key, _ in labels:
        spans.update({k: v for k, v in candidate_spans(texts, people, key, vocab).items() if k == key})
    scored = [(len(who) * specificity(k, vocab), specificity(k, vocab), surface(forms), k)
              for k, (who, forms, n, problem) in spans.items()
              if len(who) >= MIN_LABEL_PEOPLE and n <= SCORE_WORDS and problem is None
              and all(content_stems(k, vocab) & part for part in parts if part)]
    scored += [(0, specificity(k, vocab), label, k) for k, label in labels]
    best = min(scored, key=lambda t: (-t[0], -t[1], t[2]))
    return best[3], best[2]
