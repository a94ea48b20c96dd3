"""The IMAP mailbox on the other real servers a user meets (API_FACTS §9.5-9.7):

- GNU Mailutils imap4d (the ``imap4d`` fixture; ``apt-get install mailutils-imap4d``):
  no UIDPLUS, so no ``UID EXPUNGE``; no MOVE; no special-use flags; no folder but INBOX
  until a client makes one. The mailbox contract and the user-action scenarios run on
  it; what it cannot do is its capability (``removes_at_once`` false: a draft mailflow
  removes stays flagged ``\\Deleted`` for the user's client to purge, since a plain
  ``EXPUNGE`` would also remove what the user flagged).
- A server that can MOVE but has no UIDPLUS (the ``moving_dovecot`` fixture: Dovecot
  announcing no UIDPLUS): what mailflow removes goes to the trash.
- A Cyrus- or Courier-style server (the ``cyrus_style`` fixture: Dovecot with every
  folder below ``INBOX.``, ``.`` between, a Sent folder and no Drafts yet): the first run
  finds or creates its folders from the server's NAMESPACE answer.

Each test logs in as a user of its own, so each starts with empty folders.
"""

from __future__ import annotations

import email.policy
from datetime import UTC, datetime, timedelta, timezone

import pytest

from mailflow.config import Shared
from mailflow.mailboxes.imap import ImapMailbox, ImapSettings
from tests.contracts.mailbox import MailboxContract
from tests.contracts.user_actions import NOW, RAJ, UserActionScenarios, draft_to, key_to, run, thank_yous
from tests.harness.calendars import ME, onsite_panel
from tests.harness.home import Home
from tests.harness.mail_clients import ImapClient
from tests.harness.messages import compose, message, written
from tests.harness.servers import Dovecot

PANEL = onsite_panel("20211124")
PANEL_END = datetime(2021, 11, 24, 20, 30, tzinfo=UTC)


def imap4d_client(server, **options) -> ImapClient:
    """A new user on imap4d, as a client sets the account up: Drafts and Sent made by
    the client (imap4d has none of its own)."""
    client = ImapClient.new(server, drafts="Drafts", sent="Sent", files_by_date_header=True, **options)
    client.create("Sent")
    return client


def mailbox_for(client: ImapClient, tmp_path, **folders: str) -> ImapMailbox:
    settings = ImapSettings(host="127.0.0.1", port=client.server.port, security="none", username=client.user,
                            password_cmd=f"echo {client.password}", **folders)
    return ImapMailbox(settings, Shared(base_dir=tmp_path, me=frozenset({ME}), my_email=ME))


# ---- GNU Mailutils imap4d: the contract ---------------------------------------------------------


class TestImap4dMailbox(MailboxContract):
    backend = "imap"
    server = "imap4d"

    @pytest.fixture
    def user(self, imap4d):
        return imap4d_client(imap4d)

    @pytest.fixture
    def mailbox(self, tmp_path, user):
        box = mailbox_for(user, tmp_path, drafts_folder="Drafts")
        yield box
        box.close()

    def test_the_server_cannot_remove_one_message_alone(self, mailbox):
        assert mailbox.removes_at_once is False


class TestImap4dUserActions(UserActionScenarios):
    backend = "imap"
    server = "imap4d"
    reply_folders = ("inbox", "junk", "spam", "filed", "trash")

    @pytest.fixture
    def client(self, imap4d):
        # a client that hides what is flagged \Deleted, as most do: where mailflow removes a
        # draft it can only flag it here (removes_at_once is false)
        return imap4d_client(imap4d, hide_deleted=True)

    @pytest.fixture
    def home(self, tmp_path, client):
        home = Home(tmp_path)
        home.write_config(mail=client.mail_config())
        home.write_calendar(PANEL)
        return home


# ---- GNU Mailutils imap4d: never remove the user's mail ------------------------------------------


