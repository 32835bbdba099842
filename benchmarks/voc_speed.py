"""Speed of the voice-of-customer pipeline against plain VADER, in the same run, per language.

For each language (en, ms, id, th, zh; ``--languages``) generates N seeded survey answers of
about 25 words (the Malay, Indonesian, Thai and Chinese ones code-mixed with English as people
write them), then times
  1. plain VADER ``polarity_scores`` (nltk's, on the vadersentiment lexicon) over the answers;
  2. the pipeline: sentence + clause splitting, touchpoint tagging, sentiment, emotion, phrase
     extraction with collocation scoring (``ClausePipeline.run`` + ``extract_phrases``);
and prints both times and their ratio against plain VADER on the same number of English answers.
Targets (issues 3 and 14): ratio <= 2 and pipeline < 60 s at N = 100,000 on a 2-core machine, in
every language.

    .venv/bin/python benchmarks/voc_speed.py [--n 100000] [--languages en,ms,id,th,zh] [--profile]
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from pathlib import Path

import pandas as pd
import yaml

from workbench.config import parse_study_config
from workbench.voc.clauses import ClausePipeline
from workbench.voc.phrases import extract_phrases
from workbench.voc.sentiment import plain_vader

ROOT = Path(__file__).resolve().parent.parent
SEED = 20260703
BATCH = 5_000  # answers per interleaved timing batch

OPENERS = ["Honestly", "Overall", "To be fair", "Well", "I think", "Last time", "This order", "As usual", ""]
SUBJECTS = ["the checkout", "the delivery fee", "the courier", "the support chat", "the size guide", "my parcel",
            "the product page", "the refund", "the app", "the payment page", "shipping", "the packaging",
            "the loyalty points", "the voucher", "the agent", "the tracking"]
PREDICATES = ["was easy and quick", "was a shock at the end", "took forever to load", "was really helpful",
              "arrived two days late", "was confusing and slow", "worked fine for me", "was not clear at all",
              "came well packed in a box", "was more than the item itself", "kept crashing on my phone",
              "was friendly and solved it", "never arrived", "was charged twice", "made me wait 40 minutes",
              "was exactly what I needed", "looked nothing like the photos", "had no problems at all"]
# Details vary the vocabulary so phrase counting meets thousands of distinct n-grams, as real text does.
ADJECTIVES = ["new", "blue", "cotton", "tiny", "heavy", "cheap", "pretty", "plain", "striped", "soft", "huge",
              "second", "old", "cute", "thin", "warm", "bright", "long", "short", "linen"]
NOUNS = ["dress", "shirt", "basket", "towel", "mug", "lamp", "pillow", "blanket", "bag", "cap", "skirt", "sock",
         "jacket", "bowl", "plate", "curtain", "rug", "shoe", "scarf", "vase", "jar", "sheet", "toy", "book"]
JOINERS = [" but ", " and ", ". ", ", however ", ", although ", " because ", ". Also "]
TAILS = ["", " Why is it so hard?", " Would order again.", " I had to call three times.", " Love it!",
         " Not sure if I will come back.", " Five stars.", " Please fix this."]


def generate(n: int, seed: int = SEED) -> list[str]:
    """``n`` survey answers of about 25 words, reproducible from ``seed``."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        clauses = [f"{rng.choice(SUBJECTS)} for the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} "
                   f"{rng.choice(PREDICATES)}" for _ in range(rng.choice((1, 2, 2, 3)))]
        body = clauses[0]
        for clause in clauses[1:]:
            body += rng.choice(JOINERS) + clause
        text = f"{rng.choice(OPENERS)} {body}".strip()
        text = text[0].upper() + text[1:] + "." + rng.choice(TAILS)
        out.append(text)
    return out


