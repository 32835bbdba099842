"""Chinese lexicon rules on the ways delivery and hotel reviews are written (issue 14).

Hand-written tables, not generated: each row is how a customer would say it, with the sign a reader
gives it. They test the rules (workbench/data/sentiment/rules_zh.tsv, lexicon_zh.tsv and
workbench/voc/polarity_rules.py), which carry across domains where the shopping-review model does
not; the tagger-level rows check that the rules now overrule the model on short answers.
"""
from __future__ import annotations

import pytest

from workbench.voc.polarity_rules import EXCESS_VALENCE, RuleScorer
from workbench.voc.sentiment import SentimentTagger, label_for

ZH = RuleScorer("zh")

# a negator before a negative word reads positive ("not expensive", "no problem")
NEGATED_NEGATIVE = ["付款没问题", "不贵", "一点都不慢", "没有坏", "不咸不腻", "汤一点没洒", "从来没失望过",
                    "房间不吵", "床单不脏"]
# a negator before a positive word reads negative
NEGATED_POSITIVE = ["不好吃", "不太满意", "一点也不新鲜", "没有热水也不干净", "前台不热情", "不划算"]
# degree complements and "太...了" about a word of no valence are complaints
EXCESS = ["太甜了", "太辣了，吃不下", "房间太小了", "热死了", "挤得要命", "床太软了", "冰太多啦"]
# ... about a lexicon word they only strengthen it, whichever its sign
STRENGTHENED = [("贵", "贵到离谱"), ("慢", "慢死了"), ("好吃", "太好吃了"), ("满意", "太满意了")]
# "不太X" is not an excess complaint
NOT_EXCESS = ["不太辣", "不太甜"]
# contrast: the clause after 但是/不过/可是 decides
CONTRAST = [("房间有点旧，但是很干净", 1), ("味道不错，不过送得太慢了", -1),
            ("虽然贵了点，但是真的好吃", 1), ("早餐很丰富，可是隔音太差", -1)]


@pytest.mark.parametrize("text", NEGATED_NEGATIVE)
def test_negated_negative_reads_positive(text):
    assert ZH.total(text) > 0


@pytest.mark.parametrize("text", NEGATED_POSITIVE)
def test_negated_positive_reads_negative(text):
    assert ZH.total(text) < 0


@pytest.mark.parametrize("text", EXCESS)
def test_excess_is_a_complaint(text):
    assert ZH.total(text) <= EXCESS_VALENCE


@pytest.mark.parametrize("plain, strong", STRENGTHENED)
def test_degree_complement_strengthens_a_lexicon_word(plain, strong):
    assert abs(ZH.total(strong)) > abs(ZH.total(plain))
    assert (ZH.total(strong) > 0) == (ZH.total(plain) > 0)


@pytest.mark.parametrize("text", NOT_EXCESS)
def test_not_too_is_no_complaint(text):
    assert ZH.total(text) == 0


@pytest.mark.parametrize("text, sign", CONTRAST)
def test_contrast_clause_decides(text, sign):
    assert ZH.total(text) * sign > 0


# Whole tagger (model + rules): answers seen in demo-makan's themes and the known misses of the
# first model, which read them by rare character n-grams of shopping reviews.
TAGGED = [
    ("付款没问题", "positive"),
    ("运费贵到离谱", "negative"),
    ("付钱很简单", "positive"),
    ("送餐太慢了", "negative"),
    ("不贵", "positive"),
    ("不慢，挺准时的", "positive"),
    ("汤洒了，饭也凉了", "negative"),
    ("骑手态度很好，准时送到", "positive"),
    ("隔音差，前台也爱答不理", "negative"),
    ("房间干净，早餐也不错", "positive"),
]


@pytest.fixture(scope="module")
def tagger():
    return SentimentTagger()


@pytest.mark.parametrize("text, expected", TAGGED)
def test_tagger_reads_short_reviews(tagger, text, expected):
    assert label_for(tagger.polarity(text, "zh")) == expected


def test_blend_gives_short_answers_to_the_rules_and_long_ones_to_the_model():
    import numpy as np

    from workbench.voc.multilingual import blend
    z = np.array([[-4.0], [-4.0], [-4.0]])
    lex = np.array([1.0, 0.0, 1.0])
    norm = ["不贵", "不贵", "x" * 50]
    zb, w = blend(z, lex, norm, 3.0, 5)
    assert zb[0, 0] == 0.0 and w[0] == 3.0            # short, a rule word: the rules alone
    assert zb[1, 0] == -4.0                            # no rule word: the model alone
    assert zb[2, 0] == -4.0 * 0.9 and w[2] == 3.0 * 0.1  # long: the model leads
    same, weight = blend(z, lex, norm, 0.5, None)      # no lexicon_length (id, th): unchanged
    assert same is z and weight == 0.5
