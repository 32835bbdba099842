"""Redaction of a study's tables at load time: turn text, speaker labels, answers, the audit."""
from __future__ import annotations

import pandas as pd
import pandas.testing as pdt

from workbench.config import PrivacyConfig
from workbench.privacy.study_text import redact_study_text

PARTICIPANTS = pd.DataFrame({"participant_id": ["P01", "P02"], "persona": ["a", "b"], "name": ["Farah", None]})
TURNS = pd.DataFrame({
    "participant": ["P01", "P01", "P01", "P02", "P02"],
    "file": ["interviews/f.txt"] * 3 + ["interviews/p2.vtt"] * 2,
    "speaker": ["Aisyah", "Farah", "Farah", "Moderator", "Ben"],
    "is_interviewer": [True, False, False, True, False],
    "text": ["Hi Farah, I'm Aisyah.", "My sister Mei Xin ordered it.", "Mail me: farah@example.com",
             "And you, Ben?", "I'm Ben, call 012-718 4432."],
})
ANSWERS = pd.DataFrame({"file": ["surveys/s.csv"] * 2, "respondent": ["R1", "R2"],
                        "text": ["Mei Xin loved it", "My card 4012 8888 8888 1881 failed"]})


def run(privacy=PrivacyConfig()):
    return redact_study_text(PARTICIPANTS, TURNS, ANSWERS, ("Aisyah", "Moderator"), privacy)


def test_text_speakers_and_answers_are_redacted():
    out = run()
    assert out.turns["text"].tolist() == ["Hi P01, I'm [INTERVIEWER].", "My sister [NAME] ordered it.",
                                          "Mail me: [EMAIL]", "And you, P02?", "I'm P02, call [PHONE]."]
    # a participant's label becomes their id (Ben is the only customer voice in P02's file); a named
    # interviewer becomes a role; a role label stays
    assert out.turns["speaker"].tolist() == ["Interviewer 1", "P01", "P01", "Moderator", "P02"]
    assert out.turns["is_interviewer"].tolist() == [True, False, False, True, False]
    assert out.answers["text"].tolist() == ["[NAME] loved it", "My card [CARD] failed"]
    assert out.participants["name"].isna().all()
    assert "Mei Xin" in out.learned_names


def test_audit_counts_by_file_field_and_type():
    audit = run().audit.set_index(["file", "field", "type"])["count"]
    assert audit[("interviews/f.txt", "text", "email")] == 1
    assert audit[("interviews/f.txt", "speaker", "participant")] == 2
    assert audit[("interviews/p2.vtt", "text", "phone")] == 1
    assert audit[("surveys/s.csv", "text", "card")] == 1
    assert audit[("surveys/s.csv", "text", "name")] == 1
    assert set(run().audit.columns) == {"file", "field", "type", "count"}


def test_keep_names_keeps_labels_and_names_only():
    out = run(PrivacyConfig(keep_names=True))
    assert out.turns["speaker"].tolist() == TURNS["speaker"].tolist()
    assert out.turns["text"].iloc[2] == "Mail me: [EMAIL]"
    assert out.turns["text"].iloc[1] == "My sister Mei Xin ordered it."
    assert out.participants["name"].tolist()[0] == "Farah"


def test_declared_names_without_guessing():
    out = run(PrivacyConfig(names=("Mei Xin",), guess_names=False))
    assert out.answers["text"].iloc[0] == "[NAME] loved it" and out.learned_names == ()


def test_inputs_are_not_mutated():
    before = (PARTICIPANTS.copy(), TURNS.copy(), ANSWERS.copy())
    run()
    for frame, copy in zip((PARTICIPANTS, TURNS, ANSWERS), before):
        pdt.assert_frame_equal(frame, copy)


def test_manifest_summary_has_counts_by_type_and_file_and_no_text():
    from workbench.manifest import privacy_summary
    summary = privacy_summary(run().audit, keep_names=False)
    assert summary["keep_names"] is False
    assert summary["by_type"]["phone"] == 1 and summary["by_type"]["card"] == 1
    assert summary["total"] == sum(row["count"] for row in summary["by_file"])
    assert {"file": "surveys/s.csv", "field": "text", "type": "card", "count": 1} in summary["by_file"]
    assert "4012" not in str(summary) and "farah@" not in str(summary)
    assert privacy_summary(run().audit.iloc[0:0], keep_names=True) == {"keep_names": True, "total": 0, "by_type": {},
                                                                        "by_file": []}
