"""mailflow pointed at the fake Google server (``tests/fakes/google``): a login without
a browser, the config sections of its calendar and mailbox, a home on them, and the one
interview the ``google`` fixture (conftest.py) puts in its primary calendar."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from tests.fakes.google import FakeGoogle
from tests.harness.home import ICS, Home

#: the profile of the account on the fake: its address is the fake's
PROFILE = '[profile]\nname = "Test User"\nemail = "me@example.com"\nsignature = "Test User"\n'


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


def calendar(fake: FakeGoogle) -> str:
    """``[[calendars]]`` of the primary calendar on ``fake``."""
    return f'[[calendars]]\ntype = "google"\nendpoint = "{fake.url}"\n'


def gmail(fake: FakeGoogle, token: str = "google-token.json") -> str:
    """``[mail]`` on Gmail on ``fake``, logged in with the token file ``token``."""
    return (f'[mail]\nbackend = "gmail"\n\n[mail.gmail]\ntoken = "{token}"\ntoken_uri = "{fake.token_uri}"\n'
            f'endpoint = "{fake.url}"\n')


def logged_in(home: Home, fake: FakeGoogle) -> None:
    """The home's ``google-token.json``: what `mailflow auth google` leaves."""
    from mailflow.providers.google.login import SCOPES

    write_login(home.root / "google-token.json", fake, SCOPES)


# ---- the one interview ---------------------------------------------------------------------

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


def add_interview(fake: FakeGoogle) -> None:
    """Acme in the primary calendar, ending at ``INTERVIEW_END``: two interviewers and
    a room, organised by the recruiter."""
    fake.add_event(
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


def google_home(root: Path, fake: FakeGoogle, *, backend: str = "gmail", ics: bool = False) -> Home:
    """A logged-in home in ``root``: the Google calendar (and, with ``ics``, a calendar
    file with a Globex interview) and the ``backend`` mailbox (Gmail, or a Maildir)."""
    home = Home(root)
    logged_in(home, fake)
    home.calendar.write_text(ICS_INTERVIEW)
    mail = gmail(fake).replace('backend = "gmail"', f'backend = "{backend}"') + '\n[mail.maildir]\npath = "drafts"\n'
    home.write_config(calendars=calendar(fake) + ("\n" + ICS if ics else ""), mail=mail, profile=PROFILE)
    return home
