"""The CalDAV source against a real Radicale server on 127.0.0.1 (the ``radicale`` fixture:
one per module, with htpasswd logins, so a wrong password is refused by the server itself,
HTTP 401): the calendar contract, each meeting a calendar object in a collection of its
own; then an account whose calendars are made and filled once, through the caldav library,
and only read by the tests.
"""

from __future__ import annotations

import http.server
import json
import textwrap
import threading
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from mailflow.calendars.caldav import CalDavSettings, CalDavSource
from mailflow.calendars.ics import parse_events
from mailflow.config import loads
from mailflow.errors import AuthError, ConfigError, SourceError
from mailflow.model import SyncCache
from mailflow.untrusted import redact_url
from tests.contracts.calendar_source import CalendarSourceContract, Meeting, ics_events, shared
from tests.harness.calendars import ME, onsite_panel, vcalendar, vevent
from tests.harness.home import Home
from tests.harness.servers import PASSWORD, USER, free_port
NEW_YORK = ZoneInfo("America/New_York")
WINDOW = (datetime(2026, 11, 1, tzinfo=NEW_YORK), datetime(2026, 12, 1, tzinfo=NEW_YORK))
NOW = "2026-11-25T18:00"  # New York time

# a weekly interview loop: the 10th is struck out (EXDATE), the 17th moved to the 18th
SERIES = vevent(
    "loop-1@initech.example", "Initech interview loop", ";TZID=America/New_York:20261103T110000",
    ";TZID=America/New_York:20261103T120000", organizer=";CN=Priya Nair:mailto:priya.nair@initech.example",
    attendees=(f";PARTSTAT=ACCEPTED:mailto:{ME}", ";CN=Tom Ford:mailto:tom.ford@initech.example"),
    extra="""
    RRULE:FREQ=WEEKLY;COUNT=4
    EXDATE;TZID=America/New_York:20261110T110000
    """,
)
MOVED = vevent(
    "loop-1@initech.example", "Initech interview loop (moved)", ";TZID=America/New_York:20261118T150000",
    ";TZID=America/New_York:20261118T160000", organizer=";CN=Priya Nair:mailto:priya.nair@initech.example",
    attendees=(f";PARTSTAT=ACCEPTED:mailto:{ME}", ";CN=Tom Ford:mailto:tom.ford@initech.example"),
    extra="RECURRENCE-ID;TZID=America/New_York:20261117T110000",
)
PANEL = onsite_panel(extra="""
    LOCATION:Room 4B
    DESCRIPTION:Role: Senior Backend Engineer\\nJoin: https://acme.zoom.us/j/123456
    """)
CANCELLED = vevent(
    "hooli-1@hooli.example", "Hooli interview", ";TZID=America/New_York:20261123T090000",
    ";TZID=America/New_York:20261123T100000", organizer=":mailto:kim@hooli.example",
    attendees=(f":mailto:{ME}", ";CN=Kim Park:mailto:kim@hooli.example"), extra="STATUS:CANCELLED",
)
FLOATING = vevent(  # no zone at all: read in the policy zone
    "screen-1@globex.example", "Phone screen: Globex", ":20261125T100000", ":20261125T103000",
    organizer=";CN=María García:mailto:maria.garcia@globex.example", attendees=(f";PARTSTAT=ACCEPTED:mailto:{ME}",),
)
STANDUP = vevent(
    "standup@home.example", "Standup", ";TZID=America/New_York:20261102T093000",
    ";TZID=America/New_York:20261102T094500", extra="RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
)
# floating, just after the window opens in New York; a server comparing it as UTC puts it
# hours before the window, so the source must search wider than the window
NIGHT_CALL = vevent("night@home.example", "Night call", ":20261101T023000", ":20261101T030000")
#: collection display name -> the calendar objects in it (a series and its override are one object)
ACCOUNT = {
    "Interviews": [vcalendar(SERIES, MOVED), vcalendar(PANEL), vcalendar(CANCELLED), vcalendar(FLOATING)],
    "Work": [vcalendar(STANDUP), vcalendar(NIGHT_CALL)],
}


# ---- the contract: each meeting a calendar object -------------------------------------------------


