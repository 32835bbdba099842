"""Segmenters: the right one per script, loaded once per process, stems where they help cues."""
from __future__ import annotations

import pytest

from workbench.language import segment
from workbench.language.languages import malay_stem
from workbench.voc.text import language_for, supported_languages

TOKENS = [
    ("这个 app 的客服太慢", ["这个", "app", "的", "客服", "太慢"]),
    ("配送费太贵了", ["配送费", "太贵", "了"]),
    ("ไรเดอร์มาช้า", ["ไรเดอร์", "มา", "ช้า"]),
    ("แอปค้างตอนจ่ายเงิน", ["แอป", "ค้าง", "ตอน", "จ่าย", "เงิน"]),   # แอป from words_th_extra.txt
    ("Selfie-nya cepet BANGET", ["selfie-nya", "cepet", "banget"]),
    ("Don’t ship it", ["don't", "ship", "it"]),
    ("ส่งช้า but ok 客服", ["ส่ง", "ช้า", "but", "ok", "客服"]),
]


@pytest.mark.parametrize("text, expected", TOKENS)
def test_tokenize(text, expected):
    assert segment.tokenize(text) == expected


def test_runs_keep_scripts_apart():
    assert segment.tokenize_runs("ส่งช้า but ok 客服太慢") == [["ส่ง", "ช้า"], ["but", "ok"], ["客服", "太慢"]]


STEMS = [
    ("pengirimannya", "kirim"), ("pembayaran", "bayar"), ("ongkirnya", "ongkir"), ("selfie-nya", "selfie"),
    ("menunggu", "tunggu"), ("feedback", "feedback"), ("cs", "cs"),
]


@pytest.mark.parametrize("word, stem", STEMS)
def test_indonesian_stems(word, stem):
    assert segment.indonesian_stem(word) == stem


def test_malay_stem_takes_off_clitics_only():
    assert [malay_stem(w) for w in ("penghantarannya", "bayarlah", "selfie-nya", "kenyang", "pembayaran")] == \
        ["penghantaran", "bayar", "selfie", "kenyang", "pembayaran"]


def test_segmenters_load_once():
    assert segment._jieba() is segment._jieba()
    assert segment._sastrawi() is segment._sastrawi()
    name = segment._thai_ready()
    assert segment._thai_ready() == name
    assert language_for("th") is language_for("th")


def test_every_supported_language_is_registered():
    assert {"en", "ms", "id", "th", "zh"} <= set(supported_languages())
    for code in ("en", "ms", "id", "th", "zh"):
        lang = language_for(code)
        assert lang.code == code and lang.clause_pattern is not None and lang.stopwords


def test_the_sentiment_model_reads_thai_without_the_study_cue_words(monkeypatch):
    """A study's Thai cue words change how cues are matched, never how a Thai text is scored."""
    from workbench.language import segment
    # the segmenter's study words are process-wide: give this test its own, so no other test sees them
    monkeypatch.setattr(segment, "_thai_added", set())
    monkeypatch.setitem(segment._thai_state, "name", None)
    monkeypatch.setattr(segment, "_cache_th", {})
    text = "ร้านกาแฟแมวน่ารัก"
    before = segment.tokenize(text, study_words=False)
    segment.add_words(["กาแฟแมวน่า"])
    assert "กาแฟแมวน่า" in segment.tokenize(text)
    assert segment.tokenize(text, study_words=False) == before
