"""Follow-ups through `mailflow run` on Outlook (the fake Graph server), as cron runs them.

The user's side is played on the fake: pressing Send on a thank-you (it moves
to Sent Items and keeps its immutable id), the company's answers arriving in
the inbox, and the clock (``graph.advance``), kept at the ``--now`` of each
step, which is when a scheduled message leaves.
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from tests.fakes.graph import DEFERRED_DELIVERY, DEFERRED_SEND
from tests.harness.microsoft import INTERVIEW_END, creating, graph_event, write_outlook_config

NY = ZoneInfo("America/New_York")
DRAFTED = "2026-12-03T14:00"  # the day after the Wednesday interview: thank-yous are due
SENT = "2026-12-03T15:00"  # Thursday: follow-up 1 is due five business days later, Thu 10 Dec
DUE_DAY = "2026-12-10"
LEAVES = "2026-12-10T14:30:00Z"  # 09:30 in New York that day
LEAVES_LOCAL = f"{DUE_DAY}T09:30:00-05:00"


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=NY)


def run(outlook_home, graph, now: str, *, exit_code: int = 0) -> dict:
    graph.advance(at(now))
    result = outlook_home.cli("run", "--json", "--now", now)
    assert result.exit_code == exit_code, result.output
    return json.loads(result.output)


def acme(outlook_home, now: str) -> dict:
    data = json.loads(outlook_home.cli("status", "--json", "--now", now).output)
    return next(a for a in data["applications"] if a["company"] == "Acme")


def follow_ups(outlook_home, now: str) -> list[str]:
    """The status of each follow-up, and when it leaves if it is scheduled."""
    return [m["status"] + (f" {m['send_at']}" if m["send_at"] else "")
            for m in acme(outlook_home, now)["messages"] if m["kind"] == "follow_up"]


def to(message) -> str:
    return message.data["toRecipients"][0]["emailAddress"]["address"]


def follow_up_messages(graph) -> list:
    return [m for m in graph.messages.values()
            if any(v.startswith("follow_up.") for v in m.props.values())]


def send_thank_yous(outlook_home, graph, *, schedule: bool = False) -> dict:
    """The thank-yous are drafted and the user sends Ana's, then Bo's five
    minutes later; mailflow's next run sees both sent. Returns them by name."""
    if schedule:
        write_outlook_config(outlook_home, graph, schedule_send=True)
    drafted = run(outlook_home, graph, DRAFTED)
    assert sorted(d["to"] for d in drafted["drafts"] if d["written"] and d["company"] == "Acme") == [
        "ana@acme.example", "bo@acme.example"]
    sent = {}
    for minutes, who in ((0, "ana"), (5, "bo")):
        graph.advance(at(SENT) + dt.timedelta(minutes=minutes))
        (message,) = [m for m in graph.messages.values() if m.folder == "drafts" and to(m) == f"{who}@acme.example"]
        graph.user_sends(message)
        sent[who] = message
    seen = run(outlook_home, graph, "2026-12-03T16:00")
    assert {(u["to"], u["change"]) for u in seen["updates"] if "to" in u} == {
        ("ana@acme.example", "sent"), ("bo@acme.example", "sent")}
    assert acme(outlook_home, "2026-12-03T16:00")["follow_up"]["due"] == DUE_DAY
    return sent


def test_the_follow_up_is_a_reply_in_the_thank_yous_conversation(graph, outlook_home, signed_in):
    # the main contact got a thank-you: the follow-up replies in its conversation
    outlook_home.config.write_text(outlook_home.config.read_text()
                           + '\n[companies."Acme"]\ncontact = "bo@acme.example"\ncontact_name = "Bo Chen"\n')
    sent = send_thank_yous(outlook_home, graph)
    assert run(outlook_home, graph, "2026-12-09T23:00")["drafts"] == []
    graph.clear_log()

    (written,) = run(outlook_home, graph, f"{DUE_DAY}T08:00")["drafts"]
    assert (written["kind"], written["to"], written["written"]) == ("follow_up", "bo@acme.example", True)
    # a reply to the thank-you Bo received, by its immutable id
    bo = sent["bo"]
    assert bo.folder == "sentitems"
    (reply,) = graph.requests("graph", "POST", r"/createReply$")
    assert reply.path == f"/me/messages/{bo.immutable_id}/createReply"
    (message,) = follow_up_messages(graph)
    assert message.data["conversationId"] == bo.data["conversationId"]
    assert message.data["inReplyTo"] == bo.data["internetMessageId"]
    assert [r["emailAddress"] for r in message.data["toRecipients"]] == [
        {"address": "bo@acme.example", "name": "Bo Chen"}]
    assert message.data["subject"] == f"Re: {bo.data['subject']}"
    # not scheduled: a plain draft, never submitted
    assert message.folder == "drafts" and DEFERRED_SEND not in message.props and not message.submitted
    assert graph.count("graph", "POST", r"/send$") == 0
    assert follow_ups(outlook_home, f"{DUE_DAY}T08:00") == ["draft"]

    graph.clear_log()
    assert run(outlook_home, graph, f"{DUE_DAY}T09:00")["drafts"] == []
    assert creating(graph) == 0 and len(follow_up_messages(graph)) == 1


