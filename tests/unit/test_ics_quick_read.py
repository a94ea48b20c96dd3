"""The calendar read's quicker paths give what icalendar and recurring-ical-events give.

Three paths are checked against the libraries' own reading:
- a plain content line is split (``ics_parse.plain_parts``) exactly as icalendar's
  ``Contentline.parts`` splits it, and a whole calendar parses to the same components;
- a plain event or series (``ics_plain``) is read from its properties without the
  parser's components and the expansion's calendar pass;
- an occurrence of a series becomes an event without the expansion's copy of it.

The reference is the libraries' plain reading: ``icalendar.Calendar.from_ical`` of the
whole text, ``recurring_ical_events.of(...).between``, each occurrence's
``as_component(False)`` turned into an event. The times are compared with their zones.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from icalendar.parser.content_line import Contentline

from mailflow.calendars import ics_parse, ics_plain, ics_read
from mailflow.calendars.ics_read import _to_event, _unusable, parse_events
from mailflow.model import event_to_dict

from tests.harness.calendars import CALENDARS, REPO, vcalendar, vevent

UTC = timezone.utc
NY = ";TZID=America/New_York:"
FIXTURES = sorted(p for p in CALENDARS.glob("*.ics") if p.name != "not_a_calendar.ics") + [
    REPO / "examples" / "interviews.ics", REPO / "bench" / "corpus" / "pipeline.ics"]
ZONES = [ZoneInfo("America/New_York"), ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Pacific/Pago_Pago")]
_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE"""


def described(event) -> dict:
    """An event as JSON, with the zones of its times (the quicker path must keep them)."""
    data = event_to_dict(event)
    data["zones"] = (repr(event.start.tzinfo), repr(event.end.tzinfo))
    return data


def ordered(events) -> list[dict]:
    return sorted((described(e) for e in events), key=lambda d: (d["uid"], d["recurrence_id"], d["start"]))


def library(text: str, start: datetime, end: datetime, zone) -> list[dict]:
    """The libraries' own reading of the whole text (events that cannot be placed in time
    dropped first, as mailflow always did)."""
    calendar = icalendar.Calendar.from_ical(text)
    broken = {str(c.get("UID", "")) for c in calendar.walk("VEVENT") if _unusable(c)}
    calendar.subcomponents = [c for c in calendar.subcomponents
                              if c.name != "VEVENT" or str(c.get("UID", "")) not in broken]
    series = {str(c.get("UID", "")) for c in calendar.walk("VEVENT")
              if any(c.get(p) is not None for p in ("RRULE", "RDATE", "RECURRENCE-ID"))}
    found = recurring_ical_events.of(calendar).between(start, end)
    return ordered(_to_event(c, "t", zone, frozenset(), str(c.get("UID", "")) in series) for c in found)


def ours(text: str, start: datetime, end: datetime, zone) -> list[dict]:
    return ordered(parse_events(text, start, end, source="t", zone=zone).events)


