"""One suite of the ``CalendarSource`` contract (``mailflow/calendars/base.py``), run on every source
by a subclass in ``tests/backends`` (``backend`` names its ``mailflow.registry.CALENDARS`` entry).

Each test states its events once, as ``Meeting``s, in no backend's terms. A backend's test
class gives two fixtures: ``source`` (a ``CalendarSource`` ready to fetch) and ``calendar``
(puts a ``Meeting`` into the backend the way that backend holds events: lines of a file,
calendar objects on a real Radicale, the single instances Google's API lists, Graph events
and series whose occurrences arrive as stubs). ``calendar.put`` adds a meeting, or changes
the one with the same ``id`` to what is given; cancelling is putting it with
``cancelled=True``.

Where a backend documents another behaviour than the base class promises, its class says
so with a flag and the shared test asserts that documented behaviour, never less.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from mailflow import registry
from mailflow.calendars.base import CalendarSource, FetchResult, checked
from mailflow.config import Shared
from mailflow.model import Event, SyncCache
from tests.harness.calendars import ME, MY_NAME, vevent

ZONE_NAME = "America/New_York"  # the policy zone every source is given
NEW_YORK = ZoneInfo(ZONE_NAME)
BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc
WINDOW = (datetime(2026, 12, 1, tzinfo=NEW_YORK), datetime(2026, 12, 31, tzinfo=NEW_YORK))


# ---- events, in no backend's terms -------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    email: str  # as the invitation writes it (case and all)
    name: str = ""
    response: str = "needs-action"  # accepted | tentative | declined | needs-action


@dataclass(frozen=True)
class Meeting:
    """One calendar event. ``start``/``end`` are aware datetimes, or dates for an all-day
    event. With ``weekly`` it is a series of that many weekly occurrences from ``start``;
    ``moved`` maps an occurrence's original start to its new one, ``excluded`` and
    ``cancelled_occurrences`` name occurrences by their original start."""

    id: str
    summary: str
    start: datetime | date
    end: datetime | date
    organizer: Person | None = None
    attendees: tuple[Person, ...] = ()
    cancelled: bool = False
    weekly: int = 0
    moved: tuple[tuple[datetime, datetime], ...] = ()
    excluded: tuple[datetime, ...] = ()
    cancelled_occurrences: tuple[datetime, ...] = ()

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def length(self) -> timedelta:
        return self.end - self.start

    def occurrences(self) -> list[datetime]:
        """The original starts of a series (wall-clock weekly in the start's zone)."""
        return [self.start + timedelta(weeks=n) for n in range(self.weekly)]


RITA = Person("Rita.Recruiter@Acme.example", "Rita Recruiter")
PANEL = Meeting(
    "panel", "Acme — panel interview",
    datetime(2026, 12, 3, 15, 0, tzinfo=BERLIN), datetime(2026, 12, 3, 16, 30, tzinfo=BERLIN),
    organizer=RITA,
    attendees=(
        Person(ME, MY_NAME, "accepted"),
        Person("Ana.Lima@Acme.example", "Ana Lima", "accepted"),
        Person("zoe.muller@acme.example", "Zoë Müller", "tentative"),
        Person("raj.patel@acme.example", "Raj Patel", "declined"),
        Person("kim.park@acme.example", "Kim Park", "needs-action"),
    ),
)
LOOP_FIRST = datetime(2026, 11, 19, 11, 0, tzinfo=NEW_YORK)
#: six Thursdays from Nov 19; Dec 3, 10, 17 and 24 fall in the window
LOOP = Meeting(
    "loop", "Initech interview loop", LOOP_FIRST, LOOP_FIRST + timedelta(hours=1), weekly=6,
    organizer=Person("priya.nair@initech.example", "Priya Nair"),
    attendees=(Person(ME, MY_NAME, "accepted"), Person("tom.ford@initech.example", "Tom Ford", "accepted")),
)


def thursday(day: int, hour: int = 11) -> datetime:
    return datetime(2026, 12, day, hour, 0, tzinfo=NEW_YORK)


def timed(id: str, start: datetime, end: datetime) -> Meeting:
    """A short call titled after ``id``."""
    return Meeting(id, f"Call {id}", start, end, organizer=RITA,
                   attendees=(Person(ME, MY_NAME, "accepted"),))


# ---- the contract ------------------------------------------------------------------------------


def fetch(source: CalendarSource, cache: SyncCache | None = None, later: timedelta = timedelta()) -> FetchResult:
    """What ``source`` has for ``WINDOW``, or for a window ``later`` than it."""
    start, end = WINDOW
    return source.fetch(start + later, end + later, SyncCache() if cache is None else cache)


def of(result: FetchResult, summary: str) -> list[Event]:
    return sorted((e for e in result.events if e.summary == summary), key=lambda e: e.start)


def people(event: Event) -> set[tuple[str, str, str, bool]]:
    return {(a.email, a.name, a.response, a.is_self) for a in event.attendees}


def expected_people(meeting: Meeting) -> set[tuple[str, str, str, bool]]:
    return {(p.email.lower(), p.name, p.response, p.email.lower() == ME) for p in meeting.attendees}


def original_start(event: Event) -> datetime:
    """The instant ``recurrence_id`` names (sources write it in their own zone or in UTC)."""
    return datetime.fromisoformat(event.recurrence_id)


class CalendarSourceContract:
    """What every calendar source must do. Subclasses set ``backend`` and provide ``source``
    and ``calendar``."""

    #: the source's name in ``mailflow.registry.CALENDARS``
    backend: str

    #: base.py: cancelled occurrences are included so a cancellation is seen. A source
    #: that can only see a cancellation of what it knew says False (and why) here.
    reports_unseen_cancellations = True

    def test_the_source_is_the_registered_one(self, source):
        assert type(source) is registry.load(registry.CALENDARS[self.backend].spec, Exception, self.backend)

    def test_a_timed_interview_comes_back_once_with_its_people_at_the_right_instant(self, source, calendar):
        calendar.put(PANEL)

        result = fetch(source)

        (event,) = result.events
        assert event.summary == PANEL.summary and event.status == "confirmed" and not event.all_day
        assert event.start.utcoffset() is not None and event.end.utcoffset() is not None
        assert (event.start, event.end) == (PANEL.start, PANEL.end)  # the same instants, in any zone
        assert (event.organizer.email, event.organizer.name) == ("rita.recruiter@acme.example", "Rita Recruiter")
        assert people(event) == expected_people(PANEL)
        assert event.recurrence_id == "" and event.key == f"{event.uid}|"
        assert [e.key for e in fetch(source).events] == [event.key]  # the same identity on the next run

    def test_only_events_overlapping_the_window_come_back(self, source, calendar):
        start, end = WINDOW
        hour = timedelta(hours=1)
        for meeting in [
            timed("before", start - 3 * hour, start - 2 * hour),
            timed("ends-as-it-opens", start - hour, start),
            timed("across-the-start", start - 2 * hour, start + hour),
            timed("inside", thursday(9), thursday(9) + hour),
            timed("across-the-whole", start - hour, end + hour),
            timed("starts-as-it-closes", end, end + hour),
            timed("after", end + 2 * hour, end + 3 * hour),
        ]:
            calendar.put(meeting)

        result = fetch(source)

        assert sorted(e.summary for e in result.events) == ["Call across-the-start", "Call across-the-whole",
                                                              "Call inside"]
        (across,) = of(result, "Call across-the-start")
        assert (across.start, across.end) == (start - 2 * hour, start + hour)  # not cut to the window

    def test_a_weekly_series_comes_back_as_its_occurrences_with_the_exception_and_without_the_exclusion(
            self, source, calendar):
        calendar.put(dataclasses.replace(LOOP, excluded=(thursday(10),), moved=((thursday(17), thursday(18, 15)),)))

        result = fetch(source)

        occurrences = of(result, LOOP.summary)
        assert [e.start for e in occurrences] == [thursday(3), thursday(18, 15), thursday(24)]
        assert all(e.end - e.start == LOOP.length and e.status == "confirmed" for e in occurrences)
        assert len({e.uid for e in occurrences}) == 1
        assert len({e.recurrence_id for e in occurrences}) == 3 and "" not in {e.recurrence_id for e in occurrences}
        assert [original_start(e) for e in occurrences] == [thursday(3), thursday(17), thursday(24)]
        assert all(people(e) == expected_people(LOOP) for e in occurrences)
        assert len(result.events) == 3

    def test_an_occurrence_moved_across_the_window_edge_comes_back_only_when_inside_it(self, source, calendar):
        nov_26, dec_24 = LOOP.occurrences()[1], LOOP.occurrences()[5]
        into, out_of = thursday(2, 9), datetime(2027, 1, 5, 11, 0, tzinfo=NEW_YORK)
        calendar.put(dataclasses.replace(LOOP, moved=((nov_26, into), (dec_24, out_of))))

        occurrences = of(fetch(source), LOOP.summary)

        assert [(e.start, original_start(e)) for e in occurrences] == [
            (into, nov_26), (thursday(3), thursday(3)), (thursday(10), thursday(10)), (thursday(17), thursday(17))]

    def test_a_cancelled_event_seen_before_comes_back_cancelled(self, source, calendar):
        series = dataclasses.replace(LOOP, start=thursday(3), end=thursday(3, 12), weekly=3)
        calendar.put(PANEL)
        calendar.put(series)
        cache = SyncCache()
        before = {e.key: e for e in fetch(source, cache).events}

        calendar.put(dataclasses.replace(PANEL, cancelled=True))
        calendar.put(dataclasses.replace(series, cancelled=True))
        after = {e.key: e for e in fetch(source, cache).events}

        assert set(after) == set(before) and len(after) == 4
        assert all(e.status == "cancelled" for e in after.values())
        assert [(e.start, e.end) for e in after.values()] == [(e.start, e.end) for e in before.values()]

    def test_a_cancelled_occurrence_seen_before_comes_back_cancelled_and_only_it(self, source, calendar):
        series = dataclasses.replace(LOOP, start=thursday(3), end=thursday(3, 12), weekly=3)
        calendar.put(series)
        cache = SyncCache()
        before = {e.key: e for e in fetch(source, cache).events}

        calendar.put(dataclasses.replace(series, cancelled_occurrences=(thursday(10),)))
        after = {e.key: e for e in fetch(source, cache).events}

        assert set(after) == set(before) and len(after) == 3
        status = {original_start(e): e.status for e in after.values()}
        assert status == {thursday(3): "confirmed", thursday(10): "cancelled", thursday(17): "confirmed"}
        (cancelled,) = [e for e in after.values() if e.status == "cancelled"]
        assert cancelled.start == thursday(10) and cancelled.summary == LOOP.summary

    def test_a_cancelled_event_never_seen_before_is_never_reported_as_taking_place(self, source, calendar):
        calendar.put(dataclasses.replace(PANEL, cancelled=True))
        series = dataclasses.replace(LOOP, start=thursday(3), end=thursday(3, 12), weekly=3,
                                     cancelled_occurrences=(thursday(10),))
        calendar.put(series)

        result = fetch(source)

        panel = of(result, PANEL.summary)
        loop = {original_start(e): e.status for e in of(result, LOOP.summary)}
        if self.reports_unseen_cancellations:
            assert [e.status for e in panel] == ["cancelled"]
            assert loop == {thursday(3): "confirmed", thursday(10): "cancelled", thursday(17): "confirmed"}
        else:
            assert panel == []
            assert loop == {thursday(3): "confirmed", thursday(17): "confirmed"}

    def test_an_all_day_event_is_all_day(self, source, calendar):
        calendar.put(Meeting("onsite", "Onsite day at Acme", date(2026, 12, 8), date(2026, 12, 9), organizer=RITA,
                             attendees=(Person(ME, MY_NAME, "accepted"),)))

        (event,) = fetch(source).events

        assert event.all_day and event.start.utcoffset() is not None
        assert (event.start.date(), event.end.date()) == (date(2026, 12, 8), date(2026, 12, 9))

    def test_a_second_fetch_with_the_same_cache_and_no_change_returns_the_same_occurrences(self, source, calendar):
        calendar.put(PANEL)
        calendar.put(dataclasses.replace(LOOP, moved=((thursday(17), thursday(18, 15)),)))
        cache = SyncCache()

        first = fetch(source, cache)
        second = fetch(source, cache)

        def by_key(result: FetchResult) -> list[Event]:
            return sorted(result.events, key=lambda e: e.key)

        assert len(first.events) == 5 and by_key(second) == by_key(first)

    def test_the_same_cache_answers_a_later_window_with_what_overlaps_that_window(self, source, calendar):
        start, end = WINDOW
        hour, day = timedelta(hours=1), timedelta(days=1)
        calendar.put(PANEL)
        calendar.put(timed("first-night", start + 2 * hour, start + 3 * hour))
        calendar.put(timed("last-day", end + 10 * hour, end + 11 * hour))
        calendar.put(timed("february", datetime(2027, 2, 10, 10, 0, tzinfo=NEW_YORK),
                           datetime(2027, 2, 10, 11, 0, tzinfo=NEW_YORK)))
        cache = SyncCache()

        first = fetch(source, cache)
        next_day = fetch(source, cache, later=day)  # the next daily run
        months_later = fetch(source, cache, later=60 * day)

        assert sorted(e.summary for e in first.events) == [PANEL.summary, "Call first-night"]
        assert sorted(e.summary for e in next_day.events) == [PANEL.summary, "Call last-day"]
        assert [e.summary for e in months_later.events] == ["Call february"]

    def test_a_change_after_a_fetch_is_seen_by_the_next_fetch_with_the_same_cache(self, source, calendar):
        calendar.put(PANEL)
        cache = SyncCache()
        (first,) = fetch(source, cache).events

        retitled = dataclasses.replace(PANEL, summary="Acme — final round")
        calendar.put(retitled)
        (renamed,) = fetch(source, cache).events
        later = PANEL.start + timedelta(days=1, hours=2)
        calendar.put(dataclasses.replace(retitled, start=later, end=later + PANEL.length))
        (moved,) = fetch(source, cache).events

        assert renamed.summary == "Acme — final round" and renamed.start == PANEL.start
        assert (moved.summary, moved.start, moved.end) == ("Acme — final round", later, later + PANEL.length)
        assert first.key == renamed.key == moved.key
        assert people(moved) == expected_people(PANEL)

    def test_a_retitled_series_is_seen_in_every_occurrence(self, source, calendar):
        series = dataclasses.replace(LOOP, start=thursday(3), end=thursday(3, 12), weekly=3)
        calendar.put(series)
        cache = SyncCache()
        before = {e.key for e in fetch(source, cache).events}

        calendar.put(dataclasses.replace(series, summary="Initech final loop"))
        after = fetch(source, cache).events

        assert {e.key for e in after} == before and {e.summary for e in after} == {"Initech final loop"}

    def test_an_event_moved_out_of_the_window_after_a_fetch_no_longer_comes_back(self, source, calendar):
        calendar.put(PANEL)
        calendar.put(timed("stays", thursday(9), thursday(9, 12)))
        cache = SyncCache()
        assert len(fetch(source, cache).events) == 2

        postponed = datetime(2027, 3, 4, 15, 0, tzinfo=BERLIN)  # months after the window
        calendar.put(dataclasses.replace(PANEL, start=postponed, end=postponed + PANEL.length))

        assert [e.summary for e in fetch(source, cache).events] == ["Call stays"]

    def test_an_occurrence_moved_after_a_fetch_keeps_its_identity_at_its_new_time(self, source, calendar):
        series = dataclasses.replace(LOOP, start=thursday(3), end=thursday(3, 12), weekly=3)
        calendar.put(series)
        cache = SyncCache()
        before = {e.key: e for e in fetch(source, cache).events}

        calendar.put(dataclasses.replace(series, moved=((thursday(10), thursday(11, 15)),)))
        after = {e.key: e for e in fetch(source, cache).events}

        assert set(after) == set(before)
        (moved,) = [e for e in after.values() if e.start != before[e.key].start]
        assert (moved.start, moved.end) == (thursday(11, 15), thursday(11, 16))
        assert original_start(moved) == thursday(10) and moved.summary == LOOP.summary

    def test_an_odd_address_does_not_stop_the_fetch_and_is_left_out_with_a_warning(self, source, calendar):
        calendar.put(Meeting(
            "odd", "Globex phone screen", thursday(15, 10), thursday(15, 11),
            organizer=Person("Recruiting Team <jobs@globex.example>", "Recruiting Team"),
            attendees=(Person(ME, MY_NAME, "accepted"), Person("maria@globex.example", "María García", "accepted"),
                       Person("ana@globex.example, bo@globex.example", "Ana and Bo", "accepted")),
        ))

        (event,) = fetch(source).events
        trusted, warnings = checked(event)

        assert {a.email for a in trusted.attendees} == {ME, "maria@globex.example"}
        assert trusted.organizer is None
        (warning,) = warnings
        assert "Globex phone screen" in warning and "not a single plain address" in warning
        assert "bo@globex.example" in warning and "jobs@globex.example" in warning


# ---- what the backends share -------------------------------------------------------------------


def shared(tmp_path) -> Shared:
    return Shared(base_dir=tmp_path, timezone=ZONE_NAME, me=frozenset({ME}), my_name=MY_NAME, my_email=ME)


def ics_time(moment: datetime | date) -> str:
    if not isinstance(moment, datetime):
        return f";VALUE=DATE:{moment:%Y%m%d}"
    return f";TZID={moment.tzinfo.key}:{moment:%Y%m%dT%H%M%S}"


def ics_events(meeting: Meeting) -> list[str]:
    """The VEVENTs of ``meeting``: the event or series, then one override per moved or
    cancelled occurrence (sharing its UID, told apart by RECURRENCE-ID)."""
    uid = f"{meeting.id}@contract.example"
    organizer = f';CN="{meeting.organizer.name}":mailto:{meeting.organizer.email}' if meeting.organizer else ""
    attendees = tuple(f';CN="{p.name}";PARTSTAT={p.response.upper()}:mailto:{p.email}' for p in meeting.attendees)

    def one(start, end, *lines: str) -> str:
        return vevent(uid, meeting.summary, ics_time(start), ics_time(end), organizer=organizer,
                      attendees=attendees, extra="\n".join(lines))

    status = ["STATUS:CANCELLED"] if meeting.cancelled else []
    if not meeting.weekly:
        return [one(meeting.start, meeting.end, *status)]
    rule = [f"RRULE:FREQ=WEEKLY;COUNT={meeting.weekly}", *(f"EXDATE{ics_time(d)}" for d in meeting.excluded)]
    events = [one(meeting.start, meeting.end, *rule, *status)]
    for original, new in meeting.moved:
        events.append(one(new, new + meeting.length, f"RECURRENCE-ID{ics_time(original)}", *status))
    for original in meeting.cancelled_occurrences:
        events.append(one(original, original + meeting.length, f"RECURRENCE-ID{ics_time(original)}",
                          "STATUS:CANCELLED"))
    return events
