"""The Study object: tables, persona filters and customer voice units."""
from __future__ import annotations

import pytest

from workbench import load_study
from workbench.exceptions import InputError, StudyInvalid


@pytest.fixture
def study(tiny_study):
    return load_study(tiny_study)


def test_turns_table_columns_and_interviewers(study):
    turns = study.turns
    assert list(turns.columns) == ["participant", "persona", "file", "turn", "speaker", "is_interviewer", "start",
                                   "text", "line", "language"]
    assert set(turns.loc[turns["is_interviewer"], "speaker"]) == {"Moderator"}
    t4 = turns[turns["participant"] == "T4"]
    assert t4["file"].iloc[0] == "T4 interview"  # participant named by interview_file; neutral source label


@pytest.mark.parametrize("persona,people", [("saver", {"T1", "T2", "R_2"}), ("rusher", {"T3", "T4"}),
                                            ("all", {"T1", "T2", "T3", "T4", "R_2", "E1", "E2"})])
def test_voice_units_by_persona(study, persona, people):
    voice = study.voice(persona)
    assert set(voice["participant"]) == people
    assert not voice["text"].str.contains("Thanks for joining").any()  # interviewer turns are not voice


def test_voice_unit_ids_are_stable_quote_ids(study):
    ids = set(study.voice()["unit_id"])
    assert {"T1#4", "post:R_1:Q3", "exit:E2:why"} <= ids


def test_answers_carry_their_about_prior(study):
    answers = study.answers.set_index("respondent")
    assert answers.loc["E2", "about"] == "buy" and answers.loc["R_1", "about"] == "overall"


def test_unknown_persona_is_an_input_error(study):
    with pytest.raises(InputError, match="did you mean 'saver'"):
        study.voice("savers")


def test_returned_frames_are_copies(study):
    voice = study.voice("all")
    voice.loc[:, "text"] = "changed"
    assert not (study.voice("all")["text"] == "changed").any()


def test_interview_without_participant_is_an_error(tiny_copy):
    (tiny_copy / "interviews/stranger.txt").write_text("Moderator: Hi\nZed: Hello\n")
    with pytest.raises(StudyInvalid) as caught:
        load_study(tiny_copy)
    assert any(p.path == "interviews/stranger.txt" and "'stranger' is not in participants.csv" in p.message
               for p in caught.value.problems)


def test_non_transcript_file_is_a_warning(tiny_copy):
    (tiny_copy / "interviews/recording.mp3").write_bytes(b"\x00")
    study = load_study(tiny_copy)
    assert any(w.path == "interviews/recording.mp3" for w in study.warnings)
