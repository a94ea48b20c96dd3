"""One .ics fixture per calendar quirk, each read through the ICS source."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mailflow.model import SyncCache
from mailflow.calendars.ics import IcsSource, parse_events
from mailflow.config import loads
from mailflow.errors import SourceError

from conftest import CALENDARS

UTC = ZoneInfo("UTC")
NEW_YORK = ZoneInfo("America/New_York")
WINDOW = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 10, tzinfo=UTC))


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
