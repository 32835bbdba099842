"""read_table: every supported format, and located errors for broken files."""
from __future__ import annotations

import gzip

import pandas as pd
import pytest

from workbench.exceptions import InputError
from workbench.loaders.table_files import read_table

ROWS = pd.DataFrame({"user": ["u1", "u2"], "score": ["9", "3"]})


def write(path, kind):
    if kind == "csv":
        ROWS.to_csv(path, index=False)
    elif kind == "csv.gz":
        path.write_bytes(gzip.compress(ROWS.to_csv(index=False).encode()))
    elif kind == "parquet":
        ROWS.to_parquet(path)
    elif kind == "xlsx":
        ROWS.to_excel(path, index=False)


@pytest.mark.parametrize("kind", ["csv", "csv.gz", "parquet", "xlsx"])
def test_reads_every_format_as_text(tmp_path, kind):
    path = tmp_path / f"t.{kind}"
    write(path, kind)
    frame = read_table(path, f"t.{kind}")
    assert list(frame.columns) == ["user", "score"]
    assert frame["score"].tolist() == ["9", "3"]


@pytest.mark.parametrize("content,expected", [
    (b"\xef\xbb\xbfuser,score\r\nu1,9\r\n", ["user", "score"]),  # BOM and CRLF tolerated
    (b"user , score\nu1,9\n", ["user", "score"]),                 # header whitespace trimmed
])
def test_tolerated_quirks(tmp_path, content, expected):
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    assert list(read_table(path, "t.csv").columns) == expected


@pytest.mark.parametrize("content,line,words", [
    (b"user,score\nu1,9\nu2,3,extra\n", 3, "row has 3 fields, the header has 2"),
    (b"user,score\nu1,\xff\xfe9\n", 2, "not UTF-8"),
    (b"", None, "the file is empty"),
    (b"user,user\nu1,u2\n", 1, "column 'user' appears twice"),
])
def test_broken_csv_is_located(tmp_path, content, line, words):
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_table(path, "surveys/t.csv")
    problem = caught.value.problems[0]
    assert problem.path == "surveys/t.csv" and problem.line == line and words in problem.message


@pytest.mark.parametrize("name,words", [("t.parquet", "not a readable Parquet"), ("t.xlsx", "not a readable .xlsx"),
                                        ("t.json", "unsupported file type")])
def test_corrupt_binary_files(tmp_path, name, words):
    path = tmp_path / name
    path.write_bytes(b"garbage bytes")
    with pytest.raises(InputError) as caught:
        read_table(path, name)
    assert words in caught.value.problems[0].message


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_table(tmp_path / "nope.csv", "nope.csv")
