"""Interview transcripts (.txt .md .vtt .srt .docx) -> speaker turns (STUDY_FORMAT.md, "Transcripts").

:func:`parse_transcript` reads one file into a :class:`Transcript`: its YAML front matter and its
turns, each with the speaker, the text, the start time where the format gives one, and the line
where it starts. Bad input raises :class:`~workbench.exceptions.InputError` naming the file (as
``shown_as``) and, where known, the line.

Reading text (.txt, .md, and .docx paragraphs), line by line:

* ``Name: text`` starts a *plain* turn; ``[00:12:03] Name: text`` (also ``[12:03]``,
  ``(00:12:03)``) and ``Name [00:12:03]: text`` start a *timed* turn (``Name [00:12:03]`` alone
  on a line, with no colon, counts as a plain label carrying a time); an Otter header, a line
  holding only ``Name`` then two or more spaces or a tab then a time (``Aisyah  0:02``,
  ``P01\\t1:02:03``), starts a timed turn whose text is on the lines below. Styles may mix.
* A speaker label is a short name at the start of the line: 1-4 words, at most 40 characters,
  starting with a letter (any script) and made of letters, digits, spaces, dots, apostrophes,
  hyphens and underscores, ending in a letter, digit or dot, followed by ``:`` and a space (or
  the end of the line, the text then on the lines below). Optional
  Markdown bold (``**Name:**``) is allowed. So ``https://...`` and ``10:30`` are never speakers.
* A name is a *known speaker* of the file when it labels at least two lines, or labels a timed
  turn. Timed turns always start. A plain label by a known speaker starts a turn. A plain label
  by any other name (a one-off ``Note: ...`` inside an answer) starts a turn only in a file with
  no timed turns, and then only if the file has no known speakers at all (a tiny file) or the
  line just before it (blank lines aside) started a turn, as in ``Moderator: hi`` /
  ``P01: hello``; otherwise the line continues the previous turn, label and all.
* Any other line continues the previous turn; continuation text is joined with single spaces.
  Blank lines, Markdown headings (``# ...``) and rules (``---``) are skipped; text before the
  first turn (a preamble) is ignored; turns left with no text are dropped.

.vtt and .srt: cues are read with their line numbers; a ``<v Name>``/``<v.class Name>`` voice tag
(.vtt) or a ``Name: `` prefix on a cue line names the speaker (the prefix under the same rule as
above); a cue naming no speaker continues the previous one. Consecutive cues by the same speaker
form one turn that starts at its first cue's start and line. Other tags (``<i>``, ``<c.x>``,
``{\\an8}``) are removed. A block of text with no cue timing after the first cue (a blank line
inside a cue) is kept as a continuation rather than lost.
"""
from __future__ import annotations

import codecs
import html
import re
from collections import Counter
from dataclasses import dataclass
from collections.abc import Iterable
from pathlib import Path

import yaml
from webvtt.errors import MalformedCaptionError
from webvtt.models import Timestamp

from ..exceptions import InputError, Problem, did_you_mean

TRANSCRIPT_SUFFIXES = (".txt", ".md", ".vtt", ".srt", ".docx")
# A speaker label is a short name (the task's rule: 1-4 words, <= 40 characters); longer runs
# before a colon are sentences ("What annoyed me most was this: ...").
MAX_LABEL_WORDS = 4
MAX_LABEL_CHARS = 40
# Lines a plain label must head before its name counts as a known speaker: two, so that a single
# "Note: ..." inside an answer is not taken for a speaker while every real interlocutor qualifies.
KNOWN_SPEAKER_MIN_LINES = 2
NO_TURNS = "no speaker turns found; expected lines like 'Name: text'"