# Hand-written building blocks for the other languages: subject + predicate clauses joined by the
# language's own connectives, with the English words people mix in ("app", "checkout", "rider").
OTHER = {
    "ms": {"subjects": ["rider tu", "caj penghantaran", "app ni", "khidmat pelanggan", "bayaran balik", "baucar",
                        "kedai tu", "checkout", "penghantaran", "akaun saya", "makanan", "harga"],
           "predicates": ["lambat sangat", "mahal gila", "okay je", "tak jawab langsung", "cepat dan senang",
                          "tak masuk lagi", "asyik crash", "best sangat", "tak boleh guna", "sampai sejuk",
                          "berbaloi lah", "teruk betul"],
           "details": ["semalam", "minggu lepas", "pagi tadi", "masa lunch", "dua kali", "hari Jumaat", ""],
           "joiners": [" tapi ", " dan ", ". ", ", walaupun ", " sebab ", ", namun "],
           "tails": ["", " Kenapa lambat sangat?", " Memang tak order lagi.", " Terima kasih!", " Tolong baiki."]},
    "id": {"subjects": ["kurirnya", "ongkirnya", "aplikasinya", "CS nya", "pengembalian dana", "voucher",
                        "tokonya", "checkout", "pengirimannya", "akun saya", "makanannya", "harganya"],
           "predicates": ["lama banget", "mahal banget", "oke aja", "nggak dibalas", "cepet dan gampang",
                          "belum masuk", "error terus", "mantap sih", "gak bisa dipakai", "udah dingin",
                          "worth it kok", "parah sih"],
           "details": ["kemarin", "minggu lalu", "tadi pagi", "pas makan siang", "dua kali", "hari Jumat", ""],
           "joiners": [" tapi ", " dan ", ". ", ", walaupun ", " karena ", ", namun "],
           "tails": ["", " Kenapa lama banget?", " Nggak bakal order lagi.", " Makasih!", " Tolong diperbaiki."]},
    "th": {"subjects": ["ไรเดอร์", "ค่าส่ง", "แอป", "แอดมิน", "การคืนเงิน", "คูปอง", "ร้านนี้", "checkout",
                        "การจัดส่ง", "บัญชีของฉัน", "อาหาร", "ราคา"],
           "predicates": ["ช้ามาก", "แพงเกินไป", "โอเคนะ", "ไม่ตอบเลย", "เร็วและง่าย", "ยังไม่ได้",
                          "ค้างตลอด", "ดีมาก", "ใช้ไม่ได้", "เย็นหมดแล้ว", "คุ้มค่า", "แย่มาก"],
           "details": ["เมื่อวาน", "อาทิตย์ที่แล้ว", "เมื่อเช้า", "ตอนเที่ยง", "สองครั้ง", "วันศุกร์", ""],
           "joiners": ["แต่", " และ", " ", " แต่ว่า", " เพราะ"],
           "tails": ["", " ทำไมช้าจัง", " ไม่สั่งอีกแล้ว", " ขอบคุณค่ะ", " ช่วยแก้ไขด้วย"]},
    "zh": {"subjects": ["骑手", "配送费", "这个 app", "客服", "退款", "优惠券", "这家店", "checkout", "配送",
                        "我的账号", "外卖", "价格"],
           "predicates": ["太慢了", "太贵了", "还可以", "一直不回复", "又快又方便", "还没到账", "老是闪退",
                          "非常好", "用不了", "都凉了", "很划算", "太差了"],
           "details": ["昨天", "上周", "今天早上", "中午的时候", "两次", "周五", ""],
           "joiners": ["，但是", "，而且", "。", "，虽然", "，因为", "，不过"],
           "tails": ["", "为什么这么慢？", "再也不点了。", "谢谢！", "请改进一下。"]},
}


def generate_other(code: str, n: int, seed: int = SEED) -> list[str]:
    """``n`` seeded answers in ``code`` (ms, id, th, zh), one to three clauses each."""
    rng = random.Random(f"{seed}-{code}")
    parts = OTHER[code]
    space = "" if code == "zh" else " "
    out = []
    for _ in range(n):
        clauses = [space.join(x for x in (rng.choice(parts["details"]), rng.choice(parts["subjects"]),
                                          rng.choice(parts["predicates"])) if x)
                   for _ in range(rng.choice((1, 2, 2, 3)))]
        body = clauses[0]
        for clause in clauses[1:]:
            body += rng.choice(parts["joiners"]) + clause
        out.append(body + ("。" if code == "zh" else ("" if code == "th" else ".")) + rng.choice(parts["tails"]))
    return out


def units_for(texts: list[str], language: str = "en") -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame({"source": "survey", "unit_id": [f"bench:R{i}:Q1" for i in range(n)],
                         "participant": [f"R{i % (n // 3 + 1)}" for i in range(n)], "persona": "all",
                         "file": "surveys/bench.csv", "ref": range(2, n + 2), "start": float("nan"),
                         "text": texts, "language": language, "about": "overall"})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--languages", default="en,ms,id,th,zh", help="comma-separated codes to time")
    ap.add_argument("--profile", action="store_true", help="print the pipeline's top functions by time")
    args = ap.parse_args(argv)
    data = yaml.safe_load((ROOT / "corpora/demo-shop/study.yml").read_text())
    for tp, cues in zip(data["touchpoints"], _regional_cues()):
        tp["cues"] = {"en": list(tp.get("cues") or []), **cues} if cues else tp.get("cues")
    config = parse_study_config(data, ROOT / "corpora/demo-shop")
    english = generate(args.n)
    summary = []
    for code in [c.strip() for c in args.languages.split(",") if c.strip()]:
        texts = english if code == "en" else generate_other(code, args.n)
        summary.append((code, *time_language(config, english, texts, code, args)))
    print()
    print("Per language, against plain VADER on as many English answers in the same run (wall | CPU seconds):")
    print(f"{'language':<10}{'pipeline':>16}{'VADER (en)':>16}{'ratio':>14}{'< 60 s':>9}{'<= 2x':>8}")
    for code, (w_pipe, c_pipe), (w_vader, c_vader) in summary:
        print(f"{code:<10}{w_pipe:>8.1f}{c_pipe:>8.1f}{w_vader:>8.1f}{c_vader:>8.1f}{w_pipe / w_vader:>7.2f}"
              f"{c_pipe / c_vader:>7.2f}{'yes' if w_pipe < 60 else 'NO':>9}"
              f"{'yes' if c_pipe <= 2 * c_vader else 'NO':>8}")
    return 0


