"""Clauses -> the themes table (``data/<persona>/themes.csv``) and the pain points drawn from it.

One row per theme with who raised it, how often, how many of those people were negative about
it (a 95% Wilson interval over people) and quotes from different people. A person counts as
negative about a theme when the mean sentiment of their clauses in it is below the voice
pipeline's negative threshold: ten sentences from one person are still one person's view.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from collections import Counter
from typing import Callable, Iterable

import pandas as pd

from scipy.stats import binom

from ..stats import ALPHA, benjamini_hochberg, wilson
from ..voc.sentiment import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD
from ..voc.summary import best_quotes
from .cluster import MIN_THEME_PEOPLE, find_themes, specificity, surface_forms
from .keyphrases import Vocabulary, evaluative_words, surface, vocabulary_for
from .label import content_stems, signed
from .merge import merge_themes
from .needs import is_need

THEME_COLUMNS = ["theme", "label", "stage", "touchpoints", "people", "units", "clauses", "share_negative", "ci_low",
                 "ci_high", "share_need", "need_ci_low", "need_ci_high", "top_phrases", "quote_ids", "language",
                 "clause_ids"]
CLAUSE_NEEDS = ["clause_id", "unit_id", "participant", "text", "sentence_text", "compound", "language",
                "touchpoints", "stages"]
TOP_PHRASES = 5
TOUCHPOINT_SHARE = 0.2   # a touchpoint is listed when at least a fifth of the theme's clauses carry it
# A seed is said at least this many times more often, per clause, in its stage than in all the study's
# clauses of its language (a phrase spread evenly over the journey is chatter or the shop's name),
# and that excess is no accident: a one-sided binomial test of its count in the stage against its
# count study-wide, Benjamini-Hochberg corrected over the stage's phrases, below ALPHA (stats.ALPHA).
MIN_LIFT = 1.5
PAIN_SHARE = 0.5         # a pain point: most of the people who raised the theme were negative about it
# ...and at least three of them: with two people the 95% interval of any share covers most of [0, 1].
PAIN_MIN_PEOPLE = 3


def theme_id(stage: str, language: str, label_key: Iterable[str]) -> str:
    """Stable id: the same stage, language and label stems give the same id in every run and persona."""
    digest = hashlib.sha1("|".join([stage, language, " ".join(sorted(label_key))]).encode("utf-8")).hexdigest()
    return f"th-{digest[:10]}"


def build_themes(clauses: pd.DataFrame, config=None, evaluative: Iterable[str] | None = None,
                 tokenize: Callable[[str], list[str]] | None = None, min_people: int = MIN_THEME_PEOPLE) -> pd.DataFrame:
    """Themes over the voice pipeline's clauses (``analyse_voice(...).clauses``), one row per theme.

    ``config`` (a StudyConfig) supplies the touchpoints' cue words, which never seed a theme alone
    and give the stage order; ``evaluative`` defaults to the sentiment lexicon's evaluation words;
    ``tokenize`` overrides every language's tokenizer (tests, or a segmenter of one's own)."""
    missing = [c for c in CLAUSE_NEEDS if c not in clauses.columns]
    if missing:
        from ..exceptions import InputError, Problem
        raise InputError(Problem("clauses", f"missing column(s) {', '.join(missing)}"))
    evaluative = evaluative_words() if evaluative is None else frozenset(evaluative)
    staged = clauses[clauses["stages"].map(len) > 0]
    long = staged.assign(stage=staged["stages"]).explode("stage").reset_index(drop=True)
    order = {s: i for i, s in enumerate(config.stage_ids)} if config is not None else {}
    rows: list[dict] = []
    vocabularies: dict[str, Vocabulary] = {}
    weights: dict[str, dict] = {}
    background: dict[str, tuple[Counter, int]] = {}
    for language, every in clauses.groupby("language"):
        vocabularies[language] = vocabulary_for(language, evaluative, tokenize)
        sets = [vocabularies[language].phrases(t) for t in every["text"].astype(str)]
        weights[language] = specificity(sets)
        background[language] = (Counter(k for phrases in sets for k in phrases), len(sets))
    groups = sorted(long.groupby(["stage", "language"], sort=False),
                    key=lambda kv: (order.get(kv[0][0], len(order)), kv[0]))
    sets_of = {key: [vocabularies[key[1]].phrases(t) for t in group["text"].astype(str)] for key, group in groups}
    loose = _not_distinctive(sets_of, background) if long["stage"].nunique() > 1 else {}
    for (stage, language), group in groups:
        vocab = vocabularies[language]
        cue_keys = _cue_keys(config, stage, vocab)
        vocab = replace(vocab, cue=frozenset(s for key in cue_keys for s in key))   # see label.only_cue
        group = group.reset_index(drop=True)
        group["need"] = [is_need(t, language, vocab.tokenize) for t in group["text"].astype(str)]
        phrase_sets = sets_of[(stage, language)]
        people = group["participant"].astype(str).tolist()
        cues = cue_keys | loose.get((stage, language), frozenset()) | _broad_keys(phrase_sets, vocab)
        found = find_themes(phrase_sets, people, cues, weights[language], min_people=min_people)
        texts = group["text"].astype(str).tolist()
        touchpoints = [tuple(t) for t in group["touchpoints"]]
        for theme, key, label in merge_themes(found, texts, people, touchpoints, phrase_sets, vocab,
                                              (group["compound"] < NEGATIVE_THRESHOLD).tolist(),
                                              (group["compound"] > POSITIVE_THRESHOLD).tolist()):
            if not signed(key, label, vocab):
                continue   # "service", "app says", "fifteen ringgit": nothing in the customers' words says what happened
            rows.append(_row(stage, language, group.iloc[theme.members], theme, key, label,
                             surface_forms(theme.members, phrase_sets),
                             says_label(key, [phrase_sets[i] for i in theme.members], vocab)))
    return pd.DataFrame(rows, columns=THEME_COLUMNS)


def _not_distinctive(sets_of: dict[tuple[str, str], list[dict]],
                     background: dict[str, tuple[Counter, int]]) -> dict[tuple[str, str], frozenset]:
    """Per (stage, language), the phrases not tied to that stage: said less than MIN_LIFT times as often
    per clause there as across all the language's clauses, or not significantly more (one-sided
    binomial test of the stage's count against the study-wide count; Benjamini-Hochberg over every
    stage and phrase of the language tested together, q >= ALPHA). Small talk and study-wide words
    ("my sister", the shop's name) say nothing about a stage, however often chance piles them up in one."""
    tests: dict[str, list[tuple[tuple[str, str], tuple, float]]] = {}
    lifted: dict[tuple[str, str], set] = {}
    for (stage, language), sets in sets_of.items():
        df_all, n_all = background[language]
        df = Counter(k for phrases in sets for k in phrases)
        n = max(len(sets), 1)
        base = min(n / max(n_all, 1), 1.0)
        lifted[(stage, language)] = {k for k, c in df.items() if (c / n) >= MIN_LIFT * (df_all[k] / n_all)}
        # Only phrases in enough clauses to seed a theme are tested: the others cannot seed.
        keys = [k for k in lifted[(stage, language)] if df[k] >= MIN_THEME_PEOPLE]
        if keys:
            p = binom.sf([df[k] - 1 for k in keys], [max(df_all[k], df[k]) for k in keys], base)
            tests.setdefault(language, []).extend(((stage, language), k, float(x)) for k, x in zip(keys, p))
    tied: dict[tuple[str, str], set] = {key: set() for key in sets_of}
    for language, rows in tests.items():
        for (where, key, _), q in zip(rows, benjamini_hochberg([r[2] for r in rows])):
            if q < ALPHA:
                tied[where].add(key)
    return {where: frozenset(k for phrases in sets for k in phrases) - frozenset(tied[where])
            for where, sets in sets_of.items()}


def _broad_keys(phrase_sets, vocab: Vocabulary) -> frozenset[tuple[str, ...]]:
    """Phrases made only of the domain's broad words ("app", "order", "food", "good"; generic_<language>.txt):
    they seed no theme, as they say nothing of what happened (a theme seeded by "好", good, gathered every pleased
    payment remark of demo-makan's Chinese customers; "item" and "app" seeded grab-bags of demo-shop's loyalty talk
    that two people's "member price" or "points balance" labelled)."""
    return frozenset(k for phrases in phrase_sets for k in phrases if all(s in vocab.generic for s in k))


def _cue_keys(config, stage: str, vocab: Vocabulary) -> frozenset[tuple[str, ...]]:
    """The stage's touchpoint names and cue words (whole, and word by word), as stem keys."""
    if config is None:
        return frozenset()
    keys: set[tuple[str, ...]] = set()
    for tp in config.touchpoints:
        if tp.stage == stage:
            for cue in (*tp.cues, tp.id.replace("-", " "), tp.label):
                stems = tuple(vocab._stem(t.lower()) for t in vocab.tokenize(cue.lower()))
                keys.add(stems)
                keys.update((s,) for s in stems)
    return frozenset(keys)


def says_label(key: tuple, phrase_sets, vocab: Vocabulary) -> list[bool]:
    """Per clause of a theme: it holds one of the label's specific words (content words that are not
    broad words). A theme's quotes are taken from those clauses first, so the quotes under "colour of
    the dress looks quite different" are about the colour, not the theme's other talk of the photos."""
    words = content_stems(key, vocab) - vocab.generic
    return [any(content_stems(k, vocab) & words for k in phrases) for phrases in phrase_sets]


def _row(stage: str, language: str, sub: pd.DataFrame, theme, key: tuple, label: str, forms,
         prefer: list[bool] | None = None) -> dict:
    people = sub["participant"].astype(str)
    per_person = sub.groupby(people)["compound"].mean()
    negative = int((per_person < NEGATIVE_THRESHOLD).sum())
    n = int(len(per_person))
    low, high = _interval(negative, n)
    asking = int(sub.groupby(people)["need"].any().sum())
    need_low, need_high = _interval(asking, n)
    tps = Counter(tp for tags in sub["touchpoints"] for tp in tags)
    listed = [tp for tp, c in tps.most_common() if c >= TOUCHPOINT_SHARE * len(sub)] or [tp for tp, _ in
                                                                                          tps.most_common(1)]
    top = [surface(forms[k]) for k in theme.phrases if not set(k) <= set(key)][:TOP_PHRASES]
    return {"theme": theme_id(stage, language, key), "label": label, "stage": stage,
            "touchpoints": "|".join(listed), "people": n, "units": int(sub["unit_id"].nunique()),
            "clauses": int(len(sub)), "share_negative": negative / n if n else float("nan"), "ci_low": low,
            "ci_high": high, "share_need": asking / n if n else float("nan"), "need_ci_low": need_low,
            "need_ci_high": need_high, "top_phrases": "; ".join(top), "quote_ids": ";".join(best_quotes(sub, prefer=prefer)),
            "language": language, "clause_ids": ";".join(sub["clause_id"].astype(str))}


def _interval(k: int, n: int) -> tuple[float, float]:
    """95% Wilson interval over people, an exact 0 or 1 printed as such (not 5e-17)."""
    low, high = wilson(k, n)
    return min(max(round(low, 12), 0.0), 1.0), min(max(round(high, 12), 0.0), 1.0)


def pain_points(themes: pd.DataFrame, min_share: float = PAIN_SHARE, min_people: int = PAIN_MIN_PEOPLE) -> pd.DataFrame:
    """The themes that hurt, most people first, with their counts: what the journey map's pain points
    and the "where it hurts" section list. ``kind`` is "negative" (most of the theme's people were
    negative about it) or "unmet need" (most of them said something is missing or wanted)."""
    enough = themes["people"] >= min_people
    negative = enough & (themes["share_negative"] >= min_share)
    need = enough & ~negative & (themes["share_need"] >= min_share)
    out = themes[negative | need].assign(kind=["negative" if x else "unmet need" for x in negative[negative | need]])
    cols = ["theme", "label", "kind", "stage", "touchpoints", "people", "units", "share_negative", "ci_low", "ci_high",
            "share_need", "quote_ids"]
    return out.sort_values(["people", "share_negative", "theme"], ascending=[False, False, True])[cols].reset_index(
        drop=True)
