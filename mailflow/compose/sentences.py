"""What the user recorded -> sentences a careful candidate would write. Pure.

A remark is one of four things (``RemarkForm``), read from the text unless the
user said which with ``remark --as``:

- a *quote*: the interviewer's words, quoted. The quote keeps its words; its
  wrapping quotes go (only as a pair), inner double quotes become single ones,
  a final full stop moves outside the closing quote, and a long remark is cut at
  a sentence or a word boundary (with an ellipsis) rather than pasted whole;
- a *point*: what they said, paraphrased ("your point that ..." / "your point
  about ..."); reported speech ("She said the team is rebuilding ...") becomes
  their point, with her words turned to the second person;
- a *question* they asked: "How would you shard it?" becomes "your question about
  how I would shard it" where that can be done safely, else it is quoted as a
  question;
- a *note* in the candidate's own words ("We talked about ..."): used as a
  sentence of its own.

Every sentence here ends with its punctuation and starts with a capital. Each
builder takes a ``variant`` (any int): the same inputs and variant always give
the same sentence, and different variants give different wordings around the
user's words, so the notes of a panel do not read alike.
"""

from __future__ import annotations

import re

from mailflow.model import RemarkForm

#: a quote longer than this many words is cut
QUOTE_WORDS = 24

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")
_REPORTED = re.compile(
    r"^(?P<who>she|he|they|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+"
    r"(?P<verb>said|says|mentioned|explained|noted|told me|pointed out|thinks|believes|felt|feels|"
    r"described how|stressed|emphasi[sz]ed|argued|suggested)\s*(?:that\s+|,\s*)?(?P<rest>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_ASKED = re.compile(
    r"^(?:she|he|they|[A-Z][\w'’-]+)\s+asked(?:\s+me)?\s+(?P<rest>.+)$", re.IGNORECASE | re.DOTALL
)
_THIRD_PERSON = re.compile(r"^(?:she|he)\s+(?P<rest>.+)$", re.IGNORECASE | re.DOTALL)
_MINE = re.compile(
    r"^(?:I|I'm|I've|I'd|I'll|my|me|mine)\b|^we\s+(?:both\s+|also\s+)?"
    r"(?:talked|discussed|spoke|chatted|covered|compared|went\s+(?:over|through)|agreed|laughed|"
    r"walked\s+through|got\s+(?:into|onto)|bonded|touched\s+on|dug\s+into)\b|^our\s+(?:conversation|chat|talk|"
    r"discussion|tangent)\b",
    re.IGNORECASE,
)
_POINT_LEAD = re.compile(r"^(?:your|the|her|his|their)\s+point\s+(?:that|about|on)\s+|^about\s+", re.IGNORECASE)
_AUX = ("would", "could", "should", "will", "can", "might")
_WH = ("how", "what", "why", "when", "where", "which", "who", "whether")
#: a word that makes a phrase a clause ("the team is rebuilding ...")
_VERBS = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|can|could|will|would|should|must|may|might|"
    r"need|needs|matters?|means|makes?|takes?|wants?|starts?|comes?|gets?|goes|works?|helps?|keeps?|"
    r"succeeds?|fails?|grows?|grew|changes?|depends?|breaks?|cares?|trusts?|learned|learnt|built|became)\b",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- reading a remark


def read_form(text: str) -> RemarkForm:
    """What a remark is, when the user did not say: a question mark makes a question,
    reported speech ("she said that ...") a point, the candidate's own voice ("I ...",
    "we talked about ...") a note; anything else is their words, a quote."""
    bare = _unwrap(" ".join(text.split()))
    if bare.rstrip().endswith("?") or _ASKED.match(bare):
        return RemarkForm.QUESTION
    if _REPORTED.match(bare) or _POINT_LEAD.match(bare) or _THIRD_PERSON.match(bare):
        return RemarkForm.POINT
    if _MINE.match(bare):
        return RemarkForm.NOTE
    return RemarkForm.QUOTE


