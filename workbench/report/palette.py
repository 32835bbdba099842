"""One palette for the map in HTML, PNG and SVG (and the comparison page), so they read alike.

Lane colours follow the service-blueprint habit: customer lanes in cool hues, problems in red,
actions in green, the backstage in slate. Emotion colours are shared by the voice chapter and the
map, so a feeling has one colour across the whole report.
"""
from __future__ import annotations

EMOTION_COLOURS = {"delight": "#1b7f4b", "satisfaction": "#6bb38a", "neutral": "#b8c2cc", "confusion": "#c9a227",
                   "frustration": "#d9822b", "anxiety": "#8e6bbf", "anger": "#b23b3b"}

LANE_COLOURS = {"do": "#2f5d8a", "say": "#6b4f9e", "feel": "#c9a227", "pain": "#b23b3b",
                "opportunity": "#2e7d32", "kpi": "#1f2933", "backstage": "#52606d"}
TONE_COLOURS = {"bad": "#b23b3b", "good": "#2e7d32", "quote": "#3e4c59", "": "#1f2933", "empty": "#9aa5b1"}
INK, MUTED, LINE, SOFT = "#1f2933", "#52606d", "#d9e2ec", "#f5f7fa"
PERSONA_COLOURS = ("#2f5d8a", "#b26a00", "#6b4f9e", "#2e7d32", "#b23b3b", "#00838f", "#8d6e63", "#5c6bc0")

__all__ = ["EMOTION_COLOURS", "LANE_COLOURS", "TONE_COLOURS", "INK", "MUTED", "LINE", "SOFT", "PERSONA_COLOURS"]
