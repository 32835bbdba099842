"""Hand-written open answers for demo-makan's surveys, the seeded survey draw, and PLANTED.md.

Every text below was written for this demo by hand, the way customers of a food-delivery app in
Malaysia, Indonesia and Thailand type into a survey box: short, unpunctuated, mixing English into
Malay, Indonesian, Thai and Chinese. Nothing is translated from demo-shop's pools.

Pools are keyed (pool, language). The draw is seeded by the generator; a respondent answers in the
language users.csv gives them. Pools are written so that the planted signals are clean:
- ``fee``: loud complaints about the delivery fee (never naming payment, vouchers, riders or support);
- ``pay``: payment praised (the said-positive side of the payment drop);
- ``rider``: delivery spoken of well (the score-high-operations-miss touchpoint stays positive);
- ``refund``: refunds described as slow (the score-high-story-negative side);
- nothing anywhere names the address pin (silent friction).
"""
from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pandas as pd

from workbench.stats import wilson  # the same interval the reports use

LANGS = ("ms", "id", "th", "zh", "en")
POOLS: dict[tuple[str, str], list[str]] = {
    # ---- Q2 overall, positive
    ("q2_pos", "ms"): ["Senang guna, pilihan kedai banyak, makanan sampai panas lagi",
                       "ok je, selalu order lunch guna app ni, takde masalah besar",
                       "Saya suka sebab ada kedai mamak dekat rumah yang jarang ada kat app lain",
                       "best la app ni, laju dan senang nak reorder makanan yang sama"],
    ("q2_pos", "id"): ["Aplikasinya gampang dipake, restonya banyak, makanan dateng masih anget",
                       "Udah langganan tiap makan siang di kantor, sejauh ini aman2 aja",
                       "suka bgt krn bisa pesen ulang dengan sekali klik",
                       "Pilihan makanannya lengkap, dari warteg sampe resto mahal ada"],
    ("q2_pos", "th"): ["ใช้ง่ายดีค่ะ ร้านเยอะ อาหารมาถึงยังร้อนอยู่เลย",
                       "สั่งเกือบทุกวันครับ ไม่ค่อยมีปัญหา แอปลื่นดี",
                       "ชอบที่สั่งซ้ำได้ง่ายๆ กดทีเดียวจบ",
                       "มีร้านดังๆ ในซอยเยอะ หาของกินง่ายมากค่ะ"],
    ("q2_pos", "zh"): ["很方便，餐厅选择多，送来的时候还是热的",
                       "平时午餐都用这个 app 叫，没什么大问题",
                       "喜欢可以一键再来一单，很省时间",
                       "附近好吃的档口都有，比其他 app 多"],
    ("q2_pos", "en"): ["Easy to use, lots of choice, food comes hot",
                       "I order lunch on it most days, works fine lah",
                       "Good app, reorder is one tap, very convenient"],
    # ---- the delivery fee: loud complaints (Q2 and could_be_better); loud but harmless
    ("fee", "ms"): ["Caj penghantaran mahal sangat, kadang lagi mahal dari makanan tu sendiri",
                    "caj delivery naik lagi bulan ni, tak masuk akal la",
                    "Semua ok cuma caj hantar tu mahal gila, 3km pun RM6",
                    "Tolong la turunkan caj penghantaran, student macam kami tak mampu",
                    "caj delivery waktu hujan naik dua kali ganda, sedih"],
    ("fee", "id"): ["Ongkir mahal banget, kadang lebih mahal dari makanannya",
                    "ongkirnya naik terus, deket aja kena 15rb",
                    "Checkout ok tapi ongkir mahal, jadi mikir dua kali mau pesen",
                    "ongkos kirim pas jam makan siang gila sih mahalnya",
                    "Tolong ongkir diturunin dong, kasian anak kos"],
    ("fee", "th"): ["ค่าส่งแพงมาก บางทีแพงกว่าค่าอาหารอีก",
                    "ค่าส่งขึ้นอีกแล้ว ใกล้แค่นี้ทำไมแพงจังคะ",
                    "ทุกอย่างโอเค แต่ค่าส่งแพงเกินไปครับ",
                    "ช่วงฝนตกค่าส่งแพงขึ้นเยอะมาก 555 ร้องไห้",
                    "อยากให้ลดค่าส่งหน่อยค่ะ นักศึกษาไม่ไหว"],
    ("fee", "zh"): ["运费太贵了，有时候比食物还贵",
                    "配送费又涨了，才两公里就要六块",
                    "其他都还好，就是运费贵到离谱",
                    "下雨天配送费直接翻倍，有点过分",
                    "希望运费可以便宜一点，学生真的吃不消"],
    ("fee", "en"): ["Delivery fee is too expensive, sometimes more than the food",
                    "delivery charge keep going up, 2km also RM6, why",
                    "Everything ok except the delivery fee, very steep"],
    # ---- Q2 neutral
    ("q2_neu", "ms"): ["biasa je", "Ok la, macam app lain jugak", "Tak banyak beza dengan yang lain"],
    ("q2_neu", "id"): ["biasa aja sih", "Standar, kayak aplikasi lain", "lumayan"],
    ("q2_neu", "th"): ["ก็เฉยๆ ค่ะ", "ปกติครับ เหมือนแอปอื่น", "พอใช้ได้"],
    ("q2_neu", "zh"): ["一般般", "和其他 app 差不多", "还行吧"],
    ("q2_neu", "en"): ["It's ok", "Same same as the other apps"],
    # ---- Q4 about the rider and delivery: spoken of well
    ("rider", "ms"): ["Rider baik, siap call bila dah sampai bawah",
                      "Penghantar ramah, makanan tak tumpah langsung",
                      "Rider pakai baju hujan pun still senyum, respek",
                      "ok, rider follow nota saya suruh letak depan pintu"],
    ("rider", "id"): ["Drivernya ramah, makanan aman ga tumpah",
                      "Kurirnya sopan, nelpon dulu sebelum nyampe",
                      "abang ojolnya baik banget, nungguin saya turun dari lantai 5",
                      "Oke, drivernya ikutin catatan saya"],
    ("rider", "th"): ["ไรเดอร์สุภาพมากค่ะ โทรมาบอกก่อนถึง",
                      "คนส่งน่ารัก อาหารไม่หกเลยครับ",
                      "ไรเดอร์ใจดี รอหน้าตึกให้ด้วย",
                      "โอเคค่ะ คนส่งทำตามที่เขียนโน้ตไว้"],
    ("rider", "zh"): ["骑手很有礼貌，到楼下会先打电话",
                      "外卖员态度很好，汤都没洒出来",
                      "下雨天骑手还是准时送到，辛苦了",
                      "骑手有照我的备注放门口，不错"],
    ("rider", "en"): ["Rider was polite, called when he reached",
                      "The rider followed my note, left it at the door, nice"],
    # ---- Q6 about payment: praised (said-positive side of the payment drop)
    ("pay", "ms"): ["Bayar guna Touch n Go senang, sekali tekan je",
                    "Pembayaran cepat, boleh pilih banyak e-wallet",
                    "Senang bayar, tak payah keluar duit tunai",
                    "ok, bayar pakai kad pun lancar"],
    ("pay", "id"): ["Bayarnya gampang, bisa pake GoPay, OVO, Dana",
                    "QRIS nya cepet, ga ribet",
                    "Pembayaran lancar jaya",
                    "suka bisa bayar pake saldo e-wallet langsung"],
    ("pay", "th"): ["จ่ายเงินง่ายมากค่ะ สแกนจ่ายทีเดียวจบ",
                    "ชำระเงินผ่านพร้อมเพย์สะดวกดีครับ",
                    "ชอบที่จ่ายเงินได้หลายแบบ",
                    "จ่ายเงินเร็ว ไม่ต้องพกเงินสด"],
    ("pay", "zh"): ["付款很方便，用电子钱包一下就好",
                    "支付很快，Touch n Go 也可以",
                    "付款没问题，刷卡也顺",
                    "支付方式很多，挺好的"],
    ("pay", "en"): ["Payment is easy, one tap with Touch n Go",
                    "Lots of e-wallet options, payment is smooth"],
    # ---- Q8 about refunds: slow (score-high-story-negative side)
    ("refund", "ms"): ["Refund lambat gila, dah seminggu lebih duit tak masuk lagi",
                       "Duit balik ambil masa dua minggu, lama sangat untuk RM15",
                       "refund lulus tapi tunggu lama sangat baru masuk",
                       "Pulangan wang lambat, kena check hari-hari"],
    ("refund", "id"): ["Refund lama banget, udah seminggu lebih belum masuk",
                       "pengembalian dana nya lambat parah, dua minggu baru cair",
                       "refund disetujui tapi nunggunya lama bgt",
                       "Dana kembali lama, tiap hari ngecek saldo"],
    ("refund", "th"): ["คืนเงินช้ามาก รอเป็นอาทิตย์แล้วยังไม่เข้า",
                       "รีฟันด์อนุมัติแล้วแต่รอนานมากค่ะ",
                       "คืนเงินช้าเกินไปครับ สองอาทิตย์กว่าจะได้",
                       "รอคืนเงินนานมาก ต้องเช็คทุกวัน"],
    ("refund", "zh"): ["退款太慢了，一个多星期还没到账",
                       "退款批准了可是等了两个礼拜才收到",
                       "退钱要等很久，每天都要去查",
                       "退款速度太慢，才十五块也要等这么久"],
    ("refund", "en"): ["Refund was approved but took two weeks to come in",
                       "Refund very slow, checked every day"],
    # ---- could_be_better, other wishes (neither fee nor pin)
    ("better", "ms"): ["Tambah lagi kedai makan area Shah Alam", "Nak filter makanan halal yang lebih jelas",
                       "Kadang app lag masa waktu lunch", "takde, dah ok"],
    ("better", "id"): ["Tambahin resto di daerah Bekasi dong", "Filter makanan pedes/ga pedes biar jelas",
                       "kadang aplikasinya lemot pas jam makan siang", "udah oke kok"],
    ("better", "th"): ["อยากให้มีร้านแถวบางนาเพิ่มค่ะ", "อยากให้กรองร้านมังสวิรัติได้",
                       "บางทีแอปค้างตอนเที่ยงครับ", "ไม่มีค่ะ ดีแล้ว"],
    ("better", "zh"): ["希望多一些槟城的餐厅", "希望可以筛选素食", "中午的时候 app 有时候会卡", "没有，挺好的"],
    ("better", "en"): ["More restaurants in my area please", "app a bit laggy at lunch time"],
    # ---- anything_else
    ("else", "ms"): ["Terima kasih, teruskan usaha", "Harap ada lebih banyak kedai tempatan", "Good job team"],
    ("else", "id"): ["Makasih, semangat terus", "Semoga makin banyak UMKM yang gabung", "mantap"],
    ("else", "th"): ["ขอบคุณค่ะ", "สู้ๆ นะคะ", "อยากให้มีร้านท้องถิ่นเยอะขึ้น"],
    ("else", "zh"): ["谢谢，加油", "希望多一些本地小店", "继续保持"],
    ("else", "en"): ["Thanks, keep it up", "More local stalls please"],
}
FEE_RE = r"(?i)caj penghantaran|caj delivery|caj hantar|ongkir|ongkos kirim|ค่าส่ง|运费|配送费|delivery fee|delivery charge"
NPS_WEIGHTS = {10: 16, 9: 20, 8: 22, 7: 16, 6: 9, 5: 7, 4: 4, 3: 3, 2: 1, 1: 1, 0: 1}
CSAT_HIGH = {5: 48, 4: 40, 3: 7, 2: 3, 1: 2}  # delivery and refund CSAT: scores look good
CES_HIGH = {7: 40, 6: 32, 5: 16, 4: 6, 3: 3, 2: 2, 1: 1}
USER_LANGUAGE = {"ms": "MS", "id": "ID", "th": "TH", "zh": "ZH-S", "en": "EN"}
QUALTRICS_COLUMNS = [
    ("StartDate", "Start Date", {"ImportId": "startDate", "timezone": "Asia/Kuala_Lumpur"}),
    ("EndDate", "End Date", {"ImportId": "endDate", "timezone": "Asia/Kuala_Lumpur"}),
    ("Status", "Response Type", {"ImportId": "status"}),
    ("Progress", "Progress", {"ImportId": "progress"}),
    ("Duration (in seconds)", "Duration (in seconds)", {"ImportId": "duration"}),
    ("Finished", "Finished", {"ImportId": "finished"}),
    ("ResponseId", "Response ID", {"ImportId": "_recordId"}),
    ("DistributionChannel", "Distribution Channel", {"ImportId": "distributionChannel"}),
    ("UserLanguage", "User Language", {"ImportId": "userLanguage"}),
    ("Q1", "How likely are you to recommend Lekas to a friend?", {"ImportId": "QID1"}),
    ("Q2", "What is the main reason for your score?", {"ImportId": "QID2_TEXT"}),
    ("Q3", "How satisfied were you with the delivery of this order?", {"ImportId": "QID3"}),
    ("Q4", "Tell us about the delivery and the rider.", {"ImportId": "QID4_TEXT"}),
    ("Q5", "Paying for my order was easy.", {"ImportId": "QID5"}),
    ("Q6", "Anything about paying you want to tell us?", {"ImportId": "QID6_TEXT"}),
    ("Q7", "How satisfied were you with your refund?", {"ImportId": "QID7"}),
    ("Q8", "Tell us about your refund.", {"ImportId": "QID8_TEXT"}),
    ("user_id", "user_id", {"ImportId": "user_id"}),
]
# Share of buyers with a refund who are invited to the post-order survey. Kept low on purpose: the
# refund complaints must stay under the workbench's loud_share (5% of all voice people, see
# workbench/mismatch/kinds.py Settings), so refunds read as score-high-story-negative only and not
# also as loud-but-harmless (each planted kind on its own touchpoint).
REFUND_INVITE_SHARE = 0.18
# Respondents at full scale (invented, proportional to the population when scaled down).
POST_ORDER_RESPONDENTS, APP_FEEDBACK_RESPONDENTS, N_USERS_FULL = 900, 600, 32_000


