"""The grammar check: a few mechanical rules always, and LanguageTool when the user
runs one.

mailflow's own sentences are made well-formed where they are composed (``compose``);
this check is for what a person typed. Its rules are the ones that need no parser:
"a"/"an" before a word's sound, a space before punctuation, a missing space after a
full stop, doubled punctuation, a sentence that starts in lower case.

LanguageTool (an open-source grammar checker with a local HTTP server) is used only
when ``[proofread] languagetool`` names its address (e.g. "http://localhost:8081"):
mailflow never downloads or starts it, and never sends a note anywhere else. Its
spelling rules are left out (the spelling check knows the job-search vocabulary).
LanguageTool's findings are warnings: grammar checkers are often unsure, and the
user decides. The faults read by sentence shape below (``sentence_shapes``: verb forms,
agreement where the subject is certain, an indirect question in question order, a
sentence with no verb of its own or one that stops mid-way), unbalanced quotation marks
and "a"/"an" against the sound of an ordinary word are errors: none of those shapes is
English, and each rule is kept only while it flags no clean note of the corpora and no
draft mailflow composes.
"""

from __future__ import annotations

import bisect
import calendar as _calendar
import dataclasses
import json
import re

from mailflow.config import ProofreadConfig
from mailflow.proofread.names import ERROR, WARNING, Finding
from mailflow.proofread.reading import MASK, PLACEHOLDER, Document, short

#: seconds to wait for the LanguageTool server
TIMEOUT = 8

_A_BEFORE_VOWEL = re.compile(r"(?<![\w'-])([Aa])\s+([aeiouAEIOU][a-z]+)\b")
_A_BEFORE_SILENT_H = re.compile(r"(?<![\w'-])([Aa])\s+([Hh][a-z]+)\b")
_AN_BEFORE_CONSONANT = re.compile(r"(?<![\w'-])([Aa]n)\s+([b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z][a-z]+)\b")
_A_ACRONYM = re.compile(r"(?<![\w'-])([Aa]n?)\s+([A-Z]{2,6}s?)\b")
#: words with a vowel letter and a consonant sound, and the other way round
_YOO = re.compile(r"^(?:uni|use|usa|usu|uti|ura|uro|eu|ewe|one(?![a-z])|oneself|once|ubiq|unani)", re.IGNORECASE)
_SILENT_H = re.compile(r"^(?:hour|honest|honou?r|heir)", re.IGNORECASE)
_SPACE_BEFORE = re.compile(r"(?<=\w)[ \t]+([,;:!?]|\.(?!\.))(?=\s|$)")
_NO_SPACE_AFTER = re.compile(r"\b[a-z]{2,}[.!?][A-Z][a-z]+\b")
_DOUBLED_PUNCTUATION = re.compile(r"(?<![.!?]),,|;;|(?<![.\s])(?<!\b[A-Z])(?<!\b\w\w)(?<!\b\w\w\w)\.\.(?!\.)|::")
_LOWER_START = re.compile(r"(?<![.!?])[.!?][ \t]+([a-z][a-z']*)\b")
_ABBREVIATIONS = re.compile(
    r"(?:\be\.g|\bi\.e|\betc|\bvs|\bapprox|\ba\.m|\bp\.m|\bcf|\bno|\bLtd|\bInc|\bCo|\bCorp|\bLLC|\bBros|"
    r"\bJr|\bSr|\bSt|\bDr|\bMrs?|\bMs|\bProf|\bDept|\b[A-Z](?:\.[A-Z])*|_+)\.$", re.IGNORECASE)
#: how far back an abbreviation's full stop is looked for ("approx." and a margin): a window, not the whole text
_LONGEST_ABBREVIATION = 16
#: letters whose names start with a vowel sound: "an SRE", "an MBA", "a PM"
_VOWEL_LETTERS = set("AEFHILMNORSX")


def _unbalanced(text: str) -> list[Finding]:
    """A quotation opened and never closed (or closed and never opened), paragraph by
    paragraph: a quotation may run from one line to the next, never past a blank line."""
    out = []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        paragraph = " ".join(paragraph.split())
        straight = paragraph.count('"')
        opened, closed = paragraph.count("“"), paragraph.count("”")
        single = any(not _closed_single(paragraph, m.end())
                     for m in re.finditer(r"‘|(?<![\w'’])'(?=[^\W\d_]{3})", paragraph))
        if straight % 2 or opened != closed or single:
            excerpt = paragraph.strip()[:60]
            out.append(Finding("grammar", ERROR, excerpt, "A quotation mark is opened and not closed (or the other way).",
                               "close the quotation, or remove the stray mark"))
    return out


#: how many words a quotation in a note runs to at most when its only possible end is
#: a plural's apostrophe ("tenants' groups")
_SHORT_QUOTE = 12


def _closed_single(paragraph: str, start: int) -> bool:
    """Whether a single quote opened at ``start`` is closed later in the paragraph: by a
    quote mark that no letter follows ("'" between letters is an apostrophe: "I'll"). A
    mark after a plural's "s" with a word after it ("tenants' groups") is the plural's
    apostrophe unless the quotation would be short enough to end there."""
    from mailflow.compose import words

    for m in re.finditer(r"['’](?![^\W\d_])", paragraph[start:]):
        inside = paragraph[start:start + m.start()]
        after = re.match(r"\s+([a-z]+)", paragraph[start + m.end():])
        plural = inside.endswith("s") and after and not words.is_function_word(after.group(1)) and (
            words.can_be(after.group(1), "NOUN") or words.can_be(after.group(1), "ADJ"))
        if not plural or len(inside.split()) <= _SHORT_QUOTE:
            return True
    return False


def check(doc: Document, settings: ProofreadConfig) -> list[Finding]:
    # links, addresses and placeholders become a neutral word, so no rule reads their punctuation
    text = PLACEHOLDER.sub(lambda m: "_" * len(m.group()), doc.text("greeting", "body", "closing"))
    text = MASK.sub(lambda m: "_" * len(m.group()), text)
    out = _rules(text)
    if settings.languagetool:
        out += languagetool(doc.prose(), settings)
    return out


def _said_as_a_word(capitals: str) -> bool:
    """Whether a run of capitals is an English word of four letters or more, or of three
    with a vowel, that the lexicon knows ("LEFT", "NOT"), so it is said as the word, not
    spelt out letter by letter ("SQL", "FAQ")."""
    from mailflow.compose import words

    low = capitals.lower()
    return (len(low) >= 4 or (len(low) == 3 and any(c in "aeiou" for c in low[1:]))) and words.known(low)


def check_sentence(text: str) -> list[Finding]:
    """The sentence rules on one composed sentence, as ``remark`` shows it before any
    draft is written (links and addresses masked as in a whole note)."""
    return _rules(MASK.sub(lambda m: "_" * len(m.group()), text))


def _rules(text: str) -> list[Finding]:
    out = _unbalanced(text) + sentence_shapes(text)
    for m in _A_BEFORE_VOWEL.finditer(text):
        if not _YOO.match(m.group(2)):
            out.append(_article(m.group(), f"write \"an {m.group(2)}\"", "'a' before a vowel sound"))
    for m in _A_BEFORE_SILENT_H.finditer(text):
        if _SILENT_H.match(m.group(2)):
            out.append(_article(m.group(), f"write \"an {m.group(2)}\"", "'a' before a vowel sound"))
    for m in _AN_BEFORE_CONSONANT.finditer(text):
        if not _SILENT_H.match(m.group(2)):
            out.append(_article(m.group(), f"write \"a {m.group(2)}\"", "'an' before a consonant sound"))
    for m in _A_ACRONYM.finditer(text):
        if _said_as_a_word(m.group(2)):
            continue  # "a LEFT JOIN", "a NOT EXISTS": a word in capitals, said as the word
        wants_an = m.group(2)[0] in _VOWEL_LETTERS
        if wants_an != (m.group(1).lower() == "an"):
            right = "an" if wants_an else "a"
            out.append(_finding(m.group(), f"write \"{right} {m.group(2)}\"", "the article does not fit the sound"))
    for m in _SPACE_BEFORE.finditer(text):
        start = max(0, m.start() - 12)
        out.append(_finding(text[start:m.end()].strip(), "remove the space before the punctuation",
                            "a space before punctuation"))
    for m in _NO_SPACE_AFTER.finditer(text):
        out.append(_finding(m.group(), "put a space after the full stop", "no space after the end of a sentence"))
    for m in _DOUBLED_PUNCTUATION.finditer(text):
        out.append(_finding(text[max(0, m.start() - 12):m.end()].strip(), "keep one mark", "doubled punctuation"))
    items = _list_lines(text)
    for m in _LOWER_START.finditer(text):
        if _in_list(items, m.start()) or m.group(1) in ("i",) \
                or _ABBREVIATIONS.search(text, max(0, m.start() - _LONGEST_ABBREVIATION), m.start() + 1):
            continue  # "1. a scheme of work": an item's number, not a sentence's end
        out.append(_finding(text[m.start():m.end()].strip(" .!?"), f"start the sentence with a capital: "
                            f"{m.group(1).capitalize()!r}", "a sentence starts in lower case"))
    return out


# --------------------------------------------------------------------------- sentence shapes
#
# Faults a reader notices at once, read from the shape of the sentence with the parts
# of speech of the lexicon the composer uses (``compose.words``): errors, because
# none of these shapes is English.

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
#: the start of a list item: a bullet, or a number or letter with "." or ")"
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*\u2022\u2023\u25e6\u2013\u2014]|\(?(?:\d{1,2}|[a-z])[.)])[ \t]+")


#: a line that greets ("Dear Lena:", "Hello all:"): the colon ends a salutation, not a list's lead
_SALUTATION = re.compile(r"\s*(?:dear|hi|hello|hey|good\s+(?:morning|afternoon|evening)|greetings|to\s+whom)\b",
                         re.IGNORECASE)
#: the most words a line under a colon holds to be read as an item rather than as prose
_ITEM_WORDS = 10


def _list_lines(text: str) -> list[tuple[int, int]]:
    """Where the items of a list lie: lines opening on a bullet or a number ("- the drift
    report", "2. my DBS number"), and lines under one that ends on a colon, up to a blank
    line, when they look like items: at least two of them, each short. An item is a piece
    of the sentence that introduces the list, not a sentence of its own: whether it has a
    verb or ends on a full stop says nothing. A colon after a greeting ("Dear Lena:") or a
    line of prose under a colon is no list."""
    out, run, under_colon, at = [], [], False, 0

    def close() -> None:
        if len(run) >= 2 and all(len(text[a:b].split()) <= _ITEM_WORDS for a, b in run):
            out.extend(run)
        run.clear()

    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            close()
            under_colon = False
        elif _LIST_MARKER.match(line):
            out.append((at, at + len(line)))
        elif under_colon:
            run.append((at, at + len(line)))
        if stripped.endswith(":"):
            close()
            under_colon = not _SALUTATION.match(stripped)
        at += len(line) + 1
    close()
    return sorted(out)


