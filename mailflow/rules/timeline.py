"""Business days, and reading the answer date an interviewer gave.

``WorkCalendar`` knows which days are working days: a work week (Mon=1 ..
Sun=7) minus the public holidays of one country (the ``holidays`` library).

``parse_timeline`` turns what an interviewer said ("we'll decide by Friday",
"within two weeks", "early December") into ``Timeline.by``: the last day the
company said it would answer on. It reads relative to the interview date and
never guesses: text with nothing date-like in it ("soon", "we'll be in touch")
gives None, and so does a reading that lands before the interview or more
than half a year after it (unless a year was stated).

Each rule below matches the date phrase wherever it sits, so the words around
it ("we'll decide by", "you should hear from us") need no stripping and never
reach dateparser, which would read a stray "we" or "may" as a date.

``follow_up_due`` is the day a follow-up becomes due once that date lapses.

Readings worth knowing (all relative to ``said_on``, the interview date):

- "Friday", "by Friday": the first Friday strictly after ``said_on``.
- "next Friday": the Friday of next week.
- "the 5th": the next 5th on or after ``said_on``.
- "12/5": US order, month/day (5 December).
- "next week", "end of next week": the last work day of next week;
  "early next week": its 2nd work day; "mid next week": its middle work day.
- "this week", "end of the week", "EOW": the last work day of this week
  (of next week when this week's is already over).
- "early / mid / late December": the 10th / 20th / last day; a bare month
  after "in" or "by" ("by December") is its last day, after "before" the day
  before it begins.
- "a couple of days" / "a few days": 2 / 3 business days; an exact count
  ("10 days", "48 hours", "two weeks") is calendar time.
- "end of quarter", "end of Q4": the last day of that quarter.
- "before Christmas": 24 December; "after the holidays": the first business
  day after New Year's Day.
- Holidays by name ("by Thanksgiving") when the calendar has a country.
- Otherwise "before X" reads as "by X": a follow-up a day late is better
  than one a day early.

Weeks start on the first day of the work week (Monday for Mon-Fri, Sunday
for Sun-Thu), so "next week" follows the user's working week.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from mailflow.errors import ConfigError

if TYPE_CHECKING:
    from mailflow.config import Policy

# --------------------------------------------------------------------------- business days


class WorkCalendar:
    """Business days: a work week (Mon=1 .. Sun=7) and public holidays of a country.

    ``country``/``subdiv`` are ISO codes understood by the ``holidays``
    library ("US", "GB", "DE"; subdivision "CA", "BY"); "" means no holidays.
    An unknown code raises ``ConfigError`` naming the ``policy`` setting.
    """

    def __init__(
        self, work_week: Iterable[int] = (1, 2, 3, 4, 5), country: str = "", subdiv: str = ""
    ):
        days = frozenset(work_week)
        if not days or not days <= set(range(1, 8)):
            raise ConfigError(
                f"policy.work_week: {sorted(days)} is not a work week",
                hint="list days as numbers 1 (Monday) to 7 (Sunday), e.g. [1, 2, 3, 4, 5]",
            )
        self.work_week = days
        self.country = country.strip().upper()
        self.subdiv = subdiv.strip().upper()
        self._holidays = self._load_holidays() if self.country else None

    @classmethod
    def from_policy(cls, policy: Policy) -> WorkCalendar:
        return cls(policy.work_week, policy.holidays, policy.holidays_subdiv)

    def _load_holidays(self):
        import holidays  # ~80 ms; only users who set a country pay for it

        supported = holidays.list_supported_countries()
        if self.country not in supported:
            raise ConfigError(
                f"policy.holidays: no public holidays known for {self.country!r}",
                hint='use an ISO 3166 country code such as "US", "GB" or "DE", or "" for none',
            )
        if self.subdiv and self.subdiv not in supported[self.country]:
            raise ConfigError(
                f"policy.holidays_subdiv: {self.country} has no subdivision {self.subdiv!r}",
                hint=f"one of {', '.join(supported[self.country])}, or \"\" for the whole country",
            )
        return holidays.country_holidays(self.country, subdiv=self.subdiv or None)

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(work_week={sorted(self.work_week)}, "
            f"country={self.country!r}, subdiv={self.subdiv!r})"
        )

    def holiday(self, d: date) -> str | None:
        """The name of the public holiday on ``d``, or None."""
        return self._holidays.get(d) if self._holidays is not None else None

    def holidays_in(self, year: int) -> dict[date, str]:
        """Every public holiday of ``year`` (empty without a country)."""
        if self._holidays is None:
            return {}
        date(year, 1, 1) in self._holidays  # noqa: B015 - makes the library fill in that year
        return {d: name for d, name in self._holidays.items() if d.year == year}

    def is_business_day(self, d: date) -> bool:
        return d.isoweekday() in self.work_week and self.holiday(d) is None

    def next_business_day(self, d: date) -> date:
        """The first business day strictly after ``d``."""
        d += timedelta(days=1)
        while not self.is_business_day(d):
            d += timedelta(days=1)
        return d

    def add_business_days(self, d: date, n: int) -> date:
        """The ``n``-th business day strictly after ``d`` (``n`` = 0 gives ``d``)."""
        if n < 0:
            raise ValueError(f"n must be 0 or more, not {n}")
        for _ in range(n):
            d = self.next_business_day(d)
        return d

    @property
    def week_start(self) -> int:
        """The weekday (1-7) a week starts on: the first work day after a day off."""
        for day in range(1, 8):
            before = 7 if day == 1 else day - 1
            if day in self.work_week and before not in self.work_week:
                return day
        return 1  # works every day

    def week_of(self, d: date) -> list[date]:
        """The seven days of the week containing ``d``, from ``week_start``."""
        start = d - timedelta(days=(d.isoweekday() - self.week_start) % 7)
        return [start + timedelta(days=i) for i in range(7)]

    def work_days_of_week(self, d: date) -> list[date]:
        """The work-week days (holidays included) of the week containing ``d``."""
        return [x for x in self.week_of(d) if x.isoweekday() in self.work_week]


def follow_up_due(timeline: Timeline, cal: WorkCalendar, after_days: int = 1) -> date:
    """The day a follow-up becomes due: the ``after_days``-th business day
    strictly after ``timeline.by`` ("one business day after it lapses")."""
    return cal.add_business_days(timeline.by, after_days)


# --------------------------------------------------------------------------- timelines


@dataclass(frozen=True)
class Timeline:
    text: str  # as recorded
    by: date  # the last day the company said it would answer on
    explanation: str  # 'read "within two weeks" as 2 weeks after Tue 3 Nov 2026 = Tue 17 Nov 2026'


#: a reading further ahead than this, with no year stated, is a misreading
MAX_AHEAD = timedelta(days=183)

# English names whatever the machine's locale (strftime would follow it)
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


def format_day(d: date) -> str:
    """'Tue 3 Nov 2026'."""
    return f"{_DAY_NAMES[d.weekday()][:3]} {d.day} {_MONTH_NAMES[d.month - 1][:3]} {d.year}"


_NUMBER_WORDS = {
    "a couple of": 2, "a couple": 2, "couple of": 2, "couple": 2, "a few": 3, "few": 3,
    "an": 1, "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_NUM = r"(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"  # longest alternatives first

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = "(?:" + "|".join(_MONTHS) + ")"

# "sat" and "sun" are left out: too often ordinary words.
_WEEKDAYS = {
    "monday": 1, "mon": 1, "tuesday": 2, "tues": 2, "tue": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thurs": 4, "thur": 4, "thu": 4, "friday": 5, "fri": 5,
    "saturday": 6, "sunday": 7,
}  # fmt: skip
_WEEKDAY = "(" + "|".join(_WEEKDAYS) + ")"

# early / mid / late part of a month -> its last day
_MONTH_PART = {
    "early": 10, "beginning of": 10, "start of": 10,
    "mid": 20, "middle of": 20,
    "late": 31, "end of": 31, "the end of": 31, "in": 31, "by": 31,
}  # fmt: skip
_PART = "(" + "|".join(sorted(_MONTH_PART, key=len, reverse=True)) + ")"


#: an optional "(by) the end of" before a period, kept in the quoted span
_END_OF = r"(?:(?:before |by )?(?:the )?(?:end|close) of (?:the )?)?"


@dataclass(frozen=True)
class _Ctx:
    said_on: date
    cal: WorkCalendar


#: a rule's answer: the date and how it was read (None: the date speaks for itself)
_Reading = tuple[date, str | None] | None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    m = year * 12 + (month - 1) + n
    return m // 12, m % 12 + 1


def _year_of_month(month: int, said_on: date) -> int:
    """A month named without a year is this year's, unless it is already past."""
    return said_on.year if month >= said_on.month else said_on.year + 1


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _dateparser(text: str, base: date) -> date | None:
    """Read ``text`` with dateparser, relative to ``base``, preferring the future."""
    import dateparser  # ~130 ms to import; only a timeline that needs it pays

    settings = {
        # midday: the hour of the interview is unknown, and no zone shift can change the day
        "RELATIVE_BASE": datetime.combine(base, time(12)),
        "PREFER_DATES_FROM": "future",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "DATE_ORDER": "MDY",
        "PREFER_DAY_OF_MONTH": "first",
    }
    found = dateparser.parse(text, languages=["en"], settings=settings)
    return found.date() if found else None