_BOLD = r"(?:\*\*|__)?"
_NAME = r"[^\W\d_][\w.'’ -]{0,%d}" % (MAX_LABEL_CHARS - 1)
# h:mm:ss or m:ss (minutes may pass 59 without hours), optional fraction of a second.
_TIME = r"(?:\d{1,2}:[0-5]?\d|\d{1,3}):[0-5]\d(?:[.,]\d{1,3})?"
_LABEL = re.compile(rf"{_BOLD}(?P<name>{_NAME}?){_BOLD}\s?:{_BOLD}(?:\s+(?P<text>.*)|\s*$)")
_STAMP_FIRST = re.compile(rf"(?:\[(?P<a>{_TIME})\]|\((?P<b>{_TIME})\))\s*(?P<rest>.*)")
_NAME_THEN_STAMP = re.compile(
    rf"{_BOLD}(?P<name>{_NAME}?){_BOLD}\s*(?:\[(?P<a>{_TIME})\]|\((?P<b>{_TIME})\)){_BOLD}(?::{_BOLD}\s*(?P<text>.*)|\s*)")
_OTTER = re.compile(rf"(?P<name>{_NAME}?)(?:  |\t)\s*(?P<time>{_TIME})\s*")  # 2+ spaces or a tab
_SKIP = re.compile(r"\s*(?:#{1,6}(?:\s.*)?|([-*_])(?:\s*\1){2,})\s*")
_CUE_TIMING = re.compile(r"\s*(?P<start>[\d:.,]+)\s*-->\s*(?P<end>[\d:.,]+)(?:\s|$)")
_VOICE = re.compile(r"<v(?:\.[^\s<>.]+)*\s+(?P<name>[^<>]+)>")
_TAG = re.compile(r"<[^<>]*>|\{\\[^{}]*\}")
_LINE_BREAKS = re.compile(r"\r\n?")


@dataclass(frozen=True)
class Turn:
    turn: int            # 1-based within the file
    speaker: str
    text: str            # continuation lines joined with a single space; whitespace normalised
    start: float | None  # seconds from the start of the recording, where the format gives it
    line: int            # 1-based line where the turn starts (docx: 1-based paragraph number)


@dataclass(frozen=True)
class Transcript:
    path: str            # as shown in messages (relative to the study folder), e.g. "interviews/P01.txt"
    front_matter: dict   # YAML front matter (.txt/.md) as parsed, e.g. participant, date, language; {} if none
    turns: tuple[Turn, ...]


@dataclass(frozen=True)
class _Piece:
    """One line's contribution: a turn start ("timed" or "plain" label) or continuation text."""

    line: int
    kind: str                 # "timed" | "plain" | "text"
    text: str                 # the text after the label (or the whole line for "text")
    name: str = ""
    start: float | None = None
    whole: str = ""           # the full line, kept when a plain label turns out not to be a speaker