def _regional_cues() -> list[dict]:
    """Per-language cue words for the demo's touchpoints, in order, so tagging has work to do."""
    words = [{"ms": ["checkout"], "id": ["checkout"], "th": ["checkout"], "zh": ["checkout"]},
             {"ms": ["caj penghantaran"], "id": ["ongkir"], "th": ["ค่าส่ง"], "zh": ["配送费"]},
             {"ms": ["khidmat pelanggan"], "id": ["cs"], "th": ["แอดมิน"], "zh": ["客服"]},
             {"ms": ["bayaran balik"], "id": ["pengembalian dana"], "th": ["การคืนเงิน"], "zh": ["退款"]},
             {"ms": ["rider"], "id": ["kurir"], "th": ["ไรเดอร์"], "zh": ["骑手"]}]
    return words + [{}] * 50


def time_language(config, english: list[str], texts: list[str], code: str, args) -> tuple[float, float]:
    """Time the pipeline on ``texts`` (in ``code``) against plain VADER on as many English answers."""
    units = units_for(texts, code)
    words = sum(len(t.split()) for t in texts) / len(texts)

    # The two are timed in interleaved batches, so a busy machine (other jobs on the same cores)
    # slows both alike and the ratio stays meaningful; wall and CPU seconds are both reported.
    vader = plain_vader()
    pipeline = ClausePipeline(config)
    profiler = cProfile.Profile() if args.profile else None
    wall = {"vader": 0.0, "clauses": 0.0, "phrases": 0.0}
    cpu = dict(wall)
    parts = []
    for lo in range(0, len(texts), BATCH):
        batch = english[lo:lo + BATCH]
        w, c = time.perf_counter(), time.process_time()
        for t in batch:
            vader.polarity_scores(t)
        wall["vader"] += time.perf_counter() - w
        cpu["vader"] += time.process_time() - c
        w, c = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        parts.append(pipeline.run(units.iloc[lo:lo + BATCH]))
        if profiler:
            profiler.disable()
        wall["clauses"] += time.perf_counter() - w
        cpu["clauses"] += time.process_time() - c
    w, c = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    clauses = pd.concat(parts, ignore_index=True)
    index = extract_phrases(clauses)
    if profiler:
        profiler.disable()
    wall["phrases"] += time.perf_counter() - w
    cpu["phrases"] += time.process_time() - c
    t_vader, t_clauses = wall["vader"], wall["clauses"]
    t_pipeline = wall["clauses"] + wall["phrases"]
    cpu_pipeline = cpu["clauses"] + cpu["phrases"]

    print(f"[{code}] {args.n:,} generated answers, {words:.1f} space-separated words on average; "
          f"{len(clauses):,} clauses, "
          f"{len(index.phrases):,} candidate phrases")
    print(f"{'step':<44}{'wall s':>10}{'CPU s':>10}")
    print(f"{'plain VADER polarity_scores (baseline)':<44}{t_vader:>10.2f}{cpu['vader']:>10.2f}")
    print(f"{'  split + tag + sentiment + emotion':<44}{t_clauses:>10.2f}{cpu['clauses']:>10.2f}")
    print(f"{'  phrase extraction + collocations':<44}{wall['phrases']:>10.2f}{cpu['phrases']:>10.2f}")
    print(f"{'voice-of-customer pipeline':<44}{t_pipeline:>10.2f}{cpu_pipeline:>10.2f}")
    print(f"{'ratio pipeline / plain VADER':<44}{t_pipeline / t_vader:>10.2f}{cpu_pipeline / cpu['vader']:>10.2f}"
          "   (target <= 2.00)")
    print(f"{'pipeline under 60 s':<44}{'yes' if t_pipeline < 60 else 'NO':>10}"
          f"{'yes' if cpu_pipeline < 60 else 'NO':>10}")
    if profiler:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    return (t_pipeline, cpu_pipeline), (t_vader, cpu["vader"])


if __name__ == "__main__":
    sys.exit(main())
