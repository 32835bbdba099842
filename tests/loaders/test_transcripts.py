"""Tests for workbench.loaders.transcripts: every transcript form of STUDY_FORMAT.md, and its errors."""
from __future__ import annotations

import dataclasses
import datetime
import zipfile
from pathlib import Path

import pytest

from workbench.exceptions import InputError
from workbench.loaders.transcripts import (
    NO_TURNS,
    TRANSCRIPT_SUFFIXES,
    Transcript,
    Turn,
    parse_transcript,
)

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"
DEMO_INTERVIEWS = Path(__file__).resolve().parents[2] / "corpora" / "demo-shop" / "interviews"


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def parse(tmp_path: Path, name: str, text: str | bytes) -> Transcript:
    return parse_transcript(write(tmp_path, name, text), f"interviews/{name}")


def rows(transcript: Transcript) -> list[tuple]:
    """(speaker, text, start, line) per turn, checking turn numbers run 1..n."""
    assert [t.turn for t in transcript.turns] == list(range(1, len(transcript.turns) + 1))
    return [(t.speaker, t.text, t.start, t.line) for t in transcript.turns]


def error_of(tmp_path: Path, name: str, text: str | bytes) -> str:
    with pytest.raises(InputError) as caught:
        parse(tmp_path, name, text)
    (problem,) = caught.value.problems
    assert problem.path == f"interviews/{name}"
    return str(problem)


# ----------------------------------------------------------------------------- .txt / .md turn styles

@pytest.mark.parametrize("text, expected", [
    pytest.param("Aisyah: Hi.\nP01: Hello.\n",
                 [("Aisyah", "Hi.", None, 1), ("P01", "Hello.", None, 2)], id="plain"),
    pytest.param("[00:12:03] Aisyah: Hi.\n[00:12:09] P01: Hello.\n",
                 [("Aisyah", "Hi.", 723.0, 1), ("P01", "Hello.", 729.0, 2)], id="bracketed-hms"),
    pytest.param("[12:03] Aisyah: Hi.\n[75:10] P01: Hello.\n",
                 [("Aisyah", "Hi.", 723.0, 1), ("P01", "Hello.", 4510.0, 2)], id="bracketed-ms"),
    pytest.param("(00:12:03) Aisyah: Hi.\n(1:00:00.5) P01: Hello.\n",
                 [("Aisyah", "Hi.", 723.0, 1), ("P01", "Hello.", 3600.5, 2)], id="parenthesised"),
    pytest.param("Aisyah  0:02\nHi.\n\nP01  1:02:03\nHello.\n",
                 [("Aisyah", "Hi.", 2.0, 1), ("P01", "Hello.", 3723.0, 4)], id="otter"),
    pytest.param("Aisyah\t0:02\nHi.\nP01\t\t12:03  \nHello.\n",
                 [("Aisyah", "Hi.", 2.0, 1), ("P01", "Hello.", 723.0, 3)], id="otter-tabs"),
    pytest.param("Aisyah (00:00:05): Hi.\nP01 [00:00:09]:\nHello.\n",
                 [("Aisyah", "Hi.", 5.0, 1), ("P01", "Hello.", 9.0, 2)], id="name-then-time"),
    pytest.param("P01 [00:00:09]\nHello.\nAisyah (00:00:12)\nHi.\nP01 (1:00:09)\nBye.\nAisyah (1:00:15)\nOK.\n",
                 [("P01", "Hello.", 9.0, 1), ("Aisyah", "Hi.", 12.0, 3), ("P01", "Bye.", 3609.0, 5),
                  ("Aisyah", "OK.", 3615.0, 7)],
                 id="name-then-time-headers"),
    pytest.param("**Aisyah:** Hi.\n__P01__: Hello.\n",
                 [("Aisyah", "Hi.", None, 1), ("P01", "Hello.", None, 2)], id="markdown-bold"),
    pytest.param("Speaker 1: Hi.\nMary-Jane O'Neil: Hello.\nDr. Tan: Hey.\n",
                 [("Speaker 1", "Hi.", None, 1), ("Mary-Jane O'Neil", "Hello.", None, 2),
                  ("Dr. Tan", "Hey.", None, 3)], id="name-characters"),
    pytest.param("Zoë: Olá.\n李明: 你好。\nАнна: Привет.\n",
                 [("Zoë", "Olá.", None, 1), ("李明", "你好。", None, 2), ("Анна", "Привет.", None, 3)],
                 id="unicode-names"),
    pytest.param("[00:00:01] Aisyah: Hi.\nP01: Hello.\nAisyah  0:09\nOK.\nP01: Bye.\n",
                 [("Aisyah", "Hi.", 1.0, 1), ("P01", "Hello.", None, 2), ("Aisyah", "OK.", 9.0, 3),
                  ("P01", "Bye.", None, 5)], id="mixed-styles"),
])
def test_turn_styles(tmp_path, text, expected):
    assert rows(parse(tmp_path, "P01.txt", text)) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param("Aisyah: Tell me\nabout   it.\nP01: Well,\n\n  it was\tfine.\n",
                 [("Aisyah", "Tell me about it.", None, 1), ("P01", "Well, it was fine.", None, 3)],
                 id="continuation-and-whitespace"),
    pytest.param("Interview with P01, 3 July.\nRecorded on Zoom.\n\nAisyah: Hi.\nP01: Hello.\n",
                 [("Aisyah", "Hi.", None, 4), ("P01", "Hello.", None, 5)], id="preamble-ignored"),
    pytest.param("# Session 1\n\nAisyah: Hi.\n## Part two\nP01: Hello.\n---\n",
                 [("Aisyah", "Hi.", None, 3), ("P01", "Hello.", None, 5)], id="headings-and-rules-skipped"),
    pytest.param("Aisyah  0:02\n\nP01  0:05\nHello.\n",
                 [("P01", "Hello.", 5.0, 3)], id="turn-without-text-dropped"),
    pytest.param("[00:00:01] Aisyah: Hi.\n[00:00:04] and welcome.\n",
                 [("Aisyah", "Hi. and welcome.", 1.0, 1)], id="time-without-speaker-continues"),
])
def test_lines_that_start_no_turn(tmp_path, text, expected):
    assert rows(parse(tmp_path, "P01.txt", text)) == expected


