"""`mailflow auth outlook` and `mailflow run` end to end against loopback Microsoft servers."""

from __future__ import annotations

import json
from datetime import datetime

from tests.fakes.graph import config_path, creating, fake, mailflow, signed_in  # noqa: F401 - fixtures

NOW = "2026-12-03T14:00:00-05:00"  # 27 h after the interview: notes are due


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
    fake.advance(datetime.fromisoformat("2026-12-03T15:00:00-05:00"))  # sent an hour after it was drafted
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
