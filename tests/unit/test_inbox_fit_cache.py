"""The training script's fit cache (``bench/inbox/train.py``): a fit is reused only when
everything it depends on is the same, so no figure and no shipped model comes from a stale fit."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def train(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("inbox_train_under_test", REPO / "bench" / "inbox" / "train.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "CACHE", tmp_path / "fits")
    return module


def counting_fit(calls: list[int]):
    def fit_lr(train):
        calls.append(len(train))
        return {"fitted": len(calls)}
    return fit_lr


def items(train):
    return [train.Item("s1", "a.eml", "reply", "en", "hi", "reply", False, ["w:hi"], {}),
            train.Item("s2", "b.eml", "offer", "en", "offer", "offer", False, ["w:offer"], {})]


def test_the_same_training_messages_and_settings_reuse_the_cached_fit(train):
    calls: list[int] = []
    fit = train.cached(counting_fit(calls))
    assert fit(items(train)) == fit(items(train))
    assert len(calls) == 1


@pytest.mark.parametrize("setting, value", [("MAX_ITER", 50), ("TOL", 1e-2), ("C", 1.0), ("MIN_DF", 3)])
def test_a_changed_fit_setting_refits_instead_of_reusing_the_cached_fit(train, monkeypatch, setting, value):
    calls: list[int] = []
    fit = train.cached(counting_fit(calls))
    fit(items(train))
    monkeypatch.setattr(train, setting, value, raising=False)
    fit(items(train))
    assert len(calls) == 2


def test_another_scikit_learn_version_refits_instead_of_reusing_the_cached_fit(train, monkeypatch):
    calls: list[int] = []
    fit = train.cached(counting_fit(calls))
    fit(items(train))
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda name: "0.0.1" if name == "scikit-learn" else real(name))
    fit(items(train))
    assert len(calls) == 2


def test_changed_fit_code_refits_instead_of_reusing_the_cached_fit(train):
    calls: list[int] = []
    train.cached(counting_fit(calls))(items(train))

    def fit_lr(train_items):  # same name, other code
        calls.append(-len(train_items))
        return {"fitted": "otherwise"}
    assert train.cached(fit_lr)(items(train)) == {"fitted": "otherwise"}
    assert len(calls) == 2