def _in_list(items: list[tuple[int, int]], at: int) -> bool:
    """Whether ``at`` lies in one of ``items`` (in order of their starts, not overlapping)."""
    k = bisect.bisect_right(items, (at, float("inf"))) - 1
    return k >= 0 and items[k][0] <= at <= items[k][1]
#: verbs (and adjectives) that take "to" + infinitive, never "to" + -ing
_INFINITIVE_TAKERS = re.compile(
    r"\b(?:decided?|decides|deciding|wants?|wanted|plan(?:s|ned)?|hopes?|hoped|needs?|needed|intend(?:s|ed)?|"
    r"chose|choose|agreed?|tried|try|wish(?:ed)?|would\s+like|['’]d\s+like|would\s+love|['’]d\s+love|"
    r"able|going|glad|happy|pleased|keen|eager|delighted)\s+to\s+([a-z]+ing)\b", re.IGNORECASE)
_FORWARD = re.compile(r"\blook(?:s|ed|ing)?\s+forward\s+([a-z]+ing)\b", re.IGNORECASE)
_PREP_VERB_OBJECT = re.compile(
    r"\b(for|of|about|after|before|without|by|from)\s+([a-z]+)\s+(me|us|him|them)\b", re.IGNORECASE)
_DOUBLE_PREPOSITION = re.compile(
    r"\b(?:the|a|an|my|your|his|her|our|their|this|that)\s+([a-z]+)\s+(on|at|of|for|with|by|about|in|to)\s+"
    r"(at|of|on|by|for|with)(?![\w-])(?!\s+(?:least|most|all|once|first|last|times|home|large|length)\b)",
    re.IGNORECASE)
_VERBLESS_YOU = re.compile(
    r"\b(?:the|a|an|this|that|your|my|our|their)\s+([a-z]+)\s+you(?:\s+and\s+[A-Z][\w'’-]*)?\s*[.!]",
    re.IGNORECASE)
_FUSED_ABOUT = re.compile(
    r"\babout\s+(?:(?:the|our|your|their|my|his|her|its|these|those)\s+)?"
    r"((?:[a-z]+(?:['’]s)?\s+){0,3}?(?:[a-z]+s|[A-Z]{2,}s))\s+(?:(only|also|really|still|never|always|just|often|all|"
    r"[a-z]+ly)\s+)?([a-z]+)\s+(to|toward|towards|for|with|into|on|in|at|the|a|an|if|when|unless|because|"
    r"their|our|your|its|his|her)\b")


def sentence_shapes(text: str) -> list[Finding]:
    from mailflow.compose import words

    out = []
    items = _list_lines(text)
    for m in _SENTENCE.finditer(text):
        sentence = m.group().strip()
        if re.match(r"(?:Which|Whom)\b", sentence) and not sentence.endswith("?") and not _in_list(items, m.start()):
            out.append(_error(sentence, "a relative clause standing as a sentence",
                              "join it to the sentence before (\"..., which ...\") or give it a subject"))
    for m in _INFINITIVE_TAKERS.finditer(text):
        if _vbg(m.group(1), words):
            base = words.verb_lemma(m.group(1))
            out.append(_error(m.group(), "'to' here needs the plain verb", f"write \"to {base}\""))
    for m in _FORWARD.finditer(text):
        if _vbg(m.group(1), words):
            out.append(_error(m.group(), "'look forward' needs 'to'",
                              f"write \"look forward to {m.group(1)}\""))
    for m in _PREP_VERB_OBJECT.finditer(text):
        verb = m.group(2)
        if words.is_function_word(verb) or not words.is_base_verb(verb) or words.can_be(verb, "NOUN") \
                or words.can_be(verb, "ADJ") or words.can_be(verb, "ADV"):
            continue
        gerund = words.inflect(words.verb_lemma(verb), "VBG")
        out.append(_error(m.group(), f"'{m.group(1)}' takes a noun or an -ing form, not the plain verb",
                          f"write \"{m.group(1)} {gerund} {m.group(3)}\""))
    for m in _DOUBLE_PREPOSITION.finditer(text):
        if words.is_function_word(m.group(1)) or not words.can_be(m.group(1), "NOUN"):
            continue
        out.append(_error(m.group(), "two prepositions in a row, one left over from an edit",
                          f"keep one of {m.group(2)!r} and {m.group(3)!r}"))
    for m in _VERBLESS_YOU.finditer(text):
        if words.is_function_word(m.group(1)) or not words.can_be(m.group(1), "NOUN") \
                or words.is_gerund(m.group(1)) or words.can_be(m.group(1), "ADJ"):
            continue
        out.append(_error(m.group(), "the clause after the noun has no verb",
                          "add the verb (\"the time you gave me\", \"the time you and ... spent\")"))
    # every "about" in turn ("thinking about your point about night shifts only count"):
    # a match from the first must not hide the second
    for m in filter(None, (_FUSED_ABOUT.match(text, a.start()) for a in re.finditer(r"\babout\b", text))):
        nouns, verb = m.group(1).split(), m.group(3)
        if any(words.is_function_word(w) or w in words.AUXILIARIES for w in nouns) or not (
                words.is_plural_noun(nouns[-1]) or re.fullmatch(r"[A-Z]{2,}s", nouns[-1])):
            continue  # "KPIs": an acronym's plural
        if not words.is_base_verb(verb) or words.is_function_word(verb):
            continue
        out.append(_error(m.group(), "two constructions fused: 'about' takes a noun, not a clause",
                          f"write \"that {m.group(1)} {verb} ...\" or \"about {m.group(1)} ...\""))
    out += _agreement(text, words) + _verb_forms(text, words) + _fragments(text, words)
    out += _plural_subject(text, words) + _inverted_indirect(text, words) + _unfinished(text, words)
    out += _structure(text, words)
    return out


# --------------------------------------------------------------------------- clause shapes
#
# Where a sentence's shape leaves no doubt: a bare plural noun that can only be the
# subject of its clause, then "is/was/has"; an indirect question left in question
# order; a sentence that stops on a word that needs more after it; a sentence that
# starts on its verb with the subject lost; a relative pronoun with an -ing form and
# no verb.

#: words that open a clause, so a bare noun right after them is its subject ("how
#: parents are welcomed", "the way parents are welcomed", "that pupils were ...")
_OPENERS = frozenset("that how when where whether because although though while if once unless since "
                     "way".split())
#: determiners before a plural noun (never "this"/"that"/"a": those want a singular)
_PLURAL_DETERMINERS = frozenset("the these those my your our their his her its many most some all both few "
                                "several".split())
_SINGULAR_VERB = frozenset(("is", "was", "has"))


def _plural_subject(text: str, words) -> list[Finding]:
    """"The way parents is welcomed": a plural noun for people that is certainly its clause's subject
    (right after the sentence's start or a word that opens a clause, with at most a
    determiner before it) and a singular "is/was/has" right after it. Only nouns for
    people are read: "maths", "sales" or "operations" may name one field. A plural noun
    after another noun ("the failover drills has") may be part of a longer subject, and
    a count ("five minutes is") is an amount: neither is read."""
    out = []
    for m in _SENTENCE.finditer(text):
        tokens = re.findall(r"[A-Za-z][A-Za-z'’-]*|\d+|[,;:()\u2014\u2013]", m.group())
        for i in range(1, len(tokens) - 1):
            noun, verb = tokens[i], tokens[_after_phrase(tokens, i + 1, words)]
            if verb not in _SINGULAR_VERB or not noun.islower() or not words.is_plural_noun(noun):
                continue
            if noun in words.lemmas(noun).get("NOUN", ()) or not any(
                    _PERSON_NOUN.fullmatch(lemma) for lemma in words.lemmas(noun).get("NOUN", ())):
                continue  # "news", "series": a singular in -s; "maths", "sales", "operations": a field
            k = i - 1
            # words that describe it ("night shifts", "the new starters"), then a determiner;
            # one only when it may be a verb ("the report nobody reads is": a clause of its own)
            describing = 1 if words.can_be(noun, "VERB") else 2
            while k >= 0 and k >= i - describing and tokens[k].islower() and tokens[k] not in _OPENERS and (
                    words.can_be(tokens[k], "NOUN") or words.can_be(tokens[k], "ADJ")) \
                    and not words.is_function_word(tokens[k]):
                k -= 1
            if k == i - 1 and describing == 1 and k >= 0 and tokens[k].lower() not in _PLURAL_DETERMINERS:
                continue  # "a number that doubles has": right after "that", it may be the verb
            if k >= 0 and tokens[k].lower() in _PLURAL_DETERMINERS:
                k -= 1
            if k >= 0 and tokens[k].lower() not in _OPENERS:
                continue
            right = {"is": "are", "was": "were", "has": "have"}[verb]
            out.append(_error(f"{noun} {verb}", f"'{noun}' is plural: the verb is '{right}'",
                              f"write \"{noun} {right}\""))
    return out


def _after_phrase(tokens: list[str], i: int, words) -> int:
    """The index after a short phrase with a preposition that may follow a noun ("on Puffin
    Ward", "on the ward"): a preposition, then up to three words of a name, or a determiner
    and up to two nouns or adjectives; ``i`` itself when there is none."""
    if i >= len(tokens) - 1 or tokens[i].lower() not in words.PREPOSITIONS or tokens[i].lower() in ("than", "like"):
        return i
    j = i + 1
    if tokens[j][:1].isupper():
        while j < len(tokens) - 1 and j < i + 4 and tokens[j][:1].isupper() and tokens[j] not in _SINGULAR_VERB:
            j += 1
        return j
    if tokens[j].lower() in _NOUN_DETERMINERS:
        j += 1
    start = j
    while j < len(tokens) - 1 and j < start + 2 and tokens[j] not in _SINGULAR_VERB and (
            words.can_be(tokens[j], "NOUN") or words.can_be(tokens[j], "ADJ")) and not words.is_function_word(tokens[j]):
        j += 1
    return j if j > start else i


_INDIRECT = re.compile(
    r"\b(?:about|asked|ask|asking|wondered|wonder|wondering|know|knowing|explained|on)\s+"
    r"(how|what|why|when|where|which|whether|who)\s+(?:[a-z]+\s+)?"
    r"(would|could|should|will|can|might|must|shall|do|does|did|is|are|was|were|have|has)\s+"
    r"(I|you|we|they|he|she|it)\b")


def _inverted_indirect(text: str, words) -> list[Finding]:
    """"your question about how would I set a budget": a question told inside a sentence
    keeps statement order ("how I would set"). A sentence that is a question itself ("Can
    I ask how would you ...?") is left alone."""
    out = []
    for m in _INDIRECT.finditer(text):
        start = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
        ends = [i for i in (text.find(c, m.end()) for c in ".!?\n") if i >= 0]
        sentence = text[start:min(ends) + 1 if ends else len(text)].strip()
        first = sentence.split()[0].lower() if sentence.split() else ""
        if sentence.endswith("?") and (first in words.AUXILIARIES or first in words.WH):
            continue
        between = m.group(0)[m.start(1) - m.start(0) + len(m.group(1)):m.start(2) - m.start(0)].strip()
        if between and not words.can_be(between, "NOUN"):
            continue  # "how much would I": only a wh-word's own noun may come between
        out.append(_error(m.group(0), "a question told inside a sentence keeps the order of a statement",
                          f"write \"{m.group(1)} {m.group(3)} {m.group(2)} ...\""))
    return out


