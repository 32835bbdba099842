"""One hierarchy for every error the workbench reports to a researcher.

A problem with the input is described by a :class:`Problem`: the file (relative to the study
folder where it lies inside one), an optional line and column/key, and a sentence saying what is
wrong. ``str(problem)`` is the one line the command line prints:
``path[:line][:column]: what is wrong``.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Sequence

# difflib's default cut-off (0.6) is what "did you mean" suggestions use everywhere, so typos of
# one or two letters are caught without suggesting unrelated words.
SUGGESTION_CUTOFF = 0.6


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as is known."""

    path: str
    message: str
    line: int | None = None
    column: str | None = None
    severity: str = "error"  # "error" stops the run; "warning" is reported and the run goes on
    left_out: int = 0        # rows or files a warning leaves out of the analysis (0: none)
    unit: str = "rows"       # what left_out counts: "rows" or "files"

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
        if self.column:
            where += f":{self.column}"
        return f"{where}: {self.message}"


class WorkbenchError(Exception):
    """Base class: anything the workbench raises on purpose."""


class InputError(WorkbenchError):
    """The input is wrong; carries one or more located problems."""

    def __init__(self, problems: Problem | Sequence[Problem]):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class StudyInvalid(InputError):
    """The study folder failed validation; nothing was run."""


class RunFailed(WorkbenchError):
    """One or more persona runs failed; the others finished."""


def did_you_mean(value: object, allowed: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` or a list of allowed values when nothing is close."""
    allowed = [str(a) for a in allowed]
    close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=SUGGESTION_CUTOFF)
    if close:
        return f" (did you mean '{close[0]}'?)"
    if not allowed:
        return ""
    shown = ", ".join(f"'{a}'" for a in allowed[:12])
    more = f", ... ({len(allowed)} in all)" if len(allowed) > 12 else ""
    return f" (allowed: {shown}{more})"


# A cell is echoed in a message only when it is short and cannot be personal (see shown_value).
SHOWN_VALUE_MAX_CHARS = 32


def shown_value(value: object) -> str | None:
    """``value`` quoted for a message when it is safe to echo (a score, a code, a malformed date),
    else None: text longer than :data:`SHOWN_VALUE_MAX_CHARS`, anything with an ``@``, a run of 7
    or more digits (a phone or id), control characters, or three or more words (a sentence)."""
    text = str(value)
    if len(text) > SHOWN_VALUE_MAX_CHARS or "@" in text or len(text.split()) > 3:
        return None
    if any(ord(ch) < 32 or ord(ch) == 127 or 0x200E <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 for ch in text):
        return None
    digits = 0
    for ch in text:
        digits = digits + 1 if ch.isdigit() else (digits if ch in " -." else 0)
        if digits >= 7:
            return None
    return f"'{text}'"
