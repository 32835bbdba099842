"""participants.csv and users.csv: required columns, personas, ids and files are checked."""
from __future__ import annotations

import pytest

from workbench.validate import validate_study


@pytest.mark.parametrize("old,new,expected", [
    ("T3,rusher", "T3,rushr", "participants.csv:4:persona: 'rushr' is not a persona in study.yml (did you mean 'rusher'?)"),
    ("T4,rusher", "T1,rusher", "participants.csv:5:participant_id: participant_id 'T1' is used twice"),
    ("t3.srt", "t9.srt", "participants.csv:4:interview_file: interview file 'interviews/t9.srt' not found"),
    ("participant_id,persona", "participant,persona", "participants.csv:1: required column 'participant_id' not found"),
])
def test_participant_problems(tiny_copy, old, new, expected):
    path = tiny_copy / "participants.csv"
    path.write_text(path.read_text().replace(old, new, 1))
    found = [str(p) for p in validate_study(tiny_copy)]
    assert any(p.startswith(expected) for p in found), found


@pytest.mark.parametrize("old,new,expected", [
    ("u6,rusher", "u6,rushers", "users.csv:segment: 'rushers' is not a persona in study.yml (did you mean 'rusher'?) (lines 7)"),
    ("uid,segment", "user,segment", "users.csv:1: column 'uid' (from study.yml users.columns.user) not found"),
    ("u6,rusher", "u5,rusher", "users.csv:7:uid: user 'u5' appears twice"),
])
def test_user_problems(tiny_copy, old, new, expected):
    path = tiny_copy / "users.csv"
    path.write_text(path.read_text().replace(old, new, 1))
    found = [str(p) for p in validate_study(tiny_copy)]
    assert any(p.startswith(expected) for p in found), found
