"""Unmet needs: clauses that say something is missing or wanted (package data ``data/themes/unmet_needs.tsv``).

A polite wish ("pls add GrabPay, easier for mums") reads neutral or positive to a sentiment model,
yet it is a pain the journey map must show. A clause is a need when it contains one of its
language's phrases: as whole lower-cased words where words are spaced (``^`` marks a phrase that
must open the clause, as an imperative "Add GrabPay" does), as a substring in the
unspaced languages (:data:`workbench.themes.keyphrases.UNSPACED`).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable

from .keyphrases import UNSPACED

DATA = Path(__file__).resolve().parent.parent / "data" / "themes" / "unmet_needs.tsv"


@lru_cache(maxsize=None)
def need_phrases() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            language, phrase = line.split("\t", 1)
            out.setdefault(language.strip(), []).append(phrase.strip().lower())
    return {k: tuple(v) for k, v in out.items()}


def is_need(text: str, language: str, tokenize: Callable[[str], list[str]]) -> bool:
    phrases = need_phrases().get(language, ())
    if not phrases:
        return False
    low = str(text).lower()
    if language in UNSPACED:
        return any(low.lstrip().startswith(p[1:]) if p.startswith("^") else p in low for p in phrases)
    joined = f" {' '.join(t.lower() for t in tokenize(low))} "
    return any(joined.startswith(f" {p[1:]} ") if p.startswith("^") else f" {p} " in joined for p in phrases)