def test_rewriting_a_draft_in_place_without_uidplus_leaves_the_users_deleted_messages_alone(imap4d, tmp_path):
    user = imap4d_client(imap4d)
    box = mailbox_for(user, tmp_path, drafts_folder="Drafts")
    try:
        ref = box.create_draft(compose("thank_you.u1", "ana@acme.example", "Thank you - Acme"))
        # the user's own draft, which their client marked deleted and has not purged yet
        mine = message(ME, "mum@home.example", "Sunday lunch", PANEL_END, body="Mum,\n\nSee you Sunday.\n")
        user.append("Drafts", mine.as_bytes(policy=email.policy.SMTP), PANEL_END)
        user.flag_deleted("Drafts", "Sunday lunch")

        new = box.update_draft(written("thank_you.u1", ref, "ana@acme.example", "Thank you - Acme"),
                               compose("thank_you.u1", "ana@acme.example", "Thank you - Acme",
                                       body="Dear Ana,\n\nThank you for the talk about queues.\n"))
    finally:
        box.close()

    stored = user.messages("Drafts")
    subjects = {str(message_of(raw)["Subject"]): flags for _, flags, _, raw in stored}
    assert "Sunday lunch" in subjects and r"\Deleted" in subjects["Sunday lunch"]  # still there for the user
    ours = [(flags, message_of(raw)) for _, flags, _, raw in stored if message_of(raw)["X-Mailflow-Key"]]
    assert len(ours) == 2
    live = [m for flags, m in ours if r"\Deleted" not in flags]
    assert len(live) == 1 and "queues" in live[0].get_content()  # the old one flagged, not expunged
    assert new.version != ref.version


def test_the_doctor_says_a_removed_draft_stays_flagged_until_the_client_purges_it(imap4d, tmp_path):
    user = imap4d_client(imap4d)
    box = mailbox_for(user, tmp_path, drafts_folder="Drafts")
    try:
        checks = box.check(PANEL_END)
    finally:
        box.close()
    (removal,) = [c for c in checks if c.check == "imap removal"]
    assert removal.ok and "UIDPLUS" in removal.detail and "flagged" in removal.detail


def test_a_reply_filed_by_a_rule_on_imap4d_is_found_without_any_setting(imap4d, tmp_path):
    user = imap4d_client(imap4d)
    user.receive("Ana Lima <ana.lima@acme.example>", "Re: Thank you", PANEL_END + timedelta(hours=20),
                 folder="filed")
    user.receive("Sam Lee <sam.lee@acme.example>", "Re: Thank you", PANEL_END + timedelta(hours=21),
                 folder="trash")
    box = mailbox_for(user, tmp_path, drafts_folder="Drafts")
    try:
        found = box.replies_since(PANEL_END, domains=("acme.example",), addresses=())
    finally:
        box.close()
    assert sorted(m.sender for m in found) == ["ana.lima@acme.example", "sam.lee@acme.example"]


# ---- a server that can MOVE but has no UIDPLUS ---------------------------------------------------


@pytest.fixture(scope="module")
def moving_dovecot(tmp_path_factory):
    server = Dovecot(tmp_path_factory.mktemp("moving"), capabilities="IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE "
                                                                     "NAMESPACE MOVE SPECIAL-USE LIST-EXTENDED")
    server.start()
    yield server
    server.stop()


