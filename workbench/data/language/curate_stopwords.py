"""Write the curated stopword lists stop_ms.txt, stop_id.txt, stop_th.txt, stop_zh.txt.

Run from the repository root after changing a list below:
    .venv/bin/python workbench/data/language/curate_stopwords.py
Deterministic (sorted output, no randomness). Sources: stopwordsiso (MIT; its ms, id, th and zh
lists) and pythainlp's ``corpus/stopwords_th.txt`` (Apache-2.0). malaya (MIT) is not installed in
this project's environment, so its tatabahasa lists are not used. The removal sets say why.
"""
from __future__ import annotations

from pathlib import Path

import stopwordsiso

HERE = Path(__file__).resolve().parent

# Negations, and words that carry sentiment or intensity: the sentiment rules need them, and a
# phrase like "tidak sampai" or "没有回复" is a complaint, not two stopwords.
NEGATIONS = {
    "ms": {"tidak", "tak", "bukan", "belum", "jangan", "tiada", "tanpa", "takde", "xde"},
    "id": {"tidak", "tak", "bukan", "belum", "jangan", "tanpa", "enggak", "enggaknya", "nggak", "gak", "ga",
           "bukankah", "bukanlah", "bukannya", "belumlah", "janganlah", "jangankan"},
    "th": {"ไม่", "ไม่ได้", "ไม่มี", "อย่า", "ห้าม", "ไม่ค่อย", "ยังไม่"},
    "zh": {"不", "没", "没有", "别", "不要", "未", "无", "非", "不是", "不得", "不成", "不然", "不如", "别说"},
}
# Customer-experience content words the news-derived lists treat as stopwords: they are what
# people complain about ("harga" price, "masalah" problem, "lama" long, "percuma" free/in vain,
# "sampai" arrive, "kurang" lacking, "lambat"...), so they must be able to form phrases.
CONTENT = {
    "ms": set(),  # Malay is built from the keep-list below instead
    "id": {"lama", "lamanya", "masalah", "masalahnya", "percuma", "sampai", "kurang", "lebih", "cepat", "mudah",
           "jelas", "jawab", "jawaban", "jawabnya", "tanya", "tanyakan", "tanyanya", "pertanyaan", "minta", "bisa",
           "harga", "bayar", "kasus", "keluar", "kembali", "menunggu", "menanti", "menanti-nanti", "menantikan",
           "berlebihan", "keterlaluan", "kelamaan", "kecil", "besar", "panjang", "jauh", "dekat", "naik",
           "sangat", "sangatlah", "terlalu", "amat", "amatlah", "banget", "paling", "tepat", "pasti", "penting",
           "rasa", "rasanya", "terasa", "siap", "bekerja", "balik", "tambah", "akhir", "akhirnya", "benar",
           "betul", "baik", "lewat", "mampu", "jumlah", "sering", "selalu", "pernah", "bulan", "hari", "tahun"},
    "th": {"มาก", "ส่ง", "รับ", "ถูก", "ช้า", "เร็ว", "ดี", "แพง", "ผล", "พบ", "ราย", "วัน", "ความ", "ต้อง",
           "สุด", "ที่สุด", "น่า", "เกิน", "ยาก", "ง่าย"},
    "zh": {"慢", "快", "好", "贵", "太", "很", "最", "更", "极了", "大", "小", "多", "少", "要", "能", "会",
           "可以", "等", "等等", "等到", "看", "说", "给", "用", "打", "开始", "结果", "过", "点", "秒", "月", "日",
           "年", "时候", "来", "去", "出来", "起", "难道说"},
}
# Malay: stopwordsiso's Malay list is a news frequency list (names "abdul", "najib"; places
# "amerika", "sabah"; months; market words "saham", "bursa", "ringgit"; and customer words
# "harga", "masalah", "kereta", "mudah"). Only its function words are kept, plus the colloquial
# function words Malaysians write in chats and that stopwordsiso lacks.
MALAY_KEEP = {"ada", "adalah", "akan", "antara", "apa", "apabila", "atas", "atau", "bagaimanapun", "bagi", "bahawa",
              "beberapa", "beliau", "berkenaan", "dalam", "dan", "dari", "daripada", "demikian", "dengan", "di",
              "hanya", "ia", "iaitu", "ialah", "ini", "itu", "jika", "juga", "kami", "kata", "katanya", "ke",
              "kepada", "kerana", "ketika", "kini", "kita", "lagi", "lain", "manakala", "masih", "mengenai",
              "menurut", "mereka", "oleh", "pada", "para", "pula", "sahaja", "sama", "saya", "sebagai", "sebelum",
              "sebuah", "secara", "sedang", "sejak", "selain", "selepas", "semua", "seperti", "serta", "setiap",
              "sini", "sudah", "supaya", "telah", "tentang", "terhadap", "tersebut", "untuk", "walaupun", "yang",
              "tetapi"}
MALAY_COLLOQUIAL = {"aku", "awak", "dia", "kau", "korang", "diorang", "dorang", "ni", "tu", "nak", "dah", "je", "jer",
                    "lah", "la", "kot", "pun", "kan", "kat", "dekat", "tapi", "pastu", "lepas", "bila", "macam",
                    "sebab", "nanti", "ke", "mcm", "utk", "yg", "dgn", "org", "tp", "pon", "jugak", "pulak", "eh"}
INDONESIAN_COLLOQUIAL = {"aja", "udah", "sih", "deh", "dong", "nih", "tuh", "yg", "dgn", "utk", "tp", "gue", "gw",
                         "lu", "loe", "gitu", "gini", "kayak", "kaya", "pas", "trus", "terus", "abis", "jd", "sama",
                         "tapi"}
THAI_EXTRA = {"ครับ", "ค่ะ", "คะ", "นะ", "จ้ะ", "จ้า", "เลย", "แล้ว", "ก็", "อะ", "อ่ะ", "เนี่ย", "แต่", "และ", "หรือ"}
CHINESE_EXTRA = {"这个", "那个", "一下", "就", "还", "都", "也", "了", "的", "地", "得", "吗", "呢", "吧", "啊"}


def thai_source() -> set[str]:
    import pythainlp
    path = Path(pythainlp.__file__).resolve().parent / "corpus" / "stopwords_th.txt"
    return {w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip()}


def curated() -> dict[str, set[str]]:
    iso = {code: set(stopwordsiso.stopwords(code)) for code in ("ms", "id", "th", "zh")}
    out = {
        "ms": (iso["ms"] & MALAY_KEEP) | MALAY_COLLOQUIAL,
        "id": iso["id"] | INDONESIAN_COLLOQUIAL,
        "th": iso["th"] | thai_source() | THAI_EXTRA,
        "zh": {w for w in iso["zh"] if any("\u4e00" <= ch <= "\u9fff" for ch in w)} | CHINESE_EXTRA,
    }
    for code, words in out.items():
        words -= NEGATIONS[code] | CONTENT[code]
    return out


def main() -> None:
    for code, words in curated().items():
        header = (f"# Curated {code} stopwords: written by curate_stopwords.py (see README.md); "
                  "do not edit by hand.\n")
        (HERE / f"stop_{code}.txt").write_text(header + "\n".join(sorted(words)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
