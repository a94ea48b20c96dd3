"""What the user does to a draft in the Gmail web UI, and what `mailflow
status` then believes (issue 11: what the mailbox says is what mailflow
believes).

Gmail's web UI gives a sent draft a Message-ID of its own and drops our
X-Mailflow-Key; an edited subject may start a new thread (API_FACTS §1.2,
§8). A draft that left Drafts is sent when Sent holds a message to the same
recipient, written after it, with the same subject up to Re:/Fwd: or in the
same thread; it is deleted only when none turns up within a grace period.
"""

from __future__ import annotations

import json
from datetime import timedelta


from tests.fakes.google import fake, mailflow, write_config  # noqa: F401 - a fixture
from tests.test_google_followups_e2e import DRAFTED, SENT, acme, at, run

DUE = "2026-12-10"  # five business days after Thursday 3 Dec


def thank_yous(config, now: str) -> dict[str, str]:
    """Status of each thank-you, by recipient."""
    return {m["to"]: m["status"] for m in acme(config, now)["messages"] if m["kind"] == "thank_you"}


def draft_of(fake, who: str) -> str:
    (draft,) = [m for m in fake.draft_messages() if f"{who}@acme.example" in m.header("To")]
    return fake.draft_id_of(draft.header("X-Mailflow-Key"))


def test_a_thank_you_sent_from_the_web_ui_is_sent_and_the_follow_up_falls_due(fake, tmp_path):
    config = write_config(tmp_path, fake)
    # the follow-up goes to someone who received a thank-you: it replies to the copy that left
    config.write_text(config.read_text() + '\n[companies."Acme"]\ncontact = "ana@acme.example"\n')
    run(config, fake, DRAFTED)
    fake.set_time(at(SENT))
    copies = {who: fake.user_sends_from_web(draft_of(fake, who)) for who in ("ana", "bo")}

    run(config, fake, "2026-12-03T21:00")

    assert thank_yous(config, "2026-12-03T21:00") == {"ana@acme.example": "sent", "bo@acme.example": "sent"}
    assert acme(config, "2026-12-03T21:00")["follow_up"]["due"] == DUE
    (written,) = run(config, fake, f"{DUE}T08:00")["drafts"]
    assert written["kind"] == "follow_up"
    (follow_up,) = [m for m in fake.draft_messages() if m.header("X-Mailflow-Key").startswith("follow_up.")]
    thread = {c.thread_id for c in copies.values()}
    assert follow_up.thread_id in thread  # a reply to what really left, in its thread
    assert follow_up.header("In-Reply-To") in {c.header("Message-ID") for c in copies.values()}


def test_a_thank_you_sent_with_an_edited_subject_in_a_new_thread_is_sent(fake, tmp_path):
    config = write_config(tmp_path, fake)
    run(config, fake, DRAFTED)
    fake.set_time(at(SENT))
    original = fake.messages[fake.drafts[draft_of(fake, "ana")]].header("Subject")
    fake.user_sends_from_web(draft_of(fake, "ana"), subject=f"Re:  {original} ", new_thread=True)

    run(config, fake, "2026-12-03T21:00")

    assert thank_yous(config, "2026-12-03T21:00")["ana@acme.example"] == "sent"


def test_a_thank_you_sent_to_someone_else_does_not_pass_for_ours(fake, tmp_path):
    """The other side of the rule above: a message to another recipient, or one
    written before the draft, is no evidence that the draft was sent."""
    config = write_config(tmp_path, fake)
    run(config, fake, DRAFTED)
    fake.set_time(at(SENT))
    draft_id = draft_of(fake, "ana")
    subject = fake.messages[fake.drafts[draft_id]].header("Subject")
    fake.user_deletes(draft_id)
    fake.deliver("Test User <me@example.com>", subject, labels=("SENT",))  # to me, not to Ana

    run(config, fake, "2026-12-07T09:00")

    assert thank_yous(config, "2026-12-07T09:00")["ana@acme.example"] == "deleted"


def test_a_draft_the_user_discarded_is_deleted_once_the_grace_period_is_over(fake, tmp_path):
    config = write_config(tmp_path, fake)
    run(config, fake, DRAFTED)
    fake.set_time(at(SENT))
    fake.user_deletes(draft_of(fake, "ana"))
    fake.reset_counts()

    run(config, fake, "2026-12-06T21:00")  # three days later

    assert thank_yous(config, "2026-12-06T21:00") == {"ana@acme.example": "deleted", "bo@acme.example": "draft"}
    assert fake.counts["drafts.create"] == 0  # never written again
    assert run(config, fake, "2026-12-07T21:00")["drafts"] == []


def test_a_draft_that_just_left_drafts_is_not_called_deleted_yet(fake, tmp_path):
    config = write_config(tmp_path, fake)
    run(config, fake, DRAFTED)
    fake.set_time(at(SENT))
    fake.user_deletes(draft_of(fake, "ana"))
    fake.reset_counts()

    soon = (at(SENT) + timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    run(config, fake, soon)

    assert thank_yous(config, soon)["ana@acme.example"] != "deleted"
    assert fake.counts["drafts.create"] == 0


def test_a_draft_the_user_edited_stays_a_draft_and_is_left_alone(fake, tmp_path):
    config = write_config(tmp_path, fake)
    run(config, fake, DRAFTED)
    draft_id = draft_of(fake, "ana")
    fake.user_edits(draft_id, body="Dear Ana,\n\nThank you; here is the article on queues I mentioned.\n")
    fake.reset_counts()

    run(config, fake, "2026-12-03T21:00")

    assert thank_yous(config, "2026-12-03T21:00")["ana@acme.example"] == "draft"
    assert fake.counts["drafts.create"] == 0 and fake.counts["drafts.delete"] == 0
    assert "article on queues" in fake.messages[fake.drafts[draft_id]].parsed.get_content()



def test_a_placeholder_draft_the_user_filled_in_is_not_replaced_when_the_remark_arrives(fake, tmp_path):
    config = write_config(tmp_path, fake)
    run(config, fake, DRAFTED)  # no remark recorded: the notes carry a placeholder
    draft_id = draft_of(fake, "ana")
    assert "[REMARK:" in fake.messages[fake.drafts[draft_id]].parsed.get_content()
    mine = "Dear Ana,\n\nThank you; your question on queue design stayed with me.\n"
    fake.user_edits(draft_id, body=mine)
    scan = json.loads(mailflow(config, "scan", "--json", "--now", DRAFTED).output)
    (interview,) = [e["id"] for e in scan["events"] if e["interview"]]
    said = mailflow(config, "remark", interview, "--by", "ana@acme.example", "queue design", "--now", DRAFTED)
    assert said.exit_code == 0, said.output
    fake.reset_counts()

    run(config, fake, "2026-12-03T20:00")

    assert fake.counts["drafts.delete"] == 0 and fake.counts["drafts.create"] == 0
    assert fake.messages[fake.drafts[draft_id]].parsed.get_content().replace("\r\n", "\n") == mine
