"""Label cases: a theme's label is a real span of its customers' words, said by several of them.

Good labels are what happened, in the customers' words and order; rejected labels are evaluation
words, stage notes, fillers, edge stopwords, or one person's wording."""
import pytest

from workbench.themes import vocabulary_for
from workbench.themes.label import broad, content_stems, label_span, same_theme, span_key

EVALUATIVE = {"slow", "terrible", "bad", "annoying"}

# (clauses, seed words, the label wanted, labels that must not be given)
CASES = [
    (["I waited 40 minutes in the chat queue", "waited 30 minutes in the chat queue", "so I waited 25 minutes in the chat queue lah",
      "the chat queue was slow"],
     "chat queue", "waited 25 minutes in the chat queue", ["slow", "chat queue was slow", "the chat queue", "i waited"]),
    (["so much plastic packaging waste", "all that plastic packaging waste", "the plastic packaging waste, terrible",
      "plastic packaging again"],
     "plastic packaging", "plastic packaging waste", ["terrible", "so much plastic", "plastic packaging waste, terrible"]),
    (["the shipping fee added at checkout", "shipping fee added at checkout, no warning",
      "annoying, the shipping fee added at checkout", "why is the shipping fee hidden"],
     "shipping fee", "shipping fee added at checkout", ["annoying", "the shipping fee", "shipping fee hidden"]),
    (["[laughs] the courier left it at the guardhouse", "um, courier left it at the guardhouse (long pause)",
      "you know, the courier left it at the guardhouse again", "courier was slow"],
     "courier", "courier left it at the guardhouse", ["laughs", "long pause", "courier was slow", "um"]),
    # one person's long wording is a quote, not a label: the span several people share wins
    (["the rider could not find my block because the lift lobby is hidden", "rider could not find my block",
      "rider could not find my block again", "the rider could not find"],
     "rider", "rider could not find my block", ["rider could not find my block because the lift lobby is hidden"]),
]


@pytest.mark.parametrize("texts, seed, wanted, rejected", CASES, ids=[c[2] for c in CASES])
def test_label_cases(texts, seed, wanted, rejected):
    vocab = vocabulary_for("en", evaluative=EVALUATIVE)
    seed_key = tuple(vocab._stem(w) for w in seed.split())
    people = [f"p{i}" for i in range(len(texts))]
    _, label = label_span(texts, people, seed_key, vocab)
    assert label == wanted
    assert label not in rejected
    assert any(label in text.lower() for text in texts)  # a real contiguous span, in the customers' order
    # (numbers are folded: "waited 40/30/25 minutes" is one span, shown in the form most people wrote,
    # ties alphabetically)


def test_unspaced_labels_join_tokens_as_written():
    segments = {"客服排队等了四十分钟": ["客服", "排队", "等", "了", "四十分钟"], "客服排队等了很久": ["客服", "排队", "等", "了", "很久"],
                "客服排队太久": ["客服", "排队", "太久"]}
    vocab = vocabulary_for("zh", evaluative={"太久"}, tokenize=lambda piece: segments.get(piece, [piece] if piece else []))
    # 等 is "wait" in customer talk (等了四十分钟), not only "etc.": the curated Chinese stopwords keep it
    _, label = label_span(list(segments), ["a", "b", "c"], ("排队",), vocab)
    assert label == "客服排队等" and " " not in label


@pytest.mark.parametrize("a, b, same", [("bubble wrap", "the bubble wrap inside", True), ("bubble wrap", "bubble wrap", True),
                                        ("plastic bag", "plastic packaging", False), ("chat queue", "phone queue", False)])
def test_labels_that_nearly_coincide_are_one_theme(a, b, same):
    vocab = vocabulary_for("en")
    keys = [content_stems(tuple(vocab._stem(w) for w in s.split()), vocab) for s in (a, b)]
    assert same_theme(*keys) is same


def test_content_words_of_the_stopword_list_may_close_a_label():
    # stopwordsiso calls "end" and "shown" stopwords; they are content words and may close a label,
    # while function words ("at the", "only") still cannot open or close one
    texts = ["the shipping fee only shown at the end", "shipping fee only shown at the end, so annoying",
             "why is the shipping fee only shown at the end", "shipping fee hidden"]
    vocab = vocabulary_for("en", evaluative=EVALUATIVE)
    _, label = label_span(texts, ["a", "b", "c", "d"], ("ship", "fee"), vocab)
    assert label == "shipping fee only shown at the end"
    assert "end" in vocab.stop and "end" not in vocab.edge and "the" in vocab.edge


def test_a_label_never_closes_on_a_negation():
    texts = ["payday not yet", "payday not here", "payday not", "payday sale again"]
    vocab = vocabulary_for("en", evaluative=EVALUATIVE)
    _, label = label_span(texts, ["a", "b", "c", "d"], ("payday",), vocab)
    assert not label.endswith(" not"), label


def test_broad_words_give_way_to_a_longer_span():
    # "online shopping" is the domain's broad wording: the span that says what happened is preferred
    texts = ["online shopping delivery fee too high", "online shopping delivery fee again",
             "online shopping", "online shopping is normal", "online shopping delivery fee"]
    vocab = vocabulary_for("en", evaluative=EVALUATIVE)
    key, label = label_span(texts, list("abcde"), ("onlin", "shop"), vocab, (("deliveri", "fee"),))
    assert label == "online shopping delivery fee"
    assert broad(("onlin", "shop"), vocab) and not broad(key, vocab)


@pytest.mark.parametrize("a, b, same", [("40 min", "40 minutes", True), ("waited 40 min", "waited 35 minutes", True),
                                        ("pls add grabpay", "please add grabpay", True),
                                        ("40 min", "40 days", False)])
def test_abbreviations_and_numbers_are_folded_for_merging(a, b, same):
    vocab = vocabulary_for("en")
    keys = [content_stems(span_key([vocab._stem(w) for w in s.split()]), vocab) for s in (a, b)]
    assert same_theme(*keys) is same


@pytest.mark.parametrize("language, key, lone", [("zh", ("看",), True), ("zh", ("吃",), True),
                                                 ("zh", ("运费",), False), ("en", ("refund",), False)])
def test_a_single_character_is_never_a_theme(language, key, lone):
    # a lone Chinese character ("看", look) came out as a demo-makan pain point
    assert broad(key, vocabulary_for(language)) is lone


def test_a_sentence_a_few_repeated_word_for_word_does_not_label_a_theme_about_something_else():
    """Four of sixteen people pasted one sentence about a bank OTP; the rest of the theme waited in the chat
    queue. The wording of the many ("queue was very long") labels it, not the repeated sentence."""
    vocab = vocabulary_for("en", evaluative=set())
    texts = (["the otp from the bank took long to arrive"] * 4 + ["the queue was very long"] * 3 + ["long queue"] * 3 +
             ["queue so long", "long, the queue", "long wait in the queue", "queue long", "so long in the queue",
              "waited long in queue"])
    people = [f"p{i}" for i in range(len(texts))]
    _, label = label_span(texts, people, ("long",), vocab)
    assert "otp" not in label and "queue" in label