def pool_size() -> int:
    return sum(len(v) for v in POOLS.values())


class _Pick:
    def __init__(self, rng: np.random.Generator):
        self.rng = rng

    def one(self, pool: str, lang: str) -> str:
        texts = POOLS[(pool, lang)]
        return texts[int(self.rng.integers(len(texts)))]

    def weighted(self, w: dict):
        keys = list(w)
        p = np.array(list(w.values()), dtype=float)
        return keys[int(self.rng.choice(len(keys), p=p / p.sum()))]


def _fmt(ts: pd.Timestamp) -> str:
    return ts.strftime("%Y-%m-%d %H:%M:%S")


def make_surveys(rng: np.random.Generator, users: pd.DataFrame, events: pd.DataFrame, ops: dict,
                 participants_path) -> dict:
    """post_order (Qualtrics export) and app_feedback (plain CSV), answers in each user's language."""
    pk = _Pick(rng)
    lang = users.set_index("user_id")["language"]
    roster = pd.read_csv(participants_path, dtype=str).fillna("")
    roster_users = set(roster["user_id"])
    scale = len(users) / N_USERS_FULL
    orders = events[events["event_name"] == "order_placed"].groupby("user_id")["ts"].min()
    refund_at = events[events["event_name"] == "refund_requested"].groupby("user_id")["ts"].min()
    buyers = sorted(set(orders.index) - roster_users)
    refunders = [u for u in buyers if u in refund_at.index]
    n = min(len(buyers), max(40, round(POST_ORDER_RESPONDENTS * scale)))
    chosen = set(rng.choice(refunders, size=int(len(refunders) * REFUND_INVITE_SHARE), replace=False)) if refunders else set()
    rest = [u for u in buyers if u not in refund_at.index]  # the uninvited refunders stay out
    chosen |= set(rng.choice(rest, size=max(0, n - len(chosen)), replace=False))
    rows = []
    for uid in sorted(chosen):
        lg = lang[uid]
        refunded = uid in refund_at.index
        end = (refund_at[uid] if refunded else orders[uid]) + pd.Timedelta(hours=float(rng.uniform(2, 48)))
        nps = pk.weighted(NPS_WEIGHTS)
        q2 = pk.one(pk.weighted({"q2_pos": 5, "fee": 4, "q2_neu": 2} if nps >= 7 else {"fee": 6, "q2_neu": 3}), lg)
        dur = int(max(30, rng.lognormal(math.log(120), 0.5)))
        rows.append({"StartDate": _fmt(end - pd.Timedelta(seconds=dur)), "EndDate": _fmt(end), "Status": "IP Address",
                     "Progress": 100, "Duration (in seconds)": dur, "Finished": "True",
                     "ResponseId": "R_" + "".join(rng.choice(list("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz"
                                                                  "0123456789"), size=15)),
                     "DistributionChannel": "app", "UserLanguage": USER_LANGUAGE[lg], "Q1": nps,
                     "Q2": q2 if rng.random() < 0.85 else "", "Q3": pk.weighted(CSAT_HIGH),
                     "Q4": pk.one("rider", lg) if rng.random() < 0.55 else "", "Q5": pk.weighted(CES_HIGH),
                     "Q6": pk.one("pay", lg) if rng.random() < 0.5 else "",
                     "Q7": pk.weighted(CSAT_HIGH) if refunded else "",
                     "Q8": pk.one("refund", lg) if refunded and rng.random() < 0.8 else "", "user_id": uid})
    post = pd.DataFrame(rows).sort_values(["EndDate", "ResponseId"], kind="stable").reset_index(drop=True)
    active = sorted(set(events["user_id"]) - roster_users)
    m = min(len(active), max(40, round(APP_FEEDBACK_RESPONDENTS * scale)))
    last = events.groupby("user_id")["ts"].max()
    rows = []
    for uid in sorted(rng.choice(active, size=m, replace=False)):
        lg = lang[uid]
        when = last[uid] + pd.Timedelta(minutes=float(rng.uniform(1, 30)))
        rows.append({"response_id": f"{int(rng.integers(16 ** 9, 16 ** 10)):010x}",
                     "submitted_at": when.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00", "user_id": uid,
                     "ease": pk.weighted(CES_HIGH),
                     "could_be_better": pk.one(pk.weighted({"fee": 5, "better": 4}), lg) if rng.random() < 0.9 else "",
                     "anything_else": pk.one("else", lg) if rng.random() < 0.35 else ""})
    app = pd.DataFrame(rows).sort_values(["submitted_at", "response_id"], kind="stable").reset_index(drop=True)
    return {"post_order": post, "post_order_bytes": qualtrics_bytes(post), "app_feedback": app}


