"""CSV cells a spreadsheet would run as a formula are neutralised (OWASP CSV injection); numbers stay."""
from __future__ import annotations

import csv

import pandas as pd
import pytest

from workbench.safe_export import neutralise_cell, neutralise_frame, write_safe_csv


@pytest.mark.parametrize("cell, expected", [
    ("=1+1", "'=1+1"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
    ("-3", "-3"), ("-0.25", "-0.25"), ("+6.5", "+6.5"), ("-1e-3", "-1e-3"),
    ("plain text", "plain text"), ("", ""), ("a=b", "a=b"),
])
def test_neutralise_cell(cell, expected):
    assert neutralise_cell(cell) == expected


def test_neutralise_frame_is_a_new_frame_and_leaves_numbers():
    frame = pd.DataFrame({"text": ["=1+1", "ok", None], "n": [-1, 2, 3], "x": [-0.5, 1.0, float("nan")],
                          "=bad": ["-7", "@x", "fine"]})
    out = neutralise_frame(frame)
    assert out["text"].tolist()[:2] == ["'=1+1", "ok"] and out["text"].isna().tolist()[2]
    assert out["n"].tolist() == [-1, 2, 3] and out["x"].tolist()[:2] == [-0.5, 1.0]
    assert list(out.columns) == ["text", "n", "x", "'=bad"] and out["'=bad"].tolist() == ["-7", "'@x", "fine"]
    assert frame.at[0, "text"] == "=1+1"


def test_write_safe_csv_round_trip(tmp_path):
    path = write_safe_csv(pd.DataFrame({"quote": ["=cmd|' /C calc'!A0", "-5"], "n": [-5, 1]}), tmp_path / "q.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["quote", "n"], ["'=cmd|' /C calc'!A0", "-5"], ["-5", "-5"][:0] or ["-5", "1"]]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")) and (not cell.startswith("-") or float(cell) < 0)
