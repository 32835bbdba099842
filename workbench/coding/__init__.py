"""The researcher's own codes: a codebook in study.yml, hand-coded highlights, frequencies, co-occurrence.

    >>> from workbench.coding import load_coding, code_frequencies, code_cooccurrence
    >>> coding = load_coding(study, analyse_voice(study).clauses)
    >>> code_frequencies(coding.applied, clauses, coding.codebook)
"""
from .apply import APPLIED_COLUMNS, Coding, apply_codes, load_coding
from .codebook import Code, parse_codebook
from .highlights import HIGHLIGHT_COLUMNS, read_highlights
from .tables import code_cooccurrence, code_frequencies

__all__ = ["APPLIED_COLUMNS", "Code", "Coding", "HIGHLIGHT_COLUMNS", "apply_codes", "code_cooccurrence",
           "code_frequencies", "load_coding", "parse_codebook", "read_highlights"]
