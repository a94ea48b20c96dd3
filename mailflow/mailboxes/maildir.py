"""A local Maildir (``[mail] backend = "maildir"``): needs no account.

Drafts are written with Python's ``mailbox`` module (tmp/ then rename, so a
reader never sees half a message) into ``cur/`` with the Draft and Seen flags
(``:2,DS``), which mutt, neomutt, aerc and Thunderbird's Maildir support show
as drafts. Mail clients send drafts themselves: point ``[mail.maildir] sent``
at the Maildir your client saves sent mail to, and mailflow sees what was
sent; ``inbox`` is read for replies (follow-ups stop when the company answers).
"""

from __future__ import annotations

import mailbox
from dataclasses import dataclass
from datetime import datetime, timezone
from email import policy
from email.parser import BytesHeaderParser
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path

from mailflow.config import Shared
from mailflow.errors import MailboxError
from mailflow.mailboxes.base import Mailbox
from mailflow.model import KEY_HEADER, DraftRef, Incoming, MessageStatus, NewDraft, SyncCache
from mailflow.rules.replies import is_from

_PARSER = BytesHeaderParser(policy=policy.default)


@dataclass
class MaildirSettings:
    """``[mail.maildir]``: folders on this machine, relative to the config file."""

    #: the Maildir drafts are written to
    path: str = "drafts"
    #: a Maildir your client files sent mail into ("" = none: use `mailflow mark-sent`)
    sent: str = ""
    #: a Maildir of received mail, for reply detection ("" = none)
    inbox: str = ""


