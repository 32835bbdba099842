"""Thai, Chinese and emoji render in matplotlib figures with the fonts the registry packages ship."""
from __future__ import annotations

import io
import warnings

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from workbench.language.fonts import font_files, missing_glyphs, register_fonts  # noqa: E402

SAMPLES = [
    "ส่งช้ามาก แต่ของดี ค่าส่งแพงเกินไป",          # Thai
    "这个 app 的客服太慢，配送费也太贵了",           # Chinese in a code-mixed sentence
    "checkout ok tapi ongkir mahal 😍 🙂 😐 😕 😤 😟 😠",  # Latin and the map's emotion emoji
]


def test_every_fallback_face_is_installed():
    assert set(font_files()) == {"Noto Sans Thai", "Noto Sans CJK SC", "Noto Emoji"}
    families = register_fonts()
    assert families[0] == "DejaVu Sans" and len(families) == 4


@pytest.mark.parametrize("text", SAMPLES)
def test_fonts_cover_every_character(text):
    assert missing_glyphs(text) == []


def test_default_font_alone_would_miss_thai_and_han():
    # The check above can fail: DejaVu Sans alone lacks these glyphs.
    assert missing_glyphs("ส่ง客服😤", ("DejaVu Sans",)) == ["ส", "่", "ง", "客", "服", "😤"]


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_figure_renders_without_missing_glyph_warnings(fmt):
    families = list(register_fonts())
    fig, ax = plt.subplots(figsize=(6, 2))
    for i, text in enumerate(SAMPLES):
        ax.text(0.01, 0.8 - 0.3 * i, text, fontfamily=families, fontsize=12)
    ax.axis("off")
    buffer = io.BytesIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(buffer, format=fmt)
    plt.close(fig)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message) or "Glyph" in str(w.message)]
    assert missing == []
    assert buffer.getbuffer().nbytes > 1000


def test_the_web_subset_keeps_the_parts_a_browser_splits_sara_am_into():
    # Chromium shapes "ทำ" as ท + NIKHAHIT + SARA AA: a subset without them drew "ท□า"
    import base64
    import re as regex

    from fontTools.ttLib import TTFont
    from workbench.language.fonts import web_font_css
    css = web_font_css("คนส่งทำตามที่เขียน")
    data = base64.b64decode(regex.search(r"base64,([^)]+)\)", css).group(1))
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    assert {0x0E33, 0x0E4D, 0x0E32} <= set(cmap)
