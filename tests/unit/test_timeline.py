"""Business days and interview timelines.

The table runs the same under any TZ (CI runs it under UTC, America/Los_Angeles
and Asia/Tokyo): dates are read relative to the interview date only.
"""

from __future__ import annotations

from datetime import date

import pytest

from mailflow.config import Policy
from mailflow.errors import ConfigError
from mailflow.rules.timeline import (
    Timeline,
    WorkCalendar,
    follow_up_due,
    parse_timeline,
)

TUE = date(2026, 11, 3)  # a Tuesday
FRI = date(2026, 11, 6)
SAT = date(2026, 11, 7)
LATE_DEC = date(2026, 12, 28)  # a Monday, days before the year ends
MID_DEC = date(2026, 12, 12)

# (said on, what the interviewer said, the last day they said they'd answer on)
TABLE = [
    (TUE, "We'll decide by Friday", date(2026, 11, 6)),
    (TUE, "by the 5th", date(2026, 11, 5)),
    (TUE, "Dec 5", date(2026, 12, 5)),
    (TUE, "December 5th", date(2026, 12, 5)),
    (TUE, "5 December", date(2026, 12, 5)),
    (TUE, "the 5th of December", date(2026, 12, 5)),
    (TUE, "12/5", date(2026, 12, 5)),  # US month/day
    (TUE, "2026-12-05", date(2026, 12, 5)),
    (TUE, "December 5, 2026", date(2026, 12, 5)),
    (TUE, "within two weeks", date(2026, 11, 17)),
    (TUE, "in 2 weeks", date(2026, 11, 17)),
    (TUE, "within 10 days", date(2026, 11, 13)),
    (TUE, "within a week", date(2026, 11, 10)),
    (TUE, "in a couple of weeks", date(2026, 11, 17)),
    (TUE, "next week", date(2026, 11, 13)),
    (TUE, "early next week", date(2026, 11, 10)),
    (TUE, "mid next week", date(2026, 11, 11)),
    (TUE, "by the end of next week", date(2026, 11, 13)),
    (TUE, "the week after next", date(2026, 11, 20)),
    (TUE, "end of the week", date(2026, 11, 6)),
    (TUE, "this week", date(2026, 11, 6)),
    (TUE, "EOW", date(2026, 11, 6)),
    (TUE, "by the weekend", date(2026, 11, 6)),
    (TUE, "after the weekend", date(2026, 11, 9)),
    (TUE, "end of the month", date(2026, 11, 30)),
    (TUE, "by end of month", date(2026, 11, 30)),
    (TUE, "next month", date(2026, 12, 31)),
    (TUE, "early December", date(2026, 12, 10)),
    (TUE, "mid-December", date(2026, 12, 20)),
    (TUE, "late December", date(2026, 12, 31)),
    (TUE, "sometime in December", date(2026, 12, 31)),
    (TUE, "before December", date(2026, 11, 30)),
    (TUE, "a couple of days", date(2026, 11, 5)),
    (TUE, "a few days", date(2026, 11, 6)),
    (TUE, "in a few business days", date(2026, 11, 6)),
    (TUE, "within 3 business days", date(2026, 11, 6)),
    (TUE, "tomorrow", date(2026, 11, 4)),
    (TUE, "today", date(2026, 11, 3)),
    (TUE, "Monday", date(2026, 11, 9)),
    (TUE, "next Monday", date(2026, 11, 9)),
    (TUE, "next Friday", date(2026, 11, 13)),  # the Friday of next week, not this one
    (TUE, "after the holidays", date(2027, 1, 4)),  # 1 Jan is a Friday; then a weekend
    (TUE, "in 48 hours", date(2026, 11, 5)),
    (TUE, "EOD Friday", date(2026, 11, 6)),
    (TUE, "before Christmas", date(2026, 12, 24)),
    (TUE, "before the end of Q4", date(2026, 12, 31)),
    (TUE, "end of quarter", date(2026, 12, 31)),
    (TUE, "end of Q1", date(2027, 3, 31)),
    (TUE, "end of the year", date(2026, 12, 31)),
    (TUE, "in 2-3 weeks", date(2026, 11, 24)),  # the later bound
    # with the filler people say around it
    (TUE, "You should hear from us within two weeks", date(2026, 11, 17)),
    (TUE, "We will get back to you by Dec 5 at the latest", date(2026, 12, 5)),
    (TUE, "Expect an answer in 10 days or so", date(2026, 11, 13)),
    (TUE, "you may hear from us next week", date(2026, 11, 13)),  # "may" is not May
    (TUE, "Thanks for today! We'll decide by Friday", date(2026, 11, 6)),
    (TUE, "We\u2019ll make a decision by mid\u2011December", date(2026, 12, 20)),
    # from a Friday: "Friday" is the next one
    (FRI, "we'll decide by Friday", date(2026, 11, 13)),
    (FRI, "end of the week", date(2026, 11, 6)),
    (FRI, "next week", date(2026, 11, 13)),
    (FRI, "a couple of days", date(2026, 11, 10)),  # over the weekend
    (FRI, "Monday", date(2026, 11, 9)),
    # on a Saturday this week's work is over
    (SAT, "end of the week", date(2026, 11, 13)),
    # late December: the year rolls over
    (LATE_DEC, "Jan 5", date(2027, 1, 5)),
    (LATE_DEC, "1/5", date(2027, 1, 5)),
    (LATE_DEC, "by the 5th", date(2027, 1, 5)),
    (LATE_DEC, "early January", date(2027, 1, 10)),
    (LATE_DEC, "end of the month", date(2026, 12, 31)),
    (LATE_DEC, "next month", date(2027, 1, 31)),
    (LATE_DEC, "within two weeks", date(2027, 1, 11)),
    (LATE_DEC, "after the holidays", date(2027, 1, 4)),
    (LATE_DEC, "end of next quarter", date(2027, 3, 31)),
    (LATE_DEC, "early next week", date(2027, 1, 5)),
    (LATE_DEC, "Friday", date(2027, 1, 1)),
    (MID_DEC, "by the 31st", date(2026, 12, 31)),
    (date(2026, 11, 5), "by the 31st", date(2026, 12, 31)),  # November has no 31st
    (date(2026, 12, 5), "Dec 5", date(2026, 12, 5)),  # the interview day itself, not next year
]


