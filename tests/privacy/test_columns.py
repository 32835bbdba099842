"""Free-text columns of users.csv and operations tables are redacted; code columns are not."""
from __future__ import annotations

import pandas as pd

from workbench import load_study
from workbench.privacy.columns import free_text_columns, is_code_column, redact_table
from workbench.privacy.names import build_name_book
from workbench.privacy.pseudonyms import pseudonym
from workbench.privacy.redactor import Redactor


def test_code_columns_are_decided_by_content():
    assert is_code_column(pd.Series(["saver", "rusher", None]))
    assert is_code_column(pd.Series(["12.5", "-3", "7"]))
    assert is_code_column(pd.Series(["2026-07-01 09:00:00", "2026-07-02 10:00:00"]))
    assert not is_code_column(pd.Series(["Called twice, spoke to Siti on 012-718 4432", "ok"]))
    assert not is_code_column(pd.Series(["客户说快递员打电话到13812345678很多次"]))  # long text without spaces


def test_redact_table_redacts_text_and_pseudonymises_ids():
    frame = pd.DataFrame({"ticket": ["K1", "K2"], "uid": ["siti@example.com", "u2"],
                          "note": ["Siti called from 012-718 4432 about order 80012345", "fine"],
                          "wait": ["3", "-1"]})
    assert free_text_columns(frame) == ["note"]
    out = redact_table(frame, Redactor(build_name_book([("P07", "Siti")])), "operations/tickets.csv", "k")
    assert out.at[0, "note"] == "P07 called from [PHONE] about order 80012345"
    assert out.at[0, "uid"] == pseudonym("siti@example.com", "k") and out.at[1, "uid"] == "u2"
    assert out["wait"].tolist() == ["3", "-1"] and out["ticket"].tolist() == ["K1", "K2"]
    assert frame.at[0, "note"].startswith("Siti")


def test_users_and_operations_free_text_is_redacted_at_load(tiny_copy):
    users = (tiny_copy / "users.csv").read_text().replace("uid,segment,city", "uid,segment,city,note")
    users = "\n".join(line + "," if line and not line.startswith("uid") else line for line in users.splitlines())
    users = users.replace("u1,saver,Kuala Lumpur,", "u1,saver,Kuala Lumpur,Email me at farah.izzati88@gmail.com please")
    (tiny_copy / "users.csv").write_text(users)
    tickets = (tiny_copy / "operations/tickets.csv").read_text().replace("opened,wait_minutes", "opened,wait_minutes,note")
    lines = tickets.splitlines()
    lines = [lines[0]] + [line + ",Customer gave 012-718 4432 as callback" for line in lines[1:]]
    (tiny_copy / "operations/tickets.csv").write_text("\n".join(lines) + "\n")
    study = load_study(tiny_copy)
    assert "farah" not in study.users.to_csv() and "[EMAIL]" in study.users.to_csv()
    ops = study.operation("tickets")
    assert set(ops["note"]) == {"Customer gave [PHONE] as callback"}
    assert ops["wait_minutes"].tolist() == ["42", "3"]
    assert {"users.csv"} <= set(study.audit["file"])
