"""The customers' own phrases: candidates, collocation strength, distinctiveness, evidence.

Candidates are 1-4 word runs of customer text bounded by stopwords and punctuation (so "the
delivery fee was a shock" offers "delivery fee" and "shock"), lower-cased but otherwise as said.
Multi-word candidates are scored with nltk's collocation finders (Dunning's likelihood ratio).
:func:`distinctive_phrases` compares any grouping of clauses, one group against the rest, with the
log-odds ratio under an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008, eq. 16-22).
Every phrase keeps its counts, distinct speakers and sources, mean sentiment and up to three
verbatim quotes with provenance, because a phrase one person repeats ten times is not a theme.

Languages: each clause is cut into words by its own language's segmenter (jieba, nlpo3, a regex)
and bounded by its own curated stopwords; a run of words never crosses a change of script, so a
phrase is never glued from two scripts. Words in a phrase are joined by a space in every language
(a Chinese phrase "配送 费" is the two jieba words). A phrase's ``language`` is the commonest
language of the clauses it occurs in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from nltk.collocations import (BigramAssocMeasures, BigramCollocationFinder, QuadgramAssocMeasures,
                               QuadgramCollocationFinder, TrigramAssocMeasures, TrigramCollocationFinder)

from ..language.segment import HAS_HAN, HAS_THAI, tokenize, tokenize_runs
from ..privacy.provenance import cite
from .text import APOSTROPHES, WORD, language_for, runs_between

MAX_WORDS = 4          # the issue: candidate phrases of 1-4 words
MIN_COUNT = 2          # a phrase said once is an anecdote, not a pattern
MIN_SPEAKERS = 2       # ...and one said by one person only is that person's, not a theme
QUOTES_PER_PHRASE = 3  # the issue: up to three verbatim quotes per phrase
# Prior of the log-odds: the pooled counts of the corpus under study (alpha_w = y_w), the
# "informative Dirichlet" built from the full collection in Monroe et al. 2008, section 3.5.
PRIOR_SCALE = 1.0
# Quotes read best between these lengths (words); longer sentences are still used, later.
QUOTE_WORDS = (5, 35)
_BOUNDARY = re.compile(r"[,;:()\"“”!?.…/|\[\]{}*]+|\s[-–—]+\s|\s&\s")
# Transcript annotations such as "[laughs]" or "(inaudible)" are not the customer's words.
_ANNOTATION = re.compile(r"\[[^\]]{0,40}\]|\((?:laughs?|laughing|inaudible|crosstalk|pause|sighs?|smiles?|"
                         r"unclear|chuckles?)[^)]{0,20}\)|^[a-z ]{2,20}\]", re.IGNORECASE)
_FINDERS = {2: (BigramCollocationFinder, BigramAssocMeasures),
            3: (TrigramCollocationFinder, TrigramAssocMeasures),
            4: (QuadgramCollocationFinder, QuadgramAssocMeasures)}


_BOUNDARY_CJK = re.compile(r"[，。！？；：、（）「」『』《》【】…～]+")
# Shortest single word kept as a phrase, by script: Latin words under 3 letters are mostly
# particles ("ok", "je"); Thai words are spelled with 2+ characters. A Chinese word of one character
# alone says nothing happened (涨 "rise", 钱 "money" led demo-makan's negative phrases; 慢 "slow" and
# 贵 "expensive" are bare evaluations): as for theme labels (themes/label.py MIN_LONE_WORD_LETTERS),
# it counts only inside a longer phrase ("配送费 涨").
MIN_WORD_CHARS = {"latin": 3, "zh": 2, "th": 2}


def candidate_runs(text: str, stopwords: frozenset[str]) -> list[list[str]]:
    """Runs of non-stopword tokens between punctuation, stopwords and changes of script."""
    runs: list[list[str]] = []
    if "[" in text or "(" in text:
        text = _ANNOTATION.sub(" . ", text)
    mixed = HAS_THAI.search(text) or HAS_HAN.search(text)
    if mixed:
        text = _BOUNDARY_CJK.sub(" . ", text)
    for piece in _BOUNDARY.split(text.translate(APOSTROPHES).lower()):
        for words in (tokenize_runs(piece) if mixed else (WORD.findall(piece),)):
            runs += runs_between(words, lambda tok: tok in stopwords or tok.startswith("'"))
    return runs


def _script(word: str) -> str:
    ch = word[0]
    if "\u0e00" <= ch <= "\u0e7f":
        return "th"
    return "zh" if HAS_HAN.match(ch) else "latin"


def word_count(text: str) -> int:
    """Words in a sentence: spaces for Latin script, the segmenter's words for Thai and Chinese."""
    if HAS_THAI.search(text) or HAS_HAN.search(text):
        return len(tokenize(text))
    return text.count(" ") + 1


