import warnings

import pytest

from workbench.voc.text import language_for, register_language, split_clauses, supported_languages, tokens

EN = language_for("en")


def clauses(sentence):
    return [sentence[a:b] for a, b in split_clauses(sentence, EN)]


def sentences(text):
    return [text[a:b] for a, b in EN.split_sentences(text)]


@pytest.mark.parametrize("text, expected", [
    ("Checkout was easy. The fee was not.", ["Checkout was easy.", "The fee was not."]),
    ("I paid at 3 p.m. and it came e.g. late!", ["I paid at 3 p.m. and it came e.g. late!"]),
    ("Dr. Lee helped me. Then it broke?", ["Dr. Lee helped me.", "Then it broke?"]),
    ("one sentence without a stop", ["one sentence without a stop"]),
    ("", []),
])
def test_sentences_use_the_trained_punkt_model(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("checkout was easy but the delivery fee was a shock",
     ["checkout was easy", "the delivery fee was a shock"]),
    ("Fast delivery, however the box was crushed.", ["Fast delivery", "the box was crushed."]),
    ("Although the site was slow, checkout was easy.", ["the site was slow", "checkout was easy."]),
    ("Everything was fine except the postage.", ["Everything was fine", "the postage."]),
    ("Not only cheap but also quick.", ["Not only cheap but also quick."]),
    ("It was good; but, honestly, slow", ["It was good", "honestly, slow"]),
    ("But it never came.", ["it never came."]),
])
def test_clauses_split_at_contrast(sentence, expected):
    assert clauses(sentence) == expected


@pytest.mark.parametrize("text, expected", [
    ("Don’t ship it", ["don't", "ship", "it"]),
    ("E-wallet, please!", ["e-wallet", "please"]),
    ("RM60 free-shipping", ["rm60", "free-shipping"]),
])
def test_tokens(text, expected):
    assert tokens(text) == expected


def test_english_stems_and_stopwords():
    assert EN.stem("shipping") == EN.stem("shipped") == "ship"
    assert EN.stem("relationship") != "ship"
    assert "the" in EN.stopwords and "free" not in EN.stopwords and "twice" not in EN.stopwords


def test_unknown_language_falls_back_with_a_warning_and_never_fails():
    with pytest.warns(UserWarning, match="'xx' has no dedicated support"):
        lang = language_for("xx")
    assert [("Satu. Dua!"[a:b]) for a, b in lang.split_sentences("Satu. Dua!")] == ["Satu.", "Dua!"]
    assert split_clauses("apa khabar", lang) == [(0, 10)]


def test_malay_uses_the_seam_with_its_stopwords():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ms = language_for("ms")
    assert "yang" in ms.stopwords


def test_registry_takes_new_languages():
    from workbench.voc.text import Language, _regex_sentences
    register_language("zz", lambda: Language(code="zz", split_sentences=_regex_sentences))
    try:
        assert "zz" in supported_languages()
        assert language_for("zz").code == "zz"
    finally:
        from workbench.voc import text
        text._REGISTRY.pop("zz")
        language_for.cache_clear()
