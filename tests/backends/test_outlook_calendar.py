"""The Outlook calendar source: msal + requests against loopback Graph. The calendar
contract, then calendarView/delta as Graph really serves it (API_FACTS §4.5; issue 11:
occurrences filled from their series master, delta updates merged, any 4xx from a stored
deltaLink starts a new round). By default the fake sends occurrences of a series as stubs
(id, seriesMasterId, type, start, end), later rounds with only the changed properties,
and can make a stored deltaLink answer 400, 404 or 410 with ``syncStateNotFound``.
"""

from __future__ import annotations

import datetime as dt
import json
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from mailflow.calendars.outlook import OutlookCalendarSettings, OutlookCalendarSource, _zone
from mailflow.errors import AuthError, SourceError
from mailflow.model import SyncCache
from tests.contracts.calendar_source import NEW_YORK, CalendarSourceContract, Meeting
from tests.fakes.graph import trusting_session
from tests.harness.calendars import ME, MY_NAME
from tests.harness.microsoft import config_for, graph_event, sign_in

UTC = dt.timezone.utc
NY = ZoneInfo("America/New_York")
START = dt.datetime(2026, 11, 17, tzinfo=NY)
END = dt.datetime(2026, 12, 31, tzinfo=NY)
BEFORE = "2026-12-01T09:00"  # New York time, before the Wednesday interview
ME_ATTENDING = ("me@example.com", "Test User", "required", "accepted")


