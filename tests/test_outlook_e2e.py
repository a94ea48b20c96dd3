"""`mailflow auth outlook` and `mailflow run` end to end against loopback Microsoft servers.

The CLI builds msal with its own HTTP session, which trusts the fake login
server's certificate through REQUESTS_CA_BUNDLE.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from mailflow.cli import main
from tests.fakes.graph_server import graph_event, running

UTC = dt.timezone.utc
INTERVIEW_END = dt.datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
NOW = "2026-12-03T14:00:00-05:00"  # 27 h after the interview: notes are due


@pytest.fixture
def fake(tmp_path, monkeypatch):
    with running(tmp_path) as server:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.cert))
        monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-home"))
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
        monkeypatch.delenv("MAILFLOW_NOW", raising=False)
        yield server


@pytest.fixture
def config_path(fake, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(f"""
[profile]
name = "Test User"
email = "me@example.com"
signature = "Test User"

[[calendars]]
type = "outlook"

[mail]
backend = "outlook"

[mail.outlook]
client_id = "{fake.client_id}"
authority = "{fake.authority}"
token_cache = "msal-cache.json"
endpoint = "{fake.graph_url}"

[state]
path = "state.db"

[policy]
timezone = "America/New_York"
""")
    return path


def mailflow(config_path, *args):
    return CliRunner().invoke(main, ["--config", str(config_path), *args], catch_exceptions=False)


def creating(fake) -> int:
    """Requests that create or change mail, at the top level or inside $batch."""
    return sum(1 for r in fake.log if r.server in ("graph", "batch") and r.method in ("POST", "PATCH")
               and r.path != "/$batch")


@pytest.fixture
def signed_in(fake, config_path):
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


def test_run_drafts_one_note_per_interviewer_and_nothing_twice(fake, config_path, signed_in):
    first = mailflow(config_path, "run", "--now", NOW, "--json")
    assert first.exit_code == 0, first.output
    report = json.loads(first.output)
    # one per interviewer: not the room, not the user
    assert sorted(d["to"] for d in report["drafts"] if d["written"]) == [
        "ana@acme.example", "bo@acme.example"]

    drafts = [m for m in fake.messages.values() if m.folder == "drafts"]
    assert sorted(m.data["toRecipients"][0]["emailAddress"]["address"] for m in drafts) == [
        "ana@acme.example", "bo@acme.example"]
    assert all(any(h["name"] == "X-Mailflow-Key" for h in m.headers) for m in drafts)
    assert all(m.data["internetMessageId"].startswith("<mailflow.thank_you.") for m in drafts)
    assert fake.count("graph", "POST", r"^/\$batch$") == 1  # both drafts in one batch

    fake.clear_log()
    second = mailflow(config_path, "run", "--now", NOW, "--json")
    assert second.exit_code == 0, second.output
    assert not [d for d in json.loads(second.output)["drafts"] if d["written"]]
    assert len(fake.messages) == 2
    assert fake.count("graph", path=r"calendarView") <= 1
    assert creating(fake) == 0


def test_a_sent_note_is_seen_and_not_rewritten(fake, config_path, signed_in):
    mailflow(config_path, "run", "--now", NOW)
    sent = next(m for m in fake.messages.values()
                if m.data["toRecipients"][0]["emailAddress"]["address"] == "ana@acme.example")
    fake.user_sends(sent)

    result = mailflow(config_path, "run", "--now", "2026-12-03T16:00:00-05:00", "--json")

    assert result.exit_code == 0, result.output
    updates = json.loads(result.output)["updates"]
    assert {"change": "sent", "to": "ana@acme.example"}.items() <= next(
        u for u in updates if u.get("to") == "ana@acme.example").items()
    assert len(fake.messages) == 2


def test_an_expired_login_that_cannot_be_refreshed_exits_2_with_the_command(
        fake, config_path, signed_in):
    fake.expire_access_tokens()
    fake.fail_refresh = True

    result = mailflow(config_path, "run", "--now", NOW)

    assert result.exit_code == 2
    assert "Outlook login expired" in result.output
    assert "mailflow auth outlook" in result.output
    assert fake.count("graph", path=r"calendarView") == 1  # one 401, then the refresh failed
    assert creating(fake) == 0 and not fake.messages


def test_an_expired_access_token_is_refreshed_without_the_user(fake, config_path, signed_in):
    fake.expire_access_tokens()
    result = mailflow(config_path, "run", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert len(fake.messages) == 2
    assert [r.body["grant_type"] for r in fake.requests("login", "POST", r"/token$")] == ["refresh_token"]