def form_of(text: str, form: str = "") -> RemarkForm:
    """The form recorded for a remark, else the one read from its text."""
    try:
        return RemarkForm(form) if form else read_form(text)
    except ValueError:
        return read_form(text)


def quote_text(text: str, limit: int = QUOTE_WORDS) -> str:
    """A remark made fit to stand between double quotes: wrapping quotes removed as a
    pair, inner double quotes made single, a final full stop dropped (the sentence puts
    it outside), and at most ``limit`` words (cut at a sentence, else a word, with "…")."""
    text = _unwrap(" ".join(text.split()))
    text = re.sub(r'"([^"]*)"', "'\\1'", text)
    text = re.sub(r"“([^”]*)”", "'\\1'", text).replace('"', "'").replace("“", "'").replace("”", "'")
    words = text.split()
    if len(words) > limit:
        first = re.match(r"^(.+?[.!?])\s", text + " ")
        if first and 6 <= len(first.group(1).split()) <= limit:
            text = first.group(1)
        else:
            text = _cut(text, limit)
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _unwrap(text: str) -> str:
    text = text.strip()
    for left, right in (('"', '"'), ("“", "”"), ("'", "'"), ("‘", "’"), ("„", "“"), ("«", "»")):
        if len(text) > 2 and text.startswith(left) and text[len(left):].rstrip(".").endswith(right):
            inner = text[len(left):].rstrip(".")[:-len(right)]
            if left not in inner and right not in inner:
                return inner.strip()
    return text


def _quoted(text: str) -> str:
    """``"text"`` with the sentence's stop outside, or none when the quote ends a sentence itself."""
    q = quote_text(text)
    return f'"{q}"' if q[-1:] in "!?" else f'"{q}".'


def _quoted_mid(text: str) -> str:
    return f'"{quote_text(text)}"'


# --------------------------------------------------------------------------- person and case


_SECOND_PERSON = {
    "she": "you", "he": "you", "her": "your", "his": "your", "him": "you", "hers": "yours",
    "herself": "yourself", "himself": "yourself",
}
_TO_PLURAL = {"was": "were", "is": "are", "has": "have", "does": "do", "wasn't": "weren't", "isn't": "aren't",
              "hasn't": "haven't", "doesn't": "don't", "'s": "'re"}
_CANDIDATE = {"you": "I", "your": "my", "yours": "mine", "yourself": "myself"}


def to_second_person(clause: str) -> str:
    """"she was rebuilding her team" -> "you were rebuilding your team": what was said
    about the reader, said to them."""
    words = clause.split(" ")
    out = []
    for i, word in enumerate(words):
        core = word.rstrip(",.;:!?")
        tail = word[len(core):]
        low = core.lower()
        if low in _SECOND_PERSON:
            out.append(_SECOND_PERSON[low] + tail)
            if low in ("she", "he") and i + 1 < len(words):
                words[i + 1] = _plural_verb(words[i + 1])
            continue
        out.append(word)
    return " ".join(out)