def kinds_calendar(header: str = "") -> str:
    """One event of each kind around 2-12 November 2026 (a DST change in New York on the 1st)."""
    events = [
        vevent("single@x", "Interview with Acme", f"{NY}20261103T100000", f"{NY}20261103T110000",
               organizer=";CN=Sam Lee:mailto:sam@acme.example",
               attendees=(';CN="Lima, Ana";PARTSTAT=ACCEPTED;ROLE=OPT-PARTICIPANT:mailto:ana@acme.example',
                          ";CUTYPE=ROOM;CN=Room 4B:mailto:room@acme.example"),
               extra="DESCRIPTION:Bring\\, please\\; the notes\\nand a pen\r\nLOCATION:Floor 3\\, room 4B\r\n"
                     "URL:https://zoom.us/j/123?pwd=a%3Ab"),
        vevent("utc@x", "Call with Beta", ":20261104T150000Z", ":20261104T153000Z"),
        vevent("allday@x", "Day off", ";VALUE=DATE:20261105", ";VALUE=DATE:20261106"),
        vevent("allday-open@x", "Conference", ";VALUE=DATE:20261106"),
        vevent("floating@x", "Lunch with Gamma", ":20261106T123000", ":20261106T133000"),
        vevent("duration@x", "Screen with Delta", f"{NY}20261107T090000", extra="DURATION:PT45M"),
        vevent("zero@x", "Reminder", ":20261107T170000Z"),
        vevent("windows@x", "Panel at Epsilon", ";TZID=Pacific Standard Time:20261108T090000",
               ";TZID=Pacific Standard Time:20261108T100000"),
        vevent("mixed@x", "Mixed zones", f"{NY}20261108T130000", ":20261108T190000Z"),
        vevent("cancelled@x", "Interview with Zeta (cancelled)", f"{NY}20261109T140000",
               f"{NY}20261109T150000", extra="STATUS:CANCELLED"),
        vevent("tentative@x", "Maybe Eta", f"{NY}20261109T160000", f"{NY}20261109T163000",
               organizer=";CN=Sam Lee:mailto:sam@acme.example",  # the same people as the first
               attendees=(';CN="Lima, Ana";PARTSTAT=ACCEPTED;ROLE=OPT-PARTICIPANT:mailto:ana@acme.example',),
               extra="STATUS:TENTATIVE\r\nSEQUENCE:3"),
        vevent("series@x", "Weekly sync", f"{NY}20261002T100000", f"{NY}20261002T103000",
               extra="RRULE:FREQ=WEEKLY;COUNT=10\r\nEXDATE" + NY + "20261030T100000"),
        vevent("series@x", "Weekly sync (moved)", f"{NY}20261106T150000", f"{NY}20261106T153000",
               extra="RECURRENCE-ID" + NY + "20261106T100000"),
        vevent("series@x", "Weekly sync (moved far)", f"{NY}20261225T150000", f"{NY}20261225T153000",
               extra="RECURRENCE-ID" + NY + "20261002T100000"),
        vevent("rdate@x", "Extra dates", f"{NY}20261001T080000", f"{NY}20261001T083000",
               extra="RDATE" + NY + "20261104T080000,20261111T090000\r\nRDATE;VALUE=DATE:20261107"),
        vevent("future@x", "Daily standup", ":20261020T140000Z", ":20261020T141500Z",
               extra="RRULE:FREQ=DAILY;UNTIL=20261130T140000Z\r\nEXDATE;VALUE=DATE:20261105"),
        vevent("future@x", "Daily standup (later from now on)", ":20261106T160000Z", ":20261106T161500Z",
               extra="RECURRENCE-ID;RANGE=THISANDFUTURE:20261106T140000Z"),
        vevent("seq@x", "Sequenced", f"{NY}20261103T120000", f"{NY}20261103T130000",
               extra="RRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6\r\nSEQUENCE:2"),
        vevent("seq@x", "Sequenced (old change)", f"{NY}20261105T170000", f"{NY}20261105T180000",
               extra="RECURRENCE-ID" + NY + "20261105T120000\r\nSEQUENCE:1"),
        vevent("seq@x", "Sequenced (new change)", f"{NY}20261105T180000", f"{NY}20261105T190000",
               extra="RECURRENCE-ID" + NY + "20261105T120000\r\nSEQUENCE:3"),
        vevent("allday-series@x", "Payday", ";VALUE=DATE:20261015", ";VALUE=DATE:20261016",
               extra="RRULE:FREQ=MONTHLY;BYMONTHDAY=15,-1"),
        vevent("orphan@x", "Only an override", f"{NY}20261104T070000", f"{NY}20261104T073000",
               extra="RECURRENCE-ID" + NY + "20261104T060000"),
        vevent("two-organizers@x", "Interview with Theta", f"{NY}20261110T140000", f"{NY}20261110T150000",
               organizer=";CN=Other:mailto:other@theta.example",
               extra="ORGANIZER;CN=Sam Lee:mailto:sam@acme.example"),  # a line read before, given twice
        vevent("categories@x", "Tagged", f"{NY}20261110T100000", f"{NY}20261110T110000",
               extra="CATEGORIES:Work,Jobs"),
        vevent("odd-line@x", "Odd line", f"{NY}20261110T120000", f"{NY}20261110T130000",
               extra='X-ODD;A=b\\c:d\r\nLOCATION;ALTREP="cid:x;y:z":Room\\, 5'),
    ]
    return vcalendar(*events, header=header)


