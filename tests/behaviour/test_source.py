"""Opening events: integer event codes in name order, and time zones (fixed-offset fast path)."""
from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from workbench.behaviour.source import fixed_offset, open_events
from workbench.config import load_study_config


@pytest.mark.parametrize("zone, start, end, offset_hours", [
    ("Asia/Kuala_Lumpur", datetime(2026, 7, 1), datetime(2026, 9, 30), 8),
    ("UTC", datetime(2017, 1, 1), datetime(2026, 12, 31), 0),
    ("Europe/Berlin", datetime(2026, 6, 1), datetime(2026, 8, 31), 2),       # summer time throughout
    ("Europe/Berlin", datetime(2026, 3, 1), datetime(2026, 4, 30), None),    # clocks change on 29 March
    ("Asia/Kuala_Lumpur", datetime(1981, 6, 1), datetime(1982, 6, 1), None),  # moved to +08:00 in 1982
    ("UTC", datetime(1990, 1, 1), datetime(2026, 1, 1), None),               # span too long to check
])
def test_fixed_offset(zone, start, end, offset_hours):
    expected = None if offset_hours is None else offset_hours * 3_600_000_000
    assert fixed_offset(zone, start, end) == expected


def _parquet_study(folder, zone: str, times: list[str]):
    (folder / "behaviour").mkdir(parents=True)
    (folder / "study.yml").write_text(
        f"study: tz\ntimezone: {zone}\npersonas: [{{id: p}}]\nstages: [{{id: s}}]\n"
        "touchpoints: [{id: a, stage: s, events: [zeta]}]\nbehaviour:\n  files: behaviour/*.parquet\n"
        "  columns: {user: user_id, time: ts, event: event_name}\n  goal_event: alpha\n")
    values = ", ".join(f"('u{i}', TIMESTAMP '{t}', '{'zeta' if i % 2 else 'alpha'}')" for i, t in enumerate(times))
    duckdb.connect().execute(f"COPY (SELECT * FROM (VALUES {values}) v(user_id, ts, event_name)) "
                   f"TO '{(folder / 'behaviour' / 'e.parquet').as_posix()}' (FORMAT parquet)")
    return load_study_config(folder)


@pytest.mark.parametrize("zone, wall, utc", [
    ("Asia/Kuala_Lumpur", ["2026-07-01 08:00:00", "2026-07-01 09:30:00.250001"],
     ["2026-07-01 00:00:00", "2026-07-01 01:30:00.250001"]),                 # fixed offset: shifted
    ("Europe/Berlin", ["2026-03-28 12:00:00", "2026-03-30 12:00:00"],
     ["2026-03-28 11:00:00", "2026-03-30 10:00:00"]),                         # across a change: per row
])
def test_naive_parquet_times_are_wall_time_in_the_study_zone(tmp_path, zone, wall, utc):
    src = open_events(_parquet_study(tmp_path, zone, wall))
    got = src.fetch(src.events.order_by("user"))["t"].tolist()
    expected = [(datetime.fromisoformat(u) - datetime(1970, 1, 1)).total_seconds() for u in utc]
    assert got == pytest.approx(expected, abs=1e-6)
    src.close()


def test_event_codes_follow_name_order(tmp_path):
    src = open_events(_parquet_study(tmp_path, "UTC", ["2026-07-01 08:00:00", "2026-07-01 09:00:00"]))
    assert src.event_names == ("alpha", "zeta")
    events = src.fetch(src.events.order_by("user"))
    assert events["ev"].tolist() == [0, 1] and events["goal"].tolist() == [True, False]
    assert events["tp_ord"].isna().tolist() == [True, False]
    src.close()


def test_quiet_progress_tolerates_duckdb_refusing_the_setting():
    """In Jupyter without ipywidgets DuckDB refuses to change the progress-bar setting; that must
    not fail an analysis (it then cannot draw the widget either)."""
    from workbench.behaviour.source import quiet_progress

    class Refusing:
        def execute(self, sql):
            raise duckdb.InvalidInputException("required package 'ipywidgets' is missing")

    quiet_progress(Refusing())
    con = duckdb.connect()
    quiet_progress(con)
    assert con.execute("SELECT current_setting('enable_progress_bar')").fetchall()[0][0] is False
