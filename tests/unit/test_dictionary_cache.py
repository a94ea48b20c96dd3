"""The spelling dictionary is kept as a plain copy in the user's cache folder: the
copy gives the same answers as the package's list, and a copy that is not the user's
own, or not a word list, is never read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs
import pytest

from mailflow.proofread import dictionary


def fresh(language: str = "en") -> dictionary.Dictionary:
    dictionary.load_dictionary.cache_clear()
    return dictionary.load_dictionary(language)


def copies() -> list[Path]:
    return sorted((Path(platformdirs.user_cache_dir("mailflow")) / "dictionary").glob("en-*.json"))


def test_the_copy_is_what_a_later_run_reads():
    fresh()
    (copy,) = copies()
    words = json.loads(copy.read_text())
    copy.write_text(json.dumps({**words, "zzzkept": 7}))  # the user's own file, still 0600
    assert "zzzkept" in fresh().words


def test_the_copy_answers_as_the_package_does():
    first = fresh()
    (copy,) = copies()
    assert copy.stat().st_mode & 0o777 == 0o600
    second = fresh()
    assert second.words == first.words
    for word in ("recieve", "desing", "pipline", "untill"):
        assert second.suggestions(word) == first.suggestions(word)
    assert second.known_form("unreviewed") == first.known_form("unreviewed")


@pytest.mark.parametrize("damage", ["not json", "world-writable", "a list", "not counts"])
def test_a_damaged_or_foreign_copy_is_not_read(damage):
    fresh()
    (copy,) = copies()
    if damage == "not json":
        copy.write_text("{nope")
    elif damage == "world-writable":
        copy.write_text(json.dumps({"zzzplanted": 5}))
        os.chmod(copy, 0o666)
    elif damage == "a list":
        copy.write_text(json.dumps(["a", "b"]))
    else:
        copy.write_text(json.dumps({"zzzplanted": "many", "receive": 3}))
    words = fresh().words
    assert "zzzplanted" not in words and "receive" in words
