"""The Outlook calendar source: msal + requests against loopback Graph."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from mailflow.model import SyncCache
from mailflow.calendars.outlook import OutlookCalendarSource, _zone
from mailflow.calendars.outlook import OutlookCalendarSettings
from mailflow.errors import AuthError, SourceError
from tests.fakes.graph import config, fake, graph_event, trusting_session, waits  # noqa: F401

UTC = dt.timezone.utc
NY = ZoneInfo("America/New_York")
START = dt.datetime(2026, 11, 17, tzinfo=NY)
END = dt.datetime(2026, 12, 31, tzinfo=NY)


@pytest.fixture
def source(fake, config, waits):
    return make_source(fake, config, waits)


def make_source(fake, config, waits, cal=None):
    return OutlookCalendarSource(cal or config.calendars[0], config.shared,
                                 http_client=trusting_session(fake), sleep=waits.append)


def interview(event_id="ev1", start=dt.datetime(2026, 12, 2, 15, 0, tzinfo=UTC), **extra):
    return graph_event(
        event_id, "Interview with Acme", start, start + dt.timedelta(hours=1),
        organizer=("recruiter@acme.example", "Rita Recruiter"),
        attendees=[
            ("me@example.com", "Test User", "required", "none"),
            ("ana@acme.example", "Ana Lopez", "required", "accepted"),
            ("bo@acme.example", "Bo Chen", "optional", "tentativelyAccepted"),
            ("room-4@acme.example", "Room 4", "resource", "accepted"),
        ],
        **extra,
    )


def test_first_fetch_pages_through_a_delta_round_and_maps_events(fake, source):
    fake.put_event(interview(
        isOnlineMeeting=True, onlineMeetingProvider="teamsForBusiness",
        onlineMeeting={"joinUrl": "https://teams.example/meet/123"},
        responseStatus={"response": "tentativelyAccepted", "time": "2026-11-20T10:00:00Z"}))
    fake.put_event(interview("ev2", dt.datetime(2026, 12, 3, 15, 0, tzinfo=UTC)))
    fake.put_event(interview("ev3", dt.datetime(2026, 12, 4, 15, 0, tzinfo=UTC)))
    cache = SyncCache()

    result = source.fetch(START, END, cache)

    assert [e.uid for e in result.events] == ["ical-ev1", "ical-ev2", "ical-ev3"]
    assert result.requests == 2  # page size 2: nextLink, then deltaLink
    first = result.events[0]
    assert first.start == dt.datetime(2026, 12, 2, 10, 0, tzinfo=NY)
    assert first.start.utcoffset() == dt.timedelta(hours=-5)  # asked in the user's zone
    assert first.video_url == "https://teams.example/meet/123"
    assert first.summary == "Interview with Acme" and first.status == "tentative"
    people = {a.email: a for a in first.attendees}
    assert people["room-4@acme.example"].kind == "resource"
    assert people["bo@acme.example"].optional and people["bo@acme.example"].response == "tentative"
    assert people["ana@acme.example"].kind == "person" and not people["ana@acme.example"].optional
    assert people["me@example.com"].is_self and people["me@example.com"].response == "tentative"
    assert first.organizer.email == "recruiter@acme.example" and first.organizer.is_organizer
    # the cache holds the round as JSON
    json.dumps(cache.data)
    assert cache.changed
    for request in fake.requests("graph"):
        prefer = request.headers["prefer"]
        assert 'IdType="ImmutableId"' in prefer
        assert 'outlook.timezone="America/New_York"' in prefer


def test_second_fetch_without_changes_is_one_request(fake, source):
    for n in range(5):
        fake.put_event(interview(f"ev{n}", dt.datetime(2026, 12, 2 + n, 15, tzinfo=UTC)))
    cache = SyncCache()
    first = source.fetch(START, END, cache)
    fake.clear_log()

    again = source.fetch(START, END, SyncCache(data=json.loads(json.dumps(cache.data))))

    assert fake.count("graph") == 1 and again.requests == 1
    assert "$deltatoken" in fake.requests("graph")[0].query
    assert again.events == first.events


def test_changes_deletions_and_cancellations_arrive_through_the_delta(fake, source):
    fake.put_event(interview("moved"))
    fake.put_event(interview("gone", dt.datetime(2026, 12, 5, 15, tzinfo=UTC)))
    fake.put_event(interview("called-off", dt.datetime(2026, 12, 6, 15, tzinfo=UTC)))
    fake.put_event(interview("far", dt.datetime(2027, 3, 1, 15, tzinfo=UTC)))  # outside
    cache = SyncCache()
    source.fetch(START, END, cache)

    fake.put_event(interview("moved", dt.datetime(2026, 12, 9, 16, tzinfo=UTC)))
    fake.delete_event("gone")
    fake.put_event(interview("called-off", dt.datetime(2026, 12, 6, 15, tzinfo=UTC),
                             isCancelled=True))
    fake.put_event(interview("far", dt.datetime(2027, 3, 2, 15, tzinfo=UTC)))  # @removed
    result = source.fetch(START, END, cache)

    by_uid = {e.uid: e for e in result.events}
    assert set(by_uid) == {"ical-moved", "ical-gone", "ical-called-off"}
    assert by_uid["ical-moved"].start == dt.datetime(2026, 12, 9, 11, tzinfo=NY)
    assert by_uid["ical-gone"].status == "cancelled"
    assert by_uid["ical-called-off"].status == "cancelled"
    assert by_uid["ical-moved"].status != "cancelled"


def test_occurrences_carry_their_original_start(fake, source):
    fake.put_event(interview("occ", type="occurrence", seriesMasterId="master",
                             iCalUId="ical-occ-1", originalStart="2026-12-02T15:00:00Z"))
    [event] = source.fetch(START, END, SyncCache()).events
    assert event.uid == "ical-occ-1"
    assert event.recurrence_id == "2026-12-02T15:00:00+00:00"


def test_a_window_inside_the_round_reuses_it_and_one_outside_starts_again(fake, source):
    fake.put_event(interview())
    cache = SyncCache()
    source.fetch(START, END, cache)
    fake.clear_log()

    source.fetch(START + dt.timedelta(days=2), END + dt.timedelta(days=2), cache)
    assert "$deltatoken" in fake.requests("graph")[0].query
    fake.clear_log()

    source.fetch(START + dt.timedelta(days=30), END + dt.timedelta(days=30), cache)
    first = fake.requests("graph")[0]
    assert "startDateTime" in first.query and "$deltatoken" not in first.query


def test_an_expired_delta_token_starts_a_new_round(fake, source):
    fake.put_event(interview())
    cache = SyncCache()
    source.fetch(START, END, cache)
    fake.expire_delta_tokens()
    fake.clear_log()

    result = source.fetch(START, END, cache)

    assert [r.status for r in fake.requests("graph")] == [410, 200]
    assert [e.uid for e in result.events] == ["ical-ev1"]


def test_throttling_waits_as_told_then_backs_off(fake, source, waits):
    fake.put_event(interview())
    fake.inject(r"calendarView/delta", 429, headers={"Retry-After": "7"})
    fake.inject(r"calendarView/delta", 503, times=2)

    result = source.fetch(START, END, SyncCache())

    assert waits == [7.0, 2.0, 4.0]
    assert [e.uid for e in result.events] == ["ical-ev1"]


def test_throttling_that_does_not_end_is_a_source_error(fake, source, waits):
    fake.inject(r"calendarView/delta", 503, times=100)
    with pytest.raises(SourceError) as err:
        source.fetch(START, END, SyncCache())
    assert "read calendar changes" in err.value.message and "503" in err.value.message
    assert len(waits) == 5


def test_an_expired_access_token_is_refreshed_once(fake, source):
    fake.put_event(interview())
    fake.expire_access_tokens()
    result = source.fetch(START, END, SyncCache())
    assert len(result.events) == 1
    assert [r.status for r in fake.requests("graph")][:2] == [401, 200]
    assert fake.count("login", "POST", r"/token$") == 1


def test_a_refused_refresh_is_an_auth_error(fake, source):
    fake.expire_access_tokens()
    fake.fail_refresh = True
    with pytest.raises(AuthError) as err:
        source.fetch(START, END, SyncCache())
    assert err.value.hint == "run `mailflow auth outlook`"


def test_named_calendars_are_found_by_name(fake, config, waits):
    fake.calendars["AAMkCal-jobs"] = "Job search"
    fake.put_event(interview("elsewhere"))
    fake.put_event(interview("jobs"), calendar="AAMkCal-jobs")
    source = make_source(fake, config, waits, OutlookCalendarSettings(type="outlook", calendars=["Job search"]))
    cache = SyncCache()

    assert [e.uid for e in source.fetch(START, END, cache).events] == ["ical-jobs"]
    fake.clear_log()
    source.fetch(START, END, cache)
    assert [r.path for r in fake.requests("graph")] == ["/me/calendars/AAMkCal-jobs/calendarView/delta"]


def test_an_unknown_calendar_name_says_which_exist(fake, config, waits):
    source = make_source(fake, config, waits, OutlookCalendarSettings(type="outlook", calendars=["Nope"]))
    with pytest.raises(SourceError) as err:
        source.fetch(START, END, SyncCache())
    assert "'Nope'" in err.value.message and "Calendar" in err.value.hint


def test_windows_and_iana_zone_names():
    assert _zone("Pacific Standard Time") == ZoneInfo("America/Los_Angeles")
    assert _zone("Europe/Berlin") == ZoneInfo("Europe/Berlin")
    assert _zone("UTC") == UTC
    assert _zone("Not a zone") is None
