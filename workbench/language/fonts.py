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