HEADERS = {"plain": "", "with VTIMEZONE": _VTIMEZONE, "X-WR-TIMEZONE": "X-WR-TIMEZONE:Europe/Berlin",
           "both": _VTIMEZONE + "\nX-WR-TIMEZONE:America/Los_Angeles"}


@pytest.mark.parametrize("header", list(HEADERS), ids=list(HEADERS))
def test_every_kind_of_event_is_read_as_the_libraries_expand_it(header):
    text = kinds_calendar(HEADERS[header])
    checked = 0
    for zone in ZONES:
        at = datetime(2026, 10, 25, tzinfo=UTC)
        while at < datetime(2026, 11, 16, tzinfo=UTC):
            for length in (timedelta(hours=7), timedelta(days=3)):
                expected = library(text, at, at + length, zone)
                assert ours(text, at, at + length, zone) == expected, (zone, at, length)
                checked += len(expected)
            at += timedelta(hours=17)
    assert checked > 100


def test_a_single_event_s_edges_are_the_library_s_edges():
    """An event touching the window's start or end, a zero-length one on either edge, an
    all-day one and a floating one ending there: in or out exactly as the library says."""
    text = kinds_calendar()
    for zone in ZONES:
        for edge in ("20261103T150000Z", "20261103T160000Z", "20261105T000000Z", "20261106T173000Z",
                     "20261107T170000Z", "20261108T170000Z", "20261106T050000Z"):
            moment = datetime.strptime(edge, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            for start, end in ((moment - timedelta(days=1), moment), (moment, moment + timedelta(days=1))):
                assert ours(text, start, end, zone) == library(text, start, end, zone), (zone, start, end)


def test_events_come_in_the_order_of_their_groups_in_the_text():
    """Single events read on their own stay in their place between the series read by the
    parser, as when every event went through the expansion."""
    text = kinds_calendar(_VTIMEZONE)
    start, end = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 12, tzinfo=UTC)
    uids = []
    for event in parse_events(text, start, end, source="t", zone=ZONES[0]).events:
        if not uids or uids[-1] != event.uid:
            uids.append(event.uid)
    order = [line[4:].strip() for line in text.splitlines() if line.startswith("UID:")]
    assert uids == [uid for i, uid in enumerate(order) if uid in uids and uid not in order[:i]]


class Counted:
    def __init__(self, monkeypatch, owner, name):
        self.calls = 0
        wrapped = getattr(owner, name)

        def counting(*args, **kwargs):
            self.calls += 1
            return wrapped(*args, **kwargs)

        monkeypatch.setattr(owner, name, counting)


def test_plain_single_events_go_through_neither_the_parser_nor_the_expansion(monkeypatch):
    parsed = Counted(monkeypatch, ics_parse, "calendar_from_ical")
    expanded = Counted(monkeypatch, recurring_ical_events, "of")
    singles = [vevent(f"s{i}@x", f"Meeting {i}", f"{NY}2026110{i}T100000", f"{NY}2026110{i}T110000",
                      attendees=(f";CN=Person {i}:mailto:p{i}@x.example",)) for i in range(1, 8)]
    result = parse_events(vcalendar(*singles, header=_VTIMEZONE), datetime(2026, 11, 1, tzinfo=UTC),
                          datetime(2026, 11, 10, tzinfo=UTC), source="t", zone=ZONES[0])
    assert len(result.events) == 7 and not result.warnings
    assert (parsed.calls, expanded.calls) == (0, 0)


