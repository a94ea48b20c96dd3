"""What the user does in their own mail client, one class per kind of mailbox, as real
clients do it (API_FACTS §8): the mailbox contract and the user-action scenarios act
through these, and read what is there back through them.

Every client has the same methods; a draft is named by its ``X-Mailflow-Key``:

``drafts()``
    every message in the drafts folder, parsed (a Maildir's, an IMAP folder's whole,
    what Gmail or Graph hold as drafts);
``send_from_client(key, at=, subject=None, new_thread=False)``
    the client sends the draft as most clients do: a Message-ID and Date of its own, our
    X- headers dropped, the subject as the user left it, in a new thread if asked;
    returns the sent copy;
``send_as_written(key, at=)``
    a client that sends the message as it was written; returns the sent copy;
``send_new(to, subject, at=)``
    the user writes and sends a message of their own;
``delete(key, permanently=False)``
    the user throws the draft away (to the trash, or for good where that differs);
``edit(key, body)``
    the user rewrites the draft's text and the client saves it;
``open_and_save(key)``
    the user opens the draft and saves it without changing a word, as the client saves it
    (re-wrapped ``format=flowed`` in a desktop client, HTML in Outlook; Gmail saves nothing);
``receive(sender, subject, when, folder="inbox", in_reply_to="", headers=None)``
    mail arrives in the inbox, the junk folder (``"junk"``) or a folder a rule filed it
    in (``"filed"``);
``in_thread_of(key, sent)``
    whether the draft is a reply in the conversation of ``sent``, as the service threads;
``ids()``
    the identity of each draft as the service names it (a rewrite in place keeps it);
``snapshot()``
    a value that changes with anything written to the drafts;
``clock(when)``
    the service's clock: mail it stamps itself is stamped ``when``;
``unreadable(folder)``
    from now on the ``"drafts"`` or ``"sent"`` folder cannot be read (its permissions, or the
    service refuses).

``at`` and ``when`` are aware datetimes, or ISO local times in New York (``"2026-11-04T09:00"``).

The clients: ``MaildirClient`` (and ``maildir_setup``, a home on Maildirs as the follow-up
stories use it), ``ImapClient`` (``ImapClient.new``: a user of its own on the tests'
Dovecot; ``mail_config``: the ``[mail]`` section that points mailflow at it),
``GmailClient`` (the Gmail web UI on the fake Google) and ``OutlookClient`` (Outlook on
the web on the fake Graph).
"""

from __future__ import annotations

import email
import email.policy
import itertools
import json
import mailbox
import os
import re
import textwrap
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.harness.calendars import FINAL_ROUND, ME
from tests.harness.home import maildir
from tests.harness import messages
from tests.harness.servers import DRAFTS, DRAFTS_WIRE, SENT_WIRE

KEY = "X-Mailflow-Key"
NEW_YORK = ZoneInfo("America/New_York")


def moment(when: datetime | str) -> datetime:
    """An aware datetime; a string is local time in New York."""
    if isinstance(when, str):
        when = datetime.fromisoformat(when)
    return when if when.tzinfo else when.replace(tzinfo=NEW_YORK)


