"""The per-text language guess sentiment uses for ``--language auto``: en, ms, id, th or zh.

One detector exists in the workbench, :func:`workbench.language.detect_language` (script first,
then the curated Latin word lists in ``data/language/latin_words.tsv``). This module only turns
its "cannot tell" answers into a code the sentiment models take: a Latin text with Malay/Indonesian
words but no word telling the two apart ("malayic") is read as Indonesian, the larger of the two
(the models share most of their words), and a text that tells nothing is read as English.
"""
from __future__ import annotations

from ..language.detect import SUPPORTED, detect_language

# Indonesian has far more speakers than Malay and its model shares most Malayic words.
MALAYIC_DEFAULT = "id"


def detect(text: str) -> str:
    """en | ms | id | th | zh for one text (en when nothing tells)."""
    found = detect_language(text) if isinstance(text, str) else None
    if found == "malayic":
        return MALAYIC_DEFAULT
    return found if found in SUPPORTED else "en"
