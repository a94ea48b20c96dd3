"""Whom a note speaks to, and whether it says anything only this reader could get.

perspective
    A note is written to its reader, in the candidate's own voice. Three slips turn
    that around, each an error:

    - the reader's own name in the third person: "Cáit's point", "as Tomasz put it",
      "please pass my thanks to Marguerite" in the note to that person. The name in
      the greeting, or set off by commas as an address ("Thanks again, Ingrid."), is
      fine;
    - "she"/"he"/"her"/"his" when nobody but the reader can be meant: no other person
      (a name, or a noun for a person: "my manager", "a parent") comes before it;
    - "our" meaning the employer in the voice of a candidate not yet hired: "help our
      team", "I hope our ward finds a great nurse", "our clients deserve ...". Read
      by the shape of the sentence: "our" is the candidate's own when what it names is
      something the two of them share (the conversation, the call, their paths, their
      profession), when the sentence is set at the candidate's own work ("at my
      current job", "in my last team"), when it tells of the past ("we ran", "I cut
      our pager volume"), or when the candidate offers their own material ("I can
      share our runbooks"). It is the employer's when the sentence looks ahead to
      joining ("I'd love to", "I hope", "would give", "I want") or makes "our ..." the
      subject of a statement in the present ("our clients deserve", "what our customers
      in the far regions feel"). A question or clause inside the sentence keeps its own
      tense ("I have been thinking about how our clients come ..."), and "our ..." right
      after a verb whose next word may be a noun is its object ("cut our drift tickets");
    - "we" for the employer: what the reader told, told again in the present ("great to
      hear that we promote from the shop floor", "you said we ..."). "That we could talk
      again" is the two of them.
    Quoted text (the reader's own words) is never read for any of these.

generic
    A thank-you that names nothing of this reader's conversation (T4): no word it
    shares with the texts a draft repeats (``recorded``), no rarer word or pair of
    words it shares with what the user recorded about this reader or elsewhere
    (``reader_notes``, ``recorded_words``), nothing the reader said, asked or described ("you said", "your point", a quotation), nothing the
    candidate promised or mentioned in it ("as promised"), no story of the
    candidate's own work ("on my last team ..."), and no word rarer than
    everyday English (a tool, a figure, an acronym) once the company, the role, the
    names, the days and the signature are set aside. An adverb ("keenly") is no topic
    however rare; a word of a name ("Puffin Ward") is no topic on either side; one word
    shared counts only with what was recorded of this reader (another reader's remark or
    a calendar title counts through a pair of words). Such a note could be sent to
    anyone; an error. A note with a slot left for the remark is the placeholder
    check's.
"""

from __future__ import annotations

import calendar
import re

from mailflow.proofread.names import ERROR, WARNING, Finding, ProofContext
from mailflow.proofread.reading import PLACEHOLDER, Document, short
from mailflow.rules.names import GIVEN_TITLES, TITLES, is_role_mailbox, read_name

#: the kinds written to one person
PERSONAL_KINDS = ("thank_you", "follow_up", "withdrawal", "rejection_reply", "linkedin_note")

#: a title before a name (``rules.names``: its titles, and a rank the invite shows by shape)
_TITLES = r"(?:" + "|".join(sorted((re.escape(t.capitalize()) for t in TITLES | GIVEN_TITLES), key=len, reverse=True)) \
    + r")\.?"
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|(?<![\w])'[^'\n]{3,}?'(?![\w])|‘[^’\n]*’")
_GREETING_WORD = re.compile(r"(?:dear|hi|hello|hey|morning|afternoon|evening|thanks|thank\s+you)\W*$", re.IGNORECASE)
_WROTE = re.compile(r"\bwrote:\s*$|^\s*(?:on|le|am)\s.*\d.*:\s*$", re.IGNORECASE)

_PRONOUN = re.compile(r"(?<![\w'’-])(she|he|her|him|his|hers|herself|himself)(?![\w'’-])", re.IGNORECASE)
#: nouns for a person that do not end like an agent noun
_PERSON_NOUNS = frozenset(
    "person child kid baby toddler infant colleague friend boss mother father mum mom dad son daughter wife "
    "husband partner pupil nurse chef head guy woman man girl boy lady gentleman peer mentee family "
    "relative neighbour neighbor candidate applicant".split())
_AGENT = re.compile(r"[a-z]{2,}(?:er|or|ist|ian|ent|ant|eer|ee|ess)s?$")
_PERSON_DETERMINERS = frozenset("a an the my our their this that one another every each your".split())
_MONTHS_DAYS = frozenset(n.lower() for n in (*calendar.month_name[1:], *calendar.day_name))

