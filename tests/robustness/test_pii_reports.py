"""A real `workbench run` of the tiny study with personal data planted in it: none reaches reports/.

Every file the run publishes (HTML, CSV, executed notebooks, manifests) is searched for every planted
string and name. The run uses the project's real chapters for one persona (saver), whose transcripts
and survey answers hold all of the planted data; the manifest carries the redaction audit. The study
folder is hashed before and after: the run never writes under it.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from workbench import runner

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "fixtures" / "tiny-study"

PLANTED = ["alice.tan88@example.com", "012-718 4432", "4539 1488 0343 6467", "No. 12, Jalan SS2/24",
           "880514-14-5523", "+65 9123 4567", "ravi.k@example.org", "03-7865 2291", "5425 2334 3010 9903",
           "https://track.lumi.example/t?u=ben88&token=9f3a2c", "token=9f3a2c", "SS2/24"]
NAMES = ["Alice", "Alice Tan", "Ben", "Ben Ong", "Cara", "Dan", "Aisyah", "Suresh", "Mei Xin"]
# Embedded images (PNG as base64) are long runs without spaces; they are dropped before searching so a
# name of three letters cannot turn up in them by chance.
BASE64_RUN = re.compile(r"[A-Za-z0-9+/=\\]{120,}")


def plant(study: Path) -> None:
    (study / "participants.csv").write_text(
        "participant_id,persona,name,user_id,respondent_id,interview_file,language\n"
        "T1,saver,Alice Tan,u1,R_1,t1.txt,en\nT2,saver,Ben Ong,u2,,T2.vtt,\n"
        "T3,rusher,Cara,u3,R_3,t3.srt,en\nT4,rusher,Dan,u4,,notes.md,en\n", encoding="utf-8")
    yml = (study / "study.yml").read_text(encoding="utf-8")
    yml = yml.replace("interviewers: [Moderator]", "interviewers: [Moderator, Aisyah]")
    (study / "study.yml").write_text(yml + "privacy:\n  names: [Mei Xin]\n", encoding="utf-8")
    with (study / "interviews" / "t1.txt").open("a", encoding="utf-8") as f:
        f.write("Aisyah: Thanks Alice. Anything about paying?\n"
                "Alice: My email is alice.tan88@example.com and my phone 012-718 4432, the shipping fee hurt.\n"
                "Aisyah: And the payment?\n"
                "Alice: My husband Suresh paid with 4539 1488 0343 6467. Ship to No. 12, Jalan SS2/24, Petaling Jaya.\n")
    with (study / "interviews" / "T2.vtt").open("a", encoding="utf-8") as f:
        f.write("\n00:00:12.500 --> 00:00:16.000\n<v Ben>My IC is 880514-14-5523, call +65 9123 4567 about payment.\n"
                "\n00:00:16.500 --> 00:00:19.000\n<v Ben>My sister Mei Xin says Ben Ong always complains.\n")
    post = (study / "surveys" / "post.csv").read_text(encoding="utf-8")
    post = post.replace("Great prices but support was slow.",
                        '"Great prices but support was slow. Mail ravi.k@example.org or call 03-7865 2291, '
                        'link https://track.lumi.example/t?u=ben88&token=9f3a2c"')
    post = post.replace("The delivery fee was too high.",
                        '"The delivery fee was too high, Alice said. My card 5425 2334 3010 9903 was charged twice."')
    (study / "surveys" / "post.csv").write_text(post, encoding="utf-8")


def tree_hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def planted_run(tmp_path_factory):
    study = tmp_path_factory.mktemp("pii") / "tiny-study"
    shutil.copytree(TINY, study)
    plant(study)
    before = tree_hashes(study)
    out = tmp_path_factory.mktemp("reports")
    result = runner.run_study(study, personas=["saver"], out=out, jobs=2, progress=False)
    return study, before, result


def published_texts(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): BASE64_RUN.sub(" ", p.read_text(encoding="utf-8", errors="replace"))
            for p in folder.rglob("*") if p.is_file() and p.suffix in (".html", ".csv", ".ipynb", ".json")}


@pytest.mark.slow
def test_the_planted_data_is_in_the_study(planted_run):
    study, _, _ = planted_run
    raw = "\n".join(p.read_text(encoding="utf-8") for p in study.rglob("*") if p.suffix in (".txt", ".vtt", ".csv"))
    assert all(s in raw for s in PLANTED)


@pytest.mark.slow
def test_nothing_planted_reaches_the_reports(planted_run):
    _, _, result = planted_run
    texts = published_texts(result.folder)
    assert any(name.endswith(".ipynb") for name in texts) and any(name.endswith(".csv") for name in texts)
    assert "saver.html" in texts or result.runs[0].status == "failed"
    # the customer text did reach the outputs, redacted: the search below is not vacuous
    joined = "\n".join(texts.values())
    assert "[EMAIL]" in joined and "[PHONE]" in joined and re.search(r"\bT1\b", joined)
    leaks = [(name, s) for name, text in texts.items() for s in PLANTED if s in text]
    leaks += [(name, n) for name, text in texts.items() for n in NAMES
              if re.search(rf"(?<![A-Za-z]){re.escape(n)}(?![A-Za-z])", text)]
    assert leaks == []


@pytest.mark.slow
def test_the_manifest_carries_the_audit(planted_run):
    _, _, result = planted_run
    manifest = json.loads((result.folder / "data" / "saver" / "manifest.json").read_text())
    audit = manifest["redaction"]
    assert audit["keep_names"] is False
    for kind in ("email", "phone", "card", "id", "address", "url", "participant", "interviewer", "name"):
        assert audit["by_type"].get(kind, 0) >= 1, kind
    files = {row["file"] for row in audit["by_file"]}
    # interviews appear by their neutral source label, never by file name (docs/study-format.md, "Privacy")
    assert {"T1 interview", "T2 interview", "surveys/post.csv"} <= files
    assert not any(f.startswith("interviews/") for f in files)
    assert audit["total"] == sum(row["count"] for row in audit["by_file"])


@pytest.mark.slow
def test_the_run_never_writes_under_the_study(planted_run):
    study, before, _ = planted_run
    assert tree_hashes(study) == before