def parse_transcript(path: Path, shown_as: str, known_speakers: Iterable[str] = ()) -> Transcript:
    """Read one transcript file; raise InputError naming ``shown_as`` (and the line) for bad input.

    ``known_speakers`` are names the study already knows (interviewers, the participant's name):
    a label with one of them always starts a turn, even when it occurs only once in the file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TRANSCRIPT_SUFFIXES:
        hint = did_you_mean(suffix, TRANSCRIPT_SUFFIXES)
        raise InputError(Problem(shown_as, f"unsupported transcript type '{suffix or path.name}'"
                                 + (hint if "did you mean" in hint else "")
                                 + "; supported: " + ", ".join(TRANSCRIPT_SUFFIXES)))
    front: dict = {}
    if suffix == ".docx":
        lines = _docx_lines(path, shown_as)
        pieces, merge, none_found = _text_pieces(lines), False, NO_TURNS
    else:
        lines = _numbered_lines(_read_text(path, shown_as))
        if suffix in (".txt", ".md"):
            front, lines = _front_matter(lines, shown_as)
            pieces, merge, none_found = _text_pieces(lines), False, NO_TURNS
        else:
            pieces = _cue_pieces(lines, shown_as, vtt=suffix == ".vtt")
            merge = True
            none_found = ("no speaker turns found; expected cues with a '<v Name>' voice tag or a 'Name: ' prefix"
                          if suffix == ".vtt" else "no speaker turns found; expected cue text starting 'Name: '")
    turns = _resolve(pieces, merge, {name.strip().casefold() for name in known_speakers if name and name.strip()})
    if not turns:
        raise InputError(Problem(shown_as, none_found))
    return Transcript(path=shown_as, front_matter=front, turns=turns)


# ----------------------------------------------------------------------------- reading files

def _read_text(path: Path, shown_as: str) -> str:
    """Decode UTF-8 (a BOM is dropped); a non-UTF-8 file names the first bad byte and its line."""
    data = _read_bytes(path, shown_as)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(Problem(shown_as, "the file is UTF-16 text; re-save it as UTF-8", line=1))
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        line = len(_LINE_BREAKS.sub("\n", data[:offset].decode("latin-1")).split("\n"))
        raise InputError(Problem(shown_as, f"not UTF-8 text: byte {offset} (0x{data[offset]:02x}) cannot be "
                                           "read; re-save the file as UTF-8", line=line)) from None


def _read_bytes(path: Path, shown_as: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(Problem(shown_as, "file not found")) from None
    except OSError as exc:
        raise InputError(Problem(shown_as, f"cannot read the file ({exc.strerror or exc})")) from None


def _numbered_lines(text: str) -> list[tuple[int, str]]:
    """Split on LF, CRLF or CR; number lines from 1."""
    return list(enumerate(_LINE_BREAKS.sub("\n", text).split("\n"), start=1))


def _docx_lines(path: Path, shown_as: str) -> list[tuple[int, str]]:
    """Body paragraphs of a .docx, numbered from 1; a soft line break splits a paragraph into lines."""
    import docx  # python-docx; imported here so text-only studies do not pay for lxml

    if not path.is_file():
        raise InputError(Problem(shown_as, "file not found"))
    try:
        paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    except Exception as exc:  # python-docx raises PackageNotFoundError, KeyError, ValueError, lxml errors...
        raise InputError(Problem(shown_as, f"not a readable .docx file ({type(exc).__name__}); re-save it "
                                           "from Word as .docx")) from None
    return [(number, part) for number, text in enumerate(paragraphs, start=1)
            for part in _LINE_BREAKS.sub("\n", text).split("\n")]


def _front_matter(lines: list[tuple[int, str]], shown_as: str) -> tuple[dict, list[tuple[int, str]]]:
    """Split YAML front matter (between '---' lines at the very top) from the body."""
    if not lines or lines[0][1].strip() != "---":
        return {}, lines
    end = next((i for i, (_, text) in enumerate(lines[1:], start=1) if text.strip() in ("---", "...")), None)
    if end is None:
        raise InputError(Problem(shown_as, "front matter opened with '---' is never closed; add a '---' line "
                                           "after it", line=1))
    try:
        data = yaml.safe_load("\n".join(text for _, text in lines[1:end]))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the opening '---' line
        raise InputError(Problem(shown_as, f"invalid YAML in front matter: {exc.problem or exc.context}",
                                 line=where)) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(shown_as, f"invalid YAML in front matter: {exc}", line=1)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(Problem(shown_as, "front matter must be 'key: value' lines (participant, date, "
                                           "language)", line=2))
    return {str(key): value for key, value in data.items()}, lines[end + 1:]


# ----------------------------------------------------------------------------- recognising turns

def _seconds(stamp: str) -> float:
    """'1:02:03' -> 3723.0, '12:03' -> 723.0, '00:12:03.5' -> 723.5."""
    whole, _, fraction = stamp.replace(",", ".").partition(".")
    total = 0
    for part in whole.split(":"):
        total = total * 60 + int(part)
    return total + (float("0." + fraction) if fraction else 0.0)


def _speaker(name: str | None) -> str | None:
    """The normalised name if it is a valid speaker label (see the module docstring), else None."""
    if not name:
        return None
    name = " ".join(name.split())
    if len(name) > MAX_LABEL_CHARS or len(name.split()) > MAX_LABEL_WORDS or not (name[-1].isalnum() or name[-1] == "."):
        return None
    return name


def _classify(line: int, text: str) -> _Piece | None:
    """What one line of a .txt/.md/.docx transcript is; None for lines that are not content."""
    if not text.strip() or _SKIP.fullmatch(text):
        return None
    body = text.strip()
    otter = _OTTER.fullmatch(body)
    if otter and _speaker(otter["name"]):
        return _Piece(line, "timed", "", _speaker(otter["name"]), _seconds(otter["time"]), body)
    stamped = _STAMP_FIRST.fullmatch(body)
    if stamped:
        label = _LABEL.fullmatch(stamped["rest"])
        if label and _speaker(label["name"]):
            return _Piece(line, "timed", label["text"] or "", _speaker(label["name"]),
                          _seconds(stamped["a"] or stamped["b"]), body)
        return _Piece(line, "text", stamped["rest"])  # a time with no speaker: continuation text
    named = _NAME_THEN_STAMP.fullmatch(body)
    if named and _speaker(named["name"]):
        kind = "plain" if named["text"] is None else "timed"  # no colon: could be prose ending "at (10:30)"
        return _Piece(line, kind, named["text"] or "", _speaker(named["name"]), _seconds(named["a"] or named["b"]), body)
    return _plain(line, body)


def _plain(line: int, body: str, start: float | None = None) -> _Piece:
    """A 'Name: text' line as a plain label, or else continuation text."""
    label = _LABEL.fullmatch(body)
    if label and _speaker(label["name"]):
        return _Piece(line, "plain", label["text"] or "", _speaker(label["name"]), start, body)
    return _Piece(line, "text", body, start=start)


def _text_pieces(lines: list[tuple[int, str]]) -> list[_Piece]:
    return [piece for line, text in lines if (piece := _classify(line, text)) is not None]


def _resolve(pieces: list[_Piece], merge_same_speaker: bool, hints: set[str] = frozenset()) -> tuple[Turn, ...]:
    """Apply the known-speaker rule (module docstring) and build numbered turns."""
    counts = Counter(p.name for p in pieces if p.kind in ("timed", "plain"))
    known = {name for name, n in counts.items() if n >= KNOWN_SPEAKER_MIN_LINES or name.casefold() in hints}
    timed = {p.name for p in pieces if p.kind == "timed"}
    known |= timed
    drafts: list[list] = []  # [speaker, [texts], start, line]
    previous_started = False
    for piece in pieces:
        starts = piece.kind == "timed" or (piece.kind == "plain" and (
            piece.name in known or (not timed and (not known or previous_started))))
        if starts and merge_same_speaker and drafts and drafts[-1][0] == piece.name:
            drafts[-1][1].append(piece.text)
        elif starts:
            drafts.append([piece.name, [piece.text], piece.start, piece.line])
        elif drafts:
            drafts[-1][1].append(piece.whole if piece.kind == "plain" else piece.text)
        previous_started = starts
    texts = [(speaker, " ".join(" ".join(parts).split()), start, line) for speaker, parts, start, line in drafts]
    return tuple(Turn(turn=number, speaker=speaker, text=text, start=start, line=line)
                 for number, (speaker, text, start, line) in enumerate((t for t in texts if t[1]), start=1))


# ----------------------------------------------------------------------------- subtitles: .vtt, .srt

def _blocks(lines: list[tuple[int, str]]):
    """Blank-line separated blocks; a '-->' line that cannot be this block's timing starts a new one."""
    block: list[tuple[int, str]] = []
    for line, text in lines:
        if not text.strip():
            if block:
                yield block
            block = []
            continue
        if block and "-->" in text and (len(block) > 1 or "-->" in block[0][1]):
            yield block
            block = []
        block.append((line, text))
    if block:
        yield block