#: what cannot end a sentence: an article or a possessive (a noun must follow), a
#: relative pronoun that opens no clause, a conjunction with nothing to join
_NO_END = frozenset("the a an my your our their its every which whose and or nor but because although whereas "
                    "unless".split())
_FIRST_VERB = re.compile(r"(Was|Were|Am|Is|Are|Has\s+been|Have\s+been)\s+(?:(?:really|very|so|truly|"
                         r"genuinely|also|particularly|especially|just|most|quite|deeply)\s+)?([a-z]+)\b")
_WHICH_ING = re.compile(r"\b(which|who)\s+([a-z]+ing)\s+(?!(?:is|are|was|were|has|have|had|will|would|"
                        r"can|could|should|may|might|must|does|do|did)\b)")


def _unfinished(text: str, words) -> list[Finding]:
    out = []
    items = _list_lines(text)
    for m in _SENTENCE.finditer(text):
        sentence = m.group().strip()
        if not sentence.endswith(".") or sentence.endswith("..") or _in_list(items, m.start()):
            continue
        last = re.findall(r"[\w'’]+", sentence)  # "on the 42." ends on the number
        if len(last) >= 4 and last[-1].lower() in _NO_END and not last[-1].isupper():
            out.append(_error(sentence, f"the sentence stops on '{last[-1]}', which needs more after it",
                              "finish the sentence, or remove the last word"))
            continue
        first = _FIRST_VERB.match(sentence)
        if first and words.is_past(first.group(2)) \
                and first.group(2) not in words.SUBJECT_PRONOUNS and not words.is_function_word(first.group(2)):
            out.append(_error(first.group(0), "the sentence has lost its subject",
                              f"write \"I {first.group(1).lower()} ...\" (or turn it into a question)"))
    for m in _WHICH_ING.finditer(text):
        verb = m.group(2)
        if _vbg(verb, words) and not words.can_be(verb, "NOUN") and not words.can_be(verb, "ADJ"):
            out.append(_error(m.group(0).strip(), f"'{m.group(1)}' opens a clause with no verb",
                              f"write \"{m.group(1)} {words.verb_lemma(verb)}s ...\" or \"{m.group(1)} is {verb} ...\""))
    return out


# --------------------------------------------------------------------------- verb forms
#
# What the verb after an auxiliary, a modal or "to" must look like, read from the
# lexicon's inflections: "I have accept" (have + a plain verb whose participle differs),
# "would accepted", "can helps", "to helped"; "spent (time) to interview" and "enjoyed to
# meet" (verbs that take "-ing"); "I am very interesting in" (the -ing adjective where the
# -ed one is meant); "my designing accessible forms" (a possessive on a verb phrase); "a
# person who help" (a singular noun with a plural verb after "who/that/which").

_PERFECT = re.compile(r"\b(?:I|we|you|they|he|she|it)\s+(?:have|has|had|['’]ve|['’]d)\s+"
                      r"(?:(?:not|never|already|just|also|now|recently|since|only)\s+)?([a-z]+)\b")
_MODAL = re.compile(r"(?<![\w'’-])(?:would|could|should|will|can|might|must|shall|may)\s+"
                    r"(?:(?:not|also|really|still|never|always|just|only|[a-z]+ly)\s+)?([a-z]+)\b")
_TO_VERB = re.compile(r"\b(?:like|love|want|wants|wanted|able|glad|happy|pleased|keen|eager|hope|hoped|need|needed|"
                      r"going|decided|plan|planned|try|tried|chance|opportunity|way|how)\s+to\s+([a-z]+)\b")
_ING_TAKERS = re.compile(
    r"\b(?:enjoy|avoid|finish|mind|consider|miss|risk|imagine|recommend|suggest|keep|practi[sc]e)(?:s|ed|ing)?\s+"
    r"to\s+([a-z]+)\b"
    r"|\b(?:time|hours|days|weeks|months|years|minutes)\b[^.!?\n]{0,40}?\bspen(?:d|ds|t|ding)\s+to\s+([a-z]+)\b"
    r"|\bspen(?:d|ds|t|ding)\s+(?:(?:so\s+much|so\s+long|some|the|your|my|a\s+lot\s+of|[a-z]+)\s+)?"
    r"(?:time|hours|days|weeks|months|years|minutes)\s+to\s+([a-z]+)\b", re.IGNORECASE)
_ING_ADJECTIVE = re.compile(
    r"\b(?:I\s+am|I['’]m|I\s+was|we\s+are|we['’]re|we\s+were)\s+(?:(?:very|really|so|most|extremely|particularly|"
    r"quite|truly|deeply|genuinely|highly|still|also|always|now)\s+){0,2}([a-z]+ing)\s+(?:in|by|about|with)\b")
_POSSESSED_VERB = re.compile(r"\b(?:my|your|our|their|his|her)\s+([a-z]+ing)\s+([a-z]+)\b", re.IGNORECASE)
_ADJECTIVE_SHAPE = re.compile(r"[a-z]{3,}(?:ible|able|ive|ous|al|ful|less|ic|ary|ent|ant)$")
_OBJECT_START = frozenset("the a an these those this that our their your his its".split())
_RELATIVE_AGREEMENT = re.compile(r"\b(?:a|an|the|this|that|every|each|one)\s+([a-z]+)\s+(?:who|that|which)\s+([a-z]+)\s+"
                                 r"([^.!?;\n]*)")


def _verb_forms(text: str, words) -> list[Finding]:
    out = []
    for m in _PERFECT.finditer(text):
        verb = m.group(1)
        if words.is_base_verb(verb) and not words.can_be(verb, "NOUN") and not words.can_be(verb, "ADJ") \
                and not words.is_function_word(verb) and verb not in words.AUXILIARIES:
            participle = words.inflect(words.verb_lemma(verb), "VBN")
            if participle.lower() != verb:
                out.append(_error(m.group(), "the perfect needs the participle", f"write \"{participle}\""))
    for m in _MODAL.finditer(text):
        verb = m.group(1)
        # a word that may be a noun is read as the verb when an object follows it ("can helps you")
        takes_object = re.match(r"\s+(?:me|you|us|him|her|them|it|the|a|an|my|your|our|their)\b", text[m.end():])
        if words.is_function_word(verb) or verb in words.AUXILIARIES or words.is_base_verb(verb) \
                or words.can_be(verb, "NOUN") and not (words.is_third_person(verb) and takes_object):
            continue
        before = re.findall(r"[\w'’]+", text[max(0, m.start() - 40):m.start()].lower())[-2:]
        if words.is_third_person(verb) and len(before) == 2 and before[0] in _SUBORDINATORS | {"as", "whenever", "wherever", "than"} \
                and (before[1] in words.SUBJECT_PRONOUNS or words.can_be(before[1], "NOUN")):
            continue  # "whenever you can says a lot": the modal ends its clause; the verb is the sentence's
        if words.is_third_person(verb) or words.is_past(verb) or (
                words.verb_lemma(verb) and words.inflect(words.verb_lemma(verb), "VBN").lower() == verb):
            base = words.verb_lemma(verb)
            out.append(_error(m.group(), "after a modal the verb is plain", f"write \"{base}\""))
    for m in _TO_VERB.finditer(text):
        verb = m.group(1)
        if words.is_function_word(verb) or verb in words.AUXILIARIES or words.can_be(verb, "NOUN") \
                or words.can_be(verb, "ADJ") or words.is_base_verb(verb):
            continue
        if words.is_third_person(verb) or words.is_past(verb):
            out.append(_error(m.group(), "after 'to' the verb is plain", f"write \"to {words.verb_lemma(verb)}\""))
    for m in _ING_TAKERS.finditer(text):
        verb = next(g for g in m.groups() if g)
        if words.is_base_verb(verb) and not words.is_function_word(verb):
            gerund = words.inflect(words.verb_lemma(verb), "VBG")
            out.append(_error(m.group(), "this verb takes an -ing form, not 'to'", f"write \"{gerund}\""))
    for m in _ING_ADJECTIVE.finditer(text):
        word = m.group(1)
        if not words.can_be(word, "ADJ"):
            continue  # "I am working in a team"
        lemma = words.verb_lemma(word)
        participle = words.inflect(lemma, "VBN") if lemma else ""
        if participle and participle != word and words.can_be(participle, "ADJ"):
            out.append(_error(m.group(), f"'{word}' describes the thing; the person is '{participle}'",
                              f"write \"{participle}\""))
    for m in _POSSESSED_VERB.finditer(text):
        gerund, following = m.group(1), m.group(2).lower()
        if not _vbg(gerund, words):
            continue
        if following in _OBJECT_START or (_ADJECTIVE_SHAPE.match(following) and not words.can_be(following, "NOUN")
                                          and not words.can_be(following, "VERB")) \
                or _adjectives_then_noun(text[m.start(2):], words):
            out.append(_error(m.group(), "a possessive before a verb with its object",
                              f"write \"my work {gerund} {following} ...\" or \"{gerund} {following} ...\""))
    for m in _RELATIVE_AGREEMENT.finditer(text):
        noun, verb, rest = m.group(1), m.group(2), m.group(3)
        if not words.can_be(noun, "NOUN") or words.is_plural_noun(noun) or words.is_function_word(noun):
            continue
        if not words.is_base_verb(verb) or words.can_be(verb, "NOUN") or words.can_be(verb, "ADJ") \
                or words.is_function_word(verb) or verb in words.AUXILIARIES:
            continue
        person = _PERSON_NOUN.fullmatch(noun)
        if person or re.search(r"\bits\b", rest):  # "a company who promote its ...": the writer's own singular
            out.append(_error(m.group(0)[:len(m.group(0)) - len(rest)].strip(),
                              f"'{noun}' is singular: the verb needs '{words.third_person(verb)}'",
                              f"write \"{words.third_person(verb)}\""))
    return out


def _adjectives_then_noun(text: str, words) -> bool:
    """"short, readable support plans": two or more adjectives joined by commas or "and",
    then a noun they describe (the -ing form before them has an object). "my writing
    short and readable." has no noun after them: the adjectives say how it is kept."""
    found = re.match(r"([a-z]+)((?:\s*,\s*|\s+and\s+)[a-z]+)+\s+([a-z]+)", text)
    if not found:
        return False
    adjectives = re.findall(r"[a-z]+", found.group(0))[:-1]
    adjectives = [a for a in adjectives if a != "and"]
    noun = found.group(3)
    return len(adjectives) >= 2 and all(words.can_be(a, "ADJ") for a in adjectives) \
        and words.can_be(noun, "NOUN") and not words.is_function_word(noun)


#: a noun for one person (an agent noun, or one of the plain ones)
_PERSON_NOUN = re.compile(r"[a-z]{2,}(?:er|or|ist|ian|ant|ee)|person|child|colleague|friend|parent|pupil|patient|"
                          r"client|nurse|teacher|student|candidate|manager|member|doctor|worker")


_SUBORDINATORS = frozenset("when whenever if once because unless while although though since before after "
                           "until".split())