def qualtrics_bytes(df: pd.DataFrame) -> bytes:
    """A Qualtrics-style CSV: column ids, question texts, ImportId JSON, then one row per response."""
    buf = io.StringIO()
    wr = csv.writer(buf, lineterminator="\n")
    wr.writerow([c for c, _, _ in QUALTRICS_COLUMNS])
    wr.writerow([t for _, t, _ in QUALTRICS_COLUMNS])
    wr.writerow([json.dumps(j, separators=(",", ":")) for _, _, j in QUALTRICS_COLUMNS])
    for row in df[[c for c, _, _ in QUALTRICS_COLUMNS]].itertuples(index=False):
        wr.writerow(list(row))
    return buf.getvalue().encode("utf-8")


# ---------------------------------------------------------------------------------------------
# The generator's own check, measured on the written tables, and PLANTED.md
# ---------------------------------------------------------------------------------------------

# The address pin's cues in every language (study.yml); no survey answer may contain one.
PIN_WORDS = ("map pin", "drop pin", "pin location", "pin lokasi", "letak pin", "titik lokasi", "geser pin",
             "ปักหมุด", "หมุด", "定位")


# PLANTED.md promises every healthy touchpoint within +-35% of its baseline, checked here on every
# (persona, touchpoint) cell with >= 90 users reached when the full-scale corpus is written: there that
# is every cell (the smallest has ~100). Scaled-down test runs are too noisy for the promise.
HEALTHY_BAND = 0.35
MIN_REACHED_FOR_CLAIM = 90


