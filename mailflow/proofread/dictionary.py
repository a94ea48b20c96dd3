"""The spelling dictionary: pyspellchecker's list, the curated vocabulary of engineering
and business work shipped as ``words.txt``, British spellings, word forms (plurals,
-ed, -ing, -er), and the words a message's context makes known (names, companies,
roles, the calendar's titles, what the user recorded, ``[proofread] words``)."""

from __future__ import annotations

import difflib
import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from mailflow.config import ProofreadConfig
from mailflow.errors import ConfigError
from mailflow.proofread.names import ProofContext
from mailflow.proofread.reading import normal, tokens

# --------------------------------------------------------------------------- dictionary

# Words a job seeker writes that the general dictionary lacks.
_JOB_WORDS = """
onsite offsite linkedin github gitlab etc fintech roadmap roadmaps onboarding webinar
webinars walkthrough walkthroughs whiteboarding codebase codebases microservice
microservices backend frontend fullstack devops dataset datasets workflow workflows
timelines upskill async cofounder cofounders cybersecurity blockchain saas analytics
ecommerce refactor refactoring runbook runbooks skillset skillsets api apis email emails
emailed ok followup internship internships
""".split()

# British spellings: the American forms these rewrite to are in the dictionary.
_BRITISH = [
    (re.compile(r"our(s|ed|ing|ite|ites|able)?$"), r"or\1"),
    (re.compile(r"is(e|es|ed|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"tre(s)?$"), r"ter\1"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
    (re.compile(r"(l)l(ed|ing|er|ers)$"), r"\1\2"),
    (re.compile(r"^(lic|def|off|pret)ence(s)?$"), r"\1ense\2"),
    (re.compile(r"amme(s)?$"), r"am\1"),
]


@dataclass
class Dictionary:
    """The words of a language with their frequencies (``words``, with the curated
    vocabulary), and pyspellchecker's own list (``base``) for suggestions: the checker
    that makes them is built on first use, which a run of clean drafts never needs."""

    base: Mapping[str, int]
    words: Mapping[str, int]
    _checker: object = None

    @property
    def checker(self):  # spellchecker.SpellChecker over ``base``
        if self._checker is None:
            from spellchecker import SpellChecker

            checker = SpellChecker(language=None, distance=1)
            checker.word_frequency.load_json(self.base.full() if isinstance(self.base, _SortedCounts) else self.base)
            self._checker = checker
        return self._checker

    def known(self, word: str) -> bool:
        if word in self.words:
            return True
        for pattern, repl in _BRITISH:
            us = pattern.sub(repl, word, count=1)
            if us != word and us in self.words:
                return True
        return False

    def known_form(self, word: str, extra: frozenset[str] = frozenset()) -> bool:
        """``word`` or a regular form of a known word: plurals, -ed, -ing, -er, -'s,
        and hyphenated compounds whose parts are known ("multi-region") or which are
        known written as one word ("post-mortems")."""
        if word in extra or self.known(word):
            return True
        if "-" in word:
            parts = [p for p in word.split("-") if p]
            joined = "".join(parts)
            if self._form(joined, extra):
                return True
            return all(p in _PREFIXES or self._form(p, extra) for p in parts)
        return self._form(word, extra)

    def _form(self, word: str, extra: frozenset[str], prefixed: bool = True) -> bool:
        if word in extra or self.known(word):
            return True
        for stem in _stems(word):
            if stem in extra or (len(stem) >= 2 and self.known(stem)):
                if word.endswith(("ed", "ing", "er")) and not _inflects_to(stem, word):
                    continue  # "occured", "begining", "commited": not how the verb inflects
                if word.endswith("ly") and stem not in extra and (set(self.checker.candidates(word) or ()) - {word}):
                    continue  # "truely": "truly" is one letter away; an adverb is not built so
                return True
        if prefixed:  # "unreviewed", "rerun", "nonblocking"
            for prefix in _WORD_PREFIXES:
                rest = word[len(prefix):]
                if word.startswith(prefix) and len(rest) >= 4 and self._form(rest, extra, prefixed=False) \
                        and not (self.checker.candidates(word) or set()) - {word}:
                    return True  # never "desing" (de-sing) when "design" is one letter away
        return False

    def derived(self, word: str, extra: frozenset[str] = frozenset()) -> bool:
        """Whether an unknown ``word`` is a word of the lexicon (LemmInflect's: a lemma
        or the first spelling of one of its forms, "paediatric", "safeguarding"), or is
        built of known words the way English builds words while no dictionary word is
        one letter from it (that would make it a typo): a derivation
        with a suffix that makes nouns, adjectives or adverbs ("upskillable",
        "rotaless"), or two known words written as one ("wireframes", "blockout")."""
        if _lexicon_form(word):
            return True  # the lexicon's own word or form: "paediatric", "haematology", "safeguarding"
        if len(word) < 5 or self.suggestions(word):
            return False
        for suffix, restore in _DERIVATIONS:
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and len(stem) >= 3 and any(
                    self.known_form(stem + r, extra) for r in restore):
                # "greatful": a common word two letters away is what was meant
                return not _near_common(word, self.base)

        for i in range(3, len(word) - 2):
            head, tail = word[:i], word[i:]
            if self.frequency(head) >= _COMPOUND_PART and self._form(tail, extra, prefixed=False) and (
                    self.frequency(tail) >= _COMPOUND_PART or any(self.frequency(s) >= _COMPOUND_PART
                                                                  for s in _stems(tail))):
                return True
        return False

    def frequency(self, word: str) -> int:
        return self.words.get(word, 0)

    def suggestions(self, word: str) -> list[str]:
        if len(word) > _LONGEST_WORD:
            return []  # no word is that long, and the search for one near it grows with the square
        found = set(self.checker.candidates(word) or ()) - {word}
        found = found or _redoubled(word, self.base)
        return sorted(found, key=lambda w: (-self.frequency(w), w))[:3]


#: longer than any word a note would use; nothing is suggested for a longer run of letters
_LONGEST_WORD = 45


@functools.lru_cache(maxsize=None)
def load_dictionary(language: str) -> Dictionary:
    """The spelling dictionary for a language, loaded once per process: pyspellchecker's
    list read where it lies (``_frequencies``), without building the spell checker until
    a suggestion is asked for."""
    base = _frequencies(language)
    extra: dict[str, int] = {}
    if language == "en":  # the list's own words are told apart when the words are gone over
        extra = dict.fromkeys((*_JOB_WORDS, *curated_words()), 1)
    return Dictionary(base, _WithExtra(base, extra) if extra else base)


def _frequencies(language: str) -> Mapping[str, int]:
    """pyspellchecker's word list for ``language``, lower-cased as pyspellchecker loads
    it: the shipped text itself when it is a sorted list of lower-case words
    (``_SortedCounts``), else the whole list read (``_package_words``)."""
    packed = _package_data(language)
    found = _SortedCounts.of(packed.decode("utf-8"), packed)
    return found if found is not None else _package_words(language)


def _sorted_at_samples(text: str, start: int, stop: int, samples: int = 64) -> bool:
    """The words of lines taken at ``samples`` even places of ``text`` are in order: a
    list shipped unsorted is read whole rather than bisected (which would miss words)."""
    words = []
    for i in range(samples + 1):
        at = text.rfind("\n", start, start + (stop - start) * i // samples) + 1 or start
        if at >= stop:
            break
        words.append(text[at + 1:text.index('"', at + 1)])
    return all(a <= b for a, b in zip(words, words[1:]))


class _SortedCounts(Mapping):
    """A word list shipped as JSON text with one ``"word": count,`` line per word, in
    sorted order, no escape and no capital (how pyspellchecker writes its lists): a word
    is found by bisecting the lines and its line is read alone, so a run that looks up a
    few hundred words parses none of the others (reading the whole list, as ``json``
    does, took a tenth of a first run). Counting or going over every word (the spell
    checker's suggestions) reads the whole list once, with ``json``."""

    def __init__(self, text: str, start: int, stop: int):
        self._text = text
        self._start, self._stop = start, stop  # where the first word's line starts; the "}" line
        self._all: dict[str, int] | None = None

    @classmethod
    def of(cls, text: str, encoded: bytes | None = None) -> _SortedCounts | None:
        """``encoded``: ``text`` in UTF-8, when at hand (its case is checked faster)."""
        lower = _lower_case(encoded) if encoded is not None else text.islower()
        if not text.startswith('{\n"') or "\\" in text or not lower:
            return None
        stop = text.rfind("\n}")
        if stop < 0 or text[stop + 2:].strip() or not _sorted_at_samples(text, 2, stop + 1):
            return None
        return cls(text, 2, stop + 1)

    def _line(self, word: str) -> str | None:
        """The line of ``word``, found by bisection over the text's lines."""
        if '"' in word or "\\" in word:
            return None  # such a word would be written with an escape, and the text has none
        text, low, high = self._text, self._start, self._stop
        while low < high:  # both are starts of lines
            middle = text.rfind("\n", low, (low + high) // 2) + 1 or low
            end = text.index("\n", middle)
            if text[middle + 1:text.index('"', middle + 1)] < word:
                low = end + 1
            else:
                high = middle
        if low >= self._stop:
            return None
        line = text[low:text.index("\n", low)]
        return line if line[1:line.index('"', 1)] == word else None

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._line(word) is not None

    def get(self, word, default=None):
        line = self._line(word) if isinstance(word, str) else None
        return default if line is None else int(line[line.index('": ') + 3:].rstrip(","))

    def __getitem__(self, word: str) -> int:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found

    def full(self) -> dict[str, int]:
        if self._all is None:
            import json

            self._all = json.loads(self._text)
        return self._all

    def __iter__(self):
        return iter(self.full())

    def __len__(self) -> int:
        return len(self.full())


class _WithExtra(Mapping):
    """A word list and words of mailflow's own that it lacks (count 1). ``extra`` may hold
    words of the list too: a look-up asks the list first, and going over the words (or
    counting them) leaves those out, found once (``_own``)."""

    def __init__(self, base: Mapping[str, int], extra: dict[str, int]):
        self.base, self.extra = base, extra
        self._lacking: list[str] | None = None

    def _own(self) -> list[str]:
        if self._lacking is None:
            self._lacking = [w for w in self.extra if w not in self.base]
        return self._lacking

    def __contains__(self, word: object) -> bool:
        return word in self.extra or word in self.base

    def get(self, word, default=None):
        found = self.base.get(word)
        return found if found is not None else self.extra.get(word, default)

    def __getitem__(self, word: str) -> int:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found

    def __iter__(self):
        yield from self.base
        yield from self._own()

    def __len__(self) -> int:
        return len(self.base) + len(self._own())


def _lower_case(encoded: bytes) -> bool:
    """``encoded.decode("utf-8").islower()``, without going over each character as text:
    bytes say it for ASCII letters, and the characters beyond ASCII (a few hundred in a
    word list) are checked as text. ``islower`` is true when no character is upper or
    title case and some character is lower case, so the two parts answer it together."""
    beyond = encoded.translate(None, _ASCII).decode("utf-8")
    if encoded.islower():  # ASCII: some lower case letter, no capital
        return (beyond + "a").islower()  # no capital beyond ASCII
    return (encoded + b"a").islower() and beyond.islower()  # no ASCII letter: beyond ASCII decides


_ASCII = bytes(range(128))


def _package_text(language: str) -> str:
    """The text of the word list pyspellchecker ships for ``language``
    (``resources/<language>.json.gz``)."""
    return _package_data(language).decode("utf-8")


def _package_data(language: str) -> bytes:
    """The word list pyspellchecker ships for ``language`` (``resources/<language>.json.gz``),
    unpacked: read where the package lies, as ``pkgutil.get_data`` reads it, without
    importing the package (which a run that suggests nothing never needs)."""
    import gzip
    import importlib.util
    import os

    try:
        spec = importlib.util.find_spec("spellchecker")
        packed = spec.loader.get_data(os.path.join(os.path.dirname(spec.origin), "resources",
                                                   f"{language.lower()}.json.gz"))
    except (FileNotFoundError, ValueError, OSError, AttributeError, TypeError):
        packed = None
    if not packed:
        import spellchecker

        raise ConfigError(
            f"[proofread] language: no dictionary for {language!r}",
            hint=f"use one of {', '.join(spellchecker.SpellChecker.languages())}",
        )
    return gzip.decompress(packed)


def _package_words(language: str) -> dict[str, int]:
    """The word list pyspellchecker ships for ``language``, as ``SpellChecker(language=...)``
    holds it: keys lower-cased, the counts of words that differ only in case summed. Read
    directly: building the checker costs twice as much."""
    import json

    data = json.loads(_package_text(language))
    lowered = {word.lower(): count for word, count in data.items()}
    if len(lowered) != len(data):  # as pyspellchecker does: "Apple" and "apple" count together
        lowered = {}
        for word, count in data.items():
            lowered[word.lower()] = lowered.get(word.lower(), 0) + count
    return lowered


@functools.lru_cache(maxsize=1)
def curated_words() -> tuple[str, ...]:
    """The vocabulary shipped in ``words.txt`` (engineering, data and business words)."""
    try:  # beside this module, as installed; else wherever the package's resources are
        with open(os.path.join(os.path.dirname(__file__), "words.txt"), encoding="utf-8") as f:
            text = f.read()
    except OSError:
        from importlib.resources import files

        text = files("mailflow.proofread").joinpath("words.txt").read_text(encoding="utf-8")
    return tuple(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


#: parts of a hyphenated word that are prefixes, not words ("multi-region", "re-run")
_PREFIXES = {"multi", "re", "pre", "non", "co", "sub", "anti", "cross", "self", "inter", "post", "semi",
             "mid", "over", "under", "micro", "macro", "meta", "hyper", "ultra", "pseudo", "bi", "tri",
             "de", "un", "auto", "e", "x", "n", "k"}


#: prefixes written as part of a word ("unreviewed"): the rest must be a known word
_WORD_PREFIXES = ("un", "re", "pre", "non", "over", "under", "mis", "co", "sub", "de", "multi", "auto")


def _inflects_to(stem: str, word: str) -> bool:
    """Whether ``word`` is a form of ``stem`` as English inflects it (LemmInflect's
    lexicon and rules): "occurred" is a form of "occur", "occured" is not; a stem the
    lexicon does not know as a verb ("kubectl") is given the benefit of the doubt."""
    try:
        from mailflow.lexicon import lexicon
        lemminflect = lexicon()
    except ImportError:  # pragma: no cover - a dependency; without it, the old rule
        return True
    verbs = lemminflect.getAllLemmas(stem).get("VERB")
    if not verbs:
        return word.endswith("er") or len(stem) > 4 and not lemminflect.getAllLemmas(stem)
    # the first spelling of each form only: the lexicon also lists common misspellings ("occured")
    forms = {v[0] for v in lemminflect.getAllInflections(verbs[0]).values() if v}
    forms |= {v[0] for v in lemminflect.getAllInflections(stem, upos="NOUN").values() if v}
    forms |= {v[0] for v in lemminflect.getAllInflections(stem, upos="ADJ").values() if v}
    return word in forms or word.endswith("er") and word[:-2] + "ing" in forms


#: suffixes that derive a word from a known one, and what the stem may have lost
#: ("usable" from "use"): nouns, adjectives and adverbs built the regular way
_DERIVATIONS = [(suffix, ("", "e", "y")) for suffix in (
    "ness", "nesses", "ment", "ments", "less", "ful", "fully", "ist", "ists", "ism", "isms", "ity", "ities",
    "isation", "isations", "ization", "izations", "ise", "ises", "ised", "ising", "ize", "izes", "ized",
    "izing", "ally", "ic", "ical", "ship", "ships", "hood", "wise", "like")]
#: how frequent (in the dictionary's counts) each part of a word written as one must be:
#: everyday words ("wire", "frame"), not rare ones that make anything look like a compound
_COMPOUND_PART = 5000
#: how frequent a word two letters from a derivation must be for the derivation to be its typo
_COMMON = 20000


def _near_common(word: str, known: Mapping[str, int]) -> bool:
    """Whether a common word of the same first letter and nearly the same letters is within
    two slips of ``word`` ("greatful" -> "grateful"): what the writer meant, not a new word."""
    return bool(near_common(word, known))


def near_common(word: str, known: Mapping[str, int]) -> list[str]:
    """The common word of the same first letter and nearly the same letters within two
    slips of ``word`` ("greatful" -> ["grateful"]), if any."""
    if not word or len(word) > _LONGEST_WORD:
        return []
    common = _common_words(id(known), known)
    same = [w for w in common.get(word[0], ()) if abs(len(w) - len(word)) <= 1]
    return difflib.get_close_matches(word, same, n=1, cutoff=0.86)


_COMMON_CACHE: dict[int, dict[str, tuple[str, ...]]] = {}


def _common_words(key: int, known: Mapping[str, int]) -> dict[str, tuple[str, ...]]:
    if key not in _COMMON_CACHE:
        words = known.full() if isinstance(known, _SortedCounts) else known
        by_letter: dict[str, list[str]] = {}
        for w, n in words.items():
            if n >= _COMMON and w.isalpha():
                by_letter.setdefault(w[0], []).append(w)
        _COMMON_CACHE[key] = {k: tuple(v) for k, v in by_letter.items()}
    return _COMMON_CACHE[key]


def _redoubled(word: str, known: dict[str, int]) -> set[str]:
    """Known words that ``word`` becomes when one doubled letter is written single and
    one single letter doubled ("dissapointed" -> "disappointed", "neccesary" ->
    "necessary"): the slip two edits away that spellers make most."""
    out = set()
    doubled = [i for i in range(len(word) - 1) if word[i] == word[i + 1] and word[i].isalpha()]
    for i in doubled:
        single = word[:i] + word[i + 1:]
        for j, c in enumerate(single):
            if c.isalpha() and (j + 1 >= len(single) or single[j + 1] != c) and (j == 0 or single[j - 1] != c):
                candidate = single[:j + 1] + c + single[j + 1:]
                if candidate != word and candidate in known:
                    out.add(candidate)
    return out


@functools.lru_cache(maxsize=4096)
def _lexicon_form(word: str) -> str:
    """The lemma of ``word`` when the lexicon (LemmInflect) lists ``word`` as that
    lemma's first spelling of one of its forms ("safeguarding" -> "safeguard"), else "".
    The lexicon also lists common misspellings as second spellings ("occured"), which
    are not forms here."""
    try:
        from mailflow.lexicon import lexicon
        lemminflect = lexicon()
    except ImportError:  # pragma: no cover - a dependency
        return ""
    for pos, lemmas in lemminflect.getAllLemmas(word).items():
        for lemma in lemmas:
            forms = lemminflect.getAllInflections(lemma, upos=pos)
            if lemma == word or any(v and v[0] == word for v in forms.values()):
                return lemma
    return ""


def _stems(word: str) -> list[str]:
    """Candidate stems of a regular English form: "diffing" -> "diff", "rollouts" ->
    "rollout", "backfilled" -> "backfill", "sharding" -> "shard", "modelling" -> "model"."""
    out = []
    for suffix in ("'s", "s'", "es", "s", "ing", "ed", "ly", "ability", "able"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            out.append(stem)
            if suffix in ("ing", "ed", "able"):
                out.append(stem + "e")  # "configured" -> "configure"
                if len(stem) >= 3 and stem[-1] == stem[-2]:
                    out.append(stem[:-1])  # "diffing" -> "diff", "shipped" -> "ship"
            if suffix in ("es", "ed") and stem.endswith("i"):
                out.append(stem[:-1] + "y")  # "retries" -> "retry"
    return out



def known_tokens(ctx: ProofContext, settings: ProofreadConfig) -> frozenset[str]:
    """The words a message's context makes known: names, companies, roles, the
    calendar's words, ``[proofread] words``, and the words of what the user recorded
    (``ctx.recorded_words``) except those one letter from a dictionary word, which
    are more likely typos than vocabulary."""
    # the pipeline's words are the same for every message of a run: tokenised once
    pipeline = (*ctx.known_words, *settings.words)
    listed = _as_set(pipeline)
    known = _known_tokens_cached(pipeline) | _known_tokens_cached(
        (ctx.recipient_name, ctx.company, ctx.role, *(c for c in ctx.other_companies if c not in listed)))
    if ctx.recorded_words:
        known |= _vocabulary(tuple(ctx.recorded_words), settings.language)
    return known


@functools.lru_cache(maxsize=8)
def _as_set(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words)


@functools.lru_cache(maxsize=64)
def _vocabulary(texts: tuple[str, ...], language: str) -> frozenset[str]:
    dictionary = load_dictionary(language)
    out = set()
    for word in _known_tokens_cached(texts):
        if dictionary.known_form(word) or not dictionary.suggestions(word):
            out.add(word)
    return frozenset(out)


@functools.lru_cache(maxsize=256)
def _known_tokens_cached(texts: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for t in texts:
        out |= tokens(normal(t))
    return frozenset(out)

