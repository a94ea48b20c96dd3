"""Anyone can put an event on a person's calendar: what a hostile or broken calendar
may cost the ICS reader (issue 14). Each case holds a good interview that must still be
found, and checks the one warning that names what was left out."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from mailflow.calendars import ics_read
from mailflow.calendars.ics import IcsSource
from mailflow.calendars.ics_read import parse_events
from mailflow.calendars.limits import Budget, OutOfTime
from mailflow.config import Limits, loads
from mailflow.errors import SourceError
from mailflow.model import SyncCache

from tests.harness.calendars import vcalendar, vevent

UTC = timezone.utc
NEW_YORK = ZoneInfo("America/New_York")
WINDOW = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC))
GOOD = vevent("good-1", "Interview with Acme", ":20261109T150000Z", ":20261109T160000Z",
              organizer=";CN=Ana Lima:mailto:ana@acme.example")


def read(*events: str, limits: Limits | None = None, header: str = "", **kwargs):
    return parse_events(vcalendar(GOOD, *events, header=header), *WINDOW, source="cal.ics", zone=NEW_YORK,
                        limits=limits, **kwargs)


def only_warning(result) -> str:
    assert len(result.warnings) == 1, result.warnings
    return result.warnings[0]


def evil(rule: str, start: str = ":20261102T150000Z", uid: str = "evil") -> str:
    return vevent(uid, "Interview with Evil", start, extra=f"RRULE:{rule}\nDURATION:PT1H")


@pytest.mark.parametrize("rule, says", [
    ("FREQ=SECONDLY", "repeats secondly"),
    ("FREQ=MINUTELY;COUNT=100000", "repeats minutely"),
    ("FREQ=HOURLY;INTERVAL=2", "repeats hourly"),
    ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0"),
    ("FREQ=SECONDLY;INTERVAL=0", "repeats secondly"),
    ("FREQ=WEEKLY;INTERVAL=-3", "INTERVAL=-3"),
    ("FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24))) + ";BYMINUTE=" + ",".join(map(str, range(60))),
     "could repeat up to"),  # minutely in disguise
    ("FREQ=DAILY;BYHOUR=0,6,12,18;BYMINUTE=" + ",".join(map(str, range(0, 60, 5))), "repeats more than 500 times"),
])
def test_a_series_repeating_too_often_is_left_out_with_a_warning_naming_it(rule, says):
    result = read(evil(rule))
    assert [e.uid for e in result.events] == ["good-1"]
    warning = only_warning(result)
    assert says in warning and "'Interview with Evil' (UID evil)" in warning and "cal.ics, line" in warning


def test_a_huge_count_is_not_stepped_through_from_the_start():
    result = read(evil("FREQ=DAILY;COUNT=1000000000"))
    assert len([e for e in result.events if e.uid == "evil"]) == 13 and not result.warnings
    ancient = read(evil("FREQ=DAILY;COUNT=1000000000", start=":00010101T150000Z"))
    assert [e.uid for e in ancient.events] == ["good-1"]
    assert "starts 0001-01-01" in only_warning(ancient) and "too long before the window" in ancient.warnings[0]


def test_old_birthdays_and_old_weekly_meetings_are_still_expanded():
    result = read(evil("FREQ=YEARLY", start=";VALUE=DATE:16041103", uid="birthday"),
                  evil("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", start=":19900102T150000Z", uid="standup"))
    found = [e.uid for e in result.events]
    assert found.count("birthday") == 1 and found.count("standup") == 10 and not result.warnings


def test_a_series_with_more_occurrences_than_the_limit_is_left_out():
    result = read(evil("FREQ=DAILY"), limits=Limits(occurrences=10))
    assert [e.uid for e in result.events] == ["good-1"]
    assert "repeats more than 10 times in the window ([limits] occurrences)" in only_warning(result)


def test_a_rule_that_never_matches_is_stopped_by_its_time_slice():
    # the expansion library searches every day up to the year 9999 for a 30 February
    result = read(evil("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"))
    assert [e.uid for e in result.events] == ["good-1"]
    assert "took more than 1 s to expand" in only_warning(result)


def test_attendees_beyond_the_limit_are_not_read(tmp_path):
    crowd = tuple(f";CN=Person {n}:mailto:p{n}@acme.example" for n in range(10_000))
    big = vevent("crowd", "Interview with Acme: all hands", ":20261110T150000Z", ":20261110T160000Z",
                 attendees=crowd)
    result = read(big)
    (event,) = [e for e in result.events if e.uid == "crowd"]
    assert len(event.attendees) == 200 and event.attendees[-1].email == "p199@acme.example"
    assert "has 10000 attendees; only the first 200 were read ([limits] attendees)" in only_warning(result)


def test_an_event_holding_megabytes_is_left_out():
    huge = vevent("huge", "Interview with Bloat", ":20261110T150000Z", extra="DESCRIPTION:" + "x" * 1_500_000)
    result = read(huge)
    assert [e.uid for e in result.events] == ["good-1"]
    assert "'Interview with Bloat' (UID huge) holds more than 1 MB" in only_warning(result)


def test_binary_junk_around_and_inside_events_costs_only_what_it_touches():
    rng = random.Random(14)
    junk = bytes(rng.randrange(256) for _ in range(20_000))
    text = vcalendar(GOOD, vevent("victim", "Team lunch", ":20261110T150000Z")).encode()
    head, _, tail = text.partition(b"BEGIN:VEVENT")
    spoiled = head + junk + b"\r\nBEGIN:VEVENT" + tail.replace(b"SUMMARY:Team lunch", b"SUMMARY:" + junk[:500])
    result = parse_events(spoiled + junk, *WINDOW, source="cal.ics", zone=NEW_YORK)
    assert "good-1" in [e.uid for e in result.events]


def test_a_calendar_in_utf16_is_read():
    text = vcalendar(GOOD).encode("utf-16")
    assert [e.uid for e in parse_events(text, *WINDOW, source="c", zone=NEW_YORK).events] == ["good-1"]


@pytest.mark.parametrize("broken, says", [
    ("BEGIN:VTODO\nUID:todo\nSUMMARY:Buy milk", None),                  # never closed
    ("END:VTODO", None),                                                 # never opened
    ("this line has no colon", None),
    ("BEGIN:VEVENT\nUID:cut\nDTSTART:20261110T15", "(UID cut) is cut off before its END:VEVENT"),
    ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:other\nDTSTART:20261110T150000Z\nSUMMARY:Lunch\nEND:VEVENT\n"
     "END:VCALENDAR", None),                                             # a second calendar in the file
])
def test_a_broken_component_costs_only_itself(broken, says):
    text = vcalendar(broken, GOOD)
    result = parse_events(text, *WINDOW, source="cal.ics", zone=NEW_YORK)
    assert "good-1" in [e.uid for e in result.events]
    if says:
        assert says in only_warning(result)


def test_a_time_zone_name_of_300_characters_costs_only_its_event():
    long = vevent("long-tz", "Team lunch", f";TZID={'Z' * 300}:20261109T170000", ":20261109T180000Z")
    result = read(long)
    assert [e.uid for e in result.events] == ["good-1"]
    warning = only_warning(result)
    assert "'Team lunch' (UID long-tz)" in warning and "Z" * 100 not in warning and "site-packages" not in warning


def test_a_broken_time_zone_definition_costs_only_the_events_in_it():
    zone = ("BEGIN:VTIMEZONE\nTZID:Nobody/Uses_This\nBEGIN:STANDARD\nDTSTART:19701025T030000ZZ\n"
            "TZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE")
    result = read(header=zone)
    assert [e.uid for e in result.events] == ["good-1"]
    assert "time zone 'Nobody/Uses_This' left out" in only_warning(result)


def test_an_unknown_calendar_time_zone_is_ignored_with_a_warning():
    result = read(header="X-WR-TIMEZONE:Mars/Olympus_Mons")
    assert [e.uid for e in result.events] == ["good-1"]
    assert "X-WR-TIMEZONE 'Mars/Olympus_Mons' is not a known time zone" in only_warning(result)


def test_warnings_stop_at_a_readable_number():
    broken = [vevent(f"bad-{n}", "Broken", ":2026110XT150000Z") for n in range(70)]
    result = read(*broken)
    assert [e.uid for e in result.events] == ["good-1"]
    assert len(result.warnings) == ics_read.MAX_WARNINGS + 1 and "20 more problems" in result.warnings[-1]


def test_a_window_with_too_many_events_fails_the_calendar(monkeypatch):
    monkeypatch.setattr(ics_read, "MAX_OCCURRENCES", 5)
    with pytest.raises(SourceError, match="more than 5 events in the window"):
        read(evil("FREQ=DAILY"))


def test_the_time_budget_stops_the_read_wherever_it_runs_out():
    calendar = (evil("FREQ=WEEKLY"), *[vevent(f"e{n}", "Lunch", ":20261110T150000Z") for n in range(3)])

    def clock(expires_after: int):
        reads = iter(range(10_000))
        return lambda: 0 if next(reads) < expires_after else 1_000

    reads = []
    budget = Budget(20, "cal.ics", clock=lambda: reads.append(1) or 0)
    complete = read(*calendar, budget=budget)
    assert len(complete.events) == 1 + 2 + 3 and len(reads) > 5
    for expires_after in range(1, len(reads)):  # every place the budget is looked at (0 sets it)
        with pytest.raises(SourceError) as err:
            read(*calendar, budget=Budget(20, "cal.ics", clock=clock(expires_after)))
        assert "cal.ics" in err.value.message and "[limits] parse_seconds" in err.value.message


def test_a_time_slice_interrupts_code_that_never_looks_at_the_clock():
    budget = Budget(60, "cal.ics")
    with pytest.raises(OutOfTime):
        with budget.slice(0.05):
            while True:
                pass
    with pytest.raises(SourceError, match=r"\[limits\] parse_seconds"):
        with Budget(0.05, "cal.ics").slice():
            while True:
                pass


# ---- the source: files, downloads, addresses --------------------------------------------


def source(tmp_path, calendar: str, extra: str = "") -> IcsSource:
    config = loads(f'[[calendars]]\n{calendar}\n[policy]\ntimezone = "UTC"\n{extra}', source=tmp_path / "c.toml")
    return IcsSource(config.calendars[0], config.shared)


def test_a_file_larger_than_the_limit_is_refused_naming_the_setting(tmp_path):
    (tmp_path / "big.ics").write_text(vcalendar(GOOD, "X-PAD:" + "x" * 30_000))
    with pytest.raises(SourceError) as err:
        source(tmp_path, 'path = "big.ics"', "[limits]\ncalendar_mb = 0.02\n").fetch(*WINDOW, SyncCache())
    assert "big.ics: the file is 0.03" in err.value.message and "[limits] calendar_mb = 0.02" in err.value.message


@pytest.mark.parametrize("url, says", [
    ("https://calendar.example/private-s3cr3t/my basic.ics", "a space"),
    ("https://calendar.example/private-s3cr3t/ba\tsic.ics", "a space"),
    ("ftp://calendar.example/private-s3cr3t/basic.ics", "should start with https://"),
    ("https:///private-s3cr3t/basic.ics", "names no server"),
    ("https://[calendar.example/private-s3cr3t/basic.ics", "cannot be read"),
])
def test_an_unusable_address_is_a_clear_error_that_does_not_show_it(tmp_path, url, says):
    with pytest.raises(SourceError) as err:
        source(tmp_path, f"url = {json.dumps(url)}").fetch(*WINDOW, SyncCache())
    assert says in err.value.message and "s3cr3t" not in err.value.message + err.value.hint


def test_the_window_moves_with_cached_dates_not_with_parse_time(tmp_path):
    (tmp_path / "cal.ics").write_text(vcalendar(GOOD))
    cal = source(tmp_path, 'path = "cal.ics"')
    cache = SyncCache()
    assert [e.uid for e in cal.fetch(*WINDOW, cache).events] == ["good-1"]
    later = (WINDOW[0] + timedelta(days=20), WINDOW[1] + timedelta(days=20))
    assert cal.fetch(*later, cache).events == []
