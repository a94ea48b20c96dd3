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
    and the RFC 5322 Message-ID). Stored in the state database.
state
    ``draft`` (still in Drafts), ``scheduled`` (queued to leave at a set time),
    ``sent`` (the user or mailflow sent it) or ``deleted`` (gone from Drafts and
    not found among sent mail: the user threw it away; never recreate it).

Each backend is one module beside this file, registered in
``mailboxes/__init__.py``. Capability flags say what a backend can do;
the engine asks them instead of catching ``NotImplementedError``.

Errors
------
Operations on one message raise ``MailboxError`` (the engine records the
failure and goes on with the next message) or ``AuthError`` (the login must be
renewed: the engine stops using this mailbox and the run exits 2).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date, datetime, time, tzinfo

from mailflow.model import DraftRef, Incoming, MessageStatus, NewDraft, SyncCache

class Mailbox(ABC):
    """Drafts folder, sent mail and inbox of one account."""

    #: the backend can send a draft itself (``send``)
    can_send: bool = True
    #: the backend can queue a draft to leave later (``NewDraft.send_at``)
    can_schedule: bool = False
    #: the backend can tell when a draft was sent (otherwise ``mark-sent``)
    can_see_sent: bool = True
    #: the backend can list incoming mail (otherwise no reply detection)
    can_see_replies: bool = True

    def __init__(self, name: str, cache: SyncCache | None = None):
        self.name = name
        self.cache = cache if cache is not None else SyncCache()

    @abstractmethod
    def create_draft(self, draft: NewDraft) -> DraftRef:
        """Write one draft; when ``draft.reply_to`` is set, as a reply in its thread."""

    def create_drafts(self, drafts: list[NewDraft]) -> list[DraftRef | Exception]:
        """Write several drafts; a backend with a batch API overrides this.

        Returns one entry per input, in order: the ref, or the exception that
        stopped that draft (the others still go ahead).
        """
        results: list[DraftRef | Exception] = []
        for draft in drafts:
            try:
                results.append(self.create_draft(draft))
            except Exception as exc:  # noqa: BLE001 - reported per draft by the engine
                if _is_auth_error(exc):
                    raise
                results.append(exc)
        return results

    @abstractmethod
    def find(self, key: str) -> MessageStatus | None:
        """The message with this key, as a draft or sent, or None if absent."""

    @abstractmethod
    def status(self, key: str, ref: DraftRef) -> MessageStatus:
        """What became of a message this mailbox created (never None)."""

    def statuses(self, items: dict[str, DraftRef]) -> dict[str, MessageStatus]:
        """``status`` for many messages; backends with cheap change detection override."""
        return {key: self.status(key, ref) for key, ref in items.items()}

    @abstractmethod
    def delete(self, key: str, ref: DraftRef) -> None:
        """Remove an unsent draft of ours. Deleting what is already gone is not an error."""

    def send_time(self, day: date, zone: tzinfo) -> datetime:
        """When a message scheduled for ``day`` leaves, in ``zone`` (backends that
        can schedule may make the hour a setting)."""
        return datetime.combine(day, time(9, 30), zone)

    def send(self, key: str, ref: DraftRef) -> MessageStatus:
        """Send a draft now; returns its new status (``sent``)."""
        raise NotImplementedError(f"the {self.name} mailbox cannot send")

    @abstractmethod
    def replies_since(
        self, since: datetime, *, domains: tuple[str, ...], addresses: tuple[str, ...]
    ) -> list[Incoming]:
        """Mail received after ``since`` from any of ``domains`` or ``addresses``.

        Autoreplies are included; telling them apart is the caller's job.
        """


def _is_auth_error(exc: Exception) -> bool:
    from mailflow.errors import AuthError

    return isinstance(exc, AuthError)