def _cue_time(stamp: str, line: int, shown_as: str) -> float:
    value = stamp.replace(",", ".")
    try:
        return Timestamp.from_string(value if "." in value else value + ".000").in_milliseconds() / 1000
    except MalformedCaptionError:
        raise InputError(Problem(shown_as, f"cue time '{stamp}' is not a time; expected HH:MM:SS.mmm "
                                           "like '00:01:02.500'", line=line)) from None


def _cue_pieces(lines: list[tuple[int, str]], shown_as: str, vtt: bool) -> list[_Piece]:
    """Every cue's speaker pieces, in order; raises for a file that is not WebVTT / has no cues."""
    if vtt and not lines[0][1].lstrip("\ufeff").startswith("WEBVTT"):
        raise InputError(Problem(shown_as, "not a WebVTT file: the first line must be 'WEBVTT'", line=1))
    if vtt:  # skip the 'WEBVTT' line and the header's metadata lines up to a blank line or a cue
        header = next((i for i, (_, text) in enumerate(lines) if i and (not text.strip() or "-->" in text)),
                      len(lines))
        lines = lines[header:]
    pieces: list[_Piece] = []
    cues = 0
    for block in _blocks(lines):
        if vtt and block[0][1].split(maxsplit=1)[0] in ("NOTE", "STYLE", "REGION"):
            continue  # comments, style sheets and regions carry no speech
        at = 0 if "-->" in block[0][1] else 1 if len(block) > 1 and "-->" in block[1][1] else None
        if at is None:
            if cues:  # a blank line inside a cue: keep its text rather than lose it
                pieces += _payload_pieces(block, None, vtt)
            continue
        timing = _CUE_TIMING.match(block[at][1])
        if not timing:
            raise InputError(Problem(shown_as, "cue timing not understood; expected 'start --> end' like "
                                     + ("'00:01:02.500 --> 00:01:05.000'" if vtt else "'00:01:02,500 --> 00:01:05,000'"),
                                     line=block[at][0]))
        start = _cue_time(timing["start"], block[at][0], shown_as)
        _cue_time(timing["end"], block[at][0], shown_as)
        cues += 1
        cue = _payload_pieces(block[at + 1:], start, vtt)
        if cue:  # the turn a cue opens starts at the cue's first line (its identifier, if any)
            cue[0] = _Piece(block[0][0], cue[0].kind, cue[0].text, cue[0].name, start, cue[0].whole)
        pieces += cue
    if not cues:
        example = "00:00:01.000 --> 00:00:04.000" if vtt else "00:00:01,000 --> 00:00:04,000"
        raise InputError(Problem(shown_as, f"no cues found; expected cue timings like '{example}'"))
    return pieces