class CalDavCalendar:
    """Each meeting is one calendar object (a series with its overrides), PUT again by
    UID when it changes, as a CalDAV client saves it."""

    def __init__(self, collection):
        self.collection = collection

    def put(self, meeting: Meeting) -> None:
        self.collection.save_event(vcalendar(*ics_events(meeting)))


class TestCalDavSource(CalendarSourceContract):
    backend = "caldav"
    server = "Radicale"

    @pytest.fixture
    def collection(self, radicale):
        with radicale.client() as client:
            collection = client.principal().make_calendar(name=f"contract {uuid.uuid4().hex[:8]}")
            yield collection
            collection.delete()

    @pytest.fixture
    def calendar(self, collection):
        return CalDavCalendar(collection)

    @pytest.fixture
    def source(self, tmp_path, collection):
        settings = CalDavSettings(type="caldav", name="contract", url=str(collection.url), username=USER,
                                  password_cmd=f"echo '{PASSWORD}'")
        return CalDavSource(settings, shared(tmp_path))


# ---- the account -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(radicale):
    """The server with the account holding ``ACCOUNT``'s collections (no test changes them)."""
    with radicale.client() as client:
        principal = client.principal()
        for name, objects in ACCOUNT.items():
            calendar = principal.make_calendar(name=name)
            for text in objects:
                calendar.save_event(text)
    return radicale


def source(url: str, *, calendars: list[str] | None = None, password_cmd: str = f"echo '{PASSWORD}'",
           name: str = "work account") -> CalDavSource:
    config = loads(textwrap.dedent(f"""\
        [profile]
        email = "{ME}"
        [[calendars]]
        type = "caldav"
        name = "{name}"
        url = "{url}"
        username = "{USER}"
        password_cmd = "{password_cmd}"
        calendars = {json.dumps(calendars or [])}
        [policy]
        timezone = "America/New_York"
        """))
    return CalDavSource(config.calendars[0], config.shared)


def as_ics(*names: str):
    """What the ICS source makes of the same objects, as one file."""
    events = [
        line for name in names for text in ACCOUNT[name]
        for line in text.replace("\r\n", "\n").split("\n")
        if line and line not in ("BEGIN:VCALENDAR", "END:VCALENDAR", "VERSION:2.0") and not line.startswith("PRODID")
    ]
    text = vcalendar("\n".join(events))
    return parse_events(text, *WINDOW, source="work account", zone=NEW_YORK, me={ME})


def ordered(events):
    return sorted(events, key=lambda e: (e.start, e.key))


# ---- the source ---------------------------------------------------------------------------

def test_the_same_occurrences_as_the_ics_source(server):
    result = source(server.url).fetch(*WINDOW, SyncCache())
    expected = as_ics("Interviews", "Work")
    assert ordered(result.events) == ordered(expected.events)
    assert result.warnings == [] and result.requests > 0

    by_summary: dict[str, list] = {}
    for event in result.events:
        by_summary.setdefault(event.summary, []).append(event)
    loop = sorted(e.start for e in by_summary["Initech interview loop"])
    assert loop == [datetime(2026, 11, d, 11, tzinfo=NEW_YORK) for d in (3, 24)]  # 10th struck out
    (moved,) = by_summary["Initech interview loop (moved)"]
    assert moved.start == datetime(2026, 11, 18, 15, tzinfo=NEW_YORK)
    assert moved.recurrence_id.startswith("2026-11-17T11:00")
    (panel,) = by_summary["Acme — Onsite panel interview"]
    assert {a.kind for a in panel.attendees} == {"person", "room"}
    assert panel.video_url == "https://acme.zoom.us/j/123456" and panel.organizer.email == "sam.lee@acme.example"
    assert [e.status for e in by_summary["Hooli interview"]] == ["cancelled"]
    (screen,) = by_summary["Phone screen: Globex"]
    assert screen.start == datetime(2026, 11, 25, 10, tzinfo=NEW_YORK)
    assert len(by_summary["Standup"]) == 21  # the weekdays of November from Monday the 2nd
    assert [e.start for e in by_summary["Night call"]] == [datetime(2026, 11, 1, 2, 30, tzinfo=NEW_YORK)]


