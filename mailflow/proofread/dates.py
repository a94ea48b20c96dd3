"""Weekdays and dates a message ties to the conversation, checked against the interview.

"Thank you for speaking with me on Tuesday" must name the day of the interview;
"I will send it on Monday" or "an incident I handled last Friday" say nothing about
it. A date counts when its clause (the words between punctuation or "and"/"but")
speaks of the meeting (speak, meet, interview, conversation, call, panel, your
time, ...) and does not look ahead (will, 'll, by, next, until, ...). "today" and
"yesterday" are read from when the message is checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_WEEKDAYS = {"monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
             "thursday": 3, "thurs": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sunday": 6}
_MONTHS = {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
           "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
           "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs)?|fri)\b\.?"
_MO = r"(?P<mo>january|february|march|april|may|june|july|august|september|october|november|december|" \
      r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_MENTION = re.compile(
    rf"(?P<date>{_MO}\s+{_DAY.replace('(?P<d>', '(?P<d1>')}\b|{_DAY.replace('(?P<d>', '(?P<d2>')}\s+(?:of\s+)?"
    rf"{_MO.replace('(?P<mo>', '(?P<mo2>')}\b|\b(?P<num>[01]?\d)/(?P<nd>[0-3]?\d)\b(?!/\d{{3}})"
    rf"|\bthe\s+(?P<d3>[0-3]?\d)(?:st|nd|rd|th)\b(?!\s+(?:grade|year|floor|ward|round|edition|percentile|"
    rf"place|time|anniversary|century|street|avenue|district|form|class|level|birthday)\b))"
    rf"|(?P<wday>\b{_WD}(?:'s)?)"
    rf"|(?P<rel>\b(?:today|this\s+(?:morning|afternoon|evening)|earlier\s+today|yesterday|last\s+night)(?:'s)?\b)",
    re.IGNORECASE,
)
#: words that tie a clause to the conversation
_MEETING = re.compile(
    r"\b(?:spe(?:ak|aking|ke|oken)|spoke|meet(?:ing)?|met|interview\w*|conversation|talk(?:ed|ing)?|chat(?:ted)?|"
    r"call|panel|screen(?:ing)?|round|discussion|discuss(?:ed|ing)?|onsite|visit|your\s+time)\b",
    re.IGNORECASE,
)
#: words that make a date about the future or a deadline, not the meeting
_AHEAD = re.compile(
    r"\b(?:will|'ll|shall|going\s+to|plan\s+to|planned|by|until|till|before|next|after|coming|upcoming|"
    r"decision|decide|deadline|expect(?:ed)?|hear(?:ing)?\s+back|send|sending|share|sharing|follow\s+up|"
    r"starting|from)\b",
    re.IGNORECASE,
)
#: a sentence offering days ("I am available ...", "I am free on ...")
_AVAILABLE = re.compile(r"\b(?:available|availability|free\s+(?:on|from|any|most|all|after|before|every)|"
                        r"can\s+(?:do|make|come|meet))\b", re.IGNORECASE)
#: a day proposed for a call, said after it: "a call on Thursday or Friday would suit best"
_PROPOSED = re.compile(r"\b(?:(?:would|will|should|could|might)\s+(?:suit|work|be\s+(?:best|ideal|easiest|convenient))|"
                       r"suits?\s+(?:me|best|better)|convenient\s+for\s+(?:me|you))\b", re.IGNORECASE)
_CLAUSE_EDGE = re.compile(r"[.;!?\n]|,\s|\s(?:and|but|while|although|whereas)\s")


@dataclass(frozen=True)
class DateMention:
    text: str  # as written
    problem: str  # what does not match


#: the company's news: in a reply to it, "the call this morning" is that call, not the interview
_NEWS = re.compile(r"\b(?:call|message|e-?mail|note|news|letter|reply|letting\s+me\s+know)\b", re.IGNORECASE)
_INTERVIEW = re.compile(r"\b(?:interview\w*|panel|meet(?:ing)?|met|onsite|visit|round)\b", re.IGNORECASE)


def wrong_dates(text: str, days: tuple[date, ...], today: date | None, *, reply_to_news: bool = False,
                times: tuple[tuple[datetime, datetime], ...] = (), timeline: tuple[date, ...] = ()
                ) -> list[DateMention]:
    """Mentions of a weekday or date tied to the conversation that no day in ``days``
    (the interviews this message can be about) matches. ``reply_to_news``: the message
    answers the company's news (a rejection reply), so "today"/"this morning" with a
    call or message and no interview in its clause are about that news."""
    if not days:
        return []
    out = []
    for m in _MENTION.finditer(text):
        clause = _clause(text, m.start(), m.end())
        if timeline and not m.group("rel") and _DECISION.search(clause):
            # "You mentioned a decision by Friday 22 August": the day they said, as recorded
            problem = _problem(m, timeline, today)
            if problem:
                names = ", ".join(f"{d:%A} {d.day} {d:%B}" for d in timeline)
                out.append(DateMention(m.group(0), f"the timeline you recorded is {names}"))
            continue
        if not _MEETING.search(clause) or _AHEAD.search(_before(clause, m.group(0))):
            continue
        if _AVAILABLE.search(text[max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1:m.start()]):
            continue  # "I am available Tuesday and Wednesday afternoons": days offered, not the interview's
        if _PROPOSED.search(text[m.end():min(i for i in (text.find(".", m.end()), text.find("\n", m.end()), len(text)) if i >= 0)]):
            continue  # "a call on Thursday or Friday would suit best": days proposed, not the interview's
        if reply_to_news and m.group("rel") and _NEWS.search(clause) and not _INTERVIEW.search(clause) \
                and not _AGAIN.search(clause):
            continue  # "thank you again for this morning's call" thanks for the interview once more
        problem = _problem(m, days, today) or _time_of_day(m, today, times)
        if problem:
            out.append(DateMention(m.group(0), problem))
    return out


#: words that tie a date to the company's decision
_DECISION = re.compile(r"\b(?:decision|decide[sd]?|deciding|hear\s+back|let\s+(?:me|candidates)\s+know|get\s+back\s+to|"
                       r"come\s+back\s+to|outcome|timeline)\b", re.IGNORECASE)
_AGAIN = re.compile(r"\bagain\b", re.IGNORECASE)
#: the parts of a day, by the hour they start and end
_PARTS = {"morning": (0, 12), "afternoon": (12, 18), "evening": (17, 24)}


def _time_of_day(m: re.Match, today: date | None, times: tuple[tuple[datetime, datetime], ...]) -> str:
    """"this morning" for an interview from 14:00 to 15:00 that day: the part of the day
    named overlaps no interview of today (``times``: start and end, in the user's zone)."""
    found = re.search(r"morning|afternoon|evening", m.group("rel") or "", re.IGNORECASE)
    if found is None or today is None:
        return ""
    todays = [(a, b) for a, b in times if a.date() == today]
    if not todays:
        return ""
    first, last = _PARTS[found.group().lower()]
    if any(a.hour < last and (b.date() > today or b.hour * 60 + b.minute > first * 60) for a, b in todays):
        return ""
    when = ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in todays)
    return f"{m.group('rel')!r} does not fit the interview today, {when}"


