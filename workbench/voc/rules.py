"""Loading and compiling the customer-language rules of :mod:`workbench.voc.sentiment`.

The rules are regexes in package data (``data/voc/customer_patterns.tsv``). Trying ~50 of them at
every word boundary dominated the tagger's time, so :func:`dispatch` compiles one alternation per
first character: a rule is only tried where the text's next character can start it, with the same
leftmost-first semantics as one big alternation.
"""
from __future__ import annotations

import re
import re._constants as _sre
import re._parser as _sre_parse
import string

from .text import DATA


def read_tsv(name: str, columns: int) -> list[list[str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) < columns:
                raise ValueError(f"{DATA / name}: expected {columns} tab-separated fields in {line!r}")
            rows.append(parts)
    return rows


def read_lines(name: str) -> list[str]:
    return [ln.strip() for ln in (DATA / name).read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]


# Where a rule may start: a word boundary before a word character or an apostrophe ("'ll").
STARTS = re.compile(r"\b[\w']")


def _first_chars(items) -> set[str] | None:
    """The characters a parsed regex can start with; None when that cannot be told simply."""
    out: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            return out | {chr(av)}
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero-width
        if op is _sre.IN:
            for o, a in av:
                if o is _sre.LITERAL:
                    out.add(chr(a))
                elif o is _sre.RANGE:
                    out.update(chr(c) for c in range(a[0], a[1] + 1))
                elif o is _sre.CATEGORY and a is _sre.CATEGORY_DIGIT:
                    out.update("0123456789")
                else:
                    return None
            return out
        if op is _sre.SUBPATTERN:
            first = _first_chars(av[3])
            return None if first is None else out | first
        if op is _sre.BRANCH:
            for branch in av[1]:
                first = _first_chars(branch)
                if first is None:
                    return None
                out |= first
            return out
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            low, _high, item = av
            first = _first_chars(item)
            if first is None:
                return None
            out |= first
            if low >= 1:
                return out
            continue  # optional: what follows may start the match too
        return None
    return None


def dispatch(groups: list[str]) -> dict[str, re.Pattern]:
    """One compiled alternation per possible first character, keeping the rules' order.

    Trying ~50 rules at every word boundary dominated the tagger's time; a rule is only tried
    where the text's next character can start it, with the same leftmost-first semantics."""
    firsts = [_first_chars(_sre_parse.parse(g)) for g in groups]
    chars = set().union(*(f for f in firsts if f is not None)) | set(string.ascii_lowercase + string.digits + "'")
    table = {}
    for ch in chars:
        mine = [g for g, f in zip(groups, firsts) if f is None or ch in f]
        if mine:
            table[ch] = re.compile("(?:" + "|".join(mine) + r")\b")
    return table
