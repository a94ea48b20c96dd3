"""One suite of the ``Mailbox`` contract (``mailflow/mailboxes/base.py``), run on every backend
by a subclass in ``tests/backends`` (``backend`` names its ``mailflow.registry.MAILBOXES`` entry).

A backend's test class gives two fixtures: ``mailbox`` (a ``Mailbox`` ready to use)
and ``user`` (the user's mail client, ``tests/harness/mail_clients.py``: it sends a draft
the way clients really do, edits it, deletes it, receives mail). The user actions follow
API_FACTS §8: a client that sends a draft gives it a new Message-ID and drops the
X- headers, so our key is gone from the sent copy.
"""

from __future__ import annotations

from datetime import timedelta

from mailflow import registry
from mailflow.mailboxes.base import TEST_KEY
from mailflow.model import KEY_HEADER, DraftRef, Evidence, MessageState, ThreadRef
from tests.harness.messages import WHEN, compose, written

#: a thank-you as mailflow writes one: enough words to be known by them
LETTER = ("Dear Ana,\n\nMany thanks for your time on Tuesday and for the conversation about the Staff Engineer "
          "role at Acme. I enjoyed your question about latency budgets, and I have kept thinking about it "
          "since.\n\nI remain interested in working with you at Acme; please let me know if anything else "
          "would be useful.\n\nBest regards,\nAlex Candidate\n")


