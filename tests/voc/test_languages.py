"""Cue matching, clauses and phrases in Malay, Indonesian, Thai and Chinese (and code-mixed text).

The hit/miss tables are written by hand: each line is something a customer would say, with the
touchpoint it must (or must not) be tagged with.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workbench.config import parse_study_config
from workbench.exceptions import StudyInvalid
from workbench.voc import analyse_units
from workbench.voc.clauses import ClausePipeline
from workbench.voc.tagging import CueMatcher, touchpoint_matcher
from workbench.voc.text import language_for, split_clauses

CUES = {
    "en": {"fee": ["fee", "delivery fee"], "support": ["support", "live chat"], "refund": ["refund"]},
    "ms": {"fee": ["caj penghantaran", "caj"], "support": ["khidmat pelanggan"], "refund": ["bayaran balik"]},
    "id": {"fee": ["ongkir", "biaya admin", "biaya top up"], "support": ["cs", "admin"], "refund": ["pengembalian dana"]},
    "th": {"fee": ["ค่าส่ง"], "support": ["แอดมิน", "คอลเซ็นเตอร์"], "refund": ["คืนเงิน"]},
    "zh": {"fee": ["配送费", "运费"], "support": ["客服"], "refund": ["退款"]},
}

# (language, text, touchpoints that must be found)
TABLE = [
    ("en", "The delivery fee was a shock", ("fee",)),
    ("en", "I gave them feedback twice", ()),                        # "fee" inside "feedback"
    ("en", "Fees were hidden until the end", ("fee",)),              # plural, via the stemmer
    ("en", "Coffee was cold", ()),
    ("en", "The live chat never answered", ("support",)),
    ("en", "Live music at the chat event", ()),                     # the words, not the sequence
    ("ms", "Caj penghantaran mahal sangat", ("fee",)),
    ("ms", "Saya kena caj dua kali", ("fee",)),
    ("ms", "Pencaj telefon saya rosak", ()),                         # "caj" inside "pencaj" (charger)
    ("ms", "Khidmat pelanggan tak jawab langsung", ("support",)),
    ("ms", "Pelanggan lain pun komplen", ()),                        # half the cue is no cue
    ("ms", "Dah seminggu, bayaran balik belum masuk", ("refund",)),
    ("id", "Ongkirnya mahal banget", ("fee",)),                      # clitic -nya off the cue word
    ("id", "Biaya admin nya kemahalan", ("fee",)),
    ("id", "Biaya top up naik terus", ("fee",)),
    ("id", "Top up gagal terus, biayanya nggak jelas", ()),          # not the sequence "biaya top up"
    ("id", "Adminnya lama balas chat", ("support",)),
    ("id", "Administrasi kantornya ribet", ()),                      # "admin" inside "administrasi"
    ("id", "Pengembalian dananya sudah masuk", ("refund",)),
    ("th", "ค่าส่งแพงมาก", ("fee",)),
    ("th", "ค่าส่วนกลางแพงมาก", ()),                                  # a condo fee, not delivery
    ("th", "ส่งเสริมการขายดี", ()),
    ("th", "รอแอดมินตอบนานมาก", ("support",)),
    ("th", "คืนเงินช้ามาก", ("refund",)),
    ("th", "คืนนี้เงินไม่พอ", ()),                                     # "tonight ... money": not a refund
    ("zh", "这个 app 的客服太慢", ("support",)),
    ("zh", "客服态度很差", ("support",)),
    ("zh", "我们很好客服务周到", ()),                                   # 客服 across 好客|服务
    ("zh", "配送费太贵了", ("fee",)),
    ("zh", "退款到现在还没到账", ("refund",)),
    ("zh", "退出登录就好了", ()),
]


@pytest.mark.parametrize("code, text, expected", TABLE)
def test_cue_table(code, text, expected):
    matcher = CueMatcher(CUES[code], language_for(code))
    assert matcher.labels(matcher.stems(text)) == expected


BASE = {"study": "lang-test", "language": "auto", "personas": [{"id": "rider"}], "stages": [{"id": "pay"}]}


def config(cues):
    return parse_study_config({**BASE, "touchpoints": [{"id": "fee", "stage": "pay", "cues": cues}]},
                              Path("lang-test"))


def test_cues_by_language_apply_only_to_their_language():
    cfg = config({"en": ["fee"], "id": ["biaya admin", "biaya top up"]})
    tp = cfg.touchpoints[0]
    assert tp.cues == ("fee", "biaya admin", "biaya top up") and tp.cue_languages == ("en", "id", "id")
    id_matcher = touchpoint_matcher(cfg, language_for("id"))
    en_matcher = touchpoint_matcher(cfg, language_for("en"))
    assert id_matcher.labels(id_matcher.stems("biaya admin mahal")) == ("fee",)
    assert en_matcher.labels(en_matcher.stems("biaya admin mahal")) == ()
    assert id_matcher.labels(id_matcher.stems("fee nya mahal")) == ()


def test_flat_cue_list_still_applies_to_every_language():
    cfg = config(["ongkir", "fee"])
    assert cfg.touchpoints[0].cue_languages == ("", "")
    for code in ("en", "id", "ms"):
        m = touchpoint_matcher(cfg, language_for(code))
        assert m.labels(m.stems("ongkir and fee")) == ("fee",)


def test_bad_language_key_in_cues_is_one_located_problem():
    with pytest.raises(StudyInvalid) as err:
        config({"english": ["fee"]})
    assert "touchpoints[0].cues.english: expected an ISO 639-1 language code" in str(err.value)


CLAUSES = [
    ("ms", "Penghantaran cepat tapi caj mahal sangat", ["Penghantaran cepat", "caj mahal sangat"]),
    ("id", "Walaupun kurirnya ramah, ongkirnya mahal", ["kurirnya ramah", "ongkirnya mahal"]),
    ("id", "Harganya Rp 5.000 saja, namun lama banget", ["Harganya Rp 5.000 saja", "lama banget"]),
    ("th", "ส่งช้ามากแต่ของดี", ["ส่งช้ามาก", "ของดี"]),
    ("th", "แต่ละคนแต่งตัวสวย", ["แต่ละคนแต่งตัวสวย"]),          # แต่ละ "each", แต่ง "dress": no contrast
    ("zh", "菜很好吃，但是配送太慢", ["菜很好吃", "配送太慢"]),
    ("zh", "不但便宜而且快", ["不但便宜而且快"]),                    # 不但 "not only": no contrast
]


@pytest.mark.parametrize("code, sentence, expected", CLAUSES)
def test_contrast_clauses(code, sentence, expected):
    lang = language_for(code)
    assert [sentence[a:b] for a, b in split_clauses(sentence, lang)] == expected


SENTENCES = [
    ("id", "Ongkirnya Rp 5.000. Tapi datangnya lama!", 2),
    ("th", "ส่งช้ามาก ของดีนะ", 2),                  # a space ends a Thai sentence
    ("zh", "配送费太贵了。客服也慢！", 2),
]


@pytest.mark.parametrize("code, text, n", SENTENCES)
def test_sentences(code, text, n):
    assert len(language_for(code).split_sentences(text)) == n


def test_every_language_has_curated_stopwords_without_negations():
    for code, negation in (("ms", "tidak"), ("ms", "tak"), ("id", "nggak"), ("id", "tidak"), ("th", "ไม่"),
                           ("zh", "不"), ("zh", "没有")):
        stop = language_for(code).stopwords
        assert len(stop) > 50 and negation not in stop
    assert "abdul" not in language_for("ms").stopwords and "amerika" not in language_for("ms").stopwords
    assert "harga" not in language_for("ms").stopwords and "yang" in language_for("ms").stopwords


def units(rows):
    return pd.DataFrame([("survey", f"s:R{i}:Q1", person, "rider", "surveys/s.csv", i + 2, float("nan"), text,
                          lang, "overall") for i, (person, text, lang) in enumerate(rows)],
                        columns=["source", "unit_id", "participant", "persona", "file", "ref", "start", "text",
                                 "language", "about"])


MIXED = units([
    ("R1", "这个 app 的客服太慢", None), ("R2", "这个 app 的客服太慢了", None), ("R3", "配送费太贵", None),
    ("R4", "checkout ok tapi ongkir mahal banget", None), ("R5", "checkout ok tapi ongkir mahal", None),
    ("R6", "[laughs] the delivery fee was a shock", None), ("R7", "Um, the delivery fee was a shock", None),
    ("R8", "ค่าส่งแพงมาก 555", None), ("R9", "ค่าส่งแพงมากครับ", None),
])


def test_clause_language_follows_the_words():
    cfg = config({"en": ["delivery fee"], "id": ["ongkir"], "zh": ["配送费"], "th": ["ค่าส่ง"]})
    clauses = ClausePipeline(cfg).run(MIXED)
    got = dict(zip(clauses["text"], clauses["language"]))
    assert got["checkout ok"] == "en" and got["ongkir mahal banget"] == "id"
    assert got["这个 app 的客服太慢"] == "zh" and got["ค่าส่งแพงมาก"] == "th"
    assert got["the delivery fee was a shock"] == "en"
    assert not clauses["text"].str.contains(r"laughs|\bum\b|555|ครับ", case=False).any()
    tagged = clauses[clauses["touchpoints"].map(bool)]
    assert set(tagged["participant"]) == {"R3", "R4", "R5", "R6", "R7", "R8", "R9"}


def test_phrases_stay_in_one_script_and_carry_their_language():
    result = analyse_units(MIXED, config({"zh": ["配送费"]}))
    phrases = result.phrases
    assert {"language", "phrase"} <= set(phrases.columns)
    assert "app 客服" not in set(phrases["phrase"])   # never glued across scripts
    by_phrase = dict(zip(phrases["phrase"], phrases["language"]))
    assert by_phrase["客服 太慢"] == "zh" and by_phrase["ongkir mahal"] == "id" and by_phrase["ค่าส่ง แพง มาก"] == "th"
    assert by_phrase["checkout ok"] == "en"
    assert by_phrase["delivery fee"] == "en"
    assert not phrases["phrase"].str.contains("laugh|555").any()
    quotes = result.quotes
    assert "language" in quotes.columns and not quotes["text"].str.startswith("[").any()
    assert quotes.set_index("quote_id").loc["s:R8:Q1", "language"] == "th"
    assert "language" in result.touchpoints.columns


def test_unit_language_cues_also_tag_its_code_mixed_clauses():
    cfg = config({"id": ["checkout", "ongkir"]})
    clauses = ClausePipeline(cfg).run(units([("R1", "checkout ok tapi ongkir mahal banget", "id")]))
    assert clauses["language"].tolist() == ["en", "id"]
    assert clauses["touchpoints"].tolist() == [("fee",), ("fee",)]
