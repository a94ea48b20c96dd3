"""`mailflow run` end to end with Google Calendar and Gmail on the fake Google server."""

from __future__ import annotations

import json
from datetime import datetime

from tests.fakes.google import fake, mailflow, write_config  # noqa: F401 - a fixture

NOW = "2026-12-03T19:00:00-05:00"  # 27 h after the interview: notes are due


def written(result):
    return sorted(d["to"] for d in json.loads(result.output)["drafts"] if d["written"])


def test_run_drafts_one_note_per_interviewer_and_nothing_twice(fake, tmp_path):
    config = write_config(tmp_path, fake)

    first = mailflow(config, "run", "--now", NOW, "--json")

    assert first.exit_code == 0, first.output
    assert written(first) == ["ana@acme.example", "bo@acme.example"]
    messages = {str(m.header("To")): m for m in fake.draft_messages()}
    assert sorted(messages) == ["Ana Lopez <ana@acme.example>", "Bo Chen <bo@acme.example>"]
    for message in messages.values():
        assert message.header("X-Mailflow-Key").startswith("thank_you.")
        assert message.header("Message-ID") == f"<mailflow.{message.header('X-Mailflow-Key')}@example.com>"
        assert "Acme" in message.header("Subject")
    assert fake.counts["batch"] == 1  # both drafts in one batch request

    fake.reset_counts()
    second = mailflow(config, "run", "--now", NOW, "--json")

    assert second.exit_code == 0, second.output
    assert written(second) == []
    assert len(fake.drafts) == 2
    assert fake.counts["events.list"] <= 1
    assert fake.route_count("drafts.") == 0
    assert fake.counts["batch"] == 0


def test_a_note_sent_in_gmail_is_seen_and_not_rewritten(fake, tmp_path):
    config = write_config(tmp_path, fake)
    mailflow(config, "run", "--now", NOW)
    fake.set_time(datetime.fromisoformat("2026-12-03T19:30:00-05:00"))  # sent half an hour after it was drafted
    sent = fake.user_sends(fake.draft_id_of(fake.draft_messages()[0].header("X-Mailflow-Key")))
    fake.reset_counts()

    later = mailflow(config, "run", "--now", "2026-12-03T20:00:00-05:00", "--json")

    assert later.exit_code == 0, later.output
    report = json.loads(later.output)
    (update,) = [u for u in report["updates"] if u.get("message") == sent.header("X-Mailflow-Key")]
    assert update == {"message": sent.header("X-Mailflow-Key"), "change": "sent",
                      "to": sent.header("To").split("<")[1].rstrip(">"),
                      "evidence": "its X-Mailflow-Key in the sent folder"}
    assert written(later) == []
    assert fake.counts["history.list"] == 1
    assert fake.counts["drafts.list"] == 1  # history said a draft changed: one listing, whatever their number
    assert fake.counts["drafts.get"] == 0
    assert fake.counts["drafts.create"] == 0


def test_revoked_login_exits_2_with_the_hint_while_ics_goes_on(fake, tmp_path):
    config = write_config(tmp_path, fake, backend="maildir", ics=True)
    assert mailflow(config, "run", "--now", NOW).exit_code == 0  # the login worked once
    fake.revoke()  # access token rejected (401) and refresh refused
    fake.reset_counts()

    result = mailflow(config, "run", "--now", "2026-12-04T09:00:00-05:00", "--json")

    assert result.exit_code == 2, result.output
    report = json.loads(result.output)
    (problem,) = report["problems"]
    assert problem["needs_user"] and problem["hint"] == "run `mailflow auth google`"
    assert "expired or revoked" in problem["message"]
    assert fake.counts["events.list"] >= 1 and fake.counts["token"] >= 1  # 401, then refresh
    sources = {s["name"]: s["ok"] for s in report["sources"]}
    assert sources["calendar.ics"] is True
    assert {i["company"] for i in report["interviews"]} == {"Globex"}
    # the text report says what to type
    text = mailflow(config, "run", "--now", "2026-12-04T09:00:00-05:00")
    assert text.exit_code == 2
    assert "mailflow auth google" in text.output


def test_an_expired_access_token_is_renewed_silently(fake, tmp_path):
    config = write_config(tmp_path, fake)
    assert mailflow(config, "run", "--now", NOW).exit_code == 0
    token_file = tmp_path / "google-token.json"
    before = json.loads(token_file.read_text())["token"]
    fake.expire_access_tokens()  # Google answers 401 to it; the refresh token still works
    fake.reset_counts()

    result = mailflow(config, "run", "--now", "2026-12-03T20:00:00-05:00", "--json")

    assert result.exit_code == 0, result.output
    assert fake.counts["token"] == 1
    after = json.loads(token_file.read_text())["token"]
    assert after != before and after in fake.access_tokens
    assert token_file.stat().st_mode & 0o777 == 0o600


def test_gmail_mailbox_expired_exits_2(fake, tmp_path):
    config = write_config(tmp_path, fake, ics=True)
    mailflow(config, "run", "--now", NOW)
    fake.revoke()

    result = mailflow(config, "run", "--now", "2026-12-04T09:00:00-05:00", "--json")

    assert result.exit_code == 2, result.output
    report = json.loads(result.output)
    assert all(p["hint"] == "run `mailflow auth google`" for p in report["problems"])
    assert {s["name"]: s["ok"] for s in report["sources"]}["calendar.ics"] is True


def test_auth_google_without_client_secrets_says_what_to_do(fake, tmp_path):
    config = write_config(tmp_path, fake)
    result = mailflow(config, "auth", "google", "--no-browser")
    assert result.exit_code == 2
    assert "[providers.google] client_secrets is not set" in result.output
    assert "docs/google.md" in result.output


def test_doctor_checks_the_google_login(fake, tmp_path):
    config = write_config(tmp_path, fake)
    healthy = mailflow(config, "doctor", "--now", NOW)
    assert healthy.exit_code == 0, healthy.output
    assert fake.counts["events.list"] == 1 and fake.counts["drafts.list"] == 1

    fake.revoke()
    broken = mailflow(config, "doctor", "--now", NOW)
    assert broken.exit_code == 2, broken.output
    assert broken.output.count("mailflow auth google") == 2  # calendar and mailbox
