"""One suite of the ``Mailbox`` contract (``mailflow/mailboxes/base.py``), run on every backend.

A backend's test class gives two fixtures: ``mailbox`` (a ``Mailbox`` ready to use)
and ``user`` (what a person does in their own mail client: send a draft the way
clients really do, edit it, delete it, receive mail). The user actions follow
API_FACTS §8: a client that sends a draft gives it a new Message-ID and drops the
X- headers, so our key is gone from the sent copy.
"""

from __future__ import annotations

import mailbox as mailboxes
import shutil
import uuid
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest

from mailflow.config import Shared
from mailflow.mailboxes.base import TEST_KEY
from mailflow.mailboxes.maildir import MaildirMailbox, MaildirSettings
from mailflow.model import KEY_HEADER, Evidence, MessageState, NewDraft, ThreadRef, Written, message_id

ME = "alex@candidate.example"
WHEN = datetime(2026, 11, 24, 20, 0, tzinfo=timezone.utc)


def compose(key: str, to: str, subject: str, body: str = "Dear Ana,\n\nThank you.\n",
            reply_to: ThreadRef | None = None) -> NewDraft:
    msg = EmailMessage()
    msg["From"] = f"Alex Candidate <{ME}>"
    msg["To"] = to
    msg["Subject"] = f"Re: {reply_to.subject}" if reply_to else subject
    msg["Date"] = format_datetime(WHEN)
    msg["Message-ID"] = message_id(key, ME)
    if reply_to is not None:
        msg["In-Reply-To"] = reply_to.message_id
        msg["References"] = reply_to.message_id
    msg[KEY_HEADER] = key
    msg.set_content(body)
    return NewDraft(msg, key, reply_to=reply_to)


def written(key: str, ref, to: str, subject: str) -> Written:
    return Written(key, ref, to, subject, WHEN)


class MailboxContract:
    """What every mailbox backend must do. Subclasses provide ``mailbox`` and ``user``."""

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
        new_id = user.send_from_client("thank_you.c1", at=WHEN + timedelta(hours=1))
        status = mailbox.statuses([written("thank_you.c1", ref, "ana@acme.example", "Thank you - Acme"),
                                   written("thank_you.c2", other, "bo@acme.example", "Thank you - Acme")])
        sent = status["thank_you.c1"]
        assert sent.state == MessageState.SENT
        assert sent.evidence in (Evidence.RECIPIENT_SUBJECT, Evidence.THREAD)
        assert sent.sent_at is not None and abs(sent.sent_at - (WHEN + timedelta(hours=1))) < timedelta(minutes=5)
        assert sent.ref is not None and sent.ref.message_id.strip("<>") == new_id.strip("<>")
        assert status["thank_you.c2"].state == MessageState.DRAFT

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

    def test_an_unedited_draft_is_rewritten_in_place(self, mailbox, user):
        ref = mailbox.create_draft(compose("thank_you.g1", "ana@acme.example", "Thank you - Acme"))
        new = mailbox.update_draft(written("thank_you.g1", ref, "ana@acme.example", "Thank you - Acme"),
                                   compose("thank_you.g1", "ana@acme.example", "Thank you - Acme",
                                           body="Dear Ana,\n\nThank you for the talk about queues.\n"))
        drafts = [d for d in user.drafts() if d[KEY_HEADER] == "thank_you.g1"]
        assert len(drafts) == 1 and "queues" in drafts[0].get_content()
        status = mailbox.status(written("thank_you.g1", new, "ana@acme.example", "Thank you - Acme"))
        assert status.state == MessageState.DRAFT and not status.edited

    def test_delete_removes_a_draft_and_tolerates_one_already_gone(self, mailbox, user):
        ref = mailbox.create_draft(compose("follow_up.h1", "sam@acme.example", "Following up"))
        mailbox.delete("follow_up.h1", ref)
        assert [d for d in user.drafts() if d[KEY_HEADER] == "follow_up.h1"] == []
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
        assert not user.drafts(), "the test draft was left behind"
        assert mailbox.find(TEST_KEY) is None


# ---- Maildir ------------------------------------------------------------------------------------