def test_named_collections_only(server):
    result = source(server.url, calendars=["Work"]).fetch(*WINDOW, SyncCache())
    assert ordered(result.events) == ordered(as_ics("Work").events)


def test_a_url_pointing_at_one_collection_reads_only_that_one(server):
    with server.client() as client:
        work = next(c for c in client.principal().calendars() if c.name == "Work")
    result = source(str(work.url)).fetch(*WINDOW, SyncCache())
    assert {e.summary for e in result.events} == {"Standup", "Night call"}


def test_the_login_scheme_is_remembered_so_later_runs_skip_the_probe(server):
    cache = SyncCache()
    first = source(server.url).fetch(*WINDOW, cache)
    assert cache.data == {"auth": "basic"} and cache.changed
    cache.changed = False
    second = source(server.url).fetch(*WINDOW, cache)
    assert second.requests == first.requests - 1  # no unauthenticated request answered 401
    assert not cache.changed and ordered(second.events) == ordered(first.events)


def test_a_remembered_scheme_the_server_no_longer_takes_is_negotiated_again(server):
    cache = SyncCache(data={"auth": "digest"})  # Radicale offers only basic
    result = source(server.url).fetch(*WINDOW, cache)
    assert result.events and cache.data == {"auth": "basic"}


def test_a_missing_collection_names_the_ones_found(server):
    with pytest.raises(SourceError) as caught:
        source(server.url, calendars=["Interviews", "Job hunt"]).fetch(*WINDOW, SyncCache())
    message = str(caught.value)
    assert "work account" in message and "'Job hunt'" in message
    assert "'Interviews', 'Work'" in message
    assert "calendars" in caught.value.hint


@pytest.mark.parametrize("remembered", [{}, {"auth": "basic"}])
def test_a_wrong_password_is_a_login_error_naming_the_calendar(server, remembered):
    with pytest.raises(AuthError) as caught:
        source(server.url, password_cmd="echo wrong-secret").fetch(*WINDOW, SyncCache(data=remembered))
    assert "work account" in str(caught.value) and "password_cmd" in caught.value.hint
    assert "wrong-secret" not in str(caught.value) + caught.value.hint


def test_a_failing_password_command_names_the_setting_not_its_output(server):
    with pytest.raises(ConfigError) as caught:
        source(server.url, password_cmd="echo leaked; exit 3").fetch(*WINDOW, SyncCache())
    assert "work account: password_cmd" in str(caught.value) and "leaked" not in str(caught.value)


def test_an_event_in_two_collections_is_counted_once(server):
    with server.client() as client:
        copy = client.principal().make_calendar(name="Copy")
        try:
            copy.save_event(vcalendar(PANEL))
            result = source(server.url).fetch(*WINDOW, SyncCache())
        finally:
            copy.delete()
    assert [e.summary for e in result.events].count("Acme — Onsite panel interview") == 1
    assert ordered(result.events) == ordered(as_ics("Interviews", "Work").events)


def test_a_collection_of_another_account_is_refused_access(server):
    url = server.url + "someone-else/"
    with pytest.raises(SourceError) as caught:
        source(url).fetch(*WINDOW, SyncCache())
    assert "work account" in str(caught.value) and "403" in str(caught.value)
    # the address is shown as scheme, host and port: its path may be the secret
    assert redact_url(url) in str(caught.value) and "someone-else" not in str(caught.value)


@pytest.fixture
def web_page():
    """A plain web server answering every request with an HTML page, as a login portal does."""
    class Page(http.server.BaseHTTPRequestHandler):
        def answer(self):
            body = b"<html><body>Sign in</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_PROPFIND = do_REPORT = answer

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


def test_a_web_page_instead_of_a_caldav_server_is_a_source_error(web_page):
    with pytest.raises(SourceError) as caught:
        source(web_page).fetch(*WINDOW, SyncCache())
    assert "does not answer like a CalDAV server" in str(caught.value) and redact_url(web_page) in str(caught.value)


