"""The spelling dictionary reads pyspellchecker's list where it lies: a word is found
by bisecting the shipped text (one sorted ``"word": count,`` line per word), so a run
that looks up a few hundred words parses none of the others; every answer is the one
the spell checker's own loading gives, and the suggestions read the whole list once."""

from __future__ import annotations

import json

import pytest
import spellchecker

from mailflow.proofread import dictionary


def fresh(language: str = "en") -> dictionary.Dictionary:
    dictionary.load_dictionary.cache_clear()
    return dictionary.load_dictionary(language)


@pytest.mark.parametrize("language", spellchecker.SpellChecker.languages())
def test_every_word_of_every_shipped_list_is_read_as_the_spell_checker_holds_it(language):
    held = dict(spellchecker.SpellChecker(language=language, distance=1).word_frequency.dictionary)
    words = dictionary._frequencies(language)
    step = 1 if language == "en" else 50  # every word of English, every fiftieth of the others
    assert all(words.get(w) == held[w] and w in words for w in list(held)[::step])
    assert list(words) == list(held)  # the same words in the same order
    for other in ("", "zzzqqq", "{", "}", 'a"b', "a\\b", "\uffff", "Hello"):
        assert (other in words) == (other in held) and words.get(other) == held.get(other)


def test_looking_words_up_parses_no_other_word_and_suggestions_read_the_list_once(monkeypatch):
    held = spellchecker.SpellChecker(language="en", distance=1)
    loads = []
    original = json.loads
    monkeypatch.setattr(json, "loads", lambda text, *a, **k: loads.append(len(text)) or original(text, *a, **k))
    english = fresh()
    assert isinstance(english.base, dictionary._SortedCounts)
    assert english.known("thank") and english.known("conversations") and not english.known("zzzqqq")
    assert english.frequency("the") > english.frequency("interview") > 0
    assert english.known("onsite") and english.frequency("onsite") == 1  # mailflow's own words
    assert loads == []
    for word in ("recieve", "desing", "pipline", "untill"):
        assert english.suggestions(word)[0] in held.candidates(word)
    assert len(loads) == 1  # the whole list, once, for the suggestions


def test_the_same_answers_as_the_whole_list_read_into_a_dict():
    lazy = fresh()
    whole = dict(dictionary._package_words("en"))
    words = dict(whole)
    for w in (*dictionary._JOB_WORDS, *dictionary.curated_words()):
        words.setdefault(w, 1)
    eager = dictionary.Dictionary(whole, words)
    for word in ("recieve", "desing", "pipline", "untill", "unreviewed", "wireframes", "upskillable", "colour",
                 "organised", "post-mortems", "multi-region", "kubectl", "occured", "dissapointed", "onsite"):
        assert lazy.known_form(word) == eager.known_form(word), word
        assert lazy.suggestions(word) == eager.suggestions(word), word
        assert lazy.derived(word) == eager.derived(word), word
    assert dict(lazy.words) == words and len(lazy.words) == len(words)


@pytest.mark.parametrize("text", [
    '{\n"Apple": 3,\n"apple": 2\n}\n',  # a capital: folded and summed, as the checker does
    '{\n"caf\\u00e9": 3\n}\n',  # an escape
    '{"a": 1, "b": 2}',  # not one word a line
    '{\n"a": 1,\n"b": 2\n}\nmore',
    '{\n' + ''.join(f'"w{n:05d}": 1,\n' for n in range(5000, 0, -1)) + '"zz": 1\n}\n',  # not in order
])
def test_a_list_in_any_other_form_is_read_whole(text):
    assert dictionary._SortedCounts.of(text) is None


def test_a_list_in_the_shipped_form_answers_by_its_lines():
    words = dictionary._SortedCounts.of('{\n"a": 1,\n"ab": 20,\n"b\'s": 3,\n"zz": 4\n}\n')
    assert [words.get(w) for w in ("a", "ab", "b's", "zz", "aa", "b", "zzz", "")] == [1, 20, 3, 4, None, None, None, None]
    assert dict(words) == {"a": 1, "ab": 20, "b's": 3, "zz": 4} and len(words) == 4


def test_a_language_without_a_list_is_a_config_error():
    from mailflow.errors import ConfigError

    with pytest.raises(ConfigError, match="no dictionary for 'xx'"):
        fresh("xx")


@pytest.mark.parametrize("text", [
    "", "abc", "ABC", "aBc", "123 ,\n", "é", "É", "aÉ", "Éa", "ǅ", "aǅ", "ß", "1ß", "Aß", "ßA", "ﬀ", "ΣΑ", "σα",
    "ⅰ", "Ⅰ", "aⅠ", "ʰ", "1ʰ", "ª", "\u0345", "Ꭰ", "ꭰ", "日本", "a日本", "A日本", "日本é", "日本É",
    '{\n"café": 3,\n"zürich": 1\n}\n', '{\n"café": 3,\n"Zürich": 1\n}\n', '{\n"café": 3,\n"zÜrich": 1\n}\n',
])
def test_the_case_of_a_list_is_told_from_its_bytes_as_from_its_text(text):
    assert dictionary._lower_case(text.encode("utf-8")) == text.islower()


def test_the_shipped_lists_are_told_lower_case_from_their_bytes_as_from_their_text():
    for language in spellchecker.SpellChecker.languages():
        packed = dictionary._package_data(language)
        text = packed.decode("utf-8")
        assert dictionary._lower_case(packed) == text.islower(), language
        assert (dictionary._SortedCounts.of(text, packed) is None) == (dictionary._SortedCounts.of(text) is None)