def test_a_scheduled_follow_up_leaves_at_half_past_nine_unless_the_company_answers_first(
        graph, outlook_home, signed_in):
    send_thank_yous(outlook_home, graph, schedule=True)
    graph.clear_log()

    (written,) = run(outlook_home, graph, f"{DUE_DAY}T07:00")["drafts"]
    assert written["kind"] == "follow_up" and written["written"]
    assert written["send_at"] == LEAVES_LOCAL
    (message,) = follow_up_messages(graph)
    assert message.props[DEFERRED_SEND] == LEAVES and message.props[DEFERRED_DELIVERY] == LEAVES
    (send,) = graph.requests("graph", "POST", r"/send$")
    assert send.path == f"/me/messages/{message.immutable_id}/send"
    assert message.submitted and message.folder == "drafts"  # waiting for its time
    assert follow_ups(outlook_home, f"{DUE_DAY}T07:00") == [f"scheduled {LEAVES_LOCAL}"]
    assert "follow-up 1 is scheduled" in acme(outlook_home, f"{DUE_DAY}T07:00")["follow_ups"]["why"]
    text = outlook_home.cli("status", "--now", f"{DUE_DAY}T07:00").output
    assert "follow_up to rita@acme.example: scheduled to leave Thu 10 Dec 09:30" in text

    graph.clear_log()
    assert run(outlook_home, graph, f"{DUE_DAY}T08:00")["drafts"] == []  # nothing twice
    assert creating(graph) == 0 and follow_ups(outlook_home, f"{DUE_DAY}T08:00") == [f"scheduled {LEAVES_LOCAL}"]

    # an out-of-office answer does not stop it; a real one does
    graph.add_inbox("rita@acme.example", "RE: Thank you", at(f"{DUE_DAY}T08:10"),
                    name="Rita Recruiter", headers={"Auto-Submitted": "auto-replied"})
    graph.clear_log()
    run(outlook_home, graph, f"{DUE_DAY}T08:20")
    assert graph.count("graph", "DELETE") == 0
    assert follow_ups(outlook_home, f"{DUE_DAY}T08:20") == [f"scheduled {LEAVES_LOCAL}"]

    graph.add_inbox("ana@acme.example", "RE: Thank you", at(f"{DUE_DAY}T08:30"), name="Ana Lopez")
    graph.clear_log()
    answered = run(outlook_home, graph, f"{DUE_DAY}T08:45")
    (deleted,) = graph.requests("graph", "DELETE")
    assert deleted.path == f"/me/messages/{message.immutable_id}"
    assert message.folder == "deleteditems"
    changes = {u["change"]: u for u in answered["updates"]}
    assert changes["replied"]["from"] == "ana@acme.example" and changes["cancelled"]["why"] == "Acme replied"
    assert follow_ups(outlook_home, f"{DUE_DAY}T08:45") == ["cancelled"]

    graph.advance(at(f"{DUE_DAY}T10:00"))  # its time passes: nothing leaves
    assert not [m for m in graph.messages.values() if m.folder == "sentitems" and m in follow_up_messages(graph)]
    graph.clear_log()
    assert run(outlook_home, graph, f"{DUE_DAY}T10:00")["drafts"] == []
    assert creating(graph) == 0


def test_a_scheduled_follow_up_leaves_on_time_and_is_seen_sent(graph, outlook_home, signed_in):
    send_thank_yous(outlook_home, graph, schedule=True)
    graph.advance(at(f"{DUE_DAY}T07:00"))
    text = outlook_home.cli("run", "--now", f"{DUE_DAY}T07:00").output
    assert "follow_up -> Rita Recruiter <rita@acme.example> (Acme)" in text
    assert "(scheduled to leave Thu 10 Dec 09:30 EST)" in text
    (message,) = follow_up_messages(graph)

    graph.advance(at(f"{DUE_DAY}T09:30"))
    assert message.folder == "sentitems" and message.data["sentDateTime"] == LEAVES
    report = run(outlook_home, graph, f"{DUE_DAY}T12:00")
    assert [(u["to"], u["change"]) for u in report["updates"] if "to" in u] == [("rita@acme.example", "sent")]
    assert follow_ups(outlook_home, f"{DUE_DAY}T12:00") == ["sent"]
    assert acme(outlook_home, f"{DUE_DAY}T12:00")["follow_up"]["due"] == "2026-12-17"  # a week after it left


