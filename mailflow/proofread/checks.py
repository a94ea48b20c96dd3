"""Checks on a composed message before it becomes a draft (PRODUCT.md §4, T3, T6, F4).

Contract
--------
``proofread(subject, body, ctx, settings, policy)`` returns a list of ``Finding``;
a message with an ``error`` finding must not be written. Errors stop that
draft and say why; warnings are reported with it. Nothing here prints or writes.

Checks, by stable name (``[proofread] disable`` / ``warn_only`` use these names):

placeholder
    Template leftovers: ``[...]``, ``{{ x }}``, ``{% ... %}``, ``{# ... #}``, ``{name}``,
    ``<<...>>``, ``TODO``, ``XXX``, ``FIXME``. A bracketed text listed in
    ``ctx.allowed_placeholders`` (the thank-you drafted with a slot for the interviewer's
    remark) is a warning; anything else is an error. Checked everywhere but quoted lines.
spelling
    pyspellchecker's shipped dictionary, plus the curated vocabulary of engineering and
    business work (``words.txt``), British spellings of known American words, regular
    word forms and hyphenated compounds, ``ctx.known_words`` (names, companies, roles),
    the words of ``ctx.recorded_words`` (the calendar's titles, the user's notes) that
    are not one letter from a dictionary word, the recipient/company/role of ``ctx``,
    and ``[proofread] words``. A lower-case "i" as the pronoun and a word typed with two
    leading capitals ("THe") are errors. A word LemmInflect's lexicon knows, or one built
    of known words (a regular derivation, two everyday words as one: "wireframes") with
    no dictionary word one slip from it, is known (``Dictionary.derived``). Unknown
    lowercase words one slip from a dictionary word are errors with suggestions; other
    unknown words are warnings; capitalised words mid-sentence, words with inner
    capitals ("GraphQL") and sentence-initial capitalised words with no close dictionary
    neighbour are taken for proper nouns ("Kubernetes") and are warnings. ALL-CAPS
    tokens are acronyms here (the shouting check judges them).
name
    When the body opens with a greeting ("Dear ...", "Hi ...") and the recipient is
    known, the greeting must use the name exactly as on the invite: the full name, a
    leading part of it ("José", "José María") or a title with the surname ("Dr. O'Brien").
    Anything else, near misses included ("Zoe" for "Zoë"), is an error; a greeting
    without a name ("Hello,", "Hi there,") is a warning.
company, role
    The company must be written as recorded (case included) and the role as recorded
    (case aside). A near miss ("Acme Crop") is an error; a thank-you that does not name
    them at all is an error (T4).
other-company
    Any other company of the pipeline named in the message is an error (whole words,
    case-insensitive). A name that is an ordinary dictionary word ("Square", "Notion")
    only counts when capitalised as recorded: mid-sentence that is an error, at the start
    of a sentence (where any word is capitalised) a warning, lowercase ("a square meal")
    nothing. Skipped when the other name is contained in this company's name ("Acme" vs
    "Acme Labs"). The signature block is not searched: it is the same in every message.
length
    Per kind, over the counted lines (non-blank body lines minus the greeting line, the
    closing line, the signature block and quoted lines): thank_you from
    ``policy.thank_you`` (5 lines, 120 words), follow_up ``policy.follow_up.max_lines``
    (4) and as many words a line as a thank-you, withdrawal and rejection_reply 6 lines /
    120 words. Too many lines is an error; too many words is an error in a thank-you or
    a follow-up (T3, F4) and elsewhere a warning, an error past 125 % of the limit.
    linkedin_note: 300 characters of body, an error.
banned-phrase
    "Thirsty" phrases (F4: checking in, any update?, bumping, I haven't heard back, ...)
    and desperate ones ("I really need this job", "please give me a chance") are errors
    in every kind; urgency words ("ASAP", "urgent", "immediately") are errors in
    follow-ups and warnings elsewhere, where they can be innocent ("I was immediately
    drawn to ..."). The candidate's own speed or thing ("I can start immediately", "my
    references from the urgent care centre") and "urgent" before two nouns (a kind of
    service: "urgent care centre") are warnings in a follow-up too.
shouting
    ALL-CAPS dictionary words ("THANK YOU", "VERY") and runs of exclamation marks
    ("!!"). Acronyms (all caps, not a dictionary word: "AWS", "SRE") and known words
    are fine.
apology
    Apologising for an answer (T6): "sorry for my answer", "I apologize for", "I regret
    not", "kicking myself", "I blanked", "my answer was weak", ... An error, except in
    withdrawals and rejection replies when the sentence is not about the interview
    ("I apologize for any inconvenience", "I regret that I must withdraw"): a warning.
    In any kind, an apology alone in its sentence for a thing ("the short notice") or
    for a thing not to hand ("for not having my renewal date to hand"), with no word
    about the interview's answers, is a warning.

doubled-word
    The same word twice in a row ("the the"); "that that" and "had had" are English.
emoji
    Emoji and emoticons (":)", ":-D", "<3").
salary
    Pay and benefits (salary, compensation, PTO, 401(k), stock options, bonus, ...) in a
    thank-you or a follow-up.
wrong-date
    A weekday or date tied to the conversation ("on Tuesday", "Wednesday's panel",
    "March 11", "yesterday") that is not the day of an interview in
    ``ctx.interview_days`` (``dates``).
grammar
    Mechanical rules (spacing around punctuation, a sentence starting in lower case:
    warnings), faults read by the shape of the sentence and the lexicon's verb forms
    (a fragment, a lost verb, "have accept", "would accepted", "a interesting", an
    unbalanced quote ...: errors) and, when ``[proofread] languagetool`` names a
    server, LanguageTool (warnings). See ``grammar``.

The phrase lists of banned-phrase (impatience, urgency, desperation), apology and
salary live in ``phrases``. An error inside text the user recorded (``ctx.recorded``:
the quoted remark, a promised item) is a warning: it was checked when recorded.

Text layout: the signature block is ``ctx.signature`` where found in the body, else
everything after a ``-- `` line, else everything after the closing line ("Best
regards,"). Lines starting with ``>`` are quoted text and only the other-company check
reads them.
"""

from __future__ import annotations

import dataclasses
import difflib
import email
import email.policy
import functools
import pathlib
import re
import unicodedata
from email.message import Message
from typing import Iterable

