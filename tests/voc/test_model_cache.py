"""The parsed sentiment models are kept in the user's cache folder: same scores, a damaged file re-parsed."""
import numpy as np
import pytest

from workbench.voc import multilingual

TEXTS = ["makanan sampai sejuk, kecewa", "อร่อยมาก ส่งไว", "外卖送得太慢了"]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path))
    multilingual.load_model.cache_clear()
    yield tmp_path / multilingual.MODEL_CACHE_FOLDER
    multilingual.load_model.cache_clear()


@pytest.mark.parametrize("name", ["id", "th", "zh"])
def test_cached_model_scores_like_the_parsed_one(fresh, name):
    parsed = multilingual.load_model(name).decision(TEXTS)
    [kept] = fresh.glob(f"{name}-*.pickle")
    multilingual.load_model.cache_clear()
    again = multilingual.load_model(name)
    assert np.array_equal(again.decision(TEXTS), parsed)
    assert again._counters is not None          # the counters came with the cached model


def test_damaged_cache_file_is_parsed_again(fresh):
    multilingual.load_model("zh")
    [kept] = fresh.glob("zh-*.pickle")
    kept.write_bytes(b"not a pickle")
    multilingual.load_model.cache_clear()
    model = multilingual.load_model("zh")
    assert model.decision(TEXTS).shape == (3, 1)
    assert kept.stat().st_size > 1000            # written again, whole
    assert not list(fresh.glob(".*.tmp"))
