"""The parsed sentiment models are kept in the user's cache folder: same scores, a damaged file re-parsed.

``load_model.__wrapped__`` is the loader without its per-process memo, so these tests read and write the
cache folder without replacing the models other tests' scorers hold."""
import numpy as np
import pytest

from workbench.voc import multilingual

TEXTS = ["makanan sampai sejuk, kecewa", "อร่อยมาก ส่งไว", "外卖送得太慢了"]
load = multilingual.load_model.__wrapped__


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path))
    return tmp_path / multilingual.MODEL_CACHE_FOLDER


@pytest.mark.parametrize("name", ["id", "th", "zh"])
def test_cached_model_scores_like_the_parsed_one(folder, name):
    parsed = load(name)
    [kept] = folder.glob(f"{name}-*.pickle")
    again = load(name)
    assert np.array_equal(again.decision(TEXTS), parsed.decision(TEXTS))
    assert again._counters is not None          # the counters came with the cached model


def test_damaged_cache_file_is_parsed_again(folder):
    load("zh")
    [kept] = folder.glob("zh-*.pickle")
    kept.write_bytes(b"not a pickle")
    assert load("zh").decision(TEXTS).shape == (3, 1)
    assert kept.stat().st_size > 1000            # written again, whole
    assert not list(folder.glob(".*.tmp"))


def test_an_unwritable_cache_folder_only_costs_the_parse(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("WORKBENCH_CACHE", str(blocked))      # models/ cannot be made under a file
    assert load("zh").decision(TEXTS).shape == (3, 1)