@dataclass
class PhraseIndex:
    """Every candidate occurrence: which clause (row position) and which phrase (id)."""

    phrases: list[str]
    n_words: np.ndarray
    occ_clause: np.ndarray
    occ_phrase: np.ndarray
    collocation: np.ndarray  # likelihood ratio per phrase id; nan for single words
    languages: list[str] = None  # commonest clause language per phrase id

    def occurrences(self) -> pd.DataFrame:
        return pd.DataFrame({"row": self.occ_clause, "pid": self.occ_phrase})


def extract_phrases(clauses: pd.DataFrame, min_count: int = MIN_COUNT) -> PhraseIndex:
    """Find candidate phrases in ``clauses['text']`` and score the multi-word ones as collocations."""
    ids: dict[str, int] = {}
    occ_clause: list[int] = []
    occ_phrase: list[int] = []
    all_runs: list[list[str]] = []
    stop_for: dict[object, frozenset[str]] = {}
    lang_counts: dict[int, dict[str, int]] = {}
    codes = clauses["language"].tolist() if "language" in clauses else ["en"] * len(clauses)
    for row, (text, code) in enumerate(zip(clauses["text"].tolist(), codes)):
        stop = stop_for.get(code)
        if stop is None:
            stop = stop_for[code] = language_for(code).stopwords
        runs = candidate_runs(text, stop)
        seen: set[int] = set()
        for run in runs:
            k = len(run)
            if k > 1:
                all_runs.append(run)
            for n in range(1, min(MAX_WORDS, k) + 1):
                for i in range(k - n + 1):
                    if n == 1:
                        word = run[i]
                        if word.isdigit() or len(word) < (3 if word.isascii() else MIN_WORD_CHARS[_script(word)]):
                            continue
                        phrase = word
                    else:
                        phrase = " ".join(run[i:i + n])
                    pid = ids.get(phrase)
                    if pid is None:
                        pid = ids[phrase] = len(ids)
                    if pid not in seen:  # a clause counts once per phrase
                        seen.add(pid)
                        occ_clause.append(row)
                        occ_phrase.append(pid)
                        by_lang = lang_counts.setdefault(pid, {})
                        by_lang[code] = by_lang.get(code, 0) + 1
    phrases = list(ids)
    n_words = np.fromiter((p.count(" ") + 1 for p in phrases), dtype=np.int64, count=len(phrases))
    colloc = np.full(len(phrases), np.nan)
    for n, (finder_cls, measures) in _FINDERS.items():
        docs = [r for r in all_runs if len(r) >= n]
        if not docs:
            continue
        finder = finder_cls.from_documents(docs)
        finder.apply_freq_filter(min_count)
        for gram, score in finder.score_ngrams(measures.likelihood_ratio):
            pid = ids.get(" ".join(gram))
            if pid is not None:
                colloc[pid] = score
    languages = [max(lang_counts[i], key=lang_counts[i].get) if i in lang_counts else "" for i in range(len(phrases))]
    languages = [c if isinstance(c, str) else "" for c in languages]
    return PhraseIndex(phrases, n_words, np.asarray(occ_clause, dtype=np.int64),
                       np.asarray(occ_phrase, dtype=np.int64), colloc, languages)


def subsumed(phrases: pd.Series, counts: pd.Series) -> pd.Series:
    """True where a phrase only ever occurs inside one longer kept phrase with the same count."""
    count_of = dict(zip(phrases, counts))
    inside = set()
    for p, c in count_of.items():
        words = p.split(" ")
        if len(words) < 2:
            continue
        for sub in (" ".join(words[:-1]), " ".join(words[1:])):
            if count_of.get(sub) == c:
                inside.add(sub)
    return phrases.isin(inside)


