"""Follow-ups through `mailflow run` on Gmail (the fake Google server), as cron runs them.

The user's side is played on the fake: pressing Send on a thank-you in Gmail,
and the company's answers arriving in the inbox. The fake's clock is kept at
the ``--now`` of each step, so mail is stamped when the story says it left.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.fakes.google import fake, mailflow, write_config  # noqa: F401 - a fixture

NY = ZoneInfo("America/New_York")
DRAFTED = "2026-12-03T19:00"  # the day after the Wednesday interview: thank-yous are due
SENT = "2026-12-03T20:30"  # Thursday: follow-up 1 is due five business days later, Thu 10 Dec


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=NY)


def run(config, fake, now: str) -> dict:
    fake.set_time(at(now))
    result = mailflow(config, "run", "--json", "--now", now)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def acme(config, now: str) -> dict:
    data = json.loads(mailflow(config, "status", "--json", "--now", now).output)
    return next(a for a in data["applications"] if a["company"] == "Acme")


def follow_ups(config, now: str) -> list[str]:
    """The status of each follow-up."""
    return [m["status"] for m in acme(config, now)["messages"] if m["kind"] == "follow_up"]


def send_thank_yous(config, fake) -> dict:
    """The thank-yous are drafted, and the user sends Ana's at ``SENT``, then
    Bo's five minutes later; returns the sent messages by name."""
    drafted = run(config, fake, DRAFTED)
    assert sorted(d["to"] for d in drafted["drafts"] if d["written"]) == ["ana@acme.example", "bo@acme.example"]
    sent = {}
    for minutes, who in ((0, "ana"), (5, "bo")):
        fake.set_time(at(SENT) + timedelta(minutes=minutes))
        (draft,) = [m for m in fake.draft_messages() if f"{who}@acme.example" in m.header("To")]
        sent[who] = fake.user_sends(fake.draft_id_of(draft.header("X-Mailflow-Key")))
    return sent