class MaildirMailbox(Mailbox):
    Settings = MaildirSettings
    can_send = False

    def __init__(self, settings: MaildirSettings, shared: Shared, cache: SyncCache | None = None):
        super().__init__("maildir", cache)
        self.drafts_path = shared.resolve(settings.path)
        self.sent_path = shared.resolve(settings.sent) if settings.sent else None
        self.inbox_path = shared.resolve(settings.inbox) if settings.inbox else None
        self.can_see_sent = self.sent_path is not None
        self.can_see_replies = self.inbox_path is not None
        self._drafts: mailbox.Maildir | None = None
        self._sent_index: dict[str, datetime] | None = None

    @property
    def drafts(self) -> mailbox.Maildir:
        """The drafts Maildir, created on the first write (reading never creates it)."""
        if self._drafts is None:
            try:
                self._drafts = mailbox.Maildir(self.drafts_path, factory=None, create=True)
            except OSError as exc:
                raise MailboxError(
                    f"[mail.maildir] path: cannot create the Maildir {self.drafts_path}: {exc.strerror}"
                ) from None
        return self._drafts

    def _drafts_exist(self) -> bool:
        return self._drafts is not None or (self.drafts_path / "cur").is_dir()

    # ---- writing --------------------------------------------------------------

    def create_draft(self, draft: NewDraft) -> DraftRef:
        message = mailbox.MaildirMessage(draft.message)
        message.set_subdir("cur")
        message.set_flags("DS")
        try:
            backend_id = self.drafts.add(message)
        except OSError as exc:
            raise MailboxError(f"cannot write a draft to {self.drafts_path}: {exc.strerror}") from None
        return DraftRef(backend_id=backend_id, message_id=str(draft.message["Message-ID"]))

    def delete(self, key: str, ref: DraftRef) -> None:
        found = self._find_draft(key, ref)
        if found is not None:
            try:
                self.drafts.discard(found)
            except OSError as exc:
                raise MailboxError(f"cannot delete draft {found} in {self.drafts_path}: {exc.strerror}") from None

    # ---- reading ----------------------------------------------------------------

    def find(self, key: str) -> MessageStatus | None:
        found = self._find_draft(key, None)
        if found is not None:
            return MessageStatus("draft", ref=DraftRef(found, self._header(found, "Message-ID")))
        sent_at = self._sent().get(key)
        if sent_at is not None:
            return MessageStatus("sent", sent_at=sent_at)
        return None

    def status(self, key: str, ref: DraftRef) -> MessageStatus:
        if not self._drafts_exist():  # never "deleted" because the folder moved: that cannot be undone
            raise MailboxError(
                f"[mail.maildir] path: the Maildir {self.drafts_path} holding mailflow's drafts is gone",
                hint="put it back, or point [mail.maildir] path at where it is now",
            )
        if self._find_draft(key, ref) is not None:
            return MessageStatus("draft", ref=ref)
        sent = self._sent()
        sent_at = sent.get(key) or sent.get(ref.message_id)
        if sent_at is not None:
            return MessageStatus("sent", sent_at=sent_at, ref=ref)
        return MessageStatus("deleted", ref=ref)

    def replies_since(self, since, *, domains, addresses) -> list[Incoming]:
        if self.inbox_path is None:
            return []
        if not self.inbox_path.is_dir():
            raise MailboxError(
                f"[mail.maildir] inbox: no Maildir at {self.inbox_path}",
                hint="point it at the Maildir your mail client delivers to, or remove the setting",
            )
        found = []
        for headers, _ in _headers_of(self.inbox_path, "inbox"):
            date = _date(headers)
            if date is None or date <= since:
                continue
            incoming = Incoming(
                sender=parseaddr(str(headers.get("From", "")))[1].lower(),
                subject=str(headers.get("Subject", "")),
                date=date,
                message_id=str(headers.get("Message-ID", "")),
                in_reply_to=str(headers.get("In-Reply-To", "")),
                headers={k.lower(): str(v) for k, v in headers.items()},
            )
            if is_from(incoming, domains, addresses):
                found.append(incoming)
        return sorted(found, key=lambda m: m.date)

    # ---- internals ----------------------------------------------------------------

    def _header(self, maildir_key: str, name: str) -> str:
        with self.drafts.get_file(maildir_key) as f:
            return str(_PARSER.parse(f).get(name, ""))

    def _find_draft(self, key: str, ref: DraftRef | None) -> str | None:
        if not self._drafts_exist():
            return None
        self.drafts._refresh()  # noqa: SLF001 - see new files from other processes
        if ref is not None and ref.backend_id in self.drafts._toc:  # noqa: SLF001
            return ref.backend_id
        for maildir_key in self.drafts.iterkeys():
            try:
                with self.drafts.get_file(maildir_key) as f:
                    if str(_PARSER.parse(f).get(KEY_HEADER, "")).strip() == key:
                        return maildir_key
            except (KeyError, FileNotFoundError):  # removed meanwhile
                continue
        return None

    def _sent(self) -> dict[str, datetime]:
        """Key and Message-ID -> sent time, for everything in the sent Maildir."""
        if self._sent_index is None:
            self._sent_index = {}
            if self.sent_path is not None:
                for headers, mtime in _headers_of(self.sent_path, "sent"):
                    when = _date(headers) or mtime
                    for value in (headers.get(KEY_HEADER), headers.get("Message-ID")):
                        if value:
                            self._sent_index[str(value).strip()] = when
        return self._sent_index


def _headers_of(path: Path, setting: str):
    """(headers, file time) of every message in a Maildir (``[mail.maildir] setting``)."""
    if not path.exists():
        return
    box = mailbox.Maildir(path, factory=None, create=False)
    try:
        keys = list(box.iterkeys())
    except OSError as exc:
        raise MailboxError(
            f"[mail.maildir] {setting}: cannot read the Maildir {path}: {exc.strerror}",
            hint="point it at a Maildir folder (one with cur/, new/ and tmp/ inside)",
        ) from None
    for maildir_key in keys:
        try:
            with box.get_file(maildir_key) as f:
                # the delivery time Maildir keeps (the file's mtime); mailbox's file proxy has no fileno()
                mtime = datetime.fromtimestamp(box.get_message(maildir_key).get_date(), timezone.utc)
                yield _PARSER.parse(f), mtime
        except (KeyError, FileNotFoundError):
            continue


def _date(headers) -> datetime | None:
    try:
        value = parsedate_to_datetime(str(headers.get("Date", "")))
    except (TypeError, ValueError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