#: determiners a noun follows, never a verb ("the numbers"; not "which", "what", "that")
_NOUN_DETERMINERS = frozenset("the a an my your his her its our their these those this every each no".split())


def _fragments(text: str, words) -> list[Finding]:
    """"Your point that the budget by the slowest region, not the average.": a noun and its
    "that" clause, and no verb anywhere to make a sentence of them."""
    out = []
    items = _list_lines(text)
    for m in _SENTENCE.finditer(text):
        sentence = m.group().strip()
        found = re.match(r"(?:Your|The|My|This|That|His|Her|Their|Our)\s+([a-z]+)\s+that\s+(.+)$", sentence)
        if not found or not sentence.endswith(".") or not words.can_be(found.group(1), "NOUN") \
                or _in_list(items, m.start()):
            continue
        tokens = re.findall(r"[A-Za-z'’]+", found.group(2))
        if len(tokens) < 4:
            continue
        # "Your point that when the rota is fair the numbers.": a clause that opens on
        # "when/if/because ..." spends its first verb there, and needs a second one
        needed = 2 if tokens[0].lower() in _SUBORDINATORS else 1
        head, comma, _ = found.group(2).partition(",")
        after_comma = len(re.findall(r"[A-Za-z'’]+", head)) + 1 if comma else len(tokens)
        finite = 0
        for i, token in enumerate(tokens):
            before = tokens[i - 1].lower() if i else ""
            if before in _NOUN_DETERMINERS and token.lower() not in words.AUXILIARIES:
                continue  # "the numbers": a noun after its determiner
            if words.is_finite(token) or words.is_gerund(token) or (
                    words.is_base_verb(token) and (before in words.SUBJECT_PRONOUNS or words.is_plural_noun(before)
                                                   or before in ("to", "not", "also", "only", "still", "never"))):
                finite += 1
            elif needed == 2 and i >= after_comma and words.is_base_verb(token) and before not in words.AUXILIARIES \
                    and before not in words.PREPOSITIONS and not words.is_function_word(before):
                finite += 1  # "if the rota is fair, people stay": past the comma, a plain verb after its subject
        if finite < needed:
            out.append(_error(sentence, "the sentence has no verb", "say what the point is: \"Your point that X "
                                                                    "is Y stayed with me\""))
    return out


_SINGULAR_SUBJECT = re.compile(r"^(?:Your|The|This|That|My|His|Her|Their|Our)\s+([a-z]+)\s+that\s+(.+)$")


def _agreement(text: str, words) -> list[Finding]:
    """"Your comment that a good plan is one the teacher reads really resonate with me":
    a singular subject with its "that" clause, then, after the clause's own verb, an
    adverb and a plain verb where the subject needs "resonates"."""
    out = []
    for m in _SENTENCE.finditer(text):
        found = _SINGULAR_SUBJECT.match(m.group().strip())
        if not found or not words.can_be(found.group(1), "NOUN") or words.is_plural_noun(found.group(1)):
            continue
        # "Your view that a team should ship ... one they can't were exactly ...": a clause
        # that ends on a modal has said all it says; the plural verb after it is the subject's
        late = re.search(r"\b(?:can|could|would|should|will|must|might|[a-z]+n['’]t)\s+(were|are|have)\b",
                         re.split(r"[:;]", found.group(2))[0])
        if late:
            right = {"were": "was", "are": "is", "have": "has"}[late.group(1)]
            out.append(_error(f"{found.group(1)} ... {late.group(0)}", f"the subject '{found.group(1)}' needs "
                              f"'{right}'", f"write \"{right}\""))
            continue
        rest = re.split(r"[:;]", found.group(2))[0].split()
        for i in range(1, len(rest) - 1):
            adverb, verb = words.low(rest[i]), words.low(rest[i + 1])
            if not (adverb.endswith("ly") and words.can_be(adverb, "ADV")):
                continue
            if words.low(rest[i - 1]) in words.MODALS:
                break  # "would only consider": after a modal the plain verb is right
            if not (words.is_third_person(rest[i - 1]) or words.is_past(rest[i - 1])):
                continue
            if words.is_base_verb(verb) and not words.can_be(verb, "NOUN") and not words.can_be(verb, "ADJ"):
                right = words.third_person(verb)
                out.append(_error(f"{found.group(1)} ... {adverb} {verb}",
                                  f"the subject '{found.group(1)}' needs '{right}'", f"write \"{adverb} {right}\""))
            break
    return out


def _vbg(word: str, words) -> bool:
    """Whether ``word`` is the -ing form of a verb ("accepting"; not "bring" or "thing")."""
    lemma = words.verb_lemma(word)
    return bool(lemma) and lemma.lower() != word.lower() and words.inflect(lemma, "VBG").lower() == word.lower()


def _error(excerpt: str, what: str, hint: str) -> Finding:
    return Finding("grammar", ERROR, excerpt, f"{short(excerpt)!r}: {what}.", hint)


def _article(excerpt: str, hint: str, what: str) -> Finding:
    """"a" or "an" against the sound of an ordinary lower-case word: an error (a capitalised
    name or an acronym may be said either way, and stays a warning)."""
    word = excerpt.split()[-1]
    severity = ERROR if word.islower() else WARNING
    return Finding("grammar", severity, excerpt, f"{short(excerpt)!r}: {what}.", hint)


def _finding(excerpt: str, hint: str, what: str) -> Finding:
    return Finding("grammar", WARNING, excerpt, f"{short(excerpt)!r}: {what}.", hint)


def languagetool(text: str, settings: ProofreadConfig) -> list[Finding]:
    """Findings from the LanguageTool server at ``settings.languagetool`` (its
    ``/v2/check`` API); one warning saying so when it cannot be reached."""
    import urllib.parse
    import urllib.request  # only here: a run without the server has no use for an HTTP client

    base = settings.languagetool.rstrip("/")
    url = base if base.endswith("/v2/check") else base + "/v2/check"
    language = {"en": "en-US"}.get(settings.language, settings.language)
    data = urllib.parse.urlencode({"text": text, "language": language,
                                   "disabledCategories": "TYPOS", "level": "default"}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=TIMEOUT) as response:
            answer = json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return [Finding("grammar", WARNING, "", f"The grammar checker at {base} did not answer ({reason}).",
                        "start it, or remove [proofread] languagetool to check without it")]
    out = []
    for match in answer.get("matches", []):
        rule = match.get("rule", {})
        if rule.get("category", {}).get("id") == "TYPOS" or "MORFOLOGIK" in rule.get("id", ""):
            continue
        start, length = int(match.get("offset", 0)), int(match.get("length", 0))
        excerpt = text[start:start + length]
        fixes = [r.get("value", "") for r in match.get("replacements", [])[:3] if r.get("value")]
        hint = ("perhaps " + " or ".join(repr(f) for f in fixes)) if fixes else "rephrase it"
        out.append(Finding("grammar", WARNING, excerpt, f"{match.get('message', 'grammar')} ({rule.get('id', '?')})",
                           hint))
    return out


# --------------------------------------------------------------------------- clause structure
#
# Rules read from what a word's place in the clause demands, with LemmInflect's parts of
# speech: the form of a verb after a modal, "to", "do" or "have"; agreement with a subject
# that is certain (a personal pronoun, "nobody", two people joined by "and"); a question's
# word order; the article before a vowel sound; the preposition a verb or an adjective
# governs. No rule names a word of a note: the closed classes (pronouns, modals,
# prepositions) are English's own, and the lexicon decides the rest.

_TOKEN = re.compile(r"[^\W\d_][\w'’-]*|\d+|[,;:()\u2014\u2013\"“”]")
_OBJECT_DETERMINERS = frozenset("a an the my your our their his her its".split())
_OBJECT_WORDS = _OBJECT_DETERMINERS | frozenset("this that these those me us him them it".split())
#: words that open a clause, so a personal pronoun after them is its subject
_CLAUSE_OPENERS = frozenset("if when whenever whether because unless although though while since once until "
                            "as and but so or where wherever after before".split())
#: verbs after which "to" is a preposition, so an -ing form may follow ("contribute to building")
_TO_PREPOSITION_VERBS = frozenset("look object contribute commit dedicate devote admit confess adjust adapt switch "
                                  "return turn move resort react respond amount relate lead come get refer add "
                                  "accustom prefer owe oppose thank regard limit restrict expose open go".split())
#: verbs of writing to someone, after which "to" is always the infinitive's ("writing to ask")
_WRITING_VERBS = frozenset("write call email contact message phone text ring".split())
#: participles that are the past's spelling in British English ("I have got")
_BRITISH_PARTICIPLES = frozenset(("got",))
#: pronouns for no one or everyone: singular subjects
_INDEFINITE = frozenset("nobody everybody everyone somebody someone anybody anyone everything nothing "
                        "something anything".split())
#: adjectives and the prepositions they govern; another preposition after them is a slip
_ADJECTIVE_PREPOSITION = {
    "interested": ("in",), "keen": ("on", "to", "for"), "capable": ("of",), "afraid": ("of", "that", "to", "for"),
    "fond": ("of",), "responsible": ("for", "to"), "familiar": ("with", "to"), "aware": ("of", "that"),
    "grateful": ("for", "to", "that"), "proud": ("of", "to", "that"), "passionate": ("about",),
    "satisfied": ("with", "that"),
}
#: "from" is left out: "interested from the first call" is when, not what about
_WRONG_PREPOSITIONS = frozenset("on of in at about with for to".split())
#: verbs that take their object with no preposition, and the preposition added to them by mistake
_DIRECT_OBJECT = re.compile(
    r"\b(discuss(?:es|ed|ing)?\s+about|emphasi[sz](?:e|es|ed|ing)\s+on|mention(?:s|ed|ing)?\s+about|"
    r"comprises?\s+of|explain(?:s|ed|ing)?\s+(?:me|us)|(?:say|says|said)\s+(?:me|us|him))\b")


def _structure(text: str, words) -> list[Finding]:
    out = []
    items = _list_lines(text)
    for m in _SENTENCE.finditer(text):
        sentence = m.group().strip()
        tokens = _TOKEN.findall(sentence)
        out += _verb_after(tokens, words) + _pronoun_agreement(tokens, words) + _question_order(sentence, tokens, words)
        out += _comparatives(tokens, words) + _governed(tokens, words) + _run_on(tokens, words) + _count(tokens, words)
        out += _complements(tokens, words) + _uncounted(tokens, words)
        # a quotation is a noun of the sentence ("Your motto "semper paratus" fits"): read without it
        unquoted = _TOKEN.findall(_QUOTATION.sub(" ", sentence))
        if not _in_list(items, m.start()):  # an item is no sentence: it may lack a subject or a verb
            out += _lost_subject(sentence, tokens, words) + _no_main_verb(sentence, unquoted, words)
        # a slip of a clause's finite verb is one in an item too ("- The questions ... was fair.")
        answers = m.start() > 0 and text[m.start() - 1] == "?"  # "Why? Because it works.": an answer
        out += _clause_slips(sentence, unquoted, words, answers)
    for m in re.finditer(r"(?<![\w'-])([Aa]n)\s+([a-z]+)\b", text):
        word = m.group(2)
        if _YOO.match(word) and not (word.startswith("un") and words.known(word[2:])):
            out.append(_error(m.group(), "'an' before a consonant sound", f"write \"a {word}\""))
    for m in _DIRECT_OBJECT.finditer(text):
        out.append(_error(m.group(), "this verb takes its object with no preposition before it (or 'to' before "
                                     "the person)", "remove the preposition, or write \"explained to me\""))
    for m in re.finditer(r"(?<![Ee]ver )\b[Ss]ince\s+(?!one\s+(?:year|month|week|day|hour)\b)(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d+|many|several)\s+"
                         r"(?:years?|months?|weeks?|days?|hours?)\b", text):
        out.append(_error(m.group(), "'since' takes a point in time; a length of time takes 'for'",
                          "write \"for ...\" with \"I have been ...\""))
    return out


