"""Figures as display objects that embed in any notebook and report, whatever the backend."""
from __future__ import annotations

import io

from IPython.display import Image
from matplotlib.figure import Figure

# 144 dpi keeps lines and text crisp on high-density laptop screens and in print, at a PNG size
# (~60-150 kB per chart) that keeps a report mailable.
REPORT_DPI = 144


def as_image(fig: Figure) -> Image:
    """Render ``fig`` to an embedded PNG (no pyplot state, so it shows exactly once)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=REPORT_DPI, bbox_inches="tight", facecolor="white")
    return Image(data=buffer.getvalue(), format="png", width=int(fig.get_figwidth() * 96))
