"""How a process ends (PRODUCT.md W1-W3, R1): accept, withdraw, rejected.

Each command plans one message per application (a ``withdrawal`` or a
``rejection_reply``, keyed by company) to the application's main contact and
writes it through ``engine.write``, so it is composed, proofread and written
exactly once. Then mailflow's unsent follow-up drafts for that company are
deleted from the mailbox and recorded ``cancelled``, and the application's
status changes. Running a command again finds the keys already recorded and
writes nothing twice.

Sending (``--send``) happens only after the drafts exist, and only when the
mailbox can send and the caller confirmed: ``SendOptions.ask`` receives the
list of recipients and returns the answer; ``ask=None`` means there is no
terminal to ask on, and then only ``assume_yes`` allows sending. Both are
checked before anything is written, so a refused ``--send`` changes nothing.

Nothing here prints: every step is recorded in an ``OutcomeReport``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from mailflow.compose.letters import long_date, month_first
from mailflow.config import Config
from mailflow.engine import Session, watch, write
from mailflow.errors import MailboxError, UserActionError
from mailflow.mailboxes.base import Mailbox
from mailflow.model import (
    IN_DRAFTS,
    UNSENT,
    Application,
    ApplicationStatus,
    Change,
    Interviewer,
    InterviewStatus,
    MessageKind,
    MessageRecord,
    MessageState,
    NameSource,
    Planned,
    StoredInterview,
    outcome_key,
)
from mailflow.reports import Problem
from mailflow.reports_other import OutcomeReport
from mailflow.rules.detect import name_from_address
from mailflow.rules.followups import timeline_giver
from mailflow.rules.names import is_role_mailbox

#: seconds a typed command waits for a cron run to finish (it takes seconds)
LOCK_WAIT = 60
#: the status reason of applications withdrawn by ``accept`` (never names the offer)
ACCEPTED_ELSEWHERE = "accepted another offer"


@dataclass
class SendOptions:
    """``--send``, ``--yes`` and how to ask. ``ask`` gets the recipients
    (dicts with company, to, name, subject) and returns True to send."""

    send: bool = False
    assume_yes: bool = False
    ask: Callable[[list[dict]], bool] | None = None


# --------------------------------------------------------------------------- commands


def accept(config: Config, now: datetime, company: str, *, dry_run: bool = False,
           options: SendOptions | None = None, mailbox: Mailbox | None = None) -> OutcomeReport:
    """``mailflow accept COMPANY`` (W1): mark it accepted; withdraw from every other
    application still in process, active or gone cold (a company that stopped
    answering still deserves to hear it), but not where the user withdrew or was
    rejected; ``--send`` the withdrawals after confirmation."""
    options = options or SendOptions()
    with Session.open(config, now, scratch=dry_run, wait=LOCK_WAIT, mailbox=mailbox) as session:
        target = session.store.find_application(company)
        report = OutcomeReport(action="accept", company=target.company, now=now, dry_run=dry_run)
        _preflight(session, options, dry_run)
        _set_status(session, target, ApplicationStatus.ACCEPTED, "", report)
        for other in session.store.applications():
            if other.id != target.id and other.status == ApplicationStatus.ACCEPTED:
                report.warnings.append(f"{other.company} is marked accepted too")
        in_process = (ApplicationStatus.ACTIVE, ApplicationStatus.COLD)
        others = [a for a in session.store.applications() if a.id != target.id and a.status in in_process]
        if not others:
            report.unchanged.append({"company": "", "why": "no other application in process to withdraw from"})
        ended = _write(session, MessageKind.WITHDRAWAL, others, report, extra={})
        for app in others:
            if app.id in ended:
                _cancel_follow_ups(session, app, report)
                _set_status(session, app, ApplicationStatus.WITHDRAWN, ACCEPTED_ELSEWHERE, report)
                _leftover_thank_yous(session, app, report)
        _cancel_follow_ups(session, target, report)
        _cancel_offer_notes(session, report)
        if options.send:
            withdrawn = {a.id for a in session.store.applications()
                         if a.status == ApplicationStatus.WITHDRAWN and a.status_reason == ACCEPTED_ELSEWHERE}
            _send(session, _unsent_withdrawals(session, withdrawn), options, report)
        return report


def withdraw(config: Config, now: datetime, company: str, *, reason: str = "", dry_run: bool = False,
             options: SendOptions | None = None, mailbox: Mailbox | None = None) -> OutcomeReport:
    """``mailflow withdraw COMPANY`` (W3): one withdrawal note, follow-ups cancelled,
    the application withdrawn; ``--send`` after confirmation."""
    options = options or SendOptions()
    reason = " ".join(reason.split()).rstrip(".")
    with Session.open(config, now, scratch=dry_run, wait=LOCK_WAIT, mailbox=mailbox) as session:
        app = session.store.find_application(company)
        report = OutcomeReport(action="withdraw", company=app.company, now=now, dry_run=dry_run)
        if app.status in (ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED):
            raise UserActionError(
                f"{app.company} is marked {app.status}: there is no process to withdraw from",
                hint="write to them yourself" if app.status == ApplicationStatus.ACCEPTED else "nothing to do",
            )
        _preflight(session, options, dry_run)
        accepted_elsewhere = any(a.status == ApplicationStatus.ACCEPTED for a in session.store.applications())
        extra = {"reason": reason, "mention_offer": config.policy.mention_offer and accepted_elsewhere}
        if app.id in _write(session, MessageKind.WITHDRAWAL, [app], report, extra=extra):
            _cancel_follow_ups(session, app, report)
            _set_status(session, app, ApplicationStatus.WITHDRAWN, reason or "withdrawn", report)
            _leftover_thank_yous(session, app, report)
        if options.send:
            _send(session, _unsent_withdrawals(session, {app.id}), options, report)
        return report


def offer(config: Config, now: datetime, company: str, *, respond_by: date | None = None, dry_run: bool = False,
          mailbox: Mailbox | None = None) -> OutcomeReport:
    """``mailflow offer COMPANY [--respond-by DATE]`` (I4): COMPANY made an offer; to every
    other active application, one short note that the candidate has an offer to answer
    (by that date) and would value knowing their timing. The note never names COMPANY;
    one per application (a re-run writes nothing twice); ``accept`` deletes the ones
    still unsent. No application's status changes."""
    with Session.open(config, now, scratch=dry_run, wait=LOCK_WAIT, mailbox=mailbox) as session:
        target = session.store.find_application(company)
        report = OutcomeReport(action="offer", company=target.company, now=now, dry_run=dry_run)
        if target.status != ApplicationStatus.ACTIVE:
            report.warnings.append(f"{target.company} is marked {target.status}")
        if respond_by is not None and respond_by < now.astimezone(config.policy.zone).date():
            raise UserActionError(f"--respond-by {respond_by.isoformat()} is already past",
                                  hint="give the day you must answer the offer by (YYYY-MM-DD)")
        others = [a for a in session.store.applications()
                  if a.id != target.id and a.status == ApplicationStatus.ACTIVE]
        if not others:
            report.unchanged.append({"company": "", "why": "no other active application to ask for their timing"})
        us = month_first(config)
        extra = {"respond_by": long_date(respond_by, us) if respond_by else ""}
        _write(session, MessageKind.OFFER_TIMING, others, report, extra=extra)
        return report


