"""mailflow pointed at the fake Microsoft servers (``tests/fakes/graph``): configs for
them, a device-code sign-in without waiting, Graph event JSON, a home on the Outlook
calendar and mailbox, and the interview the ``signed_in`` fixture (conftest.py) puts in
its calendar."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from tests.fakes.graph import FakeMicrosoft, trusting_session
from tests.fakes.graph.common import UTC
from tests.harness.home import Home


def graph_event(event_id: str, subject: str, start: dt.datetime, end: dt.datetime, *,
                attendees: list[tuple[str, str, str, str]] = (),
                organizer: tuple[str, str] = ("", ""), **extra: Any) -> dict[str, Any]:
    """A Graph event in UTC. ``attendees``: (address, name, type, response)."""
    event = {
        "id": event_id,
        "iCalUId": extra.pop("iCalUId", f"ical-{event_id}"),
        "subject": subject,
        "type": extra.pop("type", "singleInstance"),
        "isAllDay": False,
        "isCancelled": False,
        "isOrganizer": False,
        "start": {"dateTime": start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000"),
                  "timeZone": "UTC"},
        "end": {"dateTime": end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000"),
                "timeZone": "UTC"},
        "body": {"contentType": "text", "content": extra.pop("description", "")},
        "location": {"displayName": extra.pop("location", "")},
        "organizer": {"emailAddress": {"address": organizer[0], "name": organizer[1]}},
        "attendees": [{"type": kind, "status": {"response": response, "time": "0001-01-01T00:00:00Z"},
                       "emailAddress": {"address": addr, "name": name}}
                      for addr, name, kind, response in attendees],
        "responseStatus": {"response": "accepted", "time": "2026-11-20T10:00:00Z"},
        "isOnlineMeeting": False,
        "onlineMeeting": None,
        "categories": [],
    }
    event.update(extra)
    return event


def config_for(fake: FakeMicrosoft, folder: Path, **outlook: Any):
    """A Config whose [providers.microsoft] login points at the fake servers
    (``outlook``: more settings, of the login or of ``[mail.outlook]``)."""
    from mailflow.calendars.outlook import OutlookCalendarSettings
    from mailflow.config import Config

    config = Config()
    config.profile.name = "Test User"
    config.profile.email = fake.user
    config.policy.timezone = "America/New_York"
    account = config.providers.microsoft
    account.client_id = fake.client_id
    account.authority = fake.authority
    account.token_cache = str(folder / "msal-cache.json")
    account.endpoint = fake.graph_url
    for name, value in outlook.items():
        setattr(account if hasattr(account, name) else config.mail.outlook, name, value)
    config.calendars = [OutlookCalendarSettings(type="outlook")]
    return config


def sign_in(fake: FakeMicrosoft, config: Any) -> None:
    """Run the device-code login against the fake (no polling wait)."""
    import warnings

    from mailflow.providers.microsoft.login import login

    pending, fake.pending_polls = fake.pending_polls, 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            login(config.providers.microsoft, config.shared, lambda _text: None, sleep=lambda _s: None,
                  http_client=trusting_session(fake))
    finally:
        fake.pending_polls = pending


# ---- a home on the fake ------------------------------------------------------------------

INTERVIEW_END = dt.datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # Wed 11:00 in New York
PROFILE = '[profile]\nname = "Test User"\nemail = "me@example.com"\nsignature = "Test User"\n'
#: ``[[calendars]]`` of the Outlook calendar (on the mailbox's login)
CALENDAR = '[[calendars]]\ntype = "outlook"\n'


def outlook_mail(fake: FakeMicrosoft, **outlook: Any) -> str:
    """``[mail]`` on Outlook on ``fake``, and the ``[providers.microsoft]`` login it uses;
    ``outlook`` adds keys to ``[mail.outlook]`` (``schedule_send=True``)."""
    extra = "".join(f"{name} = {json.dumps(value)}\n" for name, value in outlook.items())
    return (f'[mail]\nbackend = "outlook"\n\n[mail.outlook]\n{extra}\n[providers.microsoft]\n'
            f'client_id = "{fake.client_id}"\nauthority = "{fake.authority}"\ntoken_cache = "msal-cache.json"\n'
            f'endpoint = "{fake.graph_url}"\n')


def write_outlook_config(home: Home, fake: FakeMicrosoft, **outlook: Any) -> Path:
    """The home's config: the Outlook calendar and mailbox on ``fake`` (``outlook``: more
    ``[mail.outlook]`` settings)."""
    return home.write_config(calendars=CALENDAR, mail=outlook_mail(fake, **outlook), profile=PROFILE)


def auth_outlook(home: Home, fake: FakeMicrosoft) -> None:
    """`mailflow auth outlook` in ``home``, the device code taken at once."""
    fake.pending_polls = 0
    result = home.cli("auth", "outlook")
    assert result.exit_code == 0, result.output
    assert "FAKE-CODE" in result.output
    assert (home.root / "msal-cache.json").stat().st_mode & 0o777 == 0o600


def add_interview(fake: FakeMicrosoft) -> None:
    """Acme, ending at ``INTERVIEW_END``: two interviewers and a room, organised by the recruiter."""
    fake.put_event(graph_event(
        "ev1", "Interview with Acme: Backend Engineer", INTERVIEW_END - dt.timedelta(hours=1),
        INTERVIEW_END, organizer=("rita@acme.example", "Rita Recruiter"),
        attendees=[("me@example.com", "Test User", "required", "accepted"),
                   ("ana@acme.example", "Ana Lopez", "required", "accepted"),
                   ("bo@acme.example", "Bo Chen", "required", "accepted"),
                   ("room-4@acme.example", "Room 4", "resource", "accepted")],
        isOnlineMeeting=True, onlineMeeting={"joinUrl": "https://teams.example/meet/1"}))


def creating(fake: FakeMicrosoft) -> int:
    """Requests that create or change mail, at the top level or inside $batch."""
    return sum(1 for r in fake.log if r.server in ("graph", "batch") and r.method in ("POST", "PATCH")
               and r.path != "/$batch")
