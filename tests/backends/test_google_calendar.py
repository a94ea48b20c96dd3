"""Google Calendar source: the real client against the fake Calendar v3 server, through the
calendar contract and on its own (sync tokens, paging, retries, logins, limits)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest

from mailflow import config as config_module
from mailflow.calendars.google import GoogleCalendarSource
from mailflow.errors import AuthError, SourceError
from mailflow.model import SyncCache
from mailflow.providers.google.login import SCOPES
from mailflow.registry import open_source
from tests.contracts.calendar_source import ZONE_NAME, CalendarSourceContract, Meeting
from tests.fakes.google import running
from tests.harness.calendars import ME, MY_NAME
from tests.harness.google import google_config_text, write_login

UTC = timezone.utc
START = datetime(2026, 11, 25, tzinfo=UTC)
END = datetime(2026, 12, 20, tzinfo=UTC)


@pytest.fixture
def fake():
    with running() as server:
        yield server


@pytest.fixture
def token(tmp_path, fake):
    path = tmp_path / "google-token.json"
    write_login(path, fake, SCOPES)
    return path


def make_source(fake, token, tmp_path, calendar_ids=(), sleeps=None):
    text = google_config_text(fake, token, calendar_ids=calendar_ids)
    cfg = config_module.loads(text, source=tmp_path / "config.toml")
    sleep = sleeps.append if sleeps is not None else _no_sleep
    return GoogleCalendarSource(cfg.calendars[0], cfg.shared, sleep=sleep)


def _no_sleep(seconds):
    raise AssertionError(f"unexpected wait of {seconds} s")


def interview(event_id="ev1", start="2026-12-01T15:00:00Z", end="2026-12-01T16:00:00Z", **extra):
    return {
        "id": event_id,
        "summary": "Interview with Acme",
        "start": {"dateTime": start},
        "end": {"dateTime": end},
        "organizer": {"email": "recruiter@acme.example", "displayName": "Rita Recruiter"},
        "attendees": [
            {"email": "sam@example.com", "self": True, "responseStatus": "accepted"},
            {"email": "Ann@Acme.example", "displayName": "Ann Lee", "responseStatus": "accepted"},
            {"email": "bo@acme.example", "displayName": "Bo Park", "responseStatus": "tentative",
             "optional": True},
            {"email": "recruiter@acme.example", "organizer": True, "responseStatus": "needsAction"},
            {"email": "c_1883@resource.calendar.google.com", "displayName": "Room 4",
             "resource": True, "responseStatus": "accepted"},
        ],
        **extra,
    }  # fmt: skip


def events_requests(fake):
    return [parse_qs(urlsplit(target).query) for route, target, _ in fake.requests if route == "events.list"]


# ---- the contract: the instances events.list shows -----------------------------------------------

GOOGLE_RESPONSES = {"accepted": "accepted", "tentative": "tentative", "declined": "declined",
                    "needs-action": "needsAction"}


def google_when(moment: datetime | date) -> dict:
    if not isinstance(moment, datetime):
        return {"date": moment.isoformat()}
    return {"dateTime": moment.isoformat(), "timeZone": moment.tzinfo.key}


def google_items(meeting: Meeting) -> list[dict]:
    """What events.list with ``singleEvents=true`` shows of ``meeting``: the event, or
    one instance per occurrence (a moved one at its new time, a cancelled one with
    status cancelled, an excluded one not at all)."""
    common = {
        "summary": meeting.summary,
        "status": "cancelled" if meeting.cancelled else "confirmed",
        "attendees": [{"email": p.email, "displayName": p.name, "responseStatus": GOOGLE_RESPONSES[p.response],
                       **({"self": True} if p.email == ME else {})} for p in meeting.attendees],
    }
    if meeting.organizer:
        common["organizer"] = {"email": meeting.organizer.email, "displayName": meeting.organizer.name}
    if not meeting.weekly:
        return [{"id": meeting.id, **common, "start": google_when(meeting.start), "end": google_when(meeting.end)}]
    moves = dict(meeting.moved)
    items = []
    for original in meeting.occurrences():
        if original in meeting.excluded:
            continue
        start = moves.get(original, original)
        items.append({
            **common,
            "id": f"{meeting.id}_{original.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            "iCalUID": f"{meeting.id}@google.com",
            "recurringEventId": meeting.id,
            "originalStartTime": google_when(original),
            "start": google_when(start),
            "end": google_when(start + meeting.length),
            **({"status": "cancelled"} if original in meeting.cancelled_occurrences else {}),
        })
    return items


class GoogleCalendar:
    """The fake holds the instances themselves; an instance that is no longer there is
    cancelled, as Google reports a deleted one."""

    def __init__(self, fake):
        self.fake = fake
        self.ids: dict[str, set[str]] = {}

    def put(self, meeting: Meeting) -> None:
        items = google_items(meeting)
        for item in items:
            self.fake.add_event("primary", item, time_zone=ZONE_NAME)
        for gone in self.ids.get(meeting.id, set()) - {i["id"] for i in items}:
            self.fake.cancel_event("primary", gone)
        self.ids[meeting.id] = {i["id"] for i in items}


class TestGoogleCalendarSource(CalendarSourceContract):
    backend = "google"

    #: google.py: "Cancelled events never seen before are skipped": a full read gets
    #: only the id of a cancelled event, with no time or title to report
    reports_unseen_cancellations = False

    @pytest.fixture
    def calendar(self, fake):
        return GoogleCalendar(fake)

    @pytest.fixture
    def source(self, tmp_path, fake):
        write_login(tmp_path / "google-token.json", fake, SCOPES)
        config = config_module.loads(f"""
