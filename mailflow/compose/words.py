"""Parts of speech and inflections of English words, for turning remarks into sentences.

Open-class words (nouns, verbs, adjectives, adverbs) are looked up in LemmInflect's
lexicon, which installs from the package index with its data inside and works offline:
it says which parts of speech a word form can be and of which lemma, and inflects a
lemma ("change" -> "changed", "handle" -> "handles"). Closed classes (determiners,
pronouns, prepositions, auxiliaries, conjunctions) are finite and listed here.

The lexicon opens on first use (a few hundredths of a second: see ``mailflow.lexicon``); a remark
that never needs it never pays.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mailflow.lexicon import lexicon as _lexicon

DETERMINERS = frozenset(
    "the a an this that these those my your his her its our their some any every each no all both half "
    "most many much few several another other such what which whose".split())
PRONOUNS = frozenset("i you he she it we they me him her us them".split())
SUBJECT_PRONOUNS = frozenset("i you he she it we they".split())
PREPOSITIONS = frozenset(
    "about above across after against along among around at before behind below beneath beside between "
    "beyond by despite during except for from in inside into like near of off on onto out outside over "
    "past per since than through throughout till to toward towards under underneath until up upon via "
    "with within without vs vs.".split())
CONJUNCTIONS = frozenset("and or but nor so yet because although though while whereas if unless".split())
RELATIVES = frozenset("that which who whom whose where when".split())
WH = frozenset("how what why when where which who whom whose whether".split())
MODALS = frozenset("would could should will can might may must shall".split())
AUXILIARIES = MODALS | frozenset("do does did is are was were am be been has have had".split())
#: contractions whose second part is a finite verb ("that's", "they're", "he'd")
_FINITE_CLITICS = ("'s", "'re", "'m", "'ve", "'d", "'ll", "n't", "’s", "’re", "’m", "’ve", "’d", "’ll", "n’t")


@lru_cache(maxsize=4096)
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """{part of speech: lemmas} for a word form ("costs" -> NOUN cost, VERB cost); {} when unknown."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z'’-]*", word):
        return {}
    found = _lexicon().getAllLemmas(word)
    if not found and word[:1].isupper():
        found = _lexicon().getAllLemmas(word.lower())
    return dict(found)


def core(word: str) -> str:
    """A word without the punctuation around it."""
    return word.strip(",.;:!?\"“”‘’()[]…").rstrip("'")


def low(word: str) -> str:
    return core(word).lower()


def can_be(word: str, pos: str) -> bool:
    return pos in lemmas(core(word))


def is_function_word(word: str) -> bool:
    w = low(word)
    return w in DETERMINERS or w in PRONOUNS or w in PREPOSITIONS or w in CONJUNCTIONS or w in RELATIVES


def verb_lemma(word: str) -> str:
    found = lemmas(core(word)).get("VERB") or lemmas(core(word)).get("AUX")
    return found[0] if found else ""


def inflect(lemma: str, tag: str) -> str:
    """``lemma`` in the Penn tag's form (VBD past, VBZ third person, VBG gerund, NNS plural)."""
    found = _lexicon().getInflection(lemma, tag)
    return found[0] if found else lemma


def is_past(word: str) -> bool:
    lemma = verb_lemma(word)
    return bool(lemma) and low(word) in {w.lower() for w in _lexicon().getAllInflections(lemma).get("VBD", ())}


def is_third_person(word: str) -> bool:
    lemma = verb_lemma(word)
    return bool(lemma) and low(word) != lemma.lower() and low(word) in {
        w.lower() for w in _lexicon().getAllInflections(lemma).get("VBZ", ())}


def is_base_verb(word: str) -> bool:
    lemma = verb_lemma(word)
    return bool(lemma) and low(word) == lemma.lower()


def is_gerund(word: str) -> bool:
    w = low(word)
    return w.endswith("ing") and bool(lemmas(core(word)).get("VERB"))


def is_plural_noun(word: str) -> bool:
    nouns = lemmas(core(word)).get("NOUN")
    return bool(nouns) and low(word) != nouns[0].lower() and low(word).endswith("s")


def is_finite(word: str, after_plural: bool = False) -> bool:
    """Whether ``word`` can be a clause's finite verb: an auxiliary, a past tense, a
    third-person form, a base form after a plural subject, or a contraction ("that's")."""
    w = low(word)
    if w in AUXILIARIES or w in ("isn't", "aren't", "wasn't", "weren't", "doesn't", "don't", "didn't", "won't",
                                 "can't", "couldn't", "wouldn't", "shouldn't", "hasn't", "haven't", "hadn't"):
        return True
    if any(w.endswith(c) for c in _FINITE_CLITICS) and not w.endswith(("'s", "’s")):
        return True
    if not lemmas(core(word)).get("VERB"):
        return False
    if is_past(word) or is_third_person(word):
        return True
    return after_plural and is_base_verb(word)


def third_person(lemma_or_word: str) -> str:
    lemma = verb_lemma(lemma_or_word) or lemma_or_word
    return inflect(lemma, "VBZ")


def base(word: str) -> str:
    """The base form of a verb ("wants" -> "want", "reckons" -> "reckon"); a past stays past."""
    if is_third_person(word):
        return verb_lemma(word)
    return core(word)


def known(word: str) -> bool:
    return bool(lemmas(core(word))) or is_function_word(word)


#: how the name of a language or a people ends ("english", "japanese", "norwegian", "dutch", "israeli")
_PEOPLE_ENDING = re.compile(r"[a-z]{2,}(?:ish|ese|ian|ean|ch|[^m]an|[a-z]i)")


@lru_cache(maxsize=4096)
def is_people_word(word: str) -> bool:
    """Whether a word typed in lower case is the name of a language or a people ("english",
    "norwegian"): a common word of the spelling list (pyspellchecker's frequencies, which
    the proofreader uses) that LemmInflect's lexicon, which lists common words only, does
    not have, with the ending such names have."""
    if not _PEOPLE_ENDING.fullmatch(word) or lemmas(word):
        return False
    from mailflow.proofread.dictionary import load_dictionary

    return load_dictionary("en").base.get(word, 0) >= 2000


def capitalise_peoples(text: str) -> str:
    """Languages and peoples typed in lower case get their capital ("polish and english" ->
    "Polish and English"): a word of that shape, and a word joined to one by "and", "or" or a
    comma when it has the same ending ("polish", a verb too, beside "english")."""
    found = {m.start() for m in re.finditer(r"(?<![\w'’-])[a-z]+(?![\w'’-])", text) if is_people_word(m.group(0))}
    pair = re.compile(r"(?<![\w'’-])([a-z]+)(\s*,\s*|\s+(?:and|or)\s+)([a-z]+)(?![\w'’-])")
    for m in pair.finditer(text):
        for mine, other in ((1, 3), (3, 1)):
            if m.start(other) in found and m.group(mine)[-3:] == m.group(other)[-3:] \
                    and _PEOPLE_ENDING.fullmatch(m.group(mine)):
                found.add(m.start(mine))
    return "".join(ch.upper() if i in found else ch for i, ch in enumerate(text))