def _adverbs(tokens: list[str], i: int, words) -> int:
    """The index after up to two adverbs from ``i`` ("always", "really", "very")."""
    j = i
    while j < len(tokens) and j < i + 2 and tokens[j].islower() and tokens[j] not in words.AUXILIARIES \
            and not words.is_function_word(tokens[j]) and (
            set(words.lemmas(tokens[j])) == {"ADV"} or tokens[j] in ("not", "never", "still", "also", "always",
                                                                     "just", "really", "very", "only", "so")):
        j += 1
    return j


def _verb_after(tokens: list[str], words) -> list[Finding]:
    """The verb form an auxiliary, a modal or "to" demands."""
    out = []
    low = [t.lower() for t in tokens]
    for i, t in enumerate(low[:-1]):
        j = _adverbs(tokens, i + 1, words)
        if j >= len(tokens):
            continue
        w, nxt = low[j], (low[j + 1] if j + 1 < len(low) else "")
        if not tokens[j].islower() or words.is_function_word(w) or w in words.AUXILIARIES:
            if t in words.MODALS and w == "to" and tokens[i].islower() and j + 1 < len(tokens) \
                    and words.can_be(tokens[j + 1], "VERB") and (i == 0 or low[i - 1] not in _NOUN_DETERMINERS):
                out.append(_error(f"{tokens[i]} to {tokens[j + 1]}", "no 'to' after a modal",
                                  f"write \"{tokens[i]} {tokens[j + 1]}\""))
            continue
        lemmas = words.lemmas(w)
        if t in words.MODALS and tokens[i].islower() and "ADJ" in lemmas and not {"VERB", "NOUN", "ADV"} & set(lemmas):
            out.append(_error(f"{t} {w}", "a verb is missing after the modal", f"write \"{t} be {w}\""))
        elif t in ("have", "has", "had", "'ve", "’ve") and "ADJ" not in lemmas and "VERB" in lemmas:
            lemma = words.verb_lemma(w)
            participle = words.inflect(lemma, "VBN").lower()
            if participle == w:
                continue
            if words.is_past(w) and not _strong_past(w, words) or w in _BRITISH_PARTICIPLES:
                continue  # "have learnt": a past that is a participle too
            if words.is_past(w) and not words.can_be(w, "NOUN"):
                out.append(_error(f"{t} {w}", "the perfect needs the participle", f"write \"{t} {participle}\""))
            elif words.is_base_verb(w) and (j > i + 1 or nxt in _OBJECT_DETERMINERS) \
                    and not words.can_be(w, "ADJ"):
                out.append(_error(f"{t} {w}", "the perfect needs the participle", f"write \"{t} {participle}\""))
            elif words.is_past(w) and words.can_be(w, "NOUN") and nxt in _OBJECT_WORDS | words.PREPOSITIONS:
                out.append(_error(f"{t} {w}", "the perfect needs the participle", f"write \"{t} {participle}\""))
        elif t in ("is", "are", "was", "were", "am", "be", "been", "'m", "’m") and words.is_base_verb(w) \
                and not {"NOUN", "ADJ", "ADV"} & set(lemmas):
            lemma = words.verb_lemma(w)
            if words.inflect(lemma, "VBN").lower() != w and words.inflect(lemma, "VBG").lower() != w:
                out.append(_error(f"{t} {w}", f"'{t}' is not followed by the plain verb",
                                  f"write \"{t} {words.inflect(lemma, 'VBG')}\" or \"{t} {words.inflect(lemma, 'VBN')}\""))
        elif t in ("didn't", "didn’t", "doesn't", "doesn’t", "don't", "don’t") or (
                t in ("did", "does", "do") and nxt and low[i + 1] == "not"):
            if (words.is_past(w) or words.is_third_person(w)) and not words.is_base_verb(w) \
                    and not {"NOUN", "ADJ"} & set(lemmas):
                out.append(_error(f"{t} {w}", "after 'do' the verb is plain", f"write \"{words.verb_lemma(w)}\""))
        elif t in ("for", "of", "about", "after", "before", "without", "by", "from") and j == i + 1 \
                and nxt in _OBJECT_WORDS and words.is_base_verb(w) and not {"NOUN", "ADJ", "ADV"} & set(lemmas):
            out.append(_error(f"{t} {w} {nxt}", f"'{t}' takes a noun or an -ing form, not the plain verb",
                              f"write \"{t} {words.inflect(words.verb_lemma(w), 'VBG')} {nxt}\""))
        elif t == "to" and i >= 2 and low[i - 1] == "forward" and words.verb_lemma(low[i - 2]) == "look" and j == i + 1 and words.is_base_verb(w) and (
                not words.can_be(w, "NOUN") or nxt in _OBJECT_WORDS | {"from", "with", "you", "on", "more"}):
            out.append(_error(f"forward to {w}", "'look forward to' takes an -ing form",
                              f"write \"look forward to {words.inflect(words.verb_lemma(w), 'VBG')}\""))
        elif t == "to" and j == i + 1 and _vbg(w, words) and not words.can_be(w, "NOUN") and i >= 2 \
                and _vbg(low[i - 1], words) and low[i - 2] in ("am", "is", "are", "was", "were", "'m", "’m", "be") \
                and words.verb_lemma(low[i - 1]) not in _TO_PREPOSITION_VERBS:
            # "writing to asking": to whom one writes or calls, "to" is the infinitive's; after
            # other verbs it may be a preposition ("shifting to using"), which cannot be told
            finding = _error(f"{tokens[i - 1]} to {w}", "'to' here needs the plain verb",
                             f"write \"to {words.verb_lemma(w)}\"")
            if words.verb_lemma(low[i - 1]) not in _WRITING_VERBS:
                finding = dataclasses.replace(finding, severity=WARNING)
            out.append(finding)
    return out


def _pronoun_agreement(tokens: list[str], words) -> list[Finding]:
    """A verb against a subject that is certain: "I/we/they" + "needs", "if you needs",
    "It make" at a clause's start, "she say", "Nobody ... own the", "Hà and Bethany was"."""
    out = []
    low = [t.lower() for t in tokens]
    for i, t in enumerate(low[:-1]):
        before = low[i - 1] if i else ""
        opens = i == 0 or before in _CLAUSE_OPENERS or before in (",", ";", ":", "that")
        if t in _INDEFINITE and opens:
            k = i + 1
            while k < min(len(low), i + 6) and not _plain_verb_with_object(low, k, words) \
                    and _in_noun_phrase(tokens[k], words):
                k += 1
            if k < len(low) and _plain_verb_with_object(low, k, words):
                out.append(_error(f"{tokens[i]} ... {low[k]}", f"'{tokens[i]}' is singular: the verb is "
                                  f"'{words.third_person(low[k])}'", f"write \"{words.third_person(low[k])}\""))
        j = _adverbs(tokens, i + 1, words)
        if j >= len(tokens) or not tokens[j].islower():
            continue
        w, nxt = low[j], (low[j + 1] if j + 1 < len(low) else "")
        if words.is_function_word(w) or w in words.AUXILIARIES:
            continue
        if t in ("we", "you") and j == i + 1 and words.is_plural_noun(w) and nxt and (
                nxt in words.AUXILIARIES or words.is_finite(nxt) or words.is_base_verb(nxt)):
            continue  # "We nurses know": a noun standing with the pronoun, then the verb
        if tokens[i] == "I" and i and tokens[i - 1][:1].isupper() and not words.is_function_word(low[i - 1]) \
                and (words.can_be(low[i - 1], "NOUN") or not words.lemmas(low[i - 1])):
            continue  # "Phase I covers": a numeral in a name
        if tokens[i] in ("I", "we", "they", "We", "They", "you", "You") and words.is_third_person(w) and (
                tokens[i] == "I" or opens and (t != "you" or before not in (",", ";", ":"))
                or t != "you" and not words.can_be(w, "NOUN")):
            out.append(_error(f"{tokens[i]} {w}", f"'{tokens[i]}' takes '{words.verb_lemma(w)}'",
                              f"write \"{tokens[i]} {words.verb_lemma(w)}\""))
        elif t in ("he", "she", "it") and (t != "it" or opens) and before != "that" and words.is_base_verb(w) \
                and before not in words.MODALS and before not in ("do", "does", "did", "didn't", "doesn't", "didn’t",
                                                                  "doesn’t", "let", "make", "help") \
                and not words.is_past(w) and not words.can_be(w, "ADJ") and words.third_person(w).lower() != w \
                and (not words.can_be(w, "NOUN") or nxt in _OBJECT_WORDS):
            out.append(_error(f"{tokens[i]} {w}", f"'{tokens[i]}' takes '{words.third_person(w)}'",
                              f"write \"{tokens[i]} {words.third_person(w)}\""))
    for i in range(len(tokens) - 3):
        a, conj, b, verb = tokens[i:i + 4]
        if conj != "and" or verb not in ("was", "is", "has", "does"):
            continue
        if b == "I" and a.lower() not in words.PREPOSITIONS or (i == 0 or low[i - 1] in (",", ";")) and (
                _person_name(a, words) and _person_name(b, words)):
            right = {"was": "were", "is": "are", "has": "have", "does": "do"}[verb]
            out.append(_error(f"{a} and {b} {verb}", "two people joined by 'and' take a plural verb",
                              f"write \"{a} and {b} {right}\""))
    return out


def _strong_past(word: str, words) -> bool:
    """Whether ``word`` is the past of a verb whose past and participle differ in every
    spelling ("spoke"/"spoken", "went"/"gone"; not "learnt", which is both)."""
    from mailflow.lexicon import lexicon

    forms = lexicon().getAllInflections(words.verb_lemma(word))
    past = {w.lower() for w in forms.get("VBD", ())}
    participle = {w.lower() for w in forms.get("VBN", ())}
    return word.lower() in past and word.lower() not in participle and not past & participle


def _plain_verb_with_object(low: list[str], k: int, words) -> bool:
    """Whether ``low[k]`` is a plain verb: the lexicon knows it only as a verb, or an object
    follows it ("own the drift")."""
    w = low[k]
    if not words.is_base_verb(w) or words.is_past(w) or words.is_function_word(w) or w in words.AUXILIARIES:
        return False
    return not {"NOUN", "ADJ"} & set(words.lemmas(w)) or (k + 1 < len(low) and low[k + 1] in _OBJECT_WORDS)