#: what a candidate and an interviewer share, so "our" it is theirs: the conversation
#: and its kinds, their paths, the field both work in
_SHARED = frozenset(
    "conversation conversations chat chats call calls talk talks discussion discussions meeting meetings "
    "interview interviews exchange exchanges session sessions paths tangent time phone screen video visit "
    "correspondence emails email profession field industry sector trade discipline community craft".split())
#: the candidate's own workplace, now or before
_OWN_WORK = re.compile(
    r"\bmy\s+(?:current|last|previous|old|former|present|own)\b|\b(?:at|in|on|with)\s+my\b|\bmy\s+team\b"
    r"|\b(?:previously|formerly|last\s+year)\b", re.IGNORECASE)
#: looking ahead to the job
_AHEAD = re.compile(
    r"\b(?:would|could|will|shall)\b|['’](?:d|ll)\b|\b(?:hope|hoping|hoped|want|wanting|wish|love|keen|eager|"
    r"forward|excited|chance|opportunity)\b", re.IGNORECASE)
#: offering one's own material
_OFFER = frozenset("share send show forward attach describe explain present circulate walk".split())
_CLAUSE_END = re.compile(r"[.!?;:\u2014\u2013]|\s-\s|\n")


def perspective(doc: Document, ctx: ProofContext) -> list[Finding]:
    if ctx.kind not in PERSONAL_KINDS or not ctx.recipient_name.strip() or is_role_mailbox(ctx.recipient_email):
        return []
    text = _body(doc)
    out = _reader_named(text, ctx) + _reader_pronoun(text, ctx) + _employer_our(text, ctx)
    if not any(f.excerpt.casefold().startswith("our") for f in out):
        out += _employer_we(text, ctx)
    if not any(f.excerpt.casefold().startswith(("our", "we")) for f in out):
        out += _echoed_our(text, ctx)
    return out


def _echoed_our(text: str, ctx: ProofContext) -> list[Finding]:
    """"Setting our p95 latency budget by ...", "because we set from Year 9": the reader's own
    "our X" or "we <verb>", as recorded of them, written again in the candidate's voice. The
    words after "our"/"we" are theirs, so the "our"/"we" is their employer's, whatever the
    tense. The candidate's own workplace named in the sentence ("at my current job our ...")
    keeps it the candidate's."""
    said = {_echo_key(m) for note in ctx.reader_notes for m in _OUR_WE.finditer(note)}
    from mailflow.compose import words

    for m in _OUR_WE.finditer(text):
        if _echo_key(m) not in said or m.group(3).casefold() in _SHARED or m.group(3).casefold() == "both":
            continue  # "we both trained in Bergen": the candidate and the reader
        if m.group(1).casefold() == "we" and not m.group(2) and words.is_past(m.group(3)) \
                and not words.is_base_verb(m.group(3)):
            continue  # "in 2021 we sequenced ...": a story told of the past, the candidate's own
        sentence = _sentence_at(text, m.start())
        opening = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
        if _OWN_WORK.search(sentence) or _elsewhere(text[opening:m.start()], ctx):
            continue
        opening = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
        if re.search(r"\b[Yy]our\s+[\w'’-]+\s+that\b|\b[Yy]ou\s+(?:said|told|mentioned|explained)\b",
                     text[opening:m.start()]):
            continue  # "your idea that post-mortems should change what we build": their words, reported
        # the whole remark repeated as recorded, in a draft mailflow composes from it
        # (``recorded``: the texts the composer repeats), is the composer's to turn: a
        # warning there, never a draft held back. Typed or pasted by the user, it is an error.
        whole = any(" ".join(n.split()).casefold().rstrip(".!?") in " ".join(sentence.split()).casefold()
                    for n in ctx.recorded if n.strip())
        return [Finding(
            "perspective", WARNING if whole else ERROR, m.group(),
            f"{short(sentence)!r}: {m.group()!r} is the reader's own phrase; in the candidate's voice it speaks "
            "for the employer.", "write \"your\" or \"you\" (\"your p95 budget\", \"you set\")",
        )]
    return []


#: "our X", "we X", "we'd X": the reader's possessive or subject and the word after it
_OUR_WE = re.compile(r"(?<![\w'’-])(our|we)((?:['’](?:d|ll|re|ve))?)\s+([\w'’-]+)", re.IGNORECASE)


def _echo_key(m: re.Match) -> str:
    return f"{m.group(1).casefold()}{m.group(2).replace('’', chr(39)).casefold()} {m.group(3).casefold()}"


