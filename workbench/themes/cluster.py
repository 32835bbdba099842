"""Group one stage's clauses into themes by their key phrases (seeded, greedy, explainable).

The method, in the paragraph the report shows (:data:`METHOD`): every clause offers its key
phrases (content n-grams, see :mod:`.keyphrases`). A phrase said by at least
:data:`MIN_PEOPLE` people and in at most :data:`MAX_SHARE` of the stage's clauses is a candidate
(one in nearly every clause, such as the touchpoint's own name, says where, not what happened;
a touchpoint's cue words alone are never a seed for the same reason). The candidate raised by the
most people who are not yet in a theme seeds a theme of the clauses that contain it; every other
candidate whose clauses fall mostly (at least :data:`ATTACH`) inside that theme joins it with its
clauses (one step, no chaining), unless its clauses outside the theme hold :data:`MIN_THEME_PEOPLE`
people: those are a theme of their own ("the total at the end was more than I thought" is not the
"shipping voucher" theme because others wrote "used the voucher, checkout total as expected"). This
rule took the theme benchmark's purity from 0.976 to 0.995 and its coverage from 0.980 to 0.992
(recall unchanged at 0.978, themes per recovered planted theme 1.00 -> 1.07). Those clauses leave
the pool and the next seed is taken, until no candidate is left with :data:`MIN_THEME_PEOPLE` people
not yet in a theme. Ties break on the phrase itself, so the same clauses always give the same themes;
nothing is random.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

MIN_PEOPLE = 2      # one person's repeated phrase is an anecdote, not a phrase of a theme (as in voc.phrases)
# A theme needs three people: with two the 95% interval of any share over people covers most of [0, 1]
# (Wilson, 2 of 2: 0.34-1.0), so nothing can be said of it (same floor as table.PAIN_MIN_PEOPLE).
MIN_THEME_PEOPLE = 3
MAX_SHARE = 0.4     # a phrase in over two in five of a stage's clauses names the stage (or its touchpoint), not something that happened
ATTACH = 0.5        # a phrase joins a theme when at least half of its clauses are already in it
MAX_THEMES = 15     # per stage and language: more than a reader can sign off in one sitting
# The MAX_SHARE cap needs enough clauses to say what is common: below this a stage is one conversation.
GENERAL_MIN = 20

METHOD = ("Themes are found per stage and language from the customers' own key phrases (runs of one to three "
          "content words; stopwords, fillers, stage notes and evaluation words such as \"slow\" removed). "
          f"The phrase said by the most people not yet in a theme seeds one - if at least {MIN_THEME_PEOPLE} people "
          f"said it, in at most {MAX_SHARE:.0%} of the stage's clauses, significantly more often there than elsewhere "
          "(binomial test, Benjamini-Hochberg), and it is neither a touchpoint's cue word nor only broad words such as "
          "\"app\" or \"good\" - with every clause that holds it, and each phrase with at least "
          f"{ATTACH:.0%} of its clauses in the theme joins it, unless its other clauses hold {MIN_THEME_PEOPLE} people, "
          "enough for a theme of their own; ties break alphabetically. "
          "Its label is the span of the customers' words around the seed said by the most of its people times its "
          "content words (at least 30% of them; else, of the spans of several words 10% said, the one whose people "
          "times the share of the theme's people using its rarest word is highest), up to eight words, never opening "
          "or closing on a function word, intensifier, particle or connective (a phrasal verb's \"up\" may close "
          "it), without evaluation words, comment runs or talk about the interview, and longer than the touchpoint's "
          "cue word alone (\"delivery fee\") when 10% of its people said such a span.")


@dataclass
class Found:
    """One theme before statistics: its clause positions, seed and label phrase keys."""

    members: list[int]
    seed: tuple[str, ...]
    label: list[tuple[str, ...]]     # the seed (the label itself is a span, see .label)
    phrases: list[tuple[str, ...]]   # the theme's phrases, most people first


def find_themes(phrase_sets: list[dict[tuple[str, ...], str]], people: list[str],
                cue_keys: frozenset[tuple[str, ...]] = frozenset(), weight: dict | None = None,
                min_people: int = MIN_THEME_PEOPLE, max_themes: int = MAX_THEMES) -> list[Found]:
    """Themes over clauses given as phrase sets (position i: clause i's phrases, said by people[i]).

    ``weight`` is each phrase's specificity (its inverse document frequency over all of the
    language's clauses, see :func:`specificity`); without it every phrase weighs 1."""
    weight = weight or {}
    n = len(phrase_sets)
    where: dict[tuple[str, ...], list[int]] = {}
    for i, phrases in enumerate(phrase_sets):
        for key in phrases:
            where.setdefault(key, []).append(i)
    limit = max(MAX_SHARE * n, min_people) if n >= GENERAL_MIN else n
    candidates = {k: v for k, v in where.items()
                  if len(v) <= limit and len({people[i] for i in v}) >= min(MIN_PEOPLE, min_people)}
    free = [True] * n
    found: list[Found] = []

    def open_people(rows) -> int:
        return len({people[i] for i in rows if free[i]})

    while len(found) < max_themes:
        ranked = sorted(((open_people(v) * weight.get(k, 1.0), len(k), k) for k, v in candidates.items()
                         if k not in cue_keys and open_people(v) >= min_people), key=lambda t: (-t[0], -t[1], t[2]))
        if not ranked:
            break
        seed = ranked[0][2]
        members = {i for i in candidates[seed] if free[i]}
        for key, rows in candidates.items():
            open_rows = [i for i in rows if free[i]]
            if key != seed and len(open_rows) >= 2 and \
                    sum(i in members for i in open_rows) >= ATTACH * len(open_rows) and \
                    len({people[i] for i in open_rows if i not in members}) < min_people:
                members.update(open_rows)
        for i in members:
            free[i] = False
        rows = sorted(members)
        found.append(Found(members=rows, seed=seed, label=[seed],
                           phrases=ranked_phrases(rows, phrase_sets, people, MIN_PEOPLE)))
    return found


def ranked_phrases(rows: list[int], phrase_sets, people, min_people: int) -> list[tuple[str, ...]]:
    said: dict[tuple[str, ...], set[str]] = {}
    for i in rows:
        for key in phrase_sets[i]:
            said.setdefault(key, set()).add(people[i])
    keep = [(len(p), len(k), k) for k, p in said.items() if len(p) >= min_people]
    return [k for _, _, k in sorted(keep, key=lambda t: (-t[0], -t[1], t[2]))]


def specificity(phrase_sets: list[dict]) -> dict[tuple[str, ...], float]:
    """Inverse document frequency of every phrase over a set of clauses: log(N / clauses with it)."""
    df: Counter = Counter(k for phrases in phrase_sets for k in phrases)
    n = max(len(phrase_sets), 1)
    return {k: math.log(n / c) for k, c in df.items()}


def surface_forms(rows: list[int], phrase_sets) -> dict[tuple[str, ...], Counter]:
    """How each phrase of the theme was said, counted over its clauses."""
    forms: dict[tuple[str, ...], Counter] = {}
    for i in rows:
        for key, said in phrase_sets[i].items():
            forms.setdefault(key, Counter())[said] += 1
    return forms
