"""Small visible fixtures for the voice-of-customer tests: a study config and a few voice units."""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from workbench.config import parse_study_config

CONFIG = {
    "study": "voc-test",
    "language": "en",
    "personas": [{"id": "saver"}, {"id": "parent"}],
    "stages": [{"id": "purchase"}, {"id": "retention"}, {"id": "advocacy"}],
    "touchpoints": [
        {"id": "checkout", "stage": "purchase", "cues": ["checkout", "check out"]},
        {"id": "shipping-cost", "stage": "purchase", "cues": ["shipping", "delivery fee", "postage"]},
        {"id": "support-chat", "stage": "retention", "cues": ["support", "live chat", "agent", "queue"]},
        {"id": "reviews", "stage": "advocacy", "cues": ["review request"]},
    ],
}
UNIT_COLUMNS = ["source", "unit_id", "participant", "persona", "file", "ref", "start", "text", "language", "about"]
NAN = math.nan


@pytest.fixture
def config():
    return parse_study_config(CONFIG, Path("voc-test"))


def unit(uid, person, persona, text, source="interview", about=None, ref=1, start=NAN, language="en"):
    file = f"interviews/{person}.txt" if source == "interview" else "surveys/post.csv"
    return (source, uid, person, persona, file, ref, start, text, language, about)


@pytest.fixture
def units():
    rows = [
        unit("P1#2", "P1", "saver", "Checkout was easy but the delivery fee was a shock.", start=62.0, ref=2),
        unit("P1#4", "P1", "saver", "The delivery fee was a shock. I nearly left the shop.", start=130.0, ref=4),
        unit("P2#3", "P2", "saver", "Honestly the delivery fee was a shock at the end.", ref=3),
        unit("P3#5", "P3", "parent", "I waited 40 minutes in the live chat queue. The agent was lovely though.", ref=5),
        unit("P4#2", "P4", "parent", "Waited 40 minutes for an agent, so annoying.", ref=2),
        unit("post:R1:Q5", "R1", "parent", "No problems at all, couldn't be easier!", source="survey", about="checkout",
             ref=7),
        unit("post:R2:Q6", "R2", "saver", "Long queue but the agent solved it.", source="survey", about="support-chat",
             ref=8),
    ]
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


@pytest.fixture
def make_units():
    """Build a voice-units frame from ``unit(...)`` keyword rows: make_units([dict(uid=..., ...), ...])."""
    def build(rows):
        return pd.DataFrame([unit(**r) for r in rows], columns=UNIT_COLUMNS)
    return build
