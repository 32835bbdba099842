"""Language of a unit: declared first, else detected offline; code-mixed units split into spans."""
from __future__ import annotations

import pandas as pd
import pytest

from workbench.language import detect_language, resolve_languages, split_spans, unsupported_languages

DETECT = [
    ("The delivery fee was a shock at checkout", "en"),
    ("Saya tak boleh bayar guna kad, teruk betul", "ms"),
    ("Rider tu lambat sangat, dah la tak call pun", "ms"),
    ("Penghantaran percuma tapi kena tunggu tiga hari", "ms"),
    ("Pengirimannya lama banget, nggak bisa dilacak", "id"),
    ("Kurirnya ramah kok, cuma ongkirnya mahal", "id"),
    ("Gue udah bayar tapi pesanannya gak dateng", "id"),
    ("ส่งช้ามาก แต่ของดี", "th"),
    ("ค่าส่งแพงเกินไป app ค้างบ่อย", "th"),
    ("这个 app 的客服太慢", "zh"),
    ("配送费太贵了", "zh"),
    ("ok", None),        # too short: the speaker's other units decide
    ("12345", None),
]


@pytest.mark.parametrize("text, expected", DETECT)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


SPANS = [
    ("checkout ok tapi ongkir mahal", "id", [("checkout ok", "en"), ("tapi ongkir mahal", "id")]),
    ("这个 app 的客服太慢", "zh", [("这个", "zh"), ("app", "en"), ("的客服太慢", "zh")]),
    ("selfie-nya cepet banget", "id", [("selfie-nya cepet banget", "id")]),
    ("The rider was late, dah la tak call pun", "ms", [("The rider was late", "en"), ("dah la tak call pun", "ms")]),
    ("ส่งช้ามาก but the food was good", "th", [("ส่งช้ามาก", "th"), ("but the food was good", "en")]),
]


@pytest.mark.parametrize("text, language, expected", SPANS)
def test_split_spans(text, language, expected):
    assert [(text[s.start:s.end], s.language) for s in split_spans(text, language)] == expected


def frame(texts, people, declared=None):
    return pd.DataFrame({"text": texts, "participant": people, "file": "f.txt",
                         "language": declared if declared is not None else [None] * len(texts)})


def test_declared_language_wins_over_the_study_and_the_text():
    units = frame(["The fee was high", "Ongkirnya mahal banget"], ["P1", "P2"], ["ms", None])
    assert resolve_languages(units, "id").tolist() == ["ms", "id"]


def test_auto_detects_each_unit_and_short_units_follow_their_speaker():
    units = frame(["Pengirimannya lama banget, nggak bisa dilacak", "ok", "The refund took two weeks", "ok",
                   "tapi mahal"],
                  ["P1", "P1", "P2", "P2", "P1"])
    assert resolve_languages(units, "auto").tolist() == ["id", "id", "en", "en", "id"]


def test_unsupported_language_is_reported_once_with_its_count():
    units = frame(["hola", "gracias", "The fee"], ["P1", "P1", "P2"], ["es", "es", "en"])
    problems = unsupported_languages(units)
    assert len(problems) == 1
    assert "'es'" in problems[0].message and "(2 units)" in problems[0].message
    assert problems[0].severity == "warning" and str(problems[0]).startswith("f.txt: ")
    assert unsupported_languages(frame(["ส่งช้า", "慢"], ["P1", "P2"], ["th", "zh"])) == []


def test_manglish_particles_do_not_make_english_malay():
    from workbench.language import dominant_language
    assert dominant_language("Overall I'm happy lah", "en") == "en"
    assert dominant_language("long queue la", "en") == "en"
    assert detect_language("Overall I'm happy with it lah") == "en"


def test_commonest_by_matches_value_counts_per_group_with_ties():
    """The grouped count gives what value_counts().index[0] per speaker gave, ties included (the
    value the speaker used first wins)."""
    import numpy as np
    import pandas as pd
    from workbench.language.detect import _commonest_by
    rng = np.random.default_rng(7)
    values = pd.Series(rng.choice(["en", "ms", "id", "th", "zh"], 600), index=rng.permutation(600) + 1000)
    keys = pd.Series(rng.choice([f"P{i}" for i in range(60)], 600), index=values.index)
    expected = values.groupby(keys).agg(lambda s: s.value_counts().index[0]).to_dict()
    assert _commonest_by(values, keys) == expected
    tie = _commonest_by(pd.Series(["ms", "id", "id", "ms"]), pd.Series(["a", "a", "a", "a"]))
    assert tie == {"a": "ms"}
