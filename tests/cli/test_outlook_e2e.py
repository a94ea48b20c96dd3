"""`mailflow auth outlook` and `mailflow run` end to end against loopback Microsoft servers."""

from __future__ import annotations

import json
from datetime import datetime

from tests.harness.microsoft import creating

NOW = "2026-12-03T14:00:00-05:00"  # 27 h after the interview: notes are due


def test_run_drafts_one_note_per_interviewer_and_nothing_twice(graph, outlook_home, signed_in):
    first = outlook_home.cli("run", "--now", NOW, "--json")
    assert first.exit_code == 0, first.output
    report = json.loads(first.output)
    # one per interviewer: not the room, not the user
    assert sorted(d["to"] for d in report["drafts"] if d["written"]) == [
        "ana@acme.example", "bo@acme.example"]

    drafts = [m for m in graph.messages.values() if m.folder == "drafts"]
    assert sorted(m.data["toRecipients"][0]["emailAddress"]["address"] for m in drafts) == [
        "ana@acme.example", "bo@acme.example"]
    assert all(any(h["name"] == "X-Mailflow-Key" for h in m.headers) for m in drafts)
    assert all(m.data["internetMessageId"].startswith("<mailflow.thank_you.") for m in drafts)
    assert graph.count("graph", "POST", r"^/\$batch$") == 1  # both drafts in one batch

    graph.clear_log()
    second = outlook_home.cli("run", "--now", NOW, "--json")
    assert second.exit_code == 0, second.output
    assert not [d for d in json.loads(second.output)["drafts"] if d["written"]]
    assert len(graph.messages) == 2
    assert graph.count("graph", path=r"calendarView") <= 1
    assert creating(graph) == 0


def test_a_sent_note_is_seen_and_not_rewritten(graph, outlook_home, signed_in):
    outlook_home.cli("run", "--now", NOW)
    sent = next(m for m in graph.messages.values()
                if m.data["toRecipients"][0]["emailAddress"]["address"] == "ana@acme.example")
    graph.advance(datetime.fromisoformat("2026-12-03T15:00:00-05:00"))  # sent an hour after it was drafted
    graph.user_sends(sent)

    result = outlook_home.cli("run", "--now", "2026-12-03T16:00:00-05:00", "--json")

    assert result.exit_code == 0, result.output
    updates = json.loads(result.output)["updates"]
    assert {"change": "sent", "to": "ana@acme.example"}.items() <= next(
        u for u in updates if u.get("to") == "ana@acme.example").items()
    assert len(graph.messages) == 2


def test_an_expired_login_that_cannot_be_refreshed_exits_2_with_the_command(
        graph, outlook_home, signed_in):
    graph.expire_access_tokens()
    graph.fail_refresh = True

    result = outlook_home.cli("run", "--now", NOW)

    assert result.exit_code == 2
    assert "Outlook login expired" in result.output
    assert "mailflow auth outlook" in result.output
    assert graph.count("graph", path=r"calendarView") == 1  # one 401, then the refresh failed
    assert creating(graph) == 0 and not graph.messages


def test_an_expired_access_token_is_refreshed_without_the_user(graph, outlook_home, signed_in):
    graph.expire_access_tokens()
    result = outlook_home.cli("run", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert len(graph.messages) == 2
    assert [r.body["grant_type"] for r in graph.requests("login", "POST", r"/token$")] == ["refresh_token"]
