"""Stopping follow-ups: when the company answers (PRODUCT.md F1), and when an
application goes cold (F3). The engine calls these around planning.

Each function records what it changed in the store and appends it to the
run report (``report.updates``, failures through ``report.fail``); nothing
prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mailflow.config import Config
from mailflow.errors import AuthError, MailflowError
from mailflow.mailboxes.base import Mailbox
from mailflow.model import (
    IN_DRAFTS,
    UNSENT,
    Application,
    ApplicationStatus,
    MessageKind,
    MessageRecord,
    MessageState,
    MessageStatus,
)
from mailflow.reports import WriteLog
from mailflow.rules import followups, replies
from mailflow.store import Store


def watch_replies(store: Store, mailbox: Mailbox, config: Config, now: datetime, report: WriteLog, *,
                  cancel: bool = True) -> set[int]:
    """Look for real replies from each active application's company since its
    thank-you was sent; record the latest and (unless ``cancel`` is False, for a
    dry run) cancel that company's unsent follow-ups. Returns the ids of
    applications that could not be checked (the mailbox failed): no follow-up
    should be written for them this run.

    The mailbox is asked once for every company watched (the earliest time, all
    their domains and addresses), whatever their number; each reply found is
    then given to the application it comes from. When that one search fails,
    every company it asked about is unchecked, and the failure is reported once."""
    if not mailbox.can_see_replies:
        return set()
    snapshot = store.snapshot()
    steps: list[tuple[Application, _Watch | None]] = []  # in the order of the applications
    for app in snapshot.applications.values():
        if app.status != ApplicationStatus.ACTIVE:
            continue
        _, sent = followups.clock_start(snapshot, app, now)
        if not sent:
            continue
        since = followups.replies_since(sent[0])
        watch = None
        if app.replied_at is None or app.replied_at <= since:
            watch = _Watch(since, *_company(snapshot, app, config))
        steps.append((app, watch))
    asked = [(app, w) for app, w in steps if w is not None and (w.domains or w.addresses)]
    unchecked: set[int] = set()
    received = []
    if asked:
        try:
            received = mailbox.replies_since(
                min(w.since for _, w in asked),
                domains=tuple(sorted({d for _, w in asked for d in w.domains})),
                addresses=tuple(sorted({a for _, w in asked for a in w.addresses})),
            )
        except AuthError:
            raise
        except MailflowError as exc:
            names = [app.company for app, _ in asked]
            report.fail("replies from " + (", ".join(names) if len(names) <= 5 else
                                           f"{len(names)} companies ({', '.join(names[:3])}, ...)"), exc)
            unchecked = {app.id for app, _ in asked}
    for app, watch in steps:
        if app.id in unchecked:
            continue
        if watch is not None:
            found = replies.company_replies(received, since=watch.since, domains=watch.domains,
                                            addresses=watch.addresses)
            if not found:
                continue
            latest = found[-1]
            store.record_reply(app.id, latest.date, latest.sender, latest.subject, latest.message_id)
            report.updates.append({
                "application": app.company, "change": "replied", "from": latest.sender,
                "at": latest.date.isoformat(), "subject": latest.subject,
            })
        if cancel:
            cancel_follow_ups(store, mailbox, app.id, now, report, why=f"{app.company} replied")
    return unchecked


@dataclass(frozen=True)
class _Watch:
    """What a reply from one company looks like: after ``since``, from these."""

    since: datetime
    domains: tuple[str, ...]
    addresses: tuple[str, ...]


def cancel_follow_ups(store: Store, mailbox: Mailbox, application_id: int, now: datetime, report: WriteLog,
                      *, why: str) -> list[MessageRecord]:
    """Delete every follow-up of the application that was written but not sent
    and mark it ``cancelled`` (never written again). Returns those cancelled;
    a draft the mailbox fails to delete is reported and stays pending. A draft the
    user edited is theirs: it is left where it is, and the report says so."""
    cancelled = []
    for record in store.messages().values():
        if record.kind != MessageKind.FOLLOW_UP or record.application_id != application_id or record.status not in UNSENT:
            continue
        try:
            if record.status == MessageState.INTENT:  # interrupted: it may or may not have been written
                found = mailbox.find(record.key) or MessageStatus(MessageState.DELETED)
            else:
                found = mailbox.status(record.written)
            if found.state == MessageState.SENT:  # sent a moment ago: it stays sent
                store.confirm(record.key, MessageState.SENT, now, sent_at=found.sent_at)
                report.updates.append({"message": record.key, "change": "sent", "to": record.recipient,
                                       "why": "sent before it could be cancelled"})
                continue
            if found.state in IN_DRAFTS and (record.edited or found.edited):
                report.warnings.append(f"your edited follow-up to {record.recipient} stays in your drafts "
                                       f"({why}): delete it if it no longer fits")
                continue
            if found.state in IN_DRAFTS:
                mailbox.delete(record.key, found.ref or record.ref)
        except AuthError:
            raise
        except MailflowError as exc:
            report.fail(f"deleting the follow-up to {record.recipient}", exc)
            continue
        store.confirm(record.key, MessageState.CANCELLED, now)
        cancelled.append(record)
        report.updates.append({"message": record.key, "change": "cancelled", "to": record.recipient, "why": why})
    return cancelled


def mark_cold(store: Store, states: list[followups.FollowUps], now: datetime, report: WriteLog) -> None:
    """Mark cold the applications whose last follow-up went unanswered (F3)."""
    for state in states:
        store.set_application_status(state.application.id, ApplicationStatus.COLD, now, reason=state.why)
        report.updates.append({"application": state.application.company, "change": "cold", "why": state.why})


def _company(snapshot, app: Application, config: Config) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The domains and addresses a reply from ``app``'s company comes from."""
    configured = config.companies.get(app.company)
    domains = {d.lower() for d in [app.domain, *(configured.domains if configured else [])] if d}
    addresses = {p.email.lower() for s in snapshot.interviews if s.application_id == app.id
                 for p in s.interview.interviewers}
    if app.contact_email:
        addresses.add(app.contact_email.lower())
    return tuple(sorted(domains)), tuple(sorted(addresses - config.my_addresses))