def _cancel_offer_notes(session: Session, report: OutcomeReport) -> None:
    """``accept``: the timing notes ``offer`` drafted and the user did not send are deleted."""
    apps = {m.application_id for m in session.store.messages().values()
            if m.kind == MessageKind.OFFER_TIMING and m.status in UNSENT}
    for app_id in sorted(a for a in apps if a is not None):
        if report.dry_run:
            report.cancelled += [
                {"company": "", "to": m.recipient, "subject": m.subject, "key": m.key, "kind": m.kind}
                for m in session.store.messages().values()
                if m.application_id == app_id and m.kind == MessageKind.OFFER_TIMING and m.status in UNSENT]
            continue
        cancelled = watch.cancel_follow_ups(session, app_id, report, why=f"accept {report.company}",
                                            kind=MessageKind.OFFER_TIMING)
        report.cancelled += [{"company": "", "to": m.recipient, "subject": m.subject, "key": m.key,
                              "kind": m.kind} for m in cancelled]


def rejected(config: Config, now: datetime, company: str, *, dry_run: bool = False,
             mailbox: Mailbox | None = None) -> OutcomeReport:
    """``mailflow rejected COMPANY`` (R1): a gracious reply asking for feedback;
    follow-ups cancelled and the application marked rejected (whether or not the
    reply could be written: they said no, so mailflow stops writing to them).

    When mailflow saw the company's latest message (the rejection, as far as it can
    tell: it came after the latest interview), the reply answers its sender in its
    thread; otherwise it is a new message to the main contact."""
    with Session.open(config, now, scratch=dry_run, wait=LOCK_WAIT, mailbox=mailbox) as session:
        app = session.store.find_application(company)
        report = OutcomeReport(action="rejected", company=app.company, now=now, dry_run=dry_run)
        if app.status == ApplicationStatus.ACCEPTED:
            raise UserActionError(f"{app.company} is the offer you accepted", hint="check the company name")
        _write(session, MessageKind.REJECTION_REPLY, [app], report, extra={}, answer=True)
        _cancel_follow_ups(session, app, report)
        _set_status(session, app, ApplicationStatus.REJECTED, "", report)
        return report