def parse(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def as_written_by_a_client(message: EmailMessage, at: datetime, subject: str | None = None) -> EmailMessage:
    """``message`` as a client sends it: no X- headers, its own Message-ID and Date."""
    for name in {n for n in message.keys() if n.lower().startswith("x-")}:
        del message[name]
    del message["Message-ID"], message["Date"]
    message["Message-ID"] = make_msgid(domain="client.example")
    message["Date"] = format_datetime(at)
    if subject is not None:
        del message["Subject"]
        message["Subject"] = subject
    return message


def as_saved_by_a_desktop_client(message: EmailMessage) -> EmailMessage:
    """``message`` as Thunderbird saves a plain-text draft: ``format=flowed`` (RFC 3676),
    each long line re-wrapped at 72 columns with a trailing space where it was broken."""
    lines: list[str] = []
    for line in message.get_content().replace("\r\n", "\n").split("\n"):
        chunks = textwrap.wrap(line, 72, break_long_words=False, break_on_hyphens=False) if len(line) > 72 else [line]
        lines += [chunk + " " for chunk in chunks[:-1]] + chunks[-1:]
    message.set_content("\n".join(lines), params={"format": "flowed"}, cte="8bit")
    return message


def replies_by_headers(draft: EmailMessage, sent: EmailMessage) -> bool:
    """How a mail client threads: the draft names the sent message in In-Reply-To and References."""
    message_id = str(sent["Message-ID"])
    return str(draft["In-Reply-To"]) == message_id and message_id in str(draft["References"])


class MaildirClient:
    """A mail client on Maildirs in ``root``: drafts in ``drafts``, sent mail filed in
    ``sent`` (when it files any), mail arriving in ``inbox``; its junk filter, its rules
    and its trash file mail in Maildir++ folders of the inbox (``.Junk``, ``.Job search``,
    ``.Trash``), as Dovecot, Courier, mutt and offlineimap lay them out."""

    FOLDERS = {"junk": ".Junk", "filed": ".Job search", "trash": ".Trash"}

    def __init__(self, root: Path, *, sent: str | None = "sent", inbox: str = "inbox",
                 create: tuple[str, ...] = ("sent", "inbox")):
        self.drafts_path = root / "drafts"
        self.sent_path = root / sent if sent else None
        self.inbox_path = root / inbox
        for name in create:
            mailbox.Maildir(root / name, create=True)

    def _drafts(self) -> mailbox.Maildir:
        return mailbox.Maildir(self.drafts_path, factory=None, create=False)

    def drafts(self) -> list[EmailMessage]:
        if not self.drafts_path.exists():
            return []
        box = self._drafts()
        return [parse(box.get_bytes(k)) for k in box.keys()]

    def file_of(self, key: str) -> Path:
        """The file holding the draft: what a client edits."""
        box = self._drafts()
        (found,) = [k for k in box.keys() if parse(box.get_bytes(k))[KEY] == key]
        return self.drafts_path / box._lookup(found)  # noqa: SLF001 - the file's path within the Maildir

    def _take(self, key: str) -> EmailMessage:
        path = self.file_of(key)
        message = parse(path.read_bytes())
        path.unlink()
        return message

    def _file_sent(self, message: EmailMessage) -> None:
        if self.sent_path is not None:  # a client without a sent folder mailflow sees keeps no copy it can read
            copy = mailbox.MaildirMessage(message)
            copy.set_flags("S")
            mailbox.Maildir(self.sent_path, create=True).add(copy)

    def send_from_client(self, key: str, *, at: datetime | str, subject: str | None = None,
                         new_thread: bool = False) -> EmailMessage:
        sent = as_written_by_a_client(self._take(key), moment(at), subject)
        self._file_sent(sent)
        return sent

    def send_as_written(self, key: str, *, at: datetime | str) -> EmailMessage:
        sent = self._take(key)
        del sent["Date"]
        sent["Date"] = format_datetime(moment(at))
        self._file_sent(sent)
        return sent

    def send(self, kind: str, to: str, when: datetime | str) -> EmailMessage:
        """The draft of ``kind`` to ``to`` sent as written (the follow-up stories' client)."""
        (key,) = [str(m[KEY]) for m in self.drafts() if str(m[KEY]).startswith(kind) and to in str(m["To"])]
        return self.send_as_written(key, at=when)

    def send_new(self, to: str, subject: str, *, at: datetime | str) -> None:
        self._file_sent(messages.message(ME, to, subject, moment(at), body="...\n"))

    def delete(self, key: str, *, permanently: bool = False) -> None:
        self.file_of(key).unlink()

    def edit(self, key: str, body: str) -> None:
        message = self._take(key)
        message.set_content(body)
        self._drafts().add(mailbox.MaildirMessage(message))  # a client saves an edited draft as a new file

    def open_and_save(self, key: str) -> None:
        self._drafts().add(mailbox.MaildirMessage(as_saved_by_a_desktop_client(self._take(key))))

    def receive(self, sender: str, subject: str, when: datetime | str, body: str = "Thanks, Alex.\n", *,
                folder: str = "inbox", in_reply_to: str = "", headers: dict[str, str] | None = None,
                **more: str) -> None:
        received = messages.message(sender, ME, subject, moment(when), body=body, in_reply_to=in_reply_to,
                                    headers={**(headers or {}), **more})
        where = self.inbox_path / self.FOLDERS[folder] if folder != "inbox" else self.inbox_path
        if folder != "inbox" and not where.exists():
            mailbox.Maildir(where, create=True)
            (where / "maildirfolder").touch()  # a Maildir++ folder says so
        mailbox.Maildir(where, create=True).add(mailbox.MaildirMessage(received))

    def receive_raw(self, raw: bytes, sender: str, when: datetime | str) -> None:
        """``raw`` arrives as it was sent (a stranger's bytes, whatever they hold)."""
        mailbox.Maildir(self.inbox_path, create=True).add(raw)

    def in_thread_of(self, key: str, sent: EmailMessage) -> bool:
        (draft,) = [m for m in self.drafts() if m[KEY] == key]
        return replies_by_headers(draft, sent)

    def ids(self) -> set[str]:
        """The drafts' file names (a rewrite in place keeps the file)."""
        return {p.name for sub in ("new", "cur") for p in (self.drafts_path / sub).glob("*")}

    def snapshot(self) -> list[tuple[str, bytes]]:
        return sorted((p.name, p.read_bytes()) for sub in ("new", "cur")
                      for p in (self.drafts_path / sub).glob("*"))

    def clock(self, when: datetime) -> None:
        """A Maildir has no clock of its own."""

    def unreadable(self, folder: str) -> None:
        """The Maildir's ``cur`` is no folder any more (as root, permissions do not stop a read)."""
        path = {"drafts": self.drafts_path, "sent": self.sent_path}[folder]
        (path / "cur").rename(path / "cur.away")
        (path / "cur").write_text("")


def maildir_setup(home, *events: str, sent: bool = True, inbox: bool = True, extra: str = "") -> MaildirClient:
    """``home`` on Maildirs (the follow-up stories' setup): its config with a sent and an
    inbox Maildir (unless told otherwise) and ``extra``, ``events`` in its calendar (default:
    ``FINAL_ROUND``); returns the user's client."""
    home.write_config(extra, mail=maildir(sent="sent" if sent else "", inbox="inbox" if inbox else ""))
    home.write_calendar(*(events or (FINAL_ROUND,)))
    return MaildirClient(home.root, sent="sent" if sent else None, create=("inbox",) if inbox else ())


_imap_users = itertools.count(1)


class ImapClient:
    """A mail client on an IMAP account (the tests' Dovecot): it sends a draft by
    filing what it sent in the ``\\Sent`` folder and removing the draft, saves an
    edited draft as a new message (a new UID), and deletes by expunging. Folders are
    given as they go over the wire (modified UTF-7); a reply lands in INBOX, in
    ``Junk`` or ``Spam`` (``"junk"``, ``"spam"``), in ``Job search`` (``"filed"``), or
    the user read it and deleted it to ``Trash`` (``"trash"``); ``prefix`` is put before
    every folder but INBOX (``"INBOX."`` on Cyrus-style servers).
    ``ImapClient.new(server)`` is a new user on ``server``, with empty folders.

    ``drafts()`` shows every message in the drafts folder, also one flagged ``\\Deleted``
    and not yet expunged; with ``hide_deleted`` it shows what a client that hides
    those shows: for servers where mailflow can only flag what it removes
    (``Mailbox.removes_at_once`` false). ``files_by_date_header``: the server files a
    message under its Date header whatever date APPEND gives (imap4d), so this client
    dates what it sends when it sends it, as clients do. The client opens folders
    read-write, as clients do (imap4d fixes a new message's UID only then)."""

    FILED = "Job search"

    def __init__(self, server, user: str, password: str, *, drafts: str = DRAFTS_WIRE, sent: str = SENT_WIRE,
                 prefix: str = "", hide_deleted: bool = False, files_by_date_header: bool = False):
        self.server, self.user, self.password = server, user, password
        self.drafts_folder, self.sent_folder = drafts, sent
        self.hide_deleted = hide_deleted
        self.files_by_date_header = files_by_date_header
        self.folders = {"inbox": "INBOX", **{role: prefix + name for role, name in (
            ("junk", "Junk"), ("spam", "Spam"), ("filed", self.FILED), ("trash", "Trash"))}}

    @classmethod
    def new(cls, server, password: str = "horse-battery-7", **options) -> ImapClient:
        user = f"user{next(_imap_users)}@example.org"
        server.add_user(user, password)
        return cls(server, user, password, **options)

    def mail_config(self, *, port: int | None = None, password_cmd: str | None = None,
                    drafts_folder: str | None = None, reply_folders: tuple[str, ...] = ()) -> str:
        """``[mail]`` on this account, as mailflow is told about it (``port``: another
        server in front of it)."""
        cmd = f"echo {self.password}" if password_cmd is None else password_cmd
        if drafts_folder is None:
            drafts_folder = DRAFTS if self.drafts_folder == DRAFTS_WIRE else self.drafts_folder
        folders = f"reply_folders = {json.dumps(list(reply_folders))}\n" if reply_folders else ""
        return (f'[mail]\nbackend = "imap"\n[mail.imap]\nhost = "127.0.0.1"\nport = {port or self.server.port}\n'
                f'security = "none"\nusername = "{self.user}"\npassword_cmd = "{cmd}"\n'
                f'drafts_folder = "{drafts_folder}"\n{folders}')

    def create(self, folder: str) -> None:
        with self.connect() as conn:
            assert conn.create(f'"{folder}"')[0] == "OK"

    def connect(self):
        return self.server.client(self.user, self.password)

    def messages(self, folder: str) -> list[tuple[str, set[str], str, bytes]]:
        """(UID, flags, INTERNALDATE, raw message) of every message in a folder."""
        with self.connect() as conn:
            typ, _ = conn.select(f'"{folder}"')
            if typ != "OK":
                return []
            _, data = conn.uid("FETCH", "1:*", "(UID FLAGS INTERNALDATE BODY.PEEK[])")
        found = []
        for part in data:
            if isinstance(part, tuple):
                meta = part[0].decode()
                flags = set(re.search(r"FLAGS \(([^)]*)\)", meta).group(1).split())
                found.append((re.search(r"UID (\d+)", meta).group(1), flags,
                              re.search(r'INTERNALDATE "([^"]+)"', meta).group(1), part[1]))
        return found

    def drafts(self) -> list[EmailMessage]:
        """Every message in the drafts folder, also one flagged ``\\Deleted`` but not expunged
        (unless ``hide_deleted``)."""
        return [parse(raw) for _, flags, _, raw in self.messages(self.drafts_folder)
                if not (self.hide_deleted and "\\Deleted" in flags)]

    def flag_deleted(self, folder: str, subject: str) -> None:
        """What a client set to "mark as deleted" does to the message with this subject: it
        stays, flagged ``\\Deleted``, until the user purges the folder."""
        with self.connect() as conn:
            conn.select(f'"{folder}"')
            _, (uids,) = conn.uid("SEARCH", "SUBJECT", f'"{subject}"')
            (uid,) = uids.split()
            assert conn.uid("STORE", uid, "+FLAGS", r"(\Deleted)")[0] == "OK"

    def expunge(self, folder: str, key: str) -> bytes:
        """What a mail client does when the user deletes a message; returns it."""
        with self.connect() as conn:
            conn.select(f'"{folder}"')
            _, (uids,) = conn.uid("SEARCH", "HEADER", KEY, f'"{key}"')
            (uid,) = uids.split()
            _, data = conn.uid("FETCH", uid, "(BODY.PEEK[])")
            conn.uid("STORE", uid, "+FLAGS", r"(\Deleted)")
            conn.expunge()
        return data[0][1]

    def append(self, folder: str, raw: bytes, when: datetime, flags: str = "") -> None:
        with self.connect() as conn:
            typ, data = conn.append(f'"{folder}"', flags or None, when, raw)
            assert typ == "OK", data

    def send_from_client(self, key: str, *, at: datetime | str, subject: str | None = None,
                         new_thread: bool = False) -> EmailMessage:
        at = moment(at)
        sent = as_written_by_a_client(parse(self.expunge(self.drafts_folder, key)), at, subject)
        self.append(self.sent_folder, sent.as_bytes(policy=email.policy.SMTP), at, r"(\Seen)")
        return sent

    def send_as_written(self, key: str, *, at: datetime | str) -> EmailMessage:
        raw = self.expunge(self.drafts_folder, key)
        if self.files_by_date_header:
            sent = parse(raw)
            del sent["Date"]
            sent["Date"] = format_datetime(moment(at))
            raw = sent.as_bytes(policy=email.policy.SMTP)
        self.append(self.sent_folder, raw, moment(at), r"(\Seen)")
        return parse(raw)

    def send_new(self, to: str, subject: str, *, at: datetime | str) -> None:
        at = moment(at)
        sent = messages.message(ME, to, subject, at, body="...\n")
        self.append(self.sent_folder, sent.as_bytes(policy=email.policy.SMTP), at, r"(\Seen)")

    def delete(self, key: str, *, permanently: bool = False) -> None:
        self.expunge(self.drafts_folder, key)

    def edit(self, key: str, body: str) -> None:
        message = parse(self.expunge(self.drafts_folder, key))
        message.set_content(body)
        self.append(self.drafts_folder, message.as_bytes(policy=email.policy.SMTP), message["Date"].datetime,
                    r"(\Draft \Seen)")  # saved again: a new UID

    def open_and_save(self, key: str) -> None:
        message = as_saved_by_a_desktop_client(parse(self.expunge(self.drafts_folder, key)))
        self.append(self.drafts_folder, message.as_bytes(policy=email.policy.SMTP), message["Date"].datetime,
                    r"(\Draft \Seen)")

    def receive(self, sender: str, subject: str, when: datetime | str, body: str = "Thanks, Alex.\n", *,
                folder: str = "inbox", in_reply_to: str = "", headers: dict[str, str] | None = None,
                **more: str) -> None:
        when = moment(when)
        name = self.folders.get(folder, folder)
        if name != "INBOX":
            with self.connect() as conn:
                conn.create(f'"{name}"')  # NO when it is there already
        received = messages.message(sender, ME, subject, when, body=body, in_reply_to=in_reply_to,
                                    headers={**(headers or {}), **more})
        self.append(name, received.as_bytes(policy=email.policy.SMTP), when)

    def receive_raw(self, raw: bytes, sender: str, when: datetime | str) -> None:
        """``raw`` arrives in INBOX as it was sent (a stranger's bytes, whatever they hold)."""
        self.append("INBOX", raw, moment(when))

    def in_thread_of(self, key: str, sent: EmailMessage) -> bool:
        (draft,) = [m for m in self.drafts() if m[KEY] == key]
        return replies_by_headers(draft, sent)

    def ids(self) -> set[str]:
        """IMAP has no identity that survives a rewrite (a new UID): the Message-IDs."""
        return {str(m["Message-ID"]) for m in self.drafts()}

    def snapshot(self) -> tuple[int, list]:
        """The drafts folder's UIDNEXT (any APPEND moves it) and its messages."""
        with self.connect() as conn:
            typ, data = conn.status(f'"{self.drafts_folder}"', "(UIDNEXT)")
        uidnext = int(re.search(rb"UIDNEXT (\d+)", data[0]).group(1)) if typ == "OK" else 0
        # \Recent is the session's, not the message's (RFC 3501 §2.3.2): the next session sees it gone
        messages = [(uid, sorted(flags - {"\\Recent"}), raw) for uid, flags, _, raw in self.messages(self.drafts_folder)]
        if not getattr(self.server, "stable_uids", True):
            # imap4d numbers a message no client opened read-write anew in each read-only
            # session (never reusing a number): what was written is compared, not where
            return len(messages), sorted((flags, raw) for _, flags, raw in messages)
        return uidnext, sorted(messages)

    def clock(self, when: datetime) -> None:
        """Dovecot keeps the dates it is given (all in the past)."""

    def unreadable(self, folder: str) -> None:
        """The folder's files are closed to the mail processes: the server answers NO to SELECT."""
        wire = {"drafts": self.drafts_folder, "sent": self.sent_folder}[folder]
        # Dovecot keeps a folder as ".Name" in the user's Maildir; imap4d as "Name"
        mail = self.server.root / "mail"
        home = mail / self.user if (mail / self.user).is_dir() else mail / self.user.partition("@")[0]
        (found,) = [p for p in home.rglob("*")
                    if p.is_dir() and p.name in ("." + wire, wire) and (p / "cur").is_dir()]
        if os.geteuid() == 0 and not getattr(self.server, "drops_privileges", True):
            # a server running as root reads through any permission: the folder is no folder any more
            found.rename(found.with_name(found.name + ".away"))
            found.write_text("")
        else:
            found.chmod(0)


def _ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


class GmailClient:
    """The Gmail web UI on the fake Google server: it sends a draft with a Message-ID
    of its own and no X- headers, saves an edit as a new message of the same draft
    (also without our key, so a draft is remembered by its id once named), discards a
    draft for good. Junk is the SPAM label, a rule's folder a label of the user's."""

    def __init__(self, fake):
        self.fake = fake
        self._draft_ids: dict[str, str] = {}

    def _draft(self, key: str) -> str:
        known = self._draft_ids.get(key)
        if known is None or known not in self.fake.drafts:
            known = self._draft_ids[key] = self.fake.draft_id_of(key)
        return known

    def drafts(self) -> list[EmailMessage]:
        return [m.parsed for m in self.fake.draft_messages()]

    def send_from_client(self, key: str, *, at: datetime | str, subject: str | None = None,
                         new_thread: bool = False) -> EmailMessage:
        draft = self._draft(key)
        self.fake.set_time(moment(at))
        return self.fake.user_sends_from_web(draft, subject=subject, new_thread=new_thread).parsed

    def send_as_written(self, key: str, *, at: datetime | str) -> EmailMessage:
        draft = self._draft(key)
        self.fake.set_time(moment(at))
        return self.fake.user_sends(draft).parsed

    def send_new(self, to: str, subject: str, *, at: datetime | str) -> None:
        self.fake.user_sends_new(to, subject, when_ms=_ms(moment(at)))

    def delete(self, key: str, *, permanently: bool = False) -> None:
        self.fake.user_deletes(self._draft(key))

    def edit(self, key: str, body: str) -> None:
        self.fake.user_edits(self._draft(key), body=body)

    def open_and_save(self, key: str) -> None:
        """The Gmail web UI saves a draft only when something in it changed: nothing happens."""

    LABELS = {"inbox": ("INBOX", "UNREAD"), "junk": ("SPAM",), "filed": ("Label_7", "UNREAD"), "trash": ("TRASH",)}

    def receive(self, sender: str, subject: str, when: datetime | str, body: str = "Thanks, Alex.\n", *,
                folder: str = "inbox", in_reply_to: str = "", headers: dict[str, str] | None = None,
                **more: str) -> None:
        self.fake.deliver(sender, subject, body=body, when_ms=_ms(moment(when)), in_reply_to=in_reply_to,
                          headers={k.replace("_", "-"): v for k, v in {**(headers or {}), **more}.items()},
                          labels=self.LABELS[folder])

    def receive_raw(self, raw: bytes, sender: str, when: datetime | str) -> None:
        """``raw`` arrives as it was sent; Gmail's search sees it as from ``sender``."""
        self.fake.deliver_raw(raw, sender, when_ms=_ms(moment(when)))

    def in_thread_of(self, key: str, sent: EmailMessage) -> bool:
        """In Gmail's thread of the sent copy, and a reply to it by its headers."""
        message = self.fake.messages[self.fake.drafts[self._draft(key)]]
        (copy,) = [m for m in self.fake.sent_messages() if m.header("Message-ID") == str(sent["Message-ID"])]
        return message.thread_id == copy.thread_id and replies_by_headers(message.parsed, sent)

    def ids(self) -> set[str]:
        return set(self.fake.drafts)

    def snapshot(self) -> tuple:
        """The drafts (id, message id, text) and how often the drafts API was asked to write."""
        writes = {r: n for r, n in self.fake.counts.items()
                  if r in ("drafts.create", "drafts.update", "drafts.delete", "drafts.send")}
        return sorted((d, m, self.fake.messages[m].raw) for d, m in self.fake.drafts.items()), writes

    def clock(self, when: datetime) -> None:
        self.fake.set_time(when)

    def unreadable(self, folder: str) -> None:
        """Gmail refuses to list the drafts, or to list or read messages (403: forbidden)."""
        for route in {"drafts": ("drafts.list",), "sent": ("messages.list", "messages.get")}[folder]:
            self.fake.fail(route, 403, reason="forbidden", times=100)


class OutlookClient:
    """Outlook on the web on the fake Graph: it sends a draft as a new item in Sent
    Items with an internetMessageId of its own and none of our headers or properties,
    edits a draft in place (a new change key), deletes to Deleted Items (or for good).
    Junk is Junk Email; a rule files mail into a folder under the Inbox."""

    def __init__(self, fake):
        self.fake = fake
        self._filed = ""

    def _message(self, key: str):
        found = self.fake.message_by_key(key)
        assert found is not None, f"no message with the key {key}"
        return found

    @staticmethod
    def key_of(message) -> str | None:
        """The key mailflow put in the message's extended property."""
        return next((v for k, v in message.props.items() if k.endswith("Name X-Mailflow-Key")), None)

    @staticmethod
    def parsed(message) -> EmailMessage:
        """A Graph message as a mail client shows its headers."""
        data = message.data
        msg = EmailMessage()
        msg["To"] = ", ".join(p["emailAddress"]["address"] for p in data.get("toRecipients") or [])
        msg["Subject"] = data.get("subject", "")
        msg["Message-ID"] = data.get("internetMessageId", "")
        key = OutlookClient.key_of(message)
        if key:
            msg[KEY] = key
        if data.get("inReplyTo"):  # Graph sets both on a reply it makes
            msg["In-Reply-To"] = msg["References"] = data["inReplyTo"]
        msg.set_content(data["body"]["content"])
        return msg

    def drafts(self) -> list[EmailMessage]:
        return [self.parsed(m) for m in self.fake.messages.values() if m.folder == "drafts"]

    def send_from_client(self, key: str, *, at: datetime | str, subject: str | None = None,
                         new_thread: bool = False) -> EmailMessage:
        message = self._message(key)
        self.fake.advance(moment(at))
        return self.parsed(self.fake.user_sends_from_web(message, subject=subject, new_conversation=new_thread))

    def send_as_written(self, key: str, *, at: datetime | str) -> EmailMessage:
        message = self._message(key)
        self.fake.advance(moment(at))
        self.fake.user_sends(message)
        return self.parsed(message)

    def send_new(self, to: str, subject: str, *, at: datetime | str) -> None:
        when = moment(at).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.fake.add_message("sentitems", subject=subject, isDraft=False, sentDateTime=when, receivedDateTime=when,
                              toRecipients=[{"emailAddress": {"address": to}}])

    def delete(self, key: str, *, permanently: bool = False) -> None:
        self.fake.user_deletes(self._message(key), permanently=permanently)

    def edit(self, key: str, body: str) -> None:
        self.fake.user_edits(self._message(key), body=body)

    def open_and_save(self, key: str) -> None:
        self.fake.user_opens_and_saves(self._message(key))

    def receive(self, sender: str, subject: str, when: datetime | str, body: str = "Thanks, Alex.\n", *,
                folder: str = "inbox", in_reply_to: str = "", headers: dict[str, str] | None = None,
                **more: str) -> None:
        if folder == "filed":
            self._filed = self._filed or self.fake.add_folder("Job search", parent="inbox")
        where = {"inbox": "inbox", "junk": "junkemail", "filed": self._filed, "trash": "deleteditems"}.get(folder, folder)
        name, address = parseaddr(sender)
        message = self.fake.receive(address, subject, moment(when), folder=where, name=name,
                                    headers={k.replace("_", "-"): v for k, v in {**(headers or {}), **more}.items()},
                                    in_reply_to=in_reply_to)
        message.data["body"] = {"contentType": "text", "content": body}

    def receive_raw(self, raw: bytes, sender: str, when: datetime | str) -> None:
        """What Graph makes of ``raw``: its headers as given (internetMessageHeaders), its
        text as the body; the sender as Exchange read it."""
        head, _, body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
        headers = [line.decode("utf-8", "replace").partition(":") for line in head.split(b"\n") if b":" in line]
        name, address = parseaddr(sender)
        message = self.fake.receive(address, next((v.strip() for k, _, v in headers if k.lower() == "subject"), ""),
                                    moment(when), name=name, headers={k: v.strip() for k, _, v in headers})
        message.data["internetMessageId"] = next((v.strip() for k, _, v in headers if k.lower() == "message-id"), "")
        message.data["body"] = {"contentType": "text", "content": body.decode("utf-8", "replace")}

    def in_thread_of(self, key: str, sent: EmailMessage) -> bool:
        """Made by createReply on the sent copy: in its conversation, replying to it."""
        draft = self._message(key)
        (copy,) = [m for m in self.fake.messages.values()
                   if m.folder == "sentitems" and m.data["internetMessageId"] == str(sent["Message-ID"])]
        replied_on = {r.path for r in self.fake.requests("graph", "POST", r"/createReply$")}
        return (f"/me/messages/{copy.immutable_id}/createReply" in replied_on
                and draft.data["conversationId"] == copy.data["conversationId"]
                and draft.data.get("inReplyTo") == copy.data["internetMessageId"])

    def ids(self) -> set[str]:
        return {m.immutable_id for m in self.fake.messages.values() if m.folder == "drafts"}

    def snapshot(self) -> tuple:
        """The drafts (id, change key, text) and the requests that wrote mail."""
        drafts = sorted((m.immutable_id, m.change_key, m.data["body"]["content"], m.data.get("subject"))
                        for m in self.fake.messages.values() if m.folder == "drafts")
        writes = sum(1 for r in self.fake.log if r.server in ("graph", "batch")
                     and r.method in ("POST", "PATCH", "DELETE") and r.path != "/$batch")
        return drafts, writes

    def clock(self, when: datetime) -> None:
        self.fake.advance(when)

    def unreadable(self, folder: str) -> None:
        """Graph refuses to list the folder (403: access denied)."""
        name = {"drafts": "drafts", "sent": "sentitems"}[folder]
        self.fake.inject(rf"^/me/mailFolders/{name}/messages$", 403, times=100)
