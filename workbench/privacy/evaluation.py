"""Score redaction on a labelled set (``tests/privacy/pii_eval.tsv``): recall and precision per type.

The set's lines are ``id<TAB>language<TAB>text`` with personal data marked ``[[TYPE|text]]``; header
lines ``#@participants``, ``#@interviewers`` and ``#@names`` give the study context (who the study
knows). Scoring, per type:

* recall: a marked span is found when every letter and digit of it lies inside a redacted span of
  the same type (a partly redacted address is a miss);
* precision: a redacted span is right when it overlaps a marked span of the same type;
* leak rate: marked spans with any letter or digit left unredacted by a span of any type.

Participant, interviewer and other names all count as NAME. Rates carry n and a 95% Wilson interval.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..stats import wilson
from .names import INTERVIEWER, NAME, PARTICIPANT, build_name_book, learn_names
from .redactor import Redactor

MARK = re.compile(r"\[\[(?P<type>[A-Z]+)\|(?P<text>.*?)\]\]")
EVAL_TYPES = ("EMAIL", "PHONE", "CARD", "ID", "ADDRESS", "URL", "NAME")
STRUCTURED_TYPES = ("EMAIL", "PHONE", "CARD", "ID")
# The targets: recall >= 0.98 for structured types, precision >= 0.95.
RECALL_TARGET = 0.98
PRECISION_TARGET = 0.95
_TYPE_OF = {PARTICIPANT: "NAME", INTERVIEWER: "NAME", NAME: "NAME"}


@dataclass(frozen=True)
class Sentence:
    id: str
    language: str
    text: str
    spans: tuple[tuple[int, int, str], ...]  # (start, end, TYPE) in ``text``


@dataclass(frozen=True)
class EvalSet:
    sentences: tuple[Sentence, ...]
    participants: tuple[tuple[str, str], ...]
    interviewers: tuple[str, ...]
    names: tuple[str, ...]


def parse_marked(line_text: str) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """``"call [[PHONE|012-345 6789]]"`` -> ``("call 012-345 6789", ((5, 17, "PHONE"),))``."""
    out, spans, last = [], [], 0
    for m in MARK.finditer(line_text):
        out.append(line_text[last:m.start()])
        start = sum(len(p) for p in out)
        out.append(m["text"])
        spans.append((start, start + len(m["text"]), m["type"]))
        last = m.end()
    out.append(line_text[last:])
    return "".join(out), tuple(spans)


def read_eval_set(path: Path) -> EvalSet:
    sentences, context = [], {"participants": "", "interviewers": "", "names": ""}
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if raw.startswith("#@"):
            key, _, value = raw[2:].partition("\t")
            context[key.strip()] = value
            continue
        if not raw.strip() or raw.startswith("#"):
            continue
        fields = raw.split("\t")
        if len(fields) != 3:
            raise ValueError(f"{path}:{number}: expected id<TAB>language<TAB>text, got {len(fields)} fields")
        text, spans = parse_marked(fields[2])
        unknown = [t for _, _, t in spans if t not in EVAL_TYPES]
        if unknown or "[[" in text:
            raise ValueError(f"{path}:{number}: bad mark {unknown or text!r}; types are {', '.join(EVAL_TYPES)}")
        sentences.append(Sentence(fields[0], fields[1], text, spans))
    split = lambda value: tuple(v.strip() for v in value.split(";") if v.strip())  # noqa: E731
    participants = tuple(tuple(p.split("=", 1)) for p in split(context["participants"]))
    return EvalSet(tuple(sentences), participants, split(context["interviewers"]), split(context["names"]))


def redactor_for(data: EvalSet) -> Redactor:
    """The redactor a study with this context would build: known names plus names learned from the text."""
    learned = learn_names(s.text for s in data.sentences)
    return Redactor(build_name_book(data.participants, data.interviewers, [*data.names, *learned]))


def _covered(text: str, start: int, end: int, spans) -> bool:
    return all(any(s <= i < e for s, e in spans) for i in range(start, end) if text[i].isalnum())


def score(data: EvalSet, redactor: Redactor | None = None) -> pd.DataFrame:
    """One row per type (and ``structured``, ``all``): n, found, recall with its interval, predicted,
    correct, precision with its interval, leaked."""
    redactor = redactor or redactor_for(data)
    rows = {t: dict(n=0, found=0, leaked=0, predicted=0, correct=0) for t in EVAL_TYPES}
    for sentence in data.sentences:
        predicted = [(s.start, s.end, _TYPE_OF.get(s.type, s.type.upper())) for s in redactor.find(sentence.text)]
        for start, end, kind in sentence.spans:
            row = rows[kind]
            row["n"] += 1
            row["found"] += _covered(sentence.text, start, end, [(s, e) for s, e, t in predicted if t == kind])
            row["leaked"] += not _covered(sentence.text, start, end, [(s, e) for s, e, _ in predicted])
        for start, end, kind in predicted:
            rows[kind]["predicted"] += 1
            rows[kind]["correct"] += any(t == kind and s < end and start < e for s, e, t in sentence.spans)
    table = pd.DataFrame([{"type": t, **v} for t, v in rows.items()])
    groups = {"structured": table[table["type"].isin(STRUCTURED_TYPES)], "all": table}
    extra = [{"type": name, **part.drop(columns="type").sum().to_dict()} for name, part in groups.items()]
    table = pd.concat([table, pd.DataFrame(extra)], ignore_index=True)
    for col in ("n", "found", "leaked", "predicted", "correct"):
        table[col] = table[col].astype(int)
    table["recall"] = table["found"] / table["n"].where(table["n"] > 0)
    table["precision"] = table["correct"] / table["predicted"].where(table["predicted"] > 0)
    table[["recall_low", "recall_high"]] = [wilson(f, n) if n else (float("nan"),) * 2
                                            for f, n in zip(table["found"], table["n"])]
    table[["precision_low", "precision_high"]] = [wilson(c, p) if p else (float("nan"),) * 2
                                                  for c, p in zip(table["correct"], table["predicted"])]
    return table[["type", "n", "found", "recall", "recall_low", "recall_high", "predicted", "correct",
                  "precision", "precision_low", "precision_high", "leaked"]]


def misses(data: EvalSet, redactor: Redactor | None = None) -> list[str]:
    """Readable lines for every missed span and every wrong redaction (for tuning and test failures)."""
    redactor = redactor or redactor_for(data)
    out = []
    for sentence in data.sentences:
        predicted = [(s.start, s.end, _TYPE_OF.get(s.type, s.type.upper())) for s in redactor.find(sentence.text)]
        for start, end, kind in sentence.spans:
            if not _covered(sentence.text, start, end, [(s, e) for s, e, t in predicted if t == kind]):
                out.append(f"{sentence.id}: missed {kind} {sentence.text[start:end]!r}")
        for start, end, kind in predicted:
            if not any(t == kind and s < end and start < e for s, e, t in sentence.spans):
                out.append(f"{sentence.id}: wrongly {kind} {sentence.text[start:end]!r}")
    return out