class MailboxContract:
    """What every mailbox backend must do. Subclasses set ``backend`` and provide
    ``mailbox`` and ``user``."""

    #: the backend's name in ``mailflow.registry.MAILBOXES``
    backend: str

    def test_the_mailbox_is_the_registered_one(self, mailbox):
        assert type(mailbox) is registry.load(registry.MAILBOXES[self.backend].spec, Exception, self.backend)

    def test_a_draft_is_found_by_its_key_and_is_a_draft(self, mailbox):
        ref = mailbox.create_draft(compose("thank_you.a1", "ana@acme.example", "Thank you - Acme"))
        found = mailbox.find("thank_you.a1")
        assert found is not None and found.state == MessageState.DRAFT
        status = mailbox.statuses([written("thank_you.a1", ref, "ana@acme.example", "Thank you - Acme")])
        assert status["thank_you.a1"].state == MessageState.DRAFT and not status["thank_you.a1"].edited
        assert mailbox.find("thank_you.never") is None

    def test_a_reply_carries_the_thread_headers(self, mailbox, user):
        thread = ThreadRef(message_id="<orig@candidate.example>", subject="Thank you - Acme")
        mailbox.create_draft(compose("follow_up.b1", "sam@acme.example", "", reply_to=thread))
        (draft,) = [d for d in user.drafts() if d[KEY_HEADER] == "follow_up.b1"]
        assert draft["In-Reply-To"] == "<orig@candidate.example>"
        assert "<orig@candidate.example>" in draft["References"]
        assert str(draft["Subject"]) == "Re: Thank you - Acme"

    def test_a_draft_sent_from_the_client_with_a_new_message_id_and_no_key_is_sent(self, mailbox, user):
        ref = mailbox.create_draft(compose("thank_you.c1", "ana@acme.example", "Thank you - Acme"))
        other = mailbox.create_draft(compose("thank_you.c2", "bo@acme.example", "Thank you - Acme"))
        copy = user.send_from_client("thank_you.c1", at=WHEN + timedelta(hours=1))
        status = mailbox.statuses([written("thank_you.c1", ref, "ana@acme.example", "Thank you - Acme"),
                                   written("thank_you.c2", other, "bo@acme.example", "Thank you - Acme")])
        sent = status["thank_you.c1"]
        assert sent.state == MessageState.SENT
        assert sent.evidence in (Evidence.RECIPIENT_SUBJECT, Evidence.THREAD)
        assert sent.sent_at is not None and abs(sent.sent_at - (WHEN + timedelta(hours=1))) < timedelta(minutes=5)
        assert sent.ref is not None and sent.ref.message_id.strip("<>") == str(copy["Message-ID"]).strip("<>")
        assert status["thank_you.c2"].state == MessageState.DRAFT

    def test_a_draft_sent_with_an_edited_subject_in_a_new_thread_is_sent_by_its_words(self, mailbox, user):
        subject = "Thank you, Ana: our conversation about the Staff Engineer role at Acme"
        ref = mailbox.create_draft(compose("thank_you.k1", "ana@acme.example", subject, body=LETTER))
        user.send_new("ana@acme.example", "Lunch on Friday?", at=WHEN + timedelta(minutes=30))
        copy = user.send_from_client("thank_you.k1", at=WHEN + timedelta(hours=1), subject="Thank you, Ana",
                                     new_thread=True)
        status = mailbox.status(written("thank_you.k1", ref, "ana@acme.example", subject, body=LETTER))
        assert status.state == MessageState.SENT and status.evidence == Evidence.RECIPIENT_BODY
        assert status.subject == "Thank you, Ana"
        assert status.ref is not None and status.ref.message_id.strip("<>") == str(copy["Message-ID"]).strip("<>")

    def test_a_note_the_state_lost_is_looked_for_by_every_rule_in_drafts_and_sent(self, mailbox, user):
        subject = "Thank you, Ana: our conversation about the Staff Engineer role at Acme"
        mailbox.create_draft(compose("thank_you.l1", "ana@acme.example", subject, body=LETTER))
        mailbox.create_draft(compose("thank_you.l2", "bo@acme.example", "Thank you - Acme"))
        user.send_from_client("thank_you.l1", at=WHEN + timedelta(hours=1), subject="Thanks, Ana", new_thread=True)
        lost = [written("thank_you.l1", DraftRef("", "<never@x>"), "ana@acme.example", subject, body=LETTER),
                written("thank_you.l2", DraftRef("", "<never2@x>"), "bo@acme.example", "Thank you - Acme"),
                written("thank_you.l3", DraftRef("", "<never3@x>"), "cy@acme.example", "Thank you - Acme")]
        found = mailbox.look_for(lost)
        assert set(found) == {"thank_you.l1", "thank_you.l2"}
        assert found["thank_you.l1"].state == MessageState.SENT
        assert found["thank_you.l1"].evidence == Evidence.RECIPIENT_BODY
        assert found["thank_you.l2"].state == MessageState.DRAFT

    def test_a_message_to_someone_else_with_the_same_subject_does_not_pass_for_ours(self, mailbox, user):
        ref = mailbox.create_draft(compose("thank_you.d1", "ana@acme.example", "Thank you - Acme"))
        user.delete("thank_you.d1")
        user.send_new("zoe@elsewhere.example", "Thank you - Acme", at=WHEN + timedelta(hours=1))
        user.send_new("ana@acme.example", "Lunch on Friday?", at=WHEN + timedelta(hours=1))
        user.send_new("ana@acme.example", "Thank you - Acme", at=WHEN - timedelta(days=3))  # before it was written
        status = mailbox.status(written("thank_you.d1", ref, "ana@acme.example", "Thank you - Acme"))
        assert status.state == MessageState.DELETED and status.evidence == Evidence.ABSENT

    def test_a_draft_the_user_deleted_is_deleted(self, mailbox, user):
        ref = mailbox.create_draft(compose("thank_you.e1", "ana@acme.example", "Thank you - Acme"))
        user.delete("thank_you.e1")
        assert mailbox.status(written("thank_you.e1", ref, "ana@acme.example", "Thank you - Acme")).state \
            == MessageState.DELETED
        assert mailbox.find("thank_you.e1") is None

    def test_a_draft_the_user_edited_is_an_edited_draft(self, mailbox, user):
        ref = mailbox.create_draft(compose("thank_you.f1", "ana@acme.example", "Thank you - Acme"))
        user.edit("thank_you.f1", "Dear Ana,\n\nThank you, and here is the article I mentioned.\n")
        status = mailbox.status(written("thank_you.f1", ref, "ana@acme.example", "Thank you - Acme"))
        assert status.state == MessageState.DRAFT and status.edited

    def test_a_draft_the_user_edited_then_discarded_is_deleted(self, mailbox, user):
        ref = mailbox.create_draft(compose("thank_you.k1", "ana@acme.example", "Thank you - Acme"))
        user.edit("thank_you.k1", "Dear Ana,\n\nThank you; I will write more tomorrow.\n")
        user.delete("thank_you.k1")
        status = mailbox.status(written("thank_you.k1", ref, "ana@acme.example", "Thank you - Acme"))
        assert status.state == MessageState.DELETED and status.evidence == Evidence.ABSENT, status
        assert mailbox.find("thank_you.k1") is None

    def test_an_unedited_draft_is_rewritten_in_place(self, mailbox, user):
        ref = mailbox.create_draft(compose("thank_you.g1", "ana@acme.example", "Thank you - Acme"))
        new = mailbox.update_draft(written("thank_you.g1", ref, "ana@acme.example", "Thank you - Acme"),
                                   compose("thank_you.g1", "ana@acme.example", "Thank you - Acme",
                                           body="Dear Ana,\n\nThank you for the talk about queues.\n"))
        drafts = [d for d in user.drafts() if d[KEY_HEADER] == "thank_you.g1"]
        # where the server cannot remove one message alone, the old one stays flagged as deleted
        assert len(drafts) == (1 if mailbox.removes_at_once else 2)
        assert "queues" in drafts[-1].get_content()
        status = mailbox.status(written("thank_you.g1", new, "ana@acme.example", "Thank you - Acme"))
        assert status.state == MessageState.DRAFT and not status.edited
        found = mailbox.find("thank_you.g1")
        assert found is not None and found.ref.version == new.version

    def test_delete_removes_a_draft_and_tolerates_one_already_gone(self, mailbox, user):
        ref = mailbox.create_draft(compose("follow_up.h1", "sam@acme.example", "Following up"))
        mailbox.delete("follow_up.h1", ref)
        left = [d for d in user.drafts() if d[KEY_HEADER] == "follow_up.h1"]
        assert len(left) == (0 if mailbox.removes_at_once else 1)  # else flagged as deleted
        assert mailbox.find("follow_up.h1") is None
        mailbox.delete("follow_up.h1", ref)

    def test_replies_since_a_time_from_the_company(self, mailbox, user):
        user.receive("sam@acme.example", "Re: Thank you", WHEN + timedelta(hours=2))
        user.receive("ana@mail.acme.example", "Next steps", WHEN + timedelta(hours=3))
        user.receive("sam@acme.example", "Before", WHEN - timedelta(hours=2))
        user.receive("x@notacme.example", "Spam", WHEN + timedelta(hours=2))
        found = mailbox.replies_since(WHEN, domains=("acme.example",), addresses=())
        assert sorted(m.subject for m in found) == ["Next steps", "Re: Thank you"]

    def test_the_doctor_checks_pass_on_a_healthy_mailbox(self, mailbox, user):
        checks = mailbox.check(WHEN)
        assert checks and all(c.ok for c in checks), checks
        assert any("found again" in c.detail for c in checks), checks
        assert len(user.drafts()) == (0 if mailbox.removes_at_once else 1), "the test draft was left behind"
        assert mailbox.find(TEST_KEY) is None