def _rate(k: int, n: int) -> dict:
    lo, hi = wilson(k, n)
    return {"k": int(k), "n": int(n), "rate": k / n if n else float("nan"), "lo": lo, "hi": hi}


def _r(x: dict) -> str:
    return f"{x['rate']:.1%} ({x['k']}/{x['n']}, 95% CI {x['lo']:.1%}-{x['hi']:.1%})"


def figures(surveys: dict, ops: dict, events: pd.DataFrame) -> dict:
    post, app = surveys["post_order"], surveys["app_feedback"]
    dl, tk, rf = ops["deliveries"], ops["support_tickets"], ops["refunds"]
    nps = pd.to_numeric(post["Q1"])
    f = {"n_post": len(post), "n_app": len(app),
         "promoters": _rate((nps >= 9).sum(), len(nps)), "detractors": _rate((nps <= 6).sum(), len(nps))}
    for col, key in (("Q3", "delivery_csat"), ("Q7", "refund_csat")):
        s = pd.to_numeric(post[col], errors="coerce").dropna()
        f[key] = _rate((s >= 4).sum(), len(s))
        f[key + "_mean"] = float(s.mean())
    ces = pd.to_numeric(post["Q5"])
    f["payment_ces"], f["payment_ces_mean"] = _rate((ces >= 5).sum(), len(ces)), float(ces.mean())
    texts = pd.concat([post[c] for c in ("Q2", "Q4", "Q6", "Q8")] + [app[c] for c in ("could_be_better",
                                                                                     "anything_else")])
    texts = texts[texts.astype(str) != ""].astype(str)
    f["answers"], f["distinct"], f["pool"] = len(texts), texts.nunique(), pool_size()
    f["pin_mentions"] = int(sum(any(w in t.lower() for w in PIN_WORDS) for t in texts))
    pool_of = {t: p for (p, _), ts in POOLS.items() for t in ts}
    lang_of = {t: lg for (_, lg), ts in POOLS.items() for t in ts}
    f["languages"] = texts.map(lang_of).value_counts().to_dict()
    for col, key in (("Q4", "rider"), ("Q6", "pay"), ("Q8", "refund")):
        s = post[col][post[col] != ""]
        f[key + "_answers"] = _rate(int((s.map(pool_of) == key).sum()), len(s))
    q2 = post["Q2"][post["Q2"] != ""]
    cb = app["could_be_better"][app["could_be_better"] != ""]
    f["fee_q2"] = _rate(int(q2.str.contains(FEE_RE).sum()), len(q2))
    f["fee_better"] = _rate(int(cb.str.contains(FEE_RE).sum()), len(cb))
    n_orders = events[events["event_name"] == "order_placed"].groupby("user_id").size()
    complain = set(post.loc[post["Q2"].str.contains(FEE_RE), "user_id"])
    others = set(post["user_id"]) - complain
    f["reorder_complain"] = _rate(sum(n_orders.get(u, 0) >= 2 for u in complain), len(complain))
    f["reorder_other"] = _rate(sum(n_orders.get(u, 0) >= 2 for u in others), len(others))
    f["delivery_median"] = float(dl["delivery_minutes"].median())
    f["delivery_miss"] = _rate(int((dl["delivery_minutes"] > 45).sum()), len(dl))
    f["support_median"] = float(tk["wait_minutes"].median())
    f["support_within"] = _rate(int((tk["wait_minutes"] <= 5).sum()), len(tk))
    f["refund_days_median"] = float(rf["refund_days"].median())
    f["refund_over_week"] = _rate(int((rf["refund_days"] > 7).sum()), len(rf))
    people = set(post["user_id"]) | set(app["user_id"])
    f["refund_loud"] = _rate(int((post["Q8"] != "").sum()), len(people))
    f["events"], f["users_active"] = len(events), events["user_id"].nunique()
    return f