# --- the rules, in the order they are tried ---------------------------------


def _explicit_date(m: re.Match, ctx: _Ctx) -> _Reading:
    # From the day before, so a date equal to the interview day stays this year.
    d = _dateparser(m.group(0), ctx.said_on - timedelta(days=1))
    return (d, None) if d else None


def _before_christmas(m: re.Match, ctx: _Ctx) -> _Reading:
    return date(ctx.said_on.year, 12, 24), "24 December"


def _christmas(m: re.Match, ctx: _Ctx) -> _Reading:
    return date(ctx.said_on.year, 12, 25), "Christmas Day"


def _after_new_year(m: re.Match, ctx: _Ctx) -> _Reading:
    new_year = date(ctx.said_on.year + (ctx.said_on > date(ctx.said_on.year, 1, 1)), 1, 1)
    return ctx.cal.next_business_day(new_year), "the first business day after New Year's Day"


def _quarter_end(year: int, quarter: int) -> date:
    return _month_end(year, quarter * 3)


def _this_quarter(m: re.Match, ctx: _Ctx) -> _Reading:
    quarter = (ctx.said_on.month - 1) // 3 + 1
    return _quarter_end(ctx.said_on.year, quarter), f"the last day of Q{quarter}"


def _next_quarter(m: re.Match, ctx: _Ctx) -> _Reading:
    quarter = (ctx.said_on.month - 1) // 3 + 2
    year = ctx.said_on.year + (quarter > 4)
    quarter = (quarter - 1) % 4 + 1
    return _quarter_end(year, quarter), f"the last day of Q{quarter} {year}"


