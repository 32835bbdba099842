"""Redaction: typed tokens in place of personal data, hard negatives left alone."""
from __future__ import annotations

import pytest

from workbench.privacy import Redactor, build_name_book

BOOK = build_name_book([("P05", "Mei Ling"), ("P12", "Aminah")], ["Aisyah", "Daniel"], ["Mei Xin", "Suresh"])
REDACTOR = Redactor(BOOK)


@pytest.mark.parametrize("text,expected", [
    ("send to farah.izzati88@gmail.com. All small letters.", "send to [EMAIL]. All small letters."),
    ("I put mine, 012-718 4432, then the postcode", "I put mine, [PHONE], then the postcode"),
    ("my Singapore number, +65 9123 4567. That", "my Singapore number, [PHONE]. That"),
    ("My number is +60 13-552 0918, same one", "My number is [PHONE], same one"),
    ("0192234781, lina.tan@outlook.com", "[PHONE], [EMAIL]"),
    ("on my Visa, 4539 1488 0343 6467, I even", "on my Visa, [CARD], I even"),
    ("my IC number 790105-08-6613.", "my IC number [ID]."),
    ("which is No. 12, Jalan SS2/24, Petaling Jaya. And I waited", "which is [ADDRESS]. And I waited"),
    ("+62 812-3456-7890, https://track.lumi.example/t?u=huimin88&token=9f3a2c", "[PHONE], [URL]"),
    ("我的电话是13812345678，邮箱是mei@example.com", "我的电话是[PHONE]，邮箱是[EMAIL]"),
    ("Mei Ling told Aisyah about my sister Mei Xin and Suresh's birthday.",
     "P05 told [INTERVIEWER] about my sister [NAME] and [NAME]'s birthday."),
    ("Aminah: card 4012 8888 8888 1881 2025", "P12: card [CARD] 2025"),   # a card followed by a year
    ("Tel:012-3456789 / HP:0812 3456 7890", "Tel:[PHONE] / HP:[PHONE]"),    # no space after a colon
    ("电话：０１２３４５６７８９", "电话：[PHONE]"),                             # full-width digits
])
def test_redacts(text, expected):
    assert REDACTOR.redact(text)[0] == expected


@pytest.mark.parametrize("text", [
    "Order 100234567 cost RM 129.90 on 2026-07-08 at 10:30.",
    "Delivery took 10-12 days; postcode 47300; since 2019; 3 pcs of size 38.",
    "Tracking MY1234567890, order #80012345, SKU LM-2291-BLU, version 4.12.0.",
    "See https://lumi.example/help/returns or just lumi.example.",
    "Rp 1.299.000 setelah diskon, ongkir Rp 25.000.",
    "Nomor resi JNE 0123456789012 tidak bisa dilacak.",
    "My grace period ended; the Danish pastries were nice.",   # lower-case or unknown words stay
])
def test_leaves_hard_negatives(text):
    assert REDACTOR.redact(text) == (text, {})


def test_counts_by_type():
    _, counts = REDACTOR.redact("Mei Ling: call 012-718 4432 or 03-7865 2291, or email a@b.co")
    assert counts == {"participant": 1, "phone": 2, "email": 1}


def test_keep_names_keeps_names_but_not_structured_data():
    keeping = Redactor(BOOK, keep_names=True)
    assert keeping.redact("Mei Ling: call 012-718 4432")[0] == "Mei Ling: call [PHONE]"


@pytest.mark.parametrize("value", [None, "", float("nan")])
def test_missing_text_passes_through(value):
    out, counts = REDACTOR.redact(value)
    assert out is value and not counts
