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

from mailflow.compose import remarks
from mailflow.compose import words as w
from mailflow.model import RemarkForm
from mailflow.patterns import lazy

#: a quote longer than this many words is cut
QUOTE_WORDS = 24

_URL = remarks.URL
_MINE = lazy(
    r"^(?:I|I'm|I've|I'd|I'll|my|me|mine)\b|^we\s+(?:both\s+|also\s+)?"
    r"(?:talked|discussed|spoke|chatted|covered|compared|went\s+(?:over|through)|agreed|laughed|"
    r"walked\s+through|got\s+(?:into|onto)|bonded|touched\s+on|dug\s+into|trained|worked|grew|studied|share)\b|"
    r"^our\s+(?:conversation|chat|talk|discussion|tangent)\b",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- reading a remark


def read_form(text: str) -> RemarkForm:
    """What a remark is, when the user did not say, read from its shape: a question (a "?",
    a question word before its verb, "she asked ...", "Walk me through ...") is a question;
    text in quotation marks is a quote; the candidate's own voice ("I ...", "we talked
    about ...", a noun or gerund phrase) is a note; anything else (a clause, reported
    speech, a fact) is their point."""
    bare = remarks.tidy(text)
    if not bare:
        return RemarkForm.NOTE
    if remarks.asked_rest(bare) or remarks.is_question(bare) or remarks.is_imperative(bare):
        return RemarkForm.QUESTION
    if re.match(r'^["“‘]', " ".join(text.split())) and remarks.unwrap(" ".join(text.split())) != " ".join(text.split()):
        return RemarkForm.QUOTE
    if _MINE.match(bare):
        return RemarkForm.NOTE
    if remarks.reported(bare) or _POINT_LEAD.match(bare) or remarks.is_clause(bare) or _subjectless(bare):
        return RemarkForm.POINT
    if re.search(r'["“][^"“”]{3,}["”]', bare):
        return RemarkForm.QUOTE
    return RemarkForm.NOTE


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
    text = remarks.unwrap(" ".join(text.split()))
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
    return remarks.unwrap(text)


#: why a text cannot be made into a sentence, and how to phrase it instead
def remark_problem(text: str, kind: str = "remark") -> str:
    """"" when ``text`` can make a sentence of ``kind``; else what is wrong with it."""
    bare = " ".join(text.split())
    letters_only = re.sub(r"[^\w]", "", bare)
    if not letters_only:
        return "it has no words"
    lowered = bare.lower().strip(" .!?")
    lowered = re.sub(r"(?:[\s,]+(?:lol|haha|tbh|lmao|idk))+$", "", lowered).strip(" .!?,")
    if lowered in _PLACEHOLDERS or all(x in _PLACEHOLDERS for x in re.findall(r"[\w/']+", lowered)):
        return f"{bare!r} is a placeholder, not something to send"
    typed = re.findall(r"[\w/']+", lowered)
    if typed and len(typed) <= 2 and all(w.is_chat_mark(x) for x in typed):
        return f"{bare!r} is chat shorthand, not something to send"
    head = re.match(r"^[^\w]*(?P<first>[\w/']+)(?P<rest>.*)$", lowered)
    if head and head.group("first") in _NOTE_TO_SELF and (
            re.match(r"^\s*(?:[-–—:,;(]|$)", head.group("rest")) or len(lowered.split()) <= 4):
        return f"{bare!r} is a note to yourself, not something to send"
    if _NOTHING.search(lowered) and len(lowered.split()) <= 8:
        return f"{bare!r} says there is nothing to say"
    if _ELSEWHERE.match(lowered):
        return f"{bare!r} points to something that is not here"
    if kind == "remark":
        if _URL.fullmatch(bare.strip()):
            return "a link is not a remark"
        if len(bare) > REMARK_CHARS:
            return f"it is {len(bare)} characters long: a note quotes one thing they said"
        items = len(re.split(r"\s*[,;]\s*", bare))
        if items > _LISTED:
            return f"it lists {items} things: a note quotes one thing they said"
        if len(bare.split()) < 2:
            return f"{bare!r} is one word"
        tidied = remarks.tidy(bare)
        said = remarks.said_by_others(tidied) or remarks.reported(tidied)
        spoken = re.match(r"^[\w'’.-]+\s+(?:also\s+)?(?:said|says|told\s+me)\b", tidied, re.IGNORECASE)  # someone said
        if said is not None and spoken and len(said[1].split()) <= 2 and not re.match(r"^[\"“‘']", said[1]) \
                and not _is_clause(_bare(said[1])):  # "hr said ok" would be "the news … that okay"
            return (f"{bare!r} gives what was said in a word or two: say it as a sentence "
                    "(e.g. 'HR said the offer comes Friday')")
    elif kind == "link" and not _URL.search(bare) and len(bare.split()) < 2:
        return f"{bare!r} has no link"
    elif len(bare.split()) < 2 and kind in ("strength", "amplify", "promised") and lowered in _VAGUE:
        return f"{bare!r} does not say what"
    if kind in ("amplify", "strength", "promised") and lowered in _VAGUE:
        return f"{bare!r} does not say what"
    return ""


REMARK_CHARS = 400
#: more things than one remark is about: a pasted list of the whole conversation
_LISTED = 6
_PLACEHOLDERS = {"idk", "n/a", "na", "tbd", "todo", "same as above", "see notes", "see above", "lol", "ok", "okay",
                 "good", "asdf", "test", "xxx", "tk", "?", "...", "-", "none", "nothing", "stuff", "idk, the usual",
                 "the usual", "that one", "whatever", "etc", "misc", "later"}
#: shorthand that marks a note to oneself ("tbd - fill in later", "?? idk ask sarah")
_NOTE_TO_SELF = {"idk", "tbd", "todo", "tk", "xxx", "asdf", "n/a", "tba", "fixme"}
_VAGUE = {"that one", "stuff", "things", "the usual", "idk, the usual", "this", "that", "it", "everything",
          "all of it", "anything", "the lot"}
#: the user saying they have nothing to say or do not remember ("nothing much, ...", "can't remember tbh")
_NOTHING = lazy(r"^(?:nothing|not\s+much)(?:\s+(?:much|really|special|memorable|notable|of\s+note|to\s+(?:say|note|add)))?"
                r"\s*(?:[-–—,;:.!]|$)|^(?:no\s+idea|dunno)\b|\b(?:can['’]?t|cannot|don['’]?t|do\s+not|didn['’]?t|"
                r"couldn['’]?t)\s+(?:really\s+)?(?:remember|recall)\b")
#: text that points elsewhere instead of saying it ("same as last time", "as before")
_ELSEWHERE = lazy(r"^(?:(?:the\s+)?same\s+(?:as|one\s+as)\s+|as\s+)(?:last\s+time|before|above|earlier|usual|always)"
                  r"[.!]*$|^see\s+(?:above|below|notes|my\s+notes|earlier)\b")


def _subjectless(text: str) -> bool:
    """"Wants the new SM to fix scheduling", "Took me on the ride-along": a verb with its subject left out."""
    first = text.split()[0] if text.split() else ""
    return bool(first) and (w.is_third_person(first) or w.is_past(first)) and not w.can_be(first, "NOUN") \
        and not w.can_be(first, "ADJ") and first[:1].isupper() is not None


# --------------------------------------------------------------------------- person and case


_SECOND_PERSON = {
    "she": "you", "he": "you", "her": "your", "his": "your", "him": "you", "hers": "yours",
    "herself": "yourself", "himself": "yourself",
}


def to_second_person(clause: str) -> str:
    """"she was rebuilding her team" -> "you were rebuilding your team": what was said
    about the reader, said to them."""
    return remarks.to_reader(clause)


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is a name, an acronym or "I"."""
    first = text.split(" ", 1)[0] if text else ""
    core = w.core(first)
    if not core or core == "I" or core.startswith(("I'", "I’")) or any(c.isupper() for c in core[1:]) \
            or not core[:1].isupper():
        return text
    lowered = core.lower()
    if lowered in w.DETERMINERS or lowered in w.PRONOUNS or lowered in w.PREPOSITIONS or lowered in w.CONJUNCTIONS \
            or lowered in w.WH or lowered in w.AUXILIARIES or lowered in _COMMON_STARTS:
        return text[0].lower() + text[1:]
    if w.lemmas(lowered) and not w.lemmas(core).get("PROPN"):
        from mailflow.compose.words import _lexicon
        if _lexicon().getAllLemmas(lowered):
            return text[0].lower() + text[1:]
    return text


#: sentence openers that are ordinary words, lower-cased inside a sentence
_COMMON_STARTS = {"there", "being", "having", "half", "one", "every", "each", "most", "many", "nobody", "everyone",
                  "everything", "nothing", "someone", "something"}


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
    return " ".join(text.split()).rstrip(" .;,!?")


def _is_clause(text: str) -> bool:
    return remarks.is_clause(text)


def _join_sentences(text: str) -> str:
    """Two sentences as one clause: "A. B." -> "A, and b"."""
    parts = [_bare(p) for p in remarks.split_sentences(text)]
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return parts[0] if parts else ""
    out = parts[0]
    for part in parts[1:]:
        # "Never." or "But rarely." after it qualifies or reverses it: "overtime is paid — never"
        qualifier = bool(remarks.qualifying_sentences(f"{out}. {part}."))
        out += f" — {_lower_first(part)}" if qualifier else f", and {_lower_first(part)}"
    return out


# --------------------------------------------------------------------------- the remark sentence


_QUOTE_SENTENCES = (
    "I keep thinking about what you said: {q}",
    "One thing you said has stayed with me: {q}",
    "I particularly appreciated your words: {q}",
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
_REQUEST_SENTENCES = (
    "I enjoyed it when you asked me to {i}.",
    "I have kept thinking about when you asked me to {i}.",
    "I appreciated the chance to {i} when you asked.",
)
_ASKED_SENTENCES = (
    "I enjoyed it when you asked {i}.",
    "I was glad you asked {i}.",
    "I have kept thinking about it since you asked {i}.",
)
_NOTE_SENTENCES = (
    "I especially enjoyed {n}.",
    "I particularly appreciated {n}.",
    "I keep thinking back to {n}.",
)
_HEARING_SENTENCES = (
    "I enjoyed hearing {n}.",
    "I was glad to hear {n}.",
)


#: a word whose dot is an abbreviation's, not a sentence's end: "i.e", "a.m", "etc", "approx"
_ABBREVIATED = lazy(r"(?:\w\.\w+|^(?:etc|approx|incl|vs|esp|cf|eg|ie|am|pm|no|ca))$", re.IGNORECASE)


def remark_sentence(text: str, form: str, variant: int, reader: str = "", reader_email: str = "") -> str:
    """The sentence a thank-you builds on a remark (see the module docstring). ``reader``
    is the name of the person the note goes to (``reader_email`` their address, whose
    short form of their name counts too): their name in the remark becomes "you". Text with no
    words (empty, emoji only) is refused with ``remark_problem``'s reason (ValueError)."""
    if not re.search(r"[^\W_]", remarks.tidy(" ".join(text.split()))):
        raise ValueError(f"cannot make a sentence of {text!r}: {remark_problem(text) or 'it has no words'}")
    sentence = _remark_sentence(text, form, variant, remarks.Reader(reader, reader_email))
    # a sentence of the remark that now starts with "you" (it named the reader) keeps its capital
    # (not after an abbreviation's dot: "i.e. you", "7 a.m. you", "etc. you")
    sentence = re.sub(r"(?P<word>\S*[a-z0-9)])(?P<end>[.!?]) you\b",
                      lambda m: m.group(0) if m.group("end") == "." and _ABBREVIATED.search(m.group("word"))
                      else f"{m.group('word')}{m.group('end')} You", sentence)
    return re.sub(r"…\.(?=\s|$)", "…", sentence)


def _remark_sentence(text: str, form: str, variant: int, who: remarks.Reader) -> str:
    kind = form_of(text, form)
    raw = " ".join(text.split())
    bare = remarks.tidy(raw)
    if kind == RemarkForm.QUOTE:
        return _quote_sentence(raw, variant, who)
    bare = remarks.name_to_you(bare, who)
    if kind == RemarkForm.QUESTION or remarks.asked_rest(bare) or (
            kind != RemarkForm.NOTE and (remarks.is_question(bare) or remarks.is_imperative(bare))):
        return question_sentence(bare, variant)
    if kind == RemarkForm.POINT:
        said = remarks.reported(bare)
        if said is not None and re.match(r'^["“‘]', said[1]) and remarks.unwrap(_bare(said[1])) != _bare(said[1]):
            return _quote_sentence(said[1], variant, who)
        return _point_sentence(bare, variant)
    return _note_sentence(bare, variant)


_ATTRIBUTION = lazy(r"\s*(?:[—–-]{1,2}|~)\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?\s*$")
_QUOTE_LEAD = lazy(r"^(?:(?:she|he|they|[A-Z][\w'’-]+)\s+(?:said|says|told me|put it|likes to say|always says)"
                         r"(?:\s+that)?[,:]?\s+|(?:her|his|their)\s+(?:line|motto|mantra|words|rule|saying|phrase)"
                         r"(?:\s+(?:is|was))?[,:]?\s+)(?=[\"“‘'])", re.IGNORECASE)


def _quote_sentence(raw: str, variant: int, reader: remarks.Reader) -> str:
    text = remarks.tidy(raw) if not re.match(r'^["“‘\']', raw) else remarks.without_attribution(raw)
    text = _ATTRIBUTION.sub("", text) if re.search(r'["”’\'.!?]\s*[—–-]', text) else text
    text = _QUOTE_LEAD.sub("", text)
    text = remarks.unwrap(text.strip())
    q = quote_text(text)
    pick = _QUOTE_SENTENCES[variant % len(_QUOTE_SENTENCES)]
    end = f'"{q}"' if q[-1:] in "!?" else f'"{q}".'
    return pick.format(q=end, qm=f'"{q}"')


_POINT_LEAD = lazy(
    r"^(?:(?:your|the|her|his|their|my)\s+(?:point|view|argument|take|idea|belief|line|theory)\s+(?:that|about|on)\s+"
    r"|about\s+|that\s+(?=\w+\s+\w+))", re.IGNORECASE)
_POSSESSED = lazy(
    r"^your\s+(?P<noun>point|view|argument|take|idea|belief|line|theory|observation|comment|sense|feeling|"
    r"worry|concern|advice|rule|motto|story|insight)\s+(?P<link>that|about|on|of)\s+(?P<rest>.+)$",
    re.IGNORECASE | re.DOTALL)


def _point_sentence(text: str, variant: int) -> str:
    phrase = point_phrase(text)
    pick = _POINT_SENTENCES[variant % len(_POINT_SENTENCES)]
    return pick.format(p=phrase, P=capital(phrase))


def point_phrase(text: str) -> str:
    """"your point that ..." or "your point about ...", from a paraphrase, reported speech or a fact."""
    text = _bare(remarks.unwrap(text))
    if others := remarks.said_by_others(text):
        # what a department said is not the reader's point: said as news from them
        rest = remarks.unwrap(_bare(others[1]))
        return f"the news from {others[0]} that {_lower_first(_shorten(_join_sentences(rest)))}"
    said = remarks.reported(text)
    if said is not None:
        verb, rest = said
        rest = remarks.unwrap(_bare(rest))
        if re.match(r'^["“‘]', rest):
            rest = remarks.unwrap(rest)
        text = remarks.to_reader(_join_sentences(rest), first_person="possessive")
        return f"your point that {_lower_first(_shorten(text))}"
    if _subjectless(text):
        text = "you " + w.base(text.split()[0]).lower() + text[len(text.split()[0]):]
        return f"your point that {_shorten(_join_sentences(remarks.to_reader(text, first_person='possessive')))}"
    first = w.low(text.split()[0]) if text.split() else ""
    if w.is_base_verb(text.split()[0]) and not w.can_be(text.split()[0], "NOUN") or first in ("design", "never",
                                                                                            "always", "don't"):
        return f"your advice to {_shorten(_lower_first(text))}" if first not in ("never", "always", "don't") \
            else f"your advice: {_shorten(_lower_first(text))}"
    # about the reader ("she …", or their name, now "you …"), not in their words: "me" stays the candidate
    their_words = first not in ("she", "he", "they", "she's", "he's", "they're", "you", "you've", "you're", "you'd")
    text = remarks.to_reader(_join_sentences(text), first_person=their_words)
    possessed = _POSSESSED.match(text)
    if possessed:
        rest = _shorten(_join_sentences(possessed.group("rest")))
        return f"your {possessed.group('noun').lower()} {possessed.group('link').lower()} {rest}"
    lead = re.match(r"^that\s+", text, re.IGNORECASE)
    text = _POINT_LEAD.sub("", text)
    text = _shorten(_lower_first(_join_sentences(text)))
    if lead or _is_clause(text):
        if re.match(rf"^(?:{'|'.join(w.WH)})\s+(?:{'|'.join(map(re.escape, [*_SUBJECT_AUX, *_NEGATIVE_AUX]))})\s",
                    text.replace("’", "'"), re.IGNORECASE) and (asked := indirect_question(text)):
            return f"your question about {asked}"  # a point typed as a question: "why don't more hauliers …"
        return f"your point that {text}"
    return f"your point about {text}"


def _note_sentence(text: str, variant: int) -> str:
    """A note in the candidate's words: a clause stands as a sentence; a noun or gerund
    phrase becomes what the candidate enjoyed ("I especially enjoyed your story about ...")."""
    parts = [_bare(p) for p in remarks.split_sentences(text) if _bare(p)]
    out = []
    for part in parts:
        great = re.match(r"^(?:great|lovely|nice|good|fun|fascinating|amazing)\s+(?P<np>.+)$", part, re.IGNORECASE)
        if great and not _is_clause(great.group("np")):
            out.append(f"I enjoyed the {great.group('np')}")
            continue
        if _subjectless(part):
            part = "you " + w.base(part.split()[0]).lower() + part[len(part.split()[0]):]
        out.append(part)
    # a note about their thing ("his worry about our loans") speaks from their side: "our" is theirs
    theirs = bool(re.match(r"^(?:his|her|their|[A-Z][\w'’-]*['’]s)\s", text))
    text = remarks.to_reader(" ".join(ended(p) for p in out)[:-1] if out else "", plural=theirs)
    text = _shorten(text)
    if (_MINE.match(text) and not re.match(r"^(?:my|our)\s", text, re.IGNORECASE)) or _is_clause(text):
        return ended(capital(text))  # "my/our ..." without a verb is a noun phrase: it needs one
    if re.match(r"^(?:it\s+)?turns?\s+out\b", text, re.IGNORECASE):
        return ended(capital(re.sub(r"^(?:it\s+)?turns?\s+out", "it turns out", text, flags=re.IGNORECASE)))
    lowered = _lower_first(text)
    if w.low(lowered.split()[0]) in w.WH and w.low(lowered.split()[0]) != "which":
        return _HEARING_SENTENCES[variant % len(_HEARING_SENTENCES)].format(n=lowered)
    if lowered.split()[0] == "you" and len(lowered.split()) > 1 and w.is_gerund(lowered.split()[1]):
        lowered = "your " + lowered[4:]
    pick = _NOTE_SENTENCES[variant % len(_NOTE_SENTENCES)]
    return pick.format(n=lowered)


def question_sentence(text: str, variant: int) -> str:
    """A question they asked, in statement order and from the candidate's side: "how would
    you cut our costs" -> "your question about how I would cut your costs"; "Walk me
    through a DCF" -> "when you asked me to walk you through a DCF"."""
    if not text.split():
        return ""
    text = remarks.asked_rest(text) or text
    first = remarks.split_sentences(text)
    questions = [q for q in first if q.rstrip().endswith("?")]
    text = _bare((questions or first or [text])[0])
    # a statement that sets the question up ("Our branches close at 5. How would you ...") is kept
    setup = [_bare(p) for p in first[:first.index(questions[0])]] if questions else []
    setup = [p for p in setup if p and _is_clause(p) and not p.rstrip().endswith("?")]
    given = f", given that {remarks.to_reader(_lower_first(setup[-1]))}" if len(setup) == 1 else ""
    text = re.sub(r"^(?:and|so|but)\s+", "", text, flags=re.IGNORECASE)
    if remarks.is_imperative(text):
        marked = re.sub(r"\bme\b", "\x00", re.sub(r"\bmy\b", "\x01", _lower_first(text)))
        request = remarks.to_reader(marked, candidate=True).replace("\x00", "you").replace("\x01", "your")
        pick = _REQUEST_SENTENCES[variant % len(_REQUEST_SENTENCES)]
        return pick.format(i=_shorten(request))
    indirect = indirect_question(text)
    if not indirect:
        indirect = remarks.to_reader(_lower_first(text), candidate=True)
    if w.low(indirect.split()[0]) in w.PREPOSITIONS and w.low(indirect.split()[0]) != "about":
        # "she asked for an example of ...": what they asked for, not "your question about for ..."
        pick = _ASKED_SENTENCES[variant % len(_ASKED_SENTENCES)]
        return pick.format(i=_shorten(indirect))
    pick = _QUESTION_SENTENCES[variant % len(_QUESTION_SENTENCES)]
    if given and "{i} has" in pick:
        pick = pick.replace("{i} has", "{i}, has")
    return pick.format(i=_shorten(indirect) + given)


_SUBJECT_AUX = {"would", "could", "should", "will", "can", "might", "do", "does", "did", "is", "are", "was",
                "were", "have", "has", "had", "may", "must", "shall"}


def indirect_question(text: str) -> str:
    """"How would you shard the ledger?" -> "how I would shard the ledger"; "Do you ..." ->
    "whether I ..."; "If you had $1M, what would you fix first" -> "what I would fix first if
    I had $1M"; two questions joined by "and" each in statement order; "" when it is not a
    question in that shape."""
    text = _bare(text).rstrip("?")
    condition = re.match(r"^(?P<if>(?:if|when|once)\s+[^,]+),\s+(?P<q>(?:what|how|which|who|where|why|when|would|do|"
                         r"could|can|will)\b.+)$", text, re.IGNORECASE)
    if condition:
        asked = indirect_question(condition.group("q"))
        if asked:
            return f"{asked} {remarks.to_reader(_lower_first(condition.group('if')), candidate=True)}"
    both = re.split(r",?\s+and\s+(?=(?:what|how|why|where|who|which|did|do|would|could)\s)", text, maxsplit=1)
    if len(both) == 2:
        first, second = (indirect_question(q) for q in both)
        if first and second:
            return f"{first} and {second}"
    return _indirect(text)


_PLURAL_DETERMINERS = frozenset("more many most few several all some both these those".split())


def _plural_by_form(word: str) -> bool:
    """A word the lexicon does not list that ends as plurals do ("hauliers", "sparkies")."""
    return not w.known(word) and bool(re.fullmatch(r"[a-z]{3,}(?:ers|ors|ists|ies|ans)", w.low(word)))


#: negative auxiliaries and the auxiliary each negates
_NEGATIVE_AUX = {"don't": "do", "doesn't": "does", "didn't": "did", "won't": "will", "can't": "can", "isn't": "is",
                 "aren't": "are", "wasn't": "was", "weren't": "were", "wouldn't": "would", "couldn't": "could",
                 "shouldn't": "should", "hasn't": "has", "haven't": "have", "mustn't": "must"}
#: an auxiliary in statement order, negated again
_NEGATED = {"will": "won't", "can": "can't", "would": "wouldn't", "could": "couldn't", "should": "shouldn't",
            "is": "isn't", "are": "aren't", "am": "am not", "was": "wasn't", "were": "weren't", "has": "hasn't",
            "have": "haven't", "must": "mustn't"}


def _indirect(text: str) -> str:
    words = text.split()
    if len(words) < 2:
        return ""
    first = w.low(words[0])
    contracted = re.match(r"^(what|how|who|where|why|when)['’](s|re|d)$", first)
    if contracted:
        aux = {"s": "is", "re": "are", "d": "did"}[contracted.group(2)]
        words = [contracted.group(1), aux, *words[1:]]
        first = contracted.group(1)
    wh = first in w.WH
    start = 1 if wh else 0
    if start >= len(words):
        return ""
    lead_words = words[0].lower()
    for size in (1, 2):  # "what colour would you paint ...", "how many nurses would you hire"
        if wh and first in ("what", "which", "whose", "how") and len(words) > size + 2 \
                and w.low(words[size + 1]) in _SUBJECT_AUX \
                and all(w.low(x) not in _SUBJECT_AUX and w.low(x) not in w.PRONOUNS
                        and (w.can_be(x, "NOUN") or w.can_be(x, "ADJ"))
                        for x in words[1:size + 1]):
            lead_words, start = " ".join([lead_words, *words[1:size + 1]]), size + 1
            break
    aux = w.low(words[start]).replace("’", "'")
    negated = aux in _NEGATIVE_AUX and wh  # "why don't more hauliers backload with rail"
    if negated:
        aux = _NEGATIVE_AUX[aux]
    if aux not in _SUBJECT_AUX:
        # already in statement order ("what I'd do if ...", "how we would ...", "why nights")
        return remarks.to_reader(_lower_first(text), candidate=True) if wh else ""
    rest = words[start + 1:]
    # the subject: a pronoun, else the words up to the first verb
    if not rest:
        return ""
    if first == "what" and aux in ("is", "are") and w.low(rest[0]) in w.DETERMINERS - {"what", "which", "whose"}:
        # "what's a level you love that breaks every rule" asks for one: "a level I love that ..."
        return remarks.to_reader(" ".join(rest), candidate=True)
    if w.low(rest[0]) in w.SUBJECT_PRONOUNS:
        subject, verb_phrase = [rest[0]], rest[1:]
    else:
        cut = next((i for i, x in enumerate(rest) if i > 0 and (w.is_base_verb(x) or w.is_gerund(x) or
                                                                 w.is_past(x)) and not w.is_function_word(x)),
                   len(rest))
        # a verb the lexicon does not list ("backload"), after the subject's noun and before a
        # preposition or a determiner
        unknown = next((i for i, x in enumerate(rest[:cut]) if i > 0 and not w.known(x) and x.isalpha()
                        and (w.can_be(rest[i - 1], "NOUN") or _plural_by_form(rest[i - 1]))
                        and (i + 1 == len(rest) or w.is_function_word(rest[i + 1]))),
                       cut)
        cut = min(cut, unknown)
        subject, verb_phrase = rest[:cut], rest[cut:]
    subj = remarks.to_reader(" ".join(subject), candidate=True)
    subj = {"me": "I"}.get(subj, subj)
    vp = remarks.to_reader(" ".join(verb_phrase), candidate=True) if verb_phrase else ""
    low_subj = subj.lower()
    if aux in ("do", "does", "did"):
        if vp:
            adverb = re.match(r"^((?:ever|really|actually|still|always|never|just|usually|often|already)\s+)", vp)
            lead_adverb = adverb.group(1) if adverb else ""
            vp = vp[len(lead_adverb):]
            head, _, tail = vp.partition(" ")
            single = low_subj not in ("i", "you", "we", "they") and not w.is_plural_noun(subject[-1]) \
                and not _plural_by_form(subject[-1]) and w.low(subject[0]) not in _PLURAL_DETERMINERS
            if negated:  # the negation stays before the verb: "why more hauliers don't backload"
                neg = "didn't" if aux == "did" else "doesn't" if single else "don't"
                head = f"{neg} {head}"
            elif aux == "did":
                lemma = w.verb_lemma(head) or head
                head = w.inflect(lemma, "VBD")
            elif aux == "does" or single:
                if low_subj not in ("i", "you", "we", "they"):
                    head = w.third_person(head)
            vp = f"{lead_adverb}{head} {tail}".strip()
        clause = f"{subj} {vp}".strip()
    elif aux in ("is", "are", "was", "were"):
        verb = aux
        if low_subj == "i":
            verb = {"is": "am", "are": "am", "was": "was", "were": "was"}[aux]
        elif low_subj == "you":
            verb = {"is": "are", "are": "are", "was": "were", "were": "were"}[aux]
        if negated:
            verb = "am not" if verb == "am" else f"{verb}n't"
        clause = f"{subj} {verb} {vp}".strip() if vp else f"{subj} {verb}"
    else:
        if low_subj == "i" and aux == "have" or low_subj != "i" and aux == "has":
            pass
        if aux == "have" and low_subj not in ("i", "you", "we", "they"):
            aux = "has"
        elif aux == "has" and low_subj in ("i", "you", "we", "they"):
            aux = "have"
        clause = f"{subj} {_NEGATED.get(aux, aux + ' not') if negated else aux} {vp}".strip()
    lead = lead_words if wh else "whether"
    return f"{lead} {clause}".strip()


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


_STRENGTH_PHRASES = (
    "What I would bring to the role includes {s}.",
    "I would be glad to bring to the team {s}.",
    "I hope to bring to the role {s}.",
)
_STRENGTH_CLAUSES = (
    "{S}, and I would be glad to bring that experience to the team.",
    "{S}; it is experience I would bring to the role.",
    "{S}.",
)
_STRENGTH_ADJECTIVES = (
    "I am {s}, and I would bring that to the team.",
    "I am {s}, which I would bring to the role.",
)


def strength_sentence(text: str, variant: int) -> str:
    """One sentence naming a strength the candidate would bring (T5), standing on its own
    (it is not hung on the remark before it): a noun phrase ("experience with streaming
    ingestion", "a forklift ticket"), a gerund phrase ("designing idempotent pipelines"
    -> "my experience designing ..."), adjectives ("calm with anxious families" -> "I am
    calm ..."), or the candidate's own clause ("I led the migration ...")."""
    text = _bare(remarks.tidy(text))
    if not text:
        return ""
    first = text.split()[0]
    if re.match(r"^I\b|^I['’]", text):
        clauses = re.split(r",\s+(?=I\b)", text)
        if len(clauses) > 1:
            return ended("; ".join(clauses))
        return _STRENGTH_CLAUSES[variant % len(_STRENGTH_CLAUSES)].format(S=capital(text))
    lowered = _lower_first(text)
    low_first = w.low(first)
    nxt = w.low(text.split()[1]) if len(text.split()) > 1 else ""
    # "forklift certified and …", "first-aid trained": a noun and a participle, an adjective together
    compound = bool(nxt) and (w.can_be(first, "NOUN") or not w.lemmas(w.core(first))) \
        and not w.is_function_word(first) and nxt.endswith("ed") \
        and w.is_past(nxt) and not w.can_be(nxt, "NOUN") \
        and (len(text.split()) == 2 or text.split()[1].endswith(",") or w.low(text.split()[2]) in ("and", "or"))
    if compound or "myself" in {w.low(x) for x in text.split()} or (w.is_past(first) and w.low(first).endswith("ed")
                                                       and first.endswith(",")) or (
            w.can_be(first, "ADJ") and not w.is_gerund(first) and (
            not w.can_be(first, "NOUN") or nxt in w.PREPOSITIONS or first.endswith(",") or not nxt)
            and low_first not in w.DETERMINERS):
        return _STRENGTH_ADJECTIVES[variant % len(_STRENGTH_ADJECTIVES)].format(s=lowered)
    if w.is_gerund(first):
        phrase = f"my experience with {lowered}"
    elif low_first in ("my",):
        phrase = lowered
    elif low_first in ("experience", "background", "expertise", "years", "skills", "knowledge", "fluency"):
        phrase = f"my {lowered}"
    elif first[:1].islower() and low_first not in w.DETERMINERS and low_first not in w.PRONOUNS \
            and "," not in text and w.can_be(first, "NOUN") and not w.can_be(first, "VERB"):
        phrase = f"my {lowered}"  # "habit of writing things down" -> "my habit ...": a noun needs its determiner
    else:
        phrase = lowered
    return _STRENGTH_PHRASES[variant % len(_STRENGTH_PHRASES)].format(s=phrase)


_AMPLIFY_CLAUSE = (
    "I would like to add to my answer on {t} that {a}.",
    "On {t}, I would like to add that {a}.",
    "I would also add to my answer on {t} that {a}.",
)
_AMPLIFY_PHRASE = (
    "I would like to add to my answer on {t}: {a}.",
    "On {t}, one more thing I would add: {a}.",
)
_AMPLIFY_OPEN = (
    "I would like to add to my earlier answer that {a}.",
    "I would also like to add that {a}.",
    "I would also add to my earlier answer that {a}.",
)
_AMPLIFY_OPEN_PHRASE = (
    "I would also like to mention {a}.",
    "One more thing I would add to my earlier answers: {a}.",
)
_CORRECTION = ("I would like to correct one thing I said: {a}.", "One thing I said needs correcting: {a}.")
#: how the user admits they left something out; the note adds it without apologising (T6)
_SORRY = lazy(
    r"^(?:I\s+(?:should\s+have|should['’]ve|forgot\s+to|meant\s+to|didn['’]?t|did\s+not|never|want\s+to|"
    r"wanted\s+to|would\s+(?:like\s+to\s+)?)\s*"
    r"(?:said|say|mention(?:ed)?|bring\s+up|brought\s+up|talk\s+about|talked\s+about|add(?:ed)?)(?:\s+that)?\s*[,:]?\s*"
    r"|I['’]d\s+(?:like\s+to\s+|also\s+)?(?:add|say|mention)(?:\s+that)?\s*[,:]?\s*"
    r"|I\s+(?:left\s+out|missed|skipped|forgot)(?:\s+that)?\s+"
    r"|(?:also|plus|oh|and|btw|sorry)[,:]?\s+|to\s+add\s+to\s+my\s+(?:earlier\s+)?answer(?:\s+on\s+[^,:]+)?[,:]\s*)",
    re.IGNORECASE)
_THIN = lazy(r"^(?:my\s+)?answer\s+(?:on|about|to)\s+(?P<topic>.+?)\s+(?:was|felt|seemed)\s+"
                   r"(?:a\s+bit\s+|too\s+|really\s+|pretty\s+)?(?:thin|weak|short|vague|rushed|incomplete|poor)"
                   r"\s*(?:[—–:;,]|\s-\s)\s*(?P<rest>.+)$", re.IGNORECASE)
#: "my answer on X", "re X", "on X", "when you asked about X": what the topic is led by, left out
#: of "my answer on X"
_TOPIC_LEAD = lazy(r"^(?:(?:to\s+)?(?:my\s+)?(?:earlier\s+)?answers?\s+(?:on|about|to)\s+|re[:]?\s+|on\s+|about\s+|"
                   r"when\s+you\s+asked(?:\s+me)?\s+about\s+|"
                   r"(?:the\s+)?question\s+(?:on|about)\s+)", re.IGNORECASE)
#: a topic that says the addition corrects what was said
_CORRECTS = lazy(r"^(?:correction|to\s+correct|erratum|a\s+correction|small\s+correction|one\s+correction)"
                 r"(?:\s+(?:on|about|to|re|for)\s+.+)?$",
                 re.IGNORECASE)
#: a topic that is no topic ("also:", "update:", "ps:")
_NO_TOPIC = lazy(r"^(?:also|update|addendum|add|addition|ps|p\.s\.|btw|note|one\s+more\s+thing|plus|and)$",
                 re.IGNORECASE)


_SAID_BUT = lazy(r"^I\s+(?:said|told\s+you|quoted|mentioned|gave)\s+(?P<wrong>.+?),?\s+but\s+(?:(?P<was>it\s+(?:was|is)|"
                 r"it['’]s)|actually|in\s+fact|really)\s+(?P<right>.+)$", re.IGNORECASE)


def _amplify_parts(text: str) -> tuple[str, str]:
    """(topic, addition) of an amplification as typed: "falls: at Beech House we ...",
    "re the prioritisation question - I'd use ...", "my answer on X, we moved ...",
    "on the negotiation exercise I conceded ...", or no topic ("", the whole text)."""
    for sep in (r":\s+", r"\s+[-–—]+\s+", r",\s+"):
        found = re.match(rf"^(?P<t>[^:]+?){sep}(?P<a>.+)$", text)
        if not found:
            continue
        topic = found.group("t")
        led = _TOPIC_LEAD.match(topic)
        if sep == r",\s+" and not led:
            continue  # a comma is a topic's end only after "my answer on", "re", "on"
        if len(topic.split()) > 10 or _URL.search(topic) or (not led and remarks.is_clause(topic)):
            continue
        topic = re.sub(r"\s+(?:that\s+)?I\s+(?:forgot|left\s+out|missed|skipped|didn['’]t\s+mention)$", "", topic)
        return _bare(_TOPIC_LEAD.sub("", topic)), found.group("a")
    led = _TOPIC_LEAD.match(text)
    if led:  # "on the negotiation exercise I conceded ...": the topic ends where the candidate's clause starts
        found = re.match(r"^(?P<t>.+?)\s+(?P<a>(?:I|I['’]\w+|we|my)\s.+)$", text[led.end():])
        if found and len(found.group("t").split()) <= 8:
            return _bare(found.group("t")), found.group("a")
    return "", text


def amplify_sentence(text: str, variant: int) -> str:
    """One sentence adding to an answer, positively (T6), composed by the shape of what is
    added: a clause is added "that ..." ("I would like to add to my answer on falls that at
    Beech House we cut them ..."), a noun phrase after a colon; the topic, when the user
    gave one ("falls: ...", "re X - ...", "my answer on X, ..."), is the answer's."""
    text = remarks.tidy(text)
    text = re.sub(r"[,;.]?\s*(?:sorry|apologies|my\s+bad|oops)[!.]*$", "", text, flags=re.IGNORECASE).strip()
    if not text:
        return ""
    said = _SAID_BUT.match(text)
    if said:  # "I said 1,200 acres but it was 1,200 trees on 40 acres": a correction
        fixed = f"{_bare(said.group('right'))}, not {_bare(said.group('wrong'))}"
        lead = "it was " if said.group("was") else ""
        return _CORRECTION[variant % len(_CORRECTION)].format(a=lead + fixed)
    thin = _THIN.match(text)
    if thin:
        topic, addition = thin.group("topic"), thin.group("rest")
    else:
        topic, addition = _amplify_parts(text)
    if _NO_TOPIC.match(topic):
        topic = ""
    correcting = bool(_CORRECTS.match(topic))
    if correcting:
        topic = ""
    while (stripped := _SORRY.sub("", addition, count=1)) != addition:
        addition = stripped
    addition = _clause_of(addition)
    clause = remarks.is_clause(addition) or bool(re.match(r"^(?:I|we|I['’]\w+)\b", addition)) \
        or bool(re.match(r"^(?:at|in|on|during|after|before|when|last|this|since)\b", addition, re.IGNORECASE))
    if not clause and w.is_gerund(addition.split()[0]):
        addition = f"my experience {_lower_first(addition)}"  # "designing pipelines at Acme"
    topic = _lower_first(topic)
    if correcting:
        return _CORRECTION[variant % len(_CORRECTION)].format(a=_bare(addition))
    if topic:
        pick = (_AMPLIFY_CLAUSE if clause else _AMPLIFY_PHRASE)
    else:
        pick = (_AMPLIFY_OPEN if clause else _AMPLIFY_OPEN_PHRASE)
    return pick[variant % len(pick)].format(t=topic, a=_bare(addition))


def _clause_of(text: str) -> str:
    """The candidate's addition as a clause: a verb without its subject gets "I"; a noun
    phrase is what they have ("my CSCS card" -> "I have my CSCS card")."""
    text = _bare(text)
    words_ = text.split()
    if not words_:
        return text
    first = words_[0]
    if re.match(r"^(?:also)\b", text, re.IGNORECASE):
        text = text.split(" ", 1)[1] if " " in text else text
        return _clause_of(text)
    if _MINE.match(text) or remarks.is_clause(text) or re.search(r"\b(?:I|we)\b", " ".join(words_[:6])):
        return capital(text) if re.match(r"^I\b|^I['’]", text) else _lower_first(text)
    if (w.is_past(first) or w.is_base_verb(first)) and not w.can_be(first, "NOUN") or \
            w.is_past(first) and not w.is_third_person(first):
        return "I " + _lower_first(text)
    return f"I also have {_lower_first(text)}" if w.low(first) in ("my", "a", "an") else _lower_first(text)


_PROMISE_LEAD = lazy(
    r"^(?:here\s+(?:is|are)\s+|here['’]s\s+|attached\s+(?:is|are)\s+|I['’]ve\s+attached\s+|please\s+find(?:\s+attached)?\s+)|"
    r"^(?:(?:I\s+)?(?:said|promised|offered)(?:\s+(?:I['’]d|I\s+would|to))?\s+|I['’]d\s+|I\s+would\s+|I\s+will\s+|I['’]ll\s+|"
    r"will\s+|to\s+)?(?:send(?:\s+(?:you|her|him|them))?(?:\s+over)?|share|forward|e-?mail(?:\s+(?:you|her|him|them))?|"
    r"attach|provide|mail|get(?:\s+(?:you|her|him|them))?|give(?:\s+(?:you|her|him|them))?|pass\s+on)\s+",
    re.IGNORECASE,
)
_PROMISE_TAIL = lazy(r"\s+(?:that\s+)?(?:I|as\s+I)\s+(?:mentioned|promised|said|talked\s+about)\b(?:\s+I\s+would\b.*)?"
                     r"|,?\s*as\s+promised\b|\s*\((?:pdf|doc|docx|pptx?|xlsx?|csv|zip|link|attached)\)"
                     r"|,\s+(?:it['’]s|it\s+is|which\s+is|that['’]s)\b[^,]*$", re.IGNORECASE)
_DETERMINER = lazy(r"^(?:the|a|an|my|our|some|this|these|that|those|your|two|three|four|\d+)\b", re.IGNORECASE)


def promised_sentences(items: list[str], variant: int, attached: tuple[str, ...] = ()) -> list[str]:
    """What the candidate promised, as what they now do (T8), and never more: what is
    attached (``attached``: the items recorded with a file) is said to be attached; a link
    is given; anything else is offered ("I will send ... separately, as promised")."""
    offered: list[str] = []
    sent: list[str] = []
    out: list[str] = []
    attached_set = {" ".join(a.split()) for a in attached}
    for raw in items:
        text = _bare(remarks.tidy(raw))
        if not text:
            continue
        url = _URL.search(text)
        item = _bare(_PROMISE_TAIL.sub("", _PROMISE_LEAD.sub("", text)).strip())
        if url:
            label = _label(item.replace(url.group(), ""), "link")
            out.append(f"Here is {label} I promised: {url.group()}")
            continue
        item = _lower_first(item)
        item = item if _DETERMINER.match(item) else f"the {item}"
        (sent if " ".join(raw.split()) in attached_set else offered).append(item)
    if sent:
        things = _listed(sent)
        forms = (f"I've attached {things}, as promised.", f"As promised, I've attached {things}.")
        out.insert(0, forms[variant % len(forms)])
    if offered:
        things = _listed(offered)
        forms = (f"As promised, I will send {things} separately.",
                 f"I will follow up separately with {things}, as promised.")
        out.append(forms[1] if len(things.split()) > 8 else forms[variant % len(forms)])
    return out


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _label(text: str, default: str) -> str:
    """"the case study" from "case study: " or "(case study)" around a link."""
    text = re.sub(r"[():,]+|\s[-–—]+\s|^\s*[-–—]+|[-–—]+\s*$", " ", text)
    text = re.sub(r"^\s*(?:and|or|plus|also|then)\s+", "", text.strip(), flags=re.IGNORECASE)
    text = re.sub(r"^\s*(?:here\s+is|here's|link\s+to|see)\s+", "", text.strip(), flags=re.IGNORECASE)
    text = re.sub(r"\s+(?:is\s+)?(?:on|at|here|link)\s*$", "", text.strip(), flags=re.IGNORECASE)
    text = re.sub(r"^(?:link)\s*$", "", text.strip(), flags=re.IGNORECASE)
    text = _lower_first(" ".join(text.split()))
    if not text:
        return f"the {default}"
    return text if _DETERMINER.match(text) else f"the {text}"


def links_sentence(links: list[str]) -> str:
    """"Here is the case study I mentioned: URL" (no stop after a link: it must still work);
    a link the user described without its address is offered."""
    found: list[tuple[str, str]] = []
    described: list[str] = []
    for raw in links:
        raw = remarks.tidy(raw)
        urls = list(_URL.finditer(raw))
        if not urls:
            described.append(_bare(re.split(r",\s+(?:it['’]s|which\s+is)\b", raw)[0]))
            continue
        start = 0
        for url in urls:
            around = raw[start:url.start()]
            found.append((url.group(), around))
            start = url.end()
    parts = []
    if len(found) == 1:
        url, around = found[0]
        label = _label(around, "link")
        parts.append(f"Here is {label}, as I mentioned: {url}" if len(label.split()) > 4
                     else f"Here is {label} I mentioned: {url}")
    elif found:
        labelled = [f"{_label(a, 'link')} at {u}" if _label(a, "") != "the " else u for u, a in found]
        parts.append("Here are the links I mentioned: " + _listed(labelled))
    if described:
        things = _listed([_lower_first(d) if _DETERMINER.match(_lower_first(d)) else f"the {_lower_first(d)}"
                          for d in described])
        parts.append(f"I would be glad to send {things} if it would help.")
    return " ".join(parts)


_AVAILABLE = (
    "I am available {t} if a further conversation would help.",
    "If it would help to talk again, I am free {t}.",
)


def availability_sentence(text: str, variant: int) -> str:
    """When the candidate is free, or can start, as a sentence of theirs."""
    text = _bare(remarks.tidy(text))
    if not text:
        return ""
    if re.match(r"^(?:I\b|I['’]|my\b)", text, re.IGNORECASE):
        return ended(capital(text))
    labelled = re.match(r"^(?P<label>(?:earliest\s+)?start(?:ing)?(?:\s+date)?|notice(?:\s+period)?)\s*[:=-]\s*(?P<v>.+)$",
                        text, re.IGNORECASE)
    if labelled:  # "start date: 4 May", "notice: one month"
        value = labelled.group("v")
        if labelled.group("label").lower().startswith("notice"):
            return ended(f"My notice period is {_lower_first(value)}")
        on = "on " if re.match(r"^(?:\d|mon|tue|wed|thu|fri|sat|sun)", value, re.IGNORECASE) else ""
        return ended(f"I can start {on}{_lower_first(value)}")
    text = re.sub(r"^(?:out|away|off)\s+(?=\d|on\b|from\b|until\b|the\b)", "away ", text, flags=re.IGNORECASE)
    if text.lower().startswith("away "):
        rest = [p.strip() for p in re.split(r",\s+", text) if p.strip()]
        tail = [re.sub(r"^otherwise\s+", "", r, flags=re.IGNORECASE) for r in rest[1:]]
        return ended(f"I am {rest[0]}" + (f" and otherwise {' and '.join(tail)}" if tail else ""))
    parts = [p.strip() for p in re.split(r",\s+", text) if p.strip()]
    # "…, not Sundays": an exclusion of what comes before it
    parts = [*parts[:1], *(re.sub(r"^(?:but\s+)?not\s+", "except ", p, flags=re.IGNORECASE) for p in parts[1:])]
    if len(parts) > 1 and parts[-1].startswith("except "):
        parts = [*parts[:-2], f"{parts[-2]}, {parts[-1]},"]
    first = parts[0].split()[0]
    verbish = w.low(first) in w.MODALS or w.low(first) in ("need", "have", "start", "am") or (
        w.is_base_verb(first) and not w.can_be(first, "NOUN"))
    if len(parts) > 1 and any(w.low(p.split()[0]) in w.MODALS or "notice" in p for p in parts) or verbish \
            or "notice" in text:
        clauses = []
        for part in parts:
            head = w.low(part.split()[0])
            if head in w.MODALS or head in ("need", "have", "start") or w.is_base_verb(part.split()[0]) \
                    and not w.can_be(part.split()[0], "NOUN"):
                clauses.append(f"I {_lower_first(part)}")
            elif "notice" in part:
                # "currently on 4 weeks' notice": after its adverbs, a preposition says where the candidate is
                lead = [x for x in part.split() if w.low(x) in w.PREPOSITIONS or set(w.lemmas(w.core(x))) != {"ADV"}]
                verb = "am" if lead and w.low(lead[0]) in w.PREPOSITIONS else "have"
                clauses.append(f"I {verb} {_lower_first(part)}")
            else:
                clauses.append("I am available " + re.sub(r"^(?:available|free)\s+", "", _lower_first(part)))
        return ended(", and ".join([clauses[0], *clauses[1:]]) if len(clauses) < 3 else
                     ", ".join(clauses[:-1]) + ", and " + clauses[-1])
    text = re.sub(r"^(?:available|free)\s+", "", _lower_first(", ".join(parts)), flags=re.IGNORECASE)
    return _AVAILABLE[variant % len(_AVAILABLE)].format(t=text).replace(",.", ".")
