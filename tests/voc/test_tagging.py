import pytest

from workbench.voc.tagging import CueMatcher, prior_tags, stages_of, touchpoint_matcher
from workbench.voc.text import language_for

EN = language_for("en")


@pytest.mark.parametrize("text, expected", [
    ("The shipping was slow", ("shipping-cost",)),
    ("They shipped it fast", ("shipping-cost",)),          # inflection
    ("SHIPPING!", ("shipping-cost",)),                      # case
    ("Our relationship with the shop", ()),                 # whole words: no "ship" in "relationship"
    ("the delivery fees were high", ("shipping-cost",)),   # phrase cue, plural
    ("the delivery was quick", ()),                         # half a phrase is not the phrase
    ("I checked out quickly", ("checkout",)),               # "check out" stemmed
    ("the agent fixed the shipping", ("support-chat", "shipping-cost")),  # several, in order
    ("I left a review after the review request email", ("reviews",)),
    ("", ()),
])
def test_touchpoint_cues(config, text, expected):
    matcher = touchpoint_matcher(config, EN)
    assert matcher.labels(matcher.stems(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("I saw an ad on Instagram", ("ads",)),
    ("Their ads are everywhere", ("ads",)),
    ("I added it to the basket", ()),  # Snowball stems "added" to "ad": too short to trust
])
def test_short_cues_match_only_themselves_or_plurals(text, expected):
    m = CueMatcher({"ads": ["ad"]}, EN)
    assert m.labels(m.stems(text)) == expected


def test_longest_cue_wins_at_a_position():
    m = CueMatcher({"a": ["free"], "b": ["free shipping"]}, EN)
    assert m.counts(m.stems("free shipping and free returns")) == {"b": 1, "a": 1}


@pytest.mark.parametrize("about, expected", [
    ("checkout", (("checkout",), ("purchase",))),
    ("retention", ((), ("retention",))),
    ("overall", ((), ())),
    (None, ((), ())),
    (float("nan"), ((), ())),
])
def test_survey_about_is_a_prior(config, about, expected):
    assert prior_tags(about, config) == expected


def test_stages_in_journey_order(config):
    assert stages_of(["support-chat", "checkout", "shipping-cost"], config) == ("purchase", "retention")