@pytest.mark.parametrize(("said_on", "text", "expected"), TABLE, ids=[t for _, t, _ in TABLE])
def test_timeline_table(said_on, text, expected):
    timeline = parse_timeline(text, said_on)
    assert timeline is not None, f"no date read in {text!r}"
    assert timeline.by == expected, timeline.explanation
    assert timeline.text == text
    assert timeline.by >= said_on


# Nothing date-like, or a date that cannot be meant: no timeline, never a guess.
NOT_A_TIMELINE = [
    (TUE, "soon"),
    (TUE, "we'll be in touch"),
    (TUE, "We will get back to you"),
    (TUE, "5"),
    (TUE, "24/7"),
    (TUE, "Dec 5, 2025"),  # already past
    (TUE, "Nov 2"),  # yesterday: "next year" would be a wild guess
    (TUE, "in 9 months"),
    (MID_DEC, "early December"),  # already over
    (LATE_DEC, "before Christmas"),
    (TUE, "by Thanksgiving"),  # holidays by name need a country
]


@pytest.mark.parametrize(("said_on", "text"), NOT_A_TIMELINE, ids=[t for _, t in NOT_A_TIMELINE])
def test_no_timeline(said_on, text):
    assert parse_timeline(text, said_on) is None


def test_holiday_by_name_with_a_country():
    us = WorkCalendar(country="US")
    timeline = parse_timeline("we'll decide by Thanksgiving", TUE, us)
    assert timeline.by == date(2026, 11, 26)
    assert "Thanksgiving" in timeline.explanation


def test_explanation_says_how_it_was_read():
    timeline = parse_timeline("within two weeks", TUE)
    assert timeline.explanation == (
        'read "within two weeks" as 2 weeks after Tue 3 Nov 2026 = Tue 17 Nov 2026'
    )
    assert parse_timeline("early next week", TUE).explanation == (
        'read "early next week" as the 2nd work day of next week = Tue 10 Nov 2026'
    )
    assert parse_timeline("Dec 5", TUE).explanation == 'read "dec 5" as Sat 5 Dec 2026'


