"""Follow-ups through `mailflow run` on Gmail (the fake Google server), as cron runs them.

The user's side is played on the fake: pressing Send on a thank-you in Gmail,
and the company's answers arriving in the inbox. The fake's clock is kept at
the ``--now`` of each step, so mail is stamped when the story says it left.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.harness.google import google_home

NY = ZoneInfo("America/New_York")
DRAFTED = "2026-12-03T19:00"  # the day after the Wednesday interview: thank-yous are due
SENT = "2026-12-03T20:30"  # Thursday: follow-up 1 is due five business days later, Thu 10 Dec


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=NY)


def run(home, google, now: str) -> dict:
    google.set_time(at(now))
    result = home.cli("run", "--json", "--now", now)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def acme(home, now: str) -> dict:
    data = json.loads(home.cli("status", "--json", "--now", now).output)
    return next(a for a in data["applications"] if a["company"] == "Acme")


def follow_ups(home, now: str) -> list[str]:
    """The status of each follow-up."""
    return [m["status"] for m in acme(home, now)["messages"] if m["kind"] == "follow_up"]


def send_thank_yous(home, google) -> dict:
    """The thank-yous are drafted, and the user sends Ana's at ``SENT``, then
    Bo's five minutes later; returns the sent messages by name."""
    drafted = run(home, google, DRAFTED)
    assert sorted(d["to"] for d in drafted["drafts"] if d["written"]) == ["ana@acme.example", "bo@acme.example"]
    sent = {}
    for minutes, who in ((0, "ana"), (5, "bo")):
        google.set_time(at(SENT) + timedelta(minutes=minutes))
        (draft,) = [m for m in google.draft_messages() if f"{who}@acme.example" in m.header("To")]
        sent[who] = google.user_sends(google.draft_id_of(draft.header("X-Mailflow-Key")))
    return sent


