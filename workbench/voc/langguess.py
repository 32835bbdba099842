"""A small per-text language guess for sentiment: en, ms, id, th or zh.

Only for ``--language auto`` in :func:`workbench.voc.sentiment.score_csv` until the general detector
(``workbench/language/``) is wired in. Script decides first: Thai letters mean th, Han characters zh
(whichever script has more letters wins, so "这个 app 的客服太慢" is zh). Latin text is a vote of
function and everyday words: English; Malay and Indonesian together ("malay family"); then the
words that tell Malay from Indonesian. Word lists written for this project from common usage
(Malaysian "tak, nak, je, sedap, teruk"; Indonesian "gak, banget, aja, udah, enak").
"""
from __future__ import annotations

import re

_THAI = re.compile(r"[\u0E00-\u0E7F]")
_HAN = re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]")
_LATIN_WORD = re.compile(r"[a-z]+")

ENGLISH = frozenset("""the a an and is was were are be been it its to of for my i me you your we our
they their but not no very this that with have has had so at on in would could should can't don't
didn't won't it's i'm just really what when where why how from there here than then after""".split())
SHARED = frozenset("""yang dan di ke dari ini itu ada dengan untuk tapi tetapi sangat sudah belum lagi
saya aku kami kita dia mereka juga atau kalau pun jadi sama bagus mahal murah lambat cepat lama
terima kasih beli barang harga kurir pesanan kenapa mengapa terlalu memang cuma sekali banyak baru
buat dapat rasa mau hanya masih tidak bukan""".split())
INDONESIAN = frozenset("""gak nggak ngga ga enggak banget bgt udah aja sih dong deh kalo emang bisa
karena enak uang gimana kok toko bener jelek lho nih tuh kayak gue lu pas lemot ongkir nyampe sampai
banget tdk gk yg udh dgn krn sampe kasih makasih nunggu telat gojek cepet mantul""".split())
MALAY = frozenset("""tak nak je jer dah boleh sebab sedap best teruk laju kedai duit pasal bila macam
mcm betul sikit takde tiada apasal giler gila ni tu kat dekat sgt hampeh berbaloi seronok lepas cakap
tengok awak korang dorang sahaja bagi tau jugak mahu lembab lewat selesa mesra dgn tq x""".split())


def detect(text: str) -> str:
    """en | ms | id | th | zh for one text (en when nothing tells)."""
    if not isinstance(text, str):
        return "en"
    thai, han = len(_THAI.findall(text)), len(_HAN.findall(text))
    words = _LATIN_WORD.findall(text.lower())
    if thai or han:
        # a Han character is a word; Thai words run about four letters
        if max(thai / 4, han) >= len(words) / 2 or not words:
            return "th" if thai / 4 >= han else "zh"
    en = sum(w in ENGLISH for w in words)
    ms = sum(w in MALAY for w in words)
    id_ = sum(w in INDONESIAN for w in words)
    family = sum(w in SHARED for w in words) + ms + id_
    if family == 0 or en > family:
        return "en"
    if ms > id_:
        return "ms"
    return "id"