def _named_quarter(m: re.Match, ctx: _Ctx) -> _Reading:
    quarter = int(m.group(1))
    return _quarter_end(_year_of_month(quarter * 3, ctx.said_on), quarter), (
        f"the last day of Q{quarter}"
    )


def _year_end(m: re.Match, ctx: _Ctx) -> _Reading:
    return date(ctx.said_on.year, 12, 31), "the last day of the year"


def _this_month(m: re.Match, ctx: _Ctx) -> _Reading:
    return _month_end(ctx.said_on.year, ctx.said_on.month), "the last day of this month"


def _part_of_month(part: str, year: int, month: int) -> tuple[date, str]:
    last = _MONTH_PART[part]
    day = min(last, calendar.monthrange(year, month)[1])
    name = _MONTH_NAMES[month - 1]
    if last == 31:
        return date(year, month, day), f"the end of {name}"
    return date(year, month, day), f"{part} {name}, up to the {day}th"


def _next_month(m: re.Match, ctx: _Ctx) -> _Reading:
    year, month = _add_months(ctx.said_on.year, ctx.said_on.month, 1)
    d, how = _part_of_month(m.group(1) or "end of", year, month)
    return d, how + " (next month)"


def _named_month(m: re.Match, ctx: _Ctx) -> _Reading:
    part, month = m.group(1), _MONTHS[m.group(2)]
    year = _year_of_month(month, ctx.said_on)
    if part == "before":
        return date(year, month, 1) - timedelta(days=1), "the day before it begins"
    return _part_of_month(part, year, month)


def _vague_business_days(m: re.Match, ctx: _Ctx) -> _Reading:
    n = 2 if "couple" in m.group(0) or "or two" in m.group(0) else 3
    return ctx.cal.add_business_days(ctx.said_on, n), (
        f"{n} business days after {format_day(ctx.said_on)}"
    )


def _business_days(m: re.Match, ctx: _Ctx) -> _Reading:
    n = _number(m.group(1))
    return ctx.cal.add_business_days(ctx.said_on, n), (
        f"{n} business day{'s' * (n != 1)} after {format_day(ctx.said_on)}"
    )


def _relative(m: re.Match, ctx: _Ctx) -> _Reading:
    n, unit = _number(m.group(1)), m.group(2).rstrip("s")
    d = _dateparser(f"in {n} {unit}s", ctx.said_on)
    return (d, f"{n} {unit}{'s' * (n != 1)} after {format_day(ctx.said_on)}") if d else None


