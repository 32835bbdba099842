"""The label rule set (workbench/themes/quality.py): labels a researcher would sign and labels they would
not, in every supported language, with the rule that rejects each. Thai and Chinese are given as the
segmenter's tokens, so the table does not depend on the segmenter's version."""
import pytest

from workbench.themes import vocabulary_for
from workbench.themes.label import label_span
from workbench.themes.quality import label_problem, names_duration

# (language, tokens as the segmenter or the space cut them, the rule that rejects it or None)
TABLE = [
    # signed: an event or object with its specifics
    ("en", "waited 40 minutes in the chat queue", None),
    ("en", "shipping fee only shown at the end", None),
    ("en", "plastic packaging waste", None),
    ("en", "waited another 40 min", None),
    ("en", "delivered in 2 days", None),
    ("ms", "tunggu lama sangat baru masuk", None),
    ("id", "drivernya ikutin catatan", None),
    ("id", "ongkos kirim pas jam makan siang", None),
    ("th", "ไม่ต้อง|พก|เงินสด", None),
    ("zh", "下雨天|配送费|直接|翻倍", None),
    # a single generic token, in any language
    ("en", "post", "a single word"),
    ("en", "sign", "a single word"),
    ("en", "don't touch", "a single word"),
    ("th", "โทร", "a single word"),
    ("zh", "退款", "a single word"),
    # discourse fragments and broad words only
    ("en", "app says", "function word at an edge"),
    ("en", "app service", "no specific word"),
    ("en", "nothing stopped", "function word at an edge"),
    ("en", "few taps", "function word at an edge"),
    ("th", "โอเค", "function word at an edge"),
    ("en", "online shopping", "no specific word"),
    # opening or closing on a function word, a discourse word or an intensifier
    ("en", "sometimes more than the food", "function word at an edge"),
    ("en", "next day and waited another", "function word at an edge"),
    ("ms", "lama sangat", "function word at an edge"),
    ("id", "refund lama banget", "function word at an edge"),
    ("id", "kirim pas jam makan siang gila sih", "function word at an edge"),
    ("zh", "运费|很", "function word at an edge"),
    # two things joined
    ("en", "next day and waited another 40 min", "two things joined"),
    ("en", "points add up fast and i redeem", "two things joined"),
    ("id", "drivernya ramah dan makanan aman", "two things joined"),
    ("zh", "运费|贵|而且|配送|慢", "two things joined"),
    # mostly numbers
    ("en", "2km also rm6", "mostly numbers"),
    ("en", "fifteen ringgit", "mostly numbers"),
    ("en", "half an hour", "mostly numbers"),
    ("en", "35 min", "mostly numbers"),
    ("id", "15rb", "mostly numbers"),
    ("zh", "两公里|就要|六块", "mostly numbers"),
    # too long to be a label: a quote
    ("en", "tried again the next day and waited another 40 min", "too long"),
    ("zh", "骑手|有|照|我的|备注|放|门口|还|打|了|电话|给|我", "too long"),
]


def _tokens(language, text):
    return text.split("|") if language in ("th", "zh") else text.split(" ")


@pytest.mark.parametrize("language, text, problem", TABLE, ids=[f"{c[0]}:{c[1]}" for c in TABLE])
def test_label_rules(language, text, problem):
    assert label_problem(_tokens(language, text), vocabulary_for(language)) == problem


@pytest.mark.parametrize("language, text, duration", [
    ("en", "half an hour", True), ("en", "waited another 40 min", True), ("en", "40 mins", True),
    ("ms", "tunggu dua minggu", True), ("th", "รอ|เป็น|อาทิตย์", True), ("zh", "等|了|四十分钟", True),
    ("en", "plastic bag", False), ("en", "shipping rm8", False), ("zh", "两公里|就要|六块", False)])
def test_durations(language, text, duration):
    assert names_duration(_tokens(language, text), vocabulary_for(language)) is duration


def test_a_fuller_span_replaces_a_bare_word():
    # "sign" alone was a demo-shop label; the span several people said around it is preferred
    texts = ["sign up bonus never came", "the sign up bonus never came", "sign up bonus never came lah",
             "sign", "sign", "sign"]
    vocab = vocabulary_for("en", evaluative=set())
    _, label = label_span(texts, list("abcdef"), ("sign",), vocab)
    assert label == "sign up bonus never came"


def test_a_label_of_numbers_gives_way_to_what_happened():
    texts = ["2km also rm6", "2km also rm6 lah", "delivery charge keep going up, 2km also rm6",
             "delivery charge keep going up", "delivery charge keep going up again"]
    vocab = vocabulary_for("en", evaluative=set())
    key, label = label_span(texts, list("abcde"), ("rm#",), vocab, (("deliveri", "charg"),))
    assert label == "delivery charge keep going up"   # a verb particle may close a label
