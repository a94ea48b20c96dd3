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
Every grammar finding is a warning: grammar checkers are often unsure, and the
user decides.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request

from mailflow.config import ProofreadConfig
from mailflow.proofread.names import ERROR, WARNING, Finding
from mailflow.proofread.reading import MASK, PLACEHOLDER, Document, short

#: seconds to wait for the LanguageTool server
TIMEOUT = 8

_A_BEFORE_VOWEL = re.compile(r"(?<![\w'-])([Aa])\s+([aeiouAEIOU][a-z]+)\b")
_AN_BEFORE_CONSONANT = re.compile(r"(?<![\w'-])([Aa]n)\s+([b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z][a-z]+)\b")
_A_ACRONYM = re.compile(r"(?<![\w'-])([Aa]n?)\s+([A-Z]{2,6}s?)\b")
#: words with a vowel letter and a consonant sound, and the other way round
_YOO = re.compile(r"^(?:uni|use|usa|usu|uti|ura|uro|eu|ewe|one|once|ubiq|unani)", re.IGNORECASE)
_SILENT_H = re.compile(r"^(?:hour|honest|honou?r|heir)", re.IGNORECASE)
_SPACE_BEFORE = re.compile(r"(?<=\w)[ \t]+([,;:!?]|\.(?!\.))(?=\s|$)")
_NO_SPACE_AFTER = re.compile(r"\b[a-z]{2,}[.!?][A-Z][a-z]+\b")
_DOUBLED_PUNCTUATION = re.compile(r"(?<![.!?]),,|;;|(?<![.\s])(?<!\b[A-Z])(?<!\b\w\w)(?<!\b\w\w\w)\.\.(?!\.)|::")
_LOWER_START = re.compile(r"(?<![.!?])[.!?][ \t]+([a-z][a-z']*)\b")
_ABBREVIATIONS = re.compile(
    r"(?:\be\.g|\bi\.e|\betc|\bvs|\bapprox|\ba\.m|\bp\.m|\bcf|\bno|\bLtd|\bInc|\bCo|\bCorp|\bLLC|\bBros|"
    r"\bJr|\bSr|\bSt|\bDr|\bMrs?|\bMs|\bProf|\bDept|\b[A-Z](?:\.[A-Z])*|_+)\.$", re.IGNORECASE)
#: letters whose names start with a vowel sound: "an SRE", "an MBA", "a PM"
_VOWEL_LETTERS = set("AEFHILMNORSX")


def _unbalanced(text: str) -> list[Finding]:
    """A quotation opened and never closed (or closed and never opened), paragraph by paragraph."""
    out = []
    for paragraph in text.split("\n"):
        straight = paragraph.count('"')
        opened, closed = paragraph.count("“"), paragraph.count("”")
        if straight % 2 or opened != closed:
            excerpt = paragraph.strip()[:60]
            out.append(Finding("grammar", ERROR, excerpt, "A quotation mark is opened and not closed (or the other way).",
                               "close the quotation, or remove the stray mark"))
    return out


def check(doc: Document, settings: ProofreadConfig) -> list[Finding]:
    # links, addresses and placeholders become a neutral word, so no rule reads their punctuation
    text = PLACEHOLDER.sub(lambda m: "_" * len(m.group()), doc.text("greeting", "body", "closing"))
    text = MASK.sub(lambda m: "_" * len(m.group()), text)
    out = _rules(text)
    if settings.languagetool:
        out += languagetool(doc.prose(), settings)
    return out


def _rules(text: str) -> list[Finding]:
    out = _unbalanced(text)
    for m in _A_BEFORE_VOWEL.finditer(text):
        if not _YOO.match(m.group(2)):
            out.append(_finding(m.group(), f"write \"an {m.group(2)}\"", "'a' before a vowel sound"))
    for m in _AN_BEFORE_CONSONANT.finditer(text):
        if not _SILENT_H.match(m.group(2)):
            out.append(_finding(m.group(), f"write \"a {m.group(2)}\"", "'an' before a consonant sound"))
    for m in _A_ACRONYM.finditer(text):
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
    for m in _LOWER_START.finditer(text):
        if _ABBREVIATIONS.search(text[:m.start() + 1]) or m.group(1) in ("i",):
            continue
        out.append(_finding(text[m.start():m.end()].strip(" .!?"), f"start the sentence with a capital: "
                            f"{m.group(1).capitalize()!r}", "a sentence starts in lower case"))
    return out


def _finding(excerpt: str, hint: str, what: str) -> Finding:
    return Finding("grammar", WARNING, excerpt, f"{short(excerpt)!r}: {what}.", hint)


def languagetool(text: str, settings: ProofreadConfig) -> list[Finding]:
    """Findings from the LanguageTool server at ``settings.languagetool`` (its
    ``/v2/check`` API); one warning saying so when it cannot be reached."""
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