# Lines that look like labels but are not speakers: each file has known speakers Aisyah and P01.
LONG_ANSWER = "Aisyah: How was it?\nP01: Well, I paid\nand then\n{line}\nand that was it.\nAisyah: OK.\nP01: Yes.\n"


@pytest.mark.parametrize("line", [
    pytest.param("Note: the fee was RM15.", id="one-off-note"),
    pytest.param("https://shop.example/checkout was the page", id="url"),
    pytest.param("10:30 at night, I think.", id="time"),
    pytest.param("What annoyed me most was this: the fee.", id="sentence-before-colon"),
    pytest.param("P01 said: nothing", id="known-name-in-longer-label"),
    pytest.param("We got there at (10:30)", id="prose-ending-in-a-time"),
])
def test_label_lookalikes_continue_the_answer(tmp_path, line):
    turns = parse(tmp_path, "P01.txt", LONG_ANSWER.format(line=line)).turns
    assert [t.speaker for t in turns] == ["Aisyah", "P01", "Aisyah", "P01"]
    assert turns[1].text == f"Well, I paid and then {line} and that was it."


def test_one_off_note_after_timed_turns_continues(tmp_path):
    text = "[00:00:05] Daniel: Why?\n[00:00:11] P03: A friend.\nNote: she had a voucher.\n[00:00:20] Daniel: OK.\n"
    assert rows(parse(tmp_path, "P03.txt", text)) == [
        ("Daniel", "Why?", 5.0, 1), ("P03", "A friend. Note: she had a voucher.", 11.0, 2), ("Daniel", "OK.", 20.0, 4)]


