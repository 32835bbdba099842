"""Where a complaint was made is not what happened: a touchpoint's own words are no evidence that two themes
are one, a label that is only the cue word gives way to a longer span holding it, and broad words seed no
theme (small visible fixtures, several languages)."""
from dataclasses import replace

import pytest

from workbench.themes import vocabulary_for
from workbench.themes.cluster import Found, find_themes
from workbench.themes.label import label_span, only_cue, span_key
from workbench.themes.merge import merge_themes, touchpoint_words
from workbench.themes.table import _broad_keys

from .test_themes import clause_frame  # noqa: F401  (the clause table's shape, for readers)


def _stems(vocab, text):
    return tuple(vocab._stem(t) for t in text.split())


# (language, the touchpoint's clauses, the words said in 40% of them)
TOUCHPOINT_WORDS = [
    ("en", ["delivery took long"] * 9 + ["delivery rider friendly"] * 3 + ["rider smiled", "food was hot"] * 5
     + ["left at the door"] * 3, {"deliveri"}),
    ("id", ["ongkir naik"] * 10 + ["ongkir mahal"] * 2 + ["bayar pake qris"] * 8, {"ongkir"}),
    ("ms", ["caj penghantaran naik"] * 8 + ["tunggu rider lama"] * 12, {"tunggu", "rider", "lama"}),
]


@pytest.mark.parametrize("language, texts, words", TOUCHPOINT_WORDS, ids=[c[0] for c in TOUCHPOINT_WORDS])
def test_touchpoint_words_are_those_in_two_in_five_of_its_clauses(language, texts, words):
    vocab = vocabulary_for(language, evaluative=set())
    sets = [vocab.phrases(t) for t in texts]
    assert touchpoint_words(sets, [("tp",)] * len(texts)) >= words
    assert touchpoint_words(sets[:5], [("tp",)] * 5) == frozenset()   # too few clauses to say what is common


SEGMENTS = {"下雨天配送费直接翻倍": ["下雨天", "配送费", "直接", "翻倍"], "配送费又涨": ["配送费", "又", "涨"],
            "配送费离谱": ["配送费", "离谱"], "配送费还行": ["配送费", "还行"], "扫码付款": ["扫码", "付款"]}


def test_a_shared_touchpoint_word_does_not_merge_two_complaints():
    # demo-makan: the rain surcharge and the distance price share only 配送费, the touchpoint's own word
    vocab = vocabulary_for("zh", evaluative=set(), tokenize=lambda p: SEGMENTS.get(p, [p] if p else []))
    texts = ["下雨天配送费直接翻倍"] * 4 + ["配送费又涨"] * 4 + ["配送费还行"] * 14 + ["扫码付款"] * 40
    people = [f"p{i}" for i in range(len(texts))]
    sets = [vocab.phrases(t) for t in texts]
    rain = Found(list(range(4)), ("下雨天",), [("下雨天",)], [("下雨天",), ("配送费",)])
    rise = Found(list(range(4, 8)), ("涨",), [("涨",)], [("涨",), ("配送费",)])
    where = [("delivery-fee",)] * 22 + [("payment",)] * 40
    out = merge_themes([rain, rise], texts, people, where, sets, vocab, [True] * len(texts))
    assert [label for _, _, label in out] == ["下雨天配送费直接翻倍", "配送费又涨"]
    # 配送费 is the delivery-fee touchpoint's own word but not the order stage's: only touchpoint_words tells
    everywhere = [("delivery-fee",)] * len(texts)
    assert len(merge_themes([rain, rise], texts, people, everywhere, sets, vocab, [True] * len(texts))) == 1


# (language, clauses, the cue word, the label without cues, the label wanted): a label of the cue word alone gives way to the
# longer span most people said with it, when 10% of the theme's people said one
CUE_ONLY = [
    ("en", ["delivery fee"] * 6 + ["delivery fee only shown at checkout"] * 3 + ["delivery fee again"] * 2,
     "delivery fee", "delivery fee", "delivery fee only shown at checkout"),
    ("id", ["ongkos kirim"] * 6 + ["ongkos kirim naik pas hujan"] * 3, "ongkos kirim", "ongkos kirim",
     "ongkos kirim naik pas hujan"),
    ("en", ["shipping rm8"] * 5 + ["shipping rm8 only shown at the end"] * 2, "shipping", "shipping rm8",
     "shipping rm8 only shown at the end"),
    ("ms", ["caj penghantaran"] * 5 + ["caj penghantaran naik waktu hujan"] * 3, "caj penghantaran",
     "caj penghantaran", "caj penghantaran naik waktu hujan"),
]


