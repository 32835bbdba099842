"""The tiny-shop fixture study: 11 users whose journeys are worked out by hand in fixtures/README.md."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbench.config import load_study_config

FIXTURE = Path(__file__).parent / "fixtures" / "tiny-shop"


@pytest.fixture(scope="session")
def tiny():
    """The fixture study's config (opened once per session by the behaviour source cache)."""
    return load_study_config(FIXTURE)


@pytest.fixture()
def tiny_copy(tmp_path):
    """A writable copy of the fixture study, for tests that break it."""
    target = tmp_path / "tiny-shop"
    shutil.copytree(FIXTURE, target)
    return target


def pytest_configure(config):
    config.addinivalue_line("markers", "spark: runs analyses on PySpark in local mode (needs pyspark and Java 17)")