def _body(doc: Document) -> str:
    """The note's own running text: body lines (no greeting, closing, signature,
    quoted history, "On ... wrote:"), with quotations blanked."""
    lines = [ln.text if ln.role == "body" and not _WROTE.search(ln.text) else "" for ln in doc.lines]
    text = PLACEHOLDER.sub(lambda m: " " * len(m.group()), "\n".join(lines))
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


def _name_patterns(ctx: ProofContext) -> list[re.Pattern]:
    name = read_name(ctx.recipient_name, ctx.recipient_email)
    found = []
    if name.given and len(name.given) > 1:
        found.append(re.escape(name.given))
    titles = _TITLES if not name.title else rf"(?:{_TITLES}|{re.escape(name.title)})"  # "DCI Hale", "Supt. Okafor"
    full = " ".join(w for w in name.full.split() if not re.fullmatch(titles, w))
    if full and full != name.given:
        found.append(r"\s+".join(re.escape(w) for w in full.split()))
    if name.family:
        found.append(titles + r"\s+(?:\S+\s+){0,2}?" + re.escape(name.family))
    return [re.compile(rf"(?<![\w'’-])(?:{p})(?![\w-])") for p in found]


def _vocative(text: str, start: int, end: int) -> bool:
    """"Thanks again, Ingrid." / "Ingrid, thank you ...": the name is said to them."""
    before = text[:start].rstrip(" \t")
    after = text[end:].lstrip(" \t")
    opens = not before or before[-1] in ",.!?\n:;(" or bool(_GREETING_WORD.search(before[-20:]))
    closes = not after or after[0] in ",.!?\n;)"
    return opens and closes and not after.startswith(("'s", "’s"))


def _reader_named(text: str, ctx: ProofContext) -> list[Finding]:
    own = [ctx.company, ctx.role]
    out = []
    for pattern in _name_patterns(ctx):
        for m in pattern.finditer(text):
            if _vocative(text, m.start(), m.end()):
                continue
            if any(m.group() in o for o in own if o):
                continue
            sentence = _sentence_at(text, m.start())
            out.append(Finding(
                "perspective", ERROR, m.group(),
                f"{short(sentence)!r} speaks of {m.group()} in the third person, in a note to {m.group()}.",
                "write to them: \"your point\", \"as you put it\", \"thank you for ...\"",
            ))
            return out
    return out


def _sentence_at(text: str, at: int) -> str:
    start = max(text.rfind(c, 0, at) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, at) for c in ".!?\n") if i >= 0]
    return text[start: (min(ends) + 1) if ends else len(text)].strip()


def _reader_pronoun(text: str, ctx: ProofContext) -> list[Finding]:
    for m in _PRONOUN.finditer(text):
        if _antecedent(text[:m.start()], ctx):
            return []  # someone else is spoken of: the pronouns can be theirs
        sentence = _sentence_at(text, m.start())
        return [Finding(
            "perspective", ERROR, m.group(),
            f"{short(sentence)!r}: {m.group()!r} can only mean {ctx.recipient_name}, who is reading the note.",
            "write to them: \"you\", \"your\"",
        )]
    return []


def _antecedent(before: str, ctx: ProofContext) -> bool:
    """Whether ``before`` names a person other than the reader: a capitalised word in
    mid-sentence that is not the company, the role, a day or month, or the reader's
    name; or a determiner with a noun for a person ("my manager", "a parent")."""
    from mailflow.compose import words

    reader = {w.casefold() for w in re.findall(r"\w+", ctx.recipient_name)}
    setting = {w.casefold() for w in re.findall(r"\w+", f"{ctx.company} {ctx.role}")}
    tokens = re.findall(r"[\w'’-]+|[.!?:;\n]", before)
    for i, token in enumerate(tokens):
        previous = tokens[i - 1] if i else "."
        low = token.casefold().removesuffix("'s").removesuffix("’s")
        if token[:1].isupper() and token not in ("I", "I'm", "I've", "I'd", "I'll") and not token.isupper() \
                and low not in reader and low not in setting and low not in _MONTHS_DAYS:
            # mid-sentence any name; at the start of a sentence, a word no dictionary knows ("Piotr")
            if previous not in ".!?:;\n" or not words.known(low):
                return True
        if previous.casefold() in _PERSON_DETERMINERS or (i > 1 and tokens[i - 2].casefold() in _PERSON_DETERMINERS):
            if low in _PERSON_NOUNS or (low.rstrip("s") in _PERSON_NOUNS) or (
                    _AGENT.fullmatch(low) and words.can_be(low, "NOUN")):
                if token[:1].isupper() and low in setting:
                    continue  # "the Staff Nurse post": the role's own words
                return True
    return False