def test_the_follow_up_is_a_reply_in_the_thank_you_thread_and_a_real_reply_cancels_it(fake, tmp_path):
    fake.rewrite_message_id_on_send = True  # the sent copy's Message-ID is Gmail's own
    config = write_config(tmp_path, fake)
    # the main contact is someone who got a thank-you: the follow-up joins that thread
    config.write_text(config.read_text() + '\n[companies."Acme"]\ncontact = "bo@acme.example"\ncontact_name = "Bo Chen"\n')
    sent = send_thank_yous(config, fake)

    seen = run(config, fake, "2026-12-03T21:00")
    assert {(u["to"], u["change"]) for u in seen["updates"] if "to" in u} == {
        ("ana@acme.example", "sent"), ("bo@acme.example", "sent")}
    up = acme(config, "2026-12-03T21:00")["follow_up"]
    assert (up["due"], up["to"]) == ("2026-12-10", "bo@acme.example")
    assert up["why"] == "5 business days after the thank-you was sent on Thu 3 Dec 2026"

    assert run(config, fake, "2026-12-09T23:00")["drafts"] == []
    fake.reset_counts()
    (written,) = run(config, fake, "2026-12-10T08:00")["drafts"]
    assert (written["kind"], written["to"], written["written"]) == ("follow_up", "bo@acme.example", True)
    assert fake.counts["drafts.create"] == 1

    # Bo got a thank-you: the follow-up joins its thread
    (created,) = [c for c in fake.drafts_created if c["message"]["X-Mailflow-Key"].startswith("follow_up.")]
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
    (draft,) = [m for m in fake.draft_messages() if m.header("X-Mailflow-Key").startswith("follow_up.")]
    assert draft.thread_id == thank_you.thread_id
    assert follow_ups(config, "2026-12-10T08:00") == ["draft"]

    fake.reset_counts()
    assert run(config, fake, "2026-12-10T09:00")["drafts"] == []  # nothing twice
    assert fake.counts["drafts.create"] == 0 and len(fake.draft_messages()) == 1

    # an answer sent by software is not a reply, even one whose subject looks like one
    fake.deliver("Rita Recruiter <rita@acme.example>", f"Re: {message['Subject']}",
                 when_ms=int(at("2026-12-10T09:05").timestamp() * 1000),
                 headers={"Auto-Submitted": "auto-replied"}, in_reply_to=str(message["Message-ID"]))
    fake.reset_counts()
    quiet = run(config, fake, "2026-12-10T09:30")
    assert fake.counts["drafts.delete"] == 0 and len(fake.draft_messages()) == 1
    assert not [u for u in quiet["updates"] if u.get("change") in ("replied", "cancelled")]
    assert follow_ups(config, "2026-12-10T09:30") == ["draft"]

    # the company answers before the user got round to sending the follow-up
    fake.deliver("Ana Lopez <ana@acme.example>", f"Re: {sent['ana'].header('Subject')}",
                 body="Thanks for your note; we will be in touch next week.",
                 when_ms=int(at("2026-12-10T10:00").timestamp() * 1000),
                 in_reply_to=sent["ana"].header("Message-ID"))
    fake.reset_counts()
    answered = run(config, fake, "2026-12-10T10:30")
    (asked,) = [q["q"][0] for route, _, q in fake.requests if route == "messages.list" and "after:" in q["q"][0]]
    assert f"after:{int(at(DRAFTED).timestamp())}" in asked  # since the first thank-you could have left
    assert "from:acme.example" in asked
    assert fake.counts["drafts.delete"] == 1
    assert not [m for m in fake.draft_messages() if m.header("X-Mailflow-Key").startswith("follow_up.")]
    changes = {u["change"]: u for u in answered["updates"]}
    assert changes["replied"]["from"] == "ana@acme.example"
    assert changes["cancelled"]["why"] == "Acme replied"
    state = acme(config, "2026-12-10T10:30")
    assert follow_ups(config, "2026-12-10T10:30") == ["cancelled"]
    assert state["follow_up"] is None and state["follow_ups"]["state"] == "answered"

    fake.reset_counts()
    for later in ("2026-12-10T11:00", "2026-12-21T09:00"):  # nothing is ever written again
        assert run(config, fake, later)["drafts"] == []
    assert fake.counts["drafts.create"] == 0 and fake.counts["drafts.delete"] == 0


def test_after_a_timeline_lapses_the_follow_up_goes_to_the_contact_in_the_thread(fake, tmp_path):
    config = write_config(tmp_path, fake)
    scan = json.loads(mailflow(config, "scan", "--json", "--now", DRAFTED).output)
    (interview,) = [e["id"] for e in scan["events"] if e["interview"]]
    said = mailflow(config, "remark", interview, "--by", "Ana Lopez", "--kind", "timeline",
                    "We'll get back to you by Monday", "--now", DRAFTED)
    assert said.exit_code == 0, said.output
    sent = send_thank_yous(config, fake)
    run(config, fake, "2026-12-03T21:00")
    up = acme(config, "2026-12-03T21:00")["follow_up"]
    assert up["due"] == "2026-12-08"  # Monday 7 Dec lapsed: the next business day
    assert run(config, fake, "2026-12-07T23:00")["drafts"] == []
    (written,) = run(config, fake, "2026-12-08T09:00")["drafts"]
    assert written["to"] == "rita@acme.example"
    (draft,) = [m for m in fake.draft_messages() if m.header("X-Mailflow-Key").startswith("follow_up.")]
    # Rita organised it but got no thank-you: a message of its own, never "Re:" of someone else's note
    assert draft.thread_id not in (sent["bo"].thread_id, sent["ana"].thread_id)
    assert draft.header("In-Reply-To") in (None, "") and not draft.header("Subject").startswith("Re:")
    text = draft.parsed.get_content()
    assert "Ana mentioned a decision by Monday" in text and "7" in text  # Ana gave the timeline
