"""A tiny study a new user might really hand in: interview files named after people, one empty
transcript among several, a few unparseable event timestamps among many rows, and hostile text in
every free-text field. Built from tests/fixtures/tiny-study by :func:`make_trust_study`."""
from __future__ import annotations

import shutil
from pathlib import Path

import docx

from .test_hostile_study import make_hostile

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "fixtures" / "tiny-study"

# What the files are named after (issue 13): none of these may appear in any output.
NAMES = ["Siti", "Rahayu", "Budi", "Santoso", "Wati"]
SITI_FILE = "Interview - Siti - 2026-03-02.docx"
BUDI_FILE = "Budi 2026-03-05.srt"
EMPTY_FILE = "Interview - Wati - 2026-03-06.txt"
# Unparseable timestamps planted among the events: a warning while at most 1% of the rows.
BAD_TIMES = 2
EXTRA_EVENT_ROWS = 400


def make_trust_study(target: Path) -> Path:
    shutil.copytree(TINY, target)
    make_hostile(target)
    interviews = target / "interviews"
    # t1.txt becomes a .docx named after Siti (one paragraph per line), t3.srt Budi's recording
    document = docx.Document()
    for line in (interviews / "t1.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line.replace("\x00", ""))   # a .docx cannot hold NUL
    document.save(interviews / SITI_FILE)
    (interviews / "t1.txt").unlink()
    (interviews / "t3.srt").rename(interviews / BUDI_FILE)
    (interviews / EMPTY_FILE).write_text("", encoding="utf-8")
    (target / "participants.csv").write_text(
        "participant_id,persona,name,user_id,respondent_id,interview_file,language\n"
        f"T1,saver,Siti Rahayu,u1,R_1,{SITI_FILE},en\nT2,saver,Ana,u2,,T2.vtt,\n"
        f"T3,rusher,Budi Santoso,u3,R_3,{BUDI_FILE},en\nT4,rusher,Dan,u4,,notes.md,en\n"
        f"T5,saver,Wati,u5,,{EMPTY_FILE},en\n", encoding="utf-8")
    events = target / "behaviour" / "events.csv"
    rows = events.read_text(encoding="utf-8").splitlines()
    kinds = ["ad_click", "product_viewed", "shipping_cost_shown", "payment_page_viewed"]
    more = [f"u{1 + i % 6},2026-07-02 {8 + i // 60 % 10:02d}:{i % 60:02d}:00,{kinds[i % 4]}"
            for i in range(EXTRA_EVENT_ROWS)]
    bad = [f"u{i + 1},not a time {i},product_viewed" for i in range(BAD_TIMES)]
    events.write_text("\n".join([*rows, *more, *bad]) + "\n", encoding="utf-8")
    return target
