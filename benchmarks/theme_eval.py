"""Theme benchmark: generated studies with planted complaint themes; recall and purity of the themes.

    PYTHONPATH=. python benchmarks/theme_eval.py [--seeds 5] [--people 60]

Each generated study has three domains none of which is the demo's (a banking app, food delivery,
a mobile network), one stage each, and in each stage planted complaint themes written in several
wordings (different verbs, numbers, word order) by different people, in English and in Malay,
plus noise: small talk and evaluation-only clauses ("terrible", "so good"). The same clause table
goes through ``workbench.themes.build_themes`` and through a plain baseline, the top-frequency
bigram themes (per stage and language, the k commonest bigrams, each taking the clauses that
contain it; k = the number of themes the method found there, so both get the same budget).

Metrics, against the planted labels (noise is its own class):
- recall: share of planted themes that are the majority class of at least one found theme;
- purity: over the clauses in found themes, the share in their theme's majority class (a theme of
  small talk alone is pure noise, so dropping one lowers purity a little);
- planted purity: the same over the themes whose majority is a planted theme (what a reader acts on);
- coverage: share of planted clauses that land in a theme whose majority is their own theme;
- fragmentation: themes whose majority is planted, per planted theme recovered (1.0 = one each);
- noise themes: themes whose majority is noise (small talk that several people happened to share);
- span labels (themes only): share of labels that are a real span of two or more words of one of the
  theme's own clauses, as a researcher would quote it (not one loose word, not a list of words).
"""
from __future__ import annotations

import argparse
import statistics
import warnings
from collections import Counter

import numpy as np
import pandas as pd

from workbench.themes import build_themes, evaluative_words, vocabulary_for

# stage -> planted theme -> (language, wordings); "{n}" is a number drawn per clause.
PLANTED = {
    "onboarding": {
        "otp-missing": ("en", ["the OTP code never arrived on my phone", "never got the OTP sms, tried {n} times",
                               "OTP sms did not come so I could not log in", "kept waiting for the OTP code"]),
        "ic-photo-rejected": ("en", ["the app rejected my IC photo {n} times", "IC photo upload keeps failing",
                                     "it would not accept the photo of my IC", "had to retake the IC photo again"]),
        "otp-missing-ms": ("ms", ["kod OTP tak sampai langsung", "tunggu kod OTP {n} minit tak masuk",
                                  "SMS OTP tak pernah sampai ke telefon"]),
    },
    "delivery": {
        "rider-lost": ("en", ["the rider could not find my block", "rider called me {n} times asking for the block",
                              "the rider went to the wrong block again", "rider got lost looking for my block"]),
        "cold-food": ("en", ["the noodles arrived cold", "food came cold after {n} minutes",
                             "my rice was already cold when it arrived", "cold food again, the soup was cold"]),
        "missing-item": ("en", ["the drink was missing from my order", "one item missing, no drink in the bag",
                                "they forgot the drink again", "my order came without the drink"]),
        "cold-food-ms": ("ms", ["makanan sampai dah sejuk", "nasi sejuk bila sampai", "makanan sejuk lepas {n} minit"]),
    },
    "billing": {
        "roaming-charge": ("en", ["charged roaming fees in Singapore even with the pass", "roaming charge of RM{n} on my bill",
                                  "the bill had roaming fees I never used", "surprise roaming fees after my trip"]),
        "data-cut": ("en", ["my data was cut before the month ended", "data cut off on day {n}",
                            "they cut my data even though the quota was left", "internet data got cut twice"]),
    },
}
# Noise: evaluation-only clauses, and small talk composed from parts so it rarely repeats word for word.
EVALUATION = {"en": ["terrible", "so good", "honestly not bad", "very frustrating", "great great great", "awful",
                     "love it", "it was okay I guess"],
              "ms": ["okay je", "bagus", "teruk", "best gila"]}
TALK = {"en": (["my sister", "my boss", "a friend", "my neighbour", "the kids", "my husband", "my cousin", "nobody"],
               ["told me about", "was busy with", "asked me about", "laughed at", "forgot about", "talked about",
                "cooked", "cleaned"],
               ["the weekend", "the wedding", "school", "the football", "the new mall", "lunch", "the rain",
                "the holidays", "the car", "the cat"]),
        "ms": (["kakak saya", "kawan", "bos saya", "jiran", "anak"],
               ["cakap pasal", "sibuk dengan", "tanya pasal", "lupa pasal"],
               ["hujan", "kenduri", "sekolah", "bola", "cuti", "kereta"])}
MIN_MAJORITY = 0.5