def test_the_follow_up_is_a_reply_in_the_thank_you_thread_and_a_real_reply_cancels_it(google, tmp_path):
    google.rewrite_message_id_on_send = True  # the sent copy's Message-ID is Gmail's own
    home = google_home(tmp_path, google)
    # the main contact is someone who got a thank-you: the follow-up joins that thread
    home.config.write_text(home.config.read_text()
                           + '\n[companies."Acme"]\ncontact = "bo@acme.example"\ncontact_name = "Bo Chen"\n')
    sent = send_thank_yous(home, google)

    seen = run(home, google, "2026-12-03T21:00")
    assert {(u["to"], u["change"]) for u in seen["updates"] if "to" in u} == {
        ("ana@acme.example", "sent"), ("bo@acme.example", "sent")}
    up = acme(home, "2026-12-03T21:00")["follow_up"]
    assert (up["due"], up["to"]) == ("2026-12-10", "bo@acme.example")
    assert up["why"] == "5 business days after the thank-you was sent on Thu 3 Dec 2026"

    assert run(home, google, "2026-12-09T23:00")["drafts"] == []
    google.reset_counts()
    (written,) = run(home, google, "2026-12-10T08:00")["drafts"]
    assert (written["kind"], written["to"], written["written"]) == ("follow_up", "bo@acme.example", True)
    assert google.counts["drafts.create"] == 1

    # Bo got a thank-you: the follow-up joins its thread
    (created,) = [c for c in google.drafts_created if c["message"]["X-Mailflow-Key"].startswith("follow_up.")]
    thank_you = sent["bo"]
    assert thank_you.header("Message-ID").startswith("<gmail.")
    assert created["asked_thread"] == thank_you.thread_id
    assert created["thread_id"] == thank_you.thread_id  # Gmail's three conditions held
    message = created["message"]
    assert message["In-Reply-To"] == thank_you.header("Message-ID")
    assert message["References"] == thank_you.header("Message-ID")
    # (a long subject is folded on the wire; its text is the same)
    assert str(message["Subject"]).strip() == f"Re: {thank_you.header('Subject').strip()}"
    assert message["To"].addresses[0].addr_spec == "bo@acme.example"
    (draft,) = [m for m in google.draft_messages() if m.header("X-Mailflow-Key").startswith("follow_up.")]
    assert draft.thread_id == thank_you.thread_id
    assert follow_ups(home, "2026-12-10T08:00") == ["draft"]

    google.reset_counts()
    assert run(home, google, "2026-12-10T09:00")["drafts"] == []  # nothing twice
    assert google.counts["drafts.create"] == 0 and len(google.draft_messages()) == 1

    # an answer sent by software is not a reply, even one whose subject looks like one
    google.deliver("Rita Recruiter <rita@acme.example>", f"Re: {message['Subject']}",
                   when_ms=int(at("2026-12-10T09:05").timestamp() * 1000),
                   headers={"Auto-Submitted": "auto-replied"}, in_reply_to=str(message["Message-ID"]))
    google.reset_counts()
    quiet = run(home, google, "2026-12-10T09:30")
    assert google.counts["drafts.delete"] == 0 and len(google.draft_messages()) == 1
    assert not [u for u in quiet["updates"] if u.get("change") in ("replied", "cancelled")]
    assert follow_ups(home, "2026-12-10T09:30") == ["draft"]

    # the company answers before the user got round to sending the follow-up
    google.deliver("Ana Lopez <ana@acme.example>", f"Re: {sent['ana'].header('Subject')}",
                   body="Thanks for your note; we will be in touch soon.",
                   when_ms=int(at("2026-12-10T10:00").timestamp() * 1000),
                   in_reply_to=sent["ana"].header("Message-ID"))
    google.reset_counts()
    answered = run(home, google, "2026-12-10T10:30")
    (asked,) = [q["q"][0] for route, _, q in google.requests if route == "messages.list" and "after:" in q["q"][0]]
    assert f"after:{int(at(DRAFTED).timestamp())}" in asked  # since the first thank-you could have left
    assert "from:acme.example" in asked
    assert google.counts["drafts.delete"] == 1
    assert not [m for m in google.draft_messages() if m.header("X-Mailflow-Key").startswith("follow_up.")]
    changes = {u["change"]: u for u in answered["updates"]}
    assert changes["replied"]["from"] == "ana@acme.example"
    assert changes["cancelled"]["why"] == "Acme replied"
    state = acme(home, "2026-12-10T10:30")
    assert follow_ups(home, "2026-12-10T10:30") == ["cancelled"]
    assert state["follow_up"] is None and state["follow_ups"]["state"] == "answered"

    google.reset_counts()
    for later in ("2026-12-10T11:00", "2026-12-21T09:00"):  # nothing is ever written again
        assert run(home, google, later)["drafts"] == []
    assert google.counts["drafts.create"] == 0 and google.counts["drafts.delete"] == 0


def test_after_a_timeline_lapses_the_follow_up_goes_to_the_contact_in_the_thread(google, tmp_path):
    home = google_home(tmp_path, google)
    scan = json.loads(home.cli("scan", "--json", "--now", DRAFTED).output)
    (interview,) = [e["id"] for e in scan["events"] if e["interview"]]
    said = home.cli("remark", interview, "--by", "Ana Lopez", "--kind", "timeline",
                    "We'll get back to you by Monday", "--now", DRAFTED)
    assert said.exit_code == 0, said.output
    sent = send_thank_yous(home, google)
    run(home, google, "2026-12-03T21:00")
    up = acme(home, "2026-12-03T21:00")["follow_up"]
    assert up["due"] == "2026-12-08"  # Monday 7 Dec lapsed: the next business day
    assert run(home, google, "2026-12-07T23:00")["drafts"] == []
    (written,) = run(home, google, "2026-12-08T09:00")["drafts"]
    assert written["to"] == "rita@acme.example"
    (draft,) = [m for m in google.draft_messages() if m.header("X-Mailflow-Key").startswith("follow_up.")]
    # Rita organised it but got no thank-you: a message of its own, never "Re:" of someone else's note
    assert draft.thread_id not in (sent["bo"].thread_id, sent["ana"].thread_id)
    assert draft.header("In-Reply-To") in (None, "") and not draft.header("Subject").startswith("Re:")
    text = draft.parsed.get_content()
    assert "Ana mentioned a decision by Monday" in text and "7" in text  # Ana gave the timeline
