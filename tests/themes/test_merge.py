"""Near-duplicate themes of a stage are merged under the most specific label (small visible fixtures)."""
import pytest

from workbench.themes import build_themes, vocabulary_for
from workbench.themes.cluster import Found
from workbench.themes.merge import merge_themes, variants
from workbench.themes.label import content_stems

from .test_themes import clause_frame

# The same chat-queue wait worded three ways by eight people: "40 min", "40 minutes", "waited ... in the
# chat queue". Before merging these came out as separate themes, as in the demo.
WAITS = [("p1", "waited 40 minutes in the chat queue"), ("p2", "waited 40 minutes in the chat queue again"),
         ("p3", "40 min"), ("p4", "40 min la"), ("p5", "40 min, then gave up"),
         ("p6", "40 minutes"), ("p7", "40 minutes lor"), ("p8", "waited 45 minutes in the chat queue")]
PLASTIC = [("p9", "plastic bag inside plastic bag"), ("p10", "plastic bag again"), ("p11", "so many plastic bag")]


def frame():
    rows = [(p, t, -0.3, "retention", ["support-chat"]) for p, t in WAITS]
    rows += [(p, t, -0.2, "retention", ["packaging"]) for p, t in PLASTIC]
    return clause_frame(rows)


def test_number_and_unit_variants_are_one_theme_with_the_specific_label():
    themes = build_themes(frame(), evaluative=set())
    waits = themes[themes["touchpoints"] == "support-chat"]
    assert len(waits) == 1, themes[["label", "people"]].to_string()
    assert waits.iloc[0]["people"] == 8
    assert waits.iloc[0]["label"] == "waited 40 minutes in the chat queue"
    assert (themes["touchpoints"] == "packaging").sum() == 1   # a different thing stays apart


def test_merge_needs_the_same_touchpoint_for_shared_words():
    vocab = vocabulary_for("en")
    texts = ["chat queue took long", "chat queue took ages", "chat queue took forever",
             "phone queue took long", "phone queue took ages", "phone queue took forever"]
    people = ["a", "b", "c", "d", "e", "f"]
    tps = [("support-chat",)] * 3 + [("hotline",)] * 3
    sets = [vocab.phrases(t) for t in texts]
    found = [Found([0, 1, 2], ("chat", "queue"), [("chat", "queue")], [("chat", "queue")]),
             Found([3, 4, 5], ("phone", "queue"), [("phone", "queue")], [("phone", "queue")])]
    assert len(merge_themes(found, texts, people, tps, sets, vocab)) == 2
    same_place = [("support-chat",)] * 6
    assert len(merge_themes(found, texts, people, same_place, sets, vocab)) == 1


def test_broad_words_do_not_make_labels_variants():
    vocab = vocabulary_for("en")
    stems = [content_stems(tuple(vocab._stem(w) for w in s.split()), vocab) for s in ("online service", "service fee")]
    assert not variants(*stems, vocab.generic)


def _two(texts_a, texts_b, tps_a="support-chat", tps_b="support-chat", neg_a=True, neg_b=True, seed_a=(), seed_b=(),
         pos_a=False, pos_b=False):
    vocab = vocabulary_for("en")
    texts = texts_a + texts_b
    people = [f"p{i}" for i in range(len(texts))]
    tps = [(tps_a,)] * len(texts_a) + [(tps_b,)] * len(texts_b)
    negative = [neg_a] * len(texts_a) + [neg_b] * len(texts_b)
    positive = [pos_a] * len(texts_a) + [pos_b] * len(texts_b)
    sets = [vocab.phrases(t) for t in texts]
    a = list(range(len(texts_a)))
    b = list(range(len(texts_a), len(texts)))
    found = [Found(a, seed_a, [seed_a], [seed_a]), Found(b, seed_b, [seed_b], [seed_b])]
    return merge_themes(found, texts, people, tps, sets, vocab, negative, positive)


HALF = ["half an hour", "half an hour lor", "half an hour, then gave up"]
ANOTHER = ["waited another 40 min", "waited another 40 min again", "then waited another 40 min"]


def test_lengths_of_time_at_one_place_in_one_spirit_are_one_theme():
    # demo-shop's loyal regulars: "half an hour" and "waited another 40 min" were two chat-queue themes
    assert len(_two(HALF, ANOTHER, seed_a=("half", "hour"), seed_b=("wait", "anoth"))) == 1
    # not at another touchpoint, nor when one is a complaint and the other is not
    assert len(_two(HALF, ANOTHER, tps_b="delivery", seed_a=("half", "hour"), seed_b=("wait", "anoth"))) == 2
    assert len(_two(HALF, ANOTHER, neg_b=False, seed_a=("half", "hour"), seed_b=("wait", "anoth"))) == 2


def test_one_shared_word_of_the_stage_does_not_merge_two_praises():
    # demo-makan: "drivernya ramah" (friendly) was merged into "drivernya ikutin catatan" (followed my note)
    # for their one shared word, the stage's own subject
    friendly = [f"drivernya ramah {x}" for x in ("banget", "sekali", "lho", "kok", "deh", "juga", "ya", "sih", "nih", "kan", "lah")]
    note = [f"drivernya ikutin catatan {x}" for x in ("saya", "kami", "aku", "gue", "kita", "dia", "mereka", "lagi", "juga", "aja", "pula")]
    vocab = vocabulary_for("id")
    texts = friendly + note
    sets = [vocab.phrases(t) for t in texts]
    seeds = [next(k for k in sets[0] if len(k) == 2), next(k for k in sets[-1] if len(k) == 2)]
    found = [Found(list(range(11)), seeds[0], [seeds[0]], [seeds[0]]),
             Found(list(range(11, 22)), seeds[1], [seeds[1]], [seeds[1]])]
    merged = merge_themes(found, texts, [f"p{i}" for i in range(22)], [("rider",)] * 22, sets, vocab, [False] * 22)
    assert len(merged) == 2, [m[2] for m in merged]


BAG = ["plastic bag for each item", "every item in a plastic bag", "each shirt in its own plastic bag"]
REDUCE = ["pls reduce the plastic", "reduce the plastic please", "really reduce the plastic"]


@pytest.mark.parametrize("neg_a, pos_a, merged", [
    (False, False, True),    # told in plain words (read neutral) and told angrily: one complaint
    (True, False, True),     # both complaints
    (False, True, False),    # praise of the bags and a complaint about plastic: two themes
])
def test_shared_words_merge_unless_the_spirits_are_opposite(neg_a, pos_a, merged):
    found = _two(BAG, REDUCE, tps_a="packaging", tps_b="packaging", neg_a=neg_a, pos_a=pos_a, neg_b=True,
                 seed_a=("bag",), seed_b=("reduc",))
    assert (len(found) == 1) == merged
