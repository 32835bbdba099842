"""File names named after people never reach the Study's tables; personal ids are pseudonymised."""
from __future__ import annotations

import pandas as pd
import pytest

from workbench import load_study
from workbench.exceptions import StudyInvalid
from workbench.privacy.names import build_name_book
from workbench.privacy.provenance import Provenance, interview_labels, redact_path
from workbench.privacy.pseudonyms import is_personal_id, pseudonym, pseudonymise_columns
from workbench.privacy.redactor import Redactor
from workbench.privacy.settings import PrivacySettings, read_privacy_settings

NAMED = "Interview - Alice - 2026-03-02.txt"


def name_files_after_people(study, keep_names: bool = False, email_ids: bool = False):
    """t1.txt (Alice's interview) renamed after her; optionally her ids written as an e-mail/phone."""
    (study / "interviews" / "t1.txt").rename(study / "interviews" / NAMED)
    people = (study / "participants.csv").read_text().replace("t1.txt", NAMED)
    if email_ids:
        people = people.replace("T1,saver,u1,R_1", "T1,saver,alice.tan@gmail.com,+60 12-418 7730")
        users = (study / "users.csv").read_text().replace("u1,saver", "alice.tan@gmail.com,saver")
        (study / "users.csv").write_text(users)
        post = (study / "surveys/post.csv").read_text().replace("R_1,u1,", "+60 12-418 7730,alice.tan@gmail.com,")
        (study / "surveys/post.csv").write_text(post)
    (study / "participants.csv").write_text(people)
    if keep_names:
        text = (study / "study.yml").read_text().replace("interviews:\n", "privacy: {keep_names: true}\ninterviews:\n")
        (study / "study.yml").write_text(text)


def all_cells(study) -> str:
    frames = [study.turns, study.voice(), study.answers, study.scores, study.participants, study.users, study.audit,
              study.left_out]
    return "\n".join(f.astype(str).to_csv() for f in frames) + "\n".join(str(w) for w in study.warnings)


def test_interviews_named_after_people_get_neutral_labels(tiny_copy):
    name_files_after_people(tiny_copy)
    study = load_study(tiny_copy)
    assert set(study.turns.loc[study.turns["participant"] == "T1", "file"]) == {"T1 interview"}
    assert "Alice" not in all_cells(study)
    assert study.provenance.shown(f"interviews/{NAMED}") == "T1 interview"
    quote = study.voice().query("unit_id == 'T1#2'").iloc[0]
    assert f"{quote['file']}, turn {quote['ref']}" == "T1 interview, turn 2"


def test_keep_names_shows_the_file_name_only_after_redaction(tiny_copy):
    name_files_after_people(tiny_copy, keep_names=True)
    study = load_study(tiny_copy)
    shown = set(study.turns.loc[study.turns["participant"] == "T1", "file"])
    assert shown == {"interviews/Interview - T1 - 2026-03-02.txt"}
    assert "Alice" in set(study.turns["speaker"])  # keep_names keeps the text's names...
    assert not any("Alice" in f for f in study.turns["file"])  # ...but never a file name's


def test_ids_that_are_emails_or_phones_are_pseudonymised_the_same_everywhere(tiny_copy):
    name_files_after_people(tiny_copy, email_ids=True)
    study = load_study(tiny_copy)
    cells = all_cells(study)
    assert "alice.tan" not in cells and "418 7730" not in cells
    user = study.participants.set_index("participant_id").at["T1", "user_id"]
    assert user.startswith("id-") and user in set(study.users["user"]) and user in set(study.scores["user"])
    respondent = study.participants.set_index("participant_id").at["T1", "respondent_id"]
    assert respondent in set(study.answers["respondent"])
    assert "T1" in set(study.voice()["participant"])  # the respondent still links to its participant
    assert study.users.set_index("user").at[user, "persona"] == "saver"


def test_keep_ids_keeps_them(tiny_copy):
    name_files_after_people(tiny_copy, email_ids=True)
    text = (tiny_copy / "study.yml").read_text().replace("interviews:\n", "privacy: {keep_ids: true}\ninterviews:\n")
    (tiny_copy / "study.yml").write_text(text)
    study = load_study(tiny_copy)
    assert study.privacy == PrivacySettings(keep_ids=True)
    assert "alice.tan@gmail.com" in set(study.users["user"])


def test_a_bad_privacy_flag_is_a_located_error(tiny_copy):
    text = (tiny_copy / "study.yml").read_text().replace("interviews:\n", "privacy:\n  keep_ids: sometimes\ninterviews:\n")
    (tiny_copy / "study.yml").write_text(text)
    with pytest.raises(StudyInvalid) as caught:
        load_study(tiny_copy)
    assert any(str(p).startswith("study.yml: privacy.keep_ids: expected true or false, got text 'sometimes' (line ")
               for p in caught.value.problems), caught.value.problems


