"""None of the personal data planted in the demo study (corpora/demo-shop/PLANTED.md) survives loading."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from workbench import load_study

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "corpora" / "demo-shop"


def planted_strings(planted_md: Path) -> list[str]:
    """Every string in PLANTED.md's two personal-data tables (survey 'exact text', interview 'planted text')."""
    strings: list[str] = []
    section = None
    for line in planted_md.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line
        if "Personal data" not in (section or "") or not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0] in ("kind", "file"):
            continue
        last = cells[-1].strip("`")
        if cells[0].startswith("interviews/"):
            # a cell holding two kinds ("phone (local), email") lists two strings, comma-separated
            kinds = cells[3].count(",") + 1
            strings += [part.strip() for part in last.split(", ", kinds - 1)]
        else:
            strings.append(last)
    return [s for s in strings if s]


@pytest.fixture(scope="module")
def demo():
    return load_study(DEMO)


@pytest.fixture(scope="module")
def texts(demo) -> list[str]:
    voice = demo.voice("all")
    return [*voice["text"], *demo.turns["text"], *demo.turns["speaker"], *demo.answers["text"]]


def test_the_table_parser_finds_every_planted_string():
    strings = planted_strings(DEMO / "PLANTED.md")
    for expected in ("mei.tan88@example.com", "+60 12-418 7730", "880514-14-5523", "Mei Xin", "Danish",
                     "No. 12, Jalan SS 2/24, 47300 Petaling Jaya, Selangor", "0192234781", "lina.tan@outlook.com",
                     "https://track.lumi.example/t?u=huimin88&token=9f3a2c", "+62 812-3456-7890"):
        assert expected in strings
    assert len(strings) >= 26


def test_no_planted_string_survives_loading(texts):
    joined = "\n".join(t for t in texts if isinstance(t, str))
    left = [s for s in planted_strings(DEMO / "PLANTED.md") if s in joined]
    assert left == []


def test_no_participant_or_interviewer_name_survives(demo, texts):
    names = pd.read_csv(DEMO / "participants.csv")["name"].dropna().tolist() + list(demo.config.interviews.interviewers)
    joined = "\n".join(t for t in texts if isinstance(t, str))
    left = [n for n in names if re.search(rf"(?<![A-Za-z]){re.escape(n)}(?![A-Za-z])", joined)]
    assert left == []
    assert demo.participants["name"].isna().all()


def test_the_audit_counts_what_was_planted(demo):
    by_type = demo.audit.groupby("type")["count"].sum()
    # PLANTED.md: emails 3 + 3, phones 3 + 5, cards 1 + 2, MyKad 1 + 2, addresses 2 + 1, one URL
    assert by_type["email"] == 6 and by_type["phone"] == 8 and by_type["card"] == 3 and by_type["id"] == 3
    assert by_type["address"] == 3 and by_type["url"] == 1
    assert by_type["name"] >= 4 + 10 + 5 + 3 - 4      # Mei Xin, Danish x10, Suresh x5, Farid x3 (some per turn)
