"""The numbers a report prints, section by section, and the pinned CSV tables of a run.

Visible text only (no <script>/<style>, no embedded images); a section starts at each <h1>/<h2>/<h3>.
Run as a script to pin a run's output: ``python tests/golden/report_numbers.py <reports>/<study>``.
"""
from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
PINNED = HERE / "demo-shop"
# Signed or unsigned numbers with thousands separators, decimals and an optional % sign.
NUMBER = re.compile(r"(?<![\w.])[-+−]?\d[\d,]*(?:\.\d+)?%?")
PAGES = ("{persona}.html", "comparison.html")
SKIP = {"script", "style", "head", "title"}
# Issue 12: headlines now show the words of the quote they cite, in <span class="wb-said">. That is a
# customer's verbatim text (digits in it are what they said, e.g. "3 days"), not a number the report
# computes, and the same quotes are already counted where the evidence prints them in full; so those
# spans are left out and the pinned numbers stay comparable.
SAID_CLASS = "wb-said"

# Not pinned: risk.csv's user ids are keyed pseudonyms whose key is made once per machine
# ($WORKBENCH_CACHE/keys/), so they differ between machines by design (tests/waves checks the table).
UNPINNED_TABLES = {"risk"}


class _Sections(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections: list[tuple[str, list[str]]] = [("(top)", [])]
        self.skip = 0
        self.heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "span" and SAID_CLASS in (dict(attrs).get("class") or "").split():
            self.said = True          # a said span holds escaped text only, no nested tags
            self.skip += 1
        elif tag in SKIP:
            self.skip += 1
        elif tag in ("h1", "h2", "h3"):
            self.heading = []

    def handle_endtag(self, tag):
        if tag == "span" and getattr(self, "said", False):
            self.said = False
            self.skip = max(0, self.skip - 1)
        elif tag in SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("h1", "h2", "h3") and self.heading is not None:
            self.sections.append((" ".join("".join(self.heading).split()), []))
            self.heading = None

    def handle_data(self, data):
        if self.skip:
            return
        if self.heading is not None:
            self.heading.append(data)
        self.sections[-1][1].append(data)


def page_numbers(html_text: str) -> dict[str, list[str]]:
    """Section title -> sorted numeric tokens of its visible text (titles repeated get #2, #3...)."""
    parser = _Sections()
    parser.feed(html_text)
    out: dict[str, list[str]] = {}
    for title, parts in parser.sections:
        key, k = title, 1
        while key in out:
            k += 1
            key = f"{title} #{k}"
        tokens = NUMBER.findall(" ".join(parts))
        out[key] = sorted(t.replace("−", "-") for t in tokens)
    return out


def run_numbers(folder: Path) -> dict[str, dict[str, list[str]]]:
    """Every persona page and the comparison page of a published run folder."""
    pages = {}
    for path in sorted(folder.glob("*.html")):
        if path.name == "index.html":   # the index shows the run's time; its numbers are elsewhere
            continue
        pages[path.name] = page_numbers(path.read_text(encoding="utf-8"))
    return pages


def run_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """``<persona>/<table>`` -> the CSV as read back (strings, so nothing is re-formatted)."""
    tables = {}
    for path in sorted((folder / "data").glob("*/*.csv")):
        if path.stem in UNPINNED_TABLES:
            continue
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        except pd.errors.EmptyDataError:
            frame = pd.DataFrame()
        tables[f"{path.parent.name}/{path.stem}"] = frame
    return tables


def pin(folder: Path) -> None:
    PINNED.mkdir(exist_ok=True)
    (PINNED / "numbers.json").write_text(json.dumps(run_numbers(folder), indent=1, ensure_ascii=False),
                                        encoding="utf-8")
    for key, frame in run_tables(folder).items():
        target = PINNED / "data" / f"{key}.csv.gz"
        target.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(target, "wt", encoding="utf-8", compresslevel=9) as handle:
            frame.to_csv(handle, index=False)
        # gzip stores the time; strip it so re-pinning the same numbers changes no bytes
        data = bytearray(target.read_bytes())
        data[4:8] = b"\0\0\0\0"
        target.write_bytes(bytes(data))


def pinned_tables() -> dict[str, pd.DataFrame]:
    tables = {}
    for path in sorted((PINNED / "data").glob("*/*.csv.gz")):
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        except pd.errors.EmptyDataError:
            frame = pd.DataFrame()
        tables[f"{path.parent.name}/{path.name[:-len('.csv.gz')]}"] = frame
    return tables


def _value(token: str) -> str:
    """A token's number without its % sign. The one formatter (workbench/formats.py) writes a
    percentage interval as ``10.1–14.2%`` where some chapters wrote ``10.1%–14.2%`` or
    ``10.1 to 14.2``: the same numbers, the % sign in another place."""
    return token[:-1] if token.endswith("%") else token


def differences(before: dict[str, list[str]], after: dict[str, list[str]]) -> dict[str, dict]:
    """Per section: the numbers only before and only after (multisets, % signs ignored)."""
    diff = {}
    for key in sorted(set(before) | set(after)):
        b = Counter(map(_value, before.get(key, [])))
        a = Counter(map(_value, after.get(key, [])))
        if b != a:
            diff[key] = {"only_before": sorted((b - a).elements()), "only_after": sorted((a - b).elements())}
    return diff


if __name__ == "__main__":
    pin(Path(sys.argv[1]))
