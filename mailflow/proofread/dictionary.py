"""The spelling dictionary: pyspellchecker's list, a job-search vocabulary, British
spellings, and the words a message's context makes known (names, companies, roles)."""

from __future__ import annotations

import functools
import re
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
    checker: object  # spellchecker.SpellChecker
    words: dict[str, int]

    def known(self, word: str) -> bool:
        if word in self.words:
            return True
        for pattern, repl in _BRITISH:
            us = pattern.sub(repl, word, count=1)
            if us != word and us in self.words:
                return True
        return False

    def frequency(self, word: str) -> int:
        return self.words.get(word, 0)

    def suggestions(self, word: str) -> list[str]:
        found = self.checker.candidates(word) or ()
        return sorted(found, key=lambda w: (-self.frequency(w), w))[:3]


@functools.lru_cache(maxsize=None)
def load_dictionary(language: str) -> Dictionary:
    """The spelling dictionary for a language, loaded once per process (~0.3 s)."""
    from spellchecker import SpellChecker

    try:
        # distance 1: suggestions for a long unknown word at distance 2 take a second
        checker = SpellChecker(language=language, distance=1)
    except ValueError:
        raise ConfigError(
            f"[proofread] language: no dictionary for {language!r}",
            hint=f"use one of {', '.join(SpellChecker.languages())}",
        ) from None
    words = dict(checker.word_frequency.dictionary)
    if language == "en":
        for w in _JOB_WORDS:
            words.setdefault(w, 1)
    return Dictionary(checker, words)



def known_tokens(ctx: ProofContext, settings: ProofreadConfig) -> frozenset[str]:
    return _known_tokens_cached(
        (ctx.recipient_name, ctx.company, ctx.role, *ctx.other_companies, *ctx.known_words,
         *settings.words)
    )


@functools.lru_cache(maxsize=256)
def _known_tokens_cached(texts: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for t in texts:
        out |= tokens(normal(t))
    return frozenset(out)

