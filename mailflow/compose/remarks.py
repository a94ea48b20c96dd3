"""Reading what the user typed: shorthand written out, asides left out, and the words turned
toward the reader. Pure; used by ``sentences``.

- ``tidy``: whitespace, wrapping quotes, shorthand ("yrs", "w/", "+"), languages and peoples
  typed in lower case ("english"), common typos and
  missing apostrophes ("alot", "doesnt"), doubled "!!"/"??"; the user's asides ("Really
  sharp.", "— and she meant it!", "(I do)") are not sent to the interviewer.
- ``to_reader``: what was said about the reader said to them ("she", "her", their name,
  "our" -> "you", "your"), and in a question the reader's "you" turned to the candidate's "I".
- ``shape``: what a text is grammatically (clause, noun phrase, gerund phrase, question,
  imperative), read from parts of speech (``words``), not from lists of verbs.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from mailflow.compose import words as w
from mailflow.patterns import lazy

URL = lazy(r"(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]]|"
                 r"\b[a-z0-9][\w-]*(?:\.[a-z0-9][\w-]*)*\.(?:com|org|net|io|dev|app|co|uk|me|edu|gov|example)"
                 r"/[^\s<>\"']*[^\s<>\"'.,;:!?)\]]")

#: shorthand people type in notes, written out
SHORTHAND = {
    "yrs": "years", "yr": "year", "wk": "week", "wks": "weeks", "hr": "hour", "hrs": "hours", "mins": "minutes",
    "min": "minutes", "pts": "patients", "pls": "please", "esp": "especially", "approx": "approximately",
    "mgmt": "management", "govt": "government", "dept": "department", "thru": "through", "b/c": "because",
    "bc": "because", "w/": "with", "w/o": "without", "ok": "okay", "info": "information", "abt": "about",
    "mos": "months", "mo": "month", "tues": "Tuesday", "weds": "Wednesday", "thurs": "Thursday",
    "cert": "certificate", "certs": "certificates", "resi": "residential", "perio": "periodontal",
    "uni": "university", "admin": "administration", "convo": "conversation", "prob": "probably",
}
#: abbreviated days and months, written out when capitalised ("Sat morning", "in Feb")
DATES = {"Mon": "Monday", "Tue": "Tuesday", "Tues": "Tuesday", "Wed": "Wednesday", "Weds": "Wednesday",
         "Thu": "Thursday", "Thur": "Thursday", "Thurs": "Thursday", "Fri": "Friday", "Sat": "Saturday",
         "Jan": "January", "Feb": "February", "Apr": "April", "Jun": "June", "Jul": "July", "Aug": "August",
         "Sep": "September", "Sept": "September", "Oct": "October", "Nov": "November", "Dec": "December"}


def _lower_date(word: str) -> str:
    """A day or month typed in lower case that is no other word gets its capital ("june",
    "friday"; not "may", "march", "august", which the lexicon knows as words); days in the
    plural too ("saturdays"), and a short form that is no word is written out ("feb")."""
    names = {name.lower() for name in (*DATES.values(), "Sunday")}
    if word in names and not w.known(word):
        return word.capitalize()
    if word.endswith("s") and word[:-1] in names and word[:-1].endswith("day"):
        return word.capitalize()
    short = {k.lower(): v for k, v in DATES.items()}
    if word in short and word not in SHORTHAND and not w.known(word):
        return short[word]
    return word


#: a day, its short form or its name, in any case: "tues", "Mon", "thursday"
_DAY = {**{k.lower(): v for k, v in DATES.items() if v.endswith("day")}, "sun": "Sunday",
        **{v.lower(): v for v in (*DATES.values(), "Sunday") if v.endswith("day")}}
#: a range of days typed with a hyphen: "tues-thurs", "Mon-Fri"
_DAY_RANGE = lazy(r"(?<![\w'’-])(?P<a>[A-Za-z]{3,9})-(?P<b>[A-Za-z]{3,9})(?![\w'’-])")
#: "w/c 1 June" (the week commencing), before a date
_WEEK_COMMENCING = lazy(r"(?i)(?P<lead>\b(?:in|for|from|during|of|on)\s+)?(?<![\w/])w/c(?=\s+(?:\d|the\b|[A-Z]))")
#: the user's own slip in the interview, admitted at the end of the remark: not for the reader
#: ("…, I should have led with that", "…, I mixed up trailing and forward")
_REGRET_TAIL = lazy(
    r"\s*(?:[,;—–]|\s-)\s*(?:but\s+|and\s+)?(?:I\s+(?:(?:should|could|ought\s+to)\s*(?:have|['’]ve)\s+\w+|"
    r"(?:mixed|muddled)\s+(?:\w+\s+){0,4}?up|got\s+(?:\w+\s+){0,4}?(?:wrong|backwards|mixed\s+up|confused)|"
    r"confused|misspoke|misremembered)|my\s+(?:mistake|bad))\b[^.!?]*[.!]*$", re.IGNORECASE)
#: "I meant to say X": the correction is X
_MEANT = lazy(r"\b(?:I\s+meant\s+to\s+(?:say|mention)|what\s+I\s+meant\s+(?:to\s+say\s+)?was)\s*(?:that\s+)?[,:]?\s*(?=\S)",
              re.IGNORECASE)
#: a closing quote followed by who said it: '"A margin …," she said.'
_ATTRIBUTED = lazy(r"^(?P<open>[\"“])(?P<inner>.+?)[,]?(?P<close>[\"”])\s*,?\s*"
                   r"(?P<who>she|he|they|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?P<verb>[a-z]+)"
                   r"(?:\s+(?:me|us|to\s+me))?[.!]?$")
#: the end of a remark after a dash that is the user's verdict: only adverbs and adjectives
#: ("— honestly brutal"), or a noun phrase on the user's own experience ("- best idea I've heard")
_DASH_TAIL = lazy(r"\s+[—–-]\s+(?P<tail>[^—–]+?)[.!]*$")
_OWN_EXPERIENCE = lazy(r"^(?:the\s+)?(?:[\w-]+\s+){0,3}I(?:['’]ve|\s+have)\s+(?:ever\s+)?(?P<verb>[a-z]+)(?:\s+(?:of|about))?$")


#: who said a quote, before it ("he said: read the ET1 twice") or after it and a dash ('"…" — she
#: said that twice', "Continuity is the point — Efua")
_LEAD_ATTRIBUTION = lazy(r"^(?:she|he|they|[A-Z][\w'’-]+)\s+(?P<verb>[a-z]+)(?:\s+(?:me|us|to\s+me))?\s*:\s*(?=\S)")
_TAIL_ATTRIBUTION = lazy(
    r"(?:\s*[—–]|\s+-)\s*(?:(?P<pronoun>she|he|they)\s+(?P<verb>[a-z]+)\b[^\"“”]*|"
    r"(?P<name>(?:Dr|Prof|Mr|Mrs|Ms|Mx|Rev|Capt|Cllr)\.?\s+[A-Z][\w'’.-]*|[A-Za-z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?))"
    r"[.!]?$")


def without_attribution(text: str) -> str:
    """'"A margin you can't explain is a margin you don't have," she said.' -> the quote alone,
    without the comma that led to who said it (a person, then a verb in the past or present);
    so too "he said: X" -> X, '"X" — she said that twice' and "X — Efua" (a name no lexicon
    knows) -> X."""
    lead = _LEAD_ATTRIBUTION.match(text.strip())
    if lead and (w.is_past(lead.group("verb")) or w.is_third_person(lead.group("verb"))):
        text = text.strip()[lead.end():]
    # an attribution holds no quotation mark: it is looked for after the last one (a long
    # remark of dashes stays linear)
    tail = _TAIL_ATTRIBUTION.search(text, max(text.rfind(q) for q in "\"“”") + 1)
    if tail and len(text[:tail.start()].split()) >= 3:
        if tail.group("pronoun") and (w.is_past(tail.group("verb")) or w.is_third_person(tail.group("verb"))) \
                and text[:tail.start()].rstrip()[-1:] in "\"”'’" \
                or tail.group("name") and not any(w.known(x) for x in tail.group("name").split()
                                                  if x.rstrip(".").lower() not in _NAME_TITLES):
            text = text[:tail.start()]
    found = _ATTRIBUTED.match(text.strip())
    if found and (w.is_past(found.group("verb")) or w.is_third_person(found.group("verb"))):
        return f"{found.group('open')}{found.group('inner').rstrip(',')}{found.group('close')}"
    return text


def _dash_aside(text: str) -> str:
    """``text`` without a trailing verdict of the user's after a dash (see ``_DASH_TAIL``)."""
    found = _DASH_TAIL.search(text)
    if not found or len(text[:found.start()].split()) < 4:
        return text
    tail = found.group("tail").strip()
    tail_words = [w.core(x) for x in tail.split()]
    if len(tail_words) <= 3 and all(w.lemmas(x) and set(w.lemmas(x)) <= {"ADJ", "ADV"} for x in tail_words):
        return text[:found.start()]
    own = _OWN_EXPERIENCE.match(tail)
    if own and w.is_past(own.group("verb")):
        return text[:found.start()]
    return text