@pytest.mark.parametrize("text, speakers", [
    pytest.param("Moderator: Hi.\nP01: Hello.\nModerator: Bye.\n", ["Moderator", "P01", "Moderator"],
                 id="one-off-speaker-after-a-turn-start"),
    pytest.param("Moderator: Hi.\nP01: Hello.\n", ["Moderator", "P01"], id="tiny-file"),
    pytest.param("Moderator: Hi.\nThanks for coming.\nObserver: One thing.\nModerator: Sure.\nModerator: Go.\n",
                 ["Moderator", "Moderator", "Moderator"], id="one-off-inside-a-long-turn"),
])
def test_one_off_speakers(tmp_path, text, speakers):
    assert [t.speaker for t in parse(tmp_path, "P01.txt", text).turns] == speakers


def test_md_fixture_with_front_matter():
    transcript = parse_transcript(FIXTURES / "timestamped.md", "interviews/timestamped.md")
    assert transcript.front_matter == {"participant": "P03", "date": datetime.date(2026, 7, 14), "language": "en"}
    assert rows(transcript) == [
        ("Daniel", "How did you hear about the shop?", 5.0, 10),
        ("P03", "A friend sent me a link. Note: she also had a voucher code, which helped.", 11.0, 11),
        ("Daniel", "And the delivery?", 723.0, 13),
        ("P03", "Slow. Three weeks.", 760.0, 14),
    ]


def test_otter_fixture():
    transcript = parse_transcript(FIXTURES / "otter_export.txt", "interviews/otter_export.txt")
    assert transcript.front_matter == {}
    assert [(t.speaker, t.start, t.line) for t in transcript.turns] == [
        ("Aisyah", 2.0, 1), ("P07", 9.0, 4), ("Aisyah", 3723.0, 8), ("P07", 3730.0, 11)]
    assert transcript.turns[1].text == (
        "Sure. I found the dress on Instagram, then the shipping fee at checkout surprised me.")


# ----------------------------------------------------------------------------- encodings and line ends

PLAIN = "Aisyah: Hi,\nthere.\nP01: Hello.\n"
PLAIN_ROWS = [("Aisyah", "Hi, there.", None, 1), ("P01", "Hello.", None, 3)]


@pytest.mark.parametrize("data", [
    pytest.param(PLAIN.encode(), id="lf"),
    pytest.param(PLAIN.replace("\n", "\r\n").encode(), id="crlf"),
    pytest.param(PLAIN.replace("\n", "\r").encode(), id="cr"),
    pytest.param(b"\xef\xbb\xbf" + PLAIN.replace("\n", "\r\n").encode(), id="bom-crlf"),
])
def test_line_ends_and_bom(tmp_path, data):
    assert rows(parse(tmp_path, "P01.txt", data)) == PLAIN_ROWS


def test_bom_before_front_matter(tmp_path):
    transcript = parse(tmp_path, "P01.md", "\ufeff---\r\nparticipant: P09\r\n---\r\n" + PLAIN.replace("\n", "\r\n"))
    assert transcript.front_matter == {"participant": "P09"}
    assert rows(transcript) == [("Aisyah", "Hi, there.", None, 4), ("P01", "Hello.", None, 6)]


@pytest.mark.parametrize("data, expected", [
    pytest.param(b"Aisyah: Hi.\nP01: caf\xe9\n", "interviews/P01.txt:2: not UTF-8 text: byte 20 (0xe9)",
                 id="latin-1"),
    pytest.param(b"\xef\xbb\xbfAisyah: Hi.\r\n\r\nP01: \x93ok\x94\n", "interviews/P01.txt:3: not UTF-8 text: byte 23 (0x93)",
                 id="cp1252-after-bom"),
    pytest.param("Aisyah: Hi.\n".encode("utf-16"), "interviews/P01.txt:1: the file is UTF-16 text", id="utf-16"),
])
def test_not_utf8(tmp_path, data, expected):
    message = error_of(tmp_path, "P01.txt", data)
    assert message.startswith(expected)
    assert "UTF-8" in message


# ----------------------------------------------------------------------------- front matter