def test_an_unreachable_server_is_a_source_error_naming_the_url():
    url = f"http://127.0.0.1:{free_port()}/"
    with pytest.raises(SourceError) as caught:
        source(url).fetch(*WINDOW, SyncCache())
    assert "work account" in str(caught.value) and redact_url(url) in str(caught.value)
    assert "refused" in str(caught.value).lower()
    # a password written into the url is not repeated in messages
    with pytest.raises(SourceError) as caught:
        source(url.replace("//", "//alex:hunter2@")).fetch(*WINDOW, SyncCache())
    assert redact_url(url) in str(caught.value) and "hunter2" not in str(caught.value)


# ---- mailflow run -------------------------------------------------------------------------

def caldav_block(url: str, password_file, calendars: str = '["Interviews"]') -> str:
    return textwrap.dedent(f"""\
        [[calendars]]
        type = "caldav"
        name = "job hunt"
        url = "{url}"
        username = "{USER}"
        password_cmd = "cat {password_file}"
        calendars = {calendars}
        """)


@pytest.fixture
def password_file(tmp_path):
    path = tmp_path / "caldav-password"
    path.write_text(PASSWORD + "\n")
    return path


def recipients(home: Home) -> list[str]:
    return sorted(str(m["To"]).split("<")[-1].rstrip(">") for m in home.drafts())


def test_run_writes_one_draft_per_interviewer(server, tmp_path, password_file):
    home = Home(tmp_path)
    home.write_config(calendars=caldav_block(server.url, password_file))
    result = home.cli("run", "--now", NOW)
    assert result.exit_code == 0, result.output
    # the panel's three, and the loop's interviewer for its occurrence of the 24th
    assert recipients(home) == ["ana.lima@acme.example", "raj.patel@acme.example", "tom.ford@initech.example",
                                "zoe.muller@acme.example"]
    assert PASSWORD not in result.output

    # the same calendar as a file drafts to the same people
    ics_home = Home.configured(tmp_path / "ics")
    ics_home.write_calendar(*[e for text in ACCOUNT["Interviews"] for e in _vevents(text)])
    assert ics_home.cli("run", "--now", NOW).exit_code == 0
    assert recipients(ics_home) == recipients(home)


def _vevents(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").split("\n")
    starts = [i for i, line in enumerate(lines) if line == "BEGIN:VEVENT"]
    return ["\n".join(lines[i:lines.index("END:VEVENT", i) + 1]) for i in starts]


def test_run_with_a_wrong_password_exits_2_naming_the_calendar(server, tmp_path):
    home = Home(tmp_path)
    wrong = tmp_path / "wrong"
    wrong.write_text("not-the-password\n")
    home.write_config(calendars=caldav_block(server.url, wrong))
    result = home.cli("run", "--now", NOW)
    assert result.exit_code == 2, result.output
    assert "job hunt" in result.output and "password_cmd" in result.output
    assert "not-the-password" not in result.output and home.drafts() == []


def test_run_with_a_missing_collection_says_which_exist(server, tmp_path, password_file):
    home = Home(tmp_path)
    home.write_config(calendars=caldav_block(server.url, password_file, '["Interviewz"]'))
    result = home.cli("run", "--now", NOW)
    assert result.exit_code == 1, result.output
    assert "'Interviewz'" in result.output and "'Interviews', 'Work'" in result.output


def test_an_ics_calendar_still_runs_when_the_caldav_server_is_down(tmp_path, password_file):
    home = Home(tmp_path)
    home.write_calendar(PANEL)
    down = f"http://127.0.0.1:{free_port()}/"
    home.write_config(calendars=caldav_block(down, password_file) + '[[calendars]]\npath = "calendar.ics"\n')
    result = home.cli("run", "--now", NOW)
    assert result.exit_code == 1, result.output
    assert "job hunt" in result.output and redact_url(down) in result.output
    assert recipients(home) == ["ana.lima@acme.example", "raj.patel@acme.example", "zoe.muller@acme.example"]


class TestCalDavSourceOnXandikos(TestCalDavSource):
    """The same contract on a second CalDAV server (API_FACTS §9.8)."""

    server = "Xandikos"

    @pytest.fixture
    def collection(self, xandikos):
        with xandikos.client() as client:
            collection = client.principal().make_calendar(name=f"contract {uuid.uuid4().hex[:8]}")
            yield collection
            collection.delete()
