"""The ICS source: the calendar contract on a file, one .ics fixture per calendar quirk,
and what keeps a cron run every half hour almost free (issue 15): what the cache answers,
what makes it parse again, conditional downloads, and the calendar libraries left unloaded."""

from __future__ import annotations

import gzip
import http.server
import json
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from mailflow.calendars.ics import IcsSettings, IcsSource, parse_events
from mailflow.config import loads
from mailflow.errors import SourceError
from mailflow.model import SyncCache, event_from_dict
from tests.contracts.calendar_source import CalendarSourceContract, Meeting, ics_events, shared
from tests.harness.calendars import CALENDARS, ME, vcalendar, vevent

UTC = ZoneInfo("UTC")
NEW_YORK = ZoneInfo("America/New_York")
WINDOW = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 10, tzinfo=UTC))
TWO_WEEKS_AND_MORE = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))


# ---- the contract ----------------------------------------------------------------------------


class IcsCalendar:
    """The whole file is written again on every change, as a calendar app exports it."""

    def __init__(self, path):
        self.path = path
        self.meetings: dict[str, Meeting] = {}

    def put(self, meeting: Meeting) -> None:
        self.meetings[meeting.id] = meeting
        events = [e for m in self.meetings.values() for e in ics_events(m)]
        self.path.write_text(vcalendar(*events), encoding="utf-8")


class TestIcsSource(CalendarSourceContract):
    """A file has no incremental sync, but the source keeps its parse in the cache (keyed
    on the file's digest), so the tests of a second fetch with the same cache apply."""

    backend = "ics"

    @pytest.fixture
    def calendar(self, tmp_path):
        return IcsCalendar(tmp_path / "calendar.ics")

    @pytest.fixture
    def source(self, tmp_path):
        return IcsSource(IcsSettings(path="calendar.ics"), shared(tmp_path))


# ---- one fixture per quirk -----------------------------------------------------------------


def read(name: str, zone=NEW_YORK):
    text = (CALENDARS / name).read_text()
    return parse_events(text, *WINDOW, source=name, zone=zone)


def test_exdate_removes_an_occurrence_and_recurrence_id_moves_one():
    result = read("exdate_and_override.ics")
    starts = sorted(e.start.astimezone(UTC) for e in result.events)
    berlin = ZoneInfo("Europe/Berlin")
    expected = [datetime(2026, 11, d, 10, tzinfo=berlin).astimezone(UTC) for d in (2, 3, 6)]
    expected.append(datetime(2026, 11, 5, 15, tzinfo=berlin).astimezone(UTC))
    assert starts == sorted(expected)
    moved = [e for e in result.events if "moved" in e.summary]
    assert len(moved) == 1 and moved[0].recurrence_id.startswith("2026-11-05T10:00")
    # each occurrence has its own identity, stable across runs
    assert len({e.key for e in result.events}) == 4


