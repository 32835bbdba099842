"""The ``churn:`` and ``privacy:`` keys of study.yml that the drivers use, read from the raw mapping.

    churn: {after: order_placed, inactive_days: 30}   # no event within 30 days after the goal
    privacy: {keep_ids: true}                         # risk.csv keeps raw user ids

Errors are one located line each (``study.yml:<line>: churn.inactive_days: ...``).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..exceptions import InputError, Problem
from ..waves.settings import STUDY_FILE, raw_study_mapping

# The example: a customer who does nothing for 30 days after ordering counts as churned.
DEFAULT_INACTIVE_DAYS = 30


@dataclass(frozen=True)
class ChurnSpec:
    after: str                     # the event after which inactivity is measured (usually the goal)
    inactive_days: int = DEFAULT_INACTIVE_DAYS


@dataclass(frozen=True)
class DriverSettings:
    churn: ChurnSpec | None = None
    keep_ids: bool = False


def _fail(shown: str, lines: dict[str, int], key: str, message: str) -> InputError:
    return InputError(Problem(shown, f"{key}: {message}", lines.get(key)))


def parse_churn(value: Any, shown: str, lines: dict[str, int]) -> ChurnSpec | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _fail(shown, lines, "churn", "must be a mapping like {after: order_placed, inactive_days: 30}")
    unknown = sorted(set(value) - {"after", "inactive_days"})
    if unknown:
        raise _fail(shown, lines, f"churn.{unknown[0]}", "unknown key (allowed: 'after', 'inactive_days')")
    after = value.get("after")
    if not isinstance(after, str) or not after.strip():
        raise _fail(shown, lines, "churn" if "after" not in value else "churn.after", "needs the event name")
    days = value.get("inactive_days", DEFAULT_INACTIVE_DAYS)
    if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
        raise _fail(shown, lines, "churn.inactive_days", "must be a whole number of days above 0")
    return ChurnSpec(after.strip(), days)


def parse_privacy(value: Any, shown: str, lines: dict[str, int]) -> bool:
    if value is None:
        return False
    if not isinstance(value, dict):
        raise _fail(shown, lines, "privacy", "must be a mapping like {keep_ids: true}")
    keep = value.get("keep_ids", False)
    if not isinstance(keep, bool):
        raise _fail(shown, lines, "privacy.keep_ids", "must be true or false")
    return keep


def driver_settings(folder: str | Path) -> DriverSettings:
    """churn: and privacy: of the study in ``folder`` (both optional)."""
    data, lines = raw_study_mapping(folder)
    shown = str(Path(folder) / STUDY_FILE)
    return DriverSettings(parse_churn(data.get("churn"), shown, lines),
                          parse_privacy(data.get("privacy"), shown, lines))