# --------------------------------------------------------------------------- parts


def main_contact(config: Config, app: Application, interviews: list[StoredInterview],
                 timeline_by: Interviewer | None = None) -> Interviewer | None:
    """Who a withdrawal or a rejection reply goes to: the ``[companies]`` contact,
    else the application's recorded contact (the recruiter who organised the first
    interview), else the organizer of the latest interview when on the company's
    domain, else the first interviewer of the latest interview; None if nobody.
    A person who gave a timeline (``timeline_by``) comes before a role mailbox
    (office@, jobs@ ...) seen on the invite, as for follow-ups."""
    own = [s for s in interviews if s.application_id == app.id]
    names = {p.email.lower(): p for s in own for p in s.interview.interviewers}
    configured = next((c for name, c in config.companies.items() if name.casefold() == app.company.casefold()), None)
    email, name = "", ""
    if configured is not None and configured.contact:
        email, name = configured.contact.strip().lower(), configured.contact_name
    elif app.contact_email:
        email, name = app.contact_email.lower(), app.contact_name
    latest = _latest(own)
    if not email and latest is not None:
        organizer = latest.interview.organizer_email.lower()
        domain = (app.domain or latest.interview.domain).lower()
        if organizer and domain and organizer.endswith("@" + domain):
            email = organizer
        elif latest.interview.interviewers:
            return latest.interview.interviewers[0]
    configured_contact = configured is not None and bool(configured.contact)
    if (timeline_by is not None and not configured_contact and is_role_mailbox(email)
            and not is_role_mailbox(timeline_by.email)):
        return timeline_by  # a person's promise, not the mailbox that sent the invite
    if not email:
        return None
    if name:
        return Interviewer(email, name, NameSource.USER)
    known = names.get(email)
    return known if known is not None else Interviewer(email, name_from_address(email), NameSource.ADDRESS)


def _latest(interviews: list[StoredInterview]) -> StoredInterview | None:
    live = [s for s in interviews if s.status == InterviewStatus.SCHEDULED] or interviews
    return max(live, key=lambda s: s.interview.start) if live else None


