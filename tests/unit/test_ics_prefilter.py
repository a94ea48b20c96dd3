"""The pre-filter (ics_text.select) hands the parser only the events that can fall
in the window: it must give exactly the occurrences of parsing everything, and of
icalendar + recurring-ical-events on the whole text, on every calendar we have and
on generated ones made of the cases a text-level judgement could get wrong."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from mailflow.calendars import ics_text
from mailflow.calendars.ics_read import _to_event, _unusable, parse_events
from mailflow.model import event_to_dict

from tests.harness.calendars import CALENDARS, REPO, vcalendar, vevent

UTC = timezone.utc
FIXTURES = sorted(p for p in CALENDARS.glob("*.ics") if p.name != "not_a_calendar.ics") + [
    REPO / "examples" / "interviews.ics", REPO / "bench" / "corpus" / "pipeline.ics"]
#: policy zones for floating times: a common one, and the two ends of the world
ZONES = [ZoneInfo("America/New_York"), ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Pacific/Pago_Pago")]


def windows(first: datetime, last: datetime, length: timedelta, step: timedelta):
    at = first
    while at < last:
        yield at, at + length
        at += step


def as_dicts(events) -> list[dict]:
    return sorted((event_to_dict(e) for e in events), key=lambda d: (d["uid"], d["recurrence_id"], d["start"]))


def naive(text: str, start: datetime, end: datetime, zone) -> list[dict]:
    """What icalendar and recurring-ical-events make of the whole text, converted alike
    (events that cannot be placed in time dropped first, as mailflow always did)."""
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(text)
    broken = {str(c.get("UID", "")) for c in calendar.walk("VEVENT") if _unusable(c)}
    calendar.subcomponents = [c for c in calendar.subcomponents
                              if c.name != "VEVENT" or str(c.get("UID", "")) not in broken]
    series = {str(c.get("UID", "")) for c in calendar.walk("VEVENT")
              if any(c.get(p) is not None for p in ("RRULE", "RDATE", "RECURRENCE-ID"))}
    found = recurring_ical_events.of(calendar).between(start, end)
    return as_dicts(_to_event(c, "t", zone, frozenset(), str(c.get("UID", "")) in series) for c in found)


def both(text: str, start: datetime, end: datetime, zone) -> tuple[list[dict], list[dict]]:
    chosen = parse_events(text, start, end, source="t", zone=zone)
    everything = parse_events(text, start, end, source="t", zone=zone, prefilter=False)
    return as_dicts(chosen.events), as_dicts(everything.events)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_the_prefilter_finds_what_parsing_everything_finds_in_every_fixture(path):
    text = path.read_text(encoding="utf-8")
    days = [datetime.strptime(d, "%Y%m%d").replace(tzinfo=UTC)
            for d in re.findall(r"(?m)^DTSTART[^:\n]*:(\d{8})", text) if d >= "2000"]
    checked = 0
    for zone in ZONES:
        for n, (start, end) in enumerate(windows(min(days) - timedelta(days=12), max(days) + timedelta(days=40),
                                                 timedelta(days=9), timedelta(days=4))):
            chosen, everything = both(text, start, end, zone)
            assert chosen == everything, (zone, start)
            if n % 3 == 0:
                assert everything == naive(text, start, end, zone), (zone, start)
            checked += len(everything)
    assert checked  # the windows cross the fixture's events


def tricky_events() -> list[str]:
    """Events a reading of the text alone could misplace, around 1-15 November 2026."""
    ny, win, tokyo = ";TZID=America/New_York:", ";TZID=Tokyo Standard Time:", ";TZID=Pacific Standard Time:"
    return [
        # a weekly series from January: one occurrence moved into November, one out of it, one removed
        vevent("weekly", "Standup", ny + "20260105T090000", ny + "20260105T093000",
               extra="RRULE:FREQ=WEEKLY;BYDAY=MO\nEXDATE;TZID=America/New_York:20261109T090000"),
        vevent("weekly", "Standup moved in", ny + "20261104T150000", ny + "20261104T153000",
               extra="RECURRENCE-ID;TZID=America/New_York:20260302T090000"),
        vevent("weekly", "Standup moved out", ny + "20260120T150000", ny + "20260120T153000",
               extra="RECURRENCE-ID;TZID=America/New_York:20261102T090000"),
        vevent("ended", "Ended series", ":20260105T150000Z", ":20260105T160000Z",
               extra="RRULE:FREQ=DAILY;UNTIL=20260301T000000Z"),
        vevent("ended-moved", "Ended series", ":20260105T150000Z", ":20260105T160000Z",
               extra="RRULE:FREQ=DAILY;UNTIL=20260301T000000Z"),
        vevent("ended-moved", "Ended series, one moved to November", ":20261103T150000Z", ":20261103T160000Z",
               extra="RECURRENCE-ID:20260210T150000Z"),
        vevent("ends-in", "Ends in the window", ";VALUE=DATE:20260105", ";VALUE=DATE:20260106",
               extra="RRULE:FREQ=WEEKLY;UNTIL=20261102"),
        vevent("long-ago", "Counted from long ago", ":20200105T150000Z", ":20200105T160000Z",
               extra="RRULE:FREQ=MONTHLY;COUNT=90"),
        vevent("later", "Starts after the window", ":20261201T150000Z", ":20261201T160000Z",
               extra="RRULE:FREQ=DAILY"),
        vevent("counted", "Counted series", ":20261028T150000Z", ":20261028T160000Z",
               extra="RRULE:FREQ=DAILY;COUNT=7"),
        vevent("rdates", "Only RDATEs", ":20260105T150000Z", ":20260105T160000Z",
               extra="RDATE:20261106T150000Z,20270101T150000Z"),
        vevent("override-alone", "An override whose series is elsewhere", ":20261105T150000Z",
               ":20261105T160000Z", extra="RECURRENCE-ID:20261001T150000Z"),
        # floating times and dates at the window's edges, read in any zone
        vevent("float-edge", "Floating at midnight", ":20261101T003000", ":20261101T013000"),
        vevent("float-late", "Floating late", ":20261115T233000", ":20261116T003000"),
        vevent("day-before", "All day before", ";VALUE=DATE:20261031", ";VALUE=DATE:20261101"),
        vevent("day-span", "Three days across the start", ";VALUE=DATE:20261030", ";VALUE=DATE:20261102"),
        vevent("day-no-end", "A date without DTEND", ";VALUE=DATE:20261115"),
        # starting before the window, ending in it
        vevent("long", "Conference", ":20261020T090000Z", ":20261102T170000Z"),
        vevent("lasting", "Retreat", ny + "20261025T090000", extra="DURATION:P8DT2H"),
        vevent("weeks", "Sabbatical", ":20261001T090000Z", extra="DURATION:P6W"),
        # Windows zone names, far east and far west
        vevent("win-east", "Tokyo call", win + "20261101T080000", win + "20261101T090000"),
        vevent("win-west", "Seattle call", tokyo + "20261115T230000", tokyo + "20261115T233000"),
        # zero length at the edges, and just outside
        vevent("zero-start", "Reminder", ":20261101T000000Z", ":20261101T000000Z"),
        vevent("zero-end", "Reminder", ":20261116T000000Z"),
        vevent("after", "Just after", ":20261116T010000Z", ":20261116T020000Z"),
        # the same UID twice: the later SEQUENCE wins, wherever it is
        vevent("twice", "Moved away", ":20261105T150000Z", ":20261105T160000Z", extra="SEQUENCE:0"),
        vevent("twice", "Moved away (now)", ":20270105T150000Z", ":20270105T160000Z", extra="SEQUENCE:1"),
        vevent("twice-in", "Moved in", ":20260105T150000Z", ":20260105T160000Z", extra="SEQUENCE:0"),
        vevent("twice-in", "Moved in (now)", ":20261106T150000Z", ":20261106T160000Z", extra="SEQUENCE:2"),
        # far away, to be left out
        *[vevent(f"old-{n}", f"Old {n}", f":2024{n % 12 + 1:02d}10T150000Z", f":2024{n % 12 + 1:02d}10T160000Z")
          for n in range(30)],
    ]


@pytest.mark.parametrize("header", ["", "X-WR-TIMEZONE:Asia/Tokyo", "X-WR-TIMEZONE:America/Los_Angeles"])
def test_the_prefilter_finds_what_parsing_everything_finds_in_tricky_calendars(header):
    text = vcalendar(*tricky_events(), header=header)
    found_any = set()
    for zone in ZONES[:2]:
        for length in (timedelta(hours=5), timedelta(days=2), timedelta(days=15)):
            for n, (start, end) in enumerate(windows(datetime(2026, 10, 29, tzinfo=UTC),
                                                     datetime(2026, 11, 18, tzinfo=UTC), length, timedelta(hours=13))):
                chosen, everything = both(text, start, end, zone)
                assert chosen == everything, (zone, start, length)
                if n % 4 == 0:
                    assert everything == naive(text, start, end, zone), (zone, start, length)
                found_any.update(e["uid"] for e in chosen)
    assert found_any >= {"weekly", "counted", "rdates", "float-edge", "day-span", "long", "lasting", "weeks",
                         "win-east", "win-west", "zero-start", "twice-in", "ended-moved", "ends-in", "long-ago"}
    assert "twice" not in found_any and not any(uid.startswith("old-") for uid in found_any)


def test_the_prefilter_leaves_out_the_events_far_from_the_window():
    layout = ics_text.scan(vcalendar(*tricky_events()).encode())
    chosen = {b.uid for b in ics_text.select(layout, datetime(2026, 11, 1, tzinfo=UTC),
                                             datetime(2026, 11, 15, tzinfo=UTC))}
    assert not any(uid.startswith(b"old-") for uid in chosen)
    assert b"after" in chosen  # within the margin: the parser decides
    assert {b"weekly", b"rdates", b"override-alone", b"twice", b"ended-moved", b"ends-in", b"long-ago"} <= chosen
    assert not {b"ended", b"later"} & chosen  # their rules end before the window, or start after it


@pytest.mark.parametrize("odd", [
    # an offset larger than the margin
    "BEGIN:VTIMEZONE\nTZID:Far/Away\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0000\n"
    "TZOFFSETTO:+9900\nEND:STANDARD\nEND:VTIMEZONE",
    # an offset that cannot be read
    "BEGIN:VTIMEZONE\nTZID:Far/Away\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0000\n"
    "TZOFFSETTO:east\nEND:STANDARD\nEND:VTIMEZONE",
])
def test_the_prefilter_gives_up_when_a_time_zone_could_move_events_beyond_its_margin(odd):
    text = vcalendar(*tricky_events(), header=odd)
    layout = ics_text.scan(text.encode())
    assert ics_text.select(layout, datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC)) is None
    start, end = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC)
    chosen, everything = both(text, start, end, ZONES[0])
    assert chosen == everything and chosen


@pytest.mark.parametrize("line", [
    "DTSTART:2024011OT150000Z",           # a date the scan cannot read
    "DTSTART:2024-01-10T15:00:00Z",      # not the iCalendar form
    "DTSTART:20240110T150000Z\r\nDTSTART:20240111T150000Z",  # given twice
    "DURATION:-P1D",                      # negative
    "DTEND:soon",
])
def test_events_the_scan_cannot_judge_go_to_the_parser(line):
    text = vcalendar(
        vevent("good", "Interview with Acme", ":20261105T150000Z", ":20261105T160000Z"),
        f"BEGIN:VEVENT\nUID:odd\nDTSTAMP:20260101T000000Z\n{line}\nSUMMARY:Odd\nEND:VEVENT",
    )
    layout = ics_text.scan(text.encode())
    start, end = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC)
    assert b"odd" in {b.uid for b in ics_text.select(layout, start, end)}
    chosen, everything = both(text, start, end, ZONES[0])
    assert chosen == everything and [e["uid"] for e in chosen] == ["good"]


def test_a_folded_begin_line_is_read_unfolded():
    text = vcalendar(vevent("good", "Interview with Acme", ":20261105T150000Z", ":20261105T160000Z"))
    folded = text.replace("BEGIN:VEVENT", "BEGIN:VEV\r\n ENT")
    assert [e.uid for e in parse_events(folded, datetime(2026, 11, 1, tzinfo=UTC),
                                        datetime(2026, 11, 15, tzinfo=UTC), source="t", zone=UTC).events] == ["good"]


def test_the_digest_ignores_dtstamp_and_the_order_of_events_but_not_their_content():
    events = tricky_events()
    base = vcalendar(*events).encode()

    def digest(data: bytes) -> str:
        layout = ics_text.scan(data)
        return ics_text.digest(layout, layout.events)

    restamped = base.replace(b"DTSTAMP:20260101T000000Z", b"DTSTAMP:20261125T101010Z")
    reordered = vcalendar(*events[-30:], *events[:-30]).encode()  # the old events first
    retitled = base.replace(b"SUMMARY:Standup\r\n", b"SUMMARY:Standup with Acme\r\n")
    assert digest(restamped) == digest(base) == digest(reordered)
    assert digest(retitled) != digest(base)
