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


@pytest.fixture(scope="session")
def tiny_reports(tmp_path_factory):
    """One real run of every chapter on the tiny study, shared by the runner and browser tests.

    Returns (RunResult, reports folder, sha256 of the study folder before the run).
    """
    import hashlib

    from workbench import runner

    def tree_hash(folder: Path) -> str:
        digest = hashlib.sha256()
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
        return digest.hexdigest()

    out = tmp_path_factory.mktemp("reports")
    before = tree_hash(TINY)
    result = runner.run_study(TINY, out=out, jobs=2, progress=False)
    return result, out, before


DEMO = REPO / "corpora" / "demo-shop"
MISORDERED = FIXTURES / "misordered-study"


def _run_once(study: Path, tmp_path_factory, name: str) -> Path:
    from workbench import runner

    out = tmp_path_factory.mktemp(name)
    result = runner.run_study(study, out=out, jobs=2, progress=False)
    assert result.exit_code == 0, [r.failure for r in result.runs]
    return out / study.name


@pytest.fixture(scope="session")
def demo_reports(tmp_path_factory) -> Path:
    """The demo's reports folder (``<out>/demo-shop``), run ONCE per test session: shared by the
    golden tests and the claims audit (the demo is the slowest study to run)."""
    return _run_once(DEMO, tmp_path_factory, "demo")


@pytest.fixture(scope="session")
def misordered_reports(tmp_path_factory) -> Path:
    """The misordered fixture's reports folder (issue 12), run once per test session."""
    return _run_once(MISORDERED, tmp_path_factory, "misordered")


# Session fixtures that each cost a full ``workbench run``. Under pytest-xdist (``-n 2 --dist
# loadgroup``) every worker has its own session, so the tests sharing one of these runs must share a
# worker, or the run is repeated. Tests without such a fixture are grouped by module, so that a
# module-scoped fixture (a loaded demo study, a voice analysis) is also computed once.
SHARED_RUNS = ("demo_reports", "demo_run", "misordered_reports", "tiny_reports")


def pytest_configure(config):
    config.addinivalue_line("markers", "xdist_group(name): run these tests on one pytest-xdist worker")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test with an ``xdist_group``: its module's, merged across modules that share a run
    in SHARED_RUNS. The mark only matters under ``--dist loadgroup``; a plain run ignores it."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    for item in items:
        module = item.nodeid.split("::", 1)[0]
        for name in SHARED_RUNS:
            if name in item.fixturenames:
                parent[find(module)] = find(name)
    for item in items:
        item.add_marker(pytest.mark.xdist_group(find(item.nodeid.split("::", 1)[0])))