def _in_noun_phrase(token: str, words) -> bool:
    """Whether ``token`` may be part of a noun phrase with its prepositional phrases
    ("point about Terraform drift"), and cannot be a finite verb or open a clause."""
    x = token.lower()
    if words.is_finite(x) or x in words.RELATIVES or x in _CLAUSE_OPENERS or x in (",", ";", ":", "—", "–"):
        return False
    return x in words.PREPOSITIONS or x in _NOUN_DETERMINERS or token[:1].isupper() \
        or words.can_be(x, "NOUN") or words.can_be(x, "ADJ")


def _person_name(token: str, words) -> bool:
    """A capitalised word the lexicon does not know: a name ("Hà", "Bethany"), not a word
    in a firm's name ("Marks and Spencer", "Ernst and Young")."""
    return token[:1].isupper() and token[1:].islower() and not words.lemmas(token.lower()) \
        and not words.is_function_word(token)


_WH_START = frozenset("when where why how what which who".split())
_CONTEXT_VERBS = frozenset("ask asked asking wonder wondered wondering know knowing tell told sure idea understand "
                           "unclear curious discuss discussed about".split())


def _question_order(sentence: str, tokens: list[str], words) -> list[Finding]:
    """"When you will decide?": a direct question keeps question order; "let me know when is
    the decision expected", "I wondered how do parents join": a question told inside a
    sentence keeps the order of a statement."""
    out = []
    low = [t.lower() for t in tokens]
    if sentence.endswith("?") and len(low) >= 3 and low[0] in _WH_START and low[1] in words.SUBJECT_PRONOUNS \
            and not {",", ";", ":"} & set(low) \
            and (low[2] in words.AUXILIARIES or words.is_finite(low[2])):
        inverted = any(a in words.AUXILIARIES and b in words.SUBJECT_PRONOUNS for a, b in zip(low[3:], low[4:]))
        if not inverted:
            out.append(_error(" ".join(tokens[:3]), "a question puts the verb before its subject",
                              f"write \"{tokens[0]} {low[2]} {low[1]} ...?\""))
    for i in range(1, len(low) - 2):
        if low[i - 1] not in _CONTEXT_VERBS or low[i] not in _WH_START | {"whether", "if"}:
            continue
        verb, after = low[i + 1], low[i + 2]
        if low[i] in ("how", "why", "when", "where") and verb in ("do", "does", "did") and not (
                i + 2 < len(low) and after in ("so", "not")):
            out.append(_error(f"{tokens[i]} {verb} {tokens[i + 2]}", "a question told inside a sentence keeps the "
                              "order of a statement", f"write \"{tokens[i]} {tokens[i + 2]} ...\" without '{verb}'"))
        elif low[i] in ("how", "why", "when", "where", "what") and verb in ("is", "are", "was", "were", "will",
                                                                           "would", "can", "could", "should") \
                and after in _OBJECT_DETERMINERS:
            out.append(_error(f"{tokens[i]} {verb} {tokens[i + 2]}", "a question told inside a sentence keeps the "
                              "order of a statement", f"write \"{tokens[i]} {tokens[i + 2]} ... {verb}\""))
    return out


def _lost_subject(sentence: str, tokens: list[str], words) -> list[Finding]:
    """"Is very good to hear that ...": a statement that opens on the verb has lost its
    subject ("It is ..."); a question would end on "?"."""
    if tokens and tokens[0] in ("Is", "Are", "Am", "Does", "Has") and not sentence.endswith("?") \
            and "?" not in sentence and len(tokens) >= 4 and sentence.endswith("."):
        return [_error(" ".join(tokens[:3]), "the sentence has lost its subject", f"write \"It {tokens[0].lower()} ...\" "
                                                                                 "(or make it a question)")]
    return []


def _comparatives(tokens: list[str], words) -> list[Finding]:
    """"more better", "most easiest": a comparative or superlative needs no "more"/"most"."""
    out = []
    low = [t.lower() for t in tokens]
    for i in range(len(low) - 1):
        w = low[i + 1]
        adjective = words.lemmas(w).get("ADJ", ())
        if not adjective or w in adjective:
            continue
        comparative = any(words.inflect(a, "JJR").lower() == w for a in adjective)
        superlative = any(words.inflect(a, "JJS").lower() == w for a in adjective)
        nxt = low[i + 2] if i + 2 < len(low) else ""
        before = low[i - 1] if i else ""
        noun_next = words.can_be(nxt, "NOUN") and not words.is_function_word(nxt)
        if (low[i] == "more" and comparative and (nxt == "than" or before in ("is", "are", "was", "were", "be",
                                                                             "been", "much", "even", "far")
                                                  and not noun_next
                                                  or not noun_next and w not in words.lemmas(w).get("ADV", ())
                                                  and not words.can_be(w, "VERB"))) \
                or (low[i] == "most" and superlative and before in ("the", "my", "your", "our", "their", "his", "her")):
            out.append(_error(f"{low[i]} {w}", f"'{w}' is already a comparison", f"write \"{w}\""))
    return out


_CLAUSE_WORDS = frozenset("that which who whom whose how when where why what whether if because while although "
                           "though since until unless once".split())


def _no_main_verb(sentence: str, tokens: list[str], words) -> list[Finding]:
    """"Your description of the drill on the ward and of the way it keeps skills fresh.": a
    noun phrase whose only verbs sit right after the subject of a clause inside it ("it
    keeps", "who reach", "that runs"), so the sentence has no verb of its own. Read only in
    a sentence that opens on a determiner and its noun, as a subject does, has no comma or
    semicolon (an aside or a list could hide the verb) and ends on a full stop."""
    low = [t.lower() for t in tokens]
    if len(low) < 7 or not sentence.endswith(".") or re.search(r"[,;:()\u2014\u2013]", sentence) \
            or not tokens[-1].islower() or _ABBREVIATIONS.search(sentence) \
            or low[0] not in ("your", "the", "my", "our", "his", "her", "their", "this", "a", "an") \
            or not words.can_be(low[1], "NOUN") and not words.can_be(low[1], "ADJ"):
        return []
    for i, t in enumerate(low):
        if tokens[i].isupper() and len(t) > 1:
            continue  # an acronym ("PALS"), never the verb
        if not (t in words.AUXILIARIES or words.is_finite(t) or t.endswith(("n't", "n’t"))
                or re.search(r"['’](?:re|m|ve|d|ll)$", t) or words.is_base_verb(t) and i > 1):
            continue
        k = i - 1
        while k > 0 and low[k].endswith("ly") and words.can_be(low[k], "ADV"):
            k -= 1
        nxt = low[i + 1] if i + 1 < len(low) else ""
        if low[k] in ("you", "it") and k and (low[k - 1] in words.PREPOSITIONS or words.can_be(low[k - 1], "VERB")):
            return []  # "a conversation with you is ...": the pronoun is an object, the verb the sentence's own
        if low[k] in words.SUBJECT_PRONOUNS and k and low[k - 1] in ("and", "or"):
            return []  # "My family and I are ...": the pronoun ends the sentence's own subject
        if low[k] not in words.SUBJECT_PRONOUNS and low[k] not in _CLAUSE_WORDS and (
                words.is_past(t) and words.can_be(nxt, "NOUN") and not words.is_function_word(nxt)
                or words.is_third_person(t) and words.is_plural_noun(t) and not (
                    words.can_be(low[k], "NOUN") and not words.is_plural_noun(low[k]) and not tokens[k].isupper()
                    and not words.is_function_word(low[k]))):
            continue  # "the monthly simulated deterioration", "PALS skills": a participle or a noun
        if low[k] not in words.SUBJECT_PRONOUNS and low[k] not in _CLAUSE_WORDS:
            if words.is_finite(t) or t in words.AUXILIARIES or not words.can_be(t, "NOUN"):
                return []  # a verb whose subject is the sentence's own
    return [_error(sentence, "the sentence has no verb of its own", "say what it did: \"Your description of ... "
                                                                   "stayed with me\"")]


_PLURAL_ONLY_DETERMINERS = frozenset("many several various numerous few these those both".split())


def _count(tokens: list[str], words) -> list[Finding]:
    """"in many store": after a preposition, a determiner that counts takes a plural noun."""
    out = []
    low = [t.lower() for t in tokens]
    for i in range(1, len(low) - 1):
        if low[i - 1] not in words.PREPOSITIONS or low[i] not in _PLURAL_ONLY_DETERMINERS:
            continue
        w, nxt = low[i + 1], (low[i + 2] if i + 2 < len(low) else "")
        nouns = words.lemmas(w).get("NOUN", ())
        if not tokens[i + 1].islower() or w not in nouns or words.can_be(w, "ADJ") or words.is_function_word(w):
            continue
        plural = words.inflect(w, "NNS").lower()
        if words.frequency(plural) * 20 < words.frequency(w):
            continue  # "these staff": a noun whose plural is rare is used as its own plural
        if plural == w or not (nxt == "" or nxt in (",", ";", ":") or nxt in words.PREPOSITIONS
                               or nxt in words.CONJUNCTIONS or nxt in words.RELATIVES):
            continue
        out.append(_error(f"{low[i]} {w}", f"'{low[i]}' counts: the noun is plural", f"write \"{low[i]} {plural}\""))
    return out


def _governed(tokens: list[str], words) -> list[Finding]:
    """An adjective with a preposition it does not take ("interested on", "keen of"), or
    none where it needs one ("I am interested the post")."""
    out = []
    low = [t.lower() for t in tokens]
    for i in range(1, len(low) - 1):
        allowed = _ADJECTIVE_PREPOSITION.get(low[i])
        if not allowed:
            continue
        k = i - 1
        while k > 0 and low[k] in ("very", "really", "so", "still", "also", "always", "most", "particularly",
                                   "genuinely", "truly", "extremely", "quite", "deeply", "not"):
            k -= 1
        if low[k] not in ("am", "is", "are", "was", "were", "be", "been", "'m", "’m", "remain", "remains",
                          "feel", "felt", "stay"):
            continue
        nxt = low[i + 1]
        if nxt in _WRONG_PREPOSITIONS and nxt not in allowed and not (nxt == "to" and low[i] == "interested"):
            if nxt == "in" and i + 2 < len(low) and low[i + 2] in ("the", "this"):
                continue  # "keen in the mornings": a time, not what it is about
            out.append(_error(f"{low[i]} {nxt}", f"'{low[i]}' takes '{allowed[0]}'",
                              f"write \"{low[i]} {allowed[0]}\""))
        elif nxt in _OBJECT_DETERMINERS and low[i] in ("interested", "capable", "fond", "familiar", "responsible") \
                and not (i + 2 < len(low) and low[i + 2] in ("most", "more", "least", "less", "best")):
            out.append(_error(f"{low[i]} {nxt}", f"'{low[i]}' needs '{allowed[0]}' before what it is about",
                              f"write \"{low[i]} {allowed[0]} {nxt}\""))
    return out


