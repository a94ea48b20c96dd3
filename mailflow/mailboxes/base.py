"""The mailbox interface: where drafts go and where replies are looked for.

Vocabulary
----------
key
    The stable id mailflow gives every message it writes (``X-Mailflow-Key``
    header). The same logical message always has the same key, so a re-run,
    a crash or a second process can ask the mailbox whether it already exists
    instead of writing it twice. Keys are opaque ASCII strings.
ref
    ``DraftRef``: where the mailbox put a message (its own id, its thread id,
    the RFC 5322 Message-ID, and a ``version`` token that changes when the
    content does). Stored in the state database.
written
    ``Written``: what mailflow wrote (key, ref, recipient, subject, when): all a
    mailbox needs to find out what became of it, however the user's client
    treated it (a new Message-ID, X- headers dropped, an edited subject: see
    ``rules.sent``).
state
    ``draft`` (still in Drafts; ``edited`` when its content is no longer what
    mailflow wrote), ``scheduled`` (queued to leave at a set time), ``sent``
    (a copy is in the sent folder) or ``deleted`` (gone from Drafts and no sent
    copy found: the engine waits ``policy.sent_grace_hours`` before believing
    it, and never says it because a folder could not be read: that is an error).
evidence
    How the mailbox knew (``model.Evidence``): ``status`` shows it.

Each backend is one module beside this file; its ``[mail.NAME]`` section is a
dataclass in ``settings/mailboxes.py``, and both are registered in ``registry.MAILBOXES``.
A backend implements the ``_``-prefixed operations; the public ones here check
the capability flags first, so an operation a backend cannot do raises
``CapabilityError`` naming the flag, whatever the backend. The engine reads the
flags to avoid asking at all. ``tests/contracts/`` holds one suite of this
contract that every backend runs (``tests/backends/``).

Unreadable mail
---------------
Every message read from any folder is a stranger's input. A backend reads each one
defensively (``rules.letter``); one that still cannot be understood is skipped through
``note_unreadable`` (folder and the mailbox's own id), the rest is read, and the engine
says it once: ``take_unreadable`` returns only messages not said on an earlier run.

Errors
------
Operations on one message raise ``MailboxError`` (the engine records the
failure and goes on with the next message) or ``AuthError`` (the login must be
renewed: the engine stops using this mailbox and the run exits 2).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import replace
from datetime import date, datetime, time, tzinfo
from email.message import EmailMessage
from email.utils import format_datetime

from mailflow.errors import CapabilityError, MailboxError, MailflowError, one_line
from mailflow.model import (
    KEY_HEADER,
    DraftRef,
    Filed,
    Incoming,
    MessageState,
    MessageStatus,
    NewDraft,
    SyncCache,
    Written,
    message_id,
)
from mailflow.reports import Check

#: the key of the draft ``doctor`` writes and removes (``Mailbox.round_trip``)
TEST_KEY = "doctor.check"
#: how many unreadable messages are remembered as said (the newest)
UNREADABLE_KEPT = 500
#: how many sent messages' fingerprints are kept between runs (the newest)
PRINTS_KEPT = 500

class Mailbox(ABC):
    """Drafts folder, sent mail and inbox of one account."""

    #: the backend can send a draft itself (``send``; else ``CapabilityError``)
    can_send: bool = True
    #: the backend can queue a draft to leave later (``NewDraft.send_at``; else ``CapabilityError``)
    can_schedule: bool = False
    #: the backend can see sent mail, so a draft that left the drafts is told sent or deleted;
    #: without it, a sent note is known only from ``mailflow mark-sent``
    can_see_sent: bool = True
    #: the backend can list incoming mail (``replies_since``; else ``CapabilityError``)
    can_see_replies: bool = True
    #: a draft's ``DraftRef.version`` is ``model.body_digest`` of its body, so a
    #: draft found after a crash can be told apart from the one meant to replace it
    versions_are_digests: bool = False
    #: a draft mailflow removes (deleted, or replaced by a rewrite) leaves the drafts folder
    #: at once; else it stays there marked deleted until the user's client purges it (an
    #: IMAP server without UIDPLUS or MOVE: removing it would remove the user's too)
    removes_at_once: bool = True

    def __init__(self, name: str, cache: SyncCache | None = None):
        self.name = name
        self.cache = cache if cache is not None else SyncCache()
        #: a small cache beside ``cache``, kept in a row of its own and read whole every run
        #: (``cache``, which may be big, is decoded only when looked at): what tells the
        #: backend, without decoding ``cache``, that a folder is as it was
        self.settled = SyncCache()
        self._unread: dict[str, str] = {}  # where -> the line that says it

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.can_send and cls._send is Mailbox._send:
            raise TypeError(f"{cls.__name__} says can_send but does not implement _send")

    # ---- writing ---------------------------------------------------------------

    def create_draft(self, draft: NewDraft) -> DraftRef:
        """Write one draft; when ``draft.reply_to`` is set, as a reply in its thread.
        A ``send_at`` on a mailbox that cannot schedule raises ``CapabilityError``."""
        self._check_schedule(draft)
        return self._create_draft(draft)

    def create_drafts(self, drafts: list[NewDraft]) -> list[DraftRef | Exception]:
        """Write several drafts (in one batch where the backend has a batch API).

        Returns one entry per input, in order: the ref, or the exception that
        stopped that draft (the others still go ahead).
        """
        results: list[DraftRef | Exception | None] = [None] * len(drafts)
        able: list[int] = []
        for i, draft in enumerate(drafts):
            try:
                self._check_schedule(draft)
                able.append(i)
            except CapabilityError as exc:
                results[i] = exc
        for i, result in zip(able, self._create_drafts([drafts[i] for i in able]), strict=True):
            results[i] = result
        return results  # type: ignore[return-value]

    def _check_schedule(self, draft: NewDraft) -> None:
        if draft.send_at is not None and not self.can_schedule:
            raise CapabilityError(self.name, "can_schedule", "schedule a message to leave later",
                                  hint="leave send_at unset: the draft waits for you to send it")

    @abstractmethod
    def _create_draft(self, draft: NewDraft) -> DraftRef:
        """The backend's own: write one draft (checks done)."""

    def _create_drafts(self, drafts: list[NewDraft]) -> list[DraftRef | Exception]:
        """The backend's own: write several; one with a batch API overrides this."""
        results: list[DraftRef | Exception] = []
        for draft in drafts:
            try:
                results.append(self._create_draft(draft))
            except Exception as exc:  # noqa: BLE001 - reported per draft by the engine
                if _is_auth_error(exc):
                    raise
                results.append(exc)
        return results

    def update_draft(self, written: Written, draft: NewDraft) -> DraftRef:
        """Replace the content of a draft of ours that the user has not edited with
        ``draft`` (the same key), keeping it where it is when the backend can.
        The default removes the old draft, then writes the new one; the engine has
        recorded its intent first, so a crash in between is finished by the next run."""
        self.delete(written.key, written.ref)
        return self.create_draft(draft)

    @abstractmethod
    def find(self, key: str) -> MessageStatus | None:
        """The message with this key (or its deterministic Message-ID), as a draft
        or sent, or None if absent. Used to finish an interrupted write."""

    @abstractmethod
    def statuses(self, items: list[Written]) -> dict[str, MessageStatus]:
        """What became of each message mailflow wrote, by key (one answer per item).

        Reads each folder once for all of them (never once per message). A draft
        still in Drafts is ``draft`` (``edited`` when its content changed); one
        that left it is ``sent`` when the sent folder has it (``rules.sent``),
        else ``deleted``. Raises ``MailboxError`` when a folder cannot be read:
        a message is never called deleted for that."""

    def drafts_listing(self) -> str | None:
        """A digest of the drafts folder as it is listed (each file's name, size and
        time; the folder's own time and inode), when the backend can tell it without
        reading a message and the listing can be trusted: nothing in it changed within
        the last seconds (file and folder times are coarse, so a change in the same tick
        would not show). While it stays the same, ``statuses`` finds every draft in it
        as it did. None when the backend cannot tell (a server's folder: it is asked)."""
        return None

    def status(self, written: Written) -> MessageStatus:
        """``statuses`` for one message."""
        return self.statuses([written])[written.key]

    def look_for(self, items: list[Written]) -> dict[str, MessageStatus]:
        """Messages of ours that the state no longer knows of (it was lost), looked
        for in the drafts and the sent mail by every rule of ``rules.sent``: key,
        Message-ID, thread, recipient and subject, recipient and words. Only those
        found are returned (a draft, ``edited`` when known by anything but its key or
        Message-ID, or sent); ``written_at`` of each is the earliest it can have been
        written. A folder not made yet holds nothing; one that cannot be read raises
        ``MailboxError``. The default asks ``statuses``."""
        if not items:
            return {}
        return {key: status for key, status in self.statuses(items).items()
                if status.state != MessageState.DELETED}

    # ---- the words of sent copies (rules.sent rule 5) ------------------------------

    def _recognise_with_words(self, rest: list[Written], filed: list[Filed]) -> dict[str, tuple[Filed, str]]:
        """``rules.sent.recognise`` of ``rest`` among ``filed`` (sent mail, or the drafts
        when a lost state is looked for), with the words of the few messages rule 5
        needs read first (``rules.sent.body_candidates``: same recipient, after it was
        written, at most ``BODY_READS``). The words of a message in one version never
        change: each is read once and kept by id and version (the newest ``PRINTS_KEPT``)."""
        from mailflow.rules.sent import body_candidates, fingerprint, recognise

        wanted = body_candidates(rest, filed)
        if wanted:
            kept = dict(self.cache.data.get("prints") or {})
            missing = [f for f in wanted if _print_key(f) not in kept]
            texts = self._body_texts(missing) if missing else {}
            new = {_print_key(f): fingerprint(texts[f.backend_id]) for f in missing if f.backend_id in texts}
            if new:
                kept.update(new)
                self.cache.put("prints", dict(list(kept.items())[-PRINTS_KEPT:]))
            filed = [replace(f, body_print=kept[_print_key(f)]) if _print_key(f) in kept and not f.body_print
                     else f for f in filed]
        return recognise(rest, filed)

    def _body_texts(self, filed: list[Filed]) -> dict[str, str]:
        """The backend's own: the plain text of these messages of the sent or drafts
        folder (HTML as text), by ``backend_id``; one that cannot be read is left out."""
        return {}

    @abstractmethod
    def delete(self, key: str, ref: DraftRef) -> None:
        """Remove an unsent draft of ours. Deleting what is already gone is not an error."""

    def check(self, now: datetime) -> list[Check]:
        """What ``mailflow doctor`` says of this mailbox: each folder it uses
        exists and can be read, and a draft can be written, found again and
        removed (or why that cannot be tried)."""
        return []

    def round_trip(self, label: str, me: str | None, now: datetime) -> Check:
        """The last of ``check``: write a test draft shaped like mailflow's own
        (key header, deterministic Message-ID), find it again by its key the way
        a run that lost its state would, and remove it."""
        msg = EmailMessage()
        msg["From"] = msg["To"] = me or "me@example.com"
        msg["Subject"] = "mailflow doctor: a test draft (removed at once)"
        msg["Date"] = format_datetime(now)
        msg["Message-ID"] = message_id(TEST_KEY, me or "")
        msg[KEY_HEADER] = TEST_KEY
        msg.set_content("This draft is removed right after it is written.\n")
        try:
            ref = self.create_draft(NewDraft(msg, TEST_KEY))
            self._forget_test_draft()
            found = self.find(TEST_KEY)
            self._remove_test_draft(ref)
        except MailboxError as exc:
            return failed_check(label, exc)
        finally:
            self._forget_test_draft()
        if found is None or found.state != MessageState.DRAFT:
            return Check(label, False, "a test draft was written but could not be found again", 1)
        return Check(label, True, "a test draft was written, found again by its key and removed")

    def _forget_test_draft(self) -> None:
        """Drop what this backend remembers of the test draft between runs."""

    def _remove_test_draft(self, ref: DraftRef) -> None:
        self.delete(TEST_KEY, ref)

    def send_time(self, day: date, zone: tzinfo) -> datetime:
        """When a message scheduled for ``day`` leaves, in ``zone`` (backends that
        can schedule may make the hour a setting)."""
        return datetime.combine(day, time(9, 30), zone)

    def send(self, key: str, ref: DraftRef) -> MessageStatus:
        """Send a draft now; returns its new status (``sent``). A mailbox that cannot
        send raises ``CapabilityError`` (``can_send``)."""
        if not self.can_send:
            raise CapabilityError(self.name, "can_send", "send mail: mailflow only leaves drafts there",
                                  hint="send the draft from your mail client; the next `mailflow run` sees it")
        return self._send(key, ref)

    def _send(self, key: str, ref: DraftRef) -> MessageStatus:
        """The backend's own: send a draft now (only called when ``can_send``)."""
        raise CapabilityError(self.name, "can_send", "send mail")

    def replies_since(
        self, since: datetime, *, domains: tuple[str, ...], addresses: tuple[str, ...]
    ) -> list[Incoming]:
        """Mail received after ``since`` from any of ``domains`` or ``addresses``,
        wherever it was filed (the inbox, junk, folders a rule files into; never
        drafts, sent or trash). The engine asks once per run for every company it
        watches, so a backend searches once, not once per company. A mailbox that
        cannot see incoming mail raises ``CapabilityError`` (``can_see_replies``).

        Autoreplies are included; telling them apart is the caller's job.
        """
        if not self.can_see_replies:
            raise CapabilityError(self.name, "can_see_replies", "read incoming mail",
                                  hint="configure where your mail arrives, or follow replies yourself")
        return self._replies_since(since, domains=domains, addresses=addresses)

    @abstractmethod
    def _replies_since(
        self, since: datetime, *, domains: tuple[str, ...], addresses: tuple[str, ...]
    ) -> list[Incoming]:
        """The backend's own ``replies_since`` (only called when ``can_see_replies``)."""


    # ---- unreadable mail ------------------------------------------------------------

    def note_unreadable(self, folder: str, ident: str, exc: BaseException) -> None:
        """A message that cannot be understood: the caller skips it. It is said by the
        next ``take_unreadable`` unless an earlier run said it. ``exc`` is named by its
        kind only: its text may hold what a stranger wrote."""
        where = f"{folder} {ident}"
        if where in self._unread or where in (self.cache.data.get("unreadable") or []):
            return
        self._unread[where] = (f"{self.name}: a message in {folder} ({ident}) cannot be read and is skipped "
                               f"({type(exc).__name__}); the rest is read")

    def take_unreadable(self) -> list[str]:
        """One line per message skipped as unreadable and not said before; from now on
        they count as said (kept in the cache, the newest ``UNREADABLE_KEPT``)."""
        if not self._unread:
            return []
        said = list(self.cache.data.get("unreadable") or [])
        self.cache.put("unreadable", (said + list(self._unread))[-UNREADABLE_KEPT:])
        lines, self._unread = list(self._unread.values()), {}
        return lines


def _print_key(f: Filed) -> str:
    """Where a message's fingerprint is kept: its id, and its version where its content
    can change under the same id (an Outlook draft, a Maildir draft rewritten in place)."""
    return f"{f.backend_id} {f.version}" if f.version else f.backend_id


def failed_check(label: str, exc: MailflowError) -> Check:
    """A doctor line for a check that failed: the cause and the fix, on one line."""
    return Check(label, False, one_line(exc.message, exc.hint), exc.exit_code)


def _is_auth_error(exc: Exception) -> bool:
    from mailflow.errors import AuthError

    return isinstance(exc, AuthError)
