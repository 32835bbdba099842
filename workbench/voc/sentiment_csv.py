"""``workbench sentiment FILE.csv``: score one column of a CSV with the multilingual tagger."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..exceptions import InputError, Problem, did_you_mean
from .langguess import detect
from .multilingual import LANGUAGES
from .sentiment import SentimentTagger


def score_csv(path: Path | str, column: str, tagger: SentimentTagger | None = None,
              language: str = "auto") -> pd.DataFrame:
    """Read a CSV and return it with ``language``, ``compound`` and ``label`` appended (a new DataFrame).

    ``language``: en, ms, id, th, zh for every row, or "auto" (the default) to detect each row's.

    Raises InputError naming the file when it cannot be read, and naming the file and listing the
    columns when ``column`` is missing.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(Problem(str(path), "no such file"))
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise InputError(Problem(str(path), f"cannot read as a UTF-8 CSV: {err}")) from None
    if column not in frame.columns:
        raise InputError(Problem(str(path), f"no column '{column}'" + did_you_mean(column, frame.columns)
                                 + f"; columns are: {', '.join(map(str, frame.columns))}", column=column))
    code = str(language).strip().lower()
    if code not in ("auto", "en") + LANGUAGES:
        raise InputError(Problem(str(path), f"language '{language}' is not supported; use auto, en, "
                                 + ", ".join(LANGUAGES)))
    texts = frame[column].tolist()
    codes = [detect(t) for t in texts] if code == "auto" else [code] * len(texts)
    scored = (tagger or SentimentTagger()).score(texts, codes)
    out = frame.copy()
    out["language"] = codes
    out["compound"] = scored["compound"].to_numpy()
    out["label"] = scored["label"].to_numpy()
    return out
