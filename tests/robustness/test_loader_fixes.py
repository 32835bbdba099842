"""Loader bugs found by the robustness work, each fixed in workbench/loaders/table_files.py or surveys.py.

- a valid .xlsx zip with a damaged sheet raised a bare XML ParseError from pandas;
- a Parquet column of binary bytes that are not UTF-8 raised UnicodeDecodeError;
- Parquet integer ids with gaps were read as floats ("1234567.0"), so they never matched users.csv;
- a survey export with only its header rows loaded silently as a survey without answers (now a warning).
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from workbench.config import load_study_config
from workbench.exceptions import InputError
from workbench.loaders.surveys import read_survey
from workbench.loaders.table_files import read_table


def _xlsx_with_damaged(member: str, tmp_path: Path) -> Path:
    good = tmp_path / "good.xlsx"
    pd.DataFrame({"id": ["E1", "E2"], "why": ["ok", "slow"]}).to_excel(good, index=False)
    source = zipfile.ZipFile(good)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data[: len(data) // 2] if name == member else data)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(buffer.getvalue())
    return bad


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml",
                                    "[Content_Types].xml"])
def test_damaged_xlsx_part_is_an_input_error(tmp_path, member):
    with pytest.raises(InputError) as caught:
        read_table(_xlsx_with_damaged(member, tmp_path), "surveys/export.xlsx")
    problem = caught.value.problems[0]
    assert problem.path == "surveys/export.xlsx" and "not a readable .xlsx file" in problem.message


def test_parquet_binary_column_names_the_column(tmp_path):
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"uid": ["u1", "u2"], "blob": pa.array([b"\xff\xfe", b"ok"])}), path)
    with pytest.raises(InputError) as caught:
        read_table(path, "operations/t.parquet")
    problem = caught.value.problems[0]
    assert (problem.path, problem.column) == ("operations/t.parquet", "blob")


def test_parquet_integer_ids_with_gaps_stay_integers(tmp_path):
    path = tmp_path / "users.parquet"
    pq.write_table(pa.table({"uid": pa.array([1234567, None, 7], pa.int64()),
                             "score": pa.array([1.5, None, 2.0])}), path)
    frame = read_table(path, "users.parquet")
    assert frame["uid"].tolist() == ["1234567", None, "7"]
    assert frame["score"].tolist() == ["1.5", None, "2.0"]


def test_survey_with_no_responses_is_a_warning(tiny_copy):
    (tiny_copy / "surveys" / "post.csv").write_text(
        "\n".join((tiny_copy / "surveys" / "post.csv").read_text().splitlines()[:3]) + "\n")
    scores, answers, problems = read_survey(load_study_config(tiny_copy), 0, {}, {})
    assert scores.empty and answers.empty
    assert [(p.path, p.line, p.severity) for p in problems] == [("surveys/post.csv", 3, "warning")]
    assert "no responses" in problems[0].message