def _payload_pieces(payload: list[tuple[int, str]], start: float | None, vtt: bool) -> list[_Piece]:
    """Split cue text at voice tags (.vtt) or 'Name: ' prefixes; other text continues."""
    pieces: list[_Piece] = []
    for line, raw in payload:
        voices = list(_VOICE.finditer(raw)) if vtt else []
        if not voices:
            text = _clean(raw)
            if text:
                pieces.append(_plain(line, text, start))
            continue
        before = _clean(raw[:voices[0].start()])
        if before:
            pieces.append(_Piece(line, "text", before, start=start))
        for i, voice in enumerate(voices):
            end = voices[i + 1].start() if i + 1 < len(voices) else len(raw)
            name = " ".join(_clean(voice["name"]).split())
            if name:
                pieces.append(_Piece(line, "timed", _clean(raw[voice.end():end]), name, start))
    return pieces


def _clean(text: str) -> str:
    """Drop markup tags and decode entities (&amp; -> &)."""
    return html.unescape(_TAG.sub("", text)).strip()


def is_empty_transcript(path: Path) -> bool:
    """True for a transcript with no text at all: a 0-byte or blank file, a WebVTT file with only its
    header, a .docx whose paragraphs are all blank. (A file with text but no speaker turns is not
    empty: it is a format problem, an error.)"""
    try:
        if path.suffix.lower() == ".docx":
            lines = _docx_lines(path, path.name)
            return not any(text.strip() for _, text in lines)
        data = path.read_bytes()
    except (InputError, OSError):
        return False
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff").strip()
    if path.suffix.lower() == ".vtt" and text.startswith("WEBVTT"):
        text = text.split("\n", 1)[1].strip() if "\n" in text else ""
    return not text