def _week_reading(
    offset: int, pick: Callable[[list[date]], date], how: str
) -> Callable[[re.Match, _Ctx], _Reading]:
    """A rule for a day of the week ``offset`` weeks from the interview's."""

    def rule(m: re.Match, ctx: _Ctx) -> _Reading:
        days = ctx.cal.work_days_of_week(ctx.said_on + timedelta(weeks=offset))
        d = pick(days)
        if d < ctx.said_on and offset == 0:  # this week is over: mean the coming one
            d = pick(ctx.cal.work_days_of_week(ctx.said_on + timedelta(weeks=1)))
        return d, how

    return rule


def _next_weekday_of_next_week(m: re.Match, ctx: _Ctx) -> _Reading:
    wanted = _WEEKDAYS[m.group(1)]
    week = ctx.cal.week_of(ctx.said_on + timedelta(weeks=1))
    return next(d for d in week if d.isoweekday() == wanted), (
        f"the {_DAY_NAMES[wanted - 1]} of next week"
    )


def _weekday(m: re.Match, ctx: _Ctx) -> _Reading:
    wanted = _WEEKDAYS[m.group(1)]
    ahead = (wanted - ctx.said_on.isoweekday() - 1) % 7 + 1  # 1..7: strictly after
    return ctx.said_on + timedelta(days=ahead), (
        f"the first {_DAY_NAMES[wanted - 1]} after {format_day(ctx.said_on)}"
    )


def _day_of_month(m: re.Match, ctx: _Ctx) -> _Reading:
    day = int(m.group(1))
    if not 1 <= day <= 31:
        return None
    year, month = ctx.said_on.year, ctx.said_on.month
    if day < ctx.said_on.day:
        year, month = _add_months(year, month, 1)
    while day > calendar.monthrange(year, month)[1]:  # "the 31st" skips short months
        year, month = _add_months(year, month, 1)
    return date(year, month, day), f"the next {m.group(1)}{m.group(2)} on or after {format_day(ctx.said_on)}"


def _weekday_and_day(m: re.Match, ctx: _Ctx) -> _Reading:
    """"Friday the 20th": the next 20th that is a Friday (within three months), else the
    next 20th (a weekday said wrong is likelier than a date said wrong)."""
    wanted, day = _WEEKDAYS[m.group(1)], int(m.group(2))
    if not 1 <= day <= 31:
        return None
    year, month = ctx.said_on.year, ctx.said_on.month
    for _ in range(3):
        if day <= calendar.monthrange(year, month)[1]:
            d = date(year, month, day)
            if d >= ctx.said_on and d.isoweekday() == wanted:
                return d, f"the next {_DAY_NAMES[wanted - 1]} the {day}{m.group(3) or ''} after {format_day(ctx.said_on)}"
        year, month = _add_months(year, month, 1)
    return _day_of_month(re.match(r"(\d+)(\w*)", f"{day}{m.group(3) or 'th'}"), ctx)


def _relative_day(m: re.Match, ctx: _Ctx) -> _Reading:
    d = _dateparser(m.group(0), ctx.said_on)
    return (d, None) if d else None


def _same_day(m: re.Match, ctx: _Ctx) -> _Reading:
    return ctx.said_on, "the interview day"