def test_accepting_another_offer_deletes_the_scheduled_follow_up(graph, outlook_home, signed_in):
    graph.put_event(graph_event(
        "ev2", "Interview with Globex: Platform Engineer", INTERVIEW_END + dt.timedelta(hours=2),
        INTERVIEW_END + dt.timedelta(hours=3), organizer=("maria@globex.example", "Maria Garcia"),
        attendees=[("me@example.com", "Test User", "required", "accepted"),
                   ("maria@globex.example", "Maria Garcia", "required", "accepted")]))
    send_thank_yous(outlook_home, graph, schedule=True)
    run(outlook_home, graph, f"{DUE_DAY}T07:00")
    (message,) = follow_up_messages(graph)
    assert message.submitted

    graph.advance(at(f"{DUE_DAY}T08:00"))
    graph.clear_log()
    accepted = outlook_home.cli("accept", "Globex", "--now", f"{DUE_DAY}T08:00")
    assert accepted.exit_code == 0, accepted.output
    (deleted,) = graph.requests("graph", "DELETE")
    assert deleted.path == f"/me/messages/{message.immutable_id}"
    assert message.folder == "deleteditems"
    assert follow_ups(outlook_home, f"{DUE_DAY}T08:00") == ["cancelled"]
    assert acme(outlook_home, f"{DUE_DAY}T08:00")["status"] == "withdrawn"
    graph.advance(at(f"{DUE_DAY}T10:00"))
    assert message.folder == "deleteditems"  # it never left


def test_a_follow_up_written_after_its_hour_is_a_plain_draft(graph, outlook_home, signed_in):
    send_thank_yous(outlook_home, graph, schedule=True)
    graph.clear_log()
    (written,) = run(outlook_home, graph, f"{DUE_DAY}T11:00")["drafts"]  # cron was off in the morning
    assert written["kind"] == "follow_up" and written["written"]
    (message,) = follow_up_messages(graph)
    assert DEFERRED_SEND not in message.props and DEFERRED_DELIVERY not in message.props
    assert graph.count("graph", "POST", r"/send$") == 0 and not message.submitted
    assert follow_ups(outlook_home, f"{DUE_DAY}T11:00") == ["draft"]


def test_a_follow_up_whose_scheduling_failed_is_a_plain_draft_not_passed_off_as_scheduled(
        graph, outlook_home, signed_in):
    send_thank_yous(outlook_home, graph, schedule=True)
    graph.inject(r"/send$", 500, method="POST")  # the reply is written; sending it off fails
    failed = run(outlook_home, graph, f"{DUE_DAY}T07:00", exit_code=1)
    assert "(schedule) failed: HTTP 500" in failed["problems"][0]["message"]
    (message,) = follow_up_messages(graph)
    assert message.props[DEFERRED_SEND] == LEAVES and not message.submitted

    graph.clear_log()
    (recovered,) = run(outlook_home, graph, f"{DUE_DAY}T07:30")["drafts"]
    assert recovered["recovered"] and recovered["send_at"] is None
    assert creating(graph) == 0 and len(follow_up_messages(graph)) == 1
    assert follow_ups(outlook_home, f"{DUE_DAY}T07:30") == ["draft"]  # it will not leave by itself
    assert "in your drafts" in acme(outlook_home, f"{DUE_DAY}T07:30")["follow_ups"]["why"]
    graph.advance(at(f"{DUE_DAY}T10:00"))
    assert message.folder == "drafts"


def test_cron_the_evening_before_schedules_the_follow_up_for_half_past_nine(graph, outlook_home, signed_in):
    send_thank_yous(outlook_home, graph, schedule=True)
    graph.clear_log()
    assert run(outlook_home, graph, "2026-12-08T20:00")["drafts"] == []  # two days before: not yet
    (written,) = run(outlook_home, graph, "2026-12-09T20:00")["drafts"]  # the evening before its day
    assert written["kind"] == "follow_up" and written["send_at"] == LEAVES_LOCAL
    (message,) = follow_up_messages(graph)
    assert message.props[DEFERRED_SEND] == LEAVES and message.submitted
    assert follow_ups(outlook_home, "2026-12-09T20:00") == [f"scheduled {LEAVES_LOCAL}"]
