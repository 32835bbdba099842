"""Stage notes, overlap marks and fillers leave the analysed text in every supported language."""
from __future__ import annotations

import pytest

from workbench.language.clean import clean_text

# (language, transcript text, text the analysis counts). Written by hand from real transcript styles.
CASES = [
    ("en", "[laughs] yeah the delivery fee was a shock", "yeah the delivery fee was a shock"),
    ("en", "(laughs) It was fine, to be honest", "It was fine, to be honest"),
    ("en", "the delivery [long pause] fee", "the delivery … fee"),
    ("en", "I couldn't hear [inaudible 00:12:03] the agent", "I couldn't hear … the agent"),
    ("en", "[crosstalk]", ""),
    ("en", "*sighs* the refund took weeks", "the refund took weeks"),
    ("en", "um, so, uh, the app kept crashing", "so, the app kept crashing"),
    ("en", "it was, you know, a bit slow", "it was, a bit slow"),
    ("en", "I was ter-- terrified of the fee", "I was ter … terrified of the fee"),
    ("en", "hmm", ""),
    ("en", "(the blue one) fitted well", "(the blue one) fitted well"),  # an aside, not a note
    ("en", "Mmm-hmm I like the umbrella", "Mmm-hmm I like the umbrella"),  # "um" inside a word stays
    ("ms", "[ketawa] Rider tu lambat sangat lah", "Rider tu lambat sangat"),
    ("ms", "Eh, caj penghantaran mahal sangat", "caj penghantaran mahal sangat"),
    ("ms", "Saya bayar 555 ringgit", "Saya bayar 555 ringgit"),  # a price, not Thai laughter
    ("id", "Emm, ongkirnya (ketawa) mahal banget", "ongkirnya … mahal banget"),
    ("id", "[tertawa] kurirnya ramah kok", "kurirnya ramah kok"),
    ("th", "ส่งช้ามากครับ 555", "ส่งช้ามาก"),
    ("th", "[หัวเราะ] ค่าส่งแพงค่ะ", "ค่าส่งแพง"),
    ("th", "เอ่อ คะแนนรีวิวดีนะ", "คะแนนรีวิวดีนะ"),  # คะแนน "score" is not the particle คะ
    ("zh", "嗯，那个，客服太慢了 (笑)", "客服太慢了"),
    ("zh", "那个客服很耐心", "那个客服很耐心"),  # "that agent": 那个 is content here
    ("zh", "【笑】金额不对", "金额不对"),
    ("zh", "[停顿] 运费太贵", "运费太贵"),
]


@pytest.mark.parametrize("language, text, expected", CASES)
def test_clean_text(language, text, expected):
    assert clean_text(text, language) == expected


@pytest.mark.parametrize("language", ["en", "ms", "id", "th", "zh"])
def test_notes_never_open_the_cleaned_text(language):
    for note in ("[laughs]", "(laughs)", "[long pause]", "*sighs*", "[ketawa]", "(笑)", "[หัวเราะ]", "//"):
        cleaned = clean_text(f"{note} okay then", language)
        assert cleaned == "okay then", (language, note, cleaned)


def test_unknown_language_uses_the_english_lists():
    assert clean_text("[laughs] um vale, el envío tardó", "es") == "vale, el envío tardó"


def test_privacy_placeholders_are_the_customers_words_and_stay():
    assert clean_text("Okay, send to [EMAIL].", "en") == "Okay, send to [EMAIL]."
    assert clean_text("[NAME] said [laughs] fine", "ms") == "[NAME] said … fine"
