"""accept / withdraw / rejected (PRODUCT.md W1-W3, R1, K1), through the command line,
reading the drafts back from the Maildir."""

from __future__ import annotations

import mailbox
from datetime import datetime
from email.message import EmailMessage

import pytest

from mailflow.commands import outcomes
from mailflow.errors import MailboxError, UserActionError
from mailflow.mailboxes.maildir import MaildirMailbox
from mailflow.model import KEY_HEADER, DraftRef, MessageRecord, MessageStatus, NewDraft, message_id, message_key
from tests.harness.home import Home
from tests.harness.job_search import ME, NOW, by_kind, job_search, recipients

CONTACTS = {
    "Globex": "maria.garcia@globex.example",  # organizer and only interviewer
    "Initech": "tom.obrien@initech.example",  # tracking-system organizer: first interviewer
    "Umbrella": "rita.moss@umbrella.example",  # organizer on the company's domain
    "Hooli": "talent@hooli.example",  # [companies."Hooli"] contact
}


def _maildir(config):
    """The Maildir mailbox's constructor arguments from a loaded config."""
    return config.mail.maildir, config.shared


@pytest.fixture
def world(tmp_path) -> Home:
    w = job_search(tmp_path)
    result = w.cli("run")
    assert result.exit_code == 0, result.output
    assert set(w.statuses().values()) == {"active"} and len(w.statuses()) == 5
    return w


def now() -> datetime:
    return datetime.fromisoformat(NOW)


def add_follow_up(world: Home, company: str, to: str, *, number: int = 1, confirmed: bool = True) -> str:
    """A follow-up draft as mailflow writes one: recorded, then put in the Maildir
    (and, unless a crash came first, confirmed)."""
    key = message_key("follow_up", company, str(number))
    msg = EmailMessage()
    msg["From"], msg["To"] = ME, to
    msg["Subject"] = f"Re: Thank you - interview at {company}"
    msg["Message-ID"] = message_id(key, ME)
    msg[KEY_HEADER] = key
    msg.set_content("I remain very interested in the role.\n")
    with world.store() as store:
        app = store.find_application(company)
        store.record_intent(MessageRecord(
            key=key, kind="follow_up", recipient=to, backend="maildir", status="intent",
            application_id=app.id, subject=str(msg["Subject"]), message_id=str(msg["Message-ID"]),
        ), now())
        ref = MaildirMailbox(*_maildir(world.load_config())).create_draft(NewDraft(msg, key))
        if confirmed:
            store.confirm(key, "draft", now(), ref=DraftRef(ref.backend_id, ref.message_id))
    return key


def message_states(world: Home) -> dict[str, str]:
    with world.store() as store:
        return {k: m.status for k, m in store.messages().items()}


# --------------------------------------------------------------------------- accept


def test_accept_withdraws_from_each_other_company_once_and_deletes_their_follow_ups(world):
    globex_fu = add_follow_up(world, "Globex", CONTACTS["Globex"])
    initech_fu = add_follow_up(world, "Initech", CONTACTS["Initech"])
    acme_fu = add_follow_up(world, "Acme", "sam.lee@acme.example")
    before = world.drafts_in()
    assert len(by_kind(before, "follow_up")) == 3

    result = world.cli("accept", "Acme")

    assert result.exit_code == 0, result.output
    drafts = world.drafts_in()
    withdrawals = by_kind(drafts, "withdrawal")
    assert len(withdrawals) == 4
    assert recipients(withdrawals) == set(CONTACTS.values())
    for msg in withdrawals:
        text = f"{msg['Subject']}\n{msg.get_content()}"
        assert "Acme" not in text
        assert "accepted another offer" in text
    assert by_kind(drafts, "follow_up") == []
    states = message_states(world)
    assert states[globex_fu] == states[initech_fu] == states[acme_fu] == "cancelled"
    assert world.statuses() == {"Acme": "accepted", "Globex": "withdrawn", "Hooli": "withdrawn",
                                "Initech": "withdrawn", "Umbrella": "withdrawn"}
    assert "drafted 4" in result.output and "follow-up drafts deleted (3)" in result.output
    # the thank-you drafts are left alone
    assert len(by_kind(drafts, "thank_you")) == len(by_kind(before, "thank_you"))

    again = world.cli("accept", "Acme")

    assert again.exit_code == 0, again.output
    assert sorted(m["Message-ID"] for m in world.drafts_in()) == sorted(m["Message-ID"] for m in drafts)
    assert "drafted" not in again.output and "already accepted" in again.output
    assert message_states(world) == states