def run(outlook_home, now: str) -> dict:
    result = outlook_home.cli("run", "--json", "--now", now)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def graph_time(t: dt.datetime) -> dict[str, str]:
    return {"dateTime": t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": "UTC"}


def interviews(report: dict, company: str) -> list[dict]:
    return [i for i in report["interviews"] if i["company"] == company]


def _no_sleep(seconds):
    raise AssertionError(f"unexpected wait of {seconds} s")


# ---- the contract: events, series and their exceptions as Graph holds them ----------------------

GRAPH_RESPONSES = {"accepted": "accepted", "tentative": "tentativelyAccepted", "declined": "declined",
                   "needs-action": "none"}


class OutlookCalendar:
    """A single event is one Graph event; a series is a master with its occurrences
    (``put_series``), an excluded occurrence deleted, a moved or cancelled one an
    exception. The user's own answer is in ``responseStatus``, as Graph keeps it."""

    def __init__(self, fake):
        self.fake = fake

    def put(self, meeting: Meeting) -> None:
        start, end = meeting.start, meeting.end
        if meeting.all_day:  # Graph: midnight to midnight in the zone times are asked in
            start, end = (datetime.combine(d, time(), NEW_YORK) for d in (start, end))
        mine = next((p.response for p in meeting.attendees if p.email == ME), "needs-action")
        organizer = (meeting.organizer.email, meeting.organizer.name) if meeting.organizer else ("", "")
        event = graph_event(
            meeting.id, meeting.summary, start, end, organizer=organizer,
            attendees=[(p.email, p.name, "required", GRAPH_RESPONSES[p.response]) for p in meeting.attendees],
            isAllDay=meeting.all_day, isCancelled=meeting.cancelled,
            responseStatus={"response": GRAPH_RESPONSES[mine], "time": "2026-11-20T10:00:00Z"},
        )
        if not meeting.weekly:
            self.fake.put_event(event)
            return
        occurrence = dict(zip(meeting.occurrences(), self.fake.put_series(event, count=meeting.weekly)))
        for original in meeting.excluded:
            self.fake.delete_event(occurrence[original])
        for original, new in meeting.moved:
            self.fake.put_event({**self.fake.events[occurrence[original]], "type": "exception",
                                 "start": graph_time(new), "end": graph_time(new + meeting.length)})
        for original in meeting.cancelled_occurrences:
            self.fake.put_event({**self.fake.events[occurrence[original]], "type": "exception",
                                 "isCancelled": True})


class TestOutlookCalendarSource(CalendarSourceContract):
    backend = "outlook"

    @pytest.fixture
    def calendar(self, graph):
        return OutlookCalendar(graph)

    @pytest.fixture
    def source(self, tmp_path, graph):
        config = config_for(graph, tmp_path)
        config.profile.name, config.profile.email = MY_NAME, ME
        sign_in(graph, config)
        return OutlookCalendarSource(config.calendars[0], config.shared, http_client=trusting_session(graph),
                                     sleep=_no_sleep)


# ---- the source's own ------------------------------------------------------------------------


@pytest.fixture
def source(graph, outlook_config, waits):
    return make_source(graph, outlook_config, waits)


def make_source(graph, outlook_config, waits, cal=None):
    return OutlookCalendarSource(cal or outlook_config.calendars[0], outlook_config.shared,
                                 http_client=trusting_session(graph), sleep=waits.append)


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


def test_first_fetch_pages_through_a_delta_round_and_maps_events(graph, source):
    graph.put_event(interview(
        isOnlineMeeting=True, onlineMeetingProvider="teamsForBusiness",
        onlineMeeting={"joinUrl": "https://teams.example/meet/123"},
        responseStatus={"response": "tentativelyAccepted", "time": "2026-11-20T10:00:00Z"}))
    graph.put_event(interview("ev2", dt.datetime(2026, 12, 3, 15, 0, tzinfo=UTC)))
    graph.put_event(interview("ev3", dt.datetime(2026, 12, 4, 15, 0, tzinfo=UTC)))
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
    for request in graph.requests("graph"):
        prefer = request.headers["prefer"]
        assert 'IdType="ImmutableId"' in prefer
        assert 'outlook.timezone="America/New_York"' in prefer


def test_second_fetch_without_changes_is_one_request(graph, source):
    for n in range(5):
        graph.put_event(interview(f"ev{n}", dt.datetime(2026, 12, 2 + n, 15, tzinfo=UTC)))
    cache = SyncCache()
    first = source.fetch(START, END, cache)
    graph.clear_log()

    again = source.fetch(START, END, SyncCache(data=json.loads(json.dumps(cache.data))))

    assert graph.count("graph") == 1 and again.requests == 1
    assert "$deltatoken" in graph.requests("graph")[0].query
    assert again.events == first.events


def test_changes_deletions_and_cancellations_arrive_through_the_delta(graph, source):
    graph.put_event(interview("moved"))
    graph.put_event(interview("gone", dt.datetime(2026, 12, 5, 15, tzinfo=UTC)))
    graph.put_event(interview("called-off", dt.datetime(2026, 12, 6, 15, tzinfo=UTC)))
    graph.put_event(interview("far", dt.datetime(2027, 3, 1, 15, tzinfo=UTC)))  # outside
    cache = SyncCache()
    source.fetch(START, END, cache)

    graph.put_event(interview("moved", dt.datetime(2026, 12, 9, 16, tzinfo=UTC)))
    graph.delete_event("gone")
    graph.put_event(interview("called-off", dt.datetime(2026, 12, 6, 15, tzinfo=UTC),
                              isCancelled=True))
    graph.put_event(interview("far", dt.datetime(2027, 3, 2, 15, tzinfo=UTC)))  # @removed
    result = source.fetch(START, END, cache)

    by_uid = {e.uid: e for e in result.events}
    assert set(by_uid) == {"ical-moved", "ical-gone", "ical-called-off"}
    assert by_uid["ical-moved"].start == dt.datetime(2026, 12, 9, 11, tzinfo=NY)
    assert by_uid["ical-gone"].status == "cancelled"
    assert by_uid["ical-called-off"].status == "cancelled"
    assert by_uid["ical-moved"].status != "cancelled"


def test_occurrences_carry_their_original_start(graph, source):
    graph.put_event(interview("occ", type="occurrence", seriesMasterId="master",
                              iCalUId="ical-occ-1", originalStart="2026-12-02T15:00:00Z"))
    [event] = source.fetch(START, END, SyncCache()).events
    assert event.uid == "ical-occ-1"
    assert event.recurrence_id == "2026-12-02T15:00:00+00:00"


def test_a_window_inside_the_round_reuses_it_and_one_outside_starts_again(graph, source):
    graph.put_event(interview())
    cache = SyncCache()
    source.fetch(START, END, cache)
    graph.clear_log()

    source.fetch(START + dt.timedelta(days=2), END + dt.timedelta(days=2), cache)
    assert "$deltatoken" in graph.requests("graph")[0].query
    graph.clear_log()

    source.fetch(START + dt.timedelta(days=30), END + dt.timedelta(days=30), cache)
    first = graph.requests("graph")[0]
    assert "startDateTime" in first.query and "$deltatoken" not in first.query


def test_an_expired_delta_token_starts_a_new_round(graph, source):
    graph.put_event(interview())
    cache = SyncCache()
    source.fetch(START, END, cache)
    graph.expire_delta_tokens()
    graph.clear_log()

    result = source.fetch(START, END, cache)

    assert [r.status for r in graph.requests("graph")] == [410, 200]
    assert [e.uid for e in result.events] == ["ical-ev1"]


def test_throttling_waits_as_told_then_backs_off(graph, source, waits):
    graph.put_event(interview())
    graph.inject(r"calendarView/delta", 429, headers={"Retry-After": "7"})
    graph.inject(r"calendarView/delta", 503, times=2)

    result = source.fetch(START, END, SyncCache())

    assert waits == [7.0, 2.0, 4.0]
    assert [e.uid for e in result.events] == ["ical-ev1"]


def test_throttling_that_does_not_end_is_a_source_error(graph, source, waits):
    graph.inject(r"calendarView/delta", 503, times=100)
    with pytest.raises(SourceError) as err:
        source.fetch(START, END, SyncCache())
    assert "read calendar changes" in err.value.message and "503" in err.value.message
    assert len(waits) == 5


def test_an_expired_access_token_is_refreshed_once(graph, source):
    graph.put_event(interview())
    graph.expire_access_tokens()
    result = source.fetch(START, END, SyncCache())
    assert len(result.events) == 1
    assert [r.status for r in graph.requests("graph")][:2] == [401, 200]
    assert graph.count("login", "POST", r"/token$") == 1


def test_a_refused_refresh_is_an_auth_error(graph, source):
    graph.expire_access_tokens()
    graph.fail_refresh = True
    with pytest.raises(AuthError) as err:
        source.fetch(START, END, SyncCache())
    assert err.value.hint == "run `mailflow auth outlook`"


def test_named_calendars_are_found_by_name(graph, outlook_config, waits):
    graph.calendars["AAMkCal-jobs"] = "Job search"
    graph.put_event(interview("elsewhere"))
    graph.put_event(interview("jobs"), calendar="AAMkCal-jobs")
    source = make_source(graph, outlook_config, waits,
                         OutlookCalendarSettings(type="outlook", calendars=["Job search"]))
    cache = SyncCache()

    assert [e.uid for e in source.fetch(START, END, cache).events] == ["ical-jobs"]
    graph.clear_log()
    source.fetch(START, END, cache)
    assert [r.path for r in graph.requests("graph")] == ["/me/calendars/AAMkCal-jobs/calendarView/delta"]


def test_an_unknown_calendar_name_says_which_exist(graph, outlook_config, waits):
    source = make_source(graph, outlook_config, waits, OutlookCalendarSettings(type="outlook", calendars=["Nope"]))
    with pytest.raises(SourceError) as err:
        source.fetch(START, END, SyncCache())
    assert "'Nope'" in err.value.message and "Calendar" in err.value.hint


def test_windows_and_iana_zone_names():
    assert _zone("Pacific Standard Time") == ZoneInfo("America/Los_Angeles")
    assert _zone("Europe/Berlin") == ZoneInfo("Europe/Berlin")
    assert _zone("UTC") == UTC
    assert _zone("Not a zone") is None


# ---- calendarView/delta as Graph serves it -------------------------------------------------------


def test_a_weekly_recurring_interview_is_found_with_its_interviewers(graph, outlook_home, signed_in):
    first = dt.datetime(2026, 12, 3, 15, tzinfo=UTC)
    graph.put_series(graph_event(
        "loop", "Interview with Globex: Platform Engineer", first, first + dt.timedelta(hours=1),
        organizer=("maria@globex.example", "Maria Garcia"),
        attendees=[ME_ATTENDING, ("maria@globex.example", "Maria Garcia", "required", "accepted"),
                   ("li@globex.example", "Li Wei", "required", "accepted")]), count=3)

    scan = json.loads(outlook_home.cli("scan", "--json", "--now", BEFORE).output)

    found = [e for e in scan["events"] if e["interview"] and e.get("company") == "Globex"]
    assert [e["start"][:10] for e in found] == ["2026-12-03", "2026-12-10", "2026-12-17"]
    for event in found:
        assert event["summary"] == "Interview with Globex: Platform Engineer"
        assert {p["email"] for p in event["interviewers"]} == {"maria@globex.example", "li@globex.example"}
    assert len({e["recurrence_id"] for e in found}) == 3  # three occurrences, not one event thrice


def test_a_moved_interview_keeps_its_title_and_interviewers(graph, outlook_home, signed_in):
    (before,) = interviews(run(outlook_home, BEFORE), "Acme")
    later = dt.datetime(2026, 12, 2, 18, tzinfo=UTC)
    graph.put_event({**graph.events["ev1"], "start": graph_time(later),
                     "end": graph_time(later + dt.timedelta(hours=1))})
    graph.clear_log()

    (after,) = interviews(run(outlook_home, "2026-12-01T10:00"), "Acme")

    assert "$deltatoken" in graph.requests("graph", path=r"calendarView/delta")[0].query  # a later round
    assert after["title"] == before["title"] == "Interview with Acme: Backend Engineer"
    assert after["interviewers"] == before["interviewers"]
    assert after["start"] == "2026-12-02T13:00:00-05:00"


@pytest.mark.parametrize("status", [410, 400, 404])
def test_an_expired_delta_link_starts_a_new_round_on_the_next_run(graph, outlook_home, signed_in, status):
    assert interviews(run(outlook_home, BEFORE), "Acme")
    graph.expire_delta_tokens(status)
    graph.clear_log()

    report = run(outlook_home, "2026-12-01T10:00")

    assert [r.status for r in graph.requests("graph", path=r"calendarView/delta")][:2] == [status, 200]
    assert interviews(report, "Acme") and all(s["ok"] for s in report["sources"])
    graph.clear_log()
    run(outlook_home, "2026-12-01T11:00")
    assert [r.status for r in graph.requests("graph", path=r"calendarView/delta")] == [200]


def test_deleted_events_and_changes_outside_the_window_arrive_as_removals(graph, outlook_config, waits):
    graph.put_event(interview("gone", dt.datetime(2026, 12, 5, 15, tzinfo=UTC)))
    graph.put_event(interview("stays", dt.datetime(2026, 12, 6, 15, tzinfo=UTC)))
    graph.put_event(interview("far", dt.datetime(2027, 3, 1, 15, tzinfo=UTC)))  # outside
    source = make_source(graph, outlook_config, waits)
    cache = SyncCache()
    source.fetch(START, END, cache)

    graph.delete_event("gone")
    graph.put_event(interview("far", dt.datetime(2027, 3, 2, 15, tzinfo=UTC)))  # comes as @removed
    result = source.fetch(START, END, cache)

    by_uid = {e.uid: e for e in result.events}
    assert set(by_uid) == {"ical-gone", "ical-stays"}
    assert by_uid["ical-gone"].status == "cancelled" and by_uid["ical-stays"].status != "cancelled"


def weekly_interview(count: int = 3, subject: str = "Interview with Globex: Platform Engineer"):
    first = dt.datetime(2026, 12, 3, 15, tzinfo=UTC)
    return graph_event("loop", subject, first, first + dt.timedelta(hours=1),
                       organizer=("maria@globex.example", "Maria Garcia"),
                       attendees=[ME_ATTENDING, ("li@globex.example", "Li Wei", "required", "accepted")])


def test_a_series_master_is_read_once_and_again_only_when_the_series_changes(graph, outlook_config, waits):
    graph.put_series(weekly_interview(), count=3)
    source = make_source(graph, outlook_config, waits)
    cache = SyncCache()
    source.fetch(START, END, cache)
    assert graph.count("graph", "GET", r"/me/events/loop$") == 1
    graph.clear_log()

    source.fetch(START, END, cache)
    assert graph.count("graph") == 1  # only the deltaLink

    graph.put_series(weekly_interview(subject="Interview with Globex: Staff Engineer"), count=3)
    graph.clear_log()
    result = source.fetch(START, END, cache)
    assert graph.count("graph", "GET", r"/me/events/loop$") == 1
    assert {e.summary for e in result.events} == {"Interview with Globex: Staff Engineer"}


def test_a_moved_occurrence_keeps_its_identity_and_its_series_details(graph, outlook_config, waits):
    ids = graph.put_series(weekly_interview(), count=3)
    source = make_source(graph, outlook_config, waits)
    cache = SyncCache()
    before = {e.key: e for e in source.fetch(START, END, cache).events}

    moved_to = dt.datetime(2026, 12, 11, 18, tzinfo=UTC)
    graph.put_event({**graph.events[ids[1]], "type": "exception", "start": graph_time(moved_to),
                     "end": graph_time(moved_to + dt.timedelta(hours=1))})
    after = {e.key: e for e in source.fetch(START, END, cache).events}

    assert set(after) == set(before) and len(after) == 3  # the same three occurrences
    (moved,) = [e for e in after.values() if e.start != before[e.key].start]
    assert moved.start == moved_to and moved.summary == "Interview with Globex: Platform Engineer"
    assert "li@globex.example" in {a.email for a in moved.attendees}
    assert moved.organizer.email == "maria@globex.example"
    assert len({e.uid for e in after.values()}) == 1  # one series: one UID, three recurrence ids


def test_limits_bound_attendees_and_occurrences_with_a_warning_naming_the_event(graph, outlook_config, waits):
    import dataclasses

    from mailflow.config import Limits

    crowd = [(f"p{n}@acme.example", f"Person {n}", "required", "none") for n in range(30)]
    graph.put_event(graph_event("all-hands", "Interview with Acme", dt.datetime(2026, 12, 2, 15, tzinfo=UTC),
                                dt.datetime(2026, 12, 2, 16, tzinfo=UTC), attendees=crowd))
    graph.put_series(weekly_interview(), count=4)
    shared = dataclasses.replace(outlook_config.shared, limits=Limits(attendees=10, occurrences=3))
    source = OutlookCalendarSource(outlook_config.calendars[0], shared, http_client=trusting_session(graph),
                                   sleep=waits.append)

    result = source.fetch(START, END, SyncCache())

    (event,) = result.events
    assert event.uid == "ical-all-hands" and len([a for a in event.attendees if not a.is_self]) == 10
    assert any("'Interview with Acme'" in w and "30 attendees" in w and "[limits] attendees" in w
               for w in result.warnings)
    assert any("'Interview with Globex: Platform Engineer'" in w and "[limits] occurrences" in w
               for w in result.warnings)


def test_scan_and_run_share_one_delta_round_and_no_change_is_lost_between_them(graph, outlook_home, signed_in):
    run(outlook_home, BEFORE)
    later = dt.datetime(2026, 12, 2, 18, tzinfo=UTC)
    graph.put_event({**graph.events["ev1"], "start": graph_time(later),
                     "end": graph_time(later + dt.timedelta(hours=1))})
    graph.clear_log()

    scan = outlook_home.cli("scan", "--json", "--now", "2026-12-01T10:00")

    assert scan.exit_code == 0, scan.output
    (first,) = graph.requests("graph", path=r"calendarView/delta")
    assert "$deltatoken" in first.query  # the run's round, continued
    graph.clear_log()
    (after,) = interviews(run(outlook_home, "2026-12-01T11:00"), "Acme")
    (again,) = graph.requests("graph", path=r"calendarView/delta")
    assert "$deltatoken" in again.query and again.status == 200  # the round scan saved
    assert after["start"] == "2026-12-02T13:00:00-05:00"  # the move scan took from the delta is kept

    graph.clear_log()
    elsewhere = outlook_home.cli("scan", "--json", "--now", "2026-12-01T11:00", "--since", "2027-03-01",
                         "--until", "2027-04-01")
    assert elsewhere.exit_code == 0, elsewhere.output
    graph.clear_log()
    run(outlook_home, "2026-12-01T12:00")
    (kept,) = graph.requests("graph", path=r"calendarView/delta")
    assert "$deltatoken" in kept.query  # a scan of another window left the run's round alone
