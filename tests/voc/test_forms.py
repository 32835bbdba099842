"""Complaint forms and requests (workbench.voc.polarity_forms): negative with no negative word.

Sentences are written for this table the way customers write them (not taken from any evaluation
or dev set). Exemptions (thanks, politeness, good wishes, questions of fact, a negated form) must
not read negative.
"""
from __future__ import annotations

import pytest

from workbench.voc.polarity_forms import FORM_VALENCE, reader
from workbench.voc.sentiment import SentimentTagger, label_for

TAGGER = SentimentTagger()
# Only the label test is a known miss: the form is found, but on a two-to-four-word Thai post the
# Wisesight model's neutral outweighs the boost tools/tune_blend.py chose on the Thai dev set. Ruling
# the neutral class out whenever a form is found fixed both (Thai dev set 0.816 -> 0.842) but took
# Wisesight's macro-F1 from 0.680 to 0.678, under issue 14's 0.68 floor, so it was not kept.
TH_SHORT_MISSES = {("th", "ค่าส่งขึ้นอีกแล้ว"), ("th", "แอปเด้ง")}

# (language, text, kind of form that must be found)
FORMS = [
    ("en", "the delivery fee went up again", "price-rise"),
    ("ms", "caj hantar naik lagi", "price-rise"),
    ("id", "ongkir naik lagi", "price-rise"),
    ("th", "ค่าส่งขึ้นอีกแล้ว", "price-rise"),
    ("zh", "配送费又涨了", "price-rise"),
    ("ms", "tunggu sejam baru sampai", "wait"),
    ("id", "nunggu 40 menit", "wait"),
    ("th", "รอตั้งชั่วโมง", "wait"),
    ("zh", "等了一个小时", "wait"),
    ("en", "my refund is still not processed", "refund"),
    ("ms", "refund tak masuk lagi", "refund"),
    ("th", "ยังไม่ได้เงินคืน", "refund"),
    ("zh", "退款还没到账", "refund"),
    ("en", "the food arrived cold", "cold-food"),
    ("ms", "makanan sejuk", "cold-food"),
    ("id", "baksonya dingin", "cold-food"),
    ("th", "อาหารเย็นชืด", "cold-food"),
    ("zh", "饭菜都凉了", "cold-food"),
    ("ms", "sup tumpah", "spilt"),
    ("zh", "汤洒了", "spilt"),
    ("en", "the app crashed twice", "crash"),
    ("ms", "app crash masa bayar", "crash"),
    ("th", "แอปเด้ง", "crash"),
    ("zh", "一付款就闪退", "crash"),
    ("en", "portions are tiny now", "portion"),
    ("ms", "porsi sikit", "portion"),
    ("zh", "份量太少", "portion"),
    ("en", "the colour looks quite different from the photo", "not-as-pictured"),
    ("ms", "baju ni tak sama macam dalam gambar", "not-as-pictured"),
    ("id", "barangnya gak sesuai sama foto", "not-as-pictured"),
    ("th", "ของไม่ตรงปกเลย", "not-as-pictured"),
    ("zh", "和图片不一样", "not-as-pictured"),
]


@pytest.mark.parametrize("code, text, kind", FORMS)
def test_form_is_found(code, text, kind):
    assert kind in [f.kind for f in reader(code).forms_in(text.lower())]


@pytest.mark.parametrize("code, text, kind", FORMS)
def test_form_reads_negative(code, text, kind, request):
    if (code, text) in TH_SHORT_MISSES:
        request.applymarker(pytest.mark.xfail(strict=True, reason="the Wisesight model's neutral outweighs the "
                                                                  "form on a very short Thai post"))
    assert label_for(TAGGER.polarity(text, code)) == "negative"


REQUESTS = [
    ("en", "please add e-wallet"),
    ("en", "pls reduce the plastic"),
    ("ms", "tolong tambah e-wallet"),
    ("id", "tolong tambahin metode bayar"),
    pytest.param("th", "ช่วยเพิ่มวิธีจ่ายเงินหน่อย", marks=pytest.mark.xfail(strict=True, reason=(
        "Thai requests keep polarity_rules.REQUEST_VALENCE (-0.8, chosen on Wisesight, where most "
        "requests are neutral) and get no form boost"))),
    ("zh", "希望增加支付方式"),
]


@pytest.mark.parametrize("code, text", REQUESTS)
def test_request_reads_negative(code, text):
    assert label_for(TAGGER.polarity(text, code)) == "negative"


NOT_NEGATIVE = [
    ("en", "please enjoy your meal"),
    ("en", "thanks, please keep it up"),
    ("en", "the food was not cold"),
    ("ms", "tolong ya, terima kasih"),
    ("ms", "tak payah tunggu lama, bagus"),
    ("ms", "boleh tolong hantar ke lobi?"),
    ("id", "makasih, tolong dipertahankan"),
    ("id", "bisa tolong kirim jam 7?"),
    ("th", "ขอบคุณค่ะ ขอให้ขายดีนะคะ"),
    ("zh", "希望越来越好"),
    ("zh", "谢谢，辛苦了"),
    ("ms", "air sejuk sedap"),          # a cold drink is good: cold-food forms name hot food only
    ("en", "exactly as described"),
    ("en", "it does not look different from the photo"),
    ("zh", "没有色差，很满意"),         # no colour difference: a negated form is praise
]

NEGATED_INSIDE_SCRIPT = [("th", "ค่าส่งไม่ขึ้น"), ("zh", "配送费没涨")]   # the fee did not go up


@pytest.mark.parametrize("code, text", NEGATED_INSIDE_SCRIPT)
def test_a_negator_inside_a_thai_or_chinese_form_denies_it(code, text):
    assert reader(code).forms_in(text) == []


@pytest.mark.parametrize("code, text", NOT_NEGATIVE)
def test_exemptions_stay_non_negative(code, text):
    assert label_for(TAGGER.polarity(text, code)) != "negative"


def test_request_wishes_are_not_praise():
    # "faster" inside a request is a wish: the request is not positive
    assert TAGGER.polarity("please make delivery faster and better", "en") < 0


def test_every_kind_has_a_valence():
    assert {k for _, _, k in FORMS} <= set(FORM_VALENCE)