def format_figures(f: dict) -> str:
    return "\n".join(f"{k}: {_r(v) if isinstance(v, dict) and 'k' in v else v}" for k, v in f.items())


def _ratio(table: pd.DataFrame, persona: str, tp: str) -> str:
    r = table[(table["persona"] == persona) & (table["touchpoint"] == tp)].iloc[0]
    return (f"{r['drop_rate']:.3f} = {r['ratio']:.2f}x baseline {r['baseline']:.3f} "
            f"(n reached {r['reached']}, 95% CI {r['ci_low']:.3f}-{r['ci_high']:.3f})")


def render_planted(table: pd.DataFrame, f: dict, drop_md: str, check_band: bool = True) -> str:
    """PLANTED.md; with ``check_band`` (the full-scale corpus) a healthy cell outside +-35% is an error."""
    planted = {"payment", "address-pin"}
    healthy = table[~table["touchpoint"].isin(planted)]
    big = healthy[healthy["reached"] >= MIN_REACHED_FOR_CLAIM]
    worst = big.loc[(big["ratio"] - 1).abs().idxmax()]
    if check_band and abs(worst["ratio"] - 1) > HEALTHY_BAND:
        raise ValueError(f"healthy control {worst['touchpoint']} for {worst['persona']} at {worst['ratio']:.2f}x")
    per = lambda tp: "; ".join(f"{p} {_ratio(table, p, tp)}" for p in  # noqa: E731
                               ("all", "student-saver", "office-luncher", "family-orderer"))
    langs = ", ".join(f"{k} {v}" for k, v in sorted(f["languages"].items()))
    return f"""# What is planted in the second demo study (demo-makan)

Lekas is a fictional food-delivery app in Malaysia, Indonesia and Thailand. Everything except
`interviews/`, `participants.csv` and `study.yml` is written by `tools/make_demo_makan.py` (seeded;
re-running it gives byte-identical files). The numbers below are that generator's own check,
measured on the files it wrote, with the contract's definitions (STUDY_FORMAT.md "Definitions that
must not drift": reached, dropped = reached, never ordered, and it was the last touchpoint by time,
drop_rate = dropped / reached, baseline = median drop_rate over the touchpoints, per persona and for
all users). Intervals are 95% Wilson intervals.

Languages: the study is `language: auto`. Interviews declare theirs in front matter (.txt, .md) or
through participants.csv `language` (.vtt, .srt, .docx); P05 and P17 leave it to detection.
Survey answers carry no language and are detected; the generator drew each respondent's answers from
the pool of the language users.csv gives them ({langs}). Much of it is code-mixed with English.

## Planted findings, one touchpoint each

| touchpoint | kind the workbench should report | where it shows |
|---|---|---|
| payment | said-positive-did-drop | events (drop) vs Q6 / interviews praising e-wallets, QRIS, PromptPay |
| refunds | score-high-story-negative | Q7 refund CSAT high; Q8 and interviews: refunds slow ("refund lambat gila", "退款太慢", "คืนเงินช้ามาก") |
| rider-tracking | score-high-operations-miss | Q3 delivery CSAT high; deliveries.delivery_minutes vs target 45 |
| address-pin | silent-friction | events (drop); no survey answer names the pin in any language |
| delivery-fee | loud-but-harmless | Q2 / could_be_better: "ongkir mahal", "ค่าส่งแพง", "运费太贵", "caj penghantaran mahal"; drop at baseline, same reordering |

### Behaviour (behaviour/events-*.parquet; {f['events']:,} events, {f['users_active']:,} active users)

- payment: {per('payment')}.
- address-pin: {per('address-pin')}.
- delivery-fee (loud but harmless): {per('delivery-fee')}.
- every other touchpoint is within +-35% of its baseline for every persona and overall (every cell
  has >= {int(table['reached'].min())} users reached); the largest deviation is {worst['touchpoint']} for {worst['persona']} at {worst['ratio']:.2f}x (n reached {worst['reached']}).
- After-order touchpoints have realistic drop rates because returning customers (who ordered in late
  August) track, chat, ask for refunds and rate in September without ordering again.
- delivery-fee reordering (2+ orders in the window): post-order respondents who complained about the
  fee in Q2 {_r(f['reorder_complain'])}; the others {_r(f['reorder_other'])}. Answers were drawn
  independently of behaviour, so the complaints carry no behavioural cost.

### Surveys (surveys/post_order.csv, Qualtrics export; surveys/app_feedback.csv, plain)

- {f['n_post']} post-order respondents (buyers; {REFUND_INVITE_SHARE:.0%} of buyers who asked for a refund were invited),
  {f['n_app']} app-feedback respondents (any active user).
- NPS (Q1): promoters {_r(f['promoters'])}, detractors {_r(f['detractors'])}.
- Q3 delivery CSAT: mean {f['delivery_csat_mean']:.2f}, satisfied (4-5) {_r(f['delivery_csat'])}.
  Q4 answers from the rider-praise pool {_r(f['rider_answers'])}.
- Q5 payment CES: mean {f['payment_ces_mean']:.2f}, low effort (5-7) {_r(f['payment_ces'])}.
  Q6 answers from the payment-praise pool {_r(f['pay_answers'])}.
- Q7 refund CSAT (only respondents with a refund_requested event): mean {f['refund_csat_mean']:.2f},
  satisfied (4-5) {_r(f['refund_csat'])}. Q8 answers from the slow-refund pool {_r(f['refund_answers'])}.
  Respondents complaining about refunds, as a share of all survey respondents: {_r(f['refund_loud'])}
  (kept under the 5% loud share so refunds are not also loud-but-harmless; 15 of the 18
  interviewees add their own slow-refund story).
- Delivery-fee complaints: Q2 {_r(f['fee_q2'])}; could_be_better {_r(f['fee_better'])}.
- Address pin: {f['pin_mentions']} survey answers name it (none of {', '.join(PIN_WORDS)}).
- Open answers: {f['answers']} non-empty, {f['distinct']} distinct, drawn from {f['pool']} hand-written
  texts (tools/demo_makan_text.py).

### Operations (operations/)

- deliveries.csv: delivery_minutes median {f['delivery_median']:.0f}; missing the 45-minute target
  {_r(f['delivery_miss'])}.
- refunds.csv: refund_days median {f['refund_days_median']:.0f}; longer than a week {_r(f['refund_over_week'])}
  (no target in study.yml: the refund story is the say side).

### Interviews (interviews/, hand-written; 18 people, 24-32 turns each)

| participant | file | language | persona | what happened to them in the events | what they say |
|---|---|---|---|---|---|
| P01 Aiman | 2026-10-06_aiman.txt | ms (front matter) | student-saver | ordered | fee "mahal gila"; Touch n Go payment easy; refund slow |
| P02 Zul | P02.vtt | ms (participants.csv) | office-luncher | ordered | lunch fee unfair; card payment smooth; rider fine |
| P03 Rohani | 2026-10-08_rohani.docx | ms (participants.csv) | family-orderer | last step a refund request | refund took two weeks, yet scored it high |
| P04 Hafiy | P04.srt | ms (participants.csv) | student-saver | dropped at payment | praises payment, "changed my mind" |
| P05 Shalini | P05.md | detected (Manglish) | office-luncher | ordered | fee high but shared; payment best part; refund slow |
| P06 Dimas | P06.vtt | id (participants.csv) | student-saver | ordered | "checkout oke, tapi ongkir mahal"; QRIS easy |
| P07 Rina | 2026-10-13_rina.txt | id (front matter) | office-luncher | dropped at payment | payment easy; once a spinner, closed it |
| P08 Sari | 2026-10-14_sari.docx | id (participants.csv) | family-orderer | ordered | ongkir mahal; refund two weeks |
| P09 Yoga | P09.srt | id (participants.csv) | student-saver | dropped at the address pin | cannot say why he gave up; never names the pin |
| P10 Dewi | P10.md | id (front matter) | family-orderer | ordered | ongkir in the rain; GoPay easy; refund slow |
| P11 Nok | P11.vtt | th (participants.csv) | office-luncher | ordered | ค่าส่งแพง at lunch; PromptPay easy; refund slow |
| P12 Beam | 2026-10-21_beam.txt | th (front matter) | student-saver | ordered | ค่าส่งแพง for students; scan-to-pay fast |
| P13 Wanida | 2026-10-22_wanida.docx | th (participants.csv) | family-orderer | last step a refund request | refund two weeks, scored it high anyway |
| P14 Toey | P14.srt | th (participants.csv) | office-luncher | dropped at payment | payment "the best part"; a repeated confirmation spinning |
| P15 Jason | P15.md | zh (front matter) | office-luncher | ordered | 运费/配送费 too high; e-wallet payment smooth; refund slow |
| P16 Chan | P16.vtt | zh (participants.csv) | family-orderer | ordered | 运费贵; card payment easy; 退款太慢 |
| P17 Wei Ling | 2026-11-03_weiling.txt | detected (zh with English) | student-saver | ordered | 运费很贵; Touch n Go fast |
| P18 Wong | P18.srt | zh (participants.csv) | family-orderer | last step a support chat | 客服 replied in two minutes; refund over ten days |

Interviewers: Nurul (ms, id), Ploy (th), Kevin (zh). Nobody in any interview names the address pin.

## Healthy controls (must never be flagged)

- support_tickets.csv: wait_minutes median {f['support_median']:.0f}, within the 5-minute target
  {_r(f['support_within'])}; support-chat drop near baseline.
- promo-push, restaurant-search, menu, cart, voucher, rider-tracking, support-chat, refunds, rating:
  drop within +-35% of baseline for every persona and overall (rider-tracking and refunds carry
  their other planted kinds, never a drop).
- delivery-fee: loud but harmless (above): must not be reported as a drop.
- menu: app-feedback ease (CES) high and spoken of well.

## Drop-rate table (generator check)

{drop_md}
"""
