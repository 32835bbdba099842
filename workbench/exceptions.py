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