def rejection_thread(app: Application, interviews: list[StoredInterview]) -> MessageRecord | None:
    """The company's message a rejection reply answers: the latest one mailflow saw,
    when it came after the latest interview began and its Message-ID is known."""
    latest = _latest([s for s in interviews if s.application_id == app.id])
    if not (app.reply_message_id and app.reply_from and app.replied_at):
        return None
    if latest is not None and app.replied_at < latest.interview.start:
        return None
    return MessageRecord(key="", kind="incoming", recipient=app.reply_from, backend="", status="received",
                         application_id=app.id, subject=app.reply_subject, message_id=app.reply_message_id)


def _sender(app: Application, interviews: list[StoredInterview], contact: Interviewer | None) -> Interviewer:
    """Who sent the company's latest message, by name when the state knows it."""
    email = app.reply_from.lower()
    if contact is not None and contact.email.lower() == email:
        return contact
    for s in interviews:
        for p in s.interview.interviewers:
            if p.email.lower() == email:
                return p
        if s.interview.organizer_email.lower() == email and s.interview.organizer_name:
            return Interviewer(email, s.interview.organizer_name)
    if app.contact_email.lower() == email and app.contact_name:
        return Interviewer(email, app.contact_name)
    return Interviewer(email, name_from_address(email), NameSource.ADDRESS)


def _write(session: Session, kind: str, apps: list[Application], report: OutcomeReport, *, extra: dict,
           answer: bool = False) -> set[int]:
    """Plan and write one ``kind`` message per application; returns the ids of the
    applications whose message now exists (written now or before) or, in a dry run,
    would be written. With ``answer``, a message the company sent last is answered
    in its thread (``rejection_thread``)."""
    store = session.store
    interviews = store.interviews()
    done: set[int] = set()
    items: list[Planned] = []
    for app in apps:
        key = outcome_key(kind, app.company)
        existing = store.message(key)
        if existing is not None and existing.status != MessageState.INTENT:
            report.unchanged.append({"company": app.company, "why": f"{_label(kind)} already {existing.status}"})
            done.add(app.id)
            continue
        contact = main_contact(session.config, app, interviews, timeline_giver(session.snapshot, app))
        latest = _latest([s for s in interviews if s.application_id == app.id])
        thread = rejection_thread(app, interviews) if answer else None
        if thread is not None:
            contact = _sender(app, [s for s in interviews if s.application_id == app.id], contact)
        if contact is None or latest is None:
            report.problems.append(Problem(
                f"{_label(kind)} to {app.company}", "no contact address known",
                f'add contact = "ADDRESS" under [companies."{app.company}"] in the config', needs_user=True,
            ))
            continue
        items.append(Planned(kind, key, latest.interview, app, contact, why=f"mailflow {report.action}",
                             extra=extra, reply_to=thread))
    write.write(session, items, report)
    by_key = {item.key: item.application.id for item in items}
    done.update(by_key[d.key] for d in report.written if d.key in by_key)
    return done


def _set_status(session: Session, app: Application, status: ApplicationStatus, reason: str,
                report: OutcomeReport) -> None:
    if app.status == status:
        report.unchanged.append({"company": app.company, "why": f"already {status}"})
        return
    session.set_status(app.id, status, reason)
    report.statuses.append({"company": app.company, "from": app.status, "to": status})


def _cancel_follow_ups(session: Session, app: Application, report: OutcomeReport) -> None:
    """Delete mailflow's unsent follow-up drafts for ``app`` and record them
    ``cancelled``; one the user already sent is recorded as sent instead."""
    if report.dry_run:
        report.cancelled += [
            {"company": app.company, "to": m.recipient, "subject": m.subject, "key": m.key}
            for m in session.store.messages().values()
            if m.application_id == app.id and m.kind == MessageKind.FOLLOW_UP and m.status in UNSENT
        ]
        return
    already = len(report.updates)
    cancelled = watch.cancel_follow_ups(session, app.id, report, why=f"{report.action} {report.company}")
    report.cancelled += [{"company": app.company, "to": m.recipient, "subject": m.subject, "key": m.key}
                         for m in cancelled]
    report.unchanged += [{"company": app.company, "why": f"follow-up to {u.to} already sent"}
                         for u in report.updates[already:] if u.change == Change.SENT]