[profile]
name = "{MY_NAME}"
email = "{ME}"
[[calendars]]
type = "google"
endpoint = "{fake.url}"
[mail.gmail]
token = "google-token.json"
token_uri = "{fake.token_uri}"
endpoint = "{fake.url}"
[policy]
timezone = "{ZONE_NAME}"
""", source=tmp_path / "config.toml")
        return GoogleCalendarSource(config.calendars[0], config.shared, sleep=_no_sleep)


# ---- the source's own -------------------------------------------------------------------------


def test_event_fields_are_mapped(fake, token, tmp_path):
    fake.add_event(
        "primary",
        interview(
            conferenceData={
                "entryPoints": [
                    {"entryPointType": "phone", "uri": "tel:+1-555-0100"},
                    {"entryPointType": "video", "uri": "https://meet.google.com/abc-defg-hij"},
                ]
            },
            description="Panel round",
            location="Building 4",
        ),
    )
    result = make_source(fake, token, tmp_path).fetch(START, END, SyncCache())

    (event,) = result.events
    assert event.uid == "ev1@google.com"
    assert event.recurrence_id == ""
    assert event.start == datetime(2026, 12, 1, 15, tzinfo=UTC)
    assert event.end == datetime(2026, 12, 1, 16, tzinfo=UTC)
    assert (event.description, event.location, event.status) == ("Panel round", "Building 4", "confirmed")
    assert event.video_url == "https://meet.google.com/abc-defg-hij"
    assert event.organizer.email == "recruiter@acme.example"
    assert event.organizer.name == "Rita Recruiter"
    assert event.organizer.is_organizer and not event.organizer.is_self
    people = {a.email: a for a in event.attendees}
    assert people["sam@example.com"].is_self
    assert people["ann@acme.example"].name == "Ann Lee"
    assert people["ann@acme.example"].response == "accepted"
    assert people["bo@acme.example"].response == "tentative" and people["bo@acme.example"].optional
    assert people["recruiter@acme.example"].response == "needs-action"
    assert people["recruiter@acme.example"].is_organizer
    assert people["c_1883@resource.calendar.google.com"].kind == "resource"
    assert people["ann@acme.example"].kind == "person"
    assert result.requests == 1


def test_request_asks_for_single_instances_over_a_bounded_range(fake, token, tmp_path):
    fake.add_event("primary", interview())
    make_source(fake, token, tmp_path).fetch(START, END, SyncCache())

    (query,) = events_requests(fake)
    assert query["singleEvents"] == ["true"]
    assert query["timeMin"] == ["2026-11-25T00:00:00Z"]
    assert datetime.fromisoformat(query["timeMax"][0]) > END
    assert "syncToken" not in query


def test_hangout_link_all_day_and_instances(fake, token, tmp_path):
    fake.add_event(
        "work",
        {
            "id": "series_20261202T140000Z",
            "iCalUID": "series@google.com",
            "recurringEventId": "series",
            "originalStartTime": {"dateTime": "2026-12-02T09:00:00-05:00"},
            "summary": "Phone screen",
            "start": {"dateTime": "2026-12-02T10:00:00-05:00"},
            "end": {"dateTime": "2026-12-02T10:30:00-05:00"},
            "hangoutLink": "https://meet.google.com/xyz",
        },
        time_zone="America/New_York",
    )
    fake.add_event(
        "work",
        {"id": "allday", "summary": "Onsite", "start": {"date": "2026-12-03"}, "end": {"date": "2026-12-04"}},
    )
    fake.add_event("work", interview("outside", "2027-01-10T15:00:00Z", "2027-01-10T16:00:00Z"))
    result = make_source(fake, token, tmp_path, calendar_ids=("work",)).fetch(START, END, SyncCache())

    moved, allday = result.events
    assert moved.uid == "series@google.com"
    assert moved.recurrence_id == "2026-12-02T14:00:00+00:00"
    assert moved.start == datetime(2026, 12, 2, 15, tzinfo=UTC)
    assert moved.video_url == "https://meet.google.com/xyz"
    assert allday.all_day
    assert allday.start.isoformat() == "2026-12-03T00:00:00-05:00"
    assert [e.summary for e in result.events] == ["Phone screen", "Onsite"]


def test_a_broken_event_is_skipped_with_a_warning(fake, token, tmp_path):
    fake.add_event("primary", interview())
    fake.add_event("primary", interview("bad", end="2026-13-45T99:00:00Z"))
    result = make_source(fake, token, tmp_path).fetch(START, END, SyncCache())

    assert [e.uid for e in result.events] == ["ev1@google.com"]
    (warning,) = result.warnings
    assert "skipped event bad of primary" in warning
    # the same when it arrives as a change
    cache = SyncCache()
    make_source(fake, token, tmp_path).fetch(START, END, cache)
    fake.add_event("primary", interview("worse", start="yesterday"))
    again = make_source(fake, token, tmp_path).fetch(START, END, cache)
    assert [e.uid for e in again.events] == ["ev1@google.com"]
    assert len(again.warnings) == 2


def test_second_fetch_without_changes_is_one_request_and_leaves_the_cache(fake, token, tmp_path):
    fake.add_event("primary", interview())
    cache = SyncCache()
    first = make_source(fake, token, tmp_path).fetch(START, END, cache)
    stored = json.loads(json.dumps(cache.data))  # JSON-serialisable
    cache.changed = False
    fake.reset_counts()

    second = make_source(fake, token, tmp_path).fetch(START + timedelta(days=1), END + timedelta(days=1), cache)

    assert fake.counts["events.list"] == 1
    assert sum(fake.counts.values()) == 1
    (query,) = events_requests(fake)
    assert "syncToken" in query and "timeMin" not in query and "timeMax" not in query
    assert second.events == first.events
    assert not cache.changed
    assert cache.data["calendars"] == stored["calendars"]


def test_changes_and_cancellations_arrive_incrementally(fake, token, tmp_path):
    fake.add_event("primary", interview("a"))
    fake.add_event("primary", interview("b", "2026-12-02T15:00:00Z", "2026-12-02T16:00:00Z"))
    cache = SyncCache()
    make_source(fake, token, tmp_path).fetch(START, END, cache)

    fake.update_event("primary", "a", start={"dateTime": "2026-12-05T15:00:00Z"},
                      end={"dateTime": "2026-12-05T16:00:00Z"})  # fmt: skip
    fake.cancel_event("primary", "b")
    fake.add_event("primary", interview("c", "2026-12-07T15:00:00Z", "2026-12-07T16:00:00Z"))
    fake.reset_counts()
    result = make_source(fake, token, tmp_path).fetch(START, END, cache)

    assert fake.counts["events.list"] == 1
    by_id = {e.uid: e for e in result.events}
    assert by_id["a@google.com"].start == datetime(2026, 12, 5, 15, tzinfo=UTC)
    # Google sends only the id of a cancelled event; what was known is kept
    assert by_id["b@google.com"].status == "cancelled"
    assert by_id["b@google.com"].summary == "Interview with Acme"
    assert by_id["b@google.com"].attendees
    assert "c@google.com" in by_id
    assert cache.changed


def test_cancelled_instance_first_seen_as_cancelled_takes_its_series(fake, token, tmp_path):
    for day in (2, 9):
        fake.add_event(
            "primary",
            interview(f"s_202612{day:02d}", f"2026-12-{day:02d}T15:00:00Z", f"2026-12-{day:02d}T16:00:00Z",
                      recurringEventId="s", iCalUID="s@google.com",
                      originalStartTime={"dateTime": f"2026-12-{day:02d}T15:00:00Z"}),
        )  # fmt: skip
    cache = SyncCache()
    make_source(fake, token, tmp_path).fetch(START, END, cache)
    fake.add_event(
        "primary",
        {"id": "s_20261216", "status": "cancelled", "recurringEventId": "s",
         "originalStartTime": {"dateTime": "2026-12-16T15:00:00Z"}},
    )  # fmt: skip
    result = make_source(fake, token, tmp_path).fetch(START, END, cache)

    cancelled = [e for e in result.events if e.status == "cancelled"]
    assert [(e.uid, e.recurrence_id, e.start, e.end) for e in cancelled] == [
        ("s@google.com", "2026-12-16T15:00:00+00:00",
         datetime(2026, 12, 16, 15, tzinfo=UTC), datetime(2026, 12, 16, 16, tzinfo=UTC))
    ]  # fmt: skip


def test_expired_sync_token_410_means_a_full_resync(fake, token, tmp_path):
    fake.add_event("primary", interview("a"))
    cache = SyncCache()
    make_source(fake, token, tmp_path).fetch(START, END, cache)
    old_token = cache.data["calendars"]["primary"]["token"]
    fake.expire_sync_tokens()
    fake.add_event("primary", interview("b", "2026-12-02T15:00:00Z", "2026-12-02T16:00:00Z"))
    fake.reset_counts()

    result = make_source(fake, token, tmp_path).fetch(START, END, cache)

    first, second = events_requests(fake)
    assert first["syncToken"] == [old_token]
    assert "syncToken" not in second and "timeMin" in second
    assert [e.uid for e in result.events] == ["a@google.com", "b@google.com"]
    assert cache.data["calendars"]["primary"]["token"] != old_token


def test_pages_are_followed_and_the_sync_token_comes_from_the_last(fake, token, tmp_path):
    for day in range(1, 6):
        fake.add_event("primary", interview(f"e{day}", f"2026-12-0{day}T15:00:00Z", f"2026-12-0{day}T16:00:00Z"))
    fake.events_page_size = 2
    cache = SyncCache()
    result = make_source(fake, token, tmp_path).fetch(START, END, cache)

    assert len(result.events) == 5
    assert fake.counts["events.list"] == 3
    assert cache.data["calendars"]["primary"]["token"].startswith("sync-")


def test_window_leaving_the_synced_range_forces_a_full_read(fake, token, tmp_path):
    fake.add_event("primary", interview())
    cache = SyncCache()
    make_source(fake, token, tmp_path).fetch(START, END, cache)
    fake.reset_counts()
    later = END + timedelta(days=200)
    make_source(fake, token, tmp_path).fetch(later - timedelta(days=30), later, cache)

    (query,) = events_requests(fake)
    assert "syncToken" not in query
    assert query["timeMin"] == [(later - timedelta(days=30)).isoformat().replace("+00:00", "Z")]


def test_each_calendar_id_is_read(fake, token, tmp_path):
    fake.add_event("primary", interview("p"))
    fake.add_event("jobs@group.calendar.google.com", interview("j", "2026-12-02T15:00:00Z", "2026-12-02T16:00:00Z"))
    cache = SyncCache()
    source = make_source(fake, token, tmp_path, calendar_ids=("primary", "jobs@group.calendar.google.com"))
    result = source.fetch(START, END, cache)

    assert {e.uid for e in result.events} == {"p@google.com", "j@google.com"}
    assert set(cache.data["calendars"]) == {"primary", "jobs@group.calendar.google.com"}


def test_unknown_calendar_id_is_a_source_error_naming_it(fake, token, tmp_path):
    with pytest.raises(SourceError, match="nope"):
        make_source(fake, token, tmp_path, calendar_ids=("nope",)).fetch(START, END, SyncCache())


def test_open_source_builds_the_google_source(fake, token, tmp_path):
    cfg = config_module.loads(google_config_text(fake, token), source=tmp_path / "config.toml")
    source = open_source(cfg.calendars[0], cfg.shared)
    assert isinstance(source, GoogleCalendarSource)
    assert source.calendar_ids == ["primary"]


# ---- errors and retries ----------------------------------------------------------


def test_429_waits_as_long_as_retry_after_says(fake, token, tmp_path):
    fake.add_event("primary", interview())
    fake.fail("events.list", 429, headers={"Retry-After": "7"})
    sleeps = []
    result = make_source(fake, token, tmp_path, sleeps=sleeps).fetch(START, END, SyncCache())

    assert sleeps == [7.0]
    assert len(result.events) == 1
    assert fake.counts["events.list"] == 2


def test_500_and_rate_limit_403_back_off_exponentially(fake, token, tmp_path):
    fake.add_event("primary", interview())
    fake.fail("events.list", 500)
    fake.fail("events.list", 403, reason="userRateLimitExceeded")
    fake.fail("events.list", 503)
    sleeps = []
    result = make_source(fake, token, tmp_path, sleeps=sleeps).fetch(START, END, SyncCache())

    assert sleeps == [1.0, 2.0, 4.0]
    assert len(result.events) == 1


def test_persistent_500_gives_up_with_a_source_error(fake, token, tmp_path):
    fake.fail("events.list", 500, times=10)
    sleeps = []
    with pytest.raises(SourceError, match="list events of primary failed: HTTP 500"):
        make_source(fake, token, tmp_path, sleeps=sleeps).fetch(START, END, SyncCache())
    assert sleeps == [1.0, 2.0, 4.0, 8.0, 16.0]


def test_other_403_is_not_retried(fake, token, tmp_path):
    fake.add_event("primary", interview())
    fake.fail("events.list", 403, reason="forbidden")
    with pytest.raises(SourceError, match="HTTP 403"):
        make_source(fake, token, tmp_path).fetch(START, END, SyncCache())
    assert fake.counts["events.list"] == 1


def test_401_refreshes_the_login_and_saves_it(fake, token, tmp_path):
    fake.add_event("primary", interview())
    make_source(fake, token, tmp_path).fetch(START, END, SyncCache())
    saved = json.loads(token.read_text())["token"]
    fake.expire_access_tokens()
    fake.reset_counts()

    result = make_source(fake, token, tmp_path).fetch(START, END, SyncCache())

    assert len(result.events) == 1
    assert fake.counts["token"] == 1
    renewed = json.loads(token.read_text())["token"]
    assert renewed != saved and renewed in fake.access_tokens
    assert token.stat().st_mode & 0o777 == 0o600


def test_401_with_a_revoked_login_is_an_auth_error(fake, token, tmp_path):
    fake.add_event("primary", interview())
    make_source(fake, token, tmp_path).fetch(START, END, SyncCache())
    fake.revoke()
    with pytest.raises(AuthError) as caught:
        make_source(fake, token, tmp_path).fetch(START, END, SyncCache())
    assert caught.value.hint == "run `mailflow auth google`"
    assert "expired or revoked" in str(caught.value)


def test_unreachable_token_endpoint_is_a_source_error_not_a_login_problem(fake, token, tmp_path):
    text = google_config_text(fake, token).replace(fake.token_uri, "http://127.0.0.1:1/token")
    cfg = config_module.loads(text, source=tmp_path / "config.toml")
    with pytest.raises(SourceError, match="could not reach Google to renew the login") as caught:
        GoogleCalendarSource(cfg.calendars[0], cfg.shared, sleep=_no_sleep).fetch(START, END, SyncCache())
    assert not isinstance(caught.value, AuthError)


def test_limits_bound_attendees_and_occurrences_with_a_warning_naming_the_event(fake, token, tmp_path):
    crowd = [{"email": f"p{n}@acme.example", "responseStatus": "needsAction"} for n in range(30)]
    fake.add_event("primary", interview("crowd", attendees=crowd))
    for day in range(1, 6):  # five instances of a daily series, as singleEvents lists them
        fake.add_event("primary", {
            "id": f"daily_2026120{day}", "summary": "Daily check-in", "recurringEventId": "daily",
            "iCalUID": "daily@google.com", "originalStartTime": {"dateTime": f"2026-12-0{day}T09:00:00Z"},
            "start": {"dateTime": f"2026-12-0{day}T09:00:00Z"}, "end": {"dateTime": f"2026-12-0{day}T09:15:00Z"},
        })
    text = google_config_text(fake, token) + "\n[limits]\nattendees = 10\noccurrences = 4\n"
    cfg = config_module.loads(text, source=tmp_path / "config.toml")

    result = GoogleCalendarSource(cfg.calendars[0], cfg.shared, sleep=_no_sleep).fetch(START, END, SyncCache())

    (event,) = result.events
    assert event.uid == "crowd@google.com" and len(event.attendees) == 10
    assert any("'Interview with Acme'" in w and "30 attendees" in w for w in result.warnings)
    assert any("'Daily check-in'" in w and "[limits] occurrences" in w for w in result.warnings)
