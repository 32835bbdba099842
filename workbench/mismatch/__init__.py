"""Say versus do: where what customers say and what they do disagree, touchpoint by touchpoint.

    >>> from workbench import load_study
    >>> from workbench.mismatch import find_mismatches
    >>> result = find_mismatches(load_study("corpora/demo-shop"), persona="bargain-hunter")
    >>> result.mismatches        # flagged, ranked by severity; the contract's mismatches.csv columns first

:func:`find_mismatches` runs on a loaded Study; :func:`analyse_mismatches` on in-memory inputs.
The statistics are in :mod:`.inference`, the five kinds' rules and the default margins and
minimum sample sizes in :mod:`.kinds` (:class:`Settings`), the stated detectable effect in
:mod:`.engine`, figures and cards in :mod:`.render`, the seeded study generator in
:mod:`.synthetic`.
"""
from .engine import EXTRA_COLUMNS, MISMATCH_COLUMNS, MismatchResult, analyse_mismatches, find_mismatches
from .kinds import KINDS, Settings
from .measures import Journeys, journeys_from_users, user_journeys
from .people import people_contradictions, person_users

__all__ = ["EXTRA_COLUMNS", "KINDS", "MISMATCH_COLUMNS", "Journeys", "MismatchResult", "Settings",
           "analyse_mismatches", "find_mismatches", "journeys_from_users", "people_contradictions", "person_users",
           "user_journeys"]