@pytest.mark.parametrize("text, front, first_line", [
    pytest.param("---\nparticipant: P01\nlanguage: ms\n---\nAisyah: Hi.\n", {"participant": "P01", "language": "ms"}, 5,
                 id="valid"),
    pytest.param("---\n---\nAisyah: Hi.\n", {}, 3, id="empty"),
    pytest.param("---\nparticipant: P01\n...\nAisyah: Hi.\n", {"participant": "P01"}, 4, id="yaml-end-marker"),
    pytest.param("Aisyah: Hi.\n---\nfoo: bar\n---\n", {}, 1, id="absent"),
])
def test_front_matter(tmp_path, text, front, first_line):
    transcript = parse(tmp_path, "P01.md", text)
    assert transcript.front_matter == front
    assert transcript.turns[0].line == first_line


@pytest.mark.parametrize("text, expected", [
    pytest.param("---\nparticipant: P01\nlanguage: [en\n---\nAisyah: Hi.\n",
                 "interviews/P01.md:3: invalid YAML in front matter", id="invalid-yaml"),
    pytest.param("---\nparticipant: P01\n  date: x\n---\nAisyah: Hi.\n",
                 "interviews/P01.md:3: invalid YAML in front matter", id="bad-indent"),
    pytest.param("---\nparticipant: P01\nAisyah: Hi.\n", "interviews/P01.md:1: front matter opened with '---' is never closed",
                 id="unclosed"),
    pytest.param("---\n- P01\n- en\n---\nAisyah: Hi.\n", "interviews/P01.md:2: front matter must be 'key: value' lines",
                 id="not-a-mapping"),
])
def test_front_matter_errors(tmp_path, text, expected):
    assert error_of(tmp_path, "P01.md", text).startswith(expected)


# ----------------------------------------------------------------------------- .vtt

def test_vtt_fixture():
    transcript = parse_transcript(FIXTURES / "zoom.vtt", "interviews/zoom.vtt")
    assert rows(transcript) == [
        ("Aisyah", "Hello, can you hear me? Great, let's start.", 1.0, 7),
        ("P12", "Yes. The size guide was confusing. I bought two sizes & returned one.", 62.5, 15),
    ]


VTT_HEAD = "WEBVTT\n\n"


@pytest.mark.parametrize("body, expected", [
    pytest.param("00:01:02.500 --> 00:01:04.000\n<v Aisyah>Hi.\n\n00:01:05.000 --> 00:01:06.000\n<v P01>Hello.\n",
                 [("Aisyah", "Hi.", 62.5, 3), ("P01", "Hello.", 65.0, 6)], id="voice-tags"),
    pytest.param("00:01.000 --> 00:02.000\n<v.loud.x Aisyah Tan>Hi.</v>\n",
                 [("Aisyah Tan", "Hi.", 1.0, 3)], id="voice-with-classes-no-hours"),
    pytest.param("c1\n00:00:01.000 --> 00:00:02.000\nAisyah: Hi.\n\nc2\n00:00:03.000 --> 00:00:04.000\nP01: Hello.\n",
                 [("Aisyah", "Hi.", 1.0, 3), ("P01", "Hello.", 3.0, 7)], id="prefixes-with-identifiers"),
    pytest.param("00:00:01.000 --> 00:00:02.000\n<v Aisyah>Hi\n\n00:00:02.000 --> 00:00:03.000\n<v Aisyah>there.\n\n"
                 "00:00:04.000 --> 00:00:05.000\n<v P01>Hello\n\n00:00:05.000 --> 00:00:06.000\nto you.\n",
                 [("Aisyah", "Hi there.", 1.0, 3), ("P01", "Hello to you.", 4.0, 9)], id="merging"),
    pytest.param("00:00:01.000 --> 00:00:02.000 align:start position:10%\n<v Aisyah><b>Hi</b> <c.yellow>there</c>.\n",
                 [("Aisyah", "Hi there.", 1.0, 3)], id="settings-and-tags"),
    pytest.param("00:00:01.000 --> 00:00:03.000\n<v Aisyah>Hi.\n<v P01>Hello.\n",
                 [("Aisyah", "Hi.", 1.0, 3), ("P01", "Hello.", 1.0, 5)], id="two-voices-in-a-cue"),
    pytest.param("NOTE a comment\nwith lines\n\nSTYLE\n::cue { color: red }\n\n00:00:01.000 --> 00:00:02.000\n<v Aisyah>Hi.\n",
                 [("Aisyah", "Hi.", 1.0, 9)], id="note-and-style-blocks"),
    pytest.param("00:00:01.000 --> 00:00:02.000\n<v Aisyah>Hi,\n\nand welcome.\n",
                 [("Aisyah", "Hi, and welcome.", 1.0, 3)], id="blank-line-inside-cue"),
    pytest.param("00:00:01.000 --> 00:00:02.000\nmusic playing\n\n00:00:02.000 --> 00:00:03.000\n<v Aisyah>Hi.\n",
                 [("Aisyah", "Hi.", 2.0, 6)], id="cue-before-any-speaker-ignored"),
])
def test_vtt(tmp_path, body, expected):
    assert rows(parse(tmp_path, "P01.vtt", VTT_HEAD + body)) == expected


