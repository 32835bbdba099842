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
