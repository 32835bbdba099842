"""Shared fixtures: the tiny study (tests/fixtures/tiny-study) and copies of it to break."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny-study"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def tiny_study() -> Path:
    return TINY


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Path:
    """A writable copy of the tiny study, to break on purpose."""
    target = tmp_path / "tiny-study"
    shutil.copytree(TINY, target)
    return target
