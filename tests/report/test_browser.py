"""Every report opened from disk in headless Chromium: nothing fetched, no console error, not blank."""
from __future__ import annotations

import os

import pytest

from workbench.report.browser import MIN_DISTINCT_COLOURS, chromium_available, check_pages

# In CI Chromium is installed by .ci/run: a missing browser there is a failure, not a skip.
pytestmark = pytest.mark.skipif(not chromium_available() and not os.environ.get("CI"),
                                reason="needs Debian's chromium and chromium-driver")

# Every persona report opens with the summary and the map, then every chapter; the map's cells link
# to evidence anchors further down; the comparison and index pages link where they should.
CHAPTERS = ["h1#Summary-and-journey-map", "h1#Study-overview", "h1#Voice-of-the-customer",
            "h1[id='Behaviour:-what-customers-do']"]
MAP = ["ol.wb-findings li", "table.wb-map th.wb-stage", "table.wb-map tr.wb-lane-feel svg.wb-curve",
       "table.wb-map a.wb-item[href^='#wb-']", "tr.wb-visibility", "section.wb-evidence"]
REQUIRED = {
    "index.html": ["table.wb-table", "a[href='saver.html']", "a[href='all.html']", "a[href='comparison.html']"],
    "saver.html": [*CHAPTERS, *MAP, "img"],
    "rusher.html": [*CHAPTERS, *MAP],
    "all.html": [*CHAPTERS, *MAP, "img"],
    "comparison.html": ["h2#wb-compare-phrases", "h2#wb-compare-sentiment", "h2#wb-compare-funnel", "img",
                        "a[href='index.html']"],
}


@pytest.fixture(scope="module")
def checked(tiny_reports):
    _, out, _ = tiny_reports
    pages = sorted((out / "tiny-study").glob("*.html"))
    assert sorted(p.name for p in pages) == sorted(REQUIRED)
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


def test_every_map_link_has_its_target(checked):
    """Links to evidence (``#wb-...``, also ``report.html#wb-...`` from the index) land on an id."""
    import re

    folder = checked[0].path.parent
    ids = {p.name: set(re.findall(r"""id=["']([^"']+)["']""", p.read_text(encoding="utf-8")))
           for p in folder.glob("*.html")}
    for page in checked:
        text = page.path.read_text(encoding="utf-8")
        for target, anchor in re.findall(r"""href=["']([\w.-]*)#(wb-[^"']+)["']""", text):
            assert anchor in ids[target or page.path.name], (page.path.name, target, anchor)
    assert re.search(r"""href=["']#wb-""", (folder / "all.html").read_text(encoding="utf-8"))


def test_the_check_catches_an_external_request(tmp_path):
    page = tmp_path / "leaky.html"
    page.write_text('<html><body><p>hi</p><img src="http://127.0.0.1:9/pixel.png"></body></html>')
    (result,) = check_pages([page])
    assert result.external_requests == ["http://127.0.0.1:9/pixel.png"]


# A quote in Thai and one in Chinese on a report page (the page shell every chapter goes through):
# Chromium must draw them with the faces the page carries, not with a fallback face's boxes. The
# machine has no Thai or Chinese system font, so without the embedded faces this fails.
THAI_QUOTE = "ค่าส่งแพงมาก ตอนเที่ยงสั่งทีไรก็เกือบร้อยบาท"
CHINESE_QUOTE = "运费太贵了，退款也太慢"


def _script_glyphs(faces: list[dict]) -> tuple[int, int]:
    """(glyphs drawn by faces the page carries, glyphs drawn by system faces)."""
    custom = sum(f["glyphCount"] for f in faces if f["isCustomFont"])
    return custom, sum(f["glyphCount"] for f in faces if not f["isCustomFont"])


def test_thai_and_chinese_quotes_render_with_real_glyphs(tmp_path):
    from workbench.report.html import page
    body = (f'<blockquote class="wb-quote" id="th"><p>{THAI_QUOTE}</p><footer>P11 · interview</footer></blockquote>'
            f'<blockquote class="wb-quote" id="zh"><p>{CHINESE_QUOTE}</p><footer>P16 · interview</footer></blockquote>'
            '<p id="latin">Voice of the customer</p>')
    path = tmp_path / "scripts.html"
    path.write_text(page("Quotes in their own language", body), encoding="utf-8")
    (result,) = check_pages([path], {"scripts.html": ["#th p", "#zh p"]},
                            fonts={"scripts.html": ["#th p", "#zh p", "#latin"]})
    assert result.missing == [] and result.external_requests == [] and result.console_errors == []
    thai_custom, thai_system = _script_glyphs(result.fonts["#th p"])
    zh_custom, zh_system = _script_glyphs(result.fonts["#zh p"])
    assert thai_custom >= len(THAI_QUOTE.replace(" ", "")) - 6, result.fonts["#th p"]  # marks may combine
    assert zh_custom == len(CHINESE_QUOTE), result.fonts["#zh p"]
    assert thai_system <= 1 and zh_system == 0  # at most the space, in the Latin face
    assert _script_glyphs(result.fonts["#latin"])[0] == 0  # Latin text keeps the usual faces