def test_a_plain_series_with_its_overrides_goes_through_neither_the_parser_nor_the_calendar_pass(monkeypatch):
    parsed = Counted(monkeypatch, ics_parse, "calendar_from_ical")
    expanded = Counted(monkeypatch, recurring_ical_events, "of")
    series = [vevent("series@x", "Weekly sync", f"{NY}20261002T100000", f"{NY}20261002T103000",
                     extra="RRULE:FREQ=WEEKLY;COUNT=10\r\nEXDATE" + NY + "20261030T100000"),
              vevent("series@x", "Weekly sync (moved)", f"{NY}20261106T150000", f"{NY}20261106T153000",
                     extra="RECURRENCE-ID" + NY + "20261106T100000")]
    result = parse_events(vcalendar(*series, header=_VTIMEZONE), datetime(2026, 10, 1, tzinfo=UTC),
                          datetime(2026, 12, 1, tzinfo=UTC), source="t", zone=ZONES[0])
    assert len(result.events) == 8 and not result.warnings  # ten weeks from 2 October: one excluded, one after
    assert [e.summary for e in result.events].count("Weekly sync (moved)") == 1
    assert (parsed.calls, expanded.calls) == (0, 0)


def test_events_that_are_not_plain_still_go_through_the_parser_and_the_expansion(monkeypatch):
    parsed = Counted(monkeypatch, ics_parse, "calendar_from_ical")
    expanded = Counted(monkeypatch, recurring_ical_events, "of")
    plain = Counted(monkeypatch, ics_plain.PlainReader, "properties")
    text = kinds_calendar(_VTIMEZONE)
    result = parse_events(text, datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 12, tzinfo=UTC),
                          source="t", zone=ZONES[0])
    assert {e.uid for e in result.events} >= {"series@x", "categories@x", "odd-line@x", "single@x"}
    # the two events with a line the quick path does not read (CATEGORIES, a backslash in a
    # parameter) are parsed and expanded, once, together
    assert (parsed.calls, expanded.calls) == (1, 1)
    assert plain.calls == text.count("BEGIN:VEVENT")


PLAIN_LINES = [
    "SUMMARY:Interview with Acme",
    "summary:lower case name",
    "DESCRIPTION:Bring\\, please\\; the notes\\nand a pen\\\\ and \\N more",
    "DTSTART;TZID=America/New_York:20261103T100000",
    "DTSTART;VALUE=DATE:20261105",
    'ATTENDEE;CN="Lima, Ana";PARTSTAT=ACCEPTED;ROLE=OPT-PARTICIPANT:mailto:ana@acme.example',
    "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Colleague 0;X-NUM-GUESTS=0:mailto:c@w.example",
    'ATTENDEE;CN="a:b;c";EMAIL=x@y.example:mailto:x@y.example',
    "ATTENDEE;DELEGATED-FROM=\"mailto:a@x\",\"mailto:b@x\":mailto:c@x",
    "ATTENDEE;MEMBER=a,b,c:mailto:c@x",
    "ATTENDEE;CN=^'Quoted^' ^^ name^n:mailto:c@x",
    "ATTENDEE;CN=  spaced  ;ROLE=CHAIR:mailto:c@x",
    "ORGANIZER;CN=100% sure:mailto:o@x",
    "ORGANIZER;CN=:mailto:o@x",
    "URL:https://zoom.us/j/123?pwd=a%3Ab\\,c",
    "LOCATION;ALTREP=\"cid:x;y:z\":Room\\, 5",
    "X-EMPTY:",
    "UID:abc:def;ghi",
]
ODD_LINES = [
    "SUMMARY;:no parameter",
    "SUMMARY;X:no equals sign",
    "X-ODD;A=b\\c:d",
    'SUMMARY;CN="unclosed:value',
    "DT START:20261103",
    "NOCOLON",
    "SUMMARY;A=b\"c:d",
    "ATTENDEE;CN=x;ROLE = CHAIR:mailto:c@x",
]


