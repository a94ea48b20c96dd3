"""What each command does, between the CLI and the core. Returns data; never prints."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from mailflow import letters
from mailflow.clock import local_zone, parse_now
from mailflow.config import Config
from mailflow.detect import detect
from mailflow.engine import DraftReport, Engine, RunReport
from mailflow.errors import ConfigError, NotFoundError
from mailflow.model import Interviewer, Remark
from mailflow.policy import Planned, thank_you_key
from mailflow.status import build_status
from mailflow.store import MessageRecord, Store, run_lock

log = logging.getLogger("mailflow")


def run_once(config: Config, now: datetime, *, dry_run: bool = False) -> RunReport:
    """``mailflow run``: one locked pass of the whole pipeline."""
    if not config.profile.email:
        raise ConfigError(
            f"{config.source or 'the config'}: [profile] email is not set, so mailflow cannot tell you "
            "from your interviewers",
            hint='add your address: [profile] email = "you@example.com"',
        )
    if dry_run:
        return Engine(config, _scratch(config), now).run(dry_run=True)
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


def _scratch(config: Config) -> Store:
    """A throwaway copy of the state (or an empty one): for commands that change nothing."""
    if not config.state_path.exists():
        return Store(None)
    with Store(config.state_path) as real:
        return real.scratch_copy()


def scan(config: Config, now: datetime, *, since: str | None = None, until: str | None = None) -> dict:
    """``mailflow scan``: events in the window and the verdict on each.

    Interviews found are remembered (so ``remark`` can name them) but no mail
    is written and incremental sync tokens are left alone.
    """
    zone = local_zone(config.policy.timezone)
    with Store(config.state_path) as store:
        engine = Engine(config, store, now)
        start, end = engine.window()
        start = parse_now(since, zone) if since else start
        end = parse_now(until, zone) if until else end
        report = RunReport(now=now)
        events, answered = engine.fetch(report, start, end, keep_cache=False)
        detections = detect(events, config)
        with store.transaction():
            engine.record_interviews(detections, answered, start, end, report)
    return {
        "window": {"start": start.isoformat(), "end": end.isoformat()},
        "sources": [s.__dict__ for s in report.sources],
        "events": [_detection(d) for d in detections],
        "warnings": report.warnings,
        "problems": [p.__dict__ for p in report.problems],
    }


def _detection(d) -> dict:
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


def add_remark(config: Config, now: datetime, interview_ref: str, who: str, text: str, kind: str = "remark") -> dict:
    """``mailflow remark``: attach a note to one interviewer of one interview.

    An address that is not on the invite is added as an interviewer (someone to
    thank) only for a remark; a timeline, promise or link from someone else (the
    recruiter who organised it, say) is recorded without making them one."""
    if not text.strip():
        raise ConfigError("the remark is empty", hint='write what they said: mailflow remark ID --by WHO "..."')
    with Store(config.state_path) as store:
        stored = store.resolve_interview(interview_ref, now)
        person = _interviewer(stored.interview, who)
        if person is None:
            if "@" not in who:
                names = ", ".join(f"{p.name} <{p.email}>" for p in stored.interview.interviewers) or "none on the invite"
                raise NotFoundError(
                    f"{who!r} is not an interviewer of {stored.id} ({stored.interview.company})",
                    hint=f"interviewers: {names}; or give an address to add someone",
                )
            from mailflow.detect import name_from_address

            from mailflow.detect import Detector
            from mailflow.model import Attendee

            email = who.strip().lower()
            organizer = stored.interview.organizer_email == email and stored.interview.organizer_name
            person = Interviewer(email, organizer or name_from_address(email), "user")
            why_not = Detector(config).why_not_thanked(Attendee(email))
            if kind == "remark" and why_not:
                raise NotFoundError(
                    f"{email} is {why_not}: mailflow does not write thank-you notes to it",
                    hint="give the address of the person who said it",
                )
            if kind == "remark":
                store.add_interviewer(stored.id, person)
        with store.transaction():
            store.add_note(Remark(stored.id, person.email, text.strip(), kind, now), now)
    return {"interview": stored.id, "company": stored.interview.company, "interviewer": person.email,
            "name": person.name, "kind": kind, "text": text.strip()}


def _interviewer(interview, who: str) -> Interviewer | None:
    who = who.strip().casefold()
    for p in interview.interviewers:
        if who in (p.email.casefold(), p.name.casefold()):
            return p
    firsts = [p for p in interview.interviewers if p.first_name.casefold() == who]
    return firsts[0] if len(firsts) == 1 else None


def preview(config: Config, now: datetime, interview_ref: str) -> list[DraftReport]:
    """``mailflow preview``: every thank-you for one interview, composed and proofread, not written."""
    store = _scratch(config)
    engine = Engine(config, store, now)
    stored = store.resolve_interview(interview_ref, now)
    application = store.snapshot().applications[stored.application_id]
    items = [
        Planned("thank_you", thank_you_key(stored.interview, p.email), stored.interview, application, p)
        for p in stored.interview.interviewers
    ]
    report = RunReport(now=now, dry_run=True)
    engine.write(items, report, dry_run=True)
    if report.problems and not report.drafts:
        raise report_error(report)
    return report.drafts


def report_error(report: RunReport):
    from mailflow.errors import MailflowError

    p = report.problems[0]
    return MailflowError(f"{p.what}: {p.message}", p.hint)


def status(config: Config, now: datetime) -> dict:
    with Store(config.state_path) as store:
        return build_status(store.snapshot(), now, config)


def mark_sent(config: Config, now: datetime, interview_ref: str, who: str | None,
              follow_up: bool = False, at: str | None = None) -> list[str]:
    """``mailflow mark-sent``: the thank-yous (or with ``follow_up`` the follow-up
    about that interview) were sent where mailflow cannot see, at ``at`` (default
    now). A thank-you the user wrote without a draft is recorded too, so no draft
    is made for that person and the follow-up clock starts."""
    lines = []
    zone = local_zone(config.policy.timezone)
    sent_at = parse_now(at, zone) if at else now
    if sent_at > now:
        raise ConfigError(f"--at {at}: that is in the future", hint="give the time you sent it")
    with Store(config.state_path) as store:
        stored = store.resolve_interview(interview_ref, now)
        if follow_up:
            return _mark_follow_up_sent(store, stored, sent_at, zone)
        people = stored.interview.interviewers
        if who:
            person = _interviewer(stored.interview, who)
            if person is None:
                raise NotFoundError(f"{who!r} is not an interviewer of {stored.id}")
            people = (person,)
        for p in people:
            key = thank_you_key(stored.interview, p.email)
            if store.message(key) is None:  # written by hand: record it, so none is drafted
                store.record_intent(MessageRecord(
                    key=key, kind="thank_you", recipient=p.email, backend="manual", status="intent",
                    application_id=stored.application_id, interview_id=stored.id, recipient_name=p.name,
                ), sent_at)
                store.confirm(key, "sent", sent_at, sent_at=sent_at)
            else:
                store.confirm(key, "sent", now, sent_at=sent_at)
            lines.append(f"{p.name} <{p.email}>: thank-you marked sent at {letters.dated(sent_at, zone)}")
    return lines


def _mark_follow_up_sent(store: Store, stored, now: datetime, zone) -> list[str]:
    unsent = [
        m for m in store.messages().values()
        if m.kind == "follow_up" and m.interview_id == stored.id and m.status in ("draft", "scheduled", "deleted")
    ]
    if not unsent:
        return [f"no follow-up to {stored.interview.company} about {stored.id} is waiting to be sent; nothing marked"]
    lines = []
    for m in unsent:
        store.confirm(m.key, "sent", now, sent_at=now)
        lines.append(f"{m.recipient_name} <{m.recipient}>: follow-up marked sent at {letters.dated(now, zone)}")
    return lines


def write_starter_config(target: Path, *, force: bool = False) -> Path:
    if target.exists() and not force:
        raise ConfigError(f"{target} exists already", hint="pass --force to overwrite it, or --path to write elsewhere")
    target.parent.mkdir(parents=True, exist_ok=True)
    example = (Path(__file__).parent / "starter.toml").read_text(encoding="utf-8")
    target.write_text(example, encoding="utf-8")
    return target


def doctor(config: Config, now: datetime) -> list[dict]:
    """Checks with a verdict each: ok, or what is wrong and the exit code it implies."""
    checks = [{"check": "config", "ok": True, "detail": str(config.source), "exit": 0}]
    if not config.profile.email:
        checks.append({"check": "profile", "ok": False, "exit": 2,
                       "detail": "[profile] email is empty: mailflow cannot tell you from your interviewers"})
    store = _scratch(config)
    engine = Engine(config, store, now)
    report = RunReport(now=now)
    start, end = engine.window()
    engine.fetch(report, start, end, keep_cache=False)
    for s in report.sources:
        checks.append({"check": f"calendar {s.name}", "ok": s.ok, "exit": 0 if s.ok else 1,
                       "detail": f"{s.events} events in the window" if s.ok else ""})
    for p in report.problems:
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
    return checks




def proofread_file(config: Config, now: datetime, path: Path, kind: str | None = None) -> dict:
    """``mailflow proofread FILE``: check a message edited by hand.

    A message mailflow drafted (it carries ``X-Mailflow-Key``) is checked against
    what the state knows of it: recipient, company, role and the other companies
    of the pipeline. A plain-text file gets the pipeline's companies only.
    """
    import email
    import email.policy

    from mailflow import proofread
    from mailflow.mailboxes.base import KEY_HEADER

    proofread.validate_settings(config.proofread)
    try:
        data = Path(path).read_bytes()
    except OSError:
        data = b""  # proofread_file reports the missing or unreadable file
    msg = email.message_from_bytes(data, policy=email.policy.default) if data else None
    is_message = msg is not None and any(msg.get(h) for h in ("From", "Message-ID", KEY_HEADER))
    key = str(msg.get(KEY_HEADER, "")).strip() if is_message else ""
    with Store(config.state_path) as store:
        record = store.message(key) if key else None
        applications = store.applications()
        interviews = {s.id: s.interview for s in store.interviews()}
    company = role = name = ""
    if record is not None:
        app = next((a for a in applications if a.id == record.application_id), None)
        company, role, name = (app.company if app else ""), (app.role if app else ""), record.recipient_name
        interview = interviews.get(record.interview_id or "")
        role = (interview.role if interview and interview.role else role)
    known = {a.company for a in applications} | {a.role for a in applications}
    known |= {p.name for iv in interviews.values() for p in iv.interviewers}
    ctx = proofread.ProofContext(
        kind=kind or (record.kind if record else "other"),
        recipient_name=name,
        company=company,
        role=role,
        other_companies=tuple(a.company for a in applications if a.company.casefold() != company.casefold()),
        known_words=tuple(k for k in known | {config.profile.name} if k),
        signature=letters.me(config)["signature"],
        allowed_placeholders=(),
    )
    if is_message:
        findings = proofread.proofread_message(msg, ctx, config.proofread, config.policy)
    else:
        findings = proofread.proofread_file(Path(path), ctx, config.proofread, config.policy)
    return {
        "file": str(path), "kind": ctx.kind, "company": company, "recipient": name,
        "findings": [f.__dict__ for f in findings],
        "errors": sum(f.severity == "error" for f in findings),
    }