def test_windows_zone_names_are_understood():
    result = read("windows_tzid.ics")
    by_uid = {e.uid: e for e in result.events}
    assert by_uid["win-1"].start == datetime(2026, 11, 3, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    assert by_uid["win-2"].start == datetime(2026, 11, 3, 10, tzinfo=ZoneInfo("America/Los_Angeles"))


def test_x_wr_timezone_is_applied():
    (event,) = read("x_wr_timezone.ics").events
    assert event.start == datetime(2026, 11, 3, 1, tzinfo=UTC)
    assert event.start.utcoffset() == timedelta(hours=9)  # shown in the calendar's zone


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Kolkata", "UTC"])
def test_floating_times_are_read_in_the_policy_zone(zone):
    (event,) = read("floating.ics", ZoneInfo(zone)).events
    assert event.start == datetime(2026, 11, 3, 14, tzinfo=ZoneInfo(zone))


def test_all_day_events_are_marked_all_day():
    (event,) = read("all_day.ics").events
    assert event.all_day
    assert event.end - event.start == timedelta(days=1)


def test_a_broken_event_is_skipped_with_a_warning_naming_it():
    result = read("broken_event.ics")
    assert [e.uid for e in result.events] == ["good-1"]
    assert len(result.warnings) == 2
    assert "broken-1" in result.warnings[0] and "line 12" in result.warnings[0]  # its BEGIN:VEVENT
    assert "Broken Inc" in result.warnings[0] and "DTSTART" in result.warnings[0]
    assert "no DTSTART" in result.warnings[1]


def test_not_a_calendar_is_an_error_naming_the_source():
    with pytest.raises(SourceError, match="not_a_calendar.ics: not a valid iCalendar"):
        read("not_a_calendar.ics")


def test_a_missing_file_is_an_error_naming_it(tmp_path):
    config = loads('[[calendars]]\npath = "nowhere.ics"\n', source=tmp_path / "c.toml")
    source = IcsSource(config.calendars[0], config.shared)
    with pytest.raises(SourceError, match="no such file .*nowhere.ics"):
        source.fetch(*WINDOW, SyncCache())


def test_calendar_served_over_http(tmp_path):
    import http.server
    import threading

    body = (CALENDARS / "windows_tzid.ics").read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if self.path == "/cal.ics":
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar")
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_error(404)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        config = loads(f'[[calendars]]\nurl = "{base}/cal.ics"\n', source=tmp_path / "c.toml")
        events = IcsSource(config.calendars[0], config.shared).fetch(*WINDOW, SyncCache()).events
        assert {e.uid for e in events} == {"win-1", "win-2"}
        config = loads(f'[[calendars]]\nurl = "{base}/gone.ics"\n', source=tmp_path / "c.toml")
        with pytest.raises(SourceError, match="HTTP 404"):
            IcsSource(config.calendars[0], config.shared).fetch(*WINDOW, SyncCache())
    finally:
        server.shutdown()


def test_an_unchanged_file_is_read_from_the_cache_and_a_changed_one_is_parsed(tmp_path):
    path = tmp_path / "cal.ics"
    path.write_text((CALENDARS / "windows_tzid.ics").read_text())
    config = loads('[[calendars]]\npath = "cal.ics"\n[policy]\ntimezone = "UTC"\n', source=tmp_path / "c.toml")
    source = IcsSource(config.calendars[0], config.shared)
    cache = SyncCache()
    first = source.fetch(*WINDOW, cache)
    assert cache.changed and {e.uid for e in first.events} == {"win-1", "win-2"}
    # prove the second read comes from the cache: mark the cached copy
    for event in cache.data["events"]:
        event["summary"] = "from the cache"
    cache.changed = False
    again = source.fetch(WINDOW[0] + timedelta(days=1), WINDOW[1], cache)
    assert {e.summary for e in again.events} == {"from the cache"} and not cache.changed
    # a window beyond what was kept, or a changed file, is parsed again
    later = source.fetch(WINDOW[0] + timedelta(days=30), WINDOW[1] + timedelta(days=30), cache)
    assert later.events == [] and cache.changed
    path.write_text((CALENDARS / "floating.ics").read_text())
    changed = source.fetch(*WINDOW, cache)
    assert [e.uid for e in changed.events] == ["float-1"]

def test_a_cached_answer_builds_only_the_events_of_the_window(tmp_path, monkeypatch):
    """The kept window is a week wider on each side: the events kept for those margins
    are not built into events on a run that does not ask for them."""
    import mailflow.calendars.ics as ics

    path = tmp_path / "cal.ics"
    path.write_text(vcalendar(*[vevent(f"day-{n}", f"Day {n}", f":202611{n:02d}T150000Z", f":202611{n:02d}T160000Z")
                                for n in range(1, 29)]))
    config = loads('[[calendars]]\npath = "cal.ics"\n[policy]\ntimezone = "UTC"\n', source=tmp_path / "c.toml")
    source = IcsSource(config.calendars[0], config.shared)
    cache = SyncCache()
    window = (datetime(2026, 11, 10, tzinfo=UTC), datetime(2026, 11, 14, tzinfo=UTC))
    first = source.fetch(*window, cache)
    assert len(cache.data["events"]) > len(first.events) == 4  # the margins are kept
    built = []
    monkeypatch.setattr(ics, "event_from_dict",
                        lambda data, *more: built.append(data["uid"]) or event_from_dict(data, *more))
    again = source.fetch(*window, cache)
    assert again.events == first.events
    assert sorted(built) == ["day-10", "day-11", "day-12", "day-13"]


def test_the_people_of_a_series_are_read_once_and_an_override_keeps_its_own(monkeypatch):
    import mailflow.calendars.ics_read as ics_read

    read = []
    attendee = ics_read._attendee
    monkeypatch.setattr(ics_read, "_attendee", lambda value, *a, **k: read.append(str(value)) or attendee(value, *a, **k))
    people = (f";PARTSTAT=ACCEPTED:mailto:{ME}", ";CN=Bo Chen:mailto:bo@acme.example",
              ";CN=Cy Dee:mailto:cy@acme.example")
    text = vcalendar(
        vevent("sync", "Sync", ":20261102T150000Z", ":20261102T160000Z", organizer=";CN=Ana Lima:mailto:ana@acme.example",
               attendees=people, extra="RRULE:FREQ=WEEKLY;COUNT=4"),
        vevent("sync", "Sync with a guest", ":20261116T170000Z", ":20261116T180000Z",
               organizer=";CN=Ana Lima:mailto:ana@acme.example",
               attendees=(*people, ";CN=Guest:mailto:guest@globex.example"), extra="RECURRENCE-ID:20261116T150000Z"),
    )
    found = parse_events(text, *TWO_WEEKS_AND_MORE, source="test", zone=UTC, me={ME}).events
    assert [e.summary for e in found] == ["Sync", "Sync", "Sync with a guest", "Sync"]
    assert len(read) == 4 + 5  # the series' organizer and three attendees, then the override's own
    plain = [e for e in found if e.summary == "Sync"]
    assert all(e.attendees == plain[0].attendees and e.organizer == plain[0].organizer for e in plain)
    assert [a.email for a in found[2].attendees][-1] == "guest@globex.example"
    assert [(a.email, a.is_self) for a in plain[0].attendees][0] == (ME, True)


def test_events_read_back_from_the_cache_are_the_events_kept_and_share_their_colleagues():
    from mailflow.model import Attendee, Event, event_to_dict

    ana = Attendee("ana@acme.example", "Ana Lima", response="accepted")
    bo = Attendee("bo@acme.example", "Bo Chen")
    events = [Event(f"e{n}", "Sync", datetime(2026, 11, n, 15, tzinfo=UTC), datetime(2026, 11, n, 16, tzinfo=UTC),
                    organizer=ana, attendees=(ana, bo) if n % 2 else (bo,)) for n in range(1, 7)]
    rows = [json.loads(json.dumps(event_to_dict(e, compact=True))) for e in events]  # as the cache keeps them
    assert "kind" not in rows[0]["attendees"][0] and "categories" not in rows[0]  # defaults left out
    rows[5]["attendees"][0] = dict(reversed(list(rows[5]["attendees"][0].items())))  # fields in another order
    rows[4]["attendees"][1]["name"] = "Bo Chen-Li"  # one changed
    people: dict = {}
    back = [event_from_dict(row, people) for row in rows]
    assert back[:4] == events[:4] and back == [event_from_dict(row) for row in rows]
    assert [event_from_dict(json.loads(json.dumps(event_to_dict(e)))) for e in events] == events  # the full form too
    assert back[4].attendees[1].name == "Bo Chen-Li" and back[2].attendees[1].name == "Bo Chen"
    assert back[0].attendees[1] is back[2].attendees[1]  # built once


# ---- the cache and downloads (issue 15) ----------------------------------------------------

TWO_WEEKS = (datetime(2026, 11, 1, tzinfo=timezone.utc), datetime(2026, 11, 15, tzinfo=timezone.utc))
NOW = "2026-11-10T18:00"  # New York time: the interview below is over
LIBRARIES = ("icalendar", "recurring_ical_events", "x_wr_timezone")


def events(stamp: str = "20260101T000000Z", *extra: str) -> list[str]:
    found = [
        vevent("iv-1", "Interview with Acme", ":20261109T150000Z", ":20261109T160000Z",
               organizer=";CN=Ana Lima:mailto:ana@acme.example",
               attendees=(f":mailto:{ME}", ";CN=Bo Chen:mailto:bo@acme.example")),
        vevent("standup", "Standup", ":20260105T090000Z", ":20260105T091500Z", extra="RRULE:FREQ=WEEKLY"),
        *[vevent(f"old-{n}", f"Meeting {n}", f":2025{n % 12 + 1:02d}10T150000Z", f":2025{n % 12 + 1:02d}10T160000Z")
          for n in range(20)],
        *extra,
    ]
    return [e.replace("DTSTAMP:20260101T000000Z", f"DTSTAMP:{stamp}") for e in found]


def configured(tmp_path, calendar: str, extra: str = "") -> IcsSource:
    config = loads(f'[[calendars]]\n{calendar}\n[policy]\ntimezone = "UTC"\n{extra}', source=tmp_path / "c.toml")
    return IcsSource(config.calendars[0], config.shared)


def mark(cache: SyncCache) -> None:
    """Make the cached copy recognisable, so a later answer shows where it came from."""
    for event in cache.data["events"]:
        event["summary"] = "from the cache"
    cache.changed = False


def summaries(result) -> set[str]:
    return {e.summary for e in result.events}


@pytest.mark.parametrize("change", [
    lambda: vcalendar(*events()),                                          # nothing
    lambda: vcalendar(*events("20261125T101010Z")),                        # every DTSTAMP rewritten
    lambda: vcalendar(*reversed(events())),                                # the events in another order
    lambda: vcalendar(*events("20260101T000000Z", vevent("far", "Later", ":20270310T150000Z"))),  # one far away
    lambda: vcalendar(*events()).replace("SUMMARY:Meeting 3\r\n", "SUMMARY:Meeting three\r\n"),  # an old one
])
def test_a_change_that_cannot_touch_the_window_is_answered_from_the_cache(tmp_path, change):
    path = tmp_path / "cal.ics"
    path.write_text(vcalendar(*events()), newline="")
    cal = configured(tmp_path, 'path = "cal.ics"')
    cache = SyncCache()
    first = cal.fetch(*TWO_WEEKS, cache)
    assert cache.changed and {"Interview with Acme", "Standup"} <= summaries(first)
    mark(cache)

    path.write_text(change(), newline="")
    again = cal.fetch(TWO_WEEKS[0] + timedelta(days=1), TWO_WEEKS[1], cache)

    assert summaries(again) == {"from the cache"}


@pytest.mark.parametrize("change, expected", [
    (lambda text: text.replace("SUMMARY:Interview with Acme", "SUMMARY:Interview with Acme (moved)"),
     "Interview with Acme (moved)"),
    (lambda text: text.replace("END:VCALENDAR", vevent("new", "Phone screen: Globex", ":20261112T150000Z")
                               + "\r\nEND:VCALENDAR"), "Phone screen: Globex"),
    (lambda text: text.replace("RRULE:FREQ=WEEKLY", "RRULE:FREQ=WEEKLY;UNTIL=20260301T000000Z"), None),
])
def test_a_change_in_the_window_is_parsed(tmp_path, change, expected):
    path = tmp_path / "cal.ics"
    path.write_text(vcalendar(*events()), newline="")
    cal = configured(tmp_path, 'path = "cal.ics"')
    cache = SyncCache()
    cal.fetch(*TWO_WEEKS, cache)
    mark(cache)

    path.write_text(change(vcalendar(*events())), newline="")
    again = cal.fetch(*TWO_WEEKS, cache)

    assert "from the cache" not in summaries(again) and cache.changed
    if expected:
        assert expected in summaries(again)
    else:
        assert "Standup" not in summaries(again)


def test_a_changed_setting_that_changes_the_reading_parses_again(tmp_path):
    (tmp_path / "cal.ics").write_text(vcalendar(*events()), newline="")
    cache = SyncCache()
    configured(tmp_path, 'path = "cal.ics"').fetch(*TWO_WEEKS, cache)
    mark(cache)
    again = configured(tmp_path, 'path = "cal.ics"', "[limits]\nattendees = 1\n").fetch(*TWO_WEEKS, cache)
    assert "from the cache" not in summaries(again)


# ---- downloads ----------------------------------------------------------------------------


class Server:
    """A calendar server on loopback that answers conditional requests and gzips on request."""

    def __init__(self, body: bytes):
        self.body = body
        self.etag = '"v1"'
        self.requests: list[dict[str, str]] = []
        self.statuses: list[int] = []
        self.raw_body: bytes | None = None  # sent as is, with Content-Encoding: gzip
        self.compress = True  # gzip when asked to
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.requests.append(dict(self.headers))
                if self.headers.get("If-None-Match") == outer.etag:
                    outer.statuses.append(304)
                    self.send_response(304)
                    self.end_headers()
                    return
                packed = outer.raw_body is not None or (
                    outer.compress and "gzip" in self.headers.get("Accept-Encoding", ""))
                data = outer.raw_body if outer.raw_body is not None else (
                    gzip.compress(outer.body) if packed else outer.body)
                outer.statuses.append(200)
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar")
                self.send_header("ETag", outer.etag)
                self.send_header("Last-Modified", "Tue, 10 Nov 2026 08:00:00 GMT")
                if packed:
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/private-s3cr3t/basic.ics"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def server():
    running = Server(vcalendar(*events()).encode())
    yield running
    running.server.shutdown()
    running.server.server_close()


def test_a_download_asks_for_gzip_and_an_unchanged_one_is_not_sent_again(tmp_path, server):
    cal = configured(tmp_path, f'url = "{server.url}"')
    cache = SyncCache()
    first = cal.fetch(*TWO_WEEKS, cache)
    assert "Interview with Acme" in summaries(first)
    assert server.requests[0]["Accept-Encoding"] == "gzip" and "If-None-Match" not in server.requests[0]
    assert "s3cr3t" not in json.dumps(cache.data)  # the address is a password; the cache is in the state
    mark(cache)

    again = cal.fetch(*TWO_WEEKS, cache)

    assert server.requests[1]["If-None-Match"] == '"v1"'
    assert server.requests[1]["If-Modified-Since"] == "Tue, 10 Nov 2026 08:00:00 GMT"
    assert server.statuses == [200, 304] and summaries(again) == {"from the cache"}

    server.etag = '"v2"'
    server.body = vcalendar(*events("20261125T101010Z")).encode()  # only DTSTAMP changed
    third = cal.fetch(*TWO_WEEKS, cache)
    assert server.statuses == [200, 304, 200] and summaries(third) == {"from the cache"}
    assert cache.data["http"]["etag"] == '"v2"'


def test_a_download_over_the_limit_is_refused_even_when_it_arrives_packed(tmp_path, server):
    server.raw_body = gzip.compress(vcalendar(*events()).encode() + b"X-PAD:" + b"x" * 200_000)
    cal = configured(tmp_path, f'url = "{server.url}"', "[limits]\ncalendar_mb = 0.1\n")
    with pytest.raises(SourceError) as err:
        cal.fetch(*TWO_WEEKS, SyncCache())
    assert "once unpacked" in err.value.message and "[limits] calendar_mb = 0.1" in err.value.message
    assert "s3cr3t" not in err.value.message

    server.raw_body, server.compress = None, False
    server.body = server.body + b"X-PAD:" + b"x" * 200_000
    with pytest.raises(SourceError) as err:
        cal.fetch(*TWO_WEEKS, SyncCache())
    assert "the server offers 0.2" in err.value.message and "[limits] calendar_mb" in err.value.message


# ---- the calendar libraries stay unloaded ---------------------------------------------------

_PROBE = """\
import sys
from mailflow.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("LOADED", sorted(m for m in sys.modules if m.split(".")[0] in %r))
""" % (LIBRARIES,)


def loaded(home, *args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, env=home.child_env(),
                          cwd=home.root, timeout=120)
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("LOADED"), done.stdout + done.stderr
    return eval(last[len("LOADED "):])  # noqa: S307 - our own probe's list of names


def test_an_unchanged_calendar_loads_no_calendar_library_in_run_or_scan(home):
    home.write_calendar(*events())
    config = ["--config", str(home.config)]
    assert loaded(home, *config, "run", "--now", NOW)  # the first run parses
    assert loaded(home, *config, "run", "--now", NOW) == []
    assert loaded(home, *config, "scan", "--now", NOW) == []  # scan shares run's cache
    home.write_calendar(*events("20261125T101010Z"))  # a new download: every DTSTAMP rewritten
    assert loaded(home, *config, "run", "--now", NOW) == []
    assert loaded(home, "--help") == []