class MaildirUser:
    """A Maildir client: drafts in ``drafts``, sent copies filed in ``sent``, mail in ``inbox``."""

    def __init__(self, root):
        self.root = root
        self.box = {name: mailboxes.Maildir(root / name, factory=None, create=True)
                    for name in ("drafts", "sent", "inbox")}

    def drafts(self) -> list[EmailMessage]:
        box = mailboxes.Maildir(self.root / "drafts", factory=None, create=False)
        return [message_from_bytes(box.get_bytes(k), policy=policy.default) for k in box.keys()]

    def _key(self, key: str) -> str:
        box = self.box["drafts"]
        box._refresh()  # noqa: SLF001 - see what mailflow wrote meanwhile
        return next(k for k in box.keys()
                    if message_from_bytes(box.get_bytes(k), policy=policy.default)[KEY_HEADER] == key)

    def send_from_client(self, key: str, *, at: datetime) -> str:
        box = self.box["drafts"]
        found = self._key(key)
        msg = message_from_bytes(box.get_bytes(found), policy=policy.default)
        box.discard(found)
        del msg[KEY_HEADER]
        del msg["Message-ID"]
        del msg["Date"]
        new_id = make_msgid(domain="client.example")
        msg["Message-ID"] = new_id
        msg["Date"] = format_datetime(at)
        self.box["sent"].add(msg)
        return new_id

    def send_new(self, to: str, subject: str, *, at: datetime) -> None:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = ME, to, subject
        msg["Date"], msg["Message-ID"] = format_datetime(at), make_msgid(domain="client.example")
        msg.set_content("...\n")
        self.box["sent"].add(msg)

    def delete(self, key: str) -> None:
        self.box["drafts"].discard(self._key(key))

    def edit(self, key: str, body: str) -> None:
        box = self.box["drafts"]
        found = self._key(key)
        msg = message_from_bytes(box.get_bytes(found), policy=policy.default)
        msg.set_content(body)
        box.discard(found)  # a client saves an edited draft as a new file
        box.add(mailboxes.MaildirMessage(msg))

    def receive(self, sender: str, subject: str, when: datetime) -> None:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = sender, ME, subject
        msg["Date"], msg["Message-ID"] = format_datetime(when), f"<{uuid.uuid4()}@acme.example>"
        msg.set_content("...\n")
        self.box["inbox"].add(msg)


class TestMaildir(MailboxContract):
    @pytest.fixture
    def user(self, tmp_path):
        return MaildirUser(tmp_path)

    @pytest.fixture
    def mailbox(self, tmp_path, user):
        shared = Shared(base_dir=tmp_path, me=frozenset({ME}), my_email=ME)
        return MaildirMailbox(MaildirSettings(path="drafts", sent="sent", inbox="inbox"), shared)

    def test_without_a_sent_folder_a_draft_that_left_is_deleted_not_an_error(self, tmp_path):
        shared = Shared(base_dir=tmp_path, me=frozenset({ME}), my_email=ME)
        box = MaildirMailbox(MaildirSettings(path="drafts"), shared)
        ref = box.create_draft(compose("thank_you.z1", "ana@acme.example", "Thank you - Acme"))
        shutil.rmtree(tmp_path / "drafts" / "cur")
        (tmp_path / "drafts" / "cur").mkdir()
        assert box.status(written("thank_you.z1", ref, "ana@acme.example", "x")).state == MessageState.DELETED

    def test_a_missing_sent_folder_is_an_error_never_a_deletion(self, tmp_path):
        shared = Shared(base_dir=tmp_path, me=frozenset({ME}), my_email=ME)
        box = MaildirMailbox(MaildirSettings(path="drafts", sent="Sent-misspelt"), shared)
        ref = box.create_draft(compose("thank_you.z2", "ana@acme.example", "Thank you - Acme"))
        box.delete("thank_you.z2", ref)
        from mailflow.errors import MailboxError

        with pytest.raises(MailboxError, match="Sent-misspelt"):
            box.status(written("thank_you.z2", ref, "ana@acme.example", "x"))
        assert any(not c.ok and "Sent-misspelt" in c.detail for c in box.check(WHEN))


# ---- IMAP (the tests' Dovecot) -------------------------------------------------------------------

from tests.test_imap import SENT_WIRE, dovecot  # noqa: E402,F401 - a fixture: one server for this module

_imap_users = iter(range(1, 1_000_000))


