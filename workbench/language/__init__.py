"""Languages of customer text: which language each unit is in, code-mixed spans, segmenters,
cleaning of stage notes and fillers, and fonts for Thai and Chinese figures.

Supported: English (en), Malay (ms), Indonesian (id), Thai (th), Chinese (zh).

    >>> from workbench.language import detect_language, split_spans, clean_text, tokenize
    >>> detect_language("Pengirimannya lama banget, nggak bisa dilacak")
    'id'
    >>> [(s.language) for s in split_spans("checkout ok tapi ongkir mahal", "id")]
    ['en', 'id']

Everything here works offline from what the installed packages ship; segmenters load once per
process. :func:`unsupported_languages` reports any other language once, with its unit count.
"""
from __future__ import annotations

import pandas as pd

from ..exceptions import Problem
from .clean import clean_text
from .detect import SUPPORTED, detect_language, resolve_languages
from .segment import tokenize
from .spans import Span, dominant_language, split_spans

__all__ = ["SUPPORTED", "Span", "clean_text", "detect_language", "dominant_language", "resolve_languages",
           "split_spans", "tokenize", "unsupported_languages"]


def unsupported_languages(units: pd.DataFrame, where: str = "voice units",
                          study_language: str = "en") -> list[Problem]:
    """One warning per language outside :data:`SUPPORTED`, with how many units it covers.

    ``units`` has the voice-unit columns (``language``, ``text``; ``source``/``file`` if known).
    The language of each unit is resolved as the analysis resolves it (declared, else the study's,
    else detected). The place named is the commonest file of that language, or ``where``.
    """
    if units is None or len(units) == 0:
        return []
    langs = resolve_languages(units, study_language)
    problems = []
    for code, n in langs[~langs.isin(SUPPORTED)].value_counts().sort_index().items():
        files = units.loc[langs == code, "file"] if "file" in units.columns else pd.Series(dtype=object)
        place = str(files.value_counts().index[0]) if len(files.dropna()) else where
        problems.append(Problem(place, f"language '{code}' is not supported by the voice-of-customer analysis "
                                       f"({n} unit{'s' if n != 1 else ''}); supported: {', '.join(SUPPORTED)}. "
                                       "Its text is split generically and its sentiment is not measured",
                                severity="warning"))
    return problems