#: common misspellings and words typed without their apostrophe
TYPOS = {
    "alot": "a lot", "recieve": "receive", "recieving": "receiving", "recieved": "received", "untill": "until",
    "occured": "occurred", "definately": "definitely", "seperate": "separate", "teh": "the", "wierd": "weird",
    "screamign": "screaming", "begining": "beginning", "commited": "committed", "refered": "referred",
    "writting": "writing", "accomodate": "accommodate", "enviroment": "environment", "goverment": "government",
    "whats": "what's", "thats": "that's", "wont": "won't", "hasnt": "hasn't", "doesnt": "doesn't",
    "dont": "don't", "cant": "can't", "isnt": "isn't", "wasnt": "wasn't", "didnt": "didn't", "youve": "you've",
    "youre": "you're", "theyre": "they're", "ive": "I've", "im": "I'm", "i": "I", "i'd": "I'd", "i'm": "I'm",
    "i've": "I've", "i'll": "I'll", "couldnt": "couldn't", "wouldnt": "wouldn't", "shouldnt": "shouldn't",
    "havent": "haven't", "arent": "aren't", "werent": "weren't", "theres": "there's", "lets": "let's",
    "facebook": "Facebook", "ipad": "iPad", "ipads": "iPads", "linkedin": "LinkedIn", "youtube": "YouTube",
    "instagram": "Instagram", "tiktok": "TikTok", "github": "GitHub", "iphone": "iPhone",
}
#: "Id" is "I'd" after a question word or before a verb
_ID = lazy(r"\b(?P<lead>what|when|why|how|where) [Ii]d\b(?= [a-z])|\bId(?= (?:do|be|have|handle|change|say|go|need|want|like)\b)")

#: the candidate's verdicts on the interviewer, which are not sent to them
_ASIDE_SENTENCE = lazy(
    r"^(?:(?:really|super|very|so|quite|pretty|quiet|funny|great|lovely|nice|kind|warm|sharp|smart|brilliant|dry|"
    r"friendly|tough|intense|chill|but|and)\s*)+(?:\w+)?[.!]*$|"
    r"^(?:(?:dr\.?|mr\.?|mrs\.?|ms\.?)\s+)?[A-Z][\w'-]*\s+(?:was|is|seemed|seems)\s+(?:really\s+|so\s+|very\s+)?"
    r"(?:great|lovely|nice|kind|warm|sharp|brilliant|awesome|friendly|lovely|amazing|fun|cool)[.!]*$",
    re.IGNORECASE)
def _qualifies(sentence: str) -> bool:
    """Whether a short sentence qualifies or reverses what came before ("Never.", "Rarely.",
    "Not.", "Mostly.", "But only sometimes."): its last word can only be an adverb to the
    lexicon, not an adjective (a verdict ends in one: "crazy", "Very intense!")."""
    found = re.findall(r"[A-Za-z'’]+", sentence)
    if not found:
        return False
    parts = w.lemmas(found[-1].lower())
    return bool(parts) and "ADJ" not in parts and "NOUN" not in parts and "VERB" not in parts


def qualifying_sentences(text: str) -> list[str]:
    """The short sentences after the first that qualify or reverse it ("Never.", "Rarely."):
    kept, and joined to it by a dash; ``remark`` says so."""
    return [s.strip() for s in split_sentences(text)[1:]
            if len(re.findall(r"[A-Za-z'’]+", s)) <= 3 and _qualifies(s)]


def left_out_asides(text: str) -> list[str]:
    """The sentences of ``text`` that ``tidy`` leaves out as the user's own aside or verdict
    ("crazy.", "Lovely guy."), for ``remark`` to say so."""
    sentences_ = split_sentences(text)
    if len(sentences_) < 2:
        return []
    return [s.strip() for s in sentences_
            if (_ASIDE_SENTENCE.match(s.strip()) and not _qualifies(s)) or _verdict(s)]


def _verdict(sentence: str) -> bool:
    """A sentence of one or two words, each only an adjective or an adverb to the lexicon
    ("crazy.", "Wild!", "so clever"): the user's verdict, not something to send. A word that
    can be a noun or a verb ("Agreed.", "Noted!") names something and stays."""
    found = re.findall(r"[A-Za-z'’]+", sentence)
    if not 1 <= len(found) <= 2 or not re.search(r"[.!]\s*$", sentence.strip()):
        return False
    if _qualifies(sentence):
        return False
    for word in found:
        parts = w.lemmas(word.lower())
        if not parts or "NOUN" in parts or "VERB" in parts or "AUX" in parts:
            return False
    return True


#: a trailing aside on what was said; each branch starts where a run of spaces starts, so a long run of
#: spaces is tried once, not from each of its spaces
_ASIDE_TAIL = lazy(
    r"(?<=[\"”’'])\s+and\s+(?:she|he|they)\s+(?:really\s+)?meant\s+it[!.]*$|"
    r"(?<!\s)\s*(?:[—–]|\s-\s|,)\s*(?:and\s+(?:she|he|they)\s+meant\s+it|loved\s+(?:that|it|this)(?:\s+\w+)?|"
    r"best\s+I'?ve\s+(?:heard|seen)(?:\s+of)?|told\s+(?:her|him|them)\b.*|agreed\s+w(?:ith|/)\s+(?:her|him|them)|"
    r"great\s+question|so\s+true|love\s+that|(?:such\s+a\s+)?good\s+(?:question|point))[!.]*$"
    r"|(?<!\s)\s*(?:,\s*)?\s+and\s+I\s+(?:fully\s+|totally\s+|really\s+|completely\s+)?agree"
    r"(?:\s+with\s+(?:her|him|them|that|it))?[!.]*$",
    re.IGNORECASE)
_PAREN_ASIDE = lazy(r"\s*\((?:I\b[^()]*|lol|ha+|!+|\?+|sic)\)", re.IGNORECASE)


_UNIT = {"min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute", "hr": "hour", "hrs": "hour",
         "hour": "hour", "hours": "hour", "day": "day", "days": "day", "wk": "week", "wks": "week", "week": "week",
         "weeks": "week", "month": "month", "months": "month", "yr": "year", "yrs": "year", "year": "year",
         "years": "year", "story": "storey", "storey": "storey"}


#: short forms of units of time, written out only where a unit stands: after a count or a
#: quantifier ("2 hrs", "an hr", "per wk", "a few mins"); elsewhere "hr" is the department
_UNIT_SHORT = frozenset("hr hrs min mins wk wks yr yrs mo mos".split())
_COUNT_BEFORE = lazy(r"(?:\d[\d.,/-]*|\b(?:a|an|one|per|each|every|few|couple|several|many|some|last|next|this|"
                     r"that|half|two|three|four|five|six|seven|eight|nine|ten|twelve|\w+ty|hundreds?|dozens?|of))\s*$",
                     re.IGNORECASE)


def _replace_word(match: re.Match) -> str:
    word = match.group(0)
    lowered = word.lower()
    found = SHORTHAND.get(lowered) or TYPOS.get(lowered)
    if found is None:
        return _by_shape(match)
    before = match.string[max(0, match.start() - 24):match.start()]
    following = re.compile(r"\s*(\S+)").match(match.string, match.end())  # the next word only: linear in the text
    after = [following.group(1)] if following else []
    if lowered in _UNIT_SHORT and word != lowered:
        return word  # a word typed with capitals is never a unit: "head of HR", "an HR rep", "Mo Farah"
    if lowered == "hr" and re.search(r"\bof\s*$", before, re.IGNORECASE):
        before = ""  # "head of hr": one hour is never "of hr"
    if lowered in _UNIT_SHORT and not _COUNT_BEFORE.search(before) \
            and not (lowered != "hr" and re.search(r"\bthe\s*$", before, re.IGNORECASE)) \
            and not (after and after[0][:1].isdigit()) \
            and not (lowered != "hr" and after and after[0].lower() == "of"):  # "the wk of 3 March", "yr 9s", "wk of"
        if lowered == "hr" and after and w.is_finite(after[0].strip(",.;:!?")):
            return "HR"  # "hr said ok": a unit says nothing; the department does
        return word
    if word[:1].isupper() and found[:1].islower() and lowered not in ("i",):
        return found[:1].upper() + found[1:]
    return found


#: a letter said for its sound in texting ("b4" before, "u2" you too)
_LETTER_SOUNDS = {"b": "be", "c": "see", "u": "you", "r": "are", "y": "why"}
_DIGIT_SOUNDS = {"2": ("to", "too"), "4": ("for", "fore"), "8": ("ate", "eat")}
#: a subject pronoun and a verb's clitic typed without the apostrophe ("youd", "theyll")
_CLITIC = lazy(r"(i|you|we|they|he|she|it|that|there|who|what|where)(d|ll|re|ve|s|m)", re.IGNORECASE)


def _by_shape(match: re.Match) -> str:
    """A texted word written out when its shape leaves one reading: a pronoun and its clitic
    without the apostrophe ("youd" -> "you'd", "theyll" -> "they'll"), and letters and digits
    read for their sounds that make exactly one word ("b4" -> "before", "2day" -> "today").
    A word the lexicon knows ("wed", "shed", "its") is left as typed."""
    word = match.group(0)
    lowered = word.lower()
    if w.known(lowered) or not lowered.isascii():
        return word
    clitic = _CLITIC.fullmatch(lowered)
    # "whos" is "who's" or "whose"; a capitalised word inside a sentence is a name ("Mr Youd")
    inside = word[:1].isupper() and re.search(r"[^\s.!?]\s*$", match.string[max(0, match.start() - 4):match.start()])
    if clitic and lowered not in ("its", "hes", "shes", "whats", "wes", "whos") and not inside:
        pronoun = "I" if clitic.group(1) == "i" else word[:len(clitic.group(1))]
        if clitic.group(2) != "m" or clitic.group(1) == "i":
            return f"{pronoun}'{clitic.group(2)}"
    return word


