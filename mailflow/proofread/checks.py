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
    pyspellchecker's shipped dictionary, plus a small job-search vocabulary, British
    spellings of known American words, ``ctx.known_words`` (names, companies, roles),
    the recipient/company/role of ``ctx``, and ``[proofread] words``. Unknown lowercase
    words are errors with suggestions; capitalised words mid-sentence, words with inner
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
    (4), withdrawal and rejection_reply 6 lines / 120 words. Too many lines is an error;
    too many words is a warning ("about 120 words"), an error past 125 % of the limit.
    linkedin_note: 300 characters of body, an error.
banned-phrase
    "Thirsty" phrases (F4) are errors in every kind; urgency words ("ASAP", "urgent",
    "immediately") are errors in follow-ups and warnings elsewhere, where they can be
    innocent ("I was immediately drawn to ...").
shouting
    ALL-CAPS dictionary words ("THANK YOU", "VERY") and runs of exclamation marks
    ("!!"). Acronyms (all caps, not a dictionary word: "AWS", "SRE") and known words
    are fine.
apology
    Apologising for an answer (T6): "sorry for my answer", "I apologize for", "I regret
    not", "I wish I had answered better", ... An error, except in withdrawals and
    rejection replies, where a courtesy apology ("I apologize for any inconvenience") is
    normal: a warning there.

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

from mailflow.config import Policy, ProofreadConfig
from mailflow.errors import ConfigError, NotFoundError
from mailflow.model import KEY_HEADER
from mailflow.proofread.dictionary import Dictionary, known_tokens, load_dictionary
from mailflow.proofread.names import CHECKS, ERROR, KINDS, WARNING, Finding, ProofContext, settings_problem
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
    problem = settings_problem(settings.disable, settings.warn_only)
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
    for check in CHECKS:
        if check in settings.disable:
            continue
        for finding in _CHECKERS[check](doc, ctx, settings, policy, dictionary):
            if finding.severity == ERROR and check in settings.warn_only:
                finding = Finding(check, WARNING, finding.excerpt, finding.message, finding.hint)
            findings.append(finding)
    return findings


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
    return proofread(str(msg.get("Subject", "")), body_text(msg), ctx, settings, policy)


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
    subject = ""
    first, sep, rest = text.partition("\n")
    if first.lower().startswith("subject:"):
        subject, text = first[len("subject:") :].strip(), rest
    return proofread(subject, text, ctx, settings, policy)


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
    for m in WORD.finditer(text):
        word = m.group()
        if len(word) < 2 or (word.isupper()):
            continue  # "I", "a"; acronyms
        for part in word.split("-"):
            finding = _spell_one(part, text, m.start(), known, dictionary)
            if finding is None:
                continue
            key = part.lower()
            if key not in worst or (finding.severity == ERROR and worst[key].severity != ERROR):
                worst[key] = finding
    return list(worst.values())


def _spell_one(part, text, start, known, dictionary) -> Finding | None:
    low = part.lower()
    if len(low) < 2 or low in known:
        return None
    stem = low[:-2] if low.endswith("'s") else low
    if stem in known or dictionary.known(stem) or _plural_known(stem, dictionary):
        return None
    capital = part[:1].isupper()
    inner_caps = any(c.isupper() for c in part[1:])
    if inner_caps or (capital and not _sentence_start(text, start)):
        return _proper_noun(part)
    suggestions = dictionary.suggestions(stem)
    if capital and not suggestions:
        return _proper_noun(part)  # "Kubernetes is ...": a name, not a typo
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


_TITLES = ("Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Mx", "Mx.", "Dr", "Dr.", "Prof", "Prof.",
           "Professor")
_GENERIC = {"there", "all", "team", "everyone", "everybody", "folks", "hiring manager",
            "hiring team", "sir or madam", "sir/madam", "recruiter", "recruiting team"}