def test_vtt_header_metadata_and_crlf(tmp_path):
    text = "\ufeffWEBVTT - Zoom\r\nKind: captions\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nAisyah: Hi.\r\n"
    assert rows(parse(tmp_path, "P01.vtt", text)) == [("Aisyah", "Hi.", 1.0, 4)]


def test_vtt_cue_right_after_header(tmp_path):
    assert rows(parse(tmp_path, "P01.vtt", "WEBVTT\n00:00:01.000 --> 00:00:02.000\n<v A>Hi.\n")) == [("A", "Hi.", 1.0, 2)]


@pytest.mark.parametrize("text, expected", [
    pytest.param("Aisyah: Hi.\n", "interviews/P01.vtt:1: not a WebVTT file", id="no-header"),
    pytest.param("", "interviews/P01.vtt:1: not a WebVTT file", id="empty"),
    pytest.param(VTT_HEAD + "00:00:01.000 --> 00:00:02.000\n<v A>Hi.\n\nfirst --> last\n<v A>Hey.\n",
                 "interviews/P01.vtt:6: cue timing not understood", id="bad-timing-line"),
    pytest.param(VTT_HEAD + "00:00:01.000 --> 00:00:02.000\n<v A>Hi.\n\n00:00:61.000 --> 00:01:02.000\n<v A>Hey.\n",
                 "interviews/P01.vtt:6: cue time '00:00:61.000' is not a time", id="bad-time-value"),
    pytest.param(VTT_HEAD + "NOTE nothing here\n", "interviews/P01.vtt: no cues found", id="no-cues"),
    pytest.param(VTT_HEAD + "00:00:01.000 --> 00:00:02.000\nHi.\n", "interviews/P01.vtt: no speaker turns found",
                 id="no-speakers"),
])
def test_vtt_errors(tmp_path, text, expected):
    assert error_of(tmp_path, "P01.vtt", text).startswith(expected)


# ----------------------------------------------------------------------------- .srt

def test_srt_fixture():
    transcript = parse_transcript(FIXTURES / "captions.srt", "interviews/captions.srt")
    assert rows(transcript) == [
        ("Daniel", "How was the checkout?", 1.0, 1),
        ("P05", "Fine, but the payment page timed out twice.", 3.2, 5),
        ("Daniel", "Twice?", 62.5, 13),
    ]


