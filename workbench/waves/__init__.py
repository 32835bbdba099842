"""Study waves: compare an earlier wave of a study with a later one (changes.csv).

Public API: :func:`compare_studies` (two loaded Studies -> :class:`WaveComparison`),
:func:`previous_wave` (study.yml's ``previous:`` folder), :func:`align_touchpoints` and
:func:`main_compare` (the ``workbench compare`` command).
"""
from .alignment import align_touchpoints
from .command import main_compare, run_compare
from .compare import CHANGES_COLUMNS, WaveComparison, compare_studies
from .settings import previous_wave

__all__ = ["compare_studies", "WaveComparison", "CHANGES_COLUMNS", "align_touchpoints", "previous_wave",
           "main_compare", "run_compare"]