def _check_name(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    if not ctx.recipient_name or doc.greeting_name is None:
        return []
    wanted = squash(ctx.recipient_name)
    got = squash(doc.greeting_name)
    if PLACEHOLDER.search(got):
        return []  # the placeholder check reports it
    forms = _name_forms(wanted)
    if got in forms:
        return []
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


def _name_forms(name: str) -> list[str]:
    """Greetings that use a name as written: leading parts, title + trailing parts."""
    forms = {name}
    if "," in name:  # "O'Brien, Zoë" as some directories write it
        last, _, first = name.partition(",")
        name = squash(f"{first} {last}")
        forms.add(name)
    parts = name.split()
    if parts and parts[0] in _TITLES:
        forms.add(name)
        parts = parts[1:]
    for k in range(1, len(parts) + 1):
        forms.add(" ".join(parts[:k]))
    for k in range(len(parts)):
        for title in _TITLES:
            forms.add(f"{title} {' '.join(parts[k:])}")
    return sorted(forms, key=len)


def _fold(text: str) -> str:
    """Case and accents aside: "Zoë" and "zoe" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1024)
def _phrase(name: str, flags: int = re.IGNORECASE) -> re.Pattern:
    """Whole-word pattern for a name; any run of spaces matches any other."""
    body = r"\s+".join(re.escape(p) for p in name.split())
    return re.compile(rf"(?<![\w]){body}(?![\w])", flags)


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
        for i in range(len(words) - size + 1):
            run = words[i : i + size]
            yield " ".join(w for w, _, _ in run), run[0][1], run[-1][2]
        offset += len(line) + 1


def _check_company(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    if not ctx.company:
        return []
    company = squash(ctx.company)
    text = doc.prose()
    mentions = list(_phrase(company).finditer(text))
    out = [Finding(
        "company", ERROR, found,
        f"The company is written {found!r}, not as recorded ({company!r}).",
        f"write {company!r}",
    ) for found in dict.fromkeys(m.group() for m in mentions) if found != company]
    others = [_phrase(o) for o in ctx.other_companies if o.strip()]
    near = _near_misses(text, company, others, [m.span() for m in mentions], threshold=0.8)
    out += [Finding(
        "company", ERROR, w,
        f"{w!r} looks like a misspelling of the company, {company!r}.",
        f"write {company!r}",
    ) for w in near]
    if not mentions and not near and ctx.kind == "thank_you":
        out.append(Finding(
            "company", ERROR, "",
            f"The note does not name the company, {company!r}.",
            "name the company in the subject or the body (T4)",
        ))
    return out


def _check_role(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    if not ctx.role:
        return []
    role = squash(ctx.role)
    text = doc.prose()
    if _phrase(role).search(text):
        return []
    near = _near_misses(text, role, [], [], threshold=0.75)
    out = [Finding(
        "role", ERROR, w,
        f"The role is written {w!r}, but it is recorded as {role!r}.",
        f"write {role!r}",
    ) for w in near]
    if not near and ctx.kind == "thank_you":
        out.append(Finding(
            "role", ERROR, "",
            f"The note does not name the role, {role!r}.",
            "name the role in the subject or the body (T4)",
        ))
    return out


def _near_misses(text, name, skip, mentions, threshold) -> list[str]:
    """Capitalised runs of words close to ``name`` but not it (case aside), away from
    its ``mentions`` (spans) and from names matched by the ``skip`` patterns."""
    size = len(name.split())
    target = name.casefold()
    found: list[str] = []
    for window, start, end in _windows(text, size):
        if not window[:1].isupper() or window.casefold() == target or window in found:
            continue
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
    for other in dict.fromkeys(squash(o) for o in ctx.other_companies if o.strip()):
        low = other.casefold()
        if not low or low == this or (this and _phrase(other).search(this)):
            continue
        common = _is_common(low, settings.language)
        pattern = _phrase(other, 0) if common else _phrase(other)
        for m in pattern.finditer(text):
            if any(a <= m.start() and m.end() <= b for a, b in own):
                continue
            severity = WARNING if common and _sentence_start(text, m.start()) else ERROR
            out.append(Finding(
                "other-company", severity, m.group(),
                f"The message names {other!r}, another company in your pipeline"
                + (f", in a message to {ctx.company!r}." if ctx.company else "."),
                f"remove {m.group()!r}: a message to one employer never mentions another",
            ))
    return out


@functools.lru_cache(maxsize=1024)
def _is_common(name: str, language: str) -> bool:
    """Whether every word of a (lower-case) name is an ordinary dictionary word."""
    words = tokens(name)
    return bool(words) and all(load_dictionary(language).known(w) for w in words)


def _limits(kind: str, policy: Policy) -> tuple[int | None, int | None, int | None]:
    """(max lines, max words, max characters) for a kind."""
    if kind == "thank_you":
        return policy.thank_you.max_lines, policy.thank_you.max_words, None
    if kind == "follow_up":
        return policy.follow_up.max_lines, None, None
    if kind in ("withdrawal", "rejection_reply"):
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
            severity = ERROR if len(words) > max_words * 1.25 else WARNING
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


_THIRSTY = re.compile(
    r"\b(?:just\s+)?checking\s+in\b|\btouch(?:ing)?\s+base\b|\bcircl(?:e|ing)\s+back\b"
    r"|\b(?:as\s+)?per\s+my\s+(?:last|previous|earlier)\s+(?:e-?mail|message|note)\b"
    r"|\bI\s+(?:haven't|have\s+not|hadn't|'ve\s+not|still\s+haven't)\s+heard\s+back\b"
    r"|\bhaven't\s+heard\s+from\s+you\b|\bstill\s+waiting\b|\bjust\s+following\s+up\b"
    r"|\bfollowing\s+up\s+again\b|\bbumping\s+this\b|\bany\s+updates?\s*\?",
    re.IGNORECASE,
)
_URGENT = re.compile(
    r"\bASAP\b|\bA\.S\.A\.P\.?|\bas\s+soon\s+as\s+possible\b|\burgent(?:ly)?\b"
    r"|\bimmediately\b|\bright\s+away\b|\btime[- ]sensitive\b",
    re.IGNORECASE,
)


def _check_banned(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    text = doc.prose()
    out = [Finding(
        "banned-phrase", ERROR, m.group(),
        f"{m.group()!r} reads as impatient.",
        "confirm your interest and offer more information instead (F4)",
    ) for m in _THIRSTY.finditer(text)]
    severity = ERROR if ctx.kind == "follow_up" else WARNING
    out += [Finding(
        "banned-phrase", severity, m.group(),
        f"{m.group()!r} puts pressure on the reader.",
        "drop the urgency word; let them answer in their own time",
    ) for m in _URGENT.finditer(text)]
    return out


_CAPS_RUN = re.compile(r"(?<![\w'-])[A-Z][A-Z']+(?:[ \t]+[A-Z][A-Z']+)*(?![\w'-])")
_BANGS = re.compile(r"!{2,}|[!?]*(?:\?!|!\?)[!?]*")


def _check_shouting(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    known = known_tokens(ctx, settings)
    text = doc.prose()
    out = []
    for m in _CAPS_RUN.finditer(text):
        words = m.group().split()
        loud = [w for w in words if _is_loud(w, known, dictionary)]
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


_APOLOGY = re.compile(
    r"\b(?:I'm|I\s+am|I\s+was)?\s*(?:so\s+|very\s+|really\s+|truly\s+)?sorry\s+"
    r"(?:for|about|that)\s+(?:my|not|how\s+I|the\s+way\s+I|I)\b"
    r"|\bI\s+(?:sincerely\s+|truly\s+)?apologi[sz]e\s+for\b"
    r"|\b(?:my\s+)?apologies\s+for\b"
    r"|\bI\s+regret\s+(?:not|that\s+I|my)\b"
    r"|\bI\s+wish\s+I(?:\s+had|'d)\s+(?:answered|said|explained|given|mentioned|done|been|prepared|responded)\b"
    r"|\bI\s+should\s+have\s+(?:answered|said|explained|given|mentioned|prepared|been)\b"
    r"|\b(?:please\s+)?(?:forgive|excuse)\s+my\s+(?:answer|response|rambling|nerves|mistake)",
    re.IGNORECASE,
)


def _check_apology(doc, ctx, settings, policy, dictionary) -> list[Finding]:
    severity = WARNING if ctx.kind in ("withdrawal", "rejection_reply") else ERROR
    return [Finding(
        "apology", severity, m.group().strip(),
        f"{short(m.group().strip())!r} apologises instead of building on the answer.",
        "add to the answer positively: \"To add to my answer on X, ...\" (T6)",
    ) for m in _APOLOGY.finditer(doc.prose())]


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
}