#: the reader's words reported: "You said most of our clients ...", "Your point that our funders
#: ...", "You were right that most of our toil ...", "hearing how our pupils settle" is their
#: "our", the employer's
_REPORTED = re.compile(r"\byou\s+(?:\w+ly\s+)?(?:were\s+saying|said|mentioned|explained|described|told\s+me|"
                       r"pointed\s+out|noted|stressed|observed|emphasi[sz]ed|underlined|highlighted)\b"
                       r"|\byour\s+(?:[\w-]+\s+){0,2}?(?:point|idea|view|remark|comment|observation|sense|belief|"
                       r"argument|advice|story|description|explanation|reminder|insight|worry|concern|aim|hope|"
                       r"warning|claim|principle|rule)s?\s+(?:that|about)\b"
                       r"|\byou\s*(?:were|are|['’]re)\s+(?:\w+\s+)?right\s+(?:that|about)\b"
                       r"|\b(?:hear|hearing|heard|learn|learning|learnt|learned)\s+(?:that|how|why|what)\b",
                       re.IGNORECASE)


def _elsewhere(earlier: str, ctx: ProofContext) -> bool:
    """"at Southmead our ward ...": a place named before "our" that is not the company
    (nor a day or a month) sets the sentence at the candidate's own work."""
    from mailflow.compose import words

    setting = {w.casefold() for w in re.findall(r"\w+", f"{ctx.company} {ctx.role}")}
    for m in re.finditer(r"\b(?:[Aa]t|[Ii]n|[Ww]ith)\s+((?:[A-Z][\w'’&-]*)(?:\s+[A-Z][\w'’&-]*){0,2})(?![\w'’-]|\s+\d)",
                         earlier):
        names = re.findall(r"[\w'’&-]+", m.group(1))
        if any(w.casefold() in setting or w.casefold() in _MONTHS_DAYS for w in names):
            continue
        if len(names) > 1 or not words.known(names[0]):  # "in Year 7" is no place; "at Southmead" is
            return True
    return False


def _employer_our(text: str, ctx: ProofContext) -> list[Finding]:
    from mailflow.compose import words

    for m in re.finditer(r"(?<![\w'’-])our(?![\w'’-])", text, re.IGNORECASE):
        start = max((e.end() for e in _CLAUSE_END.finditer(text, 0, m.start())), default=0)
        stop = re.compile(r"[,.!?;:\u2014\u2013]|\s-\s|\n").search(text, m.end())
        before, after = text[start:m.start()], text[m.end():stop.start() if stop else len(text)]
        opening = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
        earlier = text[opening:m.start()]  # the sentence so far
        following = re.findall(r"[\w'’-]+", after)
        if any(w.casefold() in _SHARED for w in following[:3]) or following[:1] in (["own"], ["two"]):
            continue  # "our conversation", "our paths", "our phone screen", "how our two plants differ"
        at_own = re.match(r"\s*(?:[\w'’-]+\s+){1,2}at\s+((?:[A-Z][\w'’&-]*)(?:\s+[A-Z][\w'’&-]*){0,2})", after)
        if at_own and not _AHEAD.search(before) \
                and at_own.group(1).casefold() not in ((ctx.company or "").casefold(), "") \
                and not _MONTHS_DAYS & {w.casefold() for w in at_own.group(1).split()} \
                and not (ctx.company or "").casefold().startswith(at_own.group(1).casefold()):
            continue  # "our approach at Alder Foods was": the candidate's former workplace (not "to bring ... to
            # our store at Cabot Circus": a place ahead is the employer's)
        # the past is read in this clause ("..., and I would love to help our team" is ahead),
        # and in the question or clause "our" stands in ("I have been thinking about how
        # our clients come ...": the thinking is past, the clients' habit is not)
        this_clause = re.split(r",\s+(?:and|but|so)\b|;", earlier)[-1]
        # "I have been thinking about how ...": a thought that runs up to now; "I explained how
        # our on-call works" stays told of the past
        inner = _INNER_CLAUSE.split(this_clause)[-1] if _ONGOING.search(this_clause) else this_clause
        # their words reported in this clause ("your point that our funders ..."), with no
        # colon, dash or place of the candidate's own between the report and "our"
        said = re.split(r"[:;\u2014\u2013]|\s-\s", this_clause)[-1]
        cue = _REPORTED.search(said)
        between = said[cue.end():] if cue else ""
        reported = cue and not (_OWN_WORK.search(between) or _elsewhere(between, ctx)
                                or _told_of_past(re.findall(r"[\w'’-]+", between), words))
        if not reported and (_OWN_WORK.search(earlier) or _elsewhere(this_clause, ctx)
                             or _told_of_past(re.findall(r"[\w'’-]+", inner), words)):
            continue  # "at my current job I cut our pager volume", "at Southmead our ward runs ..."
        verbs = [w for w in re.findall(r"[\w'’-]+", before) if words.verb_lemma(w)]
        if verbs and words.verb_lemma(verbs[-1]).casefold() in _OFFER:
            continue  # "I can share our runbooks": the candidate's own
        ahead = bool(_AHEAD.search(before))
        subject = _subject_of_present(following, words)
        previous = re.findall(r"[\w'’-]+", before)[-1:]
        if previous and subject and _takes_object(previous[0], words) and _noun_as_verb(following, words):
            subject = False  # "a CODEOWNERS file cut our drift tickets": "our ..." is its object
        if not reported and (subject is None or not (ahead or subject)):
            continue
        sentence = _sentence_at(text, m.start())
        return [Finding(
            "perspective", ERROR, m.group() + " " + " ".join(following[:2]),
            f"{short(sentence)!r}: 'our' speaks for the employer, in the voice of a candidate who has not joined.",
            "write \"your\" (\"your team\", \"your ward\"), or \"the ...\"",
        )]
    return []


