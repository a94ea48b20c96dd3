"""Test setup on the fake Microsoft servers: configs pointing at them, a
device-code sign-in without waiting, event JSON, the fixtures, and `mailflow`
in-process. Test modules import the fixtures by name (pytest finds fixtures
in a module's namespace)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.graph.common import UTC
from tests.fakes.graph.login import trusting_session
from tests.fakes.graph.server import FakeMicrosoft, running


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


def outlook_config(fake: FakeMicrosoft, folder: Path, **outlook: Any):
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


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """The fake login and Graph servers, started for one test. The CLI builds
    msal with its own HTTP session, which trusts the login server's certificate
    through REQUESTS_CA_BUNDLE."""
    with running(tmp_path) as server:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.cert))
        yield server


@pytest.fixture
def config(fake, tmp_path):
    """A Config pointed at ``fake``, already signed in; the log starts empty."""
    settings = outlook_config(fake, tmp_path)
    sign_in(fake, settings)
    fake.clear_log()
    return settings


@pytest.fixture
def waits():
    """The delays asked of the injectable ``sleep``."""
    return []


# ------------------------------------------- `mailflow` on the command line

INTERVIEW_END = dt.datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # Wed 11:00 in New York


def config_text(fake: FakeMicrosoft, **outlook: Any) -> str:
    """config.toml for the Outlook calendar and mailbox on ``fake``; ``outlook``
    adds keys to ``[mail.outlook]`` (``schedule_send=True``)."""
    extra = "".join(f"{name} = {json.dumps(value)}\n" for name, value in outlook.items())
    return f"""
[profile]
name = "Test User"
email = "me@example.com"
signature = "Test User"

[[calendars]]
type = "outlook"

[mail]
backend = "outlook"

[mail.outlook]
{extra}
[providers.microsoft]
client_id = "{fake.client_id}"
authority = "{fake.authority}"
token_cache = "msal-cache.json"
endpoint = "{fake.graph_url}"

[state]
path = "state.db"

[policy]
timezone = "America/New_York"
"""


@pytest.fixture
def config_path(fake, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(config_text(fake))
    return path


def mailflow(config_path: Path, *args: str):
    """``mailflow --config CONFIG_PATH ARGS`` in-process."""
    from click.testing import CliRunner

    from mailflow.cli import main

    return CliRunner().invoke(main, ["--config", str(config_path), *args], catch_exceptions=False)


@pytest.fixture
def signed_in(fake, config_path):
    """`mailflow auth outlook` done; the calendar holds one interview: Acme,
    ending at ``INTERVIEW_END``, two interviewers and a room, organised by the
    recruiter. The log starts empty."""
    fake.pending_polls = 0
    result = mailflow(config_path, "auth", "outlook")
    assert result.exit_code == 0, result.output
    assert "FAKE-CODE" in result.output
    assert (config_path.parent / "msal-cache.json").stat().st_mode & 0o777 == 0o600
    fake.put_event(graph_event(
        "ev1", "Interview with Acme: Backend Engineer", INTERVIEW_END - dt.timedelta(hours=1),
        INTERVIEW_END, organizer=("rita@acme.example", "Rita Recruiter"),
        attendees=[("me@example.com", "Test User", "required", "accepted"),
                   ("ana@acme.example", "Ana Lopez", "required", "accepted"),
                   ("bo@acme.example", "Bo Chen", "required", "accepted"),
                   ("room-4@acme.example", "Room 4", "resource", "accepted")],
        isOnlineMeeting=True, onlineMeeting={"joinUrl": "https://teams.example/meet/1"}))
    fake.clear_log()


def creating(fake: FakeMicrosoft) -> int:
    """Requests that create or change mail, at the top level or inside $batch."""
    return sum(1 for r in fake.log if r.server in ("graph", "batch") and r.method in ("POST", "PATCH")
               and r.path != "/$batch")
