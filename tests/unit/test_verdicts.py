"""A run that finds the events the last run found reuses their verdicts (engine.verdicts):
the same detections, without checking or detecting them again; a changed event, a changed
configuration or an event the check changes is worked out again."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from mailflow.calendars.ics import parse_events
from mailflow.config import loads
from mailflow.engine import verdicts as kept_verdicts
from mailflow.engine.verdicts import Verdicts
from mailflow.model import SyncCache
from mailflow.rules import detect as detect_module

from tests.harness.calendars import ME, vcalendar, vevent

UTC = ZoneInfo("UTC")
CONFIG = loads(f'[profile]\nemail = "{ME}"\nname = "Alex Candidate"\n')
AT = (":20261103T150000Z", ":20261103T160000Z")
ME_ATTENDING = f";CN=Alex Candidate;PARTSTAT=ACCEPTED:mailto:{ME}"
EVENTS = (
    vevent("panel", "Acme — Onsite panel", *AT, organizer=";CN=Sam Lee:mailto:sam@acme.example", attendees=(
        ME_ATTENDING, ";CN=Ana Lima;PARTSTAT=ACCEPTED:mailto:ana@acme.example",
        ";CN=Zoë Müller:mailto:zoe@acme.example", ";CN=Room 4B;CUTYPE=ROOM:mailto:room4b@acme.example")),
    vevent("screen", "Phone screen", *AT, organizer=";CN=María García:mailto:maria@globex.example",
           attendees=(ME_ATTENDING,)),
    vevent("dentist", "Dentist", *AT),
    vevent("nameless", "Interview", *AT, organizer=":mailto:pat.doe@initech.example", attendees=(ME_ATTENDING,)),
)


def events(*texts: str):
    return parse_events(vcalendar(*texts), datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC),
                        source="test", zone=UTC, me=CONFIG.my_addresses).events


@pytest.fixture
def counted(monkeypatch):
    """How many events were checked, and how many detected, since the last reset."""
    calls = {"checked": 0, "detected": 0}
    checked, detect = kept_verdicts.checked, detect_module.Detector.detect

    def counting_checked(event):
        calls["checked"] += 1
        return checked(event)

    def counting_detect(self, event):
        calls["detected"] += 1
        return detect(self, event)

    monkeypatch.setattr(kept_verdicts, "checked", counting_checked)
    monkeypatch.setattr(detect_module.Detector, "detect", counting_detect)
    return calls


def run(cache: SyncCache, found, config=CONFIG, pipeline=()):
    """What ``engine.sync`` does with the events of one run, through ``Verdicts``."""
    verdicts = Verdicts(cache, config, pipeline)
    checked = []
    warnings = []
    for event in found:
        event, said = verdicts.checked(event)
        checked.append(event)
        warnings += said
    return verdicts.detect(checked), warnings


def test_the_second_run_over_the_same_events_detects_nothing_again_and_gets_the_same_verdicts(counted):
    cache = SyncCache()
    first, _ = run(cache, events(*EVENTS))
    assert counted == {"checked": 4, "detected": 4}
    assert cache.changed
    counted.update(checked=0, detected=0)
    stored = SyncCache(data=cache.data)
    again, _ = run(stored, events(*EVENTS))
    assert counted == {"checked": 0, "detected": 0}
    assert again == first
    assert not stored.changed  # nothing new to keep
    assert [d.event.uid for d in again if d.is_interview] == ["nameless", "panel", "screen"]
    assert again[1].warnings == first[1].warnings != ()  # "no name on the invite" is said again


def test_a_changed_event_is_detected_again_and_the_others_are_not(counted):
    cache = SyncCache()
    run(cache, events(*EVENTS))
    counted.update(checked=0, detected=0)
    moved = EVENTS[1].replace("Phone screen", "Phone screen (moved)")
    found, _ = run(SyncCache(data=cache.data), events(EVENTS[0], moved, *EVENTS[2:]))
    assert counted == {"checked": 1, "detected": 1}
    assert next(d for d in found if d.event.uid == "screen").interview.title == "Phone screen (moved)"


def test_a_changed_configuration_detects_every_event_again(counted):
    cache = SyncCache()
    run(cache, events(*EVENTS))
    counted.update(checked=0, detected=0)
    renamed = loads(f'[profile]\nemail = "{ME}"\nname = "Alex Candidate"\n'
                    '[companies."Globex Corporation"]\ndomains = ["globex.example"]\n')
    found, _ = run(SyncCache(data=cache.data), events(*EVENTS), config=renamed)
    assert counted["detected"] == 4
    assert next(d for d in found if d.event.uid == "screen").interview.company == "Globex Corporation"
    assert found == run(SyncCache(), events(*EVENTS), config=renamed)[0]


def test_an_event_the_check_changes_is_never_kept_and_its_warning_is_said_every_run(counted):
    hostile = vevent("odd", "Interview with Acme", *AT, organizer=":mailto:sam@acme.example",
                     attendees=(ME_ATTENDING, ";CN=Ana:mailto:ana@acme.example, eve@evil.example"))
    cache = SyncCache()
    _, warnings = run(cache, events(hostile, EVENTS[2]))
    assert any("not a single plain address" in w for w in warnings)
    counted.update(checked=0, detected=0)
    _, again = run(SyncCache(data=cache.data), events(hostile, EVENTS[2]))
    assert again == warnings
    assert counted == {"checked": 1, "detected": 1}  # the dentist is kept, the odd one is not


def test_a_damaged_entry_is_worked_out_again(counted):
    cache = SyncCache()
    first, _ = run(cache, events(*EVENTS))
    damaged = {"salt": cache.data["salt"], "verdicts": {k: ["junk"] for k in cache.data["verdicts"]}}
    counted.update(checked=0, detected=0)
    found, _ = run(SyncCache(data=damaged), events(*EVENTS))
    assert found == first
    assert counted["detected"] == 4


def test_detections_come_in_the_order_of_their_start_across_zones_then_by_uid():
    from datetime import timedelta, timezone

    from mailflow.model import Event

    tokyo, new_york = timezone(timedelta(hours=9)), timezone(timedelta(hours=-5))
    found = [
        Event("b", "Next day in Tokyo", datetime(2026, 11, 4, 0, tzinfo=tokyo), datetime(2026, 11, 4, 1, tzinfo=tokyo)),
        Event("c", "Same instant", datetime(2026, 11, 3, 11, tzinfo=new_york), datetime(2026, 11, 3, 12, tzinfo=new_york)),
        Event("a", "Same instant", datetime(2026, 11, 3, 16, tzinfo=UTC), datetime(2026, 11, 3, 17, tzinfo=UTC)),
        Event("d", "Earliest", datetime(2026, 11, 3, 9, tzinfo=new_york), datetime(2026, 11, 3, 10, tzinfo=new_york)),
    ]
    detected, _ = run(SyncCache(), found)
    assert [d.event.uid for d in detected] == ["d", "b", "a", "c"]


STAGES = (
    vevent("first", "Harrow Vale Medical Practice — interview", *AT,
           organizer=";CN=Jenna McAllister:mailto:jenna@harrowvale.example", attendees=(ME_ATTENDING,)),
    vevent("partners", "Harrow Vale Medical Practice: meet the partners", ":20261110T150000Z", ":20261110T160000Z",
           organizer=";CN=Jenna McAllister:mailto:jenna@harrowvale.example", attendees=(ME_ATTENDING,)),
)


def test_a_further_stage_found_through_an_earlier_kept_interview_is_found_again_and_not_kept(counted):
    cache = SyncCache()
    first, _ = run(cache, events(*STAGES))
    assert [d.event.uid for d in first if d.is_interview] == ["first", "partners"]
    counted.update(checked=0, detected=0)
    again, _ = run(SyncCache(data=cache.data), events(*STAGES))
    assert again == first
    assert counted["detected"] == 1  # the interview is kept; the stage it makes is worked out again


def test_a_meeting_kept_as_no_interview_is_detected_again_once_an_application_names_its_company(counted):
    cache = SyncCache()
    alone, _ = run(cache, events(STAGES[1]))
    assert not alone[0].is_interview
    counted.update(checked=0, detected=0)
    still, _ = run(SyncCache(data=cache.data), events(STAGES[1]), pipeline=["elsewhere.example"])
    assert counted["detected"] == 0 and still == alone  # kept while no application names its company
    found, _ = run(SyncCache(data=cache.data), events(STAGES[1]), pipeline=["harrowvale.example"])
    assert counted["detected"] == 1 and found[0].is_interview


def test_an_interview_whose_role_came_from_its_application_is_not_kept_and_follows_that_role(counted):
    cache = SyncCache()
    nurse, _ = run(cache, events(STAGES[0]), pipeline={"harrowvale.example": "Practice Nurse"})
    assert nurse[0].interview.role == "Practice Nurse"
    counted.update(checked=0, detected=0)
    changed, _ = run(SyncCache(data=cache.data), events(STAGES[0]), pipeline={"harrowvale.example": "Receptionist"})
    assert counted["detected"] == 1 and changed[0].interview.role == "Receptionist"
    unknown, _ = run(SyncCache(data=cache.data), events(STAGES[0]), pipeline={"harrowvale.example": ""})
    assert unknown[0].interview.role == ""


def test_an_interview_that_names_its_own_role_is_kept_whatever_the_applications_say(counted):
    titled = vevent("titled", "Harrow Vale Medical Practice — Practice Nurse interview", *AT,
                    organizer=";CN=Jenna McAllister:mailto:jenna@harrowvale.example", attendees=(ME_ATTENDING,))
    cache = SyncCache()
    first, _ = run(cache, events(titled), pipeline={"harrowvale.example": "Receptionist"})
    assert first[0].interview.role == "Practice Nurse"
    counted.update(checked=0, detected=0)
    again, _ = run(SyncCache(data=cache.data), events(titled), pipeline={"harrowvale.example": "Receptionist"})
    assert counted["detected"] == 0 and again == first


def test_the_same_person_on_many_events_is_checked_once_and_each_event_keeps_its_own_answer(monkeypatch):
    from mailflow.calendars import base
    from mailflow.model import Attendee, Event

    asked: list[str] = []
    original = base.plain_address
    monkeypatch.setattr(base, "plain_address", lambda text: asked.append(text) or original(text))
    getattr(base._checked_person, "cache_clear", lambda: None)()
    ana = Attendee("ana.checked-once@acme.example", "\"Ana Lima\"", response="accepted")
    bad = Attendee("a@x.example, b@y.example", "Two")
    start = datetime(2026, 11, 3, 15, tzinfo=UTC)
    results = [base.checked(Event(f"e{i}", "Standup", start, start, organizer=ana, attendees=(ana, bad)))
               for i in range(40)]
    assert sorted(set(asked)) == sorted([ana.email, bad.email]) and len(asked) == 2
    for event, warnings in results:
        assert event.attendees == (Attendee("ana.checked-once@acme.example", "Ana Lima", response="accepted"),)
        assert event.organizer == event.attendees[0] and len(warnings) == 1 and "left out" in warnings[0]


def _weekly(uid: str, summary: str, first: str, count: int, organizer: str) -> str:
    """A weekly series of ``count`` occurrences from ``first`` (YYYYMMDD), 15:00-15:30 UTC."""
    return vevent(uid, summary, f":{first}T150000Z", f":{first}T153000Z", organizer=organizer,
                  attendees=(ME_ATTENDING, ";CN=Ana Lima:mailto:ana@acme.example"), extra=f"RRULE:FREQ=WEEKLY;COUNT={count}")


def test_the_occurrences_of_a_meeting_series_are_detected_once_and_get_the_detectors_own_verdicts(counted):
    found = events(_weekly("standup", "Team standup", "20261102", 4, ";CN=Ana Lima:mailto:ana@acme.example"),
                   _weekly("review", "Design review", "20261103", 4, ";CN=Ana Lima:mailto:ana@acme.example"),
                   *EVENTS)
    expected = detect_module.detect(found, CONFIG)
    counted.update(checked=0, detected=0)
    cache = SyncCache()
    detected, _ = run(cache, found)
    assert counted["detected"] == 2 + 4  # each series once, each single event once
    assert detected == expected
    assert [d.event.start for d in detected] == [d.event.start for d in expected]
    # every occurrence's verdict is kept for the next run, each under its own digest
    counted.update(checked=0, detected=0)
    again, _ = run(SyncCache(data=cache.data), found)
    assert counted == {"checked": 0, "detected": 0} and again == expected


def test_an_occurrence_whose_time_of_day_or_length_differs_is_detected_on_its_own(counted):
    moved = vevent("standup", "Team standup", ":20261109T170000Z", ":20261109T180000Z",
                   organizer=";CN=Ana Lima:mailto:ana@acme.example",
                   attendees=(ME_ATTENDING, ";CN=Ana Lima:mailto:ana@acme.example"),
                   extra="RECURRENCE-ID:20261109T150000Z")
    found = events(_weekly("standup", "Team standup", "20261102", 3, ";CN=Ana Lima:mailto:ana@acme.example"), moved)
    assert len(found) == 3
    detected, _ = run(SyncCache(), found)
    assert counted["detected"] == 2 and detected == detect_module.detect(found, CONFIG)


def test_a_series_naming_an_invited_company_is_detected_at_each_occurrence_and_becomes_a_stage_after_an_interview(counted):
    # "Harrow Vale Medical Practice: meet the partners" each week; an interview with Harrow Vale
    # falls between its second and third occurrences: from then on it is a further stage
    series = _weekly("partners", "Harrow Vale Medical Practice: meet the partners", "20261102", 4,
                     ";CN=Jenna McAllister:mailto:jenna@harrowvale.example")
    interview = vevent("first", "Harrow Vale Medical Practice — interview", ":20261112T090000Z",
                       ":20261112T100000Z", organizer=";CN=Jenna McAllister:mailto:jenna@harrowvale.example",
                       attendees=(ME_ATTENDING,))
    found = events(series, interview)
    expected = detect_module.detect(found, CONFIG)
    counted.update(checked=0, detected=0)
    detected, _ = run(SyncCache(), found)
    assert counted["detected"] == 5
    assert detected == expected
    assert [d.event.uid for d in detected if d.is_interview] == ["first", "partners", "partners"]


def test_an_interview_series_is_detected_at_each_occurrence(counted):
    series = _weekly("screens", "Acme interview", "20261102", 3, ";CN=Sam Lee:mailto:sam@acme.example")
    found = events(series)
    expected = detect_module.detect(found, CONFIG)
    counted.update(checked=0, detected=0)
    detected, _ = run(SyncCache(), found)
    assert counted["detected"] == 3 and detected == expected and all(d.is_interview for d in detected)


def test_an_event_the_check_leaves_as_it_is_comes_back_itself_and_one_it_cleans_is_a_new_value():
    from mailflow.calendars import base
    from mailflow.model import Attendee, Event

    start = datetime(2026, 11, 3, 15, tzinfo=UTC)
    ana = Attendee("ana@acme.example", "Ana Lima", response="accepted")
    clean = Event("clean", "Standup", start, start, organizer=ana, attendees=(ana,))
    same, warnings = base.checked(clean)
    assert same is clean and warnings == []
    quoted = Attendee("ana@acme.example", "\"Ana Lima\"")
    given = Event("quoted", "Standup", start, start, attendees=(ana, quoted))
    cleaned, warnings = base.checked(given)
    assert cleaned.attendees == (ana, Attendee("ana@acme.example", "Ana Lima")) and warnings == []
    assert given.attendees == (ana, quoted) and quoted.name == "\"Ana Lima\""
    bad = Attendee("a@x.example, b@y.example", "Two")
    dropped, warnings = base.checked(Event("bad", "Standup", start, start, organizer=ana, attendees=(ana, bad)))
    assert dropped.attendees == (ana,) and dropped.organizer == ana and len(warnings) == 1


def test_an_event_with_a_field_given_as_a_list_is_detected_on_its_own(counted):
    from dataclasses import replace

    found = [replace(e, categories=["Work"]) for e in events(
        _weekly("standup", "Team standup", "20261102", 3, ";CN=Ana Lima:mailto:ana@acme.example"))]
    detected = Verdicts(SyncCache(), CONFIG).detect(found)
    assert counted["detected"] == 3 and [d.reasons for d in detected] == [d.reasons for d in
                                                                          detect_module.detect(found, CONFIG)]