def test_without_uidplus_a_replaced_draft_is_moved_to_the_trash_and_the_users_flagged_mail_stays(
        moving_dovecot, tmp_path):
    user = ImapClient.new(moving_dovecot, drafts="Drafts")
    user.create("Trash")
    box = mailbox_for(user, tmp_path, drafts_folder="Drafts")
    try:
        ref = box.create_draft(compose("thank_you.m1", "ana@acme.example", "Thank you - Acme"))
        mine = message(ME, "mum@home.example", "Sunday lunch", PANEL_END, body="Mum,\n\nSee you Sunday.\n")
        user.append("Drafts", mine.as_bytes(policy=email.policy.SMTP), PANEL_END, r"(\Deleted \Seen)")
        assert box.removes_at_once
        box.update_draft(written("thank_you.m1", ref, "ana@acme.example", "Thank you - Acme"),
                         compose("thank_you.m1", "ana@acme.example", "Thank you - Acme",
                                 body="Dear Ana,\n\nThank you for the talk about queues.\n"))
        checks = box.check(PANEL_END)
    finally:
        box.close()

    drafts = {str(message_of(raw)["Subject"]): (flags, message_of(raw)) for _, flags, _, raw in user.messages("Drafts")}
    assert set(drafts) == {"Sunday lunch", "Thank you - Acme"}
    assert r"\Deleted" in drafts["Sunday lunch"][0]  # the user's, still there
    assert "queues" in drafts["Thank you - Acme"][1].get_content()
    trash = [message_of(raw) for *_, raw in user.messages("Trash")]
    assert [str(m["X-Mailflow-Key"]) for m in trash] == ["thank_you.m1", "doctor.check"]
    assert "moved to 'Trash'" in next(c.detail for c in checks if c.check == "imap removal")


def message_of(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


# ---- a Cyrus- or Courier-style namespace ---------------------------------------------------------


def test_a_first_run_below_inbox_creates_its_drafts_folder_from_the_namespace(cyrus_style, tmp_path):
    client = ImapClient.new(cyrus_style, drafts="INBOX.Drafts", sent="INBOX.Sent", prefix="INBOX.")
    home = Home(tmp_path)
    home.write_config(mail=client.mail_config(drafts_folder="Drafts"))
    home.write_calendar(PANEL)

    first = home.cli("run", "--now", NOW)

    assert first.exit_code == 0, first.output
    assert "Permission" not in first.output and "cannot" not in first.output
    assert len(client.drafts()) == 3  # in INBOX.Drafts
    client.send_as_written(key_to(client, "ana.lima@acme.example"), at="2021-11-25T18:42")
    later = run(home, client, "2021-11-25T19:00")
    assert not later["drafts"]  # found again below INBOX: nothing written twice
    assert thank_yous(home, "2021-11-25T19:00") == {
        "ana.lima@acme.example": "sent", "zoe.muller@acme.example": "draft", "raj.patel@acme.example": "draft"}
    assert len(client.drafts()) == 2


def test_a_reply_filed_below_inbox_by_a_rule_is_found(cyrus_style, tmp_path):
    client = ImapClient.new(cyrus_style, drafts="INBOX.Drafts", sent="INBOX.Sent", prefix="INBOX.")
    client.receive("Ana Lima <ana.lima@acme.example>", "Re: Thank you", PANEL_END + timedelta(hours=20),
                   folder="filed")
    client.receive("Sam Lee <sam.lee@acme.example>", "Re: Thank you", PANEL_END + timedelta(hours=21),
                   folder="trash")
    box = mailbox_for(client, tmp_path)
    try:
        found = box.replies_since(PANEL_END, domains=("acme.example",), addresses=())
    finally:
        box.close()
    assert sorted(m.sender for m in found) == ["ana.lima@acme.example", "sam.lee@acme.example"]


def test_a_drafts_folder_the_server_will_not_create_is_said_once_with_what_to_do(cyrus_style, tmp_path):
    client = ImapClient.new(cyrus_style, drafts="INBOX.Drafts", sent="INBOX.Sent", prefix="INBOX.")
    home = Home(tmp_path)
    # a name the server refuses ("Invalid mailbox name: Begins with '~'")
    home.write_config(mail=client.mail_config(drafts_folder="~Drafts"))
    home.write_calendar(PANEL)

    result = home.cli("run", "--now", NOW)

    assert result.exit_code == 1, result.output
    assert result.output.count("cannot create the folder") == 1, result.output
    assert result.output.count("hint: create a folder for drafts in your mail client") == 1, result.output
    assert "2 more items failed the same way" in result.output