def phrase_stats(clauses: pd.DataFrame, index: PhraseIndex, min_count: int = MIN_COUNT,
                 min_speakers: int = MIN_SPEAKERS) -> pd.DataFrame:
    """One row per phrase said at least ``min_count`` times by at least ``min_speakers`` people."""
    occ = index.occurrences()
    counts = np.bincount(occ["pid"].to_numpy(), minlength=len(index.phrases))
    occ = occ[counts[occ["pid"].to_numpy()] >= min_count]
    if occ.empty:
        return _empty_stats()
    rows = clauses.reset_index(drop=True)
    occ = occ.assign(person=rows["participant"].to_numpy()[occ["row"]], unit=rows["unit_id"].to_numpy()[occ["row"]],
                     compound=rows["compound"].to_numpy()[occ["row"]], source=rows["source"].to_numpy()[occ["row"]])
    occ["negative"] = occ["compound"] < -0.05
    g = occ.groupby("pid")
    out = pd.DataFrame({"count": g.size(), "speakers": g["person"].nunique(), "units": g["unit"].nunique(),
                        "sources": g["source"].agg(lambda s: "|".join(sorted(set(s)))),
                        "mean_sentiment": g["compound"].mean(), "share_negative": g["negative"].mean()})
    out = out[out["speakers"] >= min_speakers]
    if out.empty:
        return _empty_stats()
    out.insert(0, "phrase", [index.phrases[i] for i in out.index])
    out.insert(1, "words", index.n_words[out.index])
    out["collocation"] = index.collocation[out.index]
    out["language"] = [index.languages[i] for i in out.index] if index.languages is not None else ""
    out = out[~subsumed(out["phrase"], out["count"]).to_numpy()]
    out = out[~bare_words(out, clauses).to_numpy()]
    if out.empty:
        return _empty_stats()
    tags = _top_tags(occ[occ["pid"].isin(out.index)], rows)
    quotes = _quotes(occ[occ["pid"].isin(out.index)], rows, out["mean_sentiment"])
    out = out.join(tags).join(quotes)
    out = out.sort_values(["speakers", "count", "words"], ascending=[False, False, False])
    return out.reset_index(drop=True)[STATS_COLUMNS]


def bare_words(stats: pd.DataFrame, clauses: pd.DataFrame) -> pd.Series:
    """True for a phrase of one word that says nothing on its own: a function word, negation, discourse
    word, intensifier, conjunction or number of its language ("kena", "sangat", "gila", "เกินไป"; the theme
    labels' lists, ``data/themes/function_words_<language>.txt`` and ``label_words.tsv``), or a word of a
    persona's id ("student" of student-saver: the persona's name, not what happened to them). They
    topped demo-makan's negative phrases only because the negative clauses were long."""
    from ..themes.keyphrases import word_list
    from ..themes.quality import NEGATIONS, label_words
    persona = set()
    if "persona" in clauses.columns:
        for name in clauses["persona"].dropna().astype(str).unique():
            persona.update(w for w in re.split(r"[-_\s]+", name.lower()) if w)

    def bare(phrase: str, words: int, language: str) -> bool:
        if words != 1:
            return False
        listed = label_words(language or "en")
        return (phrase in persona or phrase in NEGATIONS or phrase in (word_list(f"function_words_{language}.txt") or frozenset())
                or phrase in listed.weak or phrase in listed.conjunction or phrase in listed.number)

    return pd.Series([bare(p, int(w), str(lang) if isinstance(lang, str) else "")
                      for p, w, lang in zip(stats["phrase"], stats["words"], stats["language"])], index=stats.index)


STATS_COLUMNS = ["phrase", "words", "count", "speakers", "units", "sources", "mean_sentiment", "share_negative",
                 "collocation", "touchpoints", "stages", "quote_ids", "quotes", "language"]


def _empty_stats() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in STATS_COLUMNS})