def generate(seed: int, people: int = 60) -> pd.DataFrame:
    """A clause table like ``analyse_voice(...).clauses`` with a ``planted`` column (theme or "noise")."""
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(people):
        person = f"S{seed}-P{p:03d}"
        speaks = "ms" if rng.random() < 0.3 else "en"
        for stage, themes in PLANTED.items():
            mine = [t for t, (lang, _) in themes.items() if lang == speaks]
            for theme in mine:
                if rng.random() < 0.35:
                    for _ in range(int(rng.integers(1, 3))):
                        text = rng.choice(themes[theme][1]).format(n=int(rng.integers(2, 60)))
                        compound = float(rng.uniform(-0.8, 0.1))
                        rows.append((person, stage, speaks, text, compound, theme))
            for _ in range(int(rng.integers(0, 3))):
                if rng.random() < 0.5:
                    text = str(rng.choice(EVALUATION[speaks]))
                else:
                    text = " ".join(str(rng.choice(part)) for part in TALK[speaks])
                rows.append((person, stage, speaks, text, float(rng.uniform(-1, 1)), "noise"))
    frame = pd.DataFrame(rows, columns=["participant", "stage", "language", "text", "compound", "planted"])
    frame["unit_id"] = [f"{p}#{i}" for i, p in enumerate(frame["participant"])]
    frame["clause_id"] = frame["unit_id"] + "/1.1"
    frame["sentence_text"] = frame["text"]
    frame["stages"] = frame["stage"].map(lambda s: (s,))
    frame["touchpoints"] = [()] * len(frame)
    return frame


def baseline(clauses: pd.DataFrame, budget: dict[tuple[str, str], int]) -> list[list[str]]:
    """Top-frequency bigram themes: per stage and language, the k commonest bigrams' clauses."""
    out = []
    for (stage, language), group in clauses.groupby(["stage", "language"]):
        vocab = vocabulary_for(language)
        grams = [[k for k in vocab.phrases(t) if len(k) == 2] for t in group["text"]]
        counts = Counter(k for g in grams for k in set(g))
        free = set(group["clause_id"])
        for key, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:budget.get((stage, language), 0)]:
            members = [c for c, g in zip(group["clause_id"], grams) if key in g and c in free]
            free -= set(members)
            if members:
                out.append(members)
    return out


def score(themes: list[list[str]], clauses: pd.DataFrame) -> dict[str, float]:
    truth = dict(zip(clauses["clause_id"], clauses["planted"]))
    planted = set(clauses["planted"]) - {"noise"}
    majority, pure, total, covered, on_planted = set(), 0, 0, 0, 0
    planted_pure, planted_total = 0, 0
    for members in themes:
        counts = Counter(truth[c] for c in members)
        top, k = counts.most_common(1)[0]
        pure += k
        total += len(members)
        if top != "noise":
            planted_pure += k
            planted_total += len(members)
        if top != "noise" and k >= MIN_MAJORITY * len(members):
            majority.add(top)
            covered += k
            on_planted += 1
    n_planted = int((clauses["planted"] != "noise").sum())
    return {"recall": len(majority & planted) / len(planted), "purity": pure / total if total else float("nan"),
            "planted_purity": planted_pure / planted_total if planted_total else float("nan"),
            "coverage": covered / n_planted, "themes": len(themes),
            "per_planted": on_planted / len(majority) if majority else float("nan"),
            "noise_themes": len(themes) - on_planted}


def span_labels(found: pd.DataFrame, clauses: pd.DataFrame) -> float:
    """Share of labels of two or more words that occur as written in one of their theme's clauses."""
    text = dict(zip(clauses["clause_id"], clauses["text"].str.lower()))
    ok = [len(label.split()) >= 2 and any(label in text[c] for c in ids.split(";"))
          for label, ids in zip(found["label"], found["clause_ids"])]
    return sum(ok) / len(ok) if ok else float("nan")


def run(seeds: int, people: int) -> pd.DataFrame:
    evaluative = evaluative_words()
    rows = []
    for seed in range(seeds):
        clauses = generate(seed, people)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = build_themes(clauses, evaluative=evaluative)
            budget = found.groupby(["stage", "language"]).size().to_dict()
            plain = baseline(clauses, budget)
        ours = [ids.split(";") for ids in found["clause_ids"]]
        rows.append({"seed": seed, "method": "themes", **score(ours, clauses), "span_labels": span_labels(found, clauses)})
        rows.append({"seed": seed, "method": "bigram baseline", **score(plain, clauses)})
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--people", type=int, default=60)
    args = parser.parse_args()
    table = run(args.seeds, args.people)
    print(f"{args.seeds} generated studies x {args.people} people, {sum(len(t) for t in PLANTED.values())} "
          "planted themes each (English and Malay), noise included")
    for method, group in table.groupby("method", sort=False):
        parts = [f"{m} {statistics.mean(group[m]):.3f} (min {group[m].min():.3f})" for m in
                 ("recall", "purity", "planted_purity", "coverage")]
        print(f"{method:16s} " + "; ".join(parts) + f"; themes/study {group['themes'].mean():.1f}, "
              f"themes per recovered planted theme {group['per_planted'].mean():.2f}, "
              f"noise-majority themes {group['noise_themes'].mean():.1f}"
              + (f"; span labels {group['span_labels'].mean():.2f}" if group["span_labels"].notna().any() else ""))


if __name__ == "__main__":
    main()
