"""The golden tests read the one session-scoped demo run (tests/conftest.py: ``demo_reports``)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def demo_run(demo_reports):
    """The demo's reports folder (``<out>/demo-shop``): the session's one demo run, shared with the
    claims audit (tests/test_headlines.py); the demo is the slowest study to run."""
    return demo_reports
