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
    """"designing"; a compound whose last part is one too ("fault-finding", "problem-solving")."""
    w = low(word)
    if not w.endswith("ing"):
        return False
    return bool(lemmas(core(word)).get("VERB")) or "-" in w and bool(lemmas(w.rsplit("-", 1)[1]).get("VERB"))


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


@lru_cache(maxsize=4096)
def slip_fixed(word: str) -> str:
    """The word a lower-case typing slip was meant to be, or "" when that is not certain:
    a word that neither LemmInflect's lexicon nor the spelling list knows, one keystroke
    slip (two neighbouring letters swapped, a letter doubled or not doubled) away from
    exactly one common word ("waht" -> "what", "withold" -> "withhold"). A word with two
    such neighbours, or none, is left as typed (it may be a trade word: "taxa", "marae")."""
    if len(word) < 4 or not re.fullmatch(r"[a-z]+", word) or known(word):
        return ""
    from mailflow.proofread.dictionary import load_dictionary

    frequency = load_dictionary("en").base
    if frequency.get(word, 0) >= 50:
        return ""
    near = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}  # swapped
    near |= {word[:i] + word[i] + word[i:] for i in range(len(word))}  # a letter doubled
    near |= {word[:i] + word[i + 1:] for i in range(len(word) - 1) if word[i] == word[i + 1]}  # undoubled
    near.discard(word)
    found = [n for n in near if frequency.get(n, 0) >= 1000 and known(n)]
    return found[0] if len(found) == 1 else ""


def clipped(word: str) -> tuple[str, ...]:
    """For a lower-case word of two to four letters that LemmInflect's lexicon does not know
    but the spelling list has (a clipped word: "vac", "perf"), the common words it may be
    short for, most frequent first (at most three); () for any other word. Which one was
    meant is not certain, so the letter keeps the word and ``remark`` asks."""
    if not re.fullmatch(r"[a-z]{2,4}", word) or known(word):
        return ()
    from mailflow.proofread.dictionary import load_dictionary

    frequency = load_dictionary("en").base
    if not frequency.get(word):
        return ()
    longer = sorted((f, n) for n, f in frequency.items()
                    if len(n) > len(word) + 2 and n.startswith(word) and f >= 1000 and lemmas(n))
    return tuple(n for _, n in reversed(longer[-3:]))