@pytest.mark.parametrize("text, expected", [
    pytest.param("1\n00:00:01,000 --> 00:00:02,000\nA: Hi.\n\n2\n00:00:02,000 --> 00:00:03,000\nA: Again.\n\n"
                 "3\n00:01:02,500 --> 00:01:03,000\nB: Hello\nthere.\n",
                 [("A", "Hi. Again.", 1.0, 1), ("B", "Hello there.", 62.5, 9)], id="merge-same-speaker"),
    pytest.param("1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color=\"red\">A: Hi.</font>\n",
                 [("A", "Hi.", 1.0, 1)], id="tags-stripped"),
    pytest.param("00:00:01,000 --> 00:00:02,000\nA: Hi.\n", [("A", "Hi.", 1.0, 1)], id="no-index-line"),
    pytest.param("1\n00:00:01,000 --> 00:00:02,000\nA: Hi.\nB: Hello.\n",
                 [("A", "Hi.", 1.0, 1), ("B", "Hello.", 1.0, 4)], id="two-speakers-in-a-cue"),
])
def test_srt(tmp_path, text, expected):
    assert rows(parse(tmp_path, "P01.srt", text)) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param("1\n00:00:01,000 -> 00:00:02,000\nA: Hi.\n", "interviews/P01.srt: no cues found", id="no-arrow"),
    pytest.param("1\n00:00:01,000 --> 00:00:02,000\nA: Hi.\n\n2\n00:00:03 ,5 --> 00:00:04,000\nA: Hey.\n",
                 "interviews/P01.srt:6: cue timing not understood", id="bad-timing"),
    pytest.param("1\n00:00:01,000 --> 00:00:02,000\nHi.\n", "interviews/P01.srt: no speaker turns found",
                 id="no-speakers"),
])
def test_srt_errors(tmp_path, text, expected):
    assert error_of(tmp_path, "P01.srt", text).startswith(expected)


# ----------------------------------------------------------------------------- .docx

def make_docx(path: Path, paragraphs: list[str]) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for text in paragraphs:
        paragraph = document.add_paragraph()
        for i, part in enumerate(text.split("\n")):
            if i:
                paragraph.add_run().add_break()
            paragraph.add_run(part)
    document.save(path)
    return path


@pytest.mark.parametrize("paragraphs, expected", [
    pytest.param(["Interview notes", "", "Aisyah: Hi.", "P01: Hello,", "I am here."],
                 [("Aisyah", "Hi.", None, 3), ("P01", "Hello, I am here.", None, 4)], id="plain"),
    pytest.param(["Aisyah  0:02", "Hi.", "", "P01  1:02:03", "Hello."],
                 [("Aisyah", "Hi.", 2.0, 1), ("P01", "Hello.", 3723.0, 4)], id="otter-paragraphs"),
    pytest.param(["Aisyah  0:02\nHi.", "[00:12:03] P01: Hello."],
                 [("Aisyah", "Hi.", 2.0, 1), ("P01", "Hello.", 723.0, 2)], id="soft-line-breaks"),
])
def test_docx(tmp_path, paragraphs, expected):
    path = make_docx(tmp_path / "P01.docx", paragraphs)
    transcript = parse_transcript(path, "interviews/P01.docx")
    assert transcript.front_matter == {}
    assert rows(transcript) == expected


def test_docx_without_turns(tmp_path):
    path = make_docx(tmp_path / "P01.docx", ["Just notes.", "No speakers."])
    with pytest.raises(InputError, match=r"^interviews/P01\.docx: no speaker turns found; expected lines like"):
        parse_transcript(path, "interviews/P01.docx")


