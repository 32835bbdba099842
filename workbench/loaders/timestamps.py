"""Unparseable timestamps: local damage (a warning, the rows left out) or an unreadable column (an error).

A few bad values among many rows (40 among 143,000 in one events export) are damage from an export
or a hand edit; the rest of the file is sound, so the rows are left out, counted and the run goes
on. When more than :data:`BAD_TIMESTAMP_WARNING_SHARE` of a file's time values fail, the column is in
a format the workbench does not read (or is not a time column at all), and going on would silently
drop a large part of the data: that is an error.
"""
from __future__ import annotations

from ..exceptions import Problem, shown_value

# Above 1% of non-empty values unparseable the file is not "locally damaged": a share that large
# changes rates by more than their usual 95% interval half-width at the sample sizes of a study
# (n ~ 10,000 users: +-1 point), so leaving the rows out would change the numbers unnoticed.
BAD_TIMESTAMP_WARNING_SHARE = 0.01
ISO_EXAMPLE = "2026-07-01 10:15:00 or 2026-07-01T10:15:00+08:00"


def bad_timestamps_problem(path: str, column: str, bad: int, total: int, example: object = None,
                           line: int | None = None) -> Problem | None:
    """The problem for ``bad`` unparseable values among ``total`` non-empty ones, or None when bad is 0.

    A warning (the rows are left out and counted) up to the threshold share, an error above it.
    ``example`` is echoed only when :func:`workbench.exceptions.shown_value` finds it safe.
    """
    if not bad:
        return None
    share = bad / total if total else 1.0
    shown = shown_value(example) if example is not None else None
    eg = f", e.g. {shown}" if shown else ""
    if share <= BAD_TIMESTAMP_WARNING_SHARE:
        return Problem(path, f"column '{column}': {bad:,} of {total:,} value(s) do not parse as timestamps{eg}; those rows are left "
                       f"out ({share:.2%}; above {BAD_TIMESTAMP_WARNING_SHARE:.0%} this is an error)",
                       line=line, column=column, severity="warning", left_out=bad)
    return Problem(path, f"column '{column}': {bad:,} of {total:,} value(s) ({share:.0%}) do not parse as timestamps{eg} "
                   f"(expected ISO 8601 such as {ISO_EXAMPLE}; is the column in another date format?)",
                   line=line, column=column)
