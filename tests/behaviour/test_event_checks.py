from __future__ import annotations

import pytest

from workbench.behaviour.event_checks import check_behaviour
from workbench.config import load_study_config


def _messages(folder):
    return [(p.severity, str(p)) for p in check_behaviour(load_study_config(folder))]


def test_fixture_has_only_the_unused_touchpoint_warning(tiny):
    problems = check_behaviour(tiny)
    assert [(p.severity, p.path, p.line) for p in problems] == [("warning", "study.yml", 30)]
    assert "event 'review_clicked' of touchpoint 'review' never occurs" in problems[0].message


def _edit(folder, old, new, file="study.yml"):
    path = folder / file
    path.write_text(path.read_text().replace(old, new))


@pytest.mark.parametrize("file, old, new, expected", [
    ("study.yml", "behaviour/events-*.csv", "behaviour/clicks-*.csv",
     "study.yml:34: behaviour.files: 'behaviour/clicks-*.csv' matches no file"),
    ("study.yml", "event: event_name}", "event: event}",
     "behaviour/events-1.csv:event: column 'event' (study.yml behaviour.columns.event) not found; the file has "
     "columns 'user_id', 'ts', 'event_name' (did you mean 'event_name'?)"),
    ("study.yml", "goal_event: order_placed", "goal_event: order_place",
     "study.yml:36: behaviour.goal_event: 'order_place' never occurs in behaviour/events-1.csv, "
     "behaviour/events-2.csv (did you mean 'order_placed'?)"),
    ("behaviour/events-2.csv", "u9,2026-07-03 10:00:00", "u9,03/07/2026 10am",
     "behaviour/events-2.csv:ts: column 'ts': 1 of 17 value(s) (6%) do not parse as timestamps, e.g. '03/07/2026 10am'"),
    ("users.csv", "u3,busy", "u3,bussy",
     "users.csv:segment: column 'segment': 'bussy' (1 user(s)) is not a persona in study.yml (did you mean 'busy'?)"),
    ("study.yml", "column: wait_minutes", "column: wait_mins",
     "operations/support_tickets.csv:wait_mins: column 'wait_mins' (study.yml touchpoints[6].metrics[0].column) "
     "not found"),
    ("study.yml", "file: users.csv", "file: people.csv", "study.yml:38: users.file: 'people.csv' not found"),
])
def test_each_problem_is_located(tiny_copy, file, old, new, expected):
    _edit(tiny_copy, old, new, file)
    errors = [m for s, m in _messages(tiny_copy) if s == "error"]
    assert any(m.startswith(expected) for m in errors), errors


def test_unreadable_file_is_named(tiny_copy):
    (tiny_copy / "behaviour" / "events-3.csv").write_bytes(b"\x00\x01\x02garbage\xff\xfe")
    (tiny_copy / "behaviour" / "events-4.parquet").write_bytes(b"not parquet at all")
    _edit(tiny_copy, "behaviour/events-*.csv", "behaviour/events-*")
    errors = [m for s, m in _messages(tiny_copy) if s == "error"]
    assert any(m.startswith("behaviour/events-4.parquet: cannot be read as a table") for m in errors), errors
