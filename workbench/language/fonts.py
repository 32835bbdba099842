"""Thai, Chinese and emoji in matplotlib figures, from fonts that registry packages ship.

matplotlib's default DejaVu Sans has no Thai, Han or emoji glyphs, so quotes and labels come out
as boxes. :func:`register_fonts` adds, once per process, the faces of three installed packages
(all SIL Open Font License 1.1):

- ``fontpkg-noto-sans-thai``: Noto Sans Thai;
- ``mplfonts``: Noto Sans CJK SC (simplified Chinese; its Han glyphs cover traditional forms too);
- ``manimgx-fonts``: Noto Emoji (monochrome outlines, which matplotlib's Agg and SVG can draw);

and returns the font-family fallback list (DejaVu Sans first, so Latin text looks as before):
matplotlib 3.6+ falls back glyph by glyph along the list. Nothing is downloaded or installed
system-wide.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

BASE_FAMILY = "DejaVu Sans"  # matplotlib's bundled default, kept first for Latin text
_LOCK = threading.Lock()


def font_files() -> dict[str, Path]:
    """Family name -> font file, for each fallback face whose package is installed."""
    out: dict[str, Path] = {}
    try:
        import fontpkg_noto_sans_thai
        root = Path(fontpkg_noto_sans_thai.__file__).resolve().parent / "files"
        found = sorted(root.glob("NotoSansThai*.ttf"))
        if found:
            out["Noto Sans Thai"] = found[0]
    except ImportError:
        pass
    try:
        import mplfonts
        cjk = Path(mplfonts.__file__).resolve().parent / "fonts" / "NotoSansCJKsc-Regular.otf"
        if cjk.exists():
            out["Noto Sans CJK SC"] = cjk
    except ImportError:
        pass
    try:
        import manimgx_fonts
        emoji = sorted(Path(manimgx_fonts.__file__).resolve().parent.glob("NotoEmoji*.ttf"))
        if emoji:
            out["Noto Emoji"] = emoji[0]
    except ImportError:
        pass
    return out


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, ...]:
    """Add the fallback faces to matplotlib's font manager (once) and return the family list to use
    as ``rcParams["font.family"]`` or a text's ``fontfamily``; see :func:`use_fonts`."""
    from matplotlib import font_manager
    families = [BASE_FAMILY]
    with _LOCK:
        for _family, path in font_files().items():
            font_manager.fontManager.addfont(str(path))
            families.append(font_manager.FontProperties(fname=str(path)).get_name())
    return tuple(dict.fromkeys(families))


def use_fonts() -> tuple[str, ...]:
    """Register the faces and make them matplotlib's default family list for this process."""
    import matplotlib
    families = register_fonts()
    matplotlib.rcParams["font.family"] = list(families)
    return families


def missing_glyphs(text: str, families: tuple[str, ...] | None = None) -> list[str]:
    """Characters of ``text`` that no face in ``families`` can draw (spaces and joiners aside)."""
    from matplotlib import font_manager
    families = families or register_fonts()
    maps = []
    for family in families:
        path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        maps.append(_cmap(path))
    ignorable = {"\u200d", "\ufe0f", "\ufe0e"}
    return [ch for ch in dict.fromkeys(text)
            if not ch.isspace() and ch not in ignorable and not any(ord(ch) in m for m in maps)]


@lru_cache(maxsize=None)
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont
    font = TTFont(path, fontNumber=0, lazy=True)
    return frozenset(font.getBestCmap() or {})


# ----- the same faces for HTML reports -----------------------------------------------------------
# Browsers fall back to the system's fonts, and a machine without Thai or Chinese fonts draws boxes.
# A report page therefore carries, as data: URIs, a subset of each fallback face holding only the
# characters the page uses (a few kB for a page of quotes), under one CSS family, WEB_FAMILY, that
# the stylesheet lists first (templates/report.css): its faces cover only Thai, Han and emoji
# (unicode-range), so Latin text keeps the usual faces. Listed after them, Chromium on a lang="en"
# page drew Thai and Chinese with the Latin faces' boxes. Nothing is fetched.
WEB_FAMILY = "wb-script"
# family -> the Unicode ranges it is used for on a page (CSS unicode-range and the subset).
WEB_RANGES = {
    "Noto Sans Thai": ((0x0E00, 0x0E7F),),
    "Noto Sans CJK SC": ((0x2E80, 0x2FDF), (0x3000, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
                         (0xF900, 0xFAFF), (0xFF00, 0xFFEF)),
    "Noto Emoji": ((0x2190, 0x21FF), (0x2300, 0x23FF), (0x2600, 0x27BF), (0x1F000, 0x1FAFF)),
}


# Thai needs its layout lookups (marks above and below); Chinese and single emoji do not, and
# keeping CJK's and Noto Emoji's large GSUB tables makes subsetting ten times slower.
SHAPED = ("Noto Sans Thai",)


# Browsers' shapers (HarfBuzz) split Thai SARA AM (U+0E33) into NIKHAHIT + SARA AA before looking
# glyphs up, so a subset holding "ำ" alone drew "ทำ" as "ท□า" in Chromium: keep the parts too.
SHAPING_PARTS = {0x0E33: (0x0E4D, 0x0E32)}


def web_font_css(text: str) -> str:
    """``@font-face`` rules (data: URIs, WOFF) for the Thai, Chinese and emoji characters of
    ``text``; empty when it has none or the font packages are missing."""
    files = font_files()
    rules = []
    used = {ord(ch) for ch in set(text) if ord(ch) >= 0x0E00}
    for family, ranges in WEB_RANGES.items():
        chars = sorted({d for c in used if any(a <= c <= b for a, b in ranges) for d in (c, *SHAPING_PARTS.get(c, ()))})
        if not chars or family not in files:
            continue
        data = _subset(str(files[family]), tuple(chars), family in SHAPED)
        if not data:
            continue
        import base64
        span = ",".join(f"U+{a:04X}-{b:04X}" for a, b in ranges)
        rules.append(f'@font-face{{font-family:"{WEB_FAMILY}";font-style:normal;font-weight:400 700;'
                     f'src:url(data:font/woff;base64,{base64.b64encode(data).decode("ascii")}) format("woff");'
                     f"unicode-range:{span}}}")
    return "\n".join(rules)


@lru_cache(maxsize=64)
def _subset(path: str, codepoints: tuple[int, ...], shaped: bool) -> bytes:
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont
    options = subset.Options()
    options.flavor = "woff"  # zlib; WOFF2 would need brotli
    options.layout_features = ["*"] if shaped else []
    options.name_IDs = []
    options.hinting = False
    options.notdef_outline = True
    font = TTFont(path, fontNumber=0, lazy=True)  # tables are read as the subsetter needs them
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    return out.getvalue()