def test_weeks_follow_the_work_week():
    sun_thu = WorkCalendar([7, 1, 2, 3, 4])
    assert sun_thu.week_start == 7
    assert parse_timeline("end of the week", TUE, sun_thu).by == date(2026, 11, 5)  # Thu
    assert parse_timeline("early next week", TUE, sun_thu).by == date(2026, 11, 9)  # Mon
    assert parse_timeline("a few days", date(2026, 11, 5), sun_thu).by == date(2026, 11, 10)


# --------------------------------------------------------------------------- business days


def test_business_days_skip_the_weekend():
    cal = WorkCalendar()
    assert cal.next_business_day(FRI) == date(2026, 11, 9)
    assert cal.add_business_days(FRI, 2) == date(2026, 11, 10)
    assert cal.add_business_days(FRI, 0) == FRI
    assert not cal.is_business_day(SAT)
    with pytest.raises(ValueError):
        cal.add_business_days(FRI, -1)


def test_follow_up_due_across_a_weekend():
    timeline = parse_timeline("by Friday", TUE)
    cal = WorkCalendar()
    assert follow_up_due(timeline, cal) == date(2026, 11, 9)  # Monday
    assert follow_up_due(timeline, cal, after_days=3) == date(2026, 11, 11)


def test_follow_up_due_across_thanksgiving():
    timeline = Timeline("by Wednesday", date(2026, 11, 25), "")
    us = WorkCalendar(country="US")
    assert us.holiday(date(2026, 11, 26)) == "Thanksgiving Day"
    assert follow_up_due(timeline, us) == date(2026, 11, 27)  # Friday after Thanksgiving
    assert follow_up_due(timeline, WorkCalendar()) == date(2026, 11, 26)


def test_follow_up_due_with_a_sunday_to_thursday_week():
    sun_thu = WorkCalendar([7, 1, 2, 3, 4])
    timeline = Timeline("by Thursday", date(2026, 11, 5), "")
    assert follow_up_due(timeline, sun_thu) == date(2026, 11, 8)  # Sunday
    assert follow_up_due(timeline, sun_thu, after_days=2) == date(2026, 11, 9)
    assert not sun_thu.is_business_day(date(2026, 11, 6))  # Friday off


def test_subdivision_holidays():
    # 1 Nov (All Saints' Day) is a holiday in Bavaria, not in Berlin; 2026-11-01 is a Sunday,
    # so use 6 Jan 2027 (Epiphany), a Wednesday.
    bavaria = WorkCalendar(country="DE", subdiv="BY")
    berlin = WorkCalendar(country="DE", subdiv="BE")
    assert not bavaria.is_business_day(date(2027, 1, 6))
    assert berlin.is_business_day(date(2027, 1, 6))


def test_from_policy():
    policy = Policy(work_week=[7, 1, 2, 3, 4], holidays="us", holidays_subdiv="")
    cal = WorkCalendar.from_policy(policy)
    assert cal.work_week == {7, 1, 2, 3, 4}
    assert cal.country == "US"
    assert not cal.is_business_day(date(2026, 11, 26))


@pytest.mark.parametrize(
    ("kwargs", "setting"),
    [
        ({"country": "XX"}, "policy.holidays"),
        ({"country": "US", "subdiv": "ZZ"}, "policy.holidays_subdiv"),
        ({"work_week": []}, "policy.work_week"),
        ({"work_week": [0, 1]}, "policy.work_week"),
    ],
)
def test_bad_calendar_settings_name_the_setting(kwargs, setting):
    with pytest.raises(ConfigError) as err:
        WorkCalendar(**kwargs)
    assert str(err.value).startswith(setting)
    assert err.value.hint


def test_dateparser_is_imported_lazily():
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys, mailflow.rules.timeline as t\n"
        "assert 'dateparser' not in sys.modules and 'holidays' not in sys.modules\n"
        "from datetime import date\n"
        "t.parse_timeline('next week', date(2026, 11, 3))\n"
        "assert 'dateparser' not in sys.modules\n"
        "t.parse_timeline('in 2 weeks', date(2026, 11, 3))\n"
        "assert 'dateparser' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])
