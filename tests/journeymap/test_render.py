"""The map rendered: grid in stage order with every lane, links that resolve, PNG and SVG for slides."""
from __future__ import annotations

import re

import pytest

from workbench.journeymap import LANES, build_map, findings
from workbench.report.chapters import journey_map as render
from workbench.report.html import external_references


@pytest.fixture(scope="module")
def tiny_map(tiny_loaded, tiny_results):
    voice, behaviour = tiny_results
    return build_map(tiny_loaded.config, "all", voice, behaviour, None)


def test_grid_has_stages_in_order_and_every_lane(tiny_map):
    text = render.map_html(tiny_map, "all-map")
    positions = [text.index(f"<span class='wb-stage-label'>{label}</span>") for _, label in tiny_map.stages]
    assert positions == sorted(positions)
    for _, title in LANES:
        assert title in text
    assert "line of visibility" in text and "svg class='wb-curve'" in text
    assert "href='all-map.png'" in text and "href='all-map.svg'" in text


def test_every_link_resolves_to_an_id_on_the_page(tiny_map):
    text = (render.findings_html(findings(tiny_map)).data + render.map_html(tiny_map)
            + render.evidence_html(tiny_map).data)
    links = set(re.findall(r"href='#([^']+)'", text))
    ids = set(re.findall(r"id='([^']+)'", text))
    assert links and links <= ids
    assert len(re.findall(r"id='([^']+)'", text)) == len(ids)  # no duplicate ids


def test_html_is_self_contained_and_escaped(tiny_map):
    text = render.map_html(tiny_map) + render.evidence_html(tiny_map).data
    assert external_references(text) == []
    assert "<script" not in text


@pytest.fixture(scope="module")
def bundle(tiny_map):
    return render.map_display(tiny_map)._repr_mimebundle_()


def test_display_bundle_carries_png_svg_and_html(bundle):
    import base64
    data, meta = bundle
    png = base64.b64decode(data["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    assert data["image/svg+xml"].lstrip().startswith("<?xml") and "<svg" in data["image/svg+xml"]
    assert "wb-map" in data["text/html"]
    assert meta == {"workbench": {"journey_map": "all"}}


def test_slide_svg_keeps_text_as_text(tiny_map, bundle):
    svg = bundle[0]["image/svg+xml"]
    for _, label in tiny_map.stages:
        assert label in svg
    assert "Journey map · Everyone" in svg


def test_map_files_draws_once_for_both_formats(tiny_map, monkeypatch):
    """The report's map output needs the PNG and the SVG: one layout of the figure serves both."""
    from workbench.report.chapters import map_figure as figure
    drawn = []
    real = figure.map_figure
    monkeypatch.setattr(figure, "map_figure", lambda jmap: drawn.append(1) or real(jmap))
    png, svg = figure.map_files(tiny_map)
    assert drawn == [1]
    assert png == figure.map_png(tiny_map)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and "<svg" in svg
    for _, label in tiny_map.stages:
        assert label in svg   # text kept as text, as map_svg writes it