def _run_on(tokens: list[str], words) -> list[Finding]:
    """Two sentences run together: an object pronoun, then "I" and a verb ("stayed with me
    I have already ..."), or a possessive subject taken up again by a pronoun ("Your point
    about drift it made me ...")."""
    out = []
    low = [t.lower() for t in tokens]
    for i in range(len(tokens) - 2):
        if i and low[i - 1] not in words.PREPOSITIONS:
            continue  # "told me I would hear": a verb's object, then its clause with "that" left out
        if low[i] in ("me", "us", "him", "them") and tokens[i + 1] == "I" and (
                low[i + 2] in words.AUXILIARIES or words.is_finite(low[i + 2]) or words.is_base_verb(low[i + 2])):
            out.append(_error(f"{tokens[i]} I {tokens[i + 2]}", "two sentences run together",
                              f"end the sentence after '{tokens[i]}'"))
    if low and low[0] in ("your", "my", "his", "her", "their", "our") and len(low) > 4:
        for k in range(2, min(len(low) - 1, 10)):
            w = low[k]
            if w in ("it", "they", "he", "she") and (low[k + 1] in words.AUXILIARIES or words.is_finite(low[k + 1])) \
                    and low[k - 1] not in words.PREPOSITIONS and all(_in_noun_phrase(tokens[n], words) for n in range(1, k)):
                out.append(_error(" ".join(tokens[:k + 2]), "the subject is said twice",
                                  f"remove '{tokens[k]}'"))
                break
    return out


# --------------------------------------------------------------------------- complements and clauses
#
# What a verb's complement looks like ("made me think", never "made me to think"; "could
# have", never "could of"), a noun English does not count ("information") made plural,
# and slips of the whole clause: a subject pronoun with an adjective and no verb ("I
# disappointed, of course"), a plural head whose verb is singular past its phrase or
# clause ("The questions you asked about paging was"), two main clauses joined by a
# comma ("..., I started as ..."), a clause of reason standing as a sentence ("Because I
# have accepted another post."), "there is" before a plural, a relative clause that says
# its object twice ("which I found it honest"). ("Was great to meet you" is informal, not
# wrong: a subject left out before "was" is not read.)

#: units an amount is counted in: "There was 20 minutes to spare" is one stretch of time
_AMOUNT = re.compile(r"(?:second|minute|hour|day|week|month|year|mile|kilomet(?:re|er)|met(?:re|er)|pound|dollar|"
                     r"euro|penny|pence|cent|percent|per)s?['’]?$")
_QUOTATION = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’")
#: verbs whose object takes the plain verb after it, never "to" ("made me think", "let me know")
_BARE_INFINITIVE_TAKERS = frozenset("make makes made making let lets letting".split())
_OBJECT_PRONOUNS = frozenset("me us him her them you it".split())
#: how many times rarer than its singular a noun's plural must be to be a mass noun counted
_MASS = 100
_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten twelve twenty hundred".split())


def _complements(tokens: list[str], words) -> list[Finding]:
    out = []
    low = [t.lower() for t in tokens]
    for i, t in enumerate(low[:-1]):
        nxt = low[i + 1]
        after = low[i + 2] if i + 2 < len(low) else ""
        third = low[i + 3] if i + 3 < len(low) else ""
        # the object: a pronoun ("made me"), or a determiner and its noun ("made the team")
        to = i + 2 if nxt in _OBJECT_PRONOUNS else i + 3 if nxt in _OBJECT_DETERMINERS and i + 2 < len(low) \
            and words.can_be(low[i + 2], "NOUN") and tokens[i + 2].islower() else 0
        verb_at = _adverbs(tokens, to + 1, words) if to and to < len(low) and low[to] == "to" else len(low)
        if t in _BARE_INFINITIVE_TAKERS and verb_at < len(low) and words.is_base_verb(low[verb_at]) \
                and tokens[verb_at].islower() and not words.is_function_word(low[verb_at]):
            plain = " ".join(tokens[i:to] + tokens[to + 1:verb_at + 1])
            out.append(_error(" ".join(tokens[i:verb_at + 1]),
                              f"'{t}' takes the plain verb after its object", f"write \"{plain}\""))
        elif t in words.MODALS and nxt == "of" and after != "course" and tokens[i].islower() | (i == 0):
            out.append(_error(f"{tokens[i]} of", "'of' here is 'have' as it sounds", f"write \"{t} have\""))
        elif t == "despite" and nxt == "of":
            out.append(_error("despite of", "'despite' takes no 'of'", "write \"despite\" or \"in spite of\""))
        elif t == "there" and nxt in ("is", "was", "'s", "’s") and (
                after in _PLURAL_ONLY_DETERMINERS - {"these", "those"} or after in _NUMBER_WORDS
                or after.isdigit() and after != "1") and not (third and _AMOUNT.match(third)):
            # "There was 20 minutes to spare": an amount of time, money or distance is one thing
            right = "are" if nxt in ("is", "'s", "’s") else "were"
            out.append(_error(f"there {nxt} {after}", "a plural after 'there' takes a plural verb",
                              f"write \"there {right} {after}\""))
        elif t in ("am", "is", "are", "was", "were", "be", "'m", "’m", "get", "got", "getting") and nxt == "used" \
                and after == "to" and third and _plain_verb_with_object(low, i + 3, words):
            out.append(_error(f"{t} used to {third}", "'used to' after 'be' takes a noun or an -ing form",
                              f"write \"{t} used to {words.inflect(words.verb_lemma(third), 'VBG')}\""))
        elif t == "to" and i and low[i - 1] not in ("used", "forward") and tokens[i + 1].islower() \
                and words.can_be(low[i - 1], "NOUN") and not words.is_function_word(low[i - 1]) \
                and words.is_past(nxt) and not words.is_base_verb(nxt) \
                and not {"NOUN", "ADJ"} & set(words.lemmas(nxt)) and after not in words.PREPOSITIONS:
            out.append(_error(f"to {nxt}", "after 'to' the verb is plain", f"write \"to {words.verb_lemma(nxt)}\""))
        elif t in ("for", "about", "of", "without", "by") and tokens[i + 1].islower() and after in _WH_START | {
                "whether", "that"} and words.is_base_verb(nxt) and not {"NOUN", "ADJ", "ADV"} & set(words.lemmas(nxt)):
            out.append(_error(f"{t} {nxt} {after}", f"'{t}' takes a noun or an -ing form, not the plain verb",
                              f"write \"{t} {words.inflect(words.verb_lemma(nxt), 'VBG')} {after}\""))
        elif t in ("am", "is", "are", "was", "were", "'m", "’m") and i and low[i - 1] in words.SUBJECT_PRONOUNS:
            j = _adverbs(tokens, i + 1, words)
            w = low[j] if j < len(low) else ""
            prep = low[j + 1] if j + 1 < len(low) else ""
            if w and tokens[j].islower() and words.is_base_verb(w) and prep in ("in", "about", "with", "by", "on"):
                participle = words.inflect(words.verb_lemma(w), "VBN")
                if participle.lower() != w and words.can_be(participle, "ADJ"):
                    out.append(_error(f"{t} {w} {prep}", f"the person is '{participle}'",
                                      f"write \"{t} {participle} {prep}\""))
    return out


#: endings of abstract nouns built from a quality or an act, whose plural names its instances
_INSTANCE_SUFFIXES = ("ness", "ing", "dom", "ism", "asm", "ship", "hood")


def _uncounted(tokens: list[str], words) -> list[Finding]:
    """"any further informations": a plural English hardly ever writes, of a noun it writes
    every day, is a noun that is not counted."""
    out = []
    for n, t in enumerate(tokens):
        if n == 0 and t[:1].isupper() and t[1:].islower():
            t = t.lower()  # "Informations about the start date ...": the sentence's capital
        if not t.islower() or not words.is_plural_noun(t) or words.can_be(t, "VERB") or words.is_function_word(t):
            continue
        singular = words.lemmas(t).get("NOUN", ())
        if not singular or singular[0] == t or len(singular[0]) < 5 or words.can_be(singular[0], "ADJ"):
            continue  # "maths", "stats": a field's clipped name; "exotics": an adjective's noun
        if singular[0].endswith(_INSTANCE_SUFFIXES):
            continue  # "kindnesses", "learnings", "wisdoms", "enthusiasms": acts or kinds of a quality
        common, counted = words.frequency(singular[0]), words.frequency(t)
        if common >= 2000 and counted * _MASS < common and counted < _MASS * 2:  # "maths" is common: a field
            out.append(_error(t, f"'{singular[0]}' is not counted: it has no plural",
                              f"write \"{singular[0]}\" (or \"pieces of {singular[0]}\")"))
    return out


#: what opens a clause of reason or concession that cannot stand alone
_DEPENDENT_OPENERS = frozenset("because although though whereas".split())
#: what a sentence's head noun may be followed by before its verb: a phrase or a clause
_SUBJECT_DETERMINERS = frozenset("the these those your my our their his her all many some both".split())


def _clause_slips(sentence: str, tokens: list[str], words, answers: bool = False) -> list[Finding]:
    out = []
    low = [t.lower() for t in tokens]
    if not low:
        return out
    # a clause of reason standing as a sentence: "Because I have accepted another post."
    # (not the answer to a question just asked: "Why? Because it works.")
    if low[0] in _DEPENDENT_OPENERS and not answers and sentence.endswith(".") \
            and not {",", ";", ":", "\u2014", "\u2013"} & set(low) \
            and len(low) >= 3:
        out.append(_error(sentence, f"a clause with '{tokens[0]}' cannot stand as a sentence",
                          "join it to the sentence before (\"..., because ...\")"))
    for i, t in enumerate(low):
        before = low[i - 1] if i else ""
        opens = i == 0 or before in _CLAUSE_OPENERS or before in (",", ";", ":")
        # "I disappointed, of course": a pronoun, then an adjective made of a participle, no verb
        if t in ("i", "we", "they", "he", "she") and opens and (t != "i" or tokens[i] == "I"):
            j = _adverbs(tokens, i + 1, words)
            if j < len(low) and tokens[j].islower():
                w, nxt = low[j], (low[j + 1] if j + 1 < len(low) else "")
                # the participle's adjective, with an -ing adjective beside it ("disappointing"):
                # a verb of feeling that needs an object, so with none after it, "am" is missing
                if w.endswith("ed") and nxt in (",", "") and "ADJ" in words.lemmas(w) and words.is_past(w) \
                        and "ADJ" in words.lemmas(words.inflect(words.verb_lemma(w), "VBG")):
                    be = {"i": "am", "we": "are", "they": "are", "he": "is", "she": "is"}[t]
                    out.append(_error(f"{tokens[i]} {w}", f"'{w}' describes: a verb is missing before it",
                                      f"write \"{tokens[i]} {be} {w}\""))
        # "you and Rafael has": two people take a plural verb
        # (the pair is a subject: not after a preposition or a verb, "with you and Sam was")
        subject_place = opens or before and before not in words.PREPOSITIONS and before != "thank" \
            and not (words.can_be(before, "VERB") and not words.can_be(before, "NOUN"))
        if i + 3 < len(low) and low[i + 1] == "and" and low[i + 3] in ("has", "was", "is") and subject_place and (
                t == "you" and _person_name(tokens[i + 2], words) or _person_name(tokens[i], words)
                and low[i + 2] == "you"):
            right = {"was": "were", "is": "are", "has": "have"}[low[i + 3]]
            out.append(_error(" ".join(tokens[i:i + 4]), "two people joined by 'and' take a plural verb",
                              f"write \"{right}\""))
        # "which I found it honest": the relative pronoun is the object; "it" says it again
        if t == "which" and i and before not in words.PREPOSITIONS and i + 3 < len(low) \
                and low[i + 1] in words.SUBJECT_PRONOUNS and low[i + 1] != "it" \
                and words.is_finite(low[i + 2]) and low[i + 2] not in words.AUXILIARIES and low[i + 3] in ("it", "them"):
            out.append(_error(" ".join(tokens[i:i + 4]), "the relative clause says its object twice",
                              f"remove '{tokens[i + 3]}'"))
    out += _head_agreement(tokens, low, words) + _comma_splice(tokens, low, words) + _fused(tokens, low, words)
    out += _bare_thanks(tokens, low, words)
    return out


