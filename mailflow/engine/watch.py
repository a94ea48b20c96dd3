"""What the mailbox says: what became of the drafts (sent, edited, deleted), replies
that stop the follow-ups (PRODUCT.md F1), and applications gone cold (F3).

Each function records what it learnt through the session (so the run's snapshot
stays true) and adds an ``Update`` to the report; failures go through
``report.fail``. Nothing prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from mailflow.errors import AuthError, MailflowError
from mailflow.model import (
    IN_DRAFTS,
    UNSENT,
    Application,
    ApplicationStatus,
    Change,
    MessageKind,
    MessageRecord,
    MessageState,
    MessageStatus,
    Update,
    UpdateOf,
    ANSWERS,
    MailClass,
    ReadMail,
    SyncCache,
)
from mailflow.reports import WriteLog
from mailflow.rules import followups

if TYPE_CHECKING:
    from mailflow.engine.session import Session


def refresh_statuses(session: Session, report: WriteLog) -> None:
    """Ask the mailbox what became of the drafts: sent, edited, deleted, still there.

    A draft gone with no sent copy is called deleted only once it was last seen
    in the drafts ``policy.sent_grace_hours`` ago (a client may file the sent copy
    late); a draft whose content changed is the user's from then on, and the run
    says so once. Raises ``MailboxError`` when a folder cannot be read."""
    mailbox = session.mailbox()
    recorded = session.store.sync_cache(f"{AS_RECORDED}:{mailbox.name}")
    try:
        # a drafts folder listed as it was when every draft was last found as recorded holds
        # them as they were: nothing is read (an edit or a deletion changes the listing)
        listed = None  # the drafts listing, once asked for (it may be None: not settled)
        if recorded.data.get("rows") == session.store.rows_version():
            listed = (mailbox.drafts_listing(),)  # the rows hold drafts: the same as were found so
            if listed[0] is not None and _as_recorded(session, mailbox, recorded, listed[0], None):
                return
        records = {m.key: m for m in session.snapshot.messages.values()
                   if m.status in IN_DRAFTS and m.backend == mailbox.name and m.backend_id}
        if not records:
            return
        _refresh(session, report, mailbox, records, recorded, listed)
    finally:
        report.warnings.extend(mailbox.take_unreadable())
        session.store.save_sync_cache(f"{AS_RECORDED}:{mailbox.name}", recorded, session.now)


#: the sync-state entry (one per mailbox) that keeps the drafts listing under which every
#: draft was last found as recorded (``listing``), a digest of what their rows were asked
#: (``asked``), and the store's ``rows_version`` at which the rows were last found so (``rows``)
AS_RECORDED = "watch:drafts-as-recorded"


def _as_recorded(session: Session, mailbox, recorded: SyncCache, listing: str,
                 records: dict[str, MessageRecord] | None) -> bool:
    """Whether the drafts folder is listed as ``listing``, as it was when every draft was
    last found as recorded, and the drafts' rows are as they were then: known without
    reading a row when no row was written since they were last found so (the store's
    ``rows_version``), else by ``_asked`` over ``records``. When so, the drafts are seen
    now (one small row, not a write per draft)."""
    if recorded.data.get("listing") != listing:
        return False
    rows = session.store.rows_version()
    if recorded.data.get("rows") != rows:
        if records is None or recorded.data.get("asked") != _asked(records):
            return False
        recorded.put("rows", rows)
    session.drafts_seen(mailbox.name)
    return True


def _refresh(session: Session, report: WriteLog, mailbox, records: dict[str, MessageRecord],
             recorded: SyncCache, listed: tuple[str | None] | None) -> None:
    grace = timedelta(hours=session.config.policy.sent_grace_hours)
    now = session.now
    listing = mailbox.drafts_listing() if listed is None else listed[0]
    if listing is not None and _as_recorded(session, mailbox, recorded, listing, records):
        return
    asked = _asked(records) if listing is not None else None
    unchanged: list[str] = []  # found as recorded: confirmed together, in one transaction
    complete = False
    try:
        _refresh_each(session, report, mailbox, records, grace, now, unchanged)
        complete = True
    finally:
        if complete and _seen_is_all(records, unchanged):
            session.drafts_seen(mailbox.name)  # every draft as recorded: one small row, not a write per draft
        else:
            session.confirm_unchanged(unchanged)  # seen now; clears a missing mark
    # the rows' version is set again once the rows are found as asked
    found = {"listing": listing, "asked": asked} if asked is not None and len(unchanged) == len(records) else {}
    if recorded.data != found:
        recorded.data, recorded.changed = found, True


def _seen_is_all(records: dict[str, MessageRecord], unchanged: list[str]) -> bool:
    """Whether every draft was found as recorded and ``confirm_unchanged`` would change
    nothing in their rows but the time they were seen (their drafted time is set, none is
    marked missing): then ``drafts_seen`` says the same in one row."""
    return len(unchanged) == len(records) and all(
        m.drafted_at is not None and m.missing_since is None and m.updated_at is not None
        and m.updated_at.tzinfo is not None for m in records.values())


def _asked(records: dict[str, MessageRecord]) -> str:
    """A digest of what ``statuses`` is asked about these records and what they are
    recorded as (``updated_at`` aside: it moves on every run; the body written stands for
    its fingerprint, which is worked out from it)."""
    import hashlib

    text = "\n".join(
        f"{m.key}\0{m.status}\0{m.edited}\0{m.backend_id}\0{m.message_id}\0{m.thread_id}\0{m.version}\0"
        f"{m.recipient}\0{m.subject}\0{m.drafted_at or m.created_at}\0{m.body_digest}\0{len(m.body_print)}"
        for m in sorted(records.values(), key=attrgetter("key")))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _refresh_each(session: Session, report: WriteLog, mailbox, records: dict[str, MessageRecord], grace, now,
                  unchanged: list[str]) -> None:
    for key, status in mailbox.statuses([m.written for m in records.values()]).items():
        record = records.get(key)
        if record is None:
            continue
        if status.state == MessageState.DELETED:
            # counted from when it was last seen in the drafts: a rare run need not wait
            session.store.mark_missing(key, now)
            last_seen = record.updated_at or record.drafted_at or now
            if now - last_seen < grace:
                continue  # its sent copy may not be filed yet: ask again next run
        newly_edited = status.edited and not record.edited
        if status.state == record.status and not newly_edited and (status.ref is None or status.ref == record.ref):
            if status.state != MessageState.DELETED:
                unchanged.append(key)
            continue
        # once the user's, always the user's: only a new draft written on purpose resets it
        session.confirm(key, status.state, ref=status.ref, sent_at=status.sent_at, evidence=status.evidence,
                        edited=True if status.edited and status.state in IN_DRAFTS else None,
                        subject=status.subject if status.state == MessageState.SENT else "")
        if newly_edited and status.state in IN_DRAFTS:
            report.updates.append(Update(UpdateOf.MESSAGE, key, Change.EDITED, to=record.recipient,
                                         why="you changed it: mailflow leaves it as you wrote it"))
        elif status.state != record.status:
            why = ""
            if status.state == MessageState.DELETED and not mailbox.can_see_sent:
                why = (f"gone from the drafts, and mailflow cannot see your sent mail: if you sent it, "
                       f"`mailflow mark-sent {record.interview_id} --by {record.recipient}`")
            report.updates.append(Update(UpdateOf.MESSAGE, key, Change(status.state), to=record.recipient,
                                         evidence=status.evidence, why=why))


def watch_replies(session: Session, report: WriteLog) -> set[int]:
    """Look for real replies from each active application's company since its
    thank-you was sent; record the latest and (unless the session is a dry run)
    cancel that company's unsent follow-ups. Returns the ids of applications
    that could not be checked (the mailbox failed): ``rules.followups.gate``
    writes no follow-up for them this run.

    The mailbox is asked once for every company watched (the earliest time, all
    their domains and addresses), whatever their number; each reply found is
    then given to the application it comes from. When that one search fails,
    every company it asked about is unchecked, and the failure is reported once."""
    mailbox = session.mailbox()
    if not mailbox.can_see_replies:
        return set()
    from mailflow.engine import inbox  # only a mailbox that sees replies reads the inbox
    from mailflow.rules import replies

    snapshot, now = session.snapshot, session.now
    steps: list[tuple[Application, _Watch | None]] = []  # in the order of the applications
    index = followups.Index.of(snapshot)
    for app in list(snapshot.applications.values()):
        if app.status != ApplicationStatus.ACTIVE:
            continue
        _, sent = followups.clock_start(snapshot, app, now, index)
        if not sent:
            continue
        since = followups.replies_since(sent[0])
        watch = None
        if app.replied_at is None or app.replied_at <= since:
            watch = _Watch(since, *replies.company_addresses(snapshot, app, session.config))
        steps.append((app, watch))
    asked = [(app, w) for app, w in steps if w is not None and (w.domains or w.addresses)]
    unchecked: set[int] = set()
    received = []
    if asked:
        try:
            received = mailbox.replies_since(
                min(w.since for _, w in asked),
                # the tracking systems and job boards write for the companies too (I1)
                domains=tuple(sorted({d for _, w in asked for d in w.domains} | set(inbox.ats_domains(session.config)))),
                addresses=tuple(sorted({a for _, w in asked for a in w.addresses})),
            )
        except AuthError:
            raise
        except MailflowError as exc:
            names = [app.company for app, _ in asked]
            report.fail("replies from " + (", ".join(names) if len(names) <= 5 else
                                           f"{len(names)} companies ({', '.join(names[:3])}, ...)"), exc)
            unchecked = {app.id for app, _ in asked}
    try:
        read = inbox.read(session, received) if received else []
    finally:
        report.warnings.extend(mailbox.take_unreadable())
    for app, watch in steps:
        if app.id in unchecked:
            continue
        if watch is not None:
            # software that wrote something mailflow cannot read is not a person answering:
            # said once, when it is read, so the user can look at it
            for m in read:
                if m.application_id == app.id and m.kind == MailClass.AUTOMATED and m.read_at == now:
                    report.warnings.append(
                        f"{app.company}: an automated message (\"{m.subject}\", from {m.sender}) that mailflow "
                        f"could not read is not counted as an answer; `mailflow inbox` lists it")
            # an answer stops the follow-ups; a receipt, an autoreply or a newsletter does not (I3)
            found = [m for m in read if m.application_id == app.id and m.received_at > watch.since
                     and m.kind in ANSWERS]
            if not found:
                continue
            latest = found[-1]
            message_id = latest.message_id if not latest.message_id.startswith(f"<{latest.sender}@") else ""
            session.record_reply(app.id, latest.received_at, latest.sender, latest.subject, message_id)
            report.updates.append(Update(UpdateOf.APPLICATION, app.company, Change.REPLIED, sender=latest.sender,
                                         at=latest.received_at, subject=latest.subject,
                                         why=_meaning(app.company, latest)))
        if not session.dry_run:
            cancel_follow_ups(session, app.id, report, why=f"{app.company} replied")
    return unchecked


def _meaning(company: str, mail: ReadMail) -> str:
    """What an answer means and what mailflow proposes (``run`` shows it)."""
    said = f"{mail.kind}: \"{mail.evidence}\"" if mail.evidence else str(mail.kind)
    advice = followups.proposal_advice(company, mail.proposal)
    return f"{said}; {advice}" if advice else ""


@dataclass(frozen=True)
class _Watch:
    """What a reply from one company looks like: after ``since``, from these."""

    since: datetime
    domains: tuple[str, ...]
    addresses: tuple[str, ...]


def cancel_follow_ups(session: Session, application_id: int, report: WriteLog, *, why: str,
                      kind: MessageKind = MessageKind.FOLLOW_UP) -> list[MessageRecord]:
    """Delete every follow-up of the application that was written but not sent
    and mark it ``cancelled`` (never written again). Returns those cancelled;
    a draft the mailbox fails to delete is reported and stays pending. A draft the
    user edited is theirs: it is left where it is, and the report says so."""
    mailbox = session.mailbox()
    cancelled = []
    for record in list(session.snapshot.messages.values()):
        if record.kind != kind or record.application_id != application_id or record.status not in UNSENT:
            continue
        try:
            if record.status == MessageState.INTENT:  # interrupted: it may or may not have been written
                found = mailbox.find(record.key) or MessageStatus(MessageState.DELETED)
            else:
                found = mailbox.status(record.written)
            if found.state == MessageState.SENT:  # sent a moment ago: it stays sent
                session.confirm(record.key, MessageState.SENT, sent_at=found.sent_at, ref=found.ref,
                                evidence=found.evidence, subject=found.subject)
                report.updates.append(Update(UpdateOf.MESSAGE, record.key, Change.SENT, to=record.recipient,
                                             why="sent before it could be cancelled"))
                continue
            if found.state in IN_DRAFTS and (record.edited or found.edited):
                report.warnings.append(f"your edited {kind.label} to {record.recipient} stays in your drafts "
                                       f"({why}): delete it if it no longer fits")
                continue
            if found.state in IN_DRAFTS:
                mailbox.delete(record.key, found.ref or record.ref)
        except AuthError:
            raise
        except MailflowError as exc:
            report.fail(f"deleting the {kind.label} to {record.recipient}", exc)
            continue
        session.confirm(record.key, MessageState.CANCELLED)
        cancelled.append(record)
        report.updates.append(Update(UpdateOf.MESSAGE, record.key, Change.CANCELLED, to=record.recipient, why=why))
    return cancelled


def mark_cold(session: Session, states: list[followups.FollowUps], report: WriteLog) -> None:
    """Mark cold the applications whose last follow-up went unanswered (F3)."""
    for state in states:
        session.set_status(state.application.id, ApplicationStatus.COLD, reason=state.why)
        report.updates.append(Update(UpdateOf.APPLICATION, state.application.company, Change.COLD, why=state.why))
