import re

import pytest

from workbench.voc.rules import dispatch, read_tsv
from workbench.voc.sentiment import SentimentTagger

TEXTS = ["i waited 40 minutes on hold and nobody answered", "no problems, couldn't be easier",
         "don't waste your money, it stopped working", "i'll buy again, worth every penny",
         "the queue was very long; took 2 days to ship", "like 45 minutes of customer support",
         "nothing here", "the box was 3x bigger than the item, so much plastic", "not as described, way too big", ""]


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


# ----- rules for ms, id, th, zh (valence sums before the model) -----------------------------------
from workbench.voc.langguess import detect  # noqa: E402
from workbench.voc.polarity_rules import RuleScorer  # noqa: E402

RULES = {code: RuleScorer(code) for code in ("ms", "id", "th", "zh")}


@pytest.mark.parametrize("code, plain, intensified", [
    ("id", "bagus", "sangat bagus"), ("id", "lambat", "lambat banget"), ("ms", "lambat", "lambat gila"),
    ("ms", "sedap", "sedap sangat"), ("th", "อร่อย", "อร่อยมาก"), ("th", "ช้า", "โคตรช้า"),
    ("zh", "慢", "太慢"), ("zh", "好吃", "非常好吃"), ("zh", "贵", "好贵"),
])
def test_intensifiers_strengthen(code, plain, intensified):
    base, strong = RULES[code].total(plain), RULES[code].total(intensified)
    assert abs(strong) > abs(base) > 0 and strong * base > 0


@pytest.mark.parametrize("code, text", [
    ("id", "enak tapi mahal"), ("ms", "sedap tapi mahal"), ("th", "อร่อยแต่แพง"), ("zh", "好吃但是贵"),
])
def test_contrast_weighs_the_clause_after(code, text):
    assert RULES[code].total(text) < 0


@pytest.mark.parametrize("code, text", [
    ("id", "enak"), ("ms", "sedap"), ("th", "อร่อย"), ("zh", "好吃"),
])
def test_negation_reverses(code, text):
    negator = {"id": "tidak ", "ms": "tak ", "th": "ไม่", "zh": "不"}[code]
    assert RULES[code].total(text) > 0 > RULES[code].total(negator + text)


@pytest.mark.parametrize("code, question", [
    ("id", "kenapa lama banget?"), ("ms", "kenapa lama sangat?"), ("th", "ทำไมช้าจัง"), ("zh", "为什么这么慢"),
    ("id", "kok bagus sih?"),  # rhetorical: the praise inside a complaint question does not count
])
def test_complaint_questions(code, question):
    assert RULES[code].total(question) < -1.5


@pytest.mark.parametrize("code, text", [
    ("ms", "service slow gila"), ("id", "drivernya friendly banget"), ("zh", "这个 app 很 good"),
])
def test_english_words_inside_other_languages_keep_their_sentiment(code, text):
    from workbench.voc.multilingual import scorer_for
    assert scorer_for(code).rules.total(text) != 0


@pytest.mark.parametrize("text, code", [
    ("The delivery was late", "en"), ("checkout ok tapi ongkir mahal", "id"), ("makanannya enak banget", "id"),
    ("delivery cepat gila, best!", "ms"), ("tak sedap langsung", "ms"), ("ทำไมช้าจัง", "th"),
    ("这个 app 的客服太慢", "zh"), ("", "en"), ("ok", "en"),
])
def test_detect(text, code):
    assert detect(text) == code