@pytest.mark.parametrize("raw, expected, problems", [
    ({}, PrivacySettings(), 0),
    ({"privacy": {"keep_names": True}}, PrivacySettings(keep_names=True), 0),
    ({"privacy": {"keep_ids": "yes"}}, PrivacySettings(), 1),
    ({"privacy": ["keep_ids"]}, PrivacySettings(), 1),
    ({"privacy": {"keep_idz": True}}, PrivacySettings(), 1),
    (["not", "a", "mapping"], PrivacySettings(), 0),
])
def test_read_privacy_settings(raw, expected, problems):
    settings, found = read_privacy_settings(raw, {"privacy": 3, "privacy.keep_ids": 4})
    assert settings == expected and len(found) == problems


def test_redact_path_and_labels():
    redactor = Redactor(build_name_book([("P07", "Siti"), ("P03", "Budi")]))
    assert redact_path("interviews/Interview - Siti - 2026-03-02.docx", redactor) == \
        "interviews/Interview - P07 - 2026-03-02.docx"
    assert redact_path("interviews/Budi_call_0124187730.srt", redactor) == "interviews/P03 call [PHONE].srt"
    assert redact_path("surveys/post.csv", redactor) == "surveys/post.csv"
    labels = interview_labels([("interviews/b.txt", "P07"), ("interviews/a.txt", "P07"), ("interviews/c.txt", "P03")])
    assert labels == {"interviews/a.txt": "P07 interview", "interviews/b.txt": "P07 interview 2",
                      "interviews/c.txt": "P03 interview"}
    provenance = Provenance(redactor, labels=labels)
    assert provenance.shown("interviews/a.txt") == "P07 interview"
    assert Provenance(redactor, keep_names=True, labels=labels).shown("interviews/a.txt") == "interviews/a.txt"


def test_pseudonyms_are_stable_keyed_and_only_for_personal_ids():
    assert pseudonym("Siti@Example.com", "k") == pseudonym(" siti@example.com", "k") != pseudonym("siti@example.com", "j")
    assert [is_personal_id(v) for v in ("siti@example.com", "+60 12-418 7730", "0124187730", "u1042", "R_1x", "12")] \
        == [True, True, True, False, False, False]
    frame = pd.DataFrame({"user": ["a@b.co", "u1", None], "other": ["a@b.co", "x", "y"]})
    out = pseudonymise_columns(frame, ["user"], "k")
    assert out["user"].tolist()[:2] == [pseudonym("a@b.co", "k"), "u1"] and pd.isna(out.at[2, "user"])
    assert frame["user"].tolist()[:2] == ["a@b.co", "u1"]  # a new DataFrame; the input is untouched
    assert out["other"].tolist() == ["a@b.co", "x", "y"]


def test_pseudonym_sql_matches_python():
    duckdb = pytest.importorskip("duckdb")
    from workbench.privacy.pseudonyms import pseudonym_sql
    rows = duckdb.sql(f"SELECT {pseudonym_sql('u', 'k')} FROM (SELECT unnest(['Siti@Example.com', 'u1']) AS u)").fetchall()
    assert [r[0] for r in rows] == [pseudonym("Siti@Example.com", "k"), "u1"]


def test_warnings_about_a_named_empty_interview_reach_reports_without_the_name(tiny_copy):
    from workbench.validate import ensure_valid
    name_files_after_people(tiny_copy)
    (tiny_copy / "interviews" / NAMED).write_text("")
    warnings = ensure_valid(tiny_copy)
    assert [(str(w), w.left_out, w.unit) for w in warnings] == [
        ("T1 interview: empty transcript: the file holds no text; left out of the analysis", 1, "files")]
    study = load_study(tiny_copy)
    assert study.left_out[["file", "unit", "count"]].values.tolist() == [["T1 interview", "files", 1]]
    assert "Alice" not in all_cells(study)


def test_a_quote_cites_the_neutral_label_once():
    from workbench.privacy.provenance import cite
    assert cite("P07", "P07 interview", "interview", 24, 120.0) == "P07 interview, turn 24, 00:02:00"
    assert cite("P07", "P07 interview 2", "interview", 3.0, float("nan")) == "P07 interview 2, turn 3"
    assert cite("R_1", "surveys/post.csv", "survey", 4, None) == "R_1, surveys/post.csv, line 4"
    assert cite("P1", "interviews/P1.txt", "interview", 2, None) == "P1, interviews/P1.txt, turn 2"


def test_event_user_ids_that_are_emails_get_the_studys_pseudonyms(tiny_copy):
    """The behaviour engine's events and users carry the same pseudonym as the Study's tables."""
    from workbench.behaviour.population import source_for
    for name in ("behaviour/events.csv", "users.csv", "participants.csv"):
        path = tiny_copy / name
        path.write_text(path.read_text(encoding="utf-8").replace("u1,", "siti.r@example.com,"), encoding="utf-8")
    study = load_study(tiny_copy)
    (alias,) = set(study.participants.loc[study.participants["participant_id"] == "T1", "user_id"])
    assert alias.startswith("id-")
    source = source_for(study, "duckdb")
    events, users = source.events.execute(), source.users.execute()
    assert alias in set(events["user"]) and alias in set(users["user"])
    assert not any("@" in u for u in [*events["user"], *users["user"]])
