"""A label is the core span of what happened: intensifiers, particles and connectives never open or close it,
a phrasal verb's particle may close it, and comment runs, stage notes and talk about the interview are no
label. Thai and Chinese are given as the segmenter's tokens (joined by "|"), so the tables do not depend on
the segmenter's version."""
import pytest

from workbench.themes import vocabulary_for
from workbench.themes.label import label_span
from workbench.themes.quality import label_problem

EDGE = "function word at an edge"
META = "stage note or meta talk"

# (language, tokens, the rule that rejects it or None)
EDGES = [
    # 1. intensifiers and particles at either edge
    ("en", "really long chat queue", EDGE),
    ("en", "chat queue so", EDGE),
    ("en", "plastic packaging lah", EDGE),
    ("ms", "caj penghantaran mahal sangat", EDGE),
    ("ms", "tunggu refund lama la", EDGE),
    ("id", "ongkir mahal sih", EDGE),
    ("id", "refund lama deh", EDGE),
    ("id", "nya cepet", EDGE),
    ("th", "ค่าส่ง|แพง|จัง", EDGE),
    ("th", "ไรเดอร์|ใจดี|ครับ", EDGE),
    ("th", "รอ|คืนเงิน|นะ", EDGE),
    ("zh", "配送费|翻倍|了", EDGE),
    ("zh", "退款|太慢|啊", EDGE),
    ("zh", "的|备注", EDGE),
    ("zh", "运费|贵|吧", EDGE),
    ("zh", "退款|很慢|呢", EDGE),
    # the core span itself is signed
    ("en", "long chat queue", None),
    ("ms", "caj penghantaran mahal", None),
    ("id", "refund lama", None),
    ("th", "ค่าส่ง|แพง", None),
    ("zh", "配送费|直接|翻倍", None),
    # 2. connectives never open or close a label (inside one they may stay)
    ("en", "and the rider called", EDGE),
    ("en", "rider called but", EDGE),
    ("en", "because the fee doubled", EDGE),
    ("en", "then waited in the chat queue", EDGE),
    ("ms", "tapi caj penghantaran naik", EDGE),
    ("id", "karena ongkir naik", EDGE),
    ("id", "lalu refund masuk", EDGE),
    ("id", "ongkir naik terus", EDGE),
    ("th", "แต่|ค่าส่ง|แพง", EDGE),
    ("th", "และ|ไรเดอร์|ใจดี", EDGE),
    ("th", "แล้วก็|คืนเงิน|เร็ว", EDGE),
    ("zh", "但是|运费|贵", EDGE),
    ("zh", "而且|配送|慢", EDGE),
    ("zh", "因为|下雨天|配送费|翻倍", EDGE),
    ("zh", "用|电子钱包|一下|就|好", None),
    # 3. a phrasal verb's particle may close a label
    ("en", "delivery charge keep going up", None),
    ("en", "shipping fee went up", None),
    ("en", "rider gave up", None),
    ("en", "check out", "a single word"),  # a phrasal verb alone is one word
    ("en", "give up", "a single word"),
    ("en", "threw the bubble wrap away", None),
    ("th", "ค่าส่ง|ขึ้น", None),
    ("zh", "汤|没洒|出来", None),
    ("en", "delivery fee went up", None),  # after a content word: closes
    ("en", "the queue went", EDGE),        # an article still never opens one
    ("en", "waited in", EDGE),             # "in" is no verb particle
    # 4. comment runs, stage notes and talk about the interview
    ("en", "hahaha the chat queue", META),
    ("en", "chat queue lol", META),
    ("en", "queue sooo long", META),
    ("en", "good question about the packaging", META),
    ("en", "laughs at the plastic", META),
    ("id", "wkwkwk ongkir mahal", META),
    ("id", "ongkir lamaaa banget", EDGE),
    ("id", "pertanyaan soal ongkir", META),
    ("ms", "gelak pasal caj", META),
    ("th", "555|ค่าส่ง|แพง", META),
    ("th", "คำถาม|เรื่อง|ค่าส่ง", META),
    ("zh", "哈哈哈|运费|太贵", META),
    ("zh", "采访|问|配送费", META),
]


def _tokens(language, text):
    return text.split("|") if language in ("th", "zh") else text.split(" ")


@pytest.mark.parametrize("language, text, problem", EDGES, ids=[f"{c[0]}:{c[1]}" for c in EDGES])
def test_label_edges(language, text, problem):
    assert label_problem(_tokens(language, text), vocabulary_for(language)) == problem


# (language, clauses, seed, the label wanted): the core span wins over the same span with its particles,
# intensifiers or connectives; a span never runs across a sentence particle (outside Chinese)
CORE = [
    ("en", ["the chat queue so long lah", "then the chat queue so long", "chat queue so long really",
            "chat queue so long"], "chat queue", "chat queue so long"),
    ("ms", ["caj penghantaran naik lagi la", "tapi caj penghantaran naik lagi", "caj penghantaran naik lagi sangat",
            "caj penghantaran naik"], "caj penghantaran", "caj penghantaran naik"),
    ("id", ["ongkos kirim pas jam makan siang sih naik", "ongkos kirim pas jam makan siang deh",
            "terus ongkos kirim pas jam makan siang", "ongkos kirim naik"], "ongkos kirim",
     "ongkos kirim pas jam makan siang"),
    ("en", ["delivery charge keep going up", "the delivery charge keep going up lah",
            "but delivery charge keep going up", "delivery charge"], "delivery charge", "delivery charge keep going up"),
]


@pytest.mark.parametrize("language, texts, seed, wanted", CORE, ids=[c[3] for c in CORE])
def test_the_core_span_is_the_label(language, texts, seed, wanted):
    vocab = vocabulary_for(language, evaluative=set())
    key = tuple(vocab._stem(w) for w in seed.split())
    _, label = label_span(texts, [f"p{i}" for i in range(len(texts))], key, vocab)
    assert label == wanted


def test_a_thai_label_loses_its_particles():
    segments = {"ค่าส่งขึ้นอีกแล้วนะ": ["ค่าส่ง", "ขึ้น", "อีก", "แล้ว", "นะ"], "ค่าส่งขึ้นครับ": ["ค่าส่ง", "ขึ้น", "ครับ"],
                "แต่ค่าส่งขึ้น": ["แต่", "ค่าส่ง", "ขึ้น"]}
    vocab = vocabulary_for("th", evaluative=set(), tokenize=lambda p: segments.get(p, [p] if p else []))
    _, label = label_span(list(segments), ["a", "b", "c"], ("ค่าส่ง",), vocab)
    assert label == "ค่าส่งขึ้น"
