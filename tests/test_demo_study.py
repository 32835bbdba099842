"""The bundled demo study: valid, as large as promised, and a broken copy reports every problem."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from workbench import load_study
from workbench.validate import validate_study

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo-shop"
pytestmark = pytest.mark.skipif(not (DEMO / "users.csv").exists(), reason="demo data not generated")


@pytest.fixture(scope="module")
def demo():
    return load_study(DEMO)


def test_demo_is_valid():
    errors = [str(p) for p in validate_study(DEMO) if p.severity == "error"]
    assert errors == []


def test_demo_interviews(demo):
    customer = demo.turns[~demo.turns["is_interviewer"]]
    per_file = demo.turns.groupby("file").size()
    assert demo.turns["participant"].nunique() == 24
    assert (per_file >= 25).all(), per_file[per_file < 25]
    assert customer.groupby("persona")["participant"].nunique().to_dict() == {
        "bargain-hunter": 8, "busy-parent": 8, "loyal-regular": 8}
    # the turns name interviews by neutral labels (issue 13), so the formats are read off the folder
    files = [p for p in (demo.root / "interviews").iterdir() if p.is_file()]
    assert {".txt", ".md", ".vtt", ".srt", ".docx"} <= {p.suffix for p in files}
    assert demo.turns["file"].nunique() == len(files)


def test_demo_sizes(demo):
    respondents = demo.scores.groupby("survey")["respondent"].nunique().sum()
    assert respondents >= 600
    assert len(demo.users) >= 50_000
    with duckdb.connect() as con:  # a connection of its own, not the shared default
        events = con.sql(f"select count(*) from read_parquet('{DEMO}/behaviour/events-*.parquet')").fetchall()[0][0]
    assert events >= 500_000
    assert set(demo.config.operations) == {"support_tickets", "deliveries", "email_sends"}


def test_nobody_names_the_size_guide(demo):
    """The size guide is the planted silent friction: customers must never mention it."""
    text = demo.voice()["text"].str.lower()
    for cue in demo.config.touchpoint("size-guide").cues:
        assert not text.str.contains(cue, regex=False).any(), cue


def test_broken_copy_reports_every_problem_with_its_place(tmp_path):
    broken = tmp_path / "demo-shop"
    shutil.copytree(DEMO, broken, ignore=shutil.ignore_patterns("*.parquet"))
    (broken / "behaviour").mkdir(exist_ok=True)
    shutil.copy(sorted((DEMO / "behaviour").glob("*.parquet"))[0], broken / "behaviour")
    yml = broken / "study.yml"
    yml.write_text(yml.read_text().replace("stage: purchase\n    channel: web\n    owner: Finance",
                                           "stage: purchse\n    channel: web\n    owner: Finance")
                   .replace("kind: csat, touchpoint: support-chat", "kind: csat, touchpoint: support-chats"))
    participants = broken / "participants.csv"
    participants.write_text(participants.read_text().replace("P05,bargain-hunter", "P05,bargain-hunters"))
    users = broken / "users.csv"
    lines = users.read_text().splitlines()
    lines[10] = lines[10].replace(lines[10].split(",")[1], "nobody", 1)
    users.write_text("\n".join(lines) + "\n")
    survey = broken / "surveys" / "site_exit.csv"
    rows = survey.read_text().splitlines()
    header = rows[0].split(",")
    cells = rows[3].split(",")
    cells[header.index("ease")] = "12"
    rows[3] = ",".join(cells)
    survey.write_text("\n".join(rows) + "\n")
    (broken / "interviews" / "P22.md").write_text("---\nparticipant: [P22\n---\nAisyah: hi\n")

    found = [str(p) for p in validate_study(broken)]
    for line in ["study.yml: touchpoints[7].stage: 'purchse' is not a stage (did you mean 'purchase'?)",
                 "study.yml: surveys[0].scores[2].touchpoint: 'support-chats' is not a touchpoint "
                 "(did you mean 'support-chat'?)",
                 "participants.csv:6:persona: 'bargain-hunters' is not a persona in study.yml (did you mean 'bargain-hunter'?)",
                 "users.csv:segment: 'nobody' is not a persona in study.yml",
                 "surveys/site_exit.csv:4:ease: ces score is not a number from 1 to 7",
                 "interviews/P22.md:"]:
        assert any(p.startswith(line) for p in found), (line, found)
