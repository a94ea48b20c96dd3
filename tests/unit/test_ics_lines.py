"""Calendars read line by line the way a lenient client reads them: trailing blanks,
any mix of CR and LF, byte order marks, folds cut inside a character, a property
that must be single given twice, an UNTIL at the end of year 9999. Each case plants
the odd line next to a good interview, which must never be lost; a file that has
events never reads as an empty calendar."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from mailflow.calendars.ics_read import parse_events
from mailflow.errors import SourceError

from tests.harness.calendars import PANEL, SCREEN, vcalendar

START = datetime(2026, 11, 20, tzinfo=timezone.utc)
END = datetime(2026, 11, 30, tzinfo=timezone.utc)
BOTH = ["panel-1@acme.example", "screen-1@globex.example"]
GOOD = vcalendar(PANEL, SCREEN).encode()


def uids(data: bytes) -> tuple[list[str], list[str]]:
    result = parse_events(data, START, END, source="t", zone=ZoneInfo("America/New_York"))
    return sorted({e.uid for e in result.events}), result.warnings


CASES = {
    "BEGIN:VEVENT with a trailing space": GOOD.replace(b"BEGIN:VEVENT\r\n", b"BEGIN:VEVENT \r\n", 1),
    "END:VEVENT with a trailing tab": GOOD.replace(b"END:VEVENT\r\n", b"END:VEVENT\t\r\n", 1),
    "BEGIN:VCALENDAR with trailing spaces": GOOD.replace(b"BEGIN:VCALENDAR\r\n", b"BEGIN:VCALENDAR  \r\n"),
    "a date with a trailing space": GOOD.replace(b"T140000\r\n", b"T140000 \r\n"),
    "LF-CR line ends": GOOD.replace(b"\r\n", b"\n\r"),
    "CR-CR-LF line ends": GOOD.replace(b"\r\n", b"\r\r\n"),
    "CR line ends": GOOD.replace(b"\r\n", b"\r"),
    "LF line ends": GOOD.replace(b"\r\n", b"\n"),
    "CRLF and LF mixed": GOOD.replace(b"\r\n", b"\n", 7),
    "CRLF and LF-CR mixed": GOOD.replace(b"\r\n", b"\n\r", 9),
    "a byte order mark": b"\xef\xbb\xbf" + GOOD,
    "two byte order marks": b"\xef\xbb\xbf\xef\xbb\xbf" + GOOD,
    "a byte order mark before an event": GOOD.replace(b"\r\nBEGIN:VEVENT", b"\r\n\xef\xbb\xbfBEGIN:VEVENT", 1),
    "a fold cut inside a character": GOOD.replace("Zoë".encode(), b"Zo\xc3\r\n \xab"),
    "a fold cut inside a character, LF only": GOOD.replace(b"\r\n", b"\n").replace("María".encode(),
                                                                                    b"Mar\xc3\n \xada"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_odd_line_costs_no_interview(case):
    found, warnings = uids(CASES[case])
    assert found == BOTH, (case, warnings)
    assert warnings == []


def test_a_uid_with_a_trailing_blank_is_the_same_event():
    found, _ = uids(GOOD.replace(b"UID:panel-1@acme.example\r\n", b"UID:panel-1@acme.example \r\n"))
    assert found == BOTH


@pytest.mark.parametrize("second", ["UID:panel-1@acme.example", "UID:someone-else@evil.example"])
def test_one_event_with_two_uid_lines_is_read_by_its_first_and_costs_nothing_else(second):
    data = vcalendar(PANEL.replace("UID:panel-1@acme.example", "UID:panel-1@acme.example\n" + second),
                     SCREEN).encode()
    assert uids(data)[0] == BOTH


def test_two_events_whose_uid_lines_cross_are_each_read_or_skipped_without_a_recursion():
    other = PANEL.replace("UID:panel-1@acme.example", "UID:third@acme.example\nUID:panel-1@acme.example")
    other = other.replace("T140000", "T170000").replace("T153000", "T180000")
    found, _ = uids(vcalendar(PANEL, other, SCREEN).encode())
    assert "panel-1@acme.example" in found and "screen-1@globex.example" in found


@pytest.mark.parametrize("prop", ["DTSTART:20261124T100000Z", "DTEND:20261124T230000Z", "DURATION:PT1H"])
def test_a_single_property_given_twice_keeps_the_event_at_its_first_value(prop):
    data = vcalendar(PANEL.replace("SUMMARY:", prop + "\nSUMMARY:"), SCREEN).encode()
    result = parse_events(data, START, END, source="t", zone=ZoneInfo("America/New_York"))
    panel = [e for e in result.events if e.uid == "panel-1@acme.example"]
    assert len(panel) == 1 and panel[0].start.astimezone(timezone.utc).hour == 19  # 14:00 New York


@pytest.mark.parametrize("until", ["99991231T235959Z", "99991231T235959", "99991231"])
@pytest.mark.parametrize("length", ["", "DURATION:PT1H"])
def test_an_until_at_the_end_of_year_9999_is_read_as_no_end(until, length):
    series = PANEL.replace("DESCRIPTION", f"RRULE:FREQ=WEEKLY;UNTIL={until}\nDESCRIPTION")
    if length:
        series = series.replace("DTEND;TZID=America/New_York:20261124T153000\n", length + "\n")
    found, warnings = uids(vcalendar(series, SCREEN).encode())
    assert found == BOTH, warnings


def test_a_file_with_events_of_which_none_can_be_read_is_a_failure_not_an_empty_calendar():
    broken = GOOD.replace(b"BEGIN:VEVENT", b"BEGIN :VEVENT")
    with pytest.raises(SourceError) as caught:
        uids(broken)
    assert "no event could be read" in caught.value.message and "line 4" in caught.value.message


def test_a_calendar_without_events_is_still_an_empty_calendar():
    assert uids(vcalendar().encode()) == ([], [])
