from collections import Counter

import pytest

from workbench.voc.emotion import EMOTIONS, EmotionTagger, decide, emoji_map
from workbench.voc.sentiment import SentimentTagger
from workbench.voc.text import language_for

EN = language_for("en")
TAGGER = EmotionTagger(EN)
SENTIMENT = SentimentTagger()


@pytest.mark.parametrize("text, emotion", [
    ("I absolutely love the new app!", "delight"),
    ("Wow, it exceeded my expectations", "delight"),
    ("Checkout was easy", "satisfaction"),
    ("It arrived on Tuesday", "neutral"),
    ("The size chart is confusing", "confusion"),
    ("I couldn't find the returns page", "confusion"),
    ("I waited 40 minutes, so annoying", "frustration"),
    ("Had to call again and again", "frustration"),
    ("I'm worried my parcel is lost", "anxiety"),
    ("Not sure if my payment went through", "anxiety"),
    ("Charged twice, this is outrageous", "anger"),
    ("The agent was rude and I am furious", "anger"),
    ("Not confusing at all, really easy", "satisfaction"),   # sentiment keeps cues honest
])
def test_labelled_emotions(text, emotion):
    stems = TAGGER.matcher.stems(text)
    assert TAGGER.emotion(stems, SENTIMENT.polarity(text)) == emotion


@pytest.mark.parametrize("votes, compound, emotion", [
    (Counter(), 0.8, "delight"),
    (Counter(), 0.3, "satisfaction"),
    (Counter(), 0.0, "neutral"),
    (Counter(), -0.3, "frustration"),
    (Counter({"anger": 1, "frustration": 1}), -0.5, "anger"),      # ties: the stronger emotion
    (Counter({"delight": 2}), -0.5, "frustration"),               # positive cues, negative clause
])
def test_decision_rule(votes, compound, emotion):
    assert decide(votes, compound) == emotion


def test_every_emotion_has_a_fixed_emoji():
    emoji = emoji_map()
    assert set(emoji) == set(EMOTIONS)
    assert len(set(emoji.values())) == len(EMOTIONS)


# Emotions in the region's languages: hand-written customer lines, one per kind of emotion.
@pytest.mark.parametrize("code, text, emotion", [
    ("ms", "Risau barang belum sampai lagi", "anxiety"),
    ("ms", "Geram betul, kena tipu dengan seller", "anger"),
    ("ms", "Pening, tak faham macam mana nak claim", "confusion"),
    ("ms", "Lambat gila, tunggu sejam", "frustration"),
    ("id", "Puas banget, mantap pelayanannya!", "delight"),
    ("id", "Bingung, menu refund-nya gak jelas", "confusion"),
    ("id", "Khawatir paketnya belum sampai", "anxiety"),
    ("th", "งงมาก หาปุ่มยกเลิกไม่เจอ", "confusion"),
    ("th", "โมโหมาก โดนโกงเงิน", "anger"),
    ("th", "รอนานมาก รำคาญ", "frustration"),
    ("zh", "太慢了，等了一个小时，无语", "frustration"),
    ("zh", "气死了，骗子商家", "anger"),
    ("zh", "很担心包裹还没到", "anxiety"),
])
def test_emotions_in_other_languages(code, text, emotion):
    tagger = EmotionTagger(code)
    assert tagger.emotion(tagger.matcher.stems(text), SENTIMENT.polarity(text, code)) == emotion


@pytest.mark.parametrize("code", ["en", "ms", "id", "th", "zh"])
def test_emotion_tagger_accepts_every_supported_code(code):
    tagger = EmotionTagger(code)
    assert tagger.emotion([], 0.0) == "neutral"
