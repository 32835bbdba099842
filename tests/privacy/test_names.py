"""Names the study knows, and names learned after relation words."""
from __future__ import annotations

import pytest

from workbench.privacy.names import build_name_book, learn_names


@pytest.mark.parametrize("text,learned", [
    ("I live in PJ with my sister Mei Xin and a very fat cat.", ["Mei Xin"]),
    ("I have one son, Danish, he's two and a half.", ["Danish"]),
    ("And my husband, Suresh, he's a supervisor.", ["Suresh"]),
    ("My colleague, Farid. He's one of my senior sales guys.", ["Farid"]),
    ("Suami saya, Ahmad, yang pergi ambil.", ["Ahmad"]),
    ("Teman kantor saya, Yoga, juga belanja.", ["Yoga"]),
    ("Pak Budi bilang gampang.", ["Budi"]),
    ("我老公阿明去拿的包裹。", ["阿明"]),
    ("My wife said buy, buy.", []),                      # no capitalised word
    ("My daughter I think was asleep.", []),             # "I" is a stopword
    ("My sister in KL has twins.", []),
    ("My husband Monday was away.", []),                 # days are not names
])
def test_learn_names(text, learned):
    assert learn_names([text]) == learned


def test_first_names_map_to_the_participant_and_full_names_win():
    book = build_name_book([("P02", "Jason Lim")], ["Aisyah", "Moderator"], ["Mei Xin"])
    assert book.forms["Jason Lim"] == ("P02", "participant")
    assert book.forms["Jason"] == ("P02", "participant")
    assert book.forms["Aisyah"] == ("[INTERVIEWER]", "interviewer")
    assert "Moderator" not in book.forms           # a role, not a name
    assert "Mei" not in book.forms                 # other people's first names alone are not redacted


def test_participants_win_over_the_same_name_learned_later():
    book = build_name_book([("P17", "Lina")], [], ["Lina"])
    assert book.forms["Lina"] == ("P17", "participant")
