"""How numbers are written: one module, one missing-value sign, one interval style per kind."""
from __future__ import annotations

import math

import pytest

from workbench.formats import MISSING, count, interval, measure, number, pct, q_text, rate


def test_missing_values_read_the_same_everywhere():
    for text in (pct(None), number(math.nan), count("x"), rate(math.nan, 0.1, 0.2), measure(None)):
        assert text == MISSING == "–"
    assert interval(math.nan, 0.2) == "no interval" and q_text(None) == "q not known"


def test_rates_and_intervals():
    assert rate(0.123, 0.101, 0.142) == "12.3% (10.1–14.2%)"
    assert rate(0.5, math.nan, 0.6, 0) == "50%"
    assert interval(0.10, 0.14) == "10–14%"
    assert interval(0.101, 0.104) == "10.1–10.4%"          # a narrow interval shows its width
    assert interval(-0.12, 0.3, percent=False, signed=True) == "-0.12 to +0.30"
    assert interval(1.25, 3.5, percent=False, decimals=1) == "1.2 to 3.5"


def test_numbers_counts_and_measures():
    assert number(0.1234, signed=True) == "+0.12" and number(1234.5, 0, thousands=True) == "1,234"
    assert count(12345.0) == "12,345" and pct(0.1234, 1) == "12.3%"
    assert measure(-0.321) == "-0.32" and measure(12.34) == "12.3" and measure(0.456) == "0.456"
    assert q_text(0.0004) == "q < 0.001" and q_text(0.0123) == "q = 0.012"


@pytest.mark.parametrize("phrase, shown", [
    ("ค่าส่ง แพง", "ค่าส่งแพง"),            # Thai tokens are written together
    ("配送费 太贵", "配送费太贵"),             # so are Chinese ones
    ("app 很慢", "app 很慢"),                # a space beside a Latin word stays
    ("ongkir mahal", "ongkir mahal"),
    ("ค่าส่ง แพง มาก app", "ค่าส่งแพงมาก app"),
])
def test_phrases_of_unspaced_scripts_are_shown_without_the_index_spaces(phrase, shown):
    from workbench.formats import phrase_text
    assert phrase_text(phrase) == shown
