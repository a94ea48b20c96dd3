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


def frequency(word: str) -> int:
    """How common a word is in the spelling list (pyspellchecker's counts); 0 when it is not there."""
    from mailflow.proofread.dictionary import load_dictionary

    return load_dictionary("en").base.get(word.lower(), 0)


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


def _all_words(frequency) -> dict[str, int]:
    """Every word of the spelling list with its frequency, read at once (going over the list
    word by word would look each one up again)."""
    full = getattr(frequency, "full", None)
    return full() if callable(full) else dict(frequency)


@lru_cache(maxsize=4096)
def slip_fixed(word: str) -> str:
    """The word a lower-case typing slip was meant to be, or "" when that is not certain:
    a word that neither LemmInflect's lexicon nor the spelling list knows, one keystroke
    slip (two neighbouring letters swapped, a letter doubled or not doubled) away from
    exactly one common word ("waht" -> "what", "withold" -> "withhold"); else, for a word of
    five letters or more, one letter left out inside it from one common word that is at least
    twenty times as frequent as any other such ("explaned" -> "explained",
    "shoud" -> "should"). A word with two such neighbours, or none, is left as typed (it may be a
    trade word: "taxa", "marae")."""
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
    if found or len(word) < 5:
        return found[0] if len(found) == 1 else ""
    # one letter left out inside the word ("explaned", "sytem", "shoud"): the common word it
    # is, when one such word is far more common than any other (a letter too many or a wrong
    # one would turn other languages' words into English ones: "grazie", "pressa")
    letters = "abcdefghijklmnopqrstuvwxyz"
    near = {word[:i] + c + word[i:] for i in range(1, len(word)) for c in letters}
    if word[-1] not in "aeiouy":
        near.add(word + "e")  # the silent "e" left off the end ("befor", "becaus")
    ranked = sorted(((frequency.get(n, 0), n) for n in near if frequency.get(n, 0) >= 1000 and known(n)),
                    reverse=True)
    if len(ranked) == 1 or len(ranked) > 1 and ranked[0][0] >= 20 * ranked[1][0]:
        return ranked[0][1]
    return ""


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
    longer = sorted((f, n) for n, f in _all_words(frequency).items()
                    if len(n) > len(word) + 2 and n.startswith(word) and f >= 1000 and lemmas(n))
    return tuple(n for _, n in reversed(longer[-3:]))


@lru_cache(maxsize=4096)
def is_chat_mark(word: str) -> bool:
    """Whether a lower-case word of two or three letters is a chat mark ("tbh", "imo", "lol"):
    neither LemmInflect's lexicon nor the spelling list knows it, and it is no typing slip. What
    it stands for is not in the sentence's grammar, so the letter can leave it out."""
    if not re.fullmatch(r"[a-z]{2,3}", word) or known(word) or slip_fixed(word):
        return False
    from mailflow.proofread.dictionary import load_dictionary

    # a common noun typed without its vowels ("ppl") is part of the sentence, not a mark
    return load_dictionary("en").base.get(word, 0) < 50 and not unvowelled_plural(word)


@lru_cache(maxsize=1)
def _by_prefix() -> dict[str, tuple[tuple[str, int], ...]]:
    """The spelling list's common words (frequency 1000 or more) by their first three letters,
    most frequent first."""
    from mailflow.proofread.dictionary import load_dictionary

    index: dict[str, list[tuple[str, int]]] = {}
    for n, f in _all_words(load_dictionary("en").base).items():
        if f >= 1000 and len(n) >= 5:
            index.setdefault(n[:3], []).append((n, f))
    return {k: tuple(sorted(v, key=lambda x: -x[1])) for k, v in index.items()}


#: a spelling-list count from which a word is one in its own right, not a clipped form of
#: another (below it the list holds stray forms: "secs" 72, "exc" 50)
KNOWN_AS_A_WORD = 100


@lru_cache(maxsize=4096)
def written_out(word: str, slot: str) -> str:
    """The word a clipped lower-case word is short for, when the slot it stands in leaves one
    reading (``slot``: "before-phrase" when a noun phrase follows it, "after-be" after a form of
    "be", "after-number" after a count), else "". The word is unknown to LemmInflect's lexicon,
    or a rare one ("avail"); the common words of the spelling list that start with it and can
    fill the slot are: a preposition or an "-ing" form before a noun phrase ("incl" ->
    "including", "exc" -> "except"), an adjective after "be" ("avail" -> "available"), a plural
    noun after a count ("30 secs" -> "30 seconds"). The most frequent is taken when it is at
    least one and a half times as frequent as the next."""
    if not re.fullmatch(r"[a-z]{3,6}", word):
        return ""
    from mailflow.proofread.dictionary import load_dictionary

    frequency = load_dictionary("en").base
    own = frequency.get(word, 0)
    if known(word) or own >= KNOWN_AS_A_WORD:
        return ""  # a word in its own right ("sous", "pub", "deli", "rep", "mod"): kept as typed
    plural = slot == "after-number" and word.endswith("s")
    stem = word[:-1] if plural else word
    if len(stem) < 3:
        return ""
    found = []
    for candidate, f in _by_prefix().get(stem[:3], ()):
        if len(found) == 2:
            break
        if not candidate.startswith(stem) or len(candidate) < len(stem) + 2 or f < 10 * max(own, 1):
            continue
        parts = lemmas(candidate)
        if slot == "before-phrase":
            fits = candidate in PREPOSITIONS or len(stem) >= 4 and candidate.endswith("ing") and "VERB" in parts
        elif slot == "after-be":
            fits = "ADJ" in parts
        elif slot == "after-number":
            fits = "NOUN" in parts and (is_plural_noun(candidate) if plural else not is_plural_noun(candidate))
        else:
            fits = False
        if fits:
            found.append((candidate, f))
    if len(found) == 1 or len(found) == 2 and found[0][1] >= 1.5 * found[1][1]:
        return found[0][0]
    return ""


@lru_cache(maxsize=1)
def _by_consonants() -> dict[str, tuple[tuple[int, str], ...]]:
    """The spelling list's common plural nouns by their consonants ("people" under "ppl")."""
    from mailflow.proofread.dictionary import load_dictionary

    index: dict[str, list[tuple[int, str]]] = {}
    for word, count in _all_words(load_dictionary("en").base).items():
        if count < 1000 or not word.isalpha() or not word.isascii():
            continue
        nouns = lemmas(word).get("NOUN")
        if not nouns or nouns[0] == word and word not in ("people",):
            continue  # a plural noun (a count of them), or "people"
        index.setdefault(re.sub(r"[aeiouy]", "", word), []).append((count, word))
    return {k: tuple(sorted(v, reverse=True)) for k, v in index.items()}


def unvowelled_plural(word: str) -> str:
    """The plural noun a word typed without its vowels stands for after a count ("4 ppl" ->
    "people"), when the spelling list has one far more common than any other with those
    consonants; "" otherwise. Only a word no lexicon knows, of three letters or more."""
    if len(word) < 3 or not re.fullmatch(r"[b-df-hj-np-tv-xz]+", word) or known(word):
        return ""
    found = _by_consonants().get(word, ())
    found = tuple(f for f in found if f[1][0] == word[0])
    if len(found) == 1 or len(found) > 1 and found[0][0] >= 20 * found[1][0]:
        return found[0][1]
    return ""