def _zip_without_word_parts(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a document")
    return path


@pytest.mark.parametrize("make", [
    pytest.param(lambda p: p.write_bytes(b"Aisyah: Hi.\n") and p, id="text-renamed"),
    pytest.param(lambda p: p.write_bytes(b"PK\x03\x04broken") and p, id="truncated-zip"),
    pytest.param(_zip_without_word_parts, id="zip-without-document"),
])
def test_corrupt_docx(tmp_path, make):
    path = tmp_path / "P01.docx"
    make(path)
    with pytest.raises(InputError, match=r"^interviews/P01\.docx: not a readable \.docx file"):
        parse_transcript(path, "interviews/P01.docx")


# ----------------------------------------------------------------------------- other errors and the result type

@pytest.mark.parametrize("name, expected", [
    pytest.param("P01.pdf", "interviews/P01.pdf: unsupported transcript type '.pdf'; supported: "
                 + ", ".join(TRANSCRIPT_SUFFIXES), id="pdf"),
    pytest.param("P01.vt", "interviews/P01.vt: unsupported transcript type '.vt' (did you mean '.vtt'?); supported:",
                 id="typo"),
])
def test_unsupported_suffix(tmp_path, name, expected):
    assert error_of(tmp_path, name, "Aisyah: Hi.\n").startswith(expected)


@pytest.mark.parametrize("text", ["", "\n\n", "Just some notes about the session.\nNo speakers here.\n",
                                  "# Heading only\n"])
def test_no_turns(tmp_path, text):
    assert error_of(tmp_path, "P01.txt", text) == f"interviews/P01.txt: {NO_TURNS}"


@pytest.mark.parametrize("name", ["P01.txt", "P01.vtt", "P01.docx"])
def test_missing_file(tmp_path, name):
    with pytest.raises(InputError, match=rf"^interviews/{name}: file not found$"):
        parse_transcript(tmp_path / name, f"interviews/{name}")


def test_suffix_is_case_insensitive(tmp_path):
    assert rows(parse(tmp_path, "P01.TXT", PLAIN)) == PLAIN_ROWS


def test_result_is_frozen(tmp_path):
    transcript = parse(tmp_path, "P01.txt", PLAIN)
    assert transcript.path == "interviews/P01.txt"
    assert isinstance(transcript.turns, tuple) and all(isinstance(t, Turn) for t in transcript.turns)
    with pytest.raises(dataclasses.FrozenInstanceError):
        transcript.turns[0].text = "changed"  # type: ignore[misc]


# Fragments of every syntax the parser knows, so random files hit its edges rather than plain prose.
FRAGMENTS = ["WEBVTT", "\n", "\r\n", "\r", " --> ", "-->", "00:00:01.000", "00:01,500", "99:99:99.999", "<v A>",
             "<v.x ", ">", "<i>", "</v>", "NOTE ", "STYLE", "---", "...", "a: b", ": ", "Aisyah", "  0:02", "\t",
             "[00:12:03]", "(1:02)", "**", "# ", "\ufeff", "é", "{\\an8}", "[", "1", " ", "x", "&amp;", "- [a"]


@pytest.mark.parametrize("suffix", [".txt", ".md", ".vtt", ".srt"])
def test_any_text_gives_turns_or_input_error(tmp_path, suffix):
    hypothesis = pytest.importorskip("hypothesis")
    strategies = hypothesis.strategies

    @hypothesis.settings(max_examples=150, deadline=None, database=None,
                         suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture])
    @hypothesis.given(strategies.lists(strategies.sampled_from(FRAGMENTS), max_size=40).map("".join))
    def check(text):
        try:
            transcript = parse(tmp_path, f"P01{suffix}", text)
        except InputError as exc:
            assert all(p.path == f"interviews/P01{suffix}" for p in exc.problems)
            return
        assert transcript.turns
        assert all(t.speaker and t.text and t.line >= 1 and t.text == " ".join(t.text.split())
                   for t in transcript.turns)

    check()


# ----------------------------------------------------------------------------- the demo study

DEMO_FILES = sorted(p for p in DEMO_INTERVIEWS.glob("*") if p.suffix.lower() in TRANSCRIPT_SUFFIXES) \
    if DEMO_INTERVIEWS.is_dir() else []


@pytest.mark.skipif(not DEMO_FILES, reason="corpora/demo-shop/interviews/ has no transcripts yet")
def test_demo_interviews_parse():
    for path in DEMO_FILES:
        transcript = parse_transcript(path, f"interviews/{path.name}")
        assert transcript.turns, path.name
        assert all(t.speaker and t.text and t.line >= 1 for t in transcript.turns), path.name


def test_known_speakers_start_a_turn_even_when_they_speak_once(tmp_path):
    """A one-off interjection by an interviewer after a multi-line answer is its own turn when the
    study names that interviewer (without the hint it reads as part of the answer)."""
    path = tmp_path / "t.txt"
    path.write_text("Aisyah: How was it?\nSiti: Fine.\nAisyah: And paying?\nSiti: Hard.\n  No e-wallet.\n"
                    "Daniel: Which e-wallet?\nSiti: Touch n Go.\n")
    without = parse_transcript(path, "t.txt")
    with_hint = parse_transcript(path, "t.txt", known_speakers=["Aisyah", "Daniel"])
    assert "Daniel" not in [t.speaker for t in without.turns]
    assert [t.speaker for t in with_hint.turns] == ["Aisyah", "Siti", "Aisyah", "Siti", "Daniel", "Siti"]
