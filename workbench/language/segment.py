"""Word tokens for each supported language, from segmenters that work offline.

- Thai: nlpo3 (the Rust port of pythainlp's newmm, maximal matching) on the word list pythainlp
  ships (``pythainlp/corpus/words_th.txt``); crfcut is too slow for survey answers.
- Chinese: jieba with its shipped dictionary, one quiet tokenizer per process.
- Malay, Indonesian, English: a regex tokenizer (letters/digits with inner apostrophes/hyphens).

A text may mix scripts ("这个 app 的客服太慢"), so :func:`tokenize` cuts it into script runs first
and hands each run to the segmenter of its script: a token never spans two scripts. Every
segmenter loads once per process, on first use.
"""
from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from pathlib import Path

# Letters/digits, keeping inner apostrophes and hyphens ("don't", "e-wallet", "selfie-nya").
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
# Unicode blocks: Thai U+0E00-0E7F; Han = CJK Unified Ideographs (+ Extension A, compatibility).
THAI = "\u0e00-\u0e7f"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
SCRIPT_RUN = re.compile(rf"(?P<th>[{THAI}]+)|(?P<zh>[{HAN}]+)|(?P<latin>[^\s{THAI}{HAN}]+)")
HAS_THAI = re.compile(f"[{THAI}]")
HAS_HAN = re.compile(f"[{HAN}]")
THAI_DICT_NAME = "workbench-th"
_LOCK = threading.Lock()


def script_of(text: str) -> str:
    """'th', 'zh' or 'latin' for a run of one script (the first character decides)."""
    for ch in text:
        if "\u0e00" <= ch <= "\u0e7f":
            return "th"
        if HAS_HAN.match(ch):
            return "zh"
        if ch.isalnum():
            return "latin"
    return "latin"


DATA = Path(__file__).resolve().parent.parent / "data" / "language"
_thai_added: set[str] = set()
_thai_state = {"name": None, "tmp": None, "base": None}


def _thai_ready(study_words: bool = True) -> str:
    """nlpo3's dictionary: pythainlp's word list, this project's customer words
    (``data/language/words_th_extra.txt``: แอป, ค่าส่ง, ไรเดอร์...) and, unless ``study_words`` is
    False, any study cue words. The sentiment model reads words from the dictionary without the
    cues, so a study's cue words never change how a Thai text is scored."""
    key = "name" if study_words else "base"
    name = _thai_state[key]
    if name is not None:
        return name
    import tempfile

    import nlpo3
    import pythainlp
    with _LOCK:
        base = (Path(pythainlp.__file__).resolve().parent / "corpus" / "words_th.txt").read_text(encoding="utf-8")
        extra = (DATA / "words_th_extra.txt").read_text(encoding="utf-8")
        words = [w.strip() for w in (base + "\n" + extra).splitlines() if w.strip() and not w.startswith("#")]
        if study_words:
            words += sorted(_thai_added)
        # nlpo3 reads a dictionary only from a file: a private temporary one, never in the study.
        tmp = tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False)
        with tmp:
            tmp.write("\n".join(dict.fromkeys(words)))
        name = f"{THAI_DICT_NAME}-{len(_thai_added)}" if study_words else f"{THAI_DICT_NAME}-base"
        nlpo3.load_dict(tmp.name, name)
        Path(tmp.name).unlink(missing_ok=True)
        _thai_state[key] = name
    return name


def add_words(words) -> None:
    """Make the Thai and Chinese segmenters keep these words whole (a study's cue words), so a
    cue is one token wherever it is said. Words in other scripts are ignored."""
    new_th = {w for w in words if HAS_THAI.search(w) and w.strip() not in _thai_added}
    new_zh = [w for w in words if HAS_HAN.search(w) and not HAS_THAI.search(w)]
    if new_th:
        _thai_added.update(w.strip() for w in new_th)
        _thai_state["name"] = None
        _cache_th.clear()
    if new_zh:
        jb = _jieba()
        for w in new_zh:
            w = w.strip()
            if w and not jb.FREQ.get(w):
                jb.add_word(w)
                _cache_zh.clear()


