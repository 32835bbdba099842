"""The tiny study's voice and behaviour, computed once, and maps built from them."""
from __future__ import annotations

import pytest

from workbench import load_study


@pytest.fixture(scope="session")
def tiny_loaded(tiny_study_path):
    return load_study(tiny_study_path)


@pytest.fixture(scope="session")
def tiny_study_path():
    from pathlib import Path
    return Path(__file__).resolve().parents[1] / "fixtures" / "tiny-study"


@pytest.fixture(scope="session")
def tiny_results(tiny_loaded):
    """(voice, behaviour) for "all" on the tiny study."""
    from workbench import voc
    from workbench.behaviour import analyse_behaviour
    return voc.analyse_voice(tiny_loaded, "all"), analyse_behaviour(tiny_loaded, "all")