def rewritten_by_shape(text: str) -> list[tuple[str, str]]:
    """(as typed, as the letter writes it) for each texted word or phrase ``tidy`` rewrites by
    its shape (``_by_shape``, ``_sounded``, ``_governed``, "hr" said by the department), so
    ``remark`` can say so."""
    found = []
    for m in re.finditer(r"(?<![\w'’/.-])[A-Za-z][A-Za-z'’]*(?![\w'’/-])(?!\.\w)", text):
        word = m.group(0)
        if word.lower() in SHORTHAND or word.lower() in TYPOS:
            if word.lower() == "hr" and _replace_word(m) == "HR":
                found.append((word, "HR"))
            continue
        out = _by_shape(m)
        if out != word:
            found.append((word, out))
    for m in re.finditer(r"(?<![\w'’/.@-])[a-z\d]*\d[a-z\d]*(?![\w'’/@-])", text):
        if out := _sounded(m.group(0)):
            found.append((m.group(0), out))
    # what ``_governed`` changes in the whole text, word by word, so the context it reads is the letter's
    typed, written = text.split(), _governed(text).split()
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=typed, b=written, autojunk=False).get_opcodes():
        if op != "equal":  # a word left out or put in is said with the word before it (and after, put in)
            lead, tail = (op != "replace"), (op == "insert")
            found.append((" ".join(typed[max(0, a1 - lead):a2 + tail]), " ".join(written[max(0, b1 - lead):b2 + tail])))
    return found


def _sounded(word: str) -> str:
    """"b4" -> "before": the one word the letters and digits make when read for their sounds,
    only where the shape is certain: a letter said for its sound and one digit ("b4"), or one
    digit standing for a whole word before a word the lexicon knows that is no unit ("2morrow",
    "4ever"). A count and a unit or a number word ("4th", "2k", "2mb", "8s", "2day" as in "a
    2day course") or letters read only in part ("g8", "l8r") stay as typed: ``sound_guess``
    says what they may mean, for ``remark`` to warn."""
    if not (re.fullmatch(r"[bcury]\d", word) or (m := re.fullmatch(r"\d([a-z]{3,})", word))
            and w.known(m.group(1)) and m.group(1) not in _UNIT and m.group(1) not in _UNIT_SHORT
            and m.group(1).rstrip("s") not in ("night", "day", "week", "month", "year", "hour", "minute", "second")):
        return ""
    return sound_guess(word)


def sound_guess(word: str) -> str:
    """The one common word the letters and digits of ``word`` make when read for their sounds,
    whatever its shape ("gr8" has two and gives ''), or ''."""
    if not re.fullmatch(r"[a-z]*\d[a-z\d]*", word) or not re.search(r"[a-z]", word) or len(word) > 10:
        return ""
    options = [""]
    for i, ch in enumerate(word):
        if ch.isdigit():
            if ch not in _DIGIT_SOUNDS:
                return ""
            options = [o + s for o in options for s in _DIGIT_SOUNDS[ch]]
        elif len(word) <= 3 and i == 0 and ch in _LETTER_SOUNDS and len(word) == 2:
            options = [o + s for o in options for s in (_LETTER_SOUNDS[ch], ch)]
        else:
            options = [o + ch for o in options]
    found = {o for o in options if w.known(o) and w.frequency(o) >= 1000}
    return found.pop() if len(found) == 1 else ""


#: emoji, and emoticons typed with punctuation (":)", ":-D", "<3")
EMOJI = lazy(
    "[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF\uFE0F\u200D\u3030\u303D"
    "\U0001F1E6-\U0001F1FF]+"
    r"|(?<![\w(:/])(?:[:;=]|8(?=-))-?[)(\]\[DPpOo3/\\|*]+(?![\w/])|(?<![\w<])<3(?!\w)|\^[_.-]?\^")
_NOT_EMOJI = set("\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022\u2190\u2192\u2191\u2193\u2714\u2713\u2605")


def _after_determiner(match: re.Match) -> bool:
    before = match.string[max(0, match.start() - 12):match.start()].split()
    return bool(before) and w.low(before[-1]) in w.DETERMINERS


def is_emoji(match: re.Match) -> bool:
    """Whether an ``EMOJI`` match is one: an emoticon stands alone, so "<3" or "=3" before a
    noun ("<3 hours", "=3 points") is a sign and a number, not a heart."""
    found = match.group(0)
    if set(found) <= _NOT_EMOJI:
        return False
    if found[-1:].isdigit():
        after = re.match(r"\s*([A-Za-z]+)", match.string[match.end():match.end() + 40])
        if after and not w.is_function_word(after.group(1)) and w.can_be(after.group(1), "NOUN"):
            return False
    return True


def without_emoji(text: str) -> str:
    """``text`` without its emoji and emoticons (the words carry the warmth)."""
    out = EMOJI.sub(lambda m: " " if is_emoji(m) else m.group(0), text)
    return re.sub(r"\s+([.,!?;:])", r"\1", " ".join(out.split())) if out != text else text


def chat_marks(text: str) -> list[tuple[int, int]]:
    """Where ``text`` has a chat mark to leave out ("tbh", "imo", "lol"): a word that
    ``words.is_chat_mark`` says is one, at the very start of the remark before words that do not
    make it a subject (it names no one: "tbh best advice", not "bea said"), or at its very end
    after a word that does not want an object (not "in xyz", "the xyz", "aws and gcp"). A mark
    inside the remark may be a term ("gcp", "cfo", "nr the lift"): it stays, and ``remark`` warns."""
    spans = []
    first = re.match(r"\s*([a-z]{2,3})(?![\w'’/@.-])", text)
    if first and _is_chat(first.group(1)):
        after = text[first.end():].lstrip()
        next_word = after.split(None, 1)[0] if after.strip() else ""
        if next_word and not w.is_finite(next_word) and not next_word[:1] in ",.;":
            spans.append((first.start(1), first.end(1)))
    last = re.search(r"(?<![\w'’/.@-])([a-z]{2,3})[\s.!?)]*$", text[-40:])
    if last and _is_chat(last.group(1)):
        offset = max(0, len(text) - 40)
        start, end = offset + last.start(1), offset + last.end(1)
        before = text[max(0, start - 80):start].rstrip()
        prev_word = before.split()[-1].strip(",;:") if before.split() else ""
        joined = before[-1:] in ",;:—–(-" if before else False
        if (start, end) not in spans and prev_word and (joined or not (
                w.low(prev_word) in w.PREPOSITIONS or w.low(prev_word) in w.DETERMINERS
                or w.low(prev_word) in w.CONJUNCTIONS or re.fullmatch(r"[\d.,]*\d", prev_word))):  # "30 kts": a count's noun
            spans.append((start, end))
    return spans


def _is_chat(word: str) -> bool:
    return word not in SHORTHAND and word not in TYPOS and w.is_chat_mark(word)


def _without_chat_marks(text: str) -> str:
    for start, end in reversed(chat_marks(text)):
        text = text[:start] + text[end:]
    if not text.strip():
        return text
    text = re.sub(r"\s*,\s*(?=[,.!?;]|$)", "", " ".join(text.split()))
    return re.sub(r"^[,;:\s]+|\s+(?=[.,!?;])", "", text)


#: a day's short form that is also a word ("sat", "wed", "mon"), read as the day beside another
#: day ("mon/wed/fri"), before a part of the day ("sat morning") or after "on"/"every"/"next"
_SHORT_DAY_IN_CONTEXT = lazy(
    r"(?<![\w'’-])(?:(?P<list>(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:/(?:mon|tue|tues|wed|weds|thu|"
    r"thur|thurs|fri|sat|sun))+)|(?P<lead>(?:on|every|next|this|from|until|till|or|and|any)\s+)?"
    r"(?P<day>mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?=\s+(?:morning|afternoon|evening|night|am|pm|"
    r"\d)\b))(?![\w'’-])")
#: a month that is also a word ("may", "march"), read as the month beside a day's number
_MONTH_BY_NUMBER = lazy(
    r"(?<=\d)(?P<th>st|nd|rd|th)?\s+(?P<m>may|march|august)\b|\b(?P<m2>may|march|august)\s+(?=\d{1,2}(?:st|nd|rd|th)?"
    r"(?:\s*(?:[,.;)]|$)|\s+(?:and|to|or|at|until|till|\d{4})\b))")


def _dates_in_context(text: str) -> str:
    days = {**{k.lower(): v for k, v in DATES.items() if v.endswith("day")}, "sun": "Sunday"}

    def day_list(m: re.Match) -> str:
        if m.group("list"):
            names = [days[d] for d in m.group("list").split("/")]
            return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
        return (m.group("lead") or "") + days[m.group("day")]
    text = _SHORT_DAY_IN_CONTEXT.sub(day_list, text)
    return _MONTH_BY_NUMBER.sub(
        lambda m: (f"{m.group('th') or ''} {m.group('m').capitalize()}" if m.group("m")
                   else f"{m.group('m2').capitalize()} "), text)


_BE = frozenset("am is are was were be been being not i'm i’m we're we’re they're they’re".split())
_COUNT = lazy(r"^(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|"
              r"sixty|few|couple|several)$", re.IGNORECASE)