_SUBJECTS = frozenset("i we they you he she it who which that team".split())
#: news the reader gave, told again: "to hear that we promote ...", "you said we ..."
_TOLD_WE = re.compile(
    r"\b(?:hear(?:ing|d)?|learn(?:ing|ed|t)?|find(?:ing)?\s+out|found\s+out|"
    r"discover(?:ing|ed)?)\s+(?:that|how)\s+we\s+(?!both\b|all\b)(?:(?:always|usually|often|now|still|only|really|"
    r"actually)\s+)?([\w'’-]+)"
    r"|\byou\s+(?:\w+ly\s+)?(?:said|mentioned|explained|told\s+me|pointed\s+out|noted|stressed)\s+(?:that\s+)?"
    r"we\s+(?!both\b|all\b)(?:(?:always|usually|often|now|still|only|really|actually)\s+)?([\w'’-]+)", re.IGNORECASE)


def _employer_we(text: str, ctx: ProofContext) -> list[Finding]:
    """"It was great to hear that we promote store managers from the shop floor": what the
    reader told of their employer, told again with their "we", in the present tense. The
    candidate has not joined: it is "you" ("that you promote ...")."""
    from mailflow.compose import words

    for m in _TOLD_WE.finditer(text):
        verb = m.group(1) or m.group(2)
        low = verb.casefold()
        if low in words.MODALS or low in ("'d", "’d", "had", "were", "was", "did") or words.is_past(verb) \
                and not words.is_base_verb(verb):
            continue  # "that we could talk again", "that we had met": the two of them
        if not (low in ("are", "have", "do", "'re", "’re") or words.is_base_verb(verb)):
            continue
        sentence = _sentence_at(text, m.start())
        opening = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
        if _OWN_WORK.search(sentence) or _elsewhere(text[opening:m.start()], ctx):
            continue  # a place named after it ("coaching the team at Cabot Circus") is where, not whose
        return [Finding(
            "perspective", ERROR, f"we {verb}",
            f"{short(sentence)!r}: 'we' speaks for the employer, in the voice of a candidate who has not joined.",
            "write \"you\" (\"that you promote ...\"), or name the team",
        )]
    return []
#: a question or clause told inside the sentence: its own tense ("how we could cut")
_INNER_CLAUSE = re.compile(r"\b(?:how|what|whether|why|where)\b", re.IGNORECASE)
#: a thought or a piece of work that runs up to now ("I have been sketching how ...")
_ONGOING = re.compile(r"\b(?:have|has|['’]ve)\s+been\s+\w+ing\b|\b(?:am|['’]m)\s+\w+ing\b", re.IGNORECASE)


def _noun_as_verb(following: list[str], words) -> bool:
    """Whether the word after "our" that reads as its verb can as well be a noun ("our
    drift tickets": "tickets" is the noun; "our clients deserve": a verb only)."""
    for w in following[1:6]:
        if words.is_third_person(w) or words.is_base_verb(w):
            return words.can_be(w, "NOUN")
    return False