#: how often a noun's plural must be met, against the singular, for it to be counted (and
#: so need an article): "tours", "interviews", "calls"; not "lunches", "coffees"
_COUNTED = 0.05


def _bare_thanks(tokens: list[str], low: list[str], words) -> list[Finding]:
    """"Thank you for tour.": after "thank you for", a singular noun that English counts
    needs "the" or "your" ("Thanks for lunch" is fine: lunch is hardly counted)."""
    for k in range(2, len(low)):
        if low[k - 1] != "for" or not (low[k - 2] == "thanks" or low[k - 3:k - 1] == ["thank", "you"]):
            continue
        w, nxt = low[k], (low[k + 1] if k + 1 < len(low) else "")
        nouns = words.lemmas(w).get("NOUN", ())
        if not tokens[k].islower() or w not in nouns or words.is_function_word(w) or words.is_gerund(w) \
                or nxt not in ("", ",", ";", ":", "and", "today", "yesterday", "this", "on", "of") \
                or nxt == "and" and k + 2 < len(low) and low[k + 2] in _OBJECT_DETERMINERS:
            continue  # "for water and a seat": beside a counted noun with its article, a mass noun
        plural = words.inflect(w, "NNS").lower()
        if plural != w and words.frequency(plural) >= _COUNTED * words.frequency(w) > 0:
            return [_error(f"for {w}", f"'{w}' is counted: it needs 'the' or 'your'", f"write \"for the {w}\"")]
    return []


#: verbs that take a clause with "that" left out ("I said on Monday I would ...")
_REPORTING = frozenset("say tell think hope know promise mention feel believe agree decide expect realise realize "
                       "understand hear learn guess suppose explain note confirm remember forget wish mean show "
                       "find assume reckon write email".split())
_CALENDAR_WORDS = frozenset(n.lower() for n in (*_calendar.month_name[1:], *_calendar.day_name))


def _fused(tokens: list[str], low: list[str], words) -> list[Finding]:
    """"I enjoyed the interview on Thursday 28 August I would like ...", "I'm disappointed of
    course I understand": a main clause, then a second "I" and its verb with no mark or
    word to join them, right after a date or "of course" (no clause can hang on either, as
    one hangs on a noun: "the role I applied for")."""
    if len(low) < 6 or low[0] not in words.SUBJECT_PRONOUNS and not low[0].startswith(("i'", "i’")):
        return []
    for k in range(3, len(low) - 1):
        if tokens[k] != "I":
            continue
        verb = low[_adverbs(tokens, k + 1, words)] if _adverbs(tokens, k + 1, words) < len(low) else ""
        if not (verb in words.AUXILIARIES or words.is_finite(verb) or words.is_base_verb(verb)):
            continue
        prev = low[k - 1]
        if (prev.isdigit() or prev in _CALENDAR_WORDS) and _aside(tokens, low, k, words):
            continue  # "We met on 3 May I believe.": a hedge on the date, not a second sentence
        if prev.isdigit() or prev in _CALENDAR_WORDS or low[k - 2:k] == ["of", "course"]:
            if any(low[n] in _CLAUSE_OPENERS | {",", ";", ":", "that"} or words.verb_lemma(low[n]) in _REPORTING
                   for n in range(1, k - 1)):
                return []  # "I said on Monday I would send it": a clause told, its "that" left out
            return [_error(" ".join(tokens[k - 2:k + 2]), "two sentences run together",
                           f"end the first sentence before '{tokens[k]}', or add a comma and \"and\"")]
    return []


def _head_agreement(tokens: list[str], low: list[str], words) -> list[Finding]:
    """"The questions you asked about paging was", "The questions about supervision was": a
    sentence that opens on a determiner and a plural noun (its head: no noun follows it),
    then a phrase with a preposition or a clause with its own subject, then "is/was/has"."""
    if len(low) < 4 or low[0] not in _SUBJECT_DETERMINERS:
        return []
    k = 1
    while k < len(low) - 1 and k < 3 and tokens[k].islower() and words.can_be(low[k], "ADJ") \
            and not words.is_plural_noun(low[k]):
        k += 1
    head = low[k]
    singular = words.lemmas(head).get("NOUN", ())
    if not tokens[k].islower() or not words.is_plural_noun(head) or not singular or singular[0] == head \
            or words.is_function_word(head):
        return []
    j = k + 1
    if low[j] in ("is", "was", "has") and low[0] in ("the", "these", "those", "your", "my", "our", "their"):
        right = {"is": "are", "was": "were", "has": "have"}[low[j]]  # "The questions was fair."
        return [_error(f"{tokens[k]} {low[j]}", f"'{head}' is plural: the verb is '{right}'", f"write \"{right}\"")]
    if low[j] in words.SUBJECT_PRONOUNS and low[j] != "it" and j + 1 < len(low) and words.is_finite(low[j + 1]):
        j += 2  # "the questions you asked": a clause with its own subject
    elif low[j] in words.PREPOSITIONS and low[j] not in ("than", "like", "to"):
        j += 1
    else:
        return []
    for n in range(j, min(len(low), j + 6)):
        w = low[n]
        if w in ("is", "was", "has"):
            right = {"is": "are", "was": "were", "has": "have"}[w]
            return [_error(f"{tokens[k]} ... {w}", f"'{head}' is plural: the verb is '{right}'",
                           f"write \"{right}\"")]
        noun_after = words.is_plural_noun(w) and (low[n - 1] in words.PREPOSITIONS or low[n - 1] in words.DETERMINERS)
        if w in (",", ";", ":", "and", "or", "that", "which", "who") or words.is_finite(w) and not noun_after \
                or tokens[n][:1].isupper() \
                or not (w in words.PREPOSITIONS or w in words.DETERMINERS or words.can_be(w, "NOUN")
                        or words.can_be(w, "ADJ") or words.is_gerund(w)):
            return []
    return []


_SPLICE_SUBJECTS = frozenset("i we they he she".split())
_HEDGES = frozenset("think hope admit know suppose believe guess mean feel".split())
#: verbs of saying, noticing, agreeing and owning up that make an aside with their subject
#: alone ("..., I must say, ...", "..., we agreed, ...", "..., she told me, ...")
_ASIDE_VERBS = _HEDGES | _REPORTING | frozenset("add confess notice see agree admit gather recall".split())


_CONTRACTED = ("'m", "’m", "'d", "’d", "'ll", "’ll", "'ve", "’ve")


def _aside(tokens: list[str], low: list[str], at: int, words) -> bool:
    """Whether the clause at ``at`` is an aside: a subject pronoun, its auxiliaries ("must",
    "have to", "am", "should"), a verb of saying or noticing, then nothing but an object
    pronoun or an adverb ("me", "later") before a comma, a semicolon or the end."""
    if at >= len(low) or low[at] not in words.SUBJECT_PRONOUNS:
        return False
    n = at + 1
    while n < len(low) and (low[n] in words.AUXILIARIES or low[n] == "to" or low[n].endswith(_CONTRACTED)
                            or low[n].endswith("ly") and words.can_be(low[n], "ADV")):
        n += 1
    if n >= len(low) or words.verb_lemma(low[n]) not in _ASIDE_VERBS:
        return False
    n += 1
    while n < len(low) and low[n] not in (",", ";"):
        if low[n] not in ("me", "us", "you", "him", "her", "them", "so", "too") and not (
                words.can_be(low[n], "ADV") and not words.can_be(low[n], "NOUN") and not words.is_function_word(low[n])):
            return False
        n += 1
    return True
_FRONTED = _SUBORDINATORS | frozenset("as whenever wherever if".split())
# (a condition before the comma, "if ..., I can", has its outcome after it: no splice)


def _comma_splice(tokens: list[str], low: list[str], words) -> list[Finding]:
    """"I was glad to hear that ... whenever it can, I started as a sales assistant": a main
    clause, a comma, then a second main clause with its own subject and verb and no
    conjunction. Read only when the sentence opens on a subject pronoun and its verb (so
    the first clause is a main one), no clause fronted before a comma ("that if ..., we
    ...") and the second is no aside ("..., I think, ...", "..., I admit.")."""
    thanks = low[:2] == ["thank", "you"] or low[:1] == ["thanks"]  # "Thank you for your time, I ..."
    if len(low) < 6 or low[0] not in ("i", "we", "you", "it", "they", "he", "she") and not thanks:
        return []
    j = _adverbs(tokens, 1, words)
    if not thanks and (j >= len(low) or not (words.is_finite(low[j]) or low[j] in words.AUXILIARIES)):
        return []
    for c, t in enumerate(low):
        if t != "," or c + 2 >= len(low):
            continue
        if any(low[k] in _FRONTED and (k == 0 or low[k - 1] in ("that", ",", ";")) for k in range(c)):
            return []
        segment = low[max((k for k in range(c) if low[k] in (",", ";")), default=0):c]
        if {"if", "unless", "once"} & set(segment):
            continue  # "to let you know if there is anything else, I can send it": the condition's outcome
        subject = low[c + 1]
        if subject not in _SPLICE_SUBJECTS or (subject == "i" and tokens[c + 1] != "I"):
            continue
        v = _adverbs(tokens, c + 2, words)
        if v >= len(low):
            continue
        verb = low[v]
        # a courtesy complete at the comma ("a pleasure to meet you,", "for your time,"): any
        # finite verb after it opens a second sentence
        courteous = low[c - 1] == "you" and "to" in low[max(0, c - 4):c - 1] or low[c - 2:c] == ["your", "time"]
        if not (verb in words.AUXILIARIES or words.is_past(verb) and not words.can_be(verb, "ADJ")
                or courteous and (words.is_finite(verb) or subject in ("i", "we", "they") and words.is_base_verb(verb))
                or verb.endswith(("'m", "’m", "'ve", "’ve", "'d", "’d", "'ll", "’ll"))):
            continue
        if _aside(tokens, low, c + 1, words):
            continue  # "..., I think, ...", "..., I must say, ...", "..., she told me, ...": an aside
        return [_error(" ".join(tokens[c - 1:v + 1]), "two sentences joined by a comma",
                       "end the first sentence at the comma, or join them with \"and\" or \"so\"")]
    return []
