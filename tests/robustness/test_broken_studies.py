"""One broken study per kind of problem: `workbench validate` exits 2 and names the file and the place.

Each case copies tests/fixtures/tiny-study, breaks one thing, and checks the printed line: the file
(relative to the study folder) and the column, key or line. Warnings (the run goes on) are checked
at the end: they exit 0 and are printed with ``warning:``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import pytest

from workbench.cli import main


def edit(relative: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def change(study: Path) -> None:
        path = study / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return change


def write(relative: str, data: bytes | str) -> Callable[[Path], None]:
    def change(study: Path) -> None:
        path = study / relative
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return change


def remove(relative: str) -> Callable[[Path], None]:
    return lambda study: (study / relative).unlink()


# (case id, how to break the tiny study, a regex the output must match: file, then column/key/line)
CASES = [
    # missing or renamed columns
    ("participants: required column missing", edit("participants.csv", "participant_id,persona,", "participant_id,segment,"),
     r"^participants\.csv:1: required column 'persona' not found"),
    ("survey: score column renamed", edit("surveys/post.csv", ",Q1,", ",Q1_score,"),
     r"^surveys/post\.csv:1: column 'Q1' \(from study\.yml surveys\[0\]\.scores\[0\]\.column\) not found"),
    ("survey: respondent column renamed", edit("surveys/exit.csv", "id,effort", "ident,effort"),
     r"^surveys/exit\.csv:1: column 'id' \(from study\.yml surveys\[1\]\.columns\.respondent\) not found"),
    ("users: persona column renamed", edit("users.csv", "uid,segment", "uid,segmnt"),
     r"^users\.csv:1: column 'segment' \(from study\.yml users\.columns\.persona\) not found \(did you mean 'segmnt'\?\)"),
    ("behaviour: event column renamed", edit("behaviour/events.csv", "uid,when,what", "uid,when,event"),
     r"behaviour/events\.csv.*'what'"),
    ("operations: metric column renamed", edit("operations/tickets.csv", "wait_minutes", "wait"),
     r"^operations/tickets\.csv:1: column 'wait_minutes' \(from study\.yml touchpoints\[4\]\.metrics\[0\]\.column\)"),
    # dangling ids
    ("participants: persona not in study.yml", edit("participants.csv", "T1,saver", "T1,savr"),
     r"^participants\.csv:2:persona: 'savr' is not a persona in study\.yml \(did you mean 'saver'\?\)"),
    ("participants: interview file missing", edit("participants.csv", "t1.txt", "t9.txt"),
     r"^participants\.csv:2:interview_file: interview file 'interviews/t9\.txt' not found"),
    ("participants: id used twice", edit("participants.csv", "T2,saver", "T1,saver"),
     r"^participants\.csv:3:participant_id: participant_id 'T1' is used twice"),
    ("users: persona not in study.yml", edit("users.csv", "u6,rusher", "u6,rushr"),
     r"^users\.csv.*'rushr' is not a persona"),
    ("interview with no participant", write("interviews/T9.txt", "Moderator: hi\nZed: hello there\n"),
     r"^interviews/T9\.txt: no participant for this interview: 'T9' is not in participants\.csv"),
    ("study.yml: stage that does not exist", edit("study.yml", "stage: buy\n    owner: Finance", "stage: bye\n    owner: Finance"),
     r"^study\.yml: touchpoints\[3\]\.stage: 'bye' is not a stage \(did you mean 'buy'\?\) \(line \d+\)"),
    ("study.yml: metric table that does not exist", edit("study.yml", "table: tickets", "table: ticket"),
     r"^study\.yml: touchpoints\[4\]\.metrics\[0\]\.table: 'ticket' is not a table under operations"),
    # typos in study.yml keys and values
    ("study.yml: key typo", edit("study.yml", "touchpoints:", "touchpionts:"),
     r"^study\.yml: touchpionts: unknown key \(did you mean 'touchpoints'\?\) \(line \d+\)"),
    ("study.yml: nested key typo", edit("study.yml", "cues: [ad, instagram]", "cue: [ad, instagram]"),
     r"^study\.yml: touchpoints\[0\]\.cue: unknown key \(did you mean 'cues'\?\)"),
    ("study.yml: value typo", edit("study.yml", "format: qualtrics", "format: qualtrix"),
     r"^study\.yml: surveys\[0\]\.format: 'qualtrix' is not one of qualtrics, plain \(did you mean 'qualtrics'\?\)"),
    ("study.yml: score kind typo", edit("study.yml", "kind: nps", "kind: nsp"),
     r"^study\.yml: surveys\[0\]\.scores\[0\]\.kind: 'nsp' is not one of nps, csat, ces"),
    ("study.yml: privacy key typo", edit("study.yml", "interviews:\n", "privacy: {keep_name: true}\ninterviews:\n"),
     r"^study\.yml: privacy\.keep_name: unknown key \(did you mean 'keep_names'\?\)"),
    ("study.yml: timezone typo", edit("study.yml", "Asia/Kuala_Lumpur", "Asia/Kuala_Lumpor"),
     r"^study\.yml: timezone: 'Asia/Kuala_Lumpor' is not an IANA time zone"),
    # empty globs and missing files
    ("behaviour glob matches nothing", edit("study.yml", "files: behaviour/*.csv", "files: behaviour/*.parquet"),
     r"^study\.yml:\d+: behaviour\.files: 'behaviour/\*\.parquet' matches no file"),
    ("survey file missing", remove("surveys/exit.csv"), r"^surveys/exit\.csv: file not found"),
    ("users file missing", remove("users.csv"), r"^users\.csv: file not found"),
    # unparseable timestamps
    ("behaviour: unparseable timestamp", edit("behaviour/events.csv", "u1,2026-07-01 09:00:00", "u1,yesterday morning"),
     r"behaviour/events\.csv.*column 'when'.*timestamp"),
    ("operations: unparseable timestamp", edit("operations/tickets.csv", "2026-07-06 09:00:00", "6th of July"),
     r"^operations/tickets\.csv(:\d+)?:opened: .*'6th of July'"),
    ("operations: bad timestamps above the warning share",
     lambda study: _many_tickets(study, rows=1000, bad=40),
     r"^operations/tickets\.csv:\d+:opened: column 'opened': 40 of 1,000 value\(s\) \(4%\) do not parse as timestamps"),
    # out-of-range scores
    ("nps score above 10", edit("surveys/post.csv", "R_1,u1,9,5", "R_1,u1,11,5"),
     r"^surveys/post\.csv:4:Q1: nps score is not a number from 0 to 10"),
    ("ces score not a number", edit("surveys/exit.csv", "E1,6,8", "E1,six,8"),
     r"^surveys/exit\.csv:2:effort: ces score is not a number from 1 to 7"),
    ("csat on its own scale out of range", edit("surveys/exit.csv", "E2,2,3", "E2,2,30"),
     r"^surveys/exit\.csv:3:ease10: csat score is not a number from 0 to 10"),
    ("survey: respondent id empty", edit("surveys/exit.csv", "E3,,10,", ",,10,"),
     r"^surveys/exit\.csv:4:id: respondent id is empty"),
    # empty or mis-encoded transcripts
    ("transcript with no turns", write("interviews/t1.txt", "just some notes\nwith no speakers\n"),
     r"^interviews/t1\.txt: no speaker turns found"),
    ("mis-encoded transcript", write("interviews/t1.txt", "Moderator: hi\nAlice: caf\xe9 latte\n".encode("latin-1")),
     r"^interviews/t1\.txt:2: not UTF-8 text: byte \d+ \(0xe9\)"),
    ("UTF-16 transcript", write("interviews/t1.txt", "Moderator: hi\nAlice: hello\n".encode("utf-16")),
     r"^interviews/t1\.txt:1: the file is UTF-16 text"),
    ("broken WebVTT timing", edit("interviews/T2.vtt", "00:00:04.500 --> 00:00:09.000", "00:00:04.500 --> soon"),
     r"^interviews/T2\.vtt:6: cue timing not understood"),
    ("front matter never closed", edit("interviews/notes.md", "date: 2026-07-01\n---", "date: 2026-07-01\n"),
     r"^interviews/notes\.md:1: front matter opened with '---' is never closed"),
    ("mis-encoded users.csv", write("users.csv", "uid,segment,city\nu1,saver,Kuala Lumpur\nu2,saver,S\xe3o Paulo\n".encode("latin-1")),
     r"^users\.csv:3: not UTF-8 text"),
    # invalid YAML
    ("invalid YAML", edit("study.yml", "personas:\n", "personas: [\n"), r"^study\.yml:\d+: invalid YAML"),
    ("study.yml not a mapping", write("study.yml", "- just\n- a list\n"),
     r"^study\.yml: expected a mapping of keys at the top, got a list"),
    # ragged Qualtrics rows
    ("ragged Qualtrics row", edit("surveys/post.csv", "R_2,u5,3,2,The delivery fee was too high.",
                                  "R_2,u5,3,2,The delivery fee, was, too high."),
     r"^surveys/post\.csv:5: row has 9 fields, the header has 7"),
    ("Qualtrics export cut mid-row", write("surveys/post.csv", (Path(__file__).parents[1] / "fixtures" / "tiny-study" /
                                                                "surveys" / "post.csv").read_text()[:420]),
     r"^surveys/post\.csv:\d+: row has \d fields, the header has 7"),
    ("ragged participants row", edit("participants.csv", "T4,rusher,u4,,notes.md,en", "T4,rusher,u4,,notes.md,en,extra"),
     r"^participants\.csv:5: row has 7 fields, the header has 6"),
]


@pytest.mark.parametrize("name,breaks,expected", CASES, ids=[c[0] for c in CASES])
def test_broken_study_exits_2_and_names_the_place(tiny_copy, capsys, name, breaks, expected):
    breaks(tiny_copy)
    code = main(["validate", str(tiny_copy)])
    out, err = capsys.readouterr()
    lines = (out + err).splitlines()
    assert code == 2, out + err
    assert any(re.search(expected, line) for line in lines), "\n".join(lines)
    assert "Traceback" not in out + err


# Problems the run continues past: printed as warnings, exit 0 (docs/study-format.md, "Errors and warnings").
WARNINGS = [
    ("a file in interviews/ that is not a transcript", write("interviews/photo.jpg", b"\xff\xd8\xff"),
     r"^warning: interviews/photo\.jpg: not a transcript type; ignored"),
    ("a transcript with only interviewer turns", write("interviews/t1.txt", "Moderator: hello?\nModerator: anyone?\n"),
     r"^warning: interviews/t1\.txt: every turn is by an interviewer"),
    ("a survey export with no responses", write("surveys/exit.csv", "id,effort,ease10,why\n"),
     r"^warning: surveys/exit\.csv:1: no responses: the file has only its header row"),
    ("an empty transcript among several", write("interviews/t1.txt", b""),
     r"^warning: interviews/t1\.txt: empty transcript: the file holds no text; left out of the analysis"),
    ("a blank WebVTT transcript", write("interviews/T2.vtt", "WEBVTT\n\n"),
     r"^warning: interviews/T2\.vtt: empty transcript"),
    ("a survey row with no answers", edit("surveys/exit.csv", "E3,,10,\n", "E3,,10,\nE4,,,\n"),
     r"^warning: surveys/exit\.csv:5:id: 1 response row\(s\) with no answers to any of effort, ease10, why; left out"),
    ("40 bad timestamps among 5,000 operations rows", lambda study: _many_tickets(study, rows=5000, bad=40),
     r"^warning: operations/tickets\.csv:\d+:opened: column 'opened': 40 of 5,000 value\(s\) do not parse as timestamps, e\.g\. "
     r"'31/02/2026 25:00'; those rows are left out \(0\.80%; above 1% this is an error\)"),
]


def _many_tickets(study: Path, rows: int, bad: int) -> None:
    """A long operations table in which ``bad`` rows (spread through it) have a broken timestamp."""
    lines = ["ticket,uid,opened,wait_minutes"]
    step = rows // bad
    for i in range(rows):
        stamp = "31/02/2026 25:00" if i % step == step - 1 and i // step < bad else f"2026-07-0{1 + i % 9} 09:{i % 60:02d}:00"
        lines.append(f"K{i},u{1 + i % 6},{stamp},{i % 30}")
    (study / "operations" / "tickets.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("name,breaks,expected", WARNINGS, ids=[c[0] for c in WARNINGS])
def test_warnings_do_not_stop_validation(tiny_copy, capsys, name, breaks, expected):
    breaks(tiny_copy)
    code = main(["validate", str(tiny_copy)])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert any(re.search(expected, line) for line in (out + err).splitlines()), out + err