class ImapUser:
    """A mail client on an IMAP account: it sends a draft as a message of its own
    (filed in the ``\\Sent`` folder), saves an edited draft as a new message, and
    receives mail in INBOX."""

    DRAFTS = "Drafts"

    def __init__(self, server, name: str, password: str):
        self.server, self.name, self.password = server, name, password

    def _client(self):
        return self.server.client(self.name, self.password)

    def drafts(self) -> list[EmailMessage]:
        with self._client() as conn:
            if conn.select(f'"{self.DRAFTS}"', readonly=True)[0] != "OK":
                return []
            _, data = conn.uid("FETCH", "1:*", "(BODY.PEEK[])")
        return [message_from_bytes(part[1], policy=policy.default) for part in data if isinstance(part, tuple)]

    def _take(self, folder: str, key: str) -> EmailMessage:
        """Remove the message with our key from ``folder``; returns it."""
        with self._client() as conn:
            conn.select(f'"{folder}"')
            _, (uids,) = conn.uid("SEARCH", "HEADER", KEY_HEADER, f'"{key}"')
            (uid,) = uids.split()
            _, data = conn.uid("FETCH", uid, "(BODY.PEEK[])")
            conn.uid("STORE", uid, "+FLAGS", r"(\Deleted)")
            conn.expunge()
        return message_from_bytes(data[0][1], policy=policy.default)

    def _append(self, folder: str, msg: EmailMessage, when: datetime, flags: str | None = None) -> None:
        with self._client() as conn:
            typ, data = conn.append(f'"{folder}"', flags, when, msg.as_bytes(policy=policy.SMTP))
            assert typ == "OK", data

    def send_from_client(self, key: str, *, at: datetime) -> str:
        msg = self._take(self.DRAFTS, key)
        del msg[KEY_HEADER]
        del msg["Message-ID"]
        del msg["Date"]
        new_id = make_msgid(domain="client.example")
        msg["Message-ID"] = new_id
        msg["Date"] = format_datetime(at)
        self._append(SENT_WIRE, msg, at, r"(\Seen)")
        return new_id

    def send_new(self, to: str, subject: str, *, at: datetime) -> None:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = ME, to, subject
        msg["Date"], msg["Message-ID"] = format_datetime(at), make_msgid(domain="client.example")
        msg.set_content("...\n")
        self._append(SENT_WIRE, msg, at, r"(\Seen)")

    def delete(self, key: str) -> None:
        self._take(self.DRAFTS, key)

    def edit(self, key: str, body: str) -> None:
        msg = self._take(self.DRAFTS, key)
        msg.set_content(body)
        self._append(self.DRAFTS, msg, WHEN, r"(\Draft \Seen)")  # saved again: a new UID

    def receive(self, sender: str, subject: str, when: datetime) -> None:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = sender, ME, subject
        msg["Date"], msg["Message-ID"] = format_datetime(when), f"<{uuid.uuid4()}@acme.example>"
        msg.set_content("...\n")
        self._append("INBOX", msg, when)


class TestImap(MailboxContract):
    @pytest.fixture
    def user(self, dovecot):
        name, password = f"contract{next(_imap_users)}@example.org", "staple-7"
        dovecot.add_user(name, password)
        return ImapUser(dovecot, name, password)

    @pytest.fixture
    def mailbox(self, tmp_path, dovecot, user):
        from mailflow.mailboxes.imap import ImapMailbox, ImapSettings

        settings = ImapSettings(host="127.0.0.1", port=dovecot.port, security="none", username=user.name,
                                password_cmd=f"echo {user.password}", drafts_folder=ImapUser.DRAFTS)
        box = ImapMailbox(settings, Shared(base_dir=tmp_path, me=frozenset({ME}), my_email=ME))
        yield box
        box.close()


# ---- Gmail (the fake Google server) --------------------------------------------------------------


def _ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


class GmailUser:
    """The Gmail web UI: it sends a draft with a Message-ID of its own and no X-
    headers, saves an edit as a new message of the same draft."""

    def __init__(self, fake):
        self.fake = fake

    def drafts(self) -> list[EmailMessage]:
        return [m.parsed for m in self.fake.draft_messages()]

    def send_from_client(self, key: str, *, at: datetime) -> str:
        self.fake.set_time(at)
        return self.fake.user_sends_from_web(self.fake.draft_id_of(key)).header("Message-ID")

    def send_new(self, to: str, subject: str, *, at: datetime) -> None:
        self.fake.user_sends_new(to, subject, when_ms=_ms(at))

    def delete(self, key: str) -> None:
        self.fake.user_deletes(self.fake.draft_id_of(key))

    def edit(self, key: str, body: str) -> None:
        self.fake.user_edits(self.fake.draft_id_of(key), body=body)

    def receive(self, sender: str, subject: str, when: datetime) -> None:
        self.fake.deliver(sender, subject, when_ms=_ms(when))