def _top_tags(occ: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for col in ("touchpoints", "stages"):
        tagged = pd.DataFrame({"pid": occ["pid"].to_numpy(), "tag": rows[col].to_numpy()[occ["row"]]}).explode("tag")
        tagged = tagged.dropna()
        top = tagged.groupby(["pid", "tag"]).size().rename("n").reset_index()
        top = top.sort_values(["pid", "n", "tag"], ascending=[True, False, True]).groupby("pid").head(3)
        out[col] = top.groupby("pid")["tag"].agg("|".join)
    return pd.DataFrame(out)


def _quotes(occ: pd.DataFrame, rows: pd.DataFrame, mean: pd.Series) -> pd.DataFrame:
    """Up to three quotes per phrase: distinct speakers first, typical sentiment, readable length."""
    q = occ[["pid", "row", "person", "unit", "compound"]].copy()
    # a clause holds many phrases: count its words and key its wording once per clause, not per phrase
    texts = rows["sentence_text"].to_numpy()
    clause_rows, which = np.unique(q["row"].to_numpy(), return_inverse=True)
    words = np.fromiter((word_count(t) for t in texts[clause_rows]), dtype=np.int64, count=len(clause_rows))[which]
    q["fit"] = ((words >= QUOTE_WORDS[0]) & (words <= QUOTE_WORDS[1])).astype(int)
    sign = np.sign(mean.reindex(q["pid"]).to_numpy())
    q["typical"] = np.sign(q["compound"].to_numpy()) == sign
    q["strength"] = q["compound"].abs()
    q = q.sort_values(["pid", "fit", "typical", "strength"], ascending=[True, False, False, False])
    said = {r: same_words(texts[r]) for r in clause_rows}
    q["said"] = [said[r] for r in q["row"]]
    q = q.drop_duplicates(["pid", "person"]).drop_duplicates(["pid", "said"]).groupby("pid").head(QUOTES_PER_PHRASE)
    q["quote"] = quote_texts(rows, q["row"].to_numpy())
    return pd.DataFrame({"quote_ids": q.groupby("pid")["unit"].agg(";".join),
                         "quotes": q.groupby("pid")["quote"].agg(" || ".join)})


def same_words(text: str) -> str:
    """A key that is equal for two quotes with the same words (case and punctuation aside)."""
    return " ".join(WORD.findall(text.translate(APOSTROPHES).lower()))


def quote_texts(clauses: pd.DataFrame, positions) -> list[str]:
    """Each clause's sentence in quotes, then who said it and where (:func:`privacy.provenance.cite`:
    ``T1 interview, turn 4, 00:00:12``; a survey answer's respondent, file and line). ``positions`` are row positions in ``clauses``."""
    cols = {c: clauses[c].to_numpy()[positions] for c in ("sentence_text", "participant", "file", "ref", "start",
                                                          "source")}
    out = []
    for i in range(len(positions)):
        start = cols["start"][i]
        start = start if isinstance(start, (int, float, np.floating, np.integer)) else None
        where = cite(cols["participant"][i], cols["file"][i], cols["source"][i], cols["ref"][i], start)
        out.append(f"“{cols['sentence_text'][i]}” ({where})")
    return out


def group_values(clauses: pd.DataFrame, by: str) -> pd.Series:
    """The group of each clause for ``by``; list-valued tags (touchpoints, stages) are exploded."""
    column = {"touchpoint": "touchpoints", "stage": "stages", "sentiment": "label"}.get(by, by)
    if column not in clauses.columns:
        raise KeyError(f"cannot group phrases by '{by}': not a clause column")
    values = clauses[column].reset_index(drop=True)
    values.index.name = "row"
    return values.explode().dropna() if values.map(lambda v: isinstance(v, (tuple, list))).any() else values.dropna()


def distinctive_phrases(clauses: pd.DataFrame, index: PhraseIndex, by: str, min_count: int = MIN_COUNT,
                        prior_scale: float = PRIOR_SCALE) -> pd.DataFrame:
    """Each group's phrases against the rest: log-odds with an informative Dirichlet prior and z.

    Columns: group, phrase, words, count, count_rest, speakers, log_odds, z, language (one row per
    group and phrase said in that group). Works for any number of groups.
    """
    groups = group_values(clauses, by)
    occ = index.occurrences()
    counts = np.bincount(occ["pid"].to_numpy(), minlength=len(index.phrases))
    occ = occ[counts[occ["pid"].to_numpy()] >= min_count]
    occ = occ.merge(groups.rename("group").reset_index(), on="row")
    columns = ["group", "phrase", "words", "count", "count_rest", "speakers", "log_odds", "z", "language"]
    if occ.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    occ["person"] = clauses["participant"].to_numpy()[occ["row"]]
    y = occ.groupby(["group", "pid"]).size().rename("y").reset_index()
    speakers = occ.drop_duplicates(["group", "pid", "person"]).groupby(["group", "pid"]).size()
    y["speakers"] = speakers.reindex(pd.MultiIndex.from_frame(y[["group", "pid"]])).to_numpy()
    total_w = y.groupby("pid")["y"].sum()
    n_g = y.groupby("group")["y"].sum()
    big_n = float(total_w.sum())
    alpha_w = prior_scale * total_w.reindex(y["pid"]).to_numpy(dtype=float)
    alpha_0 = prior_scale * big_n
    yg = y["y"].to_numpy(dtype=float)
    yr = total_w.reindex(y["pid"]).to_numpy(dtype=float) - yg
    ng = n_g.reindex(y["group"]).to_numpy(dtype=float)
    nr = big_n - ng
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log((yg + alpha_w) / (ng + alpha_0 - yg - alpha_w))
                 - np.log((yr + alpha_w) / (nr + alpha_0 - yr - alpha_w)))
        z = delta / np.sqrt(1.0 / (yg + alpha_w) + 1.0 / (yr + alpha_w))
    out = pd.DataFrame({"group": y["group"], "phrase": [index.phrases[p] for p in y["pid"]],
                        "words": index.n_words[y["pid"].to_numpy()], "count": y["y"], "count_rest": yr.astype(int),
                        "speakers": y["speakers"].astype(int), "log_odds": delta, "z": z,
                        "language": [index.languages[p] for p in y["pid"]] if index.languages is not None else ""})
    return out.sort_values(["group", "z"], ascending=[True, False]).reset_index(drop=True)
