"""What one command holds open: the store, the clock, the config, the mailbox, the
composer and the window. Every stage (``sync``, ``watch``, ``write``) takes a
session; a command opens one, calls the stages it needs and closes it.

``Session.open`` is the one place that decides which state a command works on:
the real database under the run lock (waiting ``wait`` seconds for a cron run,
or failing at once with ``LockedError``), the real database without the lock
(``scan``: it records interviews only), or a throwaway copy (``--dry-run``,
``preview``, ``doctor``: they change nothing the user keeps).

The snapshot
------------
A run reads the state once, after the calendars are synced (``snapshot``). What
the later stages record (a message's new state, a reply, a status) goes through
the session, which writes it to the store and to that snapshot alike, so the
rules always plan on what is true now and nothing reads the whole state again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from mailflow import registry
from mailflow.config import Config, PersonConfig
from mailflow.errors import MailflowError
from mailflow.lock import run_lock
from mailflow.mailboxes.base import Mailbox
from mailflow.model import IN_DRAFTS, ApplicationStatus, MessageState, ReadMail, Snapshot
from mailflow.store import Store


class Session:
    """One command's hold on the state and the outside world (see the module docstring)."""

    def __init__(self, config: Config, store: Store, now: datetime, *, mailbox: Mailbox | None = None,
                 dry_run: bool = False):
        self.config = _with_people(config, store)
        self.store = store
        self.now = now
        self.zone = config.policy.zone
        self.dry_run = dry_run
        self._mailbox = mailbox
        self._composer = None
        self._snapshot: Snapshot | None = None
        self._known_words: tuple | None = None
        #: when the rules next change their mind, when a pass took it from a kept plan
        #: (``engine.kept``) instead of working it out from the snapshot
        self.next_change: datetime | None = None
        #: ``engine.kept.config_digest``, once worked out
        self.config_digest: str | None = None

    # ---- opening ---------------------------------------------------------------

    @classmethod
    @contextmanager
    def open(cls, config: Config, now: datetime, *, scratch: bool = False, lock: bool = True,
             wait: float = 0, mailbox: Mailbox | None = None) -> Iterator[Session]:
        """A session over the state database: a throwaway copy with ``scratch``
        (nothing the user keeps changes), else the real one, under the run lock
        unless ``lock`` is False. ``mailbox`` replaces the configured one (a caller
        that already holds one). The mailbox's sync cache is saved on a clean exit
        of a real session."""
        if scratch:
            store = _scratch(config)
            try:
                yield cls(config, store, now, mailbox=mailbox, dry_run=True)
            finally:
                store.close()
            return
        store = Store(config.state_path)
        try:
            if not lock:
                yield cls(config, store, now, mailbox=mailbox)
                return
            with run_lock(config.state_path, wait=wait):
                session = cls(config, store, now, mailbox=mailbox)
                try:
                    yield session
                finally:
                    session.save_mailbox_cache()
        finally:
            store.close()

    # ---- parts ------------------------------------------------------------------

    @property
    def composer(self):
        """The ``compose.Composer`` (templates loaded on first use)."""
        if self._composer is None:
            from mailflow.compose import Composer

            self._composer = Composer(self.config)
        return self._composer

    def mailbox(self) -> Mailbox:
        """The configured mailbox, opened on first use with its sync cache."""
        if self._mailbox is None:
            # decoded when the mailbox looks at it: a run that finds nothing new may not
            cache = self.store.sync_cache(f"mailbox:{self.config.mail.backend}", lazy=True)
            mailbox = registry.open_mailbox(self.config.mail, self.config.shared, cache)
            mailbox.settled = self.store.sync_cache(f"mailbox:{self.config.mail.backend}:settled")
            self._mailbox = mailbox
        return self._mailbox

    def can_schedule(self) -> bool:
        """Whether the mailbox sends a message at a set hour (``Mailbox.can_schedule``)."""
        try:
            return self.mailbox().can_schedule
        except MailflowError:  # reported where the mailbox is used
            return False

    def save_mailbox_cache(self) -> None:
        if self._mailbox is not None and not self.dry_run:
            self.store.save_sync_cache(f"mailbox:{self._mailbox.name}", self._mailbox.cache, self.now)
            self.store.save_sync_cache(f"mailbox:{self._mailbox.name}:settled", self._mailbox.settled, self.now)

    def window(self) -> tuple[datetime, datetime]:
        """The stretch of the calendars a run looks at."""
        policy = self.config.policy
        return self.now - timedelta(days=policy.lookback_days), self.now + timedelta(days=policy.lookahead_days)

    def known_words(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The words the pipeline makes known to the proofreader (names, companies,
        roles; titles and notes), read once from the snapshot: the stages after the
        watch change only messages, which add none."""
        if self._known_words is None:
            from mailflow.proofread.context import known_words

            self._known_words = known_words(self.snapshot, self.config)
        return self._known_words

    # ---- the snapshot, and writes that keep it in step ----------------------------

    @property
    def snapshot(self) -> Snapshot:
        """The state as the rules see it, read once (see the module docstring)."""
        if self._snapshot is None:
            self._snapshot = self.store.snapshot()
        return self._snapshot

    def confirm(self, key: str, state: MessageState, **details) -> None:
        """``Store.confirm`` at this session's clock, kept in the snapshot."""
        self.store.confirm(key, state, self.now, **details)
        self._refresh_message(key)

    def confirm_unchanged(self, keys: list[str]) -> None:
        """``confirm`` of each of ``keys`` in the state it is recorded in (the mailbox
        found it as it was), in one transaction, kept in the snapshot."""
        self.store.confirm_unchanged(keys, self.now)
        if self._snapshot is not None:
            messages, now = self._snapshot.messages, self.now
            for key in keys:
                record = messages.get(key)
                if record is not None:  # as the store now has it (the record is the snapshot's own)
                    record.updated_at = now
                    if record.drafted_at is None and record.status in ("draft", "scheduled", "sent"):
                        record.drafted_at = now
                    if record.status != "deleted":
                        record.missing_since = None

    def drafts_seen(self, backend: str) -> None:
        """Every draft of ``backend`` was found as recorded, and nothing in their rows
        changes: ``Store.drafts_seen`` at this session's clock, kept in the snapshot when
        it was read (each is seen now, as ``confirm_unchanged`` would have it)."""
        self.store.drafts_seen(backend, self.now)
        if self._snapshot is not None:
            now = self.now
            for record in self._snapshot.messages.values():
                if (record.status in IN_DRAFTS and record.backend == backend and record.backend_id
                        and (record.updated_at is None or record.updated_at < now)):
                    record.updated_at = now

    def set_inputs_digest(self, key: str, digest: str) -> None:
        self.store.set_inputs_digest(key, digest)
        self._refresh_message(key)

    def record_reply(self, app_id: int, at: datetime, sender: str, subject: str, message_id: str) -> None:
        if self.store.record_reply(app_id, at, sender, subject, message_id):
            self._refresh_application(app_id)

    def record_mail(self, mail: ReadMail) -> None:
        """Remember a message read in the inbox (``engine.inbox``), kept in the snapshot."""
        self.store.save_mail(mail)
        if self._snapshot is not None and mail.application_id is not None:
            self._snapshot.mail.setdefault(mail.application_id, []).append(mail)
            self._snapshot.mail[mail.application_id].sort(key=lambda m: m.received_at)

    def set_status(self, app_id: int, status: ApplicationStatus, reason: str = "") -> None:
        self.store.set_application_status(app_id, status, self.now, reason)
        self._refresh_application(app_id)

    def _refresh_message(self, key: str) -> None:
        if self._snapshot is not None:
            record = self.store.message(key)
            if record is not None:
                self._snapshot.messages[key] = record

    def _refresh_application(self, app_id: int) -> None:
        self._known_words = None
        if self._snapshot is not None:
            self._snapshot.applications[app_id] = self.store.application_by_id(app_id)


def _scratch(config: Config) -> Store:
    """A throwaway copy of the state (or an empty one): for commands that change nothing."""
    if not config.state_path.exists():
        return Store(None)
    with Store(config.state_path) as real:
        return real.scratch_copy()


def _with_people(config: Config, store: Store) -> Config:
    """The config with the names and greetings set by `mailflow fix person` (the latest
    word on a person) over ``[people]``."""
    corrected = store.people()
    if not corrected:
        return config
    people = dict(config.people)
    for email, given in corrected.items():
        base = people.get(email) or PersonConfig()
        people[email] = PersonConfig(name=given["name"] or base.name, greeting=given["greeting"] or base.greeting)
    return dataclasses.replace(config, people=people)
