"""The one session-scoped run of the demo study, shared by every golden test module."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "corpora" / "demo-shop"


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    from workbench import runner
    out = tmp_path_factory.mktemp("golden")
    result = runner.run_study(DEMO, out=out, jobs=2, progress=False)
    assert result.exit_code == 0, [r.failure for r in result.runs]
    return out / "demo-shop"
