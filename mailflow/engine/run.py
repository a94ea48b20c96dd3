"""One pass of the pipeline, and nothing else: the stages in their order.

    sync (calendars -> interviews in the store)
      -> watch (what the mailbox says: drafts sent, edited, deleted; replies)
      -> plan (the rules: what is due now)
      -> write (compose, proofread, deliver exactly once)
      -> watch (applications gone cold)

Nothing here prints; every stage adds to the ``RunReport`` the CLI renders. Time
is the session's ``now``; a failure of one source or one message is recorded and
the rest goes on; a mailbox that cannot be read writes no follow-up this run.
"""

from __future__ import annotations

from datetime import datetime

from mailflow.engine import kept, sync, watch, write
from mailflow.engine.session import Session
from mailflow.errors import AuthError, MailboxError
from mailflow.reports import RunReport
from mailflow.rules import followups
from mailflow.rules.plan import Plan, plan
from mailflow.rules.wake import next_change

#: the sync-state entry that remembers when the last real run happened
LAST_RUN = "engine:last-run"


def run(session: Session) -> RunReport:
    """The whole pass over ``session`` (a dry run when the session is one)."""
    dry_run, backend = session.dry_run, session.config.mail.backend
    report = RunReport(now=session.now, dry_run=dry_run)
    last_run = session.store.sync_cache(LAST_RUN)
    previous = datetime.fromisoformat(last_run.token) if last_run.token else None
    synced = sync.sync(session, report, reuse=True)
    report.sources, report.updates, report.skipped = synced.sources, synced.updates, synced.skipped
    report.interviews = synced.shown or []
    due: Plan | None = None
    overdue_hours = session.config.policy.thank_you.overdue_hours
    try:
        unread: set[int] = set()
        blind = False  # what became of the drafts is unknown this run: no follow-up is written
        try:  # reading only: a dry run works on a copy of the state, so it may record what it sees
            watch.refresh_statuses(session, report)
        except MailboxError as exc:
            report.fail(f"mailbox {backend}", exc)
            blind = True
        except AuthError as exc:
            if not dry_run:
                raise
            report.fail(f"mailbox {backend} (the dry run goes on without it)", exc)
            blind = True
        try:
            unread = watch.watch_replies(session, report)
        except (AuthError, MailboxError) as exc:
            if not dry_run:
                raise
            report.fail(f"mailbox {backend} (the dry run goes on without it)", exc)
        # a mailbox that sends at a set hour gets the follow-up the day before its day,
        # so the hour is still ahead whenever cron runs
        ahead_days = 1 if session.can_schedule() else 0
        rows, keeper = session.store.rows_version(), kept.Kept(session)
        key = kept.inputs(session, rows, ahead_days)
        held = keeper.lists(key, session.now) if not (blind or unread) else None
        if held is not None:  # nothing the plan is made from changed since it planned nothing to do
            session.next_change = held["until"]
            report.waiting.extend(held["waiting"])
            report.overdue.extend(_overdue_again(held["overdue"], previous, session.now, overdue_hours))
            report.skipped.extend(held["skipped"])
        else:
            due = plan(session.snapshot, session.now, session.config.policy, ahead_days=ahead_days)
            drafts = followups.gate(due.drafts, unread, blind=blind)
            drafts += write.stale_drafts(session, {d.key for d in drafts}, report)
            write.write(session, write.schedule(session, drafts), report)
            watch.mark_cold(session, due.cold, report)
            if not dry_run:
                _keep(session, keeper, due, bool(drafts or blind or unread), key, rows, report)
    except (AuthError, MailboxError) as exc:
        report.fail(f"mailbox {backend}", exc)
        due = None
    finally:
        if not dry_run:
            session.save_mailbox_cache()
            last_run.set_token(session.now.isoformat())
            session.store.save_sync_cache(LAST_RUN, last_run, session.now)
    if due is not None:
        _plan_into(due, report, previous, session.now, overdue_hours)
    report.warnings.extend(session.store.unreadable)
    return report


def _keep(session: Session, keeper: kept.Kept, due: Plan, wrote: bool, key: list, rows: int,
          report: RunReport) -> None:
    """Keep this pass's plan (``engine.kept``) when it planned nothing to do and
    nothing was written after it planned; else forget the one kept."""
    until = None
    if not (wrote or due.drafts or due.cold or report.problems or report.drafts or session.store.unreadable) \
            and session.store.rows_version() == rows:
        until = next_change(session.snapshot, session.now, session.config.policy)
    if until is None:
        keeper.drop()
        return
    lists = RunReport()
    _plan_into(due, lists, None, session.now, 0)
    # the overdue notes as rows (a home with thousands of drafts keeps thousands): the
    # report's fields but the hours and the reminder, which follow the clock, and the end
    overdue = [[*(o[k] for k in _OVERDUE), d.interview.end.isoformat()]
               for o, d in zip(lists.overdue, due.overdue, strict=True)]
    keeper.keep(key, session.now, until, lists.waiting, lists.skipped, overdue)


#: the fields of a kept overdue note, in its row, before the interview's end
_OVERDUE = ("interview", "company", "to", "subject")


def _overdue_again(kept_overdue: list, last_run: datetime | None, now: datetime, threshold: float) -> list[dict]:
    """The kept overdue notes, their hours and reminder worked out at ``now`` (as ``_plan_into``)."""
    found, ends = [], {}
    since = (now - last_run).total_seconds() / 3600 if last_run else None
    for interview, company, to, subject, end in kept_overdue:
        hours = ends.get(end)
        if hours is None:
            hours = ends[end] = (now - datetime.fromisoformat(end)).total_seconds() / 3600
        found.append({"interview": interview, "company": company, "to": to, "subject": subject,
                      "hours": round(hours, 1), "remind": _reminder_due(hours, threshold, since)})
    return found


def _reminder_due(hours_since_end: float, threshold: float, hours_since_last_run: float | None) -> bool:
    """Whether an overdue note is worth saying again: on the first run after it
    became overdue, then on the first run of each further day."""
    if hours_since_last_run is None:
        return True
    overdue_for = hours_since_end - threshold
    before = overdue_for - hours_since_last_run
    return before < 0 or overdue_for // 24 != before // 24


def _plan_into(due: Plan, report: RunReport, last_run: datetime | None, now: datetime, threshold: float) -> None:
    for w in due.waiting:
        report.waiting.append({
            "interview": w.interview.id, "company": w.interview.company, "interviewer": w.interviewer.email,
            "name": w.interviewer.name, "until": w.until.isoformat(), "why": w.why,
        })
    for o in due.overdue:
        report.overdue.append({
            "interview": o.interview.id, "company": o.interview.company, "to": o.message.recipient,
            "subject": o.message.subject, "hours": round(o.hours, 1),
            "remind": _reminder_due(o.hours, threshold,
                                    (now - last_run).total_seconds() / 3600 if last_run else None),
        })
    for s in due.skipped:
        report.skipped.append({"interview": s.interview.id, "title": s.interview.title, "why": s.why})