@pytest.mark.parametrize("language, texts, cue, plain_label, wanted", CUE_ONLY, ids=[c[4] for c in CUE_ONLY])
def test_a_cue_word_label_gives_way_to_a_longer_span(language, texts, cue, plain_label, wanted):
    vocab = vocabulary_for(language, evaluative=set())
    key = _stems(vocab, cue)
    people = [f"p{i}" for i in range(len(texts))]
    _, plain = label_span(texts, people, key, vocab)
    assert plain == plain_label                          # without the study's cues, the commonest span wins
    cued = replace(vocab, cue=frozenset(key))
    assert only_cue(span_key([vocab._stem(w) for w in plain.split()]), cued)
    _, label = label_span(texts, people, key, cued)
    assert label == wanted


def test_a_cue_word_label_stays_when_no_longer_span_is_frequent():
    vocab = vocabulary_for("en", evaluative=set())
    key = _stems(vocab, "delivery fee")
    texts = ["delivery fee"] * 19 + ["delivery fee only shown at checkout"]
    _, label = label_span(texts, [f"p{i}" for i in range(20)], key, replace(vocab, cue=frozenset(key)))
    assert label == "delivery fee"


# (language, clauses, the broad seed that must not come first, the specific seed that must)
BROAD = [
    ("en", ["good app", "good app", "good app", "good app", "good rider called", "rider called", "rider called"],
     ("good",), ("rider", "call")),
    ("zh", ["好"] * 4 + ["付款|好"] + ["扫码|付款"] * 3, ("好",), ("付款",)),
]


@pytest.mark.parametrize("language, texts, broad, specific", BROAD, ids=[c[0] for c in BROAD])
def test_broad_words_seed_no_theme(language, texts, broad, specific):
    segments = {t.replace("|", ""): t.split("|") for t in texts}   # Chinese: the segmenter's cut, given
    vocab = vocabulary_for(language, evaluative=set(), tokenize=(lambda p: segments.get(p, [p] if p else []))
                           if language == "zh" else None)
    texts = [t.replace("|", "") for t in texts]
    sets = [vocab.phrases(t) for t in texts]
    people = [f"p{i}" for i in range(len(texts))]
    first = find_themes(sets, people, weight=None, min_people=3)[0].seed
    assert first == broad                                 # without the rule, the broad word comes first
    broad_keys = _broad_keys(sets, vocab)
    assert broad in broad_keys
    seeds = [t.seed for t in find_themes(sets, people, broad_keys, weight=None, min_people=3)]
    assert seeds[0] == specific and broad not in seeds


def test_the_method_is_one_paragraph_of_at_most_four_sentences():
    import re

    from workbench.themes import METHOD
    assert "\n" not in METHOD and METHOD.endswith(".")
    assert len(re.split(r"(?<=[.!?])\s+(?=[A-Z])", METHOD)) <= 4, METHOD


def test_a_small_remnant_sharing_the_touchpoint_word_still_merges():
    # two comparable complaints stay apart; a theme a third the size of one, sharing only 配送费, is its remnant
    vocab = vocabulary_for("zh", evaluative=set(), tokenize=lambda p: SEGMENTS.get(p, [p] if p else []))
    texts = ["下雨天配送费直接翻倍"] * 6 + ["配送费又涨"] * 6 + ["配送费离谱"] * 2 + ["配送费还行"] * 14 + ["扫码付款"] * 50
    people = [f"p{i}" for i in range(len(texts))]
    sets = [vocab.phrases(t) for t in texts]
    rain = Found(list(range(6)), ("下雨天",), [("下雨天",)], [("下雨天",)])
    rise = Found(list(range(6, 12)), ("涨",), [("涨",)], [("涨",)])
    rest = Found(list(range(12, 14)), ("离谱",), [("离谱",)], [("离谱",)])
    where = [("delivery-fee",)] * 28 + [("payment",)] * 50
    out = merge_themes([rain, rise, rest], texts, people, where, sets, vocab, [True] * len(texts))
    assert [len(theme.members) for theme, _, _ in out] == [8, 6]
