import re

import pytest

from workbench.voc.rules import dispatch, read_tsv
from workbench.voc.sentiment import SentimentTagger

TEXTS = ["i waited 40 minutes on hold and nobody answered", "no problems, couldn't be easier",
         "don't waste your money, it stopped working", "i'll buy again, worth every penny",
         "the queue was very long; took 2 days to ship", "like 45 minutes of customer support",
         "nothing here", ""]


@pytest.mark.parametrize("text", TEXTS)
def test_dispatch_finds_what_one_big_alternation_finds(text):
    groups = [f"(?P<p{i}>{rx.strip()})" for i, (_k, _v, rx) in enumerate(read_tsv("customer_patterns.tsv", 3))]
    big = re.compile(r"\b(?:" + "|".join(groups) + r")\b")
    tagger = SentimentTagger()
    expected = [(m.start(), m.end(), m.lastgroup) for m in big.finditer(text)]
    assert [(m.start(), m.end(), m.lastgroup) for m in tagger._find(text)] == expected


def test_dispatch_keys_are_first_characters():
    table = dispatch([r"(?P<a>foo|bar)", r"(?P<b>\d+ days)"])
    assert table["f"].match("foo") and table["b"].match("bar") and table["7"].match("7 days")
    assert "z" not in table or not table["z"].match("zoo")