def _clause(text: str, start: int, end: int) -> str:
    edges = [e.end() for e in _CLAUSE_EDGE.finditer(text, 0, start)]
    left = edges[-1] if edges else 0
    after = _CLAUSE_EDGE.search(text, end)
    return text[left: after.start() if after else len(text)]


def _before(clause: str, mention: str) -> str:
    """The clause up to the mention and a few words after it: "send it on Monday"."""
    at = clause.find(mention)
    return clause if at < 0 else clause[: at + len(mention)]


def _problem(m: re.Match, days: tuple[date, ...], today: date | None) -> str:
    names = ", ".join(f"{d:%A} {d.day} {d:%B}" for d in sorted(set(days)))
    if m.group("rel"):
        if today is None:
            return ""
        word = m.group("rel").lower()
        meant = today - timedelta(days=1) if word.startswith(("yesterday", "last night")) else today
        return "" if meant in days else f"{m.group('rel')!r} is {meant:%A} {meant.day} {meant:%B}; the interview was {names}"
    if m.group("wday"):
        weekday = _WEEKDAYS[m.group("wd").lower().rstrip(".")]
        if any(d.weekday() == weekday for d in days):
            return ""
        return f"the interview was on {names}"
    day = m.group("d1") or m.group("d2") or m.group("nd") or m.group("d3")
    month_word = m.group("mo") or m.group("mo2")
    month = _MONTHS[month_word.lower().rstrip(".")] if month_word else (int(m.group("num")) if m.group("num") else None)
    if not day or not 1 <= int(day) <= 31 or (month is not None and not 1 <= month <= 12):
        return ""
    if any(d.day == int(day) and (month is None or d.month == month) for d in days):
        return ""
    return f"the interview was on {names}"
