"""What the user does in Outlook, and what `mailflow status` then believes
(issue 11: what the mailbox says is what mailflow believes).

Outlook on the web (or any other client) sends a draft as a new item in Sent
Items with an internetMessageId of its own and none of our headers or
properties (API_FACTS §4.2, §8). Replies land where the junk filter or the
user's rules put them: Outlook is searched across the mailbox, not only the
Inbox.
"""

from __future__ import annotations

from tests.fakes.graph import config_path, fake, mailflow, signed_in  # noqa: F401 - fixtures
from tests.test_outlook_followups_e2e import DRAFTED, DUE_DAY, SENT, acme, at, run, send_thank_yous, to


def thank_yous(config_path, now: str) -> dict[str, str]:
    return {m["to"]: m["status"] for m in acme(config_path, now)["messages"] if m["kind"] == "thank_you"}


def draft_to(fake, who: str):
    (message,) = [m for m in fake.messages.values() if m.folder == "drafts" and to(m) == f"{who}@acme.example"]
    return message


def follow_up_written(report: dict) -> bool:
    return any(d["kind"] == "follow_up" and d["written"] for d in report["drafts"])


def test_a_thank_you_sent_from_outlook_on_the_web_is_sent_and_the_follow_up_falls_due(fake, config_path, signed_in):
    # the follow-up goes to someone who received a thank-you: it replies to the copy that left
    config_path.write_text(config_path.read_text() + '\n[companies."Acme"]\ncontact = "ana@acme.example"\n')
    run(config_path, fake, DRAFTED)
    fake.advance(at(SENT))
    copies = {who: fake.user_sends_from_web(draft_to(fake, who)) for who in ("ana", "bo")}

    run(config_path, fake, "2026-12-03T16:00")

    assert thank_yous(config_path, "2026-12-03T16:00") == {"ana@acme.example": "sent", "bo@acme.example": "sent"}
    assert acme(config_path, "2026-12-03T16:00")["follow_up"]["due"] == DUE_DAY
    report = run(config_path, fake, f"{DUE_DAY}T08:00")
    assert follow_up_written(report)
    (reply,) = fake.requests("graph", "POST", r"/createReply$")
    assert reply.path in {f"/me/messages/{c.immutable_id}/createReply" for c in copies.values()}


def test_a_thank_you_sent_with_an_edited_subject_in_a_new_conversation_is_sent(fake, config_path, signed_in):
    run(config_path, fake, DRAFTED)
    fake.advance(at(SENT))
    draft = draft_to(fake, "ana")
    fake.user_sends_from_web(draft, subject="RE: " + draft.data["subject"].upper(), new_conversation=True)

    run(config_path, fake, "2026-12-03T16:00")

    assert thank_yous(config_path, "2026-12-03T16:00")["ana@acme.example"] == "sent"


def test_a_draft_the_user_discarded_is_deleted_once_the_grace_period_is_over(fake, config_path, signed_in):
    run(config_path, fake, DRAFTED)
    fake.advance(at(SENT))
    fake.user_deletes(draft_to(fake, "ana"))

    report = run(config_path, fake, "2026-12-06T16:00")

    assert thank_yous(config_path, "2026-12-06T16:00") == {"ana@acme.example": "deleted", "bo@acme.example": "draft"}
    assert not report["drafts"]
    assert not run(config_path, fake, "2026-12-07T16:00")["drafts"]  # never written again


def test_a_draft_that_just_left_drafts_is_not_called_deleted_yet(fake, config_path, signed_in):
    run(config_path, fake, DRAFTED)
    fake.advance(at(SENT))
    fake.user_deletes(draft_to(fake, "ana"), permanently=True)

    report = run(config_path, fake, "2026-12-03T15:10")

    assert thank_yous(config_path, "2026-12-03T15:10")["ana@acme.example"] != "deleted"
    assert not report["drafts"]


def test_a_draft_the_user_edited_stays_a_draft_and_is_left_alone(fake, config_path, signed_in):
    run(config_path, fake, DRAFTED)
    draft = draft_to(fake, "ana")
    fake.user_edits(draft, body="Dear Ana,\n\nThank you; here is the article on queues I mentioned.\n")
    fake.clear_log()

    run(config_path, fake, "2026-12-03T16:00")

    assert thank_yous(config_path, "2026-12-03T16:00")["ana@acme.example"] == "draft"
    assert fake.count("graph", "DELETE") == 0 and draft.folder == "drafts"
    assert "article on queues" in draft.data["body"]["content"]


def _answer_lands_in(fake, config_path, folder: str) -> dict:
    """The thank-yous are sent; Ana answers on Monday and her reply is filed
    in ``folder``; returns the report of the run on the follow-up's day."""
    sent = send_thank_yous(config_path, fake)
    fake.receive("ana@acme.example", f"RE: {sent['ana'].data['subject']}", at("2026-12-07T10:00"),
                 folder=folder, name="Ana Lopez", in_reply_to=sent["ana"].data["internetMessageId"])
    return run(config_path, fake, f"{DUE_DAY}T08:00")


def test_a_company_reply_in_the_inbox_stops_the_follow_up(fake, config_path, signed_in):
    report = _answer_lands_in(fake, config_path, "inbox")
    assert not follow_up_written(report)
    assert acme(config_path, f"{DUE_DAY}T08:00")["follow_ups"]["state"] == "answered"


def test_a_company_reply_in_junk_email_stops_the_follow_up(fake, config_path, signed_in):
    report = _answer_lands_in(fake, config_path, "junkemail")
    assert not follow_up_written(report)
    assert acme(config_path, f"{DUE_DAY}T08:00")["follow_ups"]["state"] == "answered"


def test_a_company_reply_filed_by_a_rule_into_another_folder_stops_the_follow_up(fake, config_path, signed_in):
    report = _answer_lands_in(fake, config_path, fake.add_folder("Job search", parent="inbox"))
    assert not follow_up_written(report)
    assert acme(config_path, f"{DUE_DAY}T08:00")["follow_ups"]["state"] == "answered"


def test_what_a_run_asks_of_graph_is_answerable(fake, config_path, signed_in):
    """No request mailflow makes in a follow-up cycle is one Graph refuses (the
    fake answers 400 to filters and orderings Exchange does not serve)."""
    send_thank_yous(config_path, fake)
    run(config_path, fake, f"{DUE_DAY}T08:00")
    refused = [(r.method, r.path, r.query) for r in fake.log if r.server in ("graph", "batch") and r.status == 400]
    assert refused == []