def _plural_verb(word: str) -> str:
    core = word.rstrip(",.;:!?")
    tail = word[len(core):]
    low = core.lower()
    if low in _TO_PLURAL:
        return _TO_PLURAL[low] + tail
    if re.fullmatch(r"[a-z]{3,}(?:ches|shes|sses|xes|zes)", low):
        return core[:-2] + tail
    if re.fullmatch(r"[a-z]{2,}[^aeiouys]ies", low):
        return core[:-3] + "y" + tail
    if re.fullmatch(r"[a-z]{3,}[^su]s", low):
        return core[:-1] + tail
    return word


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is a name or an acronym."""
    first = text.split(" ", 1)[0]
    if first == "I" or first.startswith("I'") or any(c.isupper() for c in first[1:]) or not first[:1].isupper():
        return text
    if first.lower() in _COMMON_STARTS:
        return text[0].lower() + text[1:]
    return text


#: sentence openers that are ordinary words, lower-cased inside a sentence
_COMMON_STARTS = {
    "the", "a", "an", "we", "our", "it", "its", "this", "that", "these", "those", "there", "most", "every",
    "each", "all", "some", "many", "much", "half", "one", "data", "clinical", "customers", "teams", "team",
    "people", "nobody", "no", "good", "great", "small", "big", "what", "how", "why", "when", "where", "if",
    "they", "you", "your", "their", "in", "on", "at", "for", "to", "with", "my", "being", "having",
    "testing", "reliability", "incidents", "incident", "platform", "product", "engineering", "quality",
    "migration", "migrations", "speed", "culture", "hiring", "latency", "metrics", "trust",
}


def capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def ended(text: str) -> str:
    """``text`` with a final stop, unless it ends in one (or in a link, left bare so it
    still works when clicked)."""
    text = text.rstrip()
    if not text or text[-1] in ".!?…" or _URL.search(text.split()[-1]):
        return text
    return text.rstrip(",;:") + "."


def _bare(text: str) -> str:
    """A phrase without its final stop, for the middle of a sentence."""
    return " ".join(text.split()).rstrip(" .;,")


def _is_clause(text: str) -> bool:
    return bool(_VERBS.search(text) or re.match(r"^(?:I|we|you|they|it|he|she)\b", text, re.IGNORECASE))


# --------------------------------------------------------------------------- the remark sentence


_QUOTE_SENTENCES = (
    "I keep thinking about what you said: {q}",
    "One thing you said has stayed with me: {q}",
    "I particularly appreciated your comment: {q}",
    "Your words, {qm}, have stayed with me since we spoke.",
)
_POINT_SENTENCES = (
    "I keep coming back to {p}.",
    "I have been thinking about {p} ever since.",
    "I especially appreciated {p}.",
    "{P} has stayed with me since we spoke.",
)
_QUESTION_SENTENCES = (
    "I enjoyed your question about {i}, and I have kept thinking about it since.",
    "Your question about {i} has stayed with me.",
    "I keep coming back to your question about {i}.",
)
_QUESTION_QUOTED = (
    "I have kept thinking about your question: {q}",
    "Your question, {qm}, has stayed with me.",
    "I keep coming back to the question you asked: {q}",
)


def remark_sentence(text: str, form: str, variant: int) -> str:
    """The sentence a thank-you builds on a remark (see the module docstring)."""
    kind = form_of(text, form)
    bare = _unwrap(" ".join(text.split()))
    if kind == RemarkForm.QUESTION:
        return question_sentence(bare, variant)
    if kind == RemarkForm.POINT:
        if _THIRD_PERSON.match(bare) and not _REPORTED.match(bare):
            # "She liked the dbt project": an observation about the reader, said to them
            return f"I was glad that {ended(to_second_person(_lower_first(_shorten(bare))))}"
        phrase = point_phrase(bare)
        pick = _POINT_SENTENCES[variant % len(_POINT_SENTENCES)]
        return pick.format(p=phrase, P=capital(phrase))
    if kind == RemarkForm.NOTE:
        return ended(capital(to_second_person(_shorten(bare))))
    pick = _QUOTE_SENTENCES[variant % len(_QUOTE_SENTENCES)]
    return pick.format(q=_quoted(bare), qm=_quoted_mid(bare))


def point_phrase(text: str) -> str:
    """"your point that ..." or "your point about ...", from a paraphrase or reported speech."""
    text = _bare(_unwrap(text))
    reported = _REPORTED.match(text)
    if reported:
        return f"your point that {_shorten(_lower_first(to_second_person(reported.group('rest'))))}"
    text = _POINT_LEAD.sub("", text)
    text = _shorten(_lower_first(text))
    return f"your point that {text}" if _is_clause(text) else f"your point about {text}"


def question_sentence(text: str, variant: int) -> str:
    asked = _ASKED.match(text)
    if asked:
        rest = _bare(asked.group("rest"))
        rest = re.sub(r"^(?:about\s+)", "", rest, flags=re.IGNORECASE)
        pick = _QUESTION_SENTENCES[variant % len(_QUESTION_SENTENCES)]
        return pick.format(i=_shorten(_lower_first(rest)))
    indirect = indirect_question(text)
    if indirect:
        pick = _QUESTION_SENTENCES[variant % len(_QUESTION_SENTENCES)]
        return pick.format(i=indirect)
    question = capital(quote_text(text))
    if not question.endswith("?"):
        question += "?"
    pick = _QUESTION_QUOTED[variant % len(_QUESTION_QUOTED)]
    return pick.format(q=f'"{question}"', qm=f'"{question}"')


def indirect_question(text: str) -> str:
    """"How would you shard the ledger?" -> "how I would shard the ledger"; "" when
    the question is not one of the shapes that can be turned safely."""
    words = _bare(text).rstrip("?").split()
    if len(words) < 3 or len(words) > QUOTE_WORDS:
        return ""
    low = [w.lower() for w in words]
    if low[0] in _WH and low[1] in _AUX and low[2] == "you":
        rest = [_CANDIDATE.get(w.lower(), w) for w in words[3:]]
        return " ".join([low[0], "I", low[1], *rest])
    if low[0] in _AUX and low[1] == "you":
        rest = [_CANDIDATE.get(w.lower(), w) for w in words[2:]]
        return " ".join(["whether", "I", low[0], *rest])
    return ""


def _shorten(text: str, limit: int = QUOTE_WORDS) -> str:
    return text if len(text.split()) <= limit else _cut(text, limit)


def _cut(text: str, limit: int) -> str:
    """The first ``limit`` words or fewer, cut at the last comma or semicolon that keeps
    at least eight words, else at a word; "…" marks the cut."""
    head = " ".join(text.split()[:limit - 2])
    stop = max(head.rfind(","), head.rfind(";"), head.rfind(" - "), head.rfind(" – "))
    if stop > 0 and len(head[:stop].split()) >= 8:
        head = head[:stop]
    return head.rstrip(" ,;:-–—") + "…"


# --------------------------------------------------------------------------- the other sentences


_STRENGTH_SENTENCES = (
    "It confirmed my sense that my {s} would be useful to the team.",
    "I think my {s} would help with exactly that.",
    "It is where my {s} would be most useful.",
    "I would be glad to bring my {s} to that work.",
)
_STRENGTH_CLAUSES = (
    "{S}, and I would be glad to bring that experience to the team.",
    "{S}; it is the kind of experience I would bring to the team.",
    "{S}, which is close to the work you described.",
)


def strength_sentence(text: str, variant: int) -> str:
    """One sentence tying a strength to the conversation (T5): a noun phrase ("experience
    with streaming ingestion") or the candidate's own clause ("I led the migration ...")."""
    text = _bare(text)
    if not text:
        return ""
    if re.match(r"^I\b|^I'", text):
        return _STRENGTH_CLAUSES[variant % len(_STRENGTH_CLAUSES)].format(S=capital(text))
    phrase = re.sub(r"^(?:my|our)\s+", "", _lower_first(text), flags=re.IGNORECASE)
    return _STRENGTH_SENTENCES[variant % len(_STRENGTH_SENTENCES)].format(s=phrase)


_AMPLIFY_SENTENCES = (
    "One thing to add to my answer on {t}: {a}",
    "To add to my answer on {t}: {a}",
    "On {t}, I would add one thing: {a}",
)


def amplify_sentence(text: str, variant: int) -> str:
    """One sentence adding to an answer, positively (T6). The debrief asks for
    "topic: what to add"; without a colon the whole text is what to add."""
    text = " ".join(text.split()).strip()
    if not text:
        return ""
    topic, sep, addition = text.partition(":")
    if sep and addition.strip() and len(topic.split()) <= 10:
        addition = ended(_lower_first(addition.strip()))
        pick = _AMPLIFY_SENTENCES[variant % len(_AMPLIFY_SENTENCES)]
        return pick.format(t=_lower_first(_bare(topic)), a=addition)
    text = re.sub(r"^(?:to add to my (?:earlier )?answer(?: on [^,:]+)?[,:]\s*)", "", text, flags=re.IGNORECASE)
    if _is_clause(text):
        return f"To add to my earlier answer: {ended(_lower_first(text))}"
    return f"I would like to add to my answer on {ended(_lower_first(text))}"


_IMPERATIVE = re.compile(
    r"^(?:to\s+)?(?:send(?:\s+(?:you|her|him|them))?(?:\s+over)?|share|forward|e-?mail|attach|provide|mail|"
    r"get(?:\s+(?:you|her|him|them))?|give(?:\s+(?:you|her|him|them))?)\s+",
    re.IGNORECASE,
)
_STATEMENT = re.compile(
    r"^(?:here\s+(?:is|are)|here's|attached\s+(?:is|are)|i(?:'ve| have)\s+attached|please\s+find|"
    r"i\s+will|i'll|i\s+would|i'd|i\s+am|i'm|as\s+promised)\b",
    re.IGNORECASE,
)
_DETERMINER = re.compile(r"^(?:the|a|an|my|our|some|this|these|that|those|your|two|three|\d+)\b", re.IGNORECASE)


def promised_sentences(items: list[str], variant: int) -> list[str]:
    """What the candidate promised, as what they now do (T8): "I've attached the
    dashboard screenshots I promised." / "Here is the write-up I mentioned: LINK"."""
    plain: list[str] = []
    out: list[str] = []
    for raw in items:
        text = _bare(raw)
        if not text:
            continue
        if _STATEMENT.match(text):
            out.append(ended(capital(text)))
            continue
        url = _URL.search(text)
        item = _IMPERATIVE.sub("", text)
        if url:
            label = _label(item.replace(url.group(), ""), "link")
            out.append(f"Here is {label} I promised: {url.group()}")
            continue
        plain.append(item if _DETERMINER.match(item) else f"the {item}")
    if plain:
        things = plain[0] if len(plain) == 1 else ", ".join(plain[:-1]) + " and " + plain[-1]
        forms = (f"I've attached {things} I promised.", f"As promised, I've attached {things}.",
                 f"I've attached {things}, as promised.")
        out.insert(0, forms[variant % len(forms)])
    return out


def _label(text: str, default: str) -> str:
    """"the case study" from "case study: " or "(case study)" around a link."""
    text = re.sub(r"[():,]+|\s[-–—]+\s|^\s*[-–—]+|[-–—]+\s*$", " ", text)
    text = " ".join(w for w in text.split() if w.lower() not in ("here", "is", "link", "to", "at", "see"))
    text = _lower_first(text.strip())
    if not text:
        return f"the {default}"
    return text if _DETERMINER.match(text) else f"the {text}"


def links_sentence(links: list[str]) -> str:
    """"Here is the case study I mentioned: URL" (no stop after a link: it must still work)."""
    found = []
    for raw in links:
        url = _URL.search(raw)
        if url:
            found.append((url.group(), raw.replace(url.group(), "")))
    if not found:
        return ""
    if len(found) == 1:
        url, around = found[0]
        return f"Here is {_label(around, 'link')} I mentioned: {url}"
    return "Here are the links I mentioned: " + ", ".join(u for u, _ in found[:-1]) + " and " + found[-1][0]


_AVAILABLE = (
    "I am available {t} if a further conversation would help.",
    "If it would help to talk again, I am free {t}.",
)


def availability_sentence(text: str, variant: int) -> str:
    text = _bare(text)
    if not text:
        return ""
    if re.match(r"^(?:I\b|I'|my\b)", text, re.IGNORECASE):
        return ended(capital(text))
    text = re.sub(r"^(?:available|free)\s+", "", _lower_first(text), flags=re.IGNORECASE)
    return _AVAILABLE[variant % len(_AVAILABLE)].format(t=text)