def _middle(days: list[date]) -> date:
    return days[len(days) // 2]


def _second(days: list[date]) -> date:
    return days[min(1, len(days) - 1)]


# First match wins, so the more specific phrase comes first.
_RULES: list[tuple[str, Callable[[re.Match, _Ctx], _Reading]]] = [
    # explicit dates, read by dateparser
    (r"\b\d{4}-\d{1,2}-\d{1,2}\b", _explicit_date),
    (r"\b(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])(?:/\d{4}|/\d{2})?\b", _explicit_date),  # US: m/d
    (rf"\b{_MONTH}\.? \d{{1,2}}(?:st|nd|rd|th)?\b(?:,? \d{{4}}\b)?", _explicit_date),
    (rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH}\b\.?(?:,? \d{{4}}\b)?", _explicit_date),
    # a weekday with its day of the month: the date, not the first such weekday
    (rf"\b{_WEEKDAY},? (?:the )?(\d{{1,2}})(st|nd|rd|th)?\b(?! ?(?:{_MONTH}|/|:|am\b|pm\b))", _weekday_and_day),
    # the end of the year
    (r"\bbefore (?:christmas|xmas|the holidays|the holiday break)\b", _before_christmas),
    (r"\b(?:christmas|xmas)\b", _christmas),
    (r"\bafter (?:the )?(?:holidays|holiday break|new year'?s?(?: day)?)\b", _after_new_year),
    # quarters and years
    (rf"\b{_END_OF}next quarter\b", _next_quarter),
    (rf"\b{_END_OF}(?:this |current )?quarter\b|\beoq\b", _this_quarter),
    (rf"\b{_END_OF}q([1-4])\b", _named_quarter),
    (r"\b(?:end of (?:the |this )?year|year end|eoy)\b", _year_end),
    # months
    (rf"\b(?:{_PART} )?next month\b", _next_month),
    (r"\b(?:(?:the )?end of (?:the |this )?month|month end|eom|this month)\b", _this_month),
    (rf"\b({'|'.join(sorted([*_MONTH_PART, 'before'], key=len, reverse=True))}) "
     rf"(?:the )?(?:month of )?({_MONTH})\b(?!\.? ?\d)", _named_month),
    # counts of days, weeks, months
    (r"\b(?:a day or two|(?:a )?couple(?: of)? days|(?:a )?few days)\b", _vague_business_days),
    (rf"\b{_NUM} (?:business|working|work) days?\b", _business_days),
    (rf"\b(?:(?:in|within|after) )?{_NUM} (hours?|days?|weeks?|months?)\b", _relative),
    # weeks
    (r"\b(?:early|beginning of|start of) next week\b",
     _week_reading(1, _second, "the 2nd work day of next week")),
    (r"\b(?:mid|middle of) next week\b",
     _week_reading(1, _middle, "the middle work day of next week")),
    (r"\bthe week after next\b",
     _week_reading(2, lambda days: days[-1], "the last work day of the week after next")),
    (rf"\bnext {_WEEKDAY}\b", _next_weekday_of_next_week),
    (rf"\b(?:later? )?{_END_OF}next week\b",
     _week_reading(1, lambda days: days[-1], "the last work day of next week")),
    (r"\bafter the weekend\b",
     _week_reading(1, lambda days: days[0], "the first work day of next week")),
    (r"\b(?:end of (?:the |this )?week|this week|eow|(?:by|before) the weekend)\b",
     _week_reading(0, lambda days: days[-1], "the last work day of this week")),
    # single days
    (rf"\b{_WEEKDAY}\b", _weekday),
    (r"\b(?:the )?(\d{1,2})(st|nd|rd|th)\b", _day_of_month),
    (r"\b(?:the )?day after tomorrow\b|\btomorrow\b", _relative_day),
    (r"\b(?:today|tonight|eod|cob|end of (?:the )?day|close of business)\b", _same_day),
]  # fmt: skip


@functools.cache
def _compiled_rules() -> list[tuple[re.Pattern, Callable[[re.Match, _Ctx], _Reading]]]:
    # compiled on first use: ~20 ms that `mailflow --help` need not pay
    return [(re.compile(pattern), rule) for pattern, rule in _RULES]


def _normalize(text: str) -> str:
    text = text.casefold().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"(?<=[a-z])[-\u2010-\u2014](?=[a-z])", " ", text)  # mid-December
    return re.sub(r"\s+", " ", text).strip(" .!?;")


def _holiday_by_name(text: str, ctx: _Ctx) -> tuple[str, date, str] | None:
    """A public holiday of the calendar's country named in ``text`` ("by Thanksgiving")."""
    found: list[tuple[date, str, str]] = []
    for year in (ctx.said_on.year, ctx.said_on.year + 1):
        for d, name in ctx.cal.holidays_in(year).items():
            if d < ctx.said_on or "observed" in name.casefold():
                continue
            full = name.casefold()
            for variant in {full, re.sub(r"\s+day$", "", full)}:
                if len(variant) >= 5 and re.search(rf"\b{re.escape(variant)}\b", text):
                    found.append((d, variant, name))
    if not found:
        return None
    d, variant, name = min(found)
    return variant, d, name


def parse_timeline(text: str, said_on: date, cal: WorkCalendar | None = None) -> Timeline | None:
    """Read the answer date in ``text``, said on ``said_on``; None when there is none.

    ``cal`` decides business days and the work week (default: Mon-Fri, no
    holidays). The result is never before ``said_on``.
    """
    cal = cal or WorkCalendar()
    ctx = _Ctx(said_on, cal)
    core = _normalize(text)
    reading: _Reading = None
    span = ""
    for pattern, rule in _compiled_rules():
        m = pattern.search(core)
        if m:
            span, reading = m.group(0), rule(m, ctx)
            break
    else:
        named = _holiday_by_name(core, ctx)
        if named:
            span, d, name = named
            reading = (d, name)
    if reading is None:
        return None
    by, how = reading
    year_stated = re.search(r"\b\d{4}\b", span) is not None
    if by < said_on or (by - said_on > MAX_AHEAD and not year_stated):
        return None
    said = f'read "{span}" as '
    explanation = f"{said}{how} = {format_day(by)}" if how else f"{said}{format_day(by)}"
    return Timeline(text=text, by=by, explanation=explanation)
