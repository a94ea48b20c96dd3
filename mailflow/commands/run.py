"""``run`` (the cron job), ``scan``, ``preview`` and ``doctor``."""

from __future__ import annotations

import logging
from datetime import datetime

from mailflow.clock import parse_now
from mailflow.commands.common import require_profile_email, scratch
from mailflow.config import Config
from mailflow.engine import Engine
from mailflow.errors import MailflowError
from mailflow.lock import run_lock
from mailflow.model import Detection, MessageKind, thank_you_key
from mailflow.reports import DoctorReport, PreviewReport, RunReport, ScanReport
from mailflow.rules.detect import detect
from mailflow.rules.plan import Planned
from mailflow.store import Store

log = logging.getLogger("mailflow")


def run(config: Config, now: datetime, *, dry_run: bool = False) -> RunReport:
    """``mailflow run``: one locked pass of the whole pipeline."""
    require_profile_email(config)
    if dry_run:
        return Engine(config, scratch(config), now).run(dry_run=True)
    store = Store(config.state_path)
    try:
        with run_lock(config.state_path):
            report = Engine(config, store, now).run()
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
    finally:
        store.close()


def scan(config: Config, now: datetime, *, since: str | None = None, until: str | None = None) -> ScanReport:
    """``mailflow scan``: events in the window and the verdict on each.

    Interviews found are remembered (so ``remark`` can name them) but no mail
    is written. The sources' caches are those of ``run``: on the run's own
    window a scan costs what a cron run costs, and what it syncs (tokens with the
    events they belong to) is saved for the next run. A window of its own
    (``--since``/``--until``) is read with fresh caches and saves none, so it
    does not evict the run's.
    """
    zone = config.policy.zone
    with Store(config.state_path) as store:
        engine = Engine(config, store, now)
        start, end = engine.window()
        start = parse_now(since, zone) if since else start
        end = parse_now(until, zone) if until else end
        found = RunReport(now=now)
        events, answered = engine.fetch(found, start, end, keep_cache=since is None and until is None)
        detections = detect(events, config)
        with store.transaction():
            engine.record_interviews(detections, answered, start, end, found)
    return ScanReport(
        problems=found.problems, warnings=found.warnings,
        window={"start": start.isoformat(), "end": end.isoformat()},
        sources=found.sources, events=[_detection(d) for d in detections],
    )


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
    store = scratch(config)
    engine = Engine(config, store, now)
    stored = store.resolve_interview(interview_ref, now)
    application = store.snapshot().applications[stored.application_id]
    items = [
        Planned(MessageKind.THANK_YOU, thank_you_key(stored.interview, p.email), stored.interview, application, p)
        for p in stored.interview.interviewers
    ]
    found = RunReport(now=now, dry_run=True)
    engine.write(items, found, dry_run=True)
    if found.problems and not found.drafts:
        p = found.problems[0]
        raise MailflowError(f"{p.what}: {p.message}", p.hint)
    return PreviewReport(interview=stored.id, drafts=found.drafts, warnings=found.warnings)


def doctor(config: Config, now: datetime) -> DoctorReport:
    """Checks with a verdict each: ok, or what is wrong and the exit code it implies."""
    report = DoctorReport()
    checks = report.checks
    checks.append({"check": "config", "ok": True, "detail": str(config.source), "exit": 0})
    if not config.profile.email:
        checks.append({"check": "profile", "ok": False, "exit": 2,
                       "detail": "[profile] email is empty: mailflow cannot tell you from your interviewers"})
    store = scratch(config)
    engine = Engine(config, store, now)
    found = RunReport(now=now)
    start, end = engine.window()
    engine.fetch(found, start, end, keep_cache=False)
    for s in found.sources:
        checks.append({"check": f"calendar {s.name}", "ok": s.ok, "exit": 0 if s.ok else 1,
                       "detail": f"{s.events} events in the window" if s.ok else ""})
    for p in found.problems:
        checks.append({"check": p.what, "ok": False, "exit": 2 if p.needs_user else 1,
                       "detail": f"{p.message} ({p.hint})" if p.hint else p.message})
    try:
        mailbox = engine.mailbox()
        mailbox.find("doctor.check")
        checks.append({"check": f"mailbox {config.mail.backend}", "ok": True, "exit": 0, "detail": "reachable"})
    except Exception as exc:  # noqa: BLE001 - doctor reports everything
        exit_code = getattr(exc, "exit_code", 1)
        checks.append({"check": f"mailbox {config.mail.backend}", "ok": False, "exit": exit_code,
                       "detail": f"{exc} ({getattr(exc, 'hint', '') or ''})"})
    checks.append({"check": "state", "ok": True, "exit": 0,
                   "detail": f"{config.state_path} (schema {store.schema_version})"})
    return report