def _leftover_thank_yous(session: Session, app: Application, report: OutcomeReport) -> None:
    for m in session.store.messages().values():
        if m.application_id == app.id and m.kind == MessageKind.THANK_YOU and m.status in IN_DRAFTS:
            report.warnings.append(
                f"a thank-you to {m.recipient} ({app.company}) was drafted and is not known to be sent: "
                "delete it if it no longer fits"
            )


def _unsent_withdrawals(session: Session, app_ids: set[int]) -> list[MessageRecord]:
    return [m for m in session.store.messages().values()
            if m.kind == MessageKind.WITHDRAWAL and m.application_id in app_ids and m.status == MessageState.DRAFT]


def _preflight(session: Session, options: SendOptions, dry_run: bool) -> None:
    """Refuse ``--send`` before anything is written when it could not happen."""
    if not options.send:
        return
    mailbox = session.mailbox()
    if not mailbox.can_send:
        raise UserActionError(
            f"--send: the {mailbox.name} mailbox cannot send mail; nothing was done",
            hint="run the same command without --send, then send the drafts from your mail client",
        )
    if not dry_run and not options.assume_yes and options.ask is None:
        raise UserActionError(
            "--send asks for confirmation and there is no terminal to ask on; nothing was done",
            hint="run it in a terminal, or add --yes to send without asking",
        )


def _send(session: Session, records: list[MessageRecord], options: SendOptions, report: OutcomeReport) -> None:
    """Send ``records`` once confirmed (see the module docstring)."""
    apps = {a.id: a.company for a in session.store.applications()}
    listing = [{"company": apps.get(m.application_id, ""), "to": m.recipient, "name": m.recipient_name,
                "subject": m.subject, "key": m.key} for m in records]
    if report.dry_run:
        listing += [{"company": d.company, "to": d.to, "name": d.to_name, "subject": d.subject, "key": d.key}
                    for d in report.written if d.kind == MessageKind.WITHDRAWAL]
        report.unsent.extend({**entry, "why": "dry run: would be sent once you confirm"} for entry in listing)
        return
    if not records:
        return
    _preflight(session, options, report.dry_run)
    mailbox = session.mailbox()
    ready: list[tuple[MessageRecord, dict]] = []
    for m, entry in zip(records, listing, strict=True):
        status = mailbox.status(m.written)
        if status.state != MessageState.DRAFT:  # sent or deleted by the user meanwhile
            _store_state(session, m, status)
            report.unsent.append({**entry, "why": f"already {status.state}"})
            continue
        ready.append((m, entry))
    if not ready:
        return
    if not options.assume_yes and not options.ask([entry for _, entry in ready]):
        report.unsent.extend({**entry, "why": "not confirmed: left in your drafts"} for _, entry in ready)
        return
    for m, entry in ready:
        try:
            status = mailbox.send(m.key, m.ref)
        except MailboxError as exc:
            report.problems.append(Problem(f"sending to {m.recipient}", exc.message, exc.hint or ""))
            continue
        _store_state(session, m, status, sent=True)
        report.sent.append(entry)


def _store_state(session: Session, m: MessageRecord, status, *, sent: bool = False) -> None:
    """Record what the mailbox said about a message (``sent`` right after sending)."""
    ref = status.ref
    if ref is not None:  # where it is now, not which version of its text
        ref = dataclasses.replace(ref, version="")
    session.confirm(m.key, MessageState.SENT if sent else status.state, ref=ref,
                    sent_at=status.sent_at or (session.now if sent else None))


def _label(kind: str) -> str:
    return kind.replace("_", " ")