@pytest.mark.parametrize("line", PLAIN_LINES + ODD_LINES)
def test_a_line_is_split_as_icalendar_splits_it_or_left_to_icalendar(line):
    split = ics_parse.plain_parts(line)
    if line in PLAIN_LINES:
        assert split is not None
    if split is None:
        return
    name, params, value = Contentline(line).parts()
    assert split[0] == name and split[2] == value
    assert type(split[1]) is type(params) and list(split[1].items()) == list(params.items())


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_the_quicker_parser_gives_icalendar_s_own_calendar(path):
    text = path.read_text(encoding="utf-8")
    quick, plain = ics_parse.calendar_from_ical(text), icalendar.Calendar.from_ical(text)
    assert quick.to_ical() == plain.to_ical()
    assert [c.errors for c in quick.walk()] == [c.errors for c in plain.walk()]


def test_the_quicker_parser_gives_icalendar_s_own_calendar_for_every_kind_of_event():
    for header in HEADERS.values():
        text = kinds_calendar(header)
        quick, plain = ics_parse.calendar_from_ical(text), icalendar.Calendar.from_ical(text)
        assert quick.to_ical() == plain.to_ical()
        for mine, theirs in zip(quick.walk("VEVENT"), plain.walk("VEVENT")):
            for key, value in theirs.items():
                assert repr(mine[key]) == repr(value) and getattr(mine[key], "params", None) == getattr(
                    value, "params", None), key


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_is_read_as_the_libraries_read_it(path):
    text = path.read_text(encoding="utf-8")
    import re

    days = [datetime.strptime(d, "%Y%m%d").replace(tzinfo=UTC)
            for d in re.findall(r"(?m)^DTSTART[^:\n]*:(\d{8})", text) if d >= "2000"]
    at, checked = min(days) - timedelta(days=10), 0
    while at < max(days) + timedelta(days=30):
        expected = library(text, at, at + timedelta(days=9), ZONES[0])
        assert ours(text, at, at + timedelta(days=9), ZONES[0]) == expected, at
        checked += len(expected)
        at += timedelta(days=5)
    assert checked


def test_too_many_events_in_the_window_still_fail_the_calendar(monkeypatch):
    monkeypatch.setattr(ics_read, "MAX_OCCURRENCES", 5)
    singles = [vevent(f"s{i}@x", f"Meeting {i}", f":2026110{i}T100000Z", f":2026110{i}T110000Z")
               for i in range(1, 8)]
    from mailflow.errors import SourceError

    with pytest.raises(SourceError, match="more than 5 events"):
        parse_events(vcalendar(*singles), datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 10, tzinfo=UTC),
                     source="t", zone=ZONES[0])


@pytest.mark.parametrize("line", ["DTSTART;VALUE=DATE,DATE-TIME:20261106", 'DTSTART;VALUE="DATE","DATE":20261106'])
def test_a_value_parameter_given_twice_loses_that_event_alone_not_the_calendar(line):
    """VALUE=A,B is read by icalendar's parameters as a list, which has no one value: the event
    goes back to the parser, which leaves it out with a warning, and the rest is read."""
    good = vevent("good@x", "Interview with Acme", ":20261104T150000Z", ":20261104T160000Z")
    bad = f"BEGIN:VEVENT\r\nUID:bad@x\r\nDTSTAMP:20261101T000000Z\r\n{line}\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
    start, end = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC)
    found = parse_events(vcalendar(bad + good), start, end, source="t", zone=UTC)
    assert "good@x" in {e.uid for e in found.events}