def test_accept_dry_run_shows_everything_and_changes_nothing(world):
    add_follow_up(world, "Umbrella", CONTACTS["Umbrella"])
    files_before = sorted(m["Message-ID"] for m in world.drafts_in())
    states_before = message_states(world)

    result = world.cli("accept", "Acme", "--dry-run")

    assert result.exit_code == 0, result.output
    assert "would draft 4" in result.output
    for company, address in CONTACTS.items():
        assert f"<{address}> ({company})" in result.output
    assert "follow-up drafts to delete (1)" in result.output
    assert "Umbrella: active -> withdrawn (would be)" in result.output
    assert sorted(m["Message-ID"] for m in world.drafts_in()) == files_before
    assert message_states(world) == states_before
    assert set(world.statuses().values()) == {"active"}


def test_accept_records_a_follow_up_the_user_already_sent_instead_of_cancelling_it(world):
    key = add_follow_up(world, "Globex", CONTACTS["Globex"])
    drafts = mailbox.Maildir(world.drafts_path, factory=None)
    (found,) = [k for k in drafts.keys() if drafts.get_message(k)[KEY_HEADER] == key]
    mailbox.Maildir(world.root / "sent", factory=None, create=True).add(drafts.get_message(found))
    drafts.discard(found)  # what a mail client does when it sends a draft

    result = world.cli("accept", "Acme")

    assert result.exit_code == 0, result.output
    assert message_states(world)[key] == "sent"
    assert "follow-up to maria.garcia@globex.example already sent" in result.output


def test_accept_deletes_a_follow_up_whose_write_was_interrupted(world):
    key = add_follow_up(world, "Umbrella", CONTACTS["Umbrella"], confirmed=False)
    assert message_states(world)[key] == "intent" and len(by_kind(world.drafts_in(), "follow_up")) == 1

    assert world.cli("accept", "Acme").exit_code == 0

    assert by_kind(world.drafts_in(), "follow_up") == []
    assert message_states(world)[key] == "cancelled"


def test_accept_finishes_a_withdrawal_interrupted_after_it_was_written(world):
    key = message_key("withdrawal", "Globex")
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = ME, CONTACTS["Globex"], "Withdrawing my application"
    msg["Message-ID"], msg[KEY_HEADER] = message_id(key, ME), key
    msg.set_content("written just before a crash\n")
    with world.store() as store:
        store.record_intent(MessageRecord(
            key=key, kind="withdrawal", recipient=CONTACTS["Globex"], backend="maildir", status="intent",
            application_id=store.find_application("Globex").id,
        ), now())
    MaildirMailbox(*_maildir(world.load_config())).create_draft(NewDraft(msg, key))

    result = world.cli("accept", "Acme")

    assert result.exit_code == 0, result.output
    withdrawals = by_kind(world.drafts_in(), "withdrawal")
    assert len(withdrawals) == 4
    assert [m.get_content() for m in withdrawals if m[KEY_HEADER] == key] == ["written just before a crash\n"]
    assert message_states(world)[key] == "draft"
    assert world.statuses()["Globex"] == "withdrawn"


def test_accept_without_mentioning_the_offer_when_the_policy_says_so(tmp_path):
    world = job_search(tmp_path, policy="mention_offer = false")
    assert world.cli("run").exit_code == 0

    assert world.cli("accept", "Globex").exit_code == 0

    withdrawals = by_kind(world.drafts_in(), "withdrawal")
    assert len(withdrawals) == 4
    for msg in withdrawals:
        assert "offer" not in msg.get_content()
        assert "decided to withdraw" in msg.get_content()


def test_accept_of_an_unknown_company_names_the_known_ones(world):
    result = world.cli("accept", "Vandelay")

    assert result.exit_code == 2
    assert "no application for 'Vandelay'" in result.output and "Globex" in result.output


# --------------------------------------------------------------------------- withdraw


def test_withdraw_one_process_with_a_reason(world):
    fu = add_follow_up(world, "Globex", CONTACTS["Globex"])

    result = world.cli("withdraw", "Globex", "--reason", "I am relocating.")

    assert result.exit_code == 0, result.output
    (note,) = by_kind(world.drafts_in(), "withdrawal")
    assert recipients([note]) == {CONTACTS["Globex"]}
    body = note.get_content()
    assert "withdraw my application: I am relocating." in body
    assert "offer" not in body  # nothing was accepted
    assert world.statuses() == {"Acme": "active", "Globex": "withdrawn", "Hooli": "active",
                                "Initech": "active", "Umbrella": "active"}
    assert message_states(world)[fu] == "cancelled"
    with world.store() as store:
        assert store.find_application("Globex").status_reason == "I am relocating"

    again = world.cli("withdraw", "Globex", "--reason", "I am relocating.")

    assert again.exit_code == 0
    assert len(by_kind(world.drafts_in(), "withdrawal")) == 1
    assert "withdrawal already draft" in again.output