def _takes_object(word: str, words) -> bool:
    """Whether ``word`` right before "our" is a verb whose object "our ..." is ("cut our
    tickets", "setting our budget"): a word the lexicon knows as a verb, not a function
    word, an auxiliary or a modal."""
    low = word.casefold()
    if low in words.AUXILIARIES or words.is_function_word(low) or low in ("to", "not"):
        return False
    return bool(words.lemmas(low).get("VERB")) and not low.endswith("ly")


def _told_of_past(tokens: list[str], words) -> bool:
    """A past tense or a perfect among the words: the sentence tells what happened."""
    for i, w in enumerate(tokens):
        low = w.casefold()
        if low in ("had", "was", "were", "did", "'ve", "’ve") or low.endswith(("'ve", "’ve")):
            return True
        if low in ("have", "has") and i + 1 < len(tokens) and (words.is_past(tokens[i + 1]) or
                                                             tokens[i + 1].casefold() in ("been", "had")):
            return True
        subject = tokens[i - 1].casefold() if i else ""
        if low not in words.MODALS and words.is_past(w) and subject in _SUBJECTS and (
                not words.is_base_verb(w) or subject in ("i", "we")):
            return True  # "we ran", "I rewrote", "I cut", "which we used": not "very interested"
    return False


def _subject_of_present(following: list[str], words) -> bool | None:
    """After "our": True when its noun phrase is the subject of a present-tense verb
    ("our clients deserve"), None when of a past one ("our team reworked"), else False."""
    for i, w in enumerate(following[:6]):
        if i == 0:
            continue
        low = w.casefold()
        if low in words.AUXILIARIES or low.endswith(("n't", "n’t")):
            return None if low in ("was", "were", "had", "did") else True
        if words.is_past(w) and not words.is_base_verb(w):
            return None
        after = following[i + 1].casefold() if i + 1 < len(following) else ""
        if words.is_plural_noun(w) and (after in words.AUXILIARIES or words.is_finite(after)):
            continue  # "our volunteers' credits were": the noun, then its verb
        if words.is_third_person(w) or (words.is_base_verb(w) and not words.can_be(w, "NOUN")
                                        and not words.can_be(w, "ADJ")):
            return True
        if low in words.PREPOSITIONS and low not in ("to", "than", "like"):
            return _verb_after_phrase(following[i + 1:i + 8], words)  # "our customers in the far regions feel"
        if low in words.PREPOSITIONS or low in words.CONJUNCTIONS or low in words.DETERMINERS or low == "to":
            return False
    return False


def _verb_after_phrase(tokens: list[str], words) -> bool:
    """After a preposition: its noun phrase (determiners, adjectives, nouns), any adverbs,
    then a present-tense verb ("in the far regions actually feel")."""
    i = 0
    while i < len(tokens) and (tokens[i].casefold() in words.DETERMINERS or tokens[i].isdigit() or (
            (words.can_be(tokens[i], "NOUN") or words.can_be(tokens[i], "ADJ"))
            and tokens[i].casefold() not in words.AUXILIARIES and not words.is_function_word(tokens[i]))):
        i += 1
    if i == 0:
        return False
    while i < len(tokens) and tokens[i].casefold().endswith("ly") and words.can_be(tokens[i], "ADV"):
        i += 1
    if i >= len(tokens):
        return False
    verb = tokens[i]
    return verb.casefold() in ("is", "are", "has", "have", "does", "do") or words.is_third_person(verb) or (
        words.is_base_verb(verb) and not words.can_be(verb, "NOUN") and not words.can_be(verb, "ADJ"))


# --------------------------------------------------------------------------- generic

_READER_SAID = re.compile(
    r"\byou\s+(?:\w+ly\s+)?(?:said|mentioned|described|asked|explained|told|shared|pointed|raised|suggested|"
    r"noted|put\s+it|showed|walked|talked\s+about|spoke\s+about|emphasi[sz]ed|stressed|argued|recommended|"
    r"framed|called|gave)\b"
    r"|\bas\s+you\s+(?:put|said)\b|\bI\s+agree\s+(?:that|with)\b|[\"“”‘]"
    r"|\bas\s+promised\b|\bI\s+(?:promised|mentioned)\b", re.IGNORECASE)
#: the reader's own words quoted, or something the candidate promised or mentioned
_THEIR_WORDS = re.compile(r"[\"“”‘]|\bas\s+promised\b|\bI\s+(?:promised|mentioned)\b", re.IGNORECASE)
#: the verbs of saying themselves
_SAYING = frozenset("say said mention describe ask explain tell share point raise suggest note put show walk talk "
                    "speak emphasise emphasize stress argue recommend frame call give agree".split())