@lru_cache(maxsize=1)
def _jieba():
    import jieba
    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict..." chatter on stderr
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for line in (DATA / "words_zh_extra.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and not tokenizer.FREQ.get(line.strip()):
            tokenizer.add_word(line.strip())
    return tokenizer


def thai_words(run: str) -> list[str]:
    """Thai words of one Thai-script run (no spaces inside)."""
    import nlpo3
    name = _thai_ready()
    return [w for w in nlpo3.segment(run, name) if w.strip()]


def thai_model_words(run: str) -> list[str]:
    """Thai words of one run on the fixed dictionary (no study cue words): the sentiment model's."""
    import nlpo3
    return [w for w in nlpo3.segment(run, _thai_ready(study_words=False)) if w.strip()]


def chinese_words(run: str) -> list[str]:
    """Chinese words of one Han run, jieba's accurate mode with its HMM for unknown words."""
    return [w for w in _jieba().lcut(run, HMM=True) if w.strip()]


_cache_th: dict[str, list[str]] = {}
_cache_zh: dict[str, list[str]] = {}
_cache_th_model: dict[str, list[str]] = {}
CACHE_LIMIT = 200_000  # distinct runs remembered per script; survey answers repeat a lot


def _cached(run: str, cache: dict, cut) -> list[str]:
    out = cache.get(run)
    if out is None:
        out = cut(run)
        if len(cache) < CACHE_LIMIT:
            cache[run] = out
    return out


def tokenize(text: str, study_words: bool = True) -> list[str]:
    """Lower-cased word tokens of any mix of Latin, Thai and Chinese script (``study_words=False``:
    Thai on the fixed dictionary, without the study's cue words)."""
    text = text.translate(APOSTROPHES).lower()
    if not (HAS_THAI.search(text) or HAS_HAN.search(text)):
        return WORD.findall(text)
    out: list[str] = []
    for m in SCRIPT_RUN.finditer(text):
        kind = m.lastgroup
        if kind == "th" and not study_words:
            out.extend(_cached(m.group(), _cache_th_model, thai_model_words))
        elif kind == "th":
            out.extend(_cached(m.group(), _cache_th, thai_words))
        elif kind == "zh":
            out.extend(_cached(m.group(), _cache_zh, chinese_words))
        else:
            out.extend(WORD.findall(m.group()))
    return out


def tokenize_runs(text: str) -> list[list[str]]:
    """Tokens grouped by script run, so a caller can keep words of two scripts apart."""
    text = text.translate(APOSTROPHES).lower()
    runs: list[list[str]] = []
    last = None
    for m in SCRIPT_RUN.finditer(text):
        kind = m.lastgroup
        if kind == "th":
            words = _cached(m.group(), _cache_th, thai_words)
        elif kind == "zh":
            words = _cached(m.group(), _cache_zh, chinese_words)
        else:
            words = WORD.findall(m.group())
        if not words:
            continue
        if kind == last and kind == "latin":
            runs[-1].extend(words)
        else:
            runs.append(list(words))
        last = kind
    return runs


@lru_cache(maxsize=1)
def thai_dictionary() -> frozenset[str]:
    """The Thai words nlpo3 segments with: pythainlp's list and this project's extra words."""
    import pythainlp
    base = (Path(pythainlp.__file__).resolve().parent / "corpus" / "words_th.txt").read_text(encoding="utf-8")
    extra = (DATA / "words_th_extra.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in (base + "\n" + extra).splitlines() if w.strip() and not w.startswith("#"))


def keep_whole(tokens: list[str], words: frozenset[str]) -> list[str]:
    """Re-cut Thai tokens so each of ``words`` (cues) stays one token where the text allows it.

    Maximal matching ties between two cuts of the same letters: "ค่าส่งสินค้า" comes out
    ค่า|ส่งสินค้า, though ค่าส่ง|สินค้า is as valid. Where a word of ``words`` starts at a token
    boundary and ends inside the next token, the tokens are re-cut at the word's end, but only when
    the rest is itself a dictionary word (or more of ``words``): a cue never matches inside a word."""
    if not words or len(tokens) < 2:
        return tokens
    dictionary = thai_dictionary()
    out = list(tokens)
    i = 0
    while i < len(out) - 1:
        if out[i] not in words:
            joined = out[i] + out[i + 1]
            for w in words:
                if len(out[i]) < len(w) < len(joined) and joined.startswith(w):
                    rest = joined[len(w):]
                    if rest in dictionary or rest in words:
                        out[i:i + 2] = [w, rest]
                        break
        i += 1
    return out


@lru_cache(maxsize=1)
def _sastrawi():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
    # Sastrawi's ArrayDictionary already keeps the root words in a dict (hashed lookups); the
    # factory reads the word file once here, and results are memoised per word below.
    return StemmerFactory().create_stemmer()


_id_stems: dict[str, str] = {}


def indonesian_stem(word: str) -> str:
    """Sastrawi's stem of one Indonesian word ("pengirimannya" -> "kirim"); non-Latin words as is."""
    s = _id_stems.get(word)
    if s is None:
        head, _, clitic = word.rpartition("-")
        if head and clitic in ("nya", "lah", "kah", "pun"):
            s = _id_stems[word] = indonesian_stem(head)  # "selfie-nya" -> "selfie"
            return s
        if not word.isascii() or not word.isalpha() or len(word) <= 3:
            s = word
        else:
            s = _sastrawi().stem(word) or word
            if s == word and len(word) > 6 and word.endswith(("nya", "lah", "kah")):
                # Sastrawi leaves words outside its dictionary whole ("ongkirnya", "adminnya");
                # the clitic still comes off, as it does for known words.
                s = word[:-3]
        _id_stems[word] = s
    return s
