"""``run`` (the cron job), ``scan``, ``preview`` and ``doctor``."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mailflow.clock import parse_now
from mailflow.commands.common import interviewer_of, require_profile_email
from mailflow.config import Config
from mailflow.engine import Session, stamp, sync, write
from mailflow.engine import run as engine_run
from mailflow.errors import LockedError, MailflowError, one_line
from mailflow.model import IN_DRAFTS, Detection, MessageKind, MessageState, Planned, thank_you_key
from mailflow.reports import Check, RunReport

if TYPE_CHECKING:
    from mailflow.reports_other import DoctorReport, PreviewReport, RedraftReport, ScanReport

log = logging.getLogger("mailflow")
#: seconds ``redraft`` waits for a cron run to finish
REDRAFT_LOCK_WAIT = 60


def run(config: Config, now: datetime, *, dry_run: bool = False) -> RunReport:
    """``mailflow run``: one locked pass of the whole pipeline."""
    require_profile_email(config)
    if dry_run:
        with Session.open(config, now, scratch=True) as session:
            return engine_run.run(session)
    stamp.clear(config)
    try:
        with Session.open(config, now) as session:
            report = engine_run.run(session)
            quiet = stamp.plan_stamp(config, session, now) if report.quiet_ok and not report.exit_code else None
    except LockedError as exc:
        if exc.stale:
            raise
        # cron started this one while the last is still busy: nothing to say
        return RunReport(now=now, skipped_run=exc.message)
    if quiet is not None:
        try:
            stamp.save(config, *quiet, now)
        except OSError as exc:  # the next run is a full one: nothing is lost
            log.warning("cannot write the quiet-run stamp: %s", exc)
    log.info(
        "run at %s: %d interviews, %d drafts written, %d waiting, %d overdue, %d problems%s",
        now.isoformat(), len(report.interviews), sum(d.written for d in report.drafts),
        len(report.waiting), len(report.overdue), len(report.problems),
        "".join(f"; {p.what}: {p.message}" for p in report.problems),
    )
    for d in report.drafts:
        if d.written:
            log.info("wrote %s %s to %s", d.kind, d.key, d.to)
    return report


def scan(config: Config, now: datetime, *, since: str | None = None, until: str | None = None) -> ScanReport:
    """``mailflow scan``: events in the window and the verdict on each.

    Interviews found are remembered (so ``remark`` can name them) but no mail
    is written. On the run's own window a scan costs what a cron run costs, and
    what it syncs is saved for the next run; a window of its own (``--since``/
    ``--until``) is read with fresh caches and saves none (``sync.sync``).
    """
    from mailflow.reports_other import ScanReport

    zone = config.policy.zone
    report = ScanReport()
    with Session.open(config, now, lock=False) as session:
        synced = sync.sync(session, report, start=parse_now(since, zone) if since else None,
                           end=parse_now(until, zone) if until else None)
    report.window = {"start": synced.start.isoformat(), "end": synced.end.isoformat()}
    report.sources = synced.sources
    report.events = [_detection(d) for d in synced.detections]
    return report


def _detection(d: Detection) -> dict:
    e = d.event
    out = {
        "uid": e.uid, "recurrence_id": e.recurrence_id, "summary": e.summary, "source": e.source,
        "start": e.start.isoformat(), "end": e.end.isoformat(), "interview": d.is_interview,
        "reasons": list(d.reasons), "warnings": list(d.warnings),
    }
    if d.interview is not None:
        iv = d.interview
        out.update({
            "id": iv.id, "company": iv.company, "role": iv.role, "video_url": iv.video_url,
            "interviewers": [{"email": p.email, "name": p.name, "named_from": p.named_from} for p in iv.interviewers],
        })
    return out


def preview(config: Config, now: datetime, interview_ref: str) -> PreviewReport:
    """``mailflow preview``: every thank-you for one interview, composed and proofread, not written."""
    from mailflow.reports_other import PreviewReport

    with Session.open(config, now, scratch=True) as session:
        stored = session.store.resolve_interview(interview_ref, now)
        application = session.snapshot.applications[stored.application_id]
        items = [
            Planned(MessageKind.THANK_YOU, thank_you_key(stored.interview, p.email), stored.interview, application, p)
            for p in stored.interview.interviewers
        ]
        found = RunReport(now=now, dry_run=True)
        write.write(session, items, found)
    if found.problems and not found.drafts:
        p = found.problems[0]
        raise MailflowError(f"{p.what}: {p.message}", p.hint)
    return PreviewReport(interview=stored.id, drafts=found.drafts, warnings=found.warnings)


def redraft(config: Config, now: datetime, interview_ref: str, who: str | None = None, *,
            confirm: Callable[[list[str]], bool] | None = None) -> RedraftReport:
    """``mailflow redraft``: write the thank-you notes of one interview afresh, on purpose.

    The only way a note the user deleted comes back. An unedited draft is rewritten
    in place; a draft the user edited is replaced only once ``confirm`` (given the
    recipients) says yes; a note already sent is left alone."""
    from mailflow.reports_other import RedraftReport

    require_profile_email(config)
    with Session.open(config, now, wait=REDRAFT_LOCK_WAIT) as session:
        store = session.store
        stored = store.resolve_interview(interview_ref, now)
        people = stored.interview.interviewers
        if who:
            people = (interviewer_of(stored, who),)
        report = RedraftReport(interview=stored.id, company=stored.interview.company)
        application = session.snapshot.applications[stored.application_id]
        items, edited = [], []
        for p in people:
            key = thank_you_key(stored.interview, p.email)
            existing = session.snapshot.messages.get(key)
            if existing is not None and existing.status == MessageState.SENT:
                report.left.append({"to": p.email, "why": "already sent"})
                continue
            replaces = existing if existing is not None and existing.status in IN_DRAFTS else None
            if replaces is not None and replaces.edited:
                edited.append(p.email)
            items.append(Planned(MessageKind.THANK_YOU, key, stored.interview, application, p, replaces=replaces,
                                 why="mailflow redraft"))
        if edited and not (confirm is not None and confirm(edited)):
            report.left += [{"to": e, "why": "you edited it: not replaced without your yes (--yes)"}
                            for e in edited]
            items = [i for i in items if i.recipient.email not in edited]
        write.write(session, items, report)
        return report


def doctor(config: Config, now: datetime) -> DoctorReport:
    """Checks with a verdict each: ok, or what is wrong and the exit code it implies."""
    from mailflow.reports_other import DoctorReport

    report = DoctorReport()
    checks = report.checks
    checks.append(Check("config", True, str(config.source)))
    if not config.profile.email:
        checks.append(Check("profile", False, "[profile] email is empty: mailflow cannot tell you from your "
                                              "interviewers", 2))
    with Session.open(config, now, scratch=True) as session:
        found = RunReport(now=now)
        synced = sync.sync(session, found, record=False)
        problems = {p.what: p for p in found.problems}
        for s in synced.sources:
            problem = problems.pop(f"calendar {s.name}", None)
            if s.ok:
                checks.append(Check(f"calendar {s.name}", True, f"{s.events} events in the window"))
            else:
                detail = problem.message if problem else "could not be read"
                checks.append(Check(f"calendar {s.name}", False, _with_hint(detail, problem),
                                    2 if problem and problem.needs_user else 1))
        for p in problems.values():
            checks.append(Check(p.what, False, _with_hint(p.message, p), 2 if p.needs_user else 1))
        try:
            mailbox = session.mailbox()
            folders = mailbox.check(now)
            if not folders:  # a backend without checks of its own: at least reach it
                mailbox.find("doctor.check")
            checks.extend(folders)
            checks.append(_mailbox_verdict(config.mail.backend, folders))
        except MailflowError as exc:
            checks.append(Check(f"mailbox {config.mail.backend}", False, _with_hint(exc.message, exc),
                                exc.exit_code))
        checks.append(Check("state", True, f"{config.state_path} (schema {session.store.schema_version})"))
        session.snapshot  # reads every row: the unreadable ones are named
        for problem in session.store.unreadable:
            checks.append(Check("state", False, problem, 1))
    checks.append(log_check())
    checks.append(cron_check(config))
    for c in checks:  # every verdict one line, whatever a server or library put in it
        c.detail = " ".join(c.detail.split())
    return report


def log_check() -> Check:
    """Whether the log can be kept safely (``logs.log_problem``)."""
    from mailflow.config import user_state_dir
    from mailflow.logs import log_problem

    folder = user_state_dir()
    problem = log_problem(folder)
    if problem:
        return Check("log", False, f"{folder / 'mailflow.log'} is not written: {problem}", 1)
    return Check("log", True, f"{folder / 'mailflow.log'} (readable by you only)")


def _with_hint(message: str, source) -> str:
    return one_line(message, getattr(source, "hint", "") if source is not None else "")


def _mailbox_verdict(backend: str, folders: list[Check]) -> Check:
    """The mailbox's line: "reachable" only when every check of it above passed (a
    backend with no checks of its own was reached by a search); else how many failed."""
    failed = [c for c in folders if not c.ok]
    if not failed:
        return Check(f"mailbox {backend}", True, "reachable")
    detail = ("not reachable: see above" if len(failed) == len(folders)
              else f"{len(failed)} of {len(folders)} checks failed: see above")
    return Check(f"mailbox {backend}", False, detail, max(c.exit or 1 for c in failed))


def cron_check(config: Config) -> Check:
    """Whether cron, with its bare PATH and none of the user's environment, would
    run this mailflow on this config; and the line that would."""
    from mailflow.commands.setup import cron_line, installed_command

    command = installed_command()
    found = shutil.which("mailflow", path="/usr/bin:/bin")
    line = cron_line(config.source)
    if found and Path(found).resolve() == command.resolve():
        return Check("cron", True, f"cron finds mailflow on its PATH; a crontab line: {line}")
    return Check("cron", True, f"cron's PATH (/usr/bin:/bin) has no mailflow: name it by its full path, "
                               f"e.g. this crontab line: {line}")