#: what "your" is said of in any thank-you: not the reader's contribution
_COURTESY = frozenset(
    "time consideration help interest patience hospitality kindness attention insight insights team organisation "
    "organization company business firm school hospital trust charity role position post job vacancy "
    "opportunity process day morning afternoon week schedule calendar office".split())
_DAYS_WORDS = re.compile(
    r"(?i)(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:['’]s)?|morning|afternoon(?:['’]s)?|evening|"
    r"today(?:['’]s)?|yesterday|tonight|week|weekend")
#: a word rarer than this (per the dictionary's frequency) is a specific one
RARE = 2000


def generic(doc: Document, ctx: ProofContext, dictionary) -> list[Finding]:
    """A thank-you that names nothing of this conversation, measured against what mailflow
    knows of it: the remarks recorded (this reader's one word, anyone's through a pair of
    words), the calendar's titles, the reader's own words quoted, a number. A sentence
    about the reader ("the rollout you sketched", "your question about ...") counts when
    it carries a word rare enough to name something; praise of the reader's "insight",
    "perspective" or "mission", and the candidate's own skills or love of the company,
    name nothing a different interviewer could not have heard."""
    if ctx.kind != "thank_you":
        return []
    text = "\n".join(ln.text for ln in doc.lines if ln.role == "body" and not _WROTE.search(ln.text))
    if _specific(text, ctx, dictionary):
        return []
    return [Finding(
        "generic", ERROR, short(text.strip().split("\n")[0]),
        f"The note says nothing of your conversation with {ctx.recipient_name or 'them'}: "
        "it could be sent to anyone.",
        "name something they said or asked, or a topic you discussed, and what you would bring to it (T4)",
    )]


#: a sentence about what the reader said or did: "you" before a verb ("the rollout you
#: sketched", "you are right that"), "yours", or something of theirs ("your point that",
#: "Priya's question about") with a complement that says what it was
_READER_TIED = re.compile(
    r"\b[Yy]ou(?:['’](?:re|ve|d|ll))?\s+(?:\w+ly\s+)?([a-z]+)\b|\byours\b"
    r"|(?:\b[Yy]our|\b[A-Z][\w-]+['’]s)\s+(?:[\w-]+\s+)?([\w'-]+)\s*(?:that|about|on|of|for|into|to|with|:|—|–|-)\s")


def _specific(text: str, ctx: ProofContext, dictionary) -> bool:
    if not text.strip() or _THEIR_WORDS.search(text) or PLACEHOLDER.search(text):
        return True  # a slot left for the remark is the placeholder check's
    setting = {w.casefold() for w in re.findall(r"\w+", " ".join(
        (ctx.company, ctx.role, ctx.recipient_name, ctx.signature, *ctx.known_words)))}
    own = _content(_without_proper_names(text), setting, dictionary)  # "Cabot Circus" is a place, no topic
    mine = {lemma for t in ctx.recorded for lemma, _ in _content(t, setting, dictionary)}
    if mine & {lemma for lemma, _ in own}:
        return True  # it repeats what the user recorded for this message
    recorded, pairs = set(), set()
    for t in (*ctx.reader_notes, *ctx.recorded_words):
        # a word of a name ("Puffin Ward", a calendar title's "Staff Nurse") is no topic of
        # theirs: the note's "the ward" shares nothing with it. One word shared counts with
        # what was recorded of this reader; with the rest (another reader's remark, the
        # calendar's titles) only a pair of words does
        t = _without_proper_names(t)
        if t in ctx.reader_notes or _without_proper_names(t) in map(_without_proper_names, ctx.reader_notes):
            recorded |= {lemma for lemma, _ in _content(t, setting, dictionary)}
        pairs |= _pairs(t, setting, dictionary)
    if {lemma for lemma, frequency in own if lemma in recorded and frequency < 10 * RARE}:
        return True
    if _pairs(_without_proper_names(text), setting, dictionary) & pairs:
        return True
    if re.search(r"\d", _DAYS_WORDS.sub("", mask_dates(text))):
        return True
    if re.search(r"\bmy\s+(?:current|last|previous|former|old)\b", text, re.IGNORECASE):
        return True  # a story of the candidate's own work, told to this reader
    theirs = {lemma for t in (*ctx.reader_notes, *ctx.recorded) for lemma, _ in _content(t, setting, dictionary)}
    theirs -= _SAYING  # "said via Ana": a remark naming no topic measures nothing
    if not theirs:
        # nothing of this reader was recorded: there is nothing to measure the note against,
        # so something of theirs, what they said with substance, or a rare word anywhere
        # ("my answer on partitioning") is taken as the conversation's
        return _specific_unrecorded(text, setting, dictionary)
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        if not any(_tied(m) for m in _READER_TIED.finditer(sentence)):
            continue
        # an adverb says how, never what ("keenly", "most sincerely"); a name in capitals
        # is a place or an organisation, no topic
        if any((frequency < RARE and not _adverb(lemma)) or lemma in theirs
               for lemma, frequency in _content(_without_proper_names(sentence), setting, dictionary)
               if lemma not in _SAYING):
            return True
    return False


