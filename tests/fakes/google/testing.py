"""Test setup on the fake Google server: a login without a browser, config
files, the ``fake`` fixture with one interview, and `mailflow` in-process."""

from __future__ import annotations

import json
import textwrap
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tests.fakes.google.server import FakeGoogle, running


def write_login(path: Any, fake: FakeGoogle, scopes: tuple[str, ...] | list[str]) -> None:
    """An authorized-user JSON for ``fake``: a login without a browser."""
    path.write_text(json.dumps(fake.authorized_user_info(scopes)), encoding="utf-8")
    path.chmod(0o600)


def google_config_text(fake: FakeGoogle, token_path: Any, *, calendar_ids: tuple[str, ...] = ()) -> str:
    """Config TOML with a Google calendar and the Gmail mailbox, both on ``fake``."""
    ids = ", ".join(json.dumps(i) for i in calendar_ids)
    return f"""
[profile]
name = "Sam Seeker"
email = "{fake.address}"

[[calendars]]
type = "google"
calendars = [{ids}]
endpoint = "{fake.url}"

[mail]
backend = "gmail"

[mail.gmail]
token = "{token_path}"
token_uri = "{fake.token_uri}"
endpoint = "{fake.url}"
"""


# ---- `mailflow` on the command line against the fake ------------------------------

INTERVIEW_END = datetime(2026, 12, 2, 21, 0, tzinfo=timezone.utc)  # Wed 16:00 in New York
ICS_INTERVIEW = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//mailflow tests//EN
BEGIN:VEVENT
UID:screen-1@globex.example
DTSTAMP:20260101T000000Z
DTSTART:20261202T150000Z
DTEND:20261202T153000Z
SUMMARY:Phone screen: Globex
ORGANIZER;CN=Maria Garcia:mailto:maria.garcia@globex.example
ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def fake(monkeypatch):
    """A running fake whose primary calendar holds one interview: Acme, ending at
    ``INTERVIEW_END``, two interviewers and a room, organised by the recruiter."""
    from mailflow.providers.google.login import TOKEN_ENV

    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with running() as server:
        server.add_event(
            "primary",
            {
                "id": "ev1",
                "summary": "Interview with Acme: Backend Engineer",
                "start": {"dateTime": (INTERVIEW_END - timedelta(hours=1)).isoformat()},
                "end": {"dateTime": INTERVIEW_END.isoformat()},
                "organizer": {"email": "rita@acme.example", "displayName": "Rita Recruiter"},
                "attendees": [
                    {"email": "me@example.com", "self": True, "responseStatus": "accepted"},
                    {"email": "ana@acme.example", "displayName": "Ana Lopez", "responseStatus": "accepted"},
                    {"email": "bo@acme.example", "displayName": "Bo Chen", "responseStatus": "accepted"},
                    {"email": "c_4@resource.calendar.google.com", "displayName": "Room 4",
                     "resource": True, "responseStatus": "accepted"},
                ],
                "conferenceData": {"entryPoints": [{"entryPointType": "video",
                                                    "uri": "https://meet.google.com/aaa-bbbb-ccc"}]},
            },  # fmt: skip
        )
        yield server


def write_config(tmp_path, fake: FakeGoogle, *, backend: str = "gmail", ics: bool = False):
    """A logged-in config.toml in ``tmp_path``: the Google calendar (and, with
    ``ics``, a calendar file with a Globex interview), the ``backend`` mailbox."""
    from mailflow.providers.google.login import SCOPES

    write_login(tmp_path / "google-token.json", fake, SCOPES)
    (tmp_path / "calendar.ics").write_text(ICS_INTERVIEW)
    ics_section = '[[calendars]]\ntype = "ics"\npath = "calendar.ics"\n' if ics else ""
    path = tmp_path / "config.toml"
    path.write_text(
        textwrap.dedent(f"""\
            [profile]
            name = "Test User"
            email = "me@example.com"
            signature = "Test User"

            [[calendars]]
            type = "google"
            endpoint = "{fake.url}"

            {ics_section}
            [mail]
            backend = "{backend}"

            [mail.gmail]
            token = "google-token.json"
            token_uri = "{fake.token_uri}"
            endpoint = "{fake.url}"

            [mail.maildir]
            path = "drafts"

            [state]
            path = "state.db"

            [policy]
            timezone = "America/New_York"
            """)
    )
    return path


def mailflow(config_path, *args: str):
    """``mailflow --config CONFIG_PATH ARGS`` in-process."""
    from click.testing import CliRunner

    from mailflow.cli import main

    return CliRunner().invoke(main, ["--config", str(config_path), *args], catch_exceptions=False)
