"""The map figure draws Thai, Chinese and emoji: no glyph falls back to a box, in PNG or SVG."""
from __future__ import annotations

import dataclasses
import warnings

import pytest

from workbench.journeymap import build_map
from workbench.report.chapters.map_figure import map_figure, map_png, map_svg
from workbench.language.fonts import missing_glyphs, register_fonts

THAI_QUOTE = "ค่าส่งแพงมาก ตอนเที่ยงสั่งทีไรก็เกือบร้อยบาท"
CHINESE_QUOTE = "运费太贵了，退款也太慢 😤"
THAI_STAGE, CHINESE_STAGE = "สั่งและจ่ายเงิน", "配送"


@pytest.fixture(scope="module")
def scripts_map(tiny_loaded, tiny_results):
    voice, behaviour = tiny_results
    jmap = build_map(tiny_loaded.config, "all", voice, behaviour, None)
    stages = [(sid, THAI_STAGE if i == 0 else CHINESE_STAGE if i == 1 else label)
              for i, (sid, label) in enumerate(jmap.stages)]
    cells = jmap.cells.copy()
    says = cells.index[cells["lane"] == "say"]
    assert len(says) >= 2, "the tiny study's map has say-lane quotes"
    cells.loc[says[0], "text"] = THAI_QUOTE
    cells.loc[says[1], "text"] = CHINESE_QUOTE
    return dataclasses.replace(jmap, stages=stages, cells=cells, label="ลูกค้าทุกคน 全部客户")


def _drawn_text(fig) -> str:
    return "".join(t.get_text() for ax in fig.axes for t in ax.texts)


def test_fallback_fonts_cover_thai_chinese_and_emoji():
    families = register_fonts()
    assert len(families) >= 4, families
    assert missing_glyphs(THAI_QUOTE + CHINESE_QUOTE + THAI_STAGE + CHINESE_STAGE, families) == []


def test_the_map_draws_thai_and_chinese_without_missing_glyphs(scripts_map):
    fig = map_figure(scripts_map)
    text = _drawn_text(fig)
    for piece in ("ค่าส่งแพงมาก", "运费太贵了", THAI_STAGE, CHINESE_STAGE, "😤"):
        assert piece in text.replace("\n", "")
    assert missing_glyphs(text) == []
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")
        png = map_png(scripts_map)
        svg = map_svg(scripts_map)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert THAI_STAGE in svg and CHINESE_STAGE in svg
    assert "Noto Sans Thai" in svg and "Noto Sans CJK" in svg  # the fallback list reaches the SVG