from mailflow.rules.names import is_role_mailbox
from mailflow.config import Policy, ProofreadConfig
from mailflow.errors import ConfigError, NotFoundError
from mailflow.model import KEY_HEADER
from mailflow.proofread import phrases
from mailflow.proofread.dates import wrong_dates
from mailflow.proofread.dictionary import Dictionary, known_tokens, load_dictionary, near_common
from mailflow.proofread.names import CHECKS, ERROR, KINDS, WARNING, Finding, ProofContext
from mailflow.rules.names import GIVEN_TITLES, TITLES as NAME_TITLES, read_name
from mailflow.proofread.reading import (
    PLACEHOLDER,
    WORD,
    Document,
    body_text,
    mask,
    normal,
    short,
    squash,
    tokens,
)

def validate_settings(settings: ProofreadConfig) -> None:
    """Raise ``ConfigError`` for an unknown check name or dictionary language."""
    problem = settings.problem()
    if problem is not None:
        key, message = problem
        raise ConfigError(f"[proofread] {key}: {message}",
                          hint=f"fix `{key}` in the [proofread] section of your config")
    load_dictionary(settings.language)


# --------------------------------------------------------------------------- entry points


def proofread(
    subject: str, body: str, ctx: ProofContext, settings: ProofreadConfig, policy: Policy
) -> list[Finding]:
    """Check one message; findings in check order, then in text order.

    Raises ``ConfigError`` when ``settings`` names an unknown check or language.
    """
    validate_settings(settings)
    doc = Document.parse(normal(subject), normal(body), ctx)
    dictionary = load_dictionary(settings.language)
    findings: list[Finding] = []
    recorded = [normal(t).casefold() for t in ctx.recorded if t.strip()]
    for check in CHECKS:
        if check in settings.disable:
            continue
        for finding in _CHECKERS[check](doc, ctx, settings, policy, dictionary):
            if _told_at_remark(check, finding, ctx):
                continue
            if finding.severity == ERROR and check in settings.warn_only:
                finding = Finding(check, WARNING, finding.excerpt, finding.message, finding.hint)
            elif finding.severity == ERROR and (check in _RECORDED_CHECKS and _inside(finding.excerpt, recorded) or (
                    check == "spelling" and _word_in(finding.excerpt, ctx.reader_notes))):
                # the user's own words, checked when recorded: they never block a draft
                finding = Finding(check, WARNING, finding.excerpt,
                                  finding.message + " (in text you recorded)", finding.hint)
            findings.append(finding)
    return findings


def _told_at_remark(check: str, finding: Finding, ctx: ProofContext) -> bool:
    """A spelling finding on a word as the user typed it in a remark or a debrief, which
    ``remark``/``debrief`` already showed them (``check_recorded``: a likely typo with its
    suggestions, a word the dictionary lacks, a capitalised word taken for a name). The user
    saw it and kept the word; the draft quoting it does not say it again."""
    return check == "spelling" and _word_in(finding.excerpt, ctx.recorded + ctx.reader_notes)


#: checks whose errors inside recorded text are only warnings
_RECORDED_CHECKS = {"spelling", "doubled-word", "shouting", "grammar", "emoji"}


def _word_in(word: str, texts: tuple[str, ...]) -> bool:
    """Whether ``word`` is a whole word of one of ``texts`` (what the user recorded about
    this reader, checked when recorded: "sim", "mould", "blockout")."""
    pattern = re.compile(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])")  # as typed: "MAths" is not "maths"
    return bool(word.strip()) and any(pattern.search(normal(t)) for t in texts)


def _inside(excerpt: str, recorded: list[str]) -> bool:
    needle = normal(excerpt).casefold().strip()
    return bool(needle) and any(needle in text for text in recorded)


def check_recorded(text: str, ctx: ProofContext, settings: ProofreadConfig) -> list[Finding]:
    """What ``remark`` and ``debrief`` say about a text the user records: spelling,
    doubled words and lower-case "i", all as warnings (the words are the user's, and
    a draft quoting them is never blocked for them later). A word the dictionary lacks
    and a capitalised word taken for a name are said here, once: the draft quoting them
    does not repeat it (``_told_at_remark``)."""
    validate_settings(settings)
    doc = Document.parse("", normal(text), ProofContext())
    dictionary = load_dictionary(settings.language)
    found = []
    for check in ("spelling", "doubled-word"):
        if check in settings.disable:
            continue
        found += [Finding(f.check, WARNING, f.excerpt, f.message, f.hint)
                  for f in _CHECKERS[check](doc, ctx, settings, Policy(), dictionary)
                  if f.severity == ERROR or f.check == "spelling"]
    return found


def proofread_message(
    msg: Message, ctx: ProofContext, settings: ProofreadConfig, policy: Policy
) -> list[Finding]:
    """Check an email message: its Subject and its plain-text body (HTML reduced to
    text when there is no plain part). When ``ctx.kind`` is ``"other"`` the kind is
    taken from the ``X-Mailflow-Key`` header's prefix."""
    if ctx.kind == "other":
        kind = str(msg.get(KEY_HEADER, "")).strip().split(".", 1)[0]
        if kind in KINDS:
            ctx = dataclasses.replace(ctx, kind=kind)
    ctx = dataclasses.replace(ctx, attachments=attachment_count(msg))
    return proofread(str(msg.get("Subject", "")), body_text(msg), ctx, settings, policy)


def attachment_count(msg: Message) -> int:
    return len(list(msg.iter_attachments())) if msg.is_multipart() and hasattr(msg, "iter_attachments") else 0


def proofread_file(
    path: pathlib.Path, ctx: ProofContext, settings: ProofreadConfig, policy: Policy
) -> list[Finding]:
    """Check a message the user edited: an ``.eml`` file, or plain text whose first line
    may be ``Subject: ...``. Raises ``NotFoundError`` naming the file when it is missing
    or unreadable."""
    path = pathlib.Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(
            f"{path}: no such file", hint="give the path of an .eml or a plain-text message"
        ) from None
    except OSError as exc:
        raise NotFoundError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if path.suffix.lower() == ".eml":
        msg = email.message_from_bytes(data, policy=email.policy.default)
        return proofread_message(msg, ctx, settings, policy)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotFoundError(
            f"{path}: not UTF-8 text", hint="save the message as UTF-8, or as an .eml file"
        ) from None
    headers, text = split_headers(text)
    return proofread(headers.get("subject", ""), text, ctx, settings, policy)


_HEADER_LINE = re.compile(r"^(to|subject|cc|bcc|from|date|reply-to|in-reply-to|references):[ \t]*(.*)$",
                          re.IGNORECASE)