class TestGmail(MailboxContract):
    @pytest.fixture
    def fake(self):
        from tests.fakes.google import running

        with running() as server:
            yield server

    @pytest.fixture
    def user(self, fake):
        return GmailUser(fake)

    @pytest.fixture
    def mailbox(self, tmp_path, fake):
        from mailflow import config as config_module
        from mailflow.mailboxes.gmail import GmailMailbox
        from mailflow.providers.google.login import SCOPES
        from tests.fakes.google import google_config_text, write_login

        token = tmp_path / "google-token.json"
        write_login(token, fake, SCOPES)
        config = config_module.loads(google_config_text(fake, token), source=tmp_path / "config.toml")
        return GmailMailbox(config.mail.gmail, config.shared, sleep=lambda _: None)


# ---- Outlook (the fake Microsoft Graph) ------------------------------------------------------------


class OutlookUser:
    """Outlook on the web: it sends a draft as a new item in Sent Items with an
    internetMessageId of its own and none of our headers or properties, and
    edits a draft in place (a new change key)."""

    ORIGINAL = "<orig@candidate.example>"

    def __init__(self, fake):
        self.fake = fake
        # the note a follow-up replies to is in the mailbox, as it is when mailflow writes one
        fake.add_message("sentitems", subject="Thank you - Acme", isDraft=False, internetMessageId=self.ORIGINAL,
                         toRecipients=[{"emailAddress": {"address": "sam@acme.example"}}],
                         sentDateTime="2026-11-20T10:00:00Z")

    def drafts(self) -> list[EmailMessage]:
        from mailflow.mailboxes.outlook import KEY_PROPERTY

        found = []
        for m in self.fake.messages.values():
            if m.folder != "drafts":
                continue
            msg = EmailMessage()
            msg["To"] = ", ".join(p["emailAddress"]["address"] for p in m.data.get("toRecipients") or [])
            msg["Subject"] = m.data.get("subject", "")
            if KEY_PROPERTY in m.props:
                msg[KEY_HEADER] = m.props[KEY_PROPERTY]
            if m.data.get("inReplyTo"):  # Graph sets both on a reply it makes
                msg["In-Reply-To"] = msg["References"] = m.data["inReplyTo"]
            msg.set_content(m.data["body"]["content"])
            found.append(msg)
        return found

    def send_from_client(self, key: str, *, at: datetime) -> str:
        self.fake.advance(at)
        return self.fake.user_sends_from_web(self.fake.message_by_key(key)).data["internetMessageId"]

    def send_new(self, to: str, subject: str, *, at: datetime) -> None:
        when = at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.fake.add_message("sentitems", subject=subject, isDraft=False, sentDateTime=when, receivedDateTime=when,
                              toRecipients=[{"emailAddress": {"address": to}}])

    def delete(self, key: str) -> None:
        self.fake.user_deletes(self.fake.message_by_key(key))

    def edit(self, key: str, body: str) -> None:
        self.fake.user_edits(self.fake.message_by_key(key), body=body)

    def receive(self, sender: str, subject: str, when: datetime) -> None:
        self.fake.receive(sender, subject, when)


class TestOutlook(MailboxContract):
    @pytest.fixture
    def fake(self, tmp_path, monkeypatch):
        from tests.fakes.graph import running

        with running(tmp_path) as server:
            monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.cert))
            yield server

    @pytest.fixture
    def user(self, fake):
        return OutlookUser(fake)

    @pytest.fixture
    def mailbox(self, tmp_path, fake, user):
        from mailflow.mailboxes.outlook import OutlookMailbox
        from tests.fakes.graph import outlook_config, sign_in, trusting_session

        config = outlook_config(fake, tmp_path)
        sign_in(fake, config)
        return OutlookMailbox(config.mail.outlook, config.shared, None, http_client=trusting_session(fake),
                              sleep=lambda _: None)
