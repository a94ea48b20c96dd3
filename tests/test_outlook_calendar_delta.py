"""The Outlook calendar as Graph's calendarView/delta really serves it
(API_FACTS §4.5; issue 11: occurrences filled from their series master,
delta updates merged, any 4xx from a stored deltaLink starts a new round).

By default the fake sends occurrences of a series as stubs (id,
seriesMasterId, type, start, end), later rounds with only the changed
properties, and can make a stored deltaLink answer 400, 404 or 410 with
``syncStateNotFound``.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from mailflow.model import SyncCache
from tests.fakes.graph import config, config_path, fake, graph_event, mailflow, signed_in, waits  # noqa: F401
from tests.test_outlook_calendar import END, START, interview, make_source

UTC = dt.timezone.utc
BEFORE = "2026-12-01T09:00"  # New York time, before the Wednesday interview
ME = ("me@example.com", "Test User", "required", "accepted")


def run(config_path, now: str) -> dict:
    result = mailflow(config_path, "run", "--json", "--now", now)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def graph_time(t: dt.datetime) -> dict[str, str]:
    return {"dateTime": t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": "UTC"}


def interviews(report: dict, company: str) -> list[dict]:
    return [i for i in report["interviews"] if i["company"] == company]


def test_a_weekly_recurring_interview_is_found_with_its_interviewers(fake, config_path, signed_in):
    first = dt.datetime(2026, 12, 3, 15, tzinfo=UTC)
    fake.put_series(graph_event(
        "loop", "Interview with Globex: Platform Engineer", first, first + dt.timedelta(hours=1),
        organizer=("maria@globex.example", "Maria Garcia"),
        attendees=[ME, ("maria@globex.example", "Maria Garcia", "required", "accepted"),
                   ("li@globex.example", "Li Wei", "required", "accepted")]), count=3)

    scan = json.loads(mailflow(config_path, "scan", "--json", "--now", BEFORE).output)

    found = [e for e in scan["events"] if e["interview"] and e.get("company") == "Globex"]
    assert [e["start"][:10] for e in found] == ["2026-12-03", "2026-12-10", "2026-12-17"]
    for event in found:
        assert event["summary"] == "Interview with Globex: Platform Engineer"
        assert {p["email"] for p in event["interviewers"]} == {"maria@globex.example", "li@globex.example"}
    assert len({e["recurrence_id"] for e in found}) == 3  # three occurrences, not one event thrice


def test_a_moved_interview_keeps_its_title_and_interviewers(fake, config_path, signed_in):
    (before,) = interviews(run(config_path, BEFORE), "Acme")
    later = dt.datetime(2026, 12, 2, 18, tzinfo=UTC)
    fake.put_event({**fake.events["ev1"], "start": graph_time(later),
                    "end": graph_time(later + dt.timedelta(hours=1))})
    fake.clear_log()

    (after,) = interviews(run(config_path, "2026-12-01T10:00"), "Acme")

    assert "$deltatoken" in fake.requests("graph", path=r"calendarView/delta")[0].query  # a later round
    assert after["title"] == before["title"] == "Interview with Acme: Backend Engineer"
    assert after["interviewers"] == before["interviewers"]
    assert after["start"] == "2026-12-02T13:00:00-05:00"


@pytest.mark.parametrize("status", [410, 400, 404])
def test_an_expired_delta_link_starts_a_new_round_on_the_next_run(fake, config_path, signed_in, status):
    assert interviews(run(config_path, BEFORE), "Acme")
    fake.expire_delta_tokens(status)
    fake.clear_log()

    report = run(config_path, "2026-12-01T10:00")

    assert [r.status for r in fake.requests("graph", path=r"calendarView/delta")][:2] == [status, 200]
    assert interviews(report, "Acme") and all(s["ok"] for s in report["sources"])
    fake.clear_log()
    run(config_path, "2026-12-01T11:00")
    assert [r.status for r in fake.requests("graph", path=r"calendarView/delta")] == [200]


def test_deleted_events_and_changes_outside_the_window_arrive_as_removals(fake, config, waits):
    fake.put_event(interview("gone", dt.datetime(2026, 12, 5, 15, tzinfo=UTC)))
    fake.put_event(interview("stays", dt.datetime(2026, 12, 6, 15, tzinfo=UTC)))
    fake.put_event(interview("far", dt.datetime(2027, 3, 1, 15, tzinfo=UTC)))  # outside
    source = make_source(fake, config, waits)
    cache = SyncCache()
    source.fetch(START, END, cache)

    fake.delete_event("gone")
    fake.put_event(interview("far", dt.datetime(2027, 3, 2, 15, tzinfo=UTC)))  # comes as @removed
    result = source.fetch(START, END, cache)

    by_uid = {e.uid: e for e in result.events}
    assert set(by_uid) == {"ical-gone", "ical-stays"}
    assert by_uid["ical-gone"].status == "cancelled" and by_uid["ical-stays"].status != "cancelled"


def weekly_interview(count: int = 3, subject: str = "Interview with Globex: Platform Engineer"):
    first = dt.datetime(2026, 12, 3, 15, tzinfo=UTC)
    return graph_event("loop", subject, first, first + dt.timedelta(hours=1),
                       organizer=("maria@globex.example", "Maria Garcia"),
                       attendees=[ME, ("li@globex.example", "Li Wei", "required", "accepted")])


def test_a_series_master_is_read_once_and_again_only_when_the_series_changes(fake, config, waits):
    fake.put_series(weekly_interview(), count=3)
    source = make_source(fake, config, waits)
    cache = SyncCache()
    source.fetch(START, END, cache)
    assert fake.count("graph", "GET", r"/me/events/loop$") == 1
    fake.clear_log()

    source.fetch(START, END, cache)
    assert fake.count("graph") == 1  # only the deltaLink

    fake.put_series(weekly_interview(subject="Interview with Globex: Staff Engineer"), count=3)
    fake.clear_log()
    result = source.fetch(START, END, cache)
    assert fake.count("graph", "GET", r"/me/events/loop$") == 1
    assert {e.summary for e in result.events} == {"Interview with Globex: Staff Engineer"}


def test_a_moved_occurrence_keeps_its_identity_and_its_series_details(fake, config, waits):
    ids = fake.put_series(weekly_interview(), count=3)
    source = make_source(fake, config, waits)
    cache = SyncCache()
    before = {e.key: e for e in source.fetch(START, END, cache).events}

    moved_to = dt.datetime(2026, 12, 11, 18, tzinfo=UTC)
    fake.put_event({**fake.events[ids[1]], "type": "exception", "start": graph_time(moved_to),
                    "end": graph_time(moved_to + dt.timedelta(hours=1))})
    after = {e.key: e for e in source.fetch(START, END, cache).events}

    assert set(after) == set(before) and len(after) == 3  # the same three occurrences
    (moved,) = [e for e in after.values() if e.start != before[e.key].start]
    assert moved.start == moved_to and moved.summary == "Interview with Globex: Platform Engineer"
    assert "li@globex.example" in {a.email for a in moved.attendees}
    assert moved.organizer.email == "maria@globex.example"
    assert len({e.uid for e in after.values()}) == 1  # one series: one UID, three recurrence ids


def test_limits_bound_attendees_and_occurrences_with_a_warning_naming_the_event(fake, config, waits):
    import dataclasses

    from mailflow.calendars.outlook import OutlookCalendarSource
    from mailflow.config import Limits
    from tests.fakes.graph import trusting_session

    crowd = [(f"p{n}@acme.example", f"Person {n}", "required", "none") for n in range(30)]
    fake.put_event(graph_event("all-hands", "Interview with Acme", dt.datetime(2026, 12, 2, 15, tzinfo=UTC),
                               dt.datetime(2026, 12, 2, 16, tzinfo=UTC), attendees=crowd))
    fake.put_series(weekly_interview(), count=4)
    shared = dataclasses.replace(config.shared, limits=Limits(attendees=10, occurrences=3))
    source = OutlookCalendarSource(config.calendars[0], shared, http_client=trusting_session(fake),
                                   sleep=waits.append)

    result = source.fetch(START, END, SyncCache())

    (event,) = result.events
    assert event.uid == "ical-all-hands" and len([a for a in event.attendees if not a.is_self]) == 10
    assert any("'Interview with Acme'" in w and "30 attendees" in w and "[limits] attendees" in w
               for w in result.warnings)
    assert any("'Interview with Globex: Platform Engineer'" in w and "[limits] occurrences" in w
               for w in result.warnings)


def test_scan_and_run_share_one_delta_round_and_no_change_is_lost_between_them(fake, config_path, signed_in):
    run(config_path, BEFORE)
    later = dt.datetime(2026, 12, 2, 18, tzinfo=UTC)
    fake.put_event({**fake.events["ev1"], "start": graph_time(later),
                    "end": graph_time(later + dt.timedelta(hours=1))})
    fake.clear_log()

    scan = mailflow(config_path, "scan", "--json", "--now", "2026-12-01T10:00")

    assert scan.exit_code == 0, scan.output
    (first,) = fake.requests("graph", path=r"calendarView/delta")
    assert "$deltatoken" in first.query  # the run's round, continued
    fake.clear_log()
    (after,) = interviews(run(config_path, "2026-12-01T11:00"), "Acme")
    (again,) = fake.requests("graph", path=r"calendarView/delta")
    assert "$deltatoken" in again.query and again.status == 200  # the round scan saved
    assert after["start"] == "2026-12-02T13:00:00-05:00"  # the move scan took from the delta is kept

    fake.clear_log()
    elsewhere = mailflow(config_path, "scan", "--json", "--now", "2026-12-01T11:00", "--since", "2027-03-01",
                         "--until", "2027-04-01")
    assert elsewhere.exit_code == 0, elsewhere.output
    fake.clear_log()
    run(config_path, "2026-12-01T12:00")
    (kept,) = fake.requests("graph", path=r"calendarView/delta")
    assert "$deltatoken" in kept.query  # a scan of another window left the run's round alone
