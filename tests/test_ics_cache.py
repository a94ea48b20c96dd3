"""A cron run every half hour on an ICS calendar costs almost nothing (issue 15):
what the cache answers, what makes it parse again, conditional downloads, and the
calendar libraries left unloaded."""

from __future__ import annotations

import gzip
import http.server
import json
import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone

import pytest

from mailflow.calendars.ics import IcsSource
from mailflow.config import loads
from mailflow.errors import SourceError
from mailflow.model import SyncCache

from conftest import ME, REPO, vcalendar, vevent

UTC = timezone.utc
WINDOW = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC))
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


def source(tmp_path, calendar: str, extra: str = "") -> IcsSource:
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
    cal = source(tmp_path, 'path = "cal.ics"')
    cache = SyncCache()
    first = cal.fetch(*WINDOW, cache)
    assert cache.changed and {"Interview with Acme", "Standup"} <= summaries(first)
    mark(cache)

    path.write_text(change(), newline="")
    again = cal.fetch(WINDOW[0] + timedelta(days=1), WINDOW[1], cache)

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
    cal = source(tmp_path, 'path = "cal.ics"')
    cache = SyncCache()
    cal.fetch(*WINDOW, cache)
    mark(cache)

    path.write_text(change(vcalendar(*events())), newline="")
    again = cal.fetch(*WINDOW, cache)

    assert "from the cache" not in summaries(again) and cache.changed
    if expected:
        assert expected in summaries(again)
    else:
        assert "Standup" not in summaries(again)


def test_a_changed_setting_that_changes_the_reading_parses_again(tmp_path):
    (tmp_path / "cal.ics").write_text(vcalendar(*events()), newline="")
    cache = SyncCache()
    source(tmp_path, 'path = "cal.ics"').fetch(*WINDOW, cache)
    mark(cache)
    again = source(tmp_path, 'path = "cal.ics"', "[limits]\nattendees = 1\n").fetch(*WINDOW, cache)
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
    cal = source(tmp_path, f'url = "{server.url}"')
    cache = SyncCache()
    first = cal.fetch(*WINDOW, cache)
    assert "Interview with Acme" in summaries(first)
    assert server.requests[0]["Accept-Encoding"] == "gzip" and "If-None-Match" not in server.requests[0]
    assert "s3cr3t" not in json.dumps(cache.data)  # the address is a password; the cache is in the state
    mark(cache)

    again = cal.fetch(*WINDOW, cache)

    assert server.requests[1]["If-None-Match"] == '"v1"'
    assert server.requests[1]["If-Modified-Since"] == "Tue, 10 Nov 2026 08:00:00 GMT"
    assert server.statuses == [200, 304] and summaries(again) == {"from the cache"}

    server.etag = '"v2"'
    server.body = vcalendar(*events("20261125T101010Z")).encode()  # only DTSTAMP changed
    third = cal.fetch(*WINDOW, cache)
    assert server.statuses == [200, 304, 200] and summaries(third) == {"from the cache"}
    assert cache.data["http"]["etag"] == '"v2"'


def test_a_download_over_the_limit_is_refused_even_when_it_arrives_packed(tmp_path, server):
    server.raw_body = gzip.compress(vcalendar(*events()).encode() + b"X-PAD:" + b"x" * 200_000)
    cal = source(tmp_path, f'url = "{server.url}"', "[limits]\ncalendar_mb = 0.1\n")
    with pytest.raises(SourceError) as err:
        cal.fetch(*WINDOW, SyncCache())
    assert "once unpacked" in err.value.message and "[limits] calendar_mb = 0.1" in err.value.message
    assert "s3cr3t" not in err.value.message

    server.raw_body, server.compress = None, False
    server.body = server.body + b"X-PAD:" + b"x" * 200_000
    with pytest.raises(SourceError) as err:
        cal.fetch(*WINDOW, SyncCache())
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
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILFLOW_")}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, env=env,
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