def clipped_slots(text: str) -> list[tuple[int, int, str]]:
    """(start, end, the word written out) for each clipped word whose slot leaves one reading
    (see ``words.written_out``): "incl. the recon" -> "including", "exc Weds" -> "except",
    "30 secs" -> "seconds". A word the dictionary knows ("sous", "pub", "avail") stays, and "a"
    is no count ("a poss extension")."""
    out = []
    for m in re.finditer(r"(?<![\w'’/.@-])([a-z]{3,6})(\.?)(?![\w'’/@-])", text):
        word = m.group(1)
        if word in SHORTHAND or word in TYPOS or word in _DAY or w.is_function_word(word):
            continue
        if w.known(word) or w.frequency(word) >= w.KNOWN_AS_A_WORD:
            continue  # a word the dictionary knows is the user's word, whatever else it may clip
        # the words either side, from a bounded stretch (a long remark stays linear)
        before, after = text[max(0, m.start() - 80):m.start()].split(), text[m.end():m.end() + 80].split()
        prev = w.low(before[-1]) if before else ""
        nxt = after[0] if after else ""
        if m.group(2) and not nxt:
            continue
        if prev and _COUNT.match(prev):
            slot = "after-number"
        elif prev in _BE and not (nxt and (w.low(nxt) in w.DETERMINERS or nxt[:1].isdigit())) \
                or (not before and nxt and w.low(nxt) in w.PREPOSITIONS):
            slot = "after-be"  # not before a noun phrase: "I am prev a nurse" is no adjective
        elif nxt and prev not in w.DETERMINERS and prev not in _BE and (not prev or w.known(prev)) and (
                w.low(nxt) in w.DETERMINERS or nxt[:1].isdigit() or nxt[:1].isupper() or w.can_be(nxt, "NOUN")):
            slot = "before-phrase"
        else:
            continue
        found = w.written_out(word, slot)
        if found:
            out.append((m.start(), m.end(), found))
    return out


def _clipped_written_out(text: str) -> str:
    for start, end, found in reversed(clipped_slots(text)):
        text = text[:start] + found + text[end:]
    return text


def _without_retracted(text: str) -> str:
    """In a correction, "X not Y" where Y is X's words with one changed ("cat C licence not cat
    C1", "40 ms not 400 ms"): the retracted Y goes."""
    for m in re.finditer(r",?\s+not\s+(?P<y>[^,.;—–]+?)(?=\s*(?:[,.;—–]|$))", text):
        after = m.group("y").split()
        x = text[:m.start()].split()
        for k in range(1, min(4, len(after), len(x)) + 1):
            lead = [w.core(t).lower() for t in x[-k - 1:]]
            said = [w.core(t).lower() for t in after[:k]]
            shared = {said[0], said[-1]} & set(lead)
            if any(not w.is_function_word(t) and t not in w.AUXILIARIES for t in shared) and said != lead[-k:]:
                cut = m.start("y") + len(" ".join(m.group("y").split()[:k]))
                return text[:m.start()] + text[cut:]
    return text


#: the user correcting themselves as they type: "X — no wait, Y", "X, or rather Y"
#: ("correction" only as a cue of its own, before a colon or a comma: "300 staff, correction: 350
#: staff"; "the team, correction of errors in the ledger" is a noun of the sentence)
_CORRECTION = lazy(r"\s*(?:[—–,;]|\s-)\s*(?:(?:no\s+wait|wait\s+no|or\s+rather)\s*[,:]?|correction\s*[,:—–])\s+"
                   r"(?P<y>[^—–]+?)[.!]?$", re.IGNORECASE)


def _corrected(text: str) -> str:
    """``text`` with the user's correction in place of what it corrects: Y replaces X's words
    from the one that Y starts with ("they service 40 EVs a week — no wait, 40 a day" ->
    "they service 40 EVs a day"); a correction that is a clause of its own stands alone."""
    found = _CORRECTION.search(text)
    if not found:
        return text
    before, fix = text[:found.start()], found.group("y").strip()
    first = fix.split()[0].lower()
    tokens = before.split()
    if len(tokens) < 3:
        return text
    starts = [i for i, t in enumerate(tokens) if w.core(t).lower() == first]
    # where Y starts: the place whose rest is as long as Y, else the last
    at = next((i for i in starts if len(tokens) - i == len(fix.split())), starts[-1] if starts else -1)
    if at >= 0:
        # Y takes the place of the words it changes; a word of X that Y leaves out stays ("40
        # EVs a week" corrected by "40 a day" is "40 EVs a day")
        import difflib

        tail, said = tokens[at:], fix.split()
        merged: list[str] = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(
                a=[w.core(t).lower() for t in tail], b=[w.core(t).lower() for t in said], autojunk=False).get_opcodes():
            merged += tail[i1:i2] if op in ("equal", "delete") else said[j1:j2]
        return " ".join([*tokens[:at], *merged])
    last = w.core(fix.split()[-1]).lower()
    ends = [i for i, t in enumerate(tokens) if w.core(t).lower() == last]
    if ends and ends[-1] + 1 >= len(fix.split()):  # "3 times in March — no wait, 4 times"
        end = ends[-1] + 1
        return " ".join([*tokens[:end - len(fix.split())], *fix.split(), *tokens[end:]])
    if is_clause(fix):
        return fix
    return text


def _governed(text: str) -> str:
    """Prepositions English does not put after a verb, left out, and the listener of "explain"
    and "say" given their "to": "discussed about X" -> "discussed X", "mention about",
    "emphasise on", "comprises of"; "explaining me how" -> "explaining to me how", "said me
    that" -> "told me that". Each verb takes its object directly, so one reading is left."""
    # not "discussed about 20 candidates", where "about" is "roughly"
    text = re.sub(r"\b(discuss(?:es|ed|ing)?|mention(?:s|ed|ing)?)\s+about\b(?!\s+(?:\d|a\s+dozen|half|a\s+hundred|"
                  r"(?:two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|a\s+few)\b))", r"\1", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"\b(emphasi[sz](?:e|es|ed|ing))\s+on\b", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(compris(?:e|es|ed|ing))\s+of\b", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(explain(?:s|ed|ing)?|describ(?:e|es|ed|ing))\s+(me|us|him|her|them)\b(?!\s+(?:to|as)\b)",
                  r"\1 to \2", text, flags=re.IGNORECASE)
    told = {"say": "tell", "says": "tells", "said": "told", "saying": "telling"}
    text = re.sub(r"\b(say|says|said|saying)\s+(me|us)\b", lambda m: f"{told[m.group(1).lower()]} {m.group(2)}", text,
                  flags=re.IGNORECASE)
    # "during 3 years": a length of time takes "for"
    text = re.sub(r"\b([Dd])uring\s+(?=(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many)\s+"
                  r"(?:years?|months?|weeks?|days?|hours?)\b(?!\s+of\b))",  # "during two days of onboarding" is right
                  lambda m: "For " if m.group(1) == "D" else "for ", text)
    # "15 minutes visits": a count and its unit before a plural noun make one word, singular
    text = re.sub(r"\b(\d+)\s*(minutes?|mins|hours?|hrs|hr|days?|weeks?|wks|months?|years?|yrs)\s+(?=([a-z]+)\b)",
                  lambda m: f"{m.group(1)}-{_UNIT[m.group(2).lower()]} " if (
                      w.is_plural_noun(m.group(3)) and m.group(2).lower().endswith("s")
                      or _after_article(m) and w.can_be(m.group(3), "NOUN") and not w.is_function_word(m.group(3)))
                  else m.group(0), text)
    return text


def _after_article(match: re.Match) -> bool:
    """Whether a count stands after an article ("a 40hr game"), which makes it part of a noun."""
    before = match.string[max(0, match.start() - 6):match.start()].split()
    return bool(before) and before[-1].lower() in ("a", "an", "the", "each", "every")


