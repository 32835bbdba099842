"""Golden tests: the demo's CSV tables and every number its reports print equal those pinned from
main before the analyse-once refactor (tests/golden/demo-shop, pinned by report_numbers.py).

A changed number must be a fixed bug: re-pin (``python tests/golden/report_numbers.py <run>``) and
say why in the commit. Re-pinned once for the waves-and-drivers wiring: every earlier table and
section unchanged; added were changes.csv and drivers.csv, chapter 05's sections and the journey
map's "Since the last wave" markers (numbers only added to the map section, none removed).
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from .report_numbers import PINNED, differences, pinned_tables, run_numbers, run_tables

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "corpora" / "demo-shop"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def demo_run(demo_reports):
    """The one demo run of the session (tests/conftest.py), shared with the claims audit."""
    return demo_reports


def test_every_pinned_table_is_written(demo_run):
    assert set(run_tables(demo_run)) == set(pinned_tables())


@pytest.mark.parametrize("key", sorted(pinned_tables()))
def test_table_equals_the_pinned_one(demo_run, key):
    now = run_tables(demo_run)[key]
    pd.testing.assert_frame_equal(now.reset_index(drop=True), pinned_tables()[key].reset_index(drop=True))


def test_every_number_in_the_reports_is_unchanged(demo_run):
    before = json.loads((PINNED / "numbers.json").read_text(encoding="utf-8"))
    after = run_numbers(demo_run)
    assert set(after) == set(before)
    changed = {page: d for page in before if (d := differences(before[page], after[page]))}
    assert not changed, json.dumps(changed, indent=1, ensure_ascii=False)[:4000]
