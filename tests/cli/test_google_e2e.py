"""`mailflow run` end to end with Google Calendar and Gmail on the fake Google server."""

from __future__ import annotations

import json
from datetime import datetime

from tests.harness.google import google_home

NOW = "2026-12-03T19:00:00-05:00"  # 27 h after the interview: notes are due


def written(result):
    return sorted(d["to"] for d in json.loads(result.output)["drafts"] if d["written"])


def test_run_drafts_one_note_per_interviewer_and_nothing_twice(google, tmp_path):
    home = google_home(tmp_path, google)

    first = home.cli("run", "--now", NOW, "--json")

    assert first.exit_code == 0, first.output
    assert written(first) == ["ana@acme.example", "bo@acme.example"]
    messages = {str(m.header("To")): m for m in google.draft_messages()}
    assert sorted(messages) == ["Ana Lopez <ana@acme.example>", "Bo Chen <bo@acme.example>"]
    for message in messages.values():
        assert message.header("X-Mailflow-Key").startswith("thank_you.")
        assert message.header("Message-ID") == f"<mailflow.{message.header('X-Mailflow-Key')}@example.com>"
        assert "Acme" in message.header("Subject")
    assert google.counts["batch"] == 1  # both drafts in one batch request

    google.reset_counts()
    second = home.cli("run", "--now", NOW, "--json")

    assert second.exit_code == 0, second.output
    assert written(second) == []
    assert len(google.drafts) == 2
    assert google.counts["events.list"] <= 1
    assert google.route_count("drafts.") == 0
    assert google.counts["batch"] == 0


def test_a_note_sent_in_gmail_is_seen_and_not_rewritten(google, tmp_path):
    home = google_home(tmp_path, google)
    home.cli("run", "--now", NOW)
    google.set_time(datetime.fromisoformat("2026-12-03T19:30:00-05:00"))  # sent half an hour after it was drafted
    sent = google.user_sends(google.draft_id_of(google.draft_messages()[0].header("X-Mailflow-Key")))
    google.reset_counts()

    later = home.cli("run", "--now", "2026-12-03T20:00:00-05:00", "--json")

    assert later.exit_code == 0, later.output
    report = json.loads(later.output)
    (update,) = [u for u in report["updates"] if u.get("message") == sent.header("X-Mailflow-Key")]
    assert update == {"message": sent.header("X-Mailflow-Key"), "change": "sent",
                      "to": sent.header("To").split("<")[1].rstrip(">"),
                      "evidence": "its X-Mailflow-Key in the sent folder"}
    assert written(later) == []
    assert google.counts["history.list"] == 1
    assert google.counts["drafts.list"] == 1  # history said a draft changed: one listing, whatever their number
    assert google.counts["drafts.get"] == 0
    assert google.counts["drafts.create"] == 0


def test_revoked_login_exits_2_with_the_hint_while_ics_goes_on(google, tmp_path):
    home = google_home(tmp_path, google, backend="maildir", ics=True)
    assert home.cli("run", "--now", NOW).exit_code == 0  # the login worked once
    google.revoke()  # access token rejected (401) and refresh refused
    google.reset_counts()

    result = home.cli("run", "--now", "2026-12-04T09:00:00-05:00", "--json")

    assert result.exit_code == 2, result.output
    report = json.loads(result.output)
    (problem,) = report["problems"]
    assert problem["needs_user"] and problem["hint"] == "run `mailflow auth google`"
    assert "expired or revoked" in problem["message"]
    assert google.counts["events.list"] >= 1 and google.counts["token"] >= 1  # 401, then refresh
    sources = {s["name"]: s["ok"] for s in report["sources"]}
    assert sources["calendar.ics"] is True
    assert {i["company"] for i in report["interviews"]} == {"Globex"}
    # the text report says what to type
    text = home.cli("run", "--now", "2026-12-04T09:00:00-05:00")
    assert text.exit_code == 2
    assert "mailflow auth google" in text.output


def test_an_expired_access_token_is_renewed_silently(google, tmp_path):
    home = google_home(tmp_path, google)
    assert home.cli("run", "--now", NOW).exit_code == 0
    token_file = tmp_path / "google-token.json"
    before = json.loads(token_file.read_text())["token"]
    google.expire_access_tokens()  # Google answers 401 to it; the refresh token still works
    google.reset_counts()

    result = home.cli("run", "--now", "2026-12-03T20:00:00-05:00", "--json")

    assert result.exit_code == 0, result.output
    assert google.counts["token"] == 1
    after = json.loads(token_file.read_text())["token"]
    assert after != before and after in google.access_tokens
    assert token_file.stat().st_mode & 0o777 == 0o600


def test_gmail_mailbox_expired_exits_2(google, tmp_path):
    home = google_home(tmp_path, google, ics=True)
    home.cli("run", "--now", NOW)
    google.revoke()

    result = home.cli("run", "--now", "2026-12-04T09:00:00-05:00", "--json")

    assert result.exit_code == 2, result.output
    report = json.loads(result.output)
    assert all(p["hint"] == "run `mailflow auth google`" for p in report["problems"])
    assert {s["name"]: s["ok"] for s in report["sources"]}["calendar.ics"] is True


def test_auth_google_without_client_secrets_says_what_to_do(google, tmp_path):
    home = google_home(tmp_path, google)
    result = home.cli("auth", "google", "--no-browser")
    assert result.exit_code == 2
    assert "[providers.google] client_secrets is not set" in result.output
    assert "docs/google.md" in result.output


def test_doctor_checks_the_google_login(google, tmp_path):
    home = google_home(tmp_path, google)
    healthy = home.cli("doctor", "--now", NOW)
    assert healthy.exit_code == 0, healthy.output
    assert google.counts["events.list"] == 1 and google.counts["drafts.list"] == 1

    google.revoke()
    broken = home.cli("doctor", "--now", NOW)
    assert broken.exit_code == 2, broken.output
    assert broken.output.count("mailflow auth google") == 2  # calendar and mailbox