def tidy(text: str) -> str:
    """The text as it should reach a letter, before any turning (see the module docstring)."""
    text = without_emoji(" ".join(text.replace("\u00a0", " ").split()))
    trimmed = _without_chat_marks(text)
    if len(trimmed.split()) >= 3:
        text = trimmed
    text = without_attribution(text)
    text = unwrap(text)
    text = _PAREN_ASIDE.sub("", text)
    # "5+ yrs": a count and more, said in words ("at least 5 years"); "+" between words is "and"
    # only after no name: "iOS 16+ devices" and "Python 3+" are versions and stay
    text = re.sub(r"(?<![\w.])(\d+)\+(?=\s+[A-Za-z])",
                  lambda m: m.group(0) if re.search(r"[A-Z][\w.-]*\s*$", m.string[max(0, m.start() - 20):m.start()])
                  else f"at least {m.group(1)}", text)
    text = re.sub(r"(?<=\w)(?:\s+\+|(?<!\d)\+)\s*(?=\w)", " and ", text)  # not a count's "16+"
    # "&" between lower-case words, typed for "and" ("eves & weekends"; a name keeps its "&")
    text = re.sub(r"(?<=[a-z])\s+&\s+(?=[a-z])", " and ", text)
    # "like" before a count after a preposition is "about" ("in like 30 seconds")
    text = re.sub(r"\b(?P<p>in|for|about|after|within|around|over|under|of)\s+like\s+(?=\d)", r"\g<p> about ", text)
    text = _WEEK_COMMENCING.sub(lambda m: f"{m.group('lead') or 'in '}the week commencing", text)
    text = re.sub(r"(?i)(?<![\w/])(?:w/o|w/|b/c)(?=\s)", lambda m: SHORTHAND[m.group(0).lower()], text)
    text = _DAY_RANGE.sub(lambda m: f"{_DAY[m.group('a').lower()]} to {_DAY[m.group('b').lower()]}"
                          if m.group("a").lower() in _DAY and m.group("b").lower() in _DAY else m.group(0), text)
    text = _dates_in_context(text)
    text = re.sub(r"\b(\d+)[- ](?:min|mins|minutes?|hr|hrs|hours?|day|days|wk|wks|weeks?|month|months|yr|yrs|years?|"
                  r"story|storey)\b(?=\s+(?:slot|module|shift|shifts|walk|drive|call|session|meeting|rotation|rotating|"
                  r"break|block|window|commute|presentation|demo|lesson|programme|program|course|contract|probation|"
                  r"house|houses|resi|residential|building|rota|cycle|sprint|day|week)\b)",
                  lambda m: f"{m.group(1)}-{_UNIT[re.sub(r'[^a-z]', '', m.group(0).split(m.group(1), 1)[1].lower())]}",
                  text)
    text = re.sub(r"\b(?:could|might|may)\s+maybe\b", lambda m: m.group(0).split()[0], text)
    text = re.sub(r"(?<![\w'’.-])(?:" + "|".join(DATES) + r")(?![\w'’-])", lambda m: DATES[m.group(0)], text)
    # a count typed against its unit ("2hrs", "40hr", "30mins") is read as the two words
    text = re.sub(r"\b(\d+)(hrs?|mins?|wks?|yrs?)\b", r"\1 \2", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<![\w'’/.-])[A-Za-z][A-Za-z'’]*(?![\w'’/-])(?!\.\w)", _replace_word, text)
    text = re.sub(r"(?<![\w'’/.@-])[a-z\d]*\d[a-z\d]*(?![\w'’/@-])(?!\.\w)", lambda m: _sounded(m.group(0)) or m.group(0), text)
    text = _governed(text)
    text = w.capitalise_peoples(text)  # "in polish and english" -> "in Polish and English"
    text = re.sub(r"(?<![\w'’-])[a-z]+(?![\w'’-])",
                  lambda m: _lower_date(m.group(0)), text)
    text = _native_order(text)
    text = re.sub(r"\b(one|two|three|four|\d+)\s+(month|week)s?\s+notice\b",
                  lambda m: f"{m.group(1)} {m.group(2)}{'' if m.group(1) in ('one', '1') else 's'}"
                            f"{'’s' if m.group(1) in ('one', '1') else '’'} notice", text)
    # "its about" is "it's about": the possessive is followed by its noun, never by a preposition or "not"
    text = re.sub(r"\b([Ii])ts(?= (?:not|been|going|just|really|so|very|too|all|only|still|more|less|never|always|"
                  r"about|for|like|in|on|at|a|an|the|what|how|why|when|where)\b)", r"\1t's", text)
    # "its stayed": a past participle that is no noun follows "it has", never the possessive
    text = re.sub(r"\b([Ii])ts(?= ([a-z]+ed)\b(?:[.,;!?]|$| (?P<next>[a-z]+)))",
                  lambda m: f"{m.group(1)}t's" if w.is_past(m.group(2)) and not w.lemmas(m.group(2)).get("NOUN")
                  and not w.lemmas(m.group(2)).get("ADJ") and (not m.group("next") or w.is_function_word(m.group("next")))
                  else m.group(0), text)
    # "r" between words, as texted, is "are" ("the croissants r ruined"); "u" is "you", "ur" "your"
    text = re.sub(r"(?<=[a-z] )r(?= [a-z])", "are", text)
    text = re.sub(r"(?<=[a-z] )u(?= [a-z])", "you", text)
    text = re.sub(r"(?<=[a-z] )ur(?= [a-z])", "your", text)
    # a typing slip one keystroke from exactly one common word ("waht", "withold")
    text = re.sub(r"(?<![\w'’/.@-])[a-z]{4,}(?![\w'’/@-])(?!\.\w)", lambda m: w.slip_fixed(m.group(0)) or m.group(0), text)
    text = _clipped_written_out(text)
    text = _agree_there(text)
    # the user's own slips admitted in the remark: the correction stays, the admission goes
    text = re.sub(r"^(?:sorry|oops),?\s+(?=I\s+meant\b|what\s+I\s+meant\b)", "", text, flags=re.IGNORECASE)
    # "I forgot to mention (that) X": X is what the candidate adds; the admission is not for the reader
    trimmed = re.sub(r"\b(?:I\s+(?:forgot|forget|didn['’]t\s+get|did\s+not\s+get|failed|neglected)\s+to\s+"
                     r"(?:mention|say|add|tell\s+you|explain)|I\s+(?:didn['’]t|did\s+not|never)\s+(?:mention|say))"
                     r"\s*(?:that\s+|,\s*|:\s*)?", "", text, count=1, flags=re.IGNORECASE)
    if trimmed != text and len(trimmed.split()) >= 3:
        text = trimmed
    # a function word typed in capitals for stress ("gloves AND a board") is written as any other
    if not text.isupper():
        stressed = (w.CONJUNCTIONS | w.PREPOSITIONS | {"the", "not", "never", "really", "very", "so", "too"}) - {"us"}
        # three letters or more ("OR" may be a theatre), and not in a run of capitals ("NOT EXISTS")
        # nor after a determiner, where it names a thing ("the AND gate design")
        text = re.sub(r"(?<![A-Z] )\b[A-Z]{3,5}\b(?! [A-Z]{2})", lambda m: m.group(0).lower()
                      if m.group(0).lower() in stressed and not _after_determiner(m) else m.group(0), text)
    correcting = re.match(r"^correction\b", text, re.IGNORECASE)  # "correction on X — it was 40 ms not 400 ms"
    if _MEANT.search(text) or correcting:
        text = _MEANT.sub("", text)
        text = _without_retracted(text)
    text = _corrected(text)
    trimmed = _REGRET_TAIL.sub("", text)
    if len(trimmed.split()) >= 3:
        text = trimmed
    text = _dash_aside(text)
    # an exclamation after an ellipsis ("... amazing", "… wow!") is the user's aside
    trimmed = re.sub(r"\s*(?:\.{3}|…)\s*[A-Za-z]+(?:\s+[A-Za-z]+)?[!.]*$", "", text)
    if trimmed != text and len(trimmed.split()) >= 4 and not _qualifies(text):  # "… not" reverses it
        text = trimmed
    text = _ID.sub(lambda m: f"{m.group('lead')} I'd" if m.group("lead") else "I'd", text)
    text = re.sub(r"!{2,}", "!", text)
    text = re.sub(r"\?{2,}", "?", text)
    text = re.sub(r"\?!|!\?", "?", text)
    # asides: a verdict on the interviewer, a trailing "— and she meant it!"
    sentences_ = split_sentences(text)
    if len(sentences_) > 1:
        kept = [s for s in sentences_ if not (_ASIDE_SENTENCE.match(s.strip()) and not _qualifies(s)) and not _verdict(s)]
        text = " ".join(kept) if kept else text
    tail = re.search(r"(?<=[.!?])\s+([A-Za-z'’]+(?:\s+[A-Za-z'’]+)?[.!]*)\s*$", text)
    if tail and _verdict(tail.group(1).rstrip(".!") + ".") and len(text[:tail.start()].split()) >= 3:
        text = text[:tail.start()]  # "December is 40% of your year! crazy."
    trimmed = _ASIDE_TAIL.sub("", text)
    if len(trimmed.split()) >= 3:
        text = trimmed
    return text.strip()


_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten dozens hundreds thousands".split())


def _agree_there(text: str) -> str:
    """"there is many tenants" -> "there are many tenants" (a plural after "there is/was");
    "there lapse rates jumped" -> "their lapse rates jumped" ("there" before a noun and a plural
    noun, at the start of a clause, is the possessive)."""
    def plural(m: re.Match) -> str:
        nxt = m.group("next")
        many = nxt.lower() in ("many", "several", "few", "lots") or nxt.lower() in _NUMBER_WORDS \
            or (nxt.isdigit() and nxt != "1") or (w.is_plural_noun(nxt) and not w.can_be(nxt, "VERB"))
        if not many:
            return m.group(0)
        verb = {"is": "are", "was": "were", "'s": " are", "’s": " are"}[m.group("verb").lower()]
        return f"{m.group('there')}{'' if verb.startswith(' ') else ' '}{verb} {nxt}"

    text = re.sub(r"\b(?P<there>[Tt]here)(?:\s+(?P<verb>is|was)|(?P<verb2>['’]s))\s+(?P<next>[\w'’-]+)",
                  lambda m: plural(m) if m.group("verb") else m.group(0), text)

    def possessive(m: re.Match) -> str:
        first, second = m.group("a"), m.group("b")
        if w.is_function_word(first) or w.low(first) in w.AUXILIARIES or not w.can_be(first, "NOUN") \
                or w.is_gerund(first) or w.can_be(first, "ADV") or not w.is_plural_noun(second):
            return m.group(0)
        return f"{m.group('lead')}{'T' if m.group('t') == 'T' else 't'}heir {first} {second}"

    return re.sub(r"(?P<lead>^|[,;]\s+|\b(?:and|but|because|that|so)\s+)(?P<t>[Tt])here\s+(?P<a>[a-z][\w-]*)\s+"
                  r"(?P<b>[a-z][\w-]*)", possessive, text)


#: a point in time after "since" ("2019", "March", "last spring", "then")
_SINCE_WHEN = (r"(?:\d{4}|then|(?:last|this)\s+\w+|(?:January|February|March|April|May|June|July|August|"
               r"September|October|November|December)(?:\s+\d{4})?)")
_IS_SINCE = lazy(rf"\b(?P<verb>is|are|am)\s+since\s+(?P<when>{_SINCE_WHEN})(?:\s+(?P<rest>(?:with|at|in|on|under|"
                 rf"part\s+of)\b[^,.;:!?]*?))?(?=\s*(?:[,.;:!?]|$|\s+(?:and|but|so|because)\b))", re.IGNORECASE)
#: "for her is most important that ..." (the subject left out, as several languages do)
_FOR_WHOM_MOST = lazy(r"^(?P<for>for\s+(?:her|him|them|me|us|you|[A-Z][\w'’-]+))\s*,?\s+(?:it\s+)?(?P<verb>is|was)\s+"
                      r"(?:the\s+)?(?P<most>most|least)\s+(?P<adj>[a-z]+)(?:\s+thing)?\s+(?=that\b)", re.IGNORECASE)



def _native_order(text: str) -> str:
    """Phrasings of other languages' grammar in the order English needs: a present tense with
    "since" ("is since 2019 with sensors" -> "has been with sensors since 2019"), "same" without
    its article after a preposition ("in same shift" -> "in the same shift"), and a sentence
    without its subject ("For her is most important that ..." -> "it is most important to her
    that ...")."""
    def since(m: re.Match) -> str:
        have = "have" if m.group("verb").lower() in ("are", "am") and m.group("verb") != "am" else "has"
        have = "have" if m.group("verb").lower() == "am" else have
        rest = f" {m.group('rest').strip()}" if m.group("rest") else " in place"
        return f"{have} been{rest} since {m.group('when')}"

    text = _IS_SINCE.sub(since, text)
    text = re.sub(r"(?i)\b(" + "|".join(sorted(w.PREPOSITIONS - {"vs", "vs."})) + r")\s+same\b(?=\s+[a-z])",
                  lambda m: f"{m.group(1)} the same", text)

    def for_whom(m: re.Match) -> str:
        adj = m.group("adj")
        if not w.can_be(adj, "ADJ"):
            return m.group(0)
        whom = m.group("for").split(None, 1)[1]
        return f"it {m.group('verb').lower()} {m.group('most').lower()} {adj} to {whom} "

    return _FOR_WHOM_MOST.sub(for_whom, text)


def unwrap(text: str) -> str:
    """Text without quotes wrapped around the whole of it (as a pair)."""
    text = text.strip()
    for left, right in (('"', '"'), ("“", "”"), ("'", "'"), ("‘", "’"), ("„", "“"), ("«", "»")):
        if len(text) > 2 and text.startswith(left):
            rest = text[len(left):].rstrip(".")
            if rest.endswith(right):
                inner = rest[:-len(right)]
                bare = re.sub(r"(?<=\w)['’](?=\w)", "", inner) if left in ("'", "‘") else inner
                if left not in bare and right not in bare:
                    return inner.strip()
    return text


def split_sentences(text: str) -> list[str]:
    """Sentences of a text, at ". ", "! " or "? " before a capital or a digit (not "vs. just", "Dr. Besson")."""
    parts = re.split(r"(?<=[.!?])\s+(?=[\"“‘']?[A-Z0-9])", text.strip())
    out: list[str] = []
    for part in parts:
        if out and re.search(r"\b(?:Dr|Mr|Mrs|Ms|Prof|Rev|St|vs|Capt|Sgt|Cllr|Cr|No)\.$", out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return [p for p in out if p.strip()]


# --------------------------------------------------------------------------- the reader


@dataclass(frozen=True)
class Reader:
    """Who the note goes to: the names by which the user may call them."""
    name: str = ""
    email: str = ""

    def names(self) -> list[str]:
        """Ways to name the reader, longest first: "Dr. Besson", "Emeka Obi", "Emeka", "Obi";
        for a mailbox a team reads ("Bluewater Talent"), the team ("the talent team")."""
        from mailflow.rules.names import PARTICLES

        full = re.sub(r"\s*\([^)]*\)|,.*$", "", self.name).strip()
        full = re.sub(r"\s+(?:I{2,3}|IV|Jr\.?|Sr\.?)$", "", full)  # "Bartholomew Finch III": the family name is Finch
        parts = [p for p in full.split() if p]
        titles = [p for p in parts if p.rstrip(".").lower() in _NAME_TITLES]
        plain = [p for p in parts if p not in titles]
        found = {full, " ".join(plain)}
        found |= {" ".join(plain[:k]) for k in range(2, len(plain))}  # a given name of two words: "Ana Paula"
        if plain:
            found |= {p for p in plain if len(p) > 2 and p[0].isupper() and p.lower() not in PARTICLES}
            family = plain[-1]
            for i in range(len(plain) - 1, 0, -1):  # "Ní Dhomhnaill", "van den Broek"
                if plain[i - 1].lower() in PARTICLES or plain[i - 1].islower():
                    family = " ".join(plain[i - 1:])
                    found.add(family)
                else:
                    break
            for title in ("Dr", "Dr.", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Prof", "Prof.", "Rev", "Rev.",
                          "Capt", "Capt.", "Sgt", "Sgt.", "Cllr", "Cr", "Cr.", *titles):
                found.add(f"{title} {family}")
                found.add(f"{title} {plain[-1]}")
                found.add(f"{title} {plain[0]}")
        for title in titles:  # "the DS's view", "the judge said", "the reverend's line" for "Rev."
            found.add(f"the {title.rstrip('.')}")
            if spelt := _TITLE_SPELT.get(title.rstrip(".").lower()):
                found.add(f"the {spelt}")
        found |= self.short_forms()  # "Sid" for Siddharth, "Kat" for Kateryna
        for word in parts:  # "Bluewater Talent" <talent@...>: "the talent team sent ..."
            if _MAILBOX_WORD.fullmatch(word):
                found |= {f"the {word.lower()} team", f"{word.lower()} team", f"the {word.lower()}"}
        # the address's short form of a given name ("stan@" for Stanisław): the user may call them so
        if self.short_form():
            found.add(self.short_form())
        return sorted((n for n in found if n), key=len, reverse=True)


    def short_forms(self) -> set[str]:
        """The short forms of the given name ("Sid" for Siddharth, "Kat" for Kateryna, "Chris" for
        Christopher): its first three to five letters that are no word. Like the address's short
        form, each names the reader only as written, capitalised ("stan made" stays as typed)."""
        full = re.sub(r"\s*\([^)]*\)|,.*$", "", self.name).strip()
        plain = [p for p in full.split() if p.rstrip(".").lower() not in _NAME_TITLES]
        if len(plain) < 2:
            return set()
        given = plain[0]
        from mailflow.proofread.dictionary import load_dictionary

        counts = load_dictionary("en").base
        # a prefix that is a name of its own, more common than the reader's ("Maria" of Marianne,
        # "Dan" of Danielle), names someone else: only the address makes it theirs (``short_form``)
        ours = counts.get(given.lower(), 0)
        return {given[:size] for size in (3, 4, 5)
                if len(given) >= size + 3 and given[:size].isalpha() and not w.known(given[:size].lower())
                and not given.lower().startswith(given[:size].lower() + "s")
                and not (ours and counts.get(given[:size].lower(), 0) > ours)}

    def short_form(self) -> str:
        """The short form of a given name that the address spells ("Stan" for stan@ and
        Stanisław), capitalised: it names the reader only as written so, and never when the
        lexicon knows it as a word ("will@", "mark@", "pat@"); else ''."""
        local = self.email.split("@")[0].lower()
        plain = [p for p in re.sub(r"\s*\([^)]*\)|,.*$", "", self.name).split()
                 if p.rstrip(".").lower() not in _NAME_TITLES]
        folded = {"".join(c for c in unicodedata.normalize("NFKD", p) if not unicodedata.combining(c)).lower()
                  for p in plain}
        if re.fullmatch(r"[a-z]{3,}", local) and local not in folded and not w.known(local) \
                and any(p.startswith(local) for p in folded):
            return local.capitalize()
        return ""


#: abbreviated titles as said in full ("the reverend", "the lieutenant")
_TITLE_SPELT = {"rev": "reverend", "revd": "reverend", "dr": "doctor", "prof": "professor", "lt": "lieutenant",
                "capt": "captain", "sgt": "sergeant", "cllr": "councillor", "insp": "inspector", "supt": "superintendent",
                "col": "colonel", "maj": "major", "fr": "father"}

_NAME_TITLES = {"dr", "mr", "mrs", "ms", "mx", "prof", "rev", "capt", "sgt", "cllr", "cr", "sir", "dame", "hon",
                "insp", "supt", "det", "ds", "dci", "dsi", "di", "dc", "pc", "judge", "matron", "lt", "col", "maj"}
_MAILBOX_WORD = lazy(r"(?i)office|talent|hiring|recruiting|recruitment|careers|jobs|hr|people|resourcing|staffing")

_TITLE_WORDS = r"(?:the\s+)?(?:judge|matron|councillor|chair|principal|head|sister|sarge|captain|chef|doctor|coach|boss)"
_SAYS = r"(?:said|says|asked|told|explained|mentioned|thinks|reckons|believes|feels|felt|thought|warned|stressed)"


#: letters with no accent to strip, as a keyboard without them types them ("Øystein" -> "oystein")
_PLAIN_LETTERS = {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss", "ł": "l", "Ł": "L",
                  "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i"}


def _name_pattern(name: str) -> str:
    """A pattern for a name as people type it: any case, accents or none ("siân", "Sian", "jiri",
    "oystein")."""
    out = []
    for ch in name:
        plain = unicodedata.normalize("NFKD", ch)
        base = _PLAIN_LETTERS.get(ch) or "".join(c for c in plain if not unicodedata.combining(c))
        if base and base != ch:
            out.append(f"(?:{re.escape(ch)}|{re.escape(base)})")
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def name_to_you(text: str, reader: Reader) -> str:
    """The reader's name in the text becomes "you" ("Ngozi's view" -> "your view"), however
    it is typed: in lower case, without its accents ("zsofia's checklist" -> "your checklist")."""
    for name in reader.names():
        pattern = _name_pattern(name)
        # a name that is also an everyday word ("Will", "Grace") is the reader only as written
        # the address's short form ("Stan" for stan@) is the reader only as written, capitalised
        loose = (not w.known(name.lower()) or " " in name) and name != reader.short_form() \
            and name not in reader.short_forms()
        flags = re.IGNORECASE if loose else 0
        text = re.sub(rf"(?<![\w'’]){pattern}(?:'s|’s)(?![\w])", "your", text, flags=flags)
        if loose and not name.lower().endswith("s") and not w.known(name.lower() + "s"):
            # the possessive typed without its apostrophe ("oysteins story"): the name and an "s"
            # before a word of the text, where the two together are no word
            text = re.sub(rf"(?<![\w'’]){pattern}s(?=\s+[a-z])", "your", text, flags=flags)
        # a name introduced by where they work ("Maria from finance", "Dan in legal", "Alex on the
        # data team") is someone the reader is told about, never the reader
        introduced = r"(?!\s+(?:from|in|on|at)\s+(?:the\s+|our\s+|their\s+)?[a-z])" \
            if name in reader.short_forms() or name == reader.short_form() else ""
        text = re.sub(rf"(?<![\w'’]){pattern}(?![\w'’]){introduced}(?P<after>\s+\S+)?",
                      lambda m: "you" + (" " + _agree(m.group("after").strip()) if m.group("after") else ""), text,
                      flags=flags)
    text = re.sub(rf"(?i)\b{_TITLE_WORDS}(?:'s|’s)(?=\s)", "your", text)
    text = re.sub(rf"(?i)^{_TITLE_WORDS}\s+(?={_SAYS}\b)", "you ", text)  # "matron said ..."
    text = re.sub(r"^you\b", "you", text)
    return text


#: a third person the text brings in ("a witness", "every parent", "someone")
_SOMEONE = frozenset("a an every each any someone somebody anyone anybody everyone everybody".split())

#: words that open a clause inside a sentence ("after they dropped the form")
_SUBORDINATORS = frozenset("after before when since until once as because whenever".split())

_SUBJECT_FIX = {"was": "were", "is": "are", "has": "have", "does": "do", "wasn't": "weren't", "isn't": "aren't",
                "hasn't": "haven't", "doesn't": "don't", "am": "are"}


def _agree(word: str) -> str:
    """The verb after a new "you": "wants" -> "want", "was" -> "were"."""
    c = w.core(word)
    tail = word[len(c):] if word.startswith(c) else ""
    lowered = c.lower()
    if lowered in _SUBJECT_FIX:
        return _SUBJECT_FIX[lowered] + tail
    if w.is_third_person(c) and not w.can_be(c, "NOUN") or (w.is_third_person(c) and lowered.endswith("s")
                                                            and w.verb_lemma(c)):
        return w.verb_lemma(c) + tail
    return word


def to_reader(text: str, *, first_person: bool | str = False, candidate: bool = False, plural: bool = True) -> str:
    """The text turned toward the reader: "she/he" and "her/his/him", "they/their" as the
    subject, "we/our/us" -> "you/your"; with ``first_person`` the speaker's "I/my/me" too
    (reported speech); with ``candidate`` the reader's "you/your" become the candidate's
    "I/my" (a question they asked). Words inside quotation marks stay as they were said."""
    out: list[str] = []
    tokens = text.split(" ")
    quoted = False
    someone = False  # "a witness changed their account": "their" is that someone's from here on
    # "clients remember whether you returned their calls": a plural noun opening the text as
    # its subject is whose "their" is
    possessives = {"my", "your", "his", "her", "its", "our", "their", "whose"}
    opening = [t for t in tokens[:3] if w.low(t) not in w.DETERMINERS - possessives]
    if len(opening) >= 2 and w.is_plural_noun(opening[0]) and w.is_finite(opening[1], after_plural=True) \
            and not w.is_function_word(opening[0]):
        someone = True
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if w.low(token) in _SOMEONE and i + 1 < len(tokens) and not w.is_function_word(tokens[i + 1]) \
                or w.low(token) in _SOMEONE - {"a", "an", "every", "each", "any"}:
            someone = True
        opens = token.count('"') + token.count("“") + token.count("”")
        if quoted or token.startswith(('"', "“")):
            out.append(token)
            if opens % 2 == 1:
                quoted = not quoted
            i += 1
            continue
        lead = re.match(r"^[(\[“\"‘]*", token).group(0)
        body = token[len(lead):]
        c = w.core(body)
        rest = body[len(c):] if body.startswith(c) else ""
        low = c.lower()
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        new = None
        subject = False
        if candidate and low in ("you", "your", "yours", "yourself", "you'd", "you're", "you've", "you'll",
                                 "you’d", "you’re", "you’ve", "you’ll"):
            nxt_low = w.low(nxt)
            after_adverb = tokens[i + 2] if i + 2 < len(tokens) else ""
            subject_you = not out or nxt_low in w.AUXILIARIES or w.is_finite(nxt, after_plural=True) \
                or (nxt_low.endswith("ly") or nxt_low in ("ever", "never", "always", "once", "just", "still", "also",
                                                         "often", "really")) and w.is_finite(after_adverb, True) \
                or nxt_low.startswith(("'", "’")) or out[-1].endswith(",") \
                or w.low(out[-1]) in w.WH | w.CONJUNCTIONS | {"that", "if", "whether"}
            object_you = low == "you" and not subject_you
            new = {"you": "me" if object_you else "I", "your": "my", "yours": "mine", "yourself": "myself",
                   "you'd": "I'd", "you're": "I'm", "you've": "I've", "you'll": "I'll", "you’d": "I’d",
                   "you’re": "I’m", "you’ve": "I’ve", "you’ll": "I’ll"}[low]
            if new == "I" and w.low(nxt) in ("are", "were"):
                tokens[i + 1] = {"are": "am", "were": "was"}[w.low(nxt)] + tokens[i + 1][len(w.core(nxt)):]
        elif low in ("she", "he"):
            new, subject = "you", True
        elif low in ("she'd", "he'd", "she’d", "he’d"):
            new = "you'd"
        elif low in ("she's", "he's", "she’s", "he’s"):
            new = "you've" if w.low(nxt) in ("been", "got", "had", "done", "seen", "worked", "run", "led") \
                or w.is_past(nxt) and not w.is_third_person(nxt) else "you're"
        elif low in ("she'll", "he'll"):
            new = "you'll"
        elif low == "her":
            new = "you" if (not nxt or w.is_function_word(nxt) or re.match(r"^[,.;:!?]", rest or "x")) and rest \
                or not nxt or w.low(nxt) in w.PREPOSITIONS | w.CONJUNCTIONS | {"that", "to"} \
                else "your"
        elif low == "their" and someone:
            new = None
        elif low in ("his", "their"):
            new = "your"
        elif low == "him":
            new = "you"
        elif low in ("hers", "theirs"):
            new = "yours"
        elif low in ("herself", "himself"):
            new = "yourself"
        elif low == "they" and (i == 0 or w.low(tokens[i - 1]) in w.CONJUNCTIONS | _SUBORDINATORS
                                | {"that", "said", "think", "thinks"}
                                or tokens[i - 1].endswith((",", "—", ";")) or w.low(tokens[0]) == "they"):
            new, subject = "you", True
        elif low in ("they're", "they’re"):
            new = "you're"
        elif low in ("they've", "they'd", "they'll"):
            new = "you" + low[4:]
        elif not plural and low in ("our", "ours", "ourselves", "we", "us", "we're", "we've", "we'd", "we'll"):
            new = None
        elif low in ("our", "ours", "ourselves"):
            new = {"our": "your", "ours": "yours", "ourselves": "yourselves"}[low]
        elif low == "we":
            new = "you"
        elif low in ("we're", "we've", "we'd", "we'll", "we’re", "we’ve", "we’d", "we’ll"):
            new = "you" + low[2:]
        elif low == "us" and c == "us":
            new = "you"
        elif first_person and (first_person != "possessive" or low in ("my", "mine")) \
                and low in ("my", "me", "mine", "myself", "i", "i'm", "i've", "i'd", "i'll"):
            new = {"my": "your", "me": "you", "mine": "yours", "myself": "yourself", "i": "you", "i'm": "you're",
                   "i've": "you've", "i'd": "you'd", "i'll": "you'll"}[low]
            if low == "i" and w.low(nxt) in ("am", "was"):
                tokens[i + 1] = {"am": "are", "was": "were"}[w.low(nxt)] + tokens[i + 1][len(w.core(nxt)):]
        if new is not None:
            if c[:1].isupper() and i == 0:
                new = new[:1].upper() + new[1:]
            out.append(lead + new + rest)
            if subject and nxt:
                tokens[i + 1] = _agree(tokens[i + 1])
        else:
            out.append(token)
        i += 1
    text = " ".join(out)
    text = re.sub(r"\byou (?:is|was)\b", lambda m: "you are" if m.group(0).endswith("is") else "you were", text)
    return text


# --------------------------------------------------------------------------- shapes


def tokens(text: str) -> list[str]:
    return text.split()


_NUMBERS = frozenset("one two three four five six seven eight nine ten".split())

#: quantities whose "of" phrase is the subject ("most of the pupils are ...")
_QUANTIFIERS = frozenset({
    "most", "many", "some", "all", "few", "several", "both", "half", "none", "each", "any", "lots", "plenty",
    "a lot", "a few", "the majority", "the rest", "a number", "a third", "a quarter"})


def is_clause(text: str) -> bool:
    """Whether the text is a clause (a subject and its finite verb) rather than a noun or
    gerund phrase: "pro bono hours count toward ..." is, "her story about the night she
    ran the unit" and "the accessibility audit he's running" are not."""
    words = [x for x in text.split() if w.core(x)]
    if not words:
        return False
    first = w.low(words[0])
    if first in w.SUBJECT_PRONOUNS or first in ("there", "it's", "there's", "that's") \
            or re.match(r"^(?:i|you|we|they|he|she|it)['’](?:s|re|ve|d|ll|m)$", first):
        return True
    # the subject: a noun phrase read word by word (prepositional phrases included), up to its verb
    plural = False
    in_phrase = False
    for i, word in enumerate(words):
        lw = w.low(word)
        if i > 0 and re.match(r"^(?:that|who|which)['’]", lw):
            return False  # "every object that's ever been lost": a relative clause in the noun phrase
        if i > 0 and (lw in w.RELATIVES or lw in w.SUBJECT_PRONOUNS or lw in w.CONJUNCTIONS
                      or re.match(r"^(?:i|you|we|they|he|she)['’]", lw)):
            return False
        if i > 0 and lw in w.PREPOSITIONS:
            if lw == "of" and " ".join(w.low(x) for x in words[:i]) in _QUANTIFIERS:
                continue  # "most of our clients come ...": the verb agrees with what follows "of"
            in_phrase = True
            continue
        if i > 0 and w.low(words[i - 1]) == "to":
            continue  # "to write": an infinitive
        if i > 1 and w.low(words[i - 2]) == "to" and not w.is_function_word(words[i - 1]) \
                and lw not in w.AUXILIARIES:
            continue  # "to text volunteers": the infinitive's object
        prev = w.low(words[i - 1]) if i > 0 else ""
        if i > 0 and w.can_be(word, "NOUN") and (prev in w.DETERMINERS or (
                w.can_be(words[i - 1], "ADJ") and not w.is_function_word(prev) and not w.can_be(words[i - 1], "VERB"))):
            noun_here = True  # "the real cost of", "a bad hire": a noun after its determiner or adjective
        elif i > 1 and w.can_be(word, "NOUN") and prev.endswith("ing") and w.low(words[i - 2]) in w.DETERMINERS:
            noun_here = True  # "her reading shed", "my training plan": the head of a compound noun
        else:
            noun_here = False
        nxt = w.low(words[i + 1]) if i + 1 < len(words) else ""
        if re.fullmatch(r"[\d.,%$£€]+", prev) and prev != "1" and lw.endswith("s"):
            noun_here = True  # "1,100 installs": a count's noun
        if i == 1 and w.is_gerund(words[0]) and lw not in w.AUXILIARIES:
            continue  # "getting kids to write ...": the word after a gerund is its object, not a verb
        if in_phrase and not noun_here and w.is_past(word) and (prev.endswith("ly") and w.can_be(prev, "ADV")
                                                                or prev in w.DETERMINERS or prev in _NUMBERS
                                                                or prev.isdigit()) \
                and nxt and w.can_be(nxt, "NOUN") and not w.is_function_word(nxt):
            noun_here = True  # "for newly arrived families": a participle before its noun
        if in_phrase and not nxt and w.can_be(word, "NOUN") and i > 0 and w.can_be(words[i - 1], "NOUN") \
                and not w.is_function_word(prev):
            noun_here = True  # "the standing order on page limits": a compound noun ends the phrase
        if i > 0 and not noun_here and w.is_finite(word, after_plural=plural and not in_phrase):
            noun_too = w.can_be(word, "NOUN") or w.can_be(word, "ADJ")
            if not noun_too or lw in w.AUXILIARIES or not nxt or "'" in lw or not (
                    w.can_be(nxt, "NOUN") and not w.is_function_word(nxt) and not w.can_be(nxt, "ADV")
                    and not w.can_be(nxt, "ADJ")) or w.is_function_word(nxt):
                if not (in_phrase and w.is_past(word) and not w.is_third_person(word) and lw not in w.AUXILIARIES
                        and nxt in w.PREPOSITIONS):
                    return True
        if word[-1:] in ",;:" and i > 0:
            return False
        if in_phrase:
            pass
        elif w.is_plural_noun(word) or lw in ("kids", "people", "staff", "children", "teams", "police"):
            plural = True
        elif w.can_be(word, "NOUN"):
            plural = False
        if i > 10:
            return False
    return False


_IMPERATIVE_VERBS = ("walk", "talk", "tell", "describe", "give", "convince", "explain", "show", "take", "name",
                     "pitch", "sell", "share", "run", "help", "teach", "list", "outline", "imagine", "persuade",
                     "rank", "sketch", "design", "draw", "estimate")


def is_imperative(text: str) -> bool:
    """"Walk me through ...", "Tell me about ...", "Describe a time ...": a request put as a command."""
    found = text.split()
    if not found:
        return False
    first = w.low(found[0])
    second = w.low(found[1]) if len(found) > 1 else ""
    if first in _IMPERATIVE_VERBS and (second in ("me", "us", "about", "a", "an", "the", "your", "one", "how",
                                                  "what", "why", "when", "three", "two", "some") or first in
                                       ("describe", "explain", "imagine", "convince", "persuade")):
        return True
    return False


def is_question(text: str) -> bool:
    found = text.split()
    if not found:
        return False
    if text.rstrip().endswith("?"):
        return True
    first = w.low(found[0])
    second = w.low(found[1]) if len(found) > 1 else ""
    if re.match(r"^(?:what|how|who|where|why|when)['’](?:s|re)$", first) and len(found) > 2 \
            and (second in w.DETERMINERS or second in w.PRONOUNS):
        return True  # "what's a level you love ...": a question word with its verb
    return first in w.WH and (second in w.AUXILIARIES or second.endswith(("'s", "’s", "'d", "’d")) or
                              second in ("you", "we", "i", "I"))


def asked_rest(text: str) -> str:
    """"she asked (me) what I'd do ..." -> "what I'd do ..."; "" when not reported as asked."""
    found = re.match(r"^(?:(?:she|he|they|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+)?(?:also\s+)?asked(?:\s+me)?"
                     r"(?:\s+about)?\s+(?P<rest>.+)$", text, re.IGNORECASE | re.DOTALL)
    return found.group("rest") if found else ""


_REPORT_VERBS = ("said", "says", "mentioned", "explained", "noted", "told me", "pointed out", "thinks", "believes",
                 "felt", "feels", "stressed", "emphasised", "emphasized", "argued", "suggested", "reckons",
                 "reckoned", "thought", "think", "believe", "feel", "reckon", "claims", "claimed", "admitted",
                 "insists", "insisted", "warned", "joked", "described how", "talked about how", "shared that",
                 "mentioned that", "was clear that", "made the point that", "made clear that", "told us")
_REPORTED = lazy(
    r"^(?P<who>she|he|they|you|[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’-]+){0,2}|the\s+(?:[\w-]+\s+)?[\w-]+)?\s*(?:also\s+|really\s+)?"
    r"(?P<verb>" + "|".join(re.escape(v) for v in sorted(_REPORT_VERBS, key=len, reverse=True)) + r")\b"
    r"\s*(?:that\s+|,\s*|:\s*)?(?P<rest>.+)$", re.IGNORECASE | re.DOTALL)


#: "he explain that ...", "she told that ...", "Priya added that ...": a person, any verb
#: (the lexicon says it can be one), "that" and a clause
_WHO_VERB_THAT = lazy(
    r"^(?P<who>she|he|they|[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’-]+){0,2})\s+(?:also\s+|really\s+)?"
    r"(?P<verb>[a-z]+)(?:\s+(?:me|us))?\s+that\s+(?P<rest>.+)$", re.DOTALL)


def _reported_by_shape(text: str) -> tuple[str, str] | None:
    found = _WHO_VERB_THAT.match(text)
    if not found or not w.can_be(found.group("verb"), "VERB") or not is_clause(found.group("rest")):
        return None
    who = found.group("who")
    if who.lower() not in ("she", "he", "they") and (w.can_be(who.split()[0], "VERB") or w.known(who.split()[0].lower())):
        return None  # "Teams use that ...": a sentence, not a person reporting
    return found.group("verb").lower(), found.group("rest").strip()


def said_by_others(text: str) -> tuple[str, str] | None:
    """(who, what) for reported speech by a department or a body named by its initials
    ("HR said the offer comes Friday", "IT says …"): someone other than the reader, so what
    they said is never the reader's point; None otherwise."""
    found = _REPORTED.match(text)
    if not found or found.group("verb").lower() in ("think", "believe", "feel", "reckon"):
        return None
    who = (found.group("who") or "").strip()
    if not re.fullmatch(r"[A-Z]{2,5}", who):
        return None
    return who, found.group("rest").strip()


def reported(text: str) -> tuple[str, str] | None:
    """("said", what) for reported speech ("She said the team ...", "said he'd been ...");
    None when the text is not reported speech."""
    lowered_name = re.match(r"^([a-z][a-z'’-]+)(?=\s+(?:said|says|reckons|thinks)\b)", text)
    if lowered_name and not w.known(lowered_name.group(1)):
        text = text[:1].upper() + text[1:]
    found = _REPORTED.match(text)
    if not found:
        return _reported_by_shape(text)
    who = (found.group("who") or "").strip()
    if who.lower().startswith("the "):
        # "the manager said …", "the WM said …": someone named by their job, the reader
        from mailflow.rules.detect import is_role_word

        head = who.split()[-1]
        if not (is_role_word(head) or re.fullmatch(r"[A-Z]{2,4}", head)):
            return None
        who = ""
    if who and who.lower() not in ("she", "he", "they", "you") and not who[:1].isupper():
        return None
    if who and who[:1].isupper() and who.lower() not in ("she", "he", "they", "you") \
            and w.can_be(who.split()[0], "VERB") and not w.can_be(who.split()[0], "NOUN"):
        return None
    return found.group("verb").lower(), found.group("rest").strip()
