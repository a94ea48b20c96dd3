"""The spelling dictionary is kept as a copy in the user's cache folder (``marshal``'s
form, cheap to open): the copy gives the same answers as the package's list, and a
copy that is not the user's own, or not a word list, is never read."""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import platformdirs
import pytest
import spellchecker

from mailflow.proofread import dictionary


def fresh(language: str = "en") -> dictionary.Dictionary:
    dictionary.load_dictionary.cache_clear()
    return dictionary.load_dictionary(language)


def copies() -> list[Path]:
    return sorted((Path(platformdirs.user_cache_dir("mailflow")) / "dictionary").glob("en-*.marshal"))


def test_the_copy_is_what_a_later_run_reads():
    fresh()
    (copy,) = copies()
    words = marshal.loads(copy.read_bytes())
    copy.write_bytes(marshal.dumps({**words, "zzzkept": 7}))  # the user's own file, still 0600
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


@pytest.mark.parametrize("damage", ["not marshal", "world-writable", "a list", "cut short", "not counts"])
def test_a_damaged_or_foreign_copy_is_not_read(damage):
    fresh()
    (copy,) = copies()
    if damage == "not marshal":
        copy.write_bytes(b"{nope")
    elif damage == "world-writable":
        copy.write_bytes(marshal.dumps({"zzzplanted": 5}))
        os.chmod(copy, 0o666)
    elif damage == "a list":
        copy.write_bytes(marshal.dumps(["a", "b"]))
    elif damage == "cut short":
        copy.write_bytes(copy.read_bytes()[:1000])
    else:
        copy.write_bytes(marshal.dumps({"zzzplanted": "many", "receive": 3}))
    words = fresh().words
    assert "zzzplanted" not in words and "receive" in words


def test_the_package_list_is_read_as_the_spell_checker_holds_it():
    """Read without building a checker: the same words, counts and order as
    ``SpellChecker(language=...)`` (lower-cased, counts of case variants summed)."""
    dictionary.load_dictionary.cache_clear()
    for copy in copies():
        copy.unlink()
    checker = spellchecker.SpellChecker(language="en", distance=1)
    assert list(fresh().base.items()) == list(checker.word_frequency.dictionary.items())
    assert list(fresh().base.items()) == list(checker.word_frequency.dictionary.items())  # from the copy


def test_a_language_without_a_list_is_a_config_error():
    from mailflow.errors import ConfigError

    with pytest.raises(ConfigError, match="no dictionary for 'xx'"):
        fresh("xx")


@pytest.mark.parametrize("language", spellchecker.SpellChecker.languages())
def test_every_shipped_list_is_read_as_the_spell_checker_holds_it(language):
    # the lists written in lower case are taken as they are; any other is folded, counts summed
    checker = spellchecker.SpellChecker(language=language, distance=1)
    words = dictionary._package_words(language)
    assert words == dict(checker.word_frequency.dictionary)