def test_withdraw_that_names_another_company_is_not_written(world):
    result = world.cli("withdraw", "Globex", "--reason", "I accepted an offer from Acme")

    assert result.exit_code == 1
    assert "not written" in result.output and "'Acme'" in result.output
    assert by_kind(world.drafts_in(), "withdrawal") == []
    assert world.statuses()["Globex"] == "active"  # the company was not told: nothing changed


def test_withdraw_after_accepting_an_offer_says_so_without_naming_it(world):
    with world.store() as store:
        store.set_application_status(store.find_application("Acme").id, "accepted", now())

    assert world.cli("withdraw", "Globex").exit_code == 0

    (note,) = by_kind(world.drafts_in(), "withdrawal")
    assert "I have accepted another offer" in note.get_content() and "Acme" not in note.get_content()


def test_withdraw_from_a_company_that_rejected_you_is_refused(world):
    assert world.cli("rejected", "Initech").exit_code == 0

    refused = world.cli("withdraw", "Initech")

    assert refused.exit_code == 2 and "Initech is marked rejected" in refused.output
    assert by_kind(world.drafts_in(), "withdrawal") == []


# --------------------------------------------------------------------------- rejected


def test_rejected_drafts_a_reply_asking_for_feedback_and_cancels_follow_ups(world):
    fu = add_follow_up(world, "Initech", CONTACTS["Initech"])

    result = world.cli("rejected", "Initech")

    assert result.exit_code == 0, result.output
    drafts = world.drafts_in()
    (reply,) = by_kind(drafts, "rejection_reply")
    assert recipients([reply]) == {CONTACTS["Initech"]}
    body = reply.get_content()
    assert "feedback" in body and "Initech" in body and body.startswith("Dear Tom,")
    assert by_kind(drafts, "follow_up") == []
    assert message_states(world)[fu] == "cancelled"
    assert world.statuses()["Initech"] == "rejected"

    again = world.cli("rejected", "Initech")

    assert again.exit_code == 0
    assert len(by_kind(world.drafts_in(), "rejection_reply")) == 1


def test_rejected_dry_run_writes_nothing(world):
    result = world.cli("rejected", "Umbrella", "--dry-run")

    assert result.exit_code == 0
    assert "would draft 1" in result.output and "<rita.moss@umbrella.example>" in result.output
    assert by_kind(world.drafts_in(), "rejection_reply") == []
    assert world.statuses()["Umbrella"] == "active"


# --------------------------------------------------------------------------- status (K1)


def test_status_warns_when_fewer_than_two_applications_are_active(world):
    assert "keep options open" not in world.cli("status").output
    for command in (["rejected", "Initech"], ["rejected", "Umbrella"], ["withdraw", "Hooli"]):
        assert world.cli(*command).exit_code == 0
    assert "keep options open" not in world.cli("status").output  # two left

    assert world.cli("withdraw", "Globex").exit_code == 0

    status = world.cli("status").output
    assert "only 1 active application: keep options open" in status
    assert "Globex - Platform Engineer [withdrawn]" in status
    assert "withdrawal to maria.garcia@globex.example: draft" in status

    assert world.cli("accept", "Acme").exit_code == 0
    assert "keep options open" not in world.cli("status").output  # the search is over


# --------------------------------------------------------------------------- --send


def test_send_with_a_mailbox_that_cannot_send_does_nothing_and_says_what_to_do(world):
    for extra in (["--yes"], []):
        result = world.cli("accept", "Acme", "--send", *extra)

        assert result.exit_code == 2
        assert "the maildir mailbox cannot send mail; nothing was done" in result.output
        assert "send the drafts from your mail client" in result.output
        assert by_kind(world.drafts_in(), "withdrawal") == []
        assert set(world.statuses().values()) == {"active"}
    assert world.cli("withdraw", "Globex", "--send", "--yes").exit_code == 2
    assert world.statuses()["Globex"] == "active"


class SendingMaildir(MaildirMailbox):
    """A Maildir that can send: sending files the draft into the sent Maildir, as a
    mail client does. Every send is logged in ``events``."""

    can_send = True

    def __init__(self, config, events: list):
        super().__init__(config.mail.maildir, config.shared)
        self.events = events

    def _send(self, key, ref):
        self.events.append(("send", key))
        found = self.find(key)
        if found is None or found.state != "draft":
            raise MailboxError(f"no draft {key}")
        message = self.drafts.get_message(found.ref.backend_id)
        mailbox.Maildir(self.sent_path, factory=None, create=True).add(message)
        self.drafts.discard(found.ref.backend_id)
        return MessageStatus("sent", ref=found.ref)


