"""Generated studies: planted mismatches at or above the stated detectable effect are found, nothing
else is flagged, and a study with nothing planted stays clean."""
from __future__ import annotations

import pytest
import yaml

from workbench import load_study
from workbench.mismatch import find_mismatches
from workbench.mismatch.synthetic import detectable, generate_study


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return tmp_path_factory.mktemp("synthetic")


def test_generator_is_seeded_and_uses_no_fixed_names(root):
    a = generate_study(root / "a", 7)
    b = generate_study(root / "b", 7)
    c = generate_study(root / "c", 8)
    assert (a.path / "behaviour" / "events.csv").read_bytes() == (b.path / "behaviour" / "events.csv").read_bytes()
    pd_a, pd_c = a.truth, c.truth
    assert pd_a.equals(b.truth)
    assert set(pd_a["touchpoint"]).isdisjoint(pd_c["touchpoint"])
    spec = yaml.safe_load((a.path / "study.yml").read_text())
    assert spec["behaviour"]["columns"]["user"] != yaml.safe_load((c.path / "study.yml").read_text())["behaviour"][
        "columns"]["user"]


@pytest.mark.parametrize("seed", [11, 12, 14])
def test_planted_found_and_nothing_else(root, seed):
    generated = generate_study(root, seed, size="large")
    truth = generated.truth.assign(size=generated.size)
    planted = truth[truth["role"] == "planted"]
    assert len(planted) >= 2 and any(detectable(row) for _, row in planted.iterrows())
    flags = find_mismatches(load_study(generated.path), "all").mismatches
    found = set(zip(flags["touchpoint"], flags["kind"]))
    for _, row in planted.iterrows():
        if detectable(row):
            assert (row["touchpoint"], row["kind"]) in found, row.to_dict()
    allowed = {(t, k) for t, k, also in zip(truth["touchpoint"], truth["kind"], truth["also_true"])
               for k in [k, *filter(None, also.split(";"))] if k}
    assert found <= allowed


@pytest.mark.parametrize("seed", [13, 15])
def test_null_study_is_clean(root, seed):
    generated = generate_study(root, seed, null=True, size="large")
    assert (generated.truth["role"] == "control").all()
    result = find_mismatches(load_study(generated.path), "all")
    assert result.mismatches.empty
    assert (result.tests["status"] == "tested").sum() > 10