def split_headers(text: str) -> tuple[dict[str, str], str]:
    """A plain-text message's leading ``Name: value`` lines (To, Subject, Cc, From, ...),
    by lower-case name, and the body after them (and after the blank line that ends
    them). Text that does not start with such a line is all body."""
    lines = text.split("\n")
    headers: dict[str, str] = {}
    i = 0
    while i < len(lines):
        m = _HEADER_LINE.match(lines[i].rstrip("\r"))
        if not m:
            break
        headers.setdefault(m.group(1).lower(), m.group(2).strip())
        i += 1
    if headers and i < len(lines) and not lines[i].strip():
        i += 1
    return headers, "\n".join(lines[i:])


# --------------------------------------------------------------------------- checks


def _check_placeholders(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    allowed = {squash(p) for p in ctx.allowed_placeholders}
    allowed |= {squash(p.strip()[1:-1]) for p in ctx.allowed_placeholders
                if p.strip()[:1] == "[" and p.strip()[-1:] == "]"}
    out = []
    text = doc.text("greeting", "body", "closing", "signature")
    for m in PLACEHOLDER.finditer(text):
        found = m.group()
        if found.startswith("[") and (squash(found) in allowed or squash(found[1:-1]) in allowed):
            out.append(Finding(
                "placeholder", WARNING, found,
                "This draft has a placeholder to fill in before sending.",
                "replace the bracketed text with your own words, then send",
            ))
        else:
            out.append(Finding(
                "placeholder", ERROR, found,
                f"Unresolved placeholder or template syntax {short(found)!r} is left in the text.",
                "fill in the value or remove it (in a template: check the variable name)",
            ))
    return out


def _check_spelling(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    known = known_tokens(ctx, settings)
    # the name check owns the greeting's name
    text = doc.prose(without_greeting_name=bool(ctx.recipient_name))
    text = mask(text)
    worst: dict[str, Finding] = {}
    out = _lowercase_i(text) + _two_capitals(text, dictionary)
    quoted = [q.span() for q in _QUOTED_SPAN.finditer(text)]
    for m in WORD.finditer(text):
        word = m.group()
        if len(word) < 2 or (word.isupper()) or _TWO_CAPITALS.fullmatch(word):
            continue  # "I", "a"; acronyms; "THe" is reported above
        if "-" in word and dictionary.known_form(word.lower(), known):
            continue  # "multi-region", "post-mortems"
        for part in word.split("-"):
            finding = _spell_one(part, text, m.start(), known, dictionary)
            if finding is None:
                continue
            if finding.severity == ERROR:
                finding = _foreign(finding, part, text, m, quoted, dictionary) or finding
            key = part.lower()
            if key not in worst or (finding.severity == ERROR and worst[key].severity != ERROR):
                worst[key] = finding
    return out + list(worst.values())


#: a quotation or an italic span: the quoted person's words, or a phrase of another
#: language set off as such ("Bore da", *mise en place*, _ex parte_)
_QUOTED_SPAN = re.compile(r"\"[^\"\n]+\"|“[^”\n]+”|‘[^’\n]+’|(?<![\w'’])'[^'\n]+'(?![\w'’])"
                          r"|(?<![\w*])\*(?=[^\W_])[^*\n]+\*(?![\w*])|(?<![\w_])_(?=[^\W\d_])[^_\n]*[^\W_]_(?![\w_])")


def _foreign(finding: Finding, part: str, text: str, m: re.Match, quoted: list[tuple[int, int]],
             dictionary: Dictionary) -> Finding | None:
    """A word no English dictionary knows inside a quotation or italics that holds no English
    function word (a foreign phrase, not an English sentence with a typo), or in a pair of
    words that reads as Latin or another language's ("bona fide", "ex parte", "in loco
    parentis"): a warning, not a misspelling. A pair reads so when the word beside it is no
    English function word and either has no part of speech in the lexicon ("bona", "de",
    "ad") or is, like this word, a word of the Italian list pyspellchecker ships (Latin's
    nearest living descendant: "ex", "ultra", "loco")."""
    from mailflow.compose import words

    inside = [text[start:end] for start, end in quoted if start < m.start() < end]
    if inside and not any(words.is_function_word(w) for w in re.findall(r"[a-z]+", inside[0].lower())):
        # "Bore da", *mise en place*: no English function word, so no English sentence quoted;
        # 'data is a prodcut' is English with a typo in it
        return dataclasses.replace(finding, severity=WARNING, message=f"{part!r} is not in the dictionary "
                                   "(quoted or set in italics with no English around it: taken for another "
                                   "language).")

    # a letter with an accent English spelling does not use, in the word or the one beside it
    # ("façade", "rôle", "déjà vu", "vis-à-vis", "raison d'être"): a loan word, not a typo
    near = [g.group(1) for g in (re.search(r"([^\W\d_]+)[\s'’-]+$", text[max(0, m.start() - 30):m.start()]),
                                 re.match(r"[\s'’-]+([^\W\d_]+(?:['’-][^\W\d_]+)*)", text[m.end():m.end() + 30]))
            if g]
    if not m.group().isascii() or any(not w.isascii() for w in near):
        return dataclasses.replace(finding, severity=WARNING, message=f"{part!r} is not in the dictionary "
                                   "(written with an accent: taken for a loan word).")
    low = part.lower()
    before = re.search(r"(?<![\w'’-])([a-z]+)[ \t]+$", text[max(0, m.start() - 30):m.start()])
    after = re.match(r"[ \t]+([a-z]+)(?![\w'’-])", text[m.end():m.end() + 30])
    for beside in (g.group(1) for g in (before, after) if g):
        if words.is_function_word(beside) or not dictionary.known(beside) and beside not in _latin_words():
            continue
        if not words.lemmas(beside) and dictionary.frequency(beside) < _EVERYDAY or (
                low in _latin_words() and beside in _latin_words()):
            return dataclasses.replace(finding, severity=WARNING, message=f"{part!r} is not in the dictionary "
                                       f"(read as part of a phrase in another language, beside {beside!r}).")
    return None


#: how often an everyday word without a part of speech is met ("three", "cannot", "oh"):
#: a word beside an unknown one that is this common is English, not a loan
_EVERYDAY = 150_000


@functools.lru_cache(maxsize=1)
def _latin_words():
    from mailflow.proofread.dictionary import _frequencies

    return _frequencies("it")


_LOWER_I = re.compile(r"(?<![\w.'’-])i(?:['’](?:m|ve|d|ll))?(?![\w.'’-])")
_TWO_CAPITALS = re.compile(r"[A-Z]{2}[a-z]{2,}|[A-Z]{2}[a-z](?=\b)")


def _lowercase_i(text: str) -> list[Finding]:
    found = dict.fromkeys(m.group() for m in _LOWER_I.finditer(text))
    return [Finding("spelling", ERROR, word, f"{word!r}: the pronoun is written with a capital I.",
                    f"write {'I' + word[1:]!r}") for word in found]


def _two_capitals(text: str, dictionary: Dictionary) -> list[Finding]:
    """"THe", "INterview": a word typed with the shift key held a letter too long."""
    out = []
    for m in re.finditer(r"(?<![\w'’-])[A-Z]{2}[a-z]+(?![\w'’])", text):  # "MIxed-attainment" too
        word = m.group()
        if word[2:] == "s" or not dictionary.known_form(word.lower()):
            continue  # "IDs", "PRs": plural acronyms; "MOdel" that is no word stays with spelling
        fixed = word[0] + word[1:].lower()
        out.append(Finding("spelling", ERROR, word, f"{word!r} has two capital letters at the start.",
                           f"write {fixed!r}"))
    return out


def _spell_one(part, text, start, known, dictionary) -> Finding | None:
    low = part.lower()
    if len(low) < 2 or low in known:
        return None
    stem = low[:-2] if low.endswith("'s") else low
    if stem in known or dictionary.known_form(stem, known) or _plural_known(stem, dictionary):
        return None
    capital = part[:1].isupper()
    inner_caps = any(c.isupper() for c in part[1:])
    if inner_caps or (capital and not _sentence_start(text, start)):
        return _proper_noun(part)
    if dictionary.derived(stem, known):
        return None  # "wireframes", "safeguarding": built of known words, one letter from none
    suggestions = dictionary.suggestions(stem)
    if capital and not suggestions:
        return _proper_noun(part)  # "Kubernetes is ...": a name, not a typo
    if not suggestions and len(stem) >= 5:
        suggestions = near_common(stem, dictionary.base)  # "greatful": two slips from a common word
    if not suggestions:
        return Finding(  # a word the dictionary does not know and no typo of one: a trade word, perhaps
            "spelling", WARNING, part, f"{part!r} is not in the dictionary, and no word is one letter from it.",
            "check it; if it is right, add it to [proofread] words to silence this")
    hint = (
        f"did you mean {' or '.join(repr(s) for s in suggestions)}? "
        if suggestions else "no close suggestion; "
    ) + "if the word is right, add it to [proofread] words"
    return Finding("spelling", ERROR, part, f"{part!r} is not in the dictionary.", hint)


def _proper_noun(part: str) -> Finding:
    return Finding(
        "spelling", WARNING, part,
        f"{part!r} is not in the dictionary (taken for a name).",
        "check how it is written; add it to [proofread] words to silence this",
    )


def _plural_known(word: str, dictionary: Dictionary) -> bool:
    if len(word) < 5 or not word.endswith("s"):
        return False
    return dictionary.known(word[:-1]) or (word.endswith("es") and dictionary.known(word[:-2]))


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'(\u201c*-\u2022")
    return not before or before[-1] in ".!?\n"


#: the titles a greeting may put before a family name: ``rules.names.TITLES``, as written
#: ("Dr", "Dr.", "Cllr", "Capt."); a rank the invite shows by its shape ("DCI", "Supt.")
#: is added per name (``read_name``)
_TITLES = tuple(sorted({t for title in NAME_TITLES - GIVEN_TITLES
                        for t in (title.capitalize(), title.capitalize() + ".")}))
_GENERIC = {"there", "all", "team", "everyone", "everybody", "folks", "hiring manager",
            "hiring team", "sir or madam", "sir/madam", "recruiter", "recruiting team"}


def _check_name(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    if not ctx.recipient_name or doc.greeting_name is None:
        return []
    wanted = squash(ctx.recipient_name)
    got = squash(doc.greeting_name)
    if PLACEHOLDER.search(got):
        return []  # the placeholder check reports it
    forms = _name_forms(wanted, ctx.recipient_email)
    if ctx.greeting.strip():
        forms = sorted({*forms, squash(ctx.greeting)}, key=lambda f: (len(f), f))
    if got in forms:
        return []
    if is_role_mailbox(ctx.recipient_email) and (got.lower().endswith(" team") or got.lower() in ("hello", "hi", "")):
        return []  # a mailbox a team reads is greeted as the team
    ratio = {f: difflib.SequenceMatcher(None, _fold(got), _fold(f)).ratio() for f in forms}
    close = max(forms, key=ratio.__getitem__)
    if ratio[close] >= 0.75:
        message = f"The greeting writes {got!r}, but the invite spells the name {close!r}."
    elif not got or got[0].islower() or got.lower() in _GENERIC:
        return [Finding(
            "name", WARNING, got or doc.greeting_name,
            f"The greeting does not name the recipient, {wanted}.",
            f"greet them by name, as on the invite: {wanted!r}",
        )]
    else:
        message = f"The greeting names {got!r}, but this message is for {wanted!r}."
    return [Finding("name", ERROR, got, message,
                    f"write the name exactly as on the invite: {close!r}")]


#: the particles of surnames, which stay with them after a title
_PARTICLES = frozenset("ap ab van von der den de del della da di du dos das le la ní nic ó ui uí bin binti al el ter ten".split())


def _name_forms(name: str, email: str = "") -> list[str]:
    """Greetings that use a name as written: leading parts, title + trailing parts; for
    a name written family name first ("Nguyễn Thị Lan", see ``rules.names``), the given
    name, the full name, and a title with the family name or the full name."""
    parsed = read_name(name, email)
    if parsed.family_first:
        forms = {name, parsed.full, parsed.given}
        titles = tuple(dict.fromkeys((*_TITLES, parsed.title))) if parsed.title else _TITLES
        for title in titles:
            forms |= {f"{title} {parsed.family}", f"{title} {' '.join(parsed.full.split()[-len(name.split()):])}"}
        return sorted(forms, key=lambda f: (len(f), f))
    forms = {name}
    if "," in name:  # "O'Brien, Zoë" as some directories write it
        last, _, first = name.partition(",")
        name = squash(f"{first} {last}")
        forms.add(name)
    parts = name.split()
    titles = _TITLES
    if len(parts) > 1 and read_name(name, email).title == parts[0]:
        forms.add(name)
        titles = tuple(dict.fromkeys((*_TITLES, parts[0])))  # "Cllr. Mulvaney", "Supt. Okafor", "DCI Hale"
        parts = parts[1:]
    for k in range(1, len(parts) + 1):
        forms.add(" ".join(parts[:k]))
    for k in range(len(parts)):
        if k and parts[k - 1].casefold() in _PARTICLES:
            continue  # "ap Rhys", "van der Berg": the surname keeps its particle ("Mr ap Rhys", never "Mr Rhys")
        for title in titles:
            forms.add(f"{title} {' '.join(parts[k:])}")
    return sorted(forms, key=lambda f: (len(f), f))


def _fold(text: str) -> str:
    """Case and accents aside: "Zoë" and "zoe" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=4096)
def _phrase(name: str, flags: int = re.IGNORECASE) -> re.Pattern:
    """Whole-word pattern for a name; any run of spaces matches any other."""
    body = r"\s+".join(re.escape(p) for p in name.split())
    return re.compile(rf"(?<![\w]){body}(?![\w])", flags)


@functools.lru_cache(maxsize=None)
def _key_word(name: str) -> tuple[str, str]:
    """(the name squashed, its longest word lower-cased: "" when it has none)."""
    squashed = squash(name)
    words = re.findall(r"\w+", squashed)
    return squashed, max(words, key=len).lower() if words else ""


def _named_in(text: str, names: tuple[str, ...]) -> list[str]:
    """Those of ``names`` that may be written in ``text`` (squashed, each once, in
    order). A name matches its whole-word pattern only where each of its words is a
    whole word of the text, so only names whose longest word is one get a pattern:
    a message costs a look-up per company, not a pattern per company."""
    words = {w.lower() for w in re.findall(r"\w+", text)}
    words |= {w.casefold() for w in words} | {""}
    found = (_key_word(n) for n in names if n.strip())
    return list(dict.fromkeys(squashed for squashed, word in found if word in words))


_PUNCTUATION = "\"'()[]{}<>.,;:!?*\u201c\u201d\u2018\u2013\u2014-"


def _windows(text: str, size: int) -> Iterable[tuple[str, int, int]]:
    """Runs of ``size`` consecutive words on one line, edge punctuation dropped,
    with their start and end offsets."""
    offset = 0
    for line in text.split("\n"):
        words = [
            (m.group().strip(_PUNCTUATION).removesuffix("'s"), offset + m.start(), offset + m.end())
            for m in re.finditer(r"\S+", line)
        ]
        raw = [m.group() for m in re.finditer(r"\S+", line)]
        for i in range(len(words) - size + 1):
            run = words[i : i + size]
            # never across punctuation: "Meadowview. Your" is two sentences, not a name
            if any(re.search(r"[.,;:!?)\]\u2014\u2013]$", r) for r in raw[i : i + size - 1]):
                continue
            yield " ".join(w for w, _, _ in run), run[0][1], run[-1][2]
        offset += len(line) + 1


_ADDRESS = re.compile(r"[^\s@]{1,64}@[^\s@]{1,255}\.\w+|\b(?:https?://|www\.)\S+")  # within an address's limits


def _check_company(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    if not ctx.company:
        return []
    company = squash(ctx.company)
    text = mask(doc.prose(), _ADDRESS)  # "gareth@copperleaf.example" is an address, not the name misspelt
    mentions = list(_phrase(company).finditer(text))
    out = [Finding(
        "company", ERROR, found,
        f"The company is written {found!r}, not as recorded ({company!r}).",
        f"write {company!r}",
    ) for found in dict.fromkeys(m.group() for m in mentions)
        if found != company and not (found.islower() and _everyday(company.casefold(), settings.language))]
    # "the board wants ..." in the note for a company named "Board": the word, not the name
    others = [_phrase(o) for o in _named_in(text, ctx.other_companies)]
    near = _near_misses(text, company, others, [m.span() for m in mentions], threshold=0.8)
    out += [Finding(
        "company", ERROR, w,
        f"{w!r} looks like a misspelling of the company, {company!r}.",
        f"write {company!r}",
    ) for w in near]
    if not mentions and not near and ctx.kind == "thank_you":
        out.append(Finding(  # what mailflow composes, not a fault of a note the user wrote
            "company", WARNING, "",
            f"The note does not name the company, {company!r}.",
            "name the company in the subject or the body (T4)",
        ))
    return out


def _check_role(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    if not ctx.role:
        return []
    role = squash(ctx.role)
    text = doc.prose()
    mentions = [m.span() for m in _phrase(role).finditer(text)]
    if ctx.company.strip():  # "Pharmacy" in "Bluefin Pharmacy" is the company's name, not the role misspelt
        mentions += [m.span() for m in _phrase(squash(ctx.company)).finditer(text)]
    near = [w for w in _near_misses(text, role, [], mentions, threshold=0.75) if not _another_word(w, role)]
    out = [Finding(
        "role", ERROR, w,
        f"The role is written {w!r}, but it is recorded as {role!r}.",
        f"write {role!r}",
    ) for w in near]
    if not near and not mentions and ctx.kind == "thank_you":
        out.append(Finding(
            "role", WARNING, "",
            f"The note does not name the role, {role!r}.",
            "name the role in the subject or the body (T4)",
        ))
    return out


def _another_word(window: str, name: str) -> bool:
    """Whether a near miss of ``name`` is the name in the plural ("Quality Managers"),
    not a slip ("Quality Manger") or another role ("Data Engineering")."""
    pairs = list(zip(window.casefold().split(), name.casefold().split()))
    return len(pairs) == len(name.split()) and all(
        w == n or (w.startswith(n) and w[len(n):] in ("s", "es", "'s", "’s")) for w, n in pairs)


def _near_misses(text, name, skip, mentions, threshold) -> list[str]:
    """Capitalised runs of words close to ``name`` but not it (case aside), away from
    its ``mentions`` (spans) and from names matched by the ``skip`` patterns."""
    size = len(name.split())
    target = name.casefold()
    found: list[str] = []
    for window, start, end in _windows(text, size):
        if not window[:1].isupper() or window.casefold() == target or window in found:
            continue
        if all(p[:1].isupper() for p in name.split()) and not all(p[:1].isupper() for p in window.split()):
            continue  # "Meadowview and": a name's words are all capitalised
        if any(start < b and a < end for a, b in mentions):
            continue
        if any(p.fullmatch(window) for p in skip):
            continue
        candidate = window.casefold()
        if 2 * min(len(candidate), len(target)) < threshold * (len(candidate) + len(target)):
            continue  # lengths alone rule it out (difflib's real_quick_ratio, cheaper)
        matcher = difflib.SequenceMatcher(None, candidate, target)
        if matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold:
            found.append(window)
    return found


def _check_other_company(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    this = squash(ctx.company).casefold()
    text = doc.text("greeting", "body", "closing", "quoted")
    # "Block" inside this message's own role "Block Storage Engineer" is no other company
    own = [
        m.span()
        for name in (ctx.company, ctx.role) if name.strip()
        for m in _phrase(squash(name)).finditer(text)
    ]
    out = []
    for other in _named_in(text, ctx.other_companies):
        low = other.casefold()
        if not low or low == this or (this and _phrase(other).search(this)):
            continue
        common = _is_common(low, settings.language)
        pattern = _phrase(other, 0) if common else _phrase(other)
        for m in pattern.finditer(text):
            if any(a <= m.start() and m.end() <= b for a, b in own):
                continue
            # a capital at the start of a sentence says nothing about an everyday word
            # ("Square"), but a rare one ("Tessellate") is far more often the company
            everyday = common and _everyday(low, settings.language)
            severity = WARNING if everyday and _sentence_start(text, m.start()) else ERROR
            out.append(Finding(
                "other-company", severity, m.group(),
                f"The message names {other!r}, another company in your pipeline"
                + (f", in a message to {ctx.company!r}." if ctx.company else "."),
                f"remove {m.group()!r}: a message to one employer never mentions another",
            ))
    return out


@functools.lru_cache(maxsize=None)
def _is_common(name: str, language: str) -> bool:
    """Whether every word of a (lower-case) name is an ordinary dictionary word."""
    words = tokens(name)
    return bool(words) and all(load_dictionary(language).known(w) for w in words)


@functools.lru_cache(maxsize=None)
def _everyday(name: str, language: str) -> bool:
    """Whether every word of a (lower-case) name is a frequent word of the language."""
    dictionary = load_dictionary(language)
    return all(dictionary.frequency(w) >= 5000 for w in tokens(name))


def _limits(kind: str, policy: Policy) -> tuple[int | None, int | None, int | None]:
    """(max lines, max words, max characters) for a kind."""
    if kind == "thank_you":
        return policy.thank_you.max_lines, policy.thank_you.max_words, None
    if kind == "follow_up":
        # as many words a line as a thank-you allows
        words = round(policy.thank_you.max_words * policy.follow_up.max_lines / max(policy.thank_you.max_lines, 1))
        return policy.follow_up.max_lines, words, None
    if kind in ("withdrawal", "rejection_reply", "offer_timing"):
        return 6, 120, None
    if kind == "linkedin_note":
        return None, None, 300
    return None, None, None


def _check_length(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    max_lines, max_words, max_chars = _limits(ctx.kind, policy)
    kind = ctx.kind.replace("_", " ")
    out = []
    lines = doc.counted()
    if max_lines is not None and len(lines) > max_lines:
        out.append(Finding(
            "length", ERROR, short(lines[max_lines]),
            f"A {kind} is at most {max_lines} lines; this one has {len(lines)}.",
            "cut or merge lines (greeting, closing and signature do not count)",
        ))
    if max_words is not None:
        words = [w for ln in lines for w in ln.split() if any(c.isalnum() for c in w)]
        if len(words) > max_words:
            strict = ctx.kind in ("thank_you", "follow_up")  # T3 and F4: short is the point
            severity = ERROR if strict or len(words) > max_words * 1.25 else WARNING
            out.append(Finding(
                "length", severity, short(" ".join(words[max_words:])),
                f"A {kind} is about {max_words} words at most; this one has {len(words)}.",
                "shorten it: one idea per sentence, no repetition",
            ))
    if max_chars is not None:
        body = "\n".join(ln.text for ln in doc.lines).strip()
        if len(body) > max_chars:
            out.append(Finding(
                "length", ERROR, short(body[max_chars:]),
                f"A {kind} is at most {max_chars} characters; this one has {len(body)}.",
                f"cut {len(body) - max_chars} characters",
            ))
    return out


def _check_banned(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    text = doc.prose()
    out = [Finding(
        "banned-phrase", ERROR, m.group(),
        f"{m.group()!r} reads as impatient.",
        "confirm your interest and offer more information instead (F4)",
    ) for m in phrases.THIRSTY.finditer(text)]
    for m in phrases.URGENT.finditer(text):
        # "I can send them without delay", "my urgent care competencies": the candidate's own
        # speed or thing, no pressure on the reader
        own = _own_speed(text[_sentence_start_at(text, m.start()):m.start()]) or (m.group().lower() == "urgent" and _names_a_kind(text[m.end():]))
        severity = ERROR if ctx.kind == "follow_up" and not own else WARNING
        out.append(Finding(
            "banned-phrase", severity, m.group(),
            f"{m.group()!r} puts pressure on the reader." if not own else f"{m.group()!r} may read as pressure.",
            "drop the urgency word; let them answer in their own time",
        ))
    for m in phrases.DESPERATE.finditer(text):
        # "desperate" of someone else ("clients ... desperate by then", "the charities I wrote
        # for were desperate for money") describes them, not the candidate's tone
        # only the clause's reach is read on either side, so a long run of matches costs linear time
        reach = max(0, m.start() - _DESPERATE_REACH)
        theirs = m.group().lower().startswith("desperate") and not _said_of_oneself(
            text[max(max(text.rfind(c, reach, m.start()) for c in ".!?\n") + 1, reach):m.start()],
            text[m.end():m.end() + 40])
        out.append(Finding(
            "banned-phrase", WARNING if theirs else ERROR, m.group(),
            f"{m.group()!r} may read as desperate." if theirs else f"{m.group()!r} sounds desperate.",
            "say what you would bring to the team and that you remain interested; confidence reads better",
        ))
    return out


#: how far before "desperate" its subject and verb are looked for (characters)
_DESPERATE_REACH = 300
_FIRST_PERSON = frozenset("i i'm i’m i've i’ve i'd i’d me myself".split())


def _said_of_oneself(before: str, after: str) -> bool:
    """Whether "desperate(ly)" is said of the candidate: the verb before it ("am", "feel",
    "was" ...) has "I" for its subject, or, with no verb before it, the candidate is the
    clause's only person ("I desperately want", "desperate to join"). A verb whose subject
    is someone else ("clients ... were", "and usually desperate by then" after "you are
    right that ...") makes it theirs."""
    from mailflow.compose import words

    tokens = re.findall(r"[\w'’]+|[,;:—–]", before.lower())
    while tokens and (tokens[-1] in ("so", "very", "really", "quite", "rather", "a", "bit", "little", "truly",
                                     "often", "usually", "always", "sometimes", "getting", "becoming")
                      or tokens[-1].endswith("ly") and words.can_be(tokens[-1], "ADV")):
        tokens.pop()
    if tokens and tokens[-1] in _FIRST_PERSON:
        return True  # "I desperately want", "made me desperate"
    if tokens and (tokens[-1] in words.AUXILIARIES or words.is_finite(tokens[-1]) or tokens[-1] in ("feel", "seem")):
        return len(tokens) >= 2 and tokens[-2] in _FIRST_PERSON or tokens[-1] in ("am", "'m", "’m")
    clause = []
    for t in reversed(tokens):
        if t in (",", ";", ":", "—", "–", "and", "but", "that", "because"):
            break
        clause.append(t)
    if not clause:
        clause = list(reversed(tokens))  # "..., and usually desperate by then": the clause before's subject
    people = [t for t in clause if t in words.PRONOUNS or t in _FIRST_PERSON or words.is_plural_noun(t)]
    if not people:
        return not re.match(r"\s+[a-z]+s\b", after) or bool(re.match(r"\s+(?:to|for\s+(?:this|the|a|an|any))\b", after))
    return people[0] in _FIRST_PERSON


_CAPS_RUN = re.compile(r"(?<![\w'-])[A-Z][A-Z']+(?:[ \t]+[A-Z][A-Z']+)*(?![\w'-])")
_BANGS = re.compile(r"!{2,}|[!?]*(?:\?!|!\?)[!?]*")


def _check_shouting(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    known = known_tokens(ctx, settings)
    text = doc.prose()
    out = []
    for m in _CAPS_RUN.finditer(text):
        words = m.group().split()
        loud = [w for w in words if _is_loud(w, known, dictionary)]
        if loud and len(loud) < len(words) and all(len(w) <= 4 for w in loud):
            continue  # "NMC PIN", "DBS check ID": short words in a run of acronyms are acronyms too
        if loud and (len(words) > 1 or len(loud[0]) >= 3):
            out.append(Finding(
                "shouting", ERROR, m.group(),
                f"{m.group()!r} is written in capitals, which reads as shouting.",
                "write it in ordinary case; keep capitals for acronyms",
            ))
    out += [Finding(
        "shouting", ERROR, m.group(),
        f"{m.group()!r} reads as shouting.",
        "end the sentence with one full stop or one exclamation mark",
    ) for m in _BANGS.finditer(text)]
    return out


def _is_loud(word: str, known: frozenset[str], dictionary: Dictionary) -> bool:
    low = word.lower()
    if low in known or low in _ACRONYMS:
        return False
    return dictionary.frequency(low.removesuffix("'s")) >= 1000


# Acronyms that happen to be dictionary words.
_ACRONYMS = {"it", "us", "ok", "pm", "am", "hr", "ai", "ceo", "cto", "cfo", "coo", "vp", "ml",
             "ui", "ux", "qa", "faq", "aws", "sql", "nosql", "gpu", "cpu", "ram", "ios", "seo",
             "roi", "kpi", "b2b", "saas", "mba", "phd", "cv", "pr", "re", "fw", "fyi"}


def _check_apology(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    text = doc.prose()
    out = []
    found = list(phrases.APOLOGY.finditer(text))
    for m in found:
        sentence = _sentence_at(text, m.start())
        alone = sum(_sentence_at(text, o.start()) == sentence for o in found) == 1  # "I regret not ..., and I apologise for"
        # a withdrawal may apologise for the inconvenience, any note for "the short notice"
        # (a thing, not the candidate's doing); nobody apologises for an answer
        about_a_thing = alone and (_COURTESY_OBJECT.match(text, m.end()) or _OMITTED_THING.match(text, m.end())
                                   or _practical_mishap(m, text))
        courtesy = (ctx.kind in ("withdrawal", "rejection_reply") or about_a_thing) \
            and not phrases.PERFORMANCE.search(sentence)
        out.append(Finding(
            "apology", WARNING if courtesy else ERROR, m.group().strip(),
            f"{short(m.group().strip())!r} apologises instead of building on the answer.",
            "add to the answer positively: \"To add to my answer on X, ...\" (T6)",
        ))
    return out


#: after "I apologise for": a thing named with an article ("the short notice", "any
#: inconvenience"), not the candidate's own doing ("the way I ...")
_COURTESY_OBJECT = re.compile(r"\s*(?:the|any|this|that)\s+(?!way\b|fact\b)(?:[\w-]+\s+){0,2}?[\w-]+\s*(?:[,.;!]|\s+(?:but|and|as|in|on|to)\b)",
                              re.IGNORECASE)


#: after "I apologise for": a thing the candidate did not have or send to hand ("not having
#: my renewal date to hand"): an -ing form with an object, not "not being clearer"
_OMITTED_THING = re.compile(r"\s*not\s+(?!being\b)[a-z]+ing\s+(?:my|the|a|an|this|that|these|those)\s+[\w-]+",
                            re.IGNORECASE)


#: verbs of saying, thinking and preparing: a clause about the candidate that has one is
#: about what they said or could have said ("sorry that I didn't mention ...")
_ANSWERING = frozenset("say tell talk mention explain describe answer reply respond forget remember prepare think "
                       "know express word put ask cover raise bring discuss show give speak elaborate clarify "
                       "articulate recall realise realize".split())


def _practical_mishap(m: re.Match, text: str) -> bool:
    """"I apologise that my referees can only be contacted from next week", "sorry that I
    joined the call late": an apology whose clause has the candidate's thing or doing for
    its subject ("that my ...", "that I ...") and says nothing of what was said: no verb
    of saying, thinking or preparing in it (the sentence's words of answers and the
    interview are read by the caller)."""
    from mailflow.compose import words

    if not re.search(r"\b(?:my|I)$", m.group().strip()):
        return False
    clause = re.split(r"[.;:!?\n]|,\s*(?:and|but)\b", text[m.end():], maxsplit=1)[0]
    return not any(words.verb_lemma(w).lower() in _ANSWERING
                   for w in re.findall(r"[A-Za-z'’]+", clause) if words.verb_lemma(w))


def _own_speed(before: str) -> bool:
    """Whether the words before an urgency word offer the candidate's own speed, or make
    it part of a thing of theirs ("my urgent care competencies"; not "my situation has
    become time-sensitive")."""
    from mailflow.compose import words

    found = phrases.OWN_SPEED.search(before)
    if found is None:
        return False
    if not found.group().lower().startswith("my"):
        return True
    # the word right after "my" is its noun ("my references from the urgent care centre")
    between = found.group().split()[2:]
    return not any(w.lower() in words.AUXILIARIES or words.is_finite(w) or words.is_past(w) for w in between)


def _names_a_kind(after: str) -> bool:
    """Whether the urgency word is the first word of a compound noun: two nouns follow it
    ("urgent care centre", "urgent treatment centre"): a kind of service, not a demand."""
    from mailflow.compose import words

    following = re.match(r"\s+([a-z]+)\s+([a-z]+)\b", after)
    return bool(following) and all(
        words.can_be(w, "NOUN") and not words.is_function_word(w) and w not in words.AUXILIARIES
        for w in following.groups())


def _sentence_start_at(text: str, at: int) -> int:
    return max(text.rfind(c, 0, at) for c in ".!?\n") + 1


def _sentence_at(text: str, at: int) -> str:
    start = max(text.rfind(c, 0, at) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, at) for c in ".!?\n") if i >= 0]
    return text[start: min(ends) if ends else len(text)]


_DOUBLED = re.compile(r"(?<![\w'’-])([^\W\d_]+)([ \t]+|[ \t]*\n[ \t]*)\1(?![\w'’-])", re.IGNORECASE)
#: doubles that are good English ("I think that that works", "she had had enough")
_GOOD_DOUBLES = {"that", "had", "bye", "so", "tsk", "no"}


def _check_doubled(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    out = []
    for m in _DOUBLED.finditer(doc.prose()):
        word = m.group(1)
        if word.lower() in _GOOD_DOUBLES or (word.isupper() and len(word) > 1):
            continue
        if "\n" in m.group(2) and m.group()[len(m.group()) - len(word):] != word:
            continue  # "... the\nThe ...": a new line that starts a sentence of its own
        out.append(Finding("doubled-word", ERROR, m.group(), f"{m.group()!r}: the word is written twice.",
                           f"write {word!r} once"))
    return out


_EMOJI = re.compile(
    "[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF\uFE0F\u200D\u203C\u2049\u3030\u303D"
    "\u3297\u3299\U0001F1E6-\U0001F1FF]+"
    r"|(?<![\w(:/])(?:[:;=]|8(?=-))-?[)(\]\[DPpOo3/\\|*]+(?![\w/])|(?<![\w<])<3(?!\w)|\^[_.-]?\^|(?<!\w)[xX]D(?!\w)"
)
#: symbols in that range that are punctuation in an ordinary letter
_NOT_EMOJI = set("\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022\u2190\u2192\u2191\u2193\u2714\u2713\u2605")


def _check_emoji(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    text = mask(doc.prose())
    out = []
    for m in _EMOJI.finditer(text):
        if set(m.group()) <= _NOT_EMOJI:
            continue
        out.append(Finding("emoji", ERROR, m.group(), f"{m.group()!r}: emoji and emoticons read as casual in a note to an employer.",
                           "remove it; let the words carry the warmth"))
    return out


def _check_salary(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    if ctx.kind not in ("thank_you", "follow_up"):
        return []
    return [Finding(
        "salary", ERROR, m.group(),
        f"{m.group()!r}: pay and benefits do not belong in a {ctx.kind.replace('_', '-')}.",
        "keep the note about the conversation; ask about pay and benefits with the recruiter, once there is an offer",
    ) for m in phrases.SALARY.finditer(doc.prose())]


def _check_wrong_date(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    if not ctx.interview_days:
        return []
    today = ctx.now.astimezone(policy.zone).date() if ctx.now is not None else None
    return [Finding(
        "wrong-date", ERROR, found.text,
        f"{found.text!r} does not match the interview: {found.problem}.",
        "write the day of the interview, or \"today\"/\"yesterday\" when that is when it was",
    ) for found in wrong_dates(_without_names(_own_words(mask(doc.prose()), doc.subject), ctx), ctx.interview_days,
                               today, reply_to_news=ctx.kind == "rejection_reply",
                               times=tuple((a.astimezone(policy.zone), b.astimezone(policy.zone))
                                          for a, b in ctx.interview_times),
                               timeline=ctx.timeline_days)]


def _without_names(text: str, ctx: ProofContext) -> str:
    """The text with the role and the company blanked: "the 2nd Officer role" names no date."""
    for name in (ctx.role, ctx.company):
        if name.strip():
            text = _phrase(squash(name)).sub(lambda m: " " * len(m.group()), text)
    return text


def _own_words(text: str, subject: str) -> str:
    """The prose with a reply's subject blanked: "Re: Thank you for today's interview" is
    the thread's, written the day of the first message, not this note's own date."""
    if re.match(r"^\s*(?:re|aw|sv|fwd?)\s*:", subject, re.IGNORECASE) and text.startswith(subject):
        return " " * len(subject) + text[len(subject):]
    return text


def _check_grammar(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    from mailflow.proofread import grammar

    return grammar.check(doc, settings)


#: a note saying it carries a file
_SAYS_ATTACHED = re.compile(
    r"\b(?:I['’]ve\s+attached|I\s+have\s+attached|(?:is|are)\s+attached(?!\s+to\b)|attached\s+(?:is|are|please\s+find|you['’]ll\s+find)|"
    r"please\s+find\s+(?:attached|enclosed)|I['’]m\s+attaching|I\s+am\s+attaching|I\s+attach|(?:is|are)\s+enclosed|"
    r"I['’]ve\s+enclosed|I\s+have\s+enclosed|enclosed\s+(?:is|are)|(?:see|find)\s+(?:the\s+)?attached|"
    r"the\s+attached\s+(?!to\b)[\w-]+|"
    r"(?:see|find)\s+(?:my|the|a|an)\s+(?:[\w-]+\s+){1,3}?(?:attached|enclosed)(?!\s+(?:to|with)\b))\b", re.IGNORECASE)


def _check_attachment(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    if ctx.attachments != 0:
        return []
    found = _SAYS_ATTACHED.search(doc.text("greeting", "body", "closing"))
    if not found:
        return []
    return [Finding("attachment", ERROR, found.group(), "The note says something is attached, but nothing is.",
                    "attach the file (mailflow remark ... --kind promised --file PATH), give a link, "
                    "or offer to send it")]


def _check_perspective(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    from mailflow.proofread import voice

    return voice.perspective(doc, ctx)


def _check_generic(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    from mailflow.proofread import voice

    return voice.generic(doc, ctx, dictionary)


_CHECKERS = {
    "placeholder": _check_placeholders,
    "spelling": _check_spelling,
    "name": _check_name,
    "company": _check_company,
    "role": _check_role,
    "other-company": _check_other_company,
    "length": _check_length,
    "banned-phrase": _check_banned,
    "shouting": _check_shouting,
    "apology": _check_apology,
    "doubled-word": _check_doubled,
    "emoji": _check_emoji,
    "salary": _check_salary,
    "wrong-date": _check_wrong_date,
    "grammar": _check_grammar,
    "attachment": _check_attachment,
    "perspective": _check_perspective,
    "generic": _check_generic,
}
