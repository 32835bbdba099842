"""study.yml's previous: key (located errors) and touchpoints added, removed and renamed."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbench.config import Touchpoint
from workbench.exceptions import InputError
from workbench.waves import align_touchpoints, previous_wave
from workbench.waves.alignment import renames
from workbench.waves.command import main_compare

REPO = Path(__file__).resolve().parents[2]


def _study(folder: Path, extra: str = "") -> Path:
    folder.mkdir(parents=True)
    (folder / "study.yml").write_text("study: x\ntitle: t\n" + extra, encoding="utf-8")
    return folder


def test_previous_resolves_relative_to_the_study_folder(tmp_path):
    _study(tmp_path / "old")
    new = _study(tmp_path / "new", "previous: ../old\n")
    assert previous_wave(new) == (tmp_path / "old").resolve()
    assert previous_wave(tmp_path / "old") is None


@pytest.mark.parametrize("value, message", [
    ("../missing", "is not a study folder"),
    (".", "names this study itself"),
    ("[1, 2]", "must be a folder path"),
])
def test_bad_previous_is_one_located_line(tmp_path, value, message):
    new = _study(tmp_path / "new", f"language: en\nprevious: {value}\n")
    with pytest.raises(InputError) as info:
        previous_wave(new)
    text = str(info.value)
    assert text.startswith(str(new / "study.yml") + ":4: previous:")
    assert message in text and "\n" not in text


def test_compare_cli_reports_located_error_and_exit_2(tmp_path, capsys):
    new = _study(tmp_path / "new")
    assert main_compare([str(new)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"{new / 'study.yml'}: names no previous: wave; give OLD and NEW"


class _Config:
    def __init__(self, touchpoints):
        self.touchpoints = touchpoints


def test_added_removed_renamed_touchpoints_are_reported():
    before = _Config([Touchpoint("cart", "Cart", "purchase", events=("add_to_cart",)),
                      Touchpoint("pay", "Payment options", "purchase", events=("payment_page_viewed",)),
                      Touchpoint("chat", "Support chat", "retention", events=("chat_started",)),
                      Touchpoint("fax", "Fax orders", "purchase")])
    after = _Config([Touchpoint("cart", "Cart", "purchase", events=("add_to_cart",)),
                     Touchpoint("payment", "Payment options", "purchase", events=("payment_page_viewed",)),
                     Touchpoint("support-chat", "Live chat", "retention", events=("chat_started",)),
                     Touchpoint("wallet", "E-wallet", "purchase", events=("wallet_opened",))])
    table = align_touchpoints(before, after).set_index(["status", "after_id"], drop=False)
    status = dict(zip(table["after_id"].fillna(table["before_id"]), table["status"]))
    assert status == {"cart": "same", "payment": "renamed", "support-chat": "renamed", "wallet": "added",
                      "fax": "removed"}
    assert renames(align_touchpoints(before, after)) == {"cart": "cart", "pay": "payment", "chat": "support-chat"}


def test_the_demo_waves_share_their_journey_model():
    from workbench.config import load_study_config_leniently
    old, _ = load_study_config_leniently(REPO / "corpora" / "demo-shop-2026q2")
    new, _ = load_study_config_leniently(REPO / "corpora" / "demo-shop")
    assert set(align_touchpoints(old, new)["status"]) == {"same"}