def asker(events: list, answer: bool):
    def ask(recipients):
        events.append(("ask", sorted(r["to"] for r in recipients)))
        return answer
    return ask


def accept_and_send(world, events, **options):
    config = world.load_config()
    return outcomes.accept(config, now(), "Acme", options=outcomes.SendOptions(send=True, **options),
                           mailbox=SendingMaildir(config, events))


def test_send_without_a_terminal_or_yes_refuses_before_writing_anything(world):
    events = []

    with pytest.raises(UserActionError, match="no terminal to ask on; nothing was done") as refused:
        accept_and_send(world, events, ask=None)

    assert "--yes" in refused.value.hint
    assert events == []
    assert by_kind(world.drafts_in(), "withdrawal") == []
    assert set(world.statuses().values()) == {"active"}


def test_send_asks_with_every_recipient_and_keeps_the_drafts_on_no(world):
    events = []

    report = accept_and_send(world, events, ask=asker(events, False))

    assert events == [("ask", sorted(CONTACTS.values()))]
    assert len(by_kind(world.drafts_in(), "withdrawal")) == 4
    assert report.sent == [] and {u["why"] for u in report.unsent} == {"not confirmed: left in your drafts"}
    assert {m for k, m in message_states(world).items() if k.startswith("withdrawal.")} == {"draft"}


def test_send_after_yes_sends_each_withdrawal_once(world):
    events = []

    report = accept_and_send(world, events, ask=asker(events, True))

    assert events[0] == ("ask", sorted(CONTACTS.values()))
    assert sorted(e[1] for e in events[1:]) == sorted(message_key("withdrawal", c) for c in CONTACTS)
    assert by_kind(world.drafts_in(), "withdrawal") == []
    assert recipients(by_kind(world.drafts_in(world.root / "sent"), "withdrawal")) == set(CONTACTS.values())
    assert {s["to"] for s in report.sent} == set(CONTACTS.values())
    with world.store() as store:
        sent = [m for m in store.messages().values() if m.kind == "withdrawal"]
    assert {m.status for m in sent} == {"sent"} and {m.sent_at for m in sent} == {now()}

    events.clear()
    again = accept_and_send(world, events, ask=asker(events, True))

    assert events == [] and again.sent == [] and again.drafts == []


def test_send_with_yes_does_not_ask_and_sends_drafts_written_earlier(world):
    assert world.cli("accept", "Acme").exit_code == 0
    written = sorted(m[KEY_HEADER] for m in by_kind(world.drafts_in(), "withdrawal"))
    events = []

    report = accept_and_send(world, events, assume_yes=True, ask=None)

    assert report.drafts == []  # nothing new was written
    assert sorted(e[1] for e in events) == written and all(e[0] == "send" for e in events)
    assert by_kind(world.drafts_in(), "withdrawal") == []


# --------------------------------------------------------------------------- --send through Gmail


@pytest.fixture
def gmail_world(tmp_path, monkeypatch):
    """The same job search with its drafts in Gmail (the fake Google server on loopback)."""
    from mailflow.providers.google.login import TOKEN_ENV
    from tests.fakes.google import running
    from tests.harness.google import gmail, logged_in

    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with running() as fake:
        world = job_search(tmp_path, mail=gmail(fake))
        logged_in(world, fake)
        assert world.cli("run").exit_code == 0
        yield world, fake


def gmail_withdrawals(messages) -> set[str]:
    return {str(m.header("To")).split("<")[-1].rstrip(">") for m in messages
            if m.header("X-Mailflow-Key").startswith("withdrawal.")}


def test_send_through_gmail_without_a_terminal_needs_yes(gmail_world):
    world, fake = gmail_world

    refused = world.cli("accept", "Acme", "--send")

    assert refused.exit_code == 2 and "no terminal to ask on; nothing was done" in refused.output
    assert gmail_withdrawals(fake.draft_messages()) == set() and fake.counts.get("drafts.send", 0) == 0
    assert set(world.statuses().values()) == {"active"}

    result = world.cli("accept", "Acme", "--send", "--yes")

    assert result.exit_code == 0, result.output
    assert gmail_withdrawals(fake.sent_messages()) == set(CONTACTS.values())
    assert gmail_withdrawals(fake.draft_messages()) == set()
    assert "sent 4:" in result.output
    assert {s for k, s in message_states(world).items() if k.startswith("withdrawal.")} == {"sent"}

    assert fake.counts["drafts.send"] == 4
    again = world.cli("accept", "Acme", "--send", "--yes")

    assert again.exit_code == 0 and "sent 4" not in again.output
    assert fake.counts["drafts.send"] == 4