def _specific_unrecorded(text: str, setting: set[str], dictionary) -> bool:
    if any(m.group(1).casefold() not in _COURTESY
           for m in re.finditer(r"(?:\b[Yy]our|\b[A-Z][\w-]+['’]s)\s+([\w'-]+)", text)):
        return True  # "your point", "your story", "Priya's question": something of theirs
    for m in _READER_SAID.finditer(text):
        # "You said half of a bid is the call with the funder": what they said has substance;
        # "the values you described" names nothing
        said = _content(_sentence_at(text, m.start()), setting, dictionary)
        if any(f < 10 * RARE for lemma, f in said if lemma not in _SAYING):
            return True
    return any(frequency < RARE and not _adverb(lemma)
               for lemma, frequency in _content(_without_proper_names(text), setting, dictionary))


def _tied(m: re.Match) -> bool:
    """Whether a match of ``_READER_TIED`` is about what the reader said or did: "you" before
    a verb (not "thank you for"), or something of theirs that is not a courtesy ("your time")."""
    from mailflow.compose import words

    if m.group(1) is not None:
        return words.can_be(m.group(1), "VERB") or m.group(1) in words.AUXILIARIES
    if m.group(2) is not None:
        return m.group(2).casefold() not in _COURTESY
    return True


def _adverb(word: str) -> bool:
    """Whether the lexicon knows ``word`` as an adverb only ("keenly", "sincerely")."""
    from mailflow.compose import words

    found = words.lemmas(word)
    return bool(found) and set(found) <= {"ADV"}


def _without_proper_names(text: str) -> str:
    """The text with capitalised words in mid-sentence blanked (acronyms stay)."""
    return re.sub(r"(?<=[\w,;'’)] )[A-Z][a-z][\w'’-]*", " ", text)


def mask_dates(text: str) -> str:
    return re.sub(r"\b\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\b|\b[A-Z][a-z]+\s+\d{1,2}(?:st|nd|rd|th)?\b", " ", text)


def _pairs(text: str, setting: set[str], dictionary) -> set[tuple[str, str]]:
    """Two content words side by side ("shop floor", "store managers"), as lemmas."""
    out = set()
    for sentence in re.split(r"[.!?;:,\n]", text):
        lemmas = [_lemma(t, setting, dictionary) for t in re.findall(r"[A-Za-z][A-Za-z'’-]*", sentence)]
        out |= {(a[0], b[0]) for a, b in zip(lemmas, lemmas[1:]) if a and b}
    return out


def _lemma(token: str, setting: set[str], dictionary) -> tuple[str, int] | None:
    found = _content(token, setting, dictionary)
    return next(iter(found)) if found else None


def _content(text: str, setting: set[str], dictionary) -> set[tuple[str, int]]:
    """(lemma, frequency) of the content words of ``text``, the setting's words aside."""
    from mailflow.compose import words

    out = set()
    for token in re.findall(r"[A-Za-z][A-Za-z'’-]*", text):
        low = token.casefold().removesuffix("'s").removesuffix("’s")
        if low in setting or len(low) < 3 or words.is_function_word(low) or low in words.AUXILIARIES:
            continue
        if _DAYS_WORDS.fullmatch(low) or low in _MONTHS_DAYS:
            continue
        lemma = low
        frequency = dictionary.frequency(low)
        for found in words.lemmas(low).values():
            for candidate in found:
                f = dictionary.frequency(candidate.lower())
                if f > frequency:
                    frequency, lemma = f, candidate.lower()
        british = re.sub(r"is(e|ed|es|ing|ation)$", r"iz\1", re.sub(r"our$", "or", low))
        if british != low and dictionary.frequency(british) > frequency:
            frequency, lemma = dictionary.frequency(british), british
        if token.isupper() and len(token) > 1:
            frequency = 0  # an acronym: specific
        out.add((lemma, frequency))
    return out
