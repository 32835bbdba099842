"""The voice chapter's phrase tables (voc/phrases.py) never list a bare word: one token that is a function
word, negation, discourse word, intensifier or number of its language, or a word of a persona's id. Demo-makan's
negative phrases listed "kena", "sangat", "gila" and "student" (of the persona student-saver)."""
import pandas as pd

from workbench.voc.phrases import extract_phrases, phrase_stats


def clauses(rows):
    frame = pd.DataFrame(rows, columns=["participant", "persona", "language", "text", "compound"])
    frame["unit_id"] = [f"u{i}" for i in range(len(frame))]
    frame["source"] = "survey"
    frame["sentence_text"] = frame["text"]
    frame["touchpoints"] = [("delivery-fee",)] * len(frame)
    frame["stages"] = [("order",)] * len(frame)
    for column in ("file", "ref"):
        frame[column] = "answers.csv"
    frame["start"] = None
    return frame


def test_bare_words_are_not_listed_but_what_happened_is():
    texts = ["student macam kami kena caj penghantaran mahal sangat", "kena caj penghantaran mahal gila",
             "student kena caj penghantaran sangat mahal", "caj penghantaran mahal gila, student tak mampu"]
    frame = clauses([(f"p{i}", "student-saver", "ms", t, -0.6) for i, t in enumerate(texts)])
    listed = set(phrase_stats(frame, extract_phrases(frame))["phrase"])
    assert {"kena", "sangat", "gila", "student", "tak"}.isdisjoint(listed), sorted(listed)
    assert {"caj penghantaran", "mahal", "student macam"} & listed   # words that say something stay
    assert "caj penghantaran" in listed


def test_a_single_chinese_character_is_no_phrase_alone():
    texts = ["配送费又涨了", "配送费又涨了太贵", "配送费又涨了要钱", "又涨了配送费"]
    frame = clauses([(f"p{i}", "family-orderer", "zh", t, -0.6) for i, t in enumerate(texts)])
    listed = set(phrase_stats(frame, extract_phrases(frame))["phrase"])
    assert "涨" not in listed and "配送费" in listed, sorted(listed)
