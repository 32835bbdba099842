"""Every report opened from disk in headless Chromium: nothing fetched, no console error, not blank."""
from __future__ import annotations

import os

import pytest

from workbench.report.browser import MIN_DISTINCT_COLOURS, chromium_available, check_pages

# In CI Chromium is installed by .ci/run: a missing browser there is a failure, not a skip.
pytestmark = pytest.mark.skipif(not chromium_available() and not os.environ.get("CI"),
                                reason="needs Debian's chromium and chromium-driver")

REQUIRED = {
    "index.html": ["table.wb-table", "a[href='saver.html']", "a[href='all.html']"],
    "saver.html": ["h1#Study-overview", "h1#Voice-of-the-customer", "img"],
    "all.html": ["h1#Study-overview", "img"],
}


@pytest.fixture(scope="module")
def checked(tiny_reports):
    _, out, _ = tiny_reports
    pages = sorted((out / "tiny-study").glob("*.html"))
    assert len(pages) == 4
    return check_pages(pages, REQUIRED)


def test_no_request_leaves_the_file(checked):
    for page in checked:
        assert page.requests, page.path.name  # the page itself was loaded
        assert page.external_requests == [], page.path.name


def test_no_console_errors(checked):
    for page in checked:
        assert page.console_errors == [], page.path.name


def test_sections_present_and_not_blank(checked):
    for page in checked:
        assert page.missing == [], (page.path.name, page.missing)
        assert page.distinct_colours >= MIN_DISTINCT_COLOURS, page.path.name


def test_the_check_catches_an_external_request(tmp_path):
    page = tmp_path / "leaky.html"
    page.write_text('<html><body><p>hi</p><img src="http://127.0.0.1:9/pixel.png"></body></html>')
    (result,) = check_pages([page])
    assert result.external_requests == ["http://127.0.0.1:9/pixel.png"]
