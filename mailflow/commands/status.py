"""``mailflow status``: the pipeline at a glance."""

from __future__ import annotations

from datetime import datetime, timedelta

from mailflow.config import Config
from mailflow.model import ApplicationStatus, MailClass, MessageState, ReadMail, Snapshot, thank_you_key
from mailflow.reports_other import StatusReport
from mailflow.rules import followups
from mailflow.store import Store


def status(config: Config, now: datetime) -> StatusReport:
    """``mailflow status``: read the state, change nothing."""
    with Store(config.state_path) as store:
        return build_status(store.snapshot(), now, config)


def build_status(snapshot: Snapshot, now: datetime, config: Config) -> StatusReport:
    """Applications with their interviews and messages, plus warnings (K1, T2).

    Per application, where follow-ups stand (F1-F5): ``timeline`` (the words
    recorded, the date they were read as, who said it), ``follow_up`` (the next
    one: number, due date, why, to whom; null when none is coming) and
    ``follow_ups`` (the state and why: answered, drafted, cold on ...), and
    ``reply`` (the company's latest real answer seen).
    """
    overdue_after = timedelta(hours=config.policy.thank_you.overdue_hours)
    zone = config.policy.zone
    applications = []
    by_app: dict[int, list] = {}
    for stored in snapshot.interviews:
        by_app.setdefault(stored.application_id, []).append(stored)
    warnings = []
    schedules = followups.schedules(snapshot, now, config.policy)
    hidden = (ApplicationStatus.FORGOTTEN, ApplicationStatus.MERGED, ApplicationStatus.RETIRED)
    for app in sorted(snapshot.applications.values(), key=lambda a: a.company.casefold()):
        if app.status in hidden:  # `mailflow fix list` shows them
            continue
        interviews = []
        for stored in by_app.get(app.id, []):
            iv = stored.interview
            people = []
            for p in iv.interviewers:
                message = snapshot.messages.get(thank_you_key(iv, p.email))
                state = message.status if message else ("upcoming" if now < iv.end else "not drafted")
                remarks = [n.text for n in snapshot.notes.get(iv.id, []) if n.kind == "remark"
                           and n.interviewer.lower() == p.email.lower()]
                people.append({
                    "email": p.email, "name": p.name, "named_from": p.named_from,
                    "thank_you": state, "remarks": len(remarks),
                    "placeholder": bool(message and message.placeholder),
                    "evidence": message.evidence if message else "",
                    "edited": bool(message and message.edited),
                })
                if (message and message.status == MessageState.DRAFT and now - iv.end >= overdue_after
                        and app.status == ApplicationStatus.ACTIVE):
                    warnings.append(
                        f"thank-you to {p.name} <{p.email}> ({app.company}) still unsent "
                        f"{int((now - iv.end).total_seconds() // 3600)} h after the interview"
                    )
            interviews.append({
                "id": iv.id, "title": iv.title, "start": iv.start.astimezone(zone).isoformat(), "end": iv.end.astimezone(zone).isoformat(),
                "status": stored.status, "role": iv.role, "interviewers": people,
            })
        messages = [
            {"key": m.key, "kind": m.kind, "to": m.recipient, "status": m.status, "subject": m.subject,
             "evidence": m.evidence, "edited": m.edited,
             "drafted_at": m.drafted_at.isoformat() if m.drafted_at else None,
             "sent_at": m.sent_at.isoformat() if m.sent_at else None,
             "send_at": m.send_at.astimezone(zone).isoformat() if m.send_at and m.status == MessageState.SCHEDULED
             else None}
            for m in snapshot.messages.values() if m.application_id == app.id
        ]
        mail = snapshot.mail.get(app.id, [])
        asked = _unanswered_scheduling(snapshot, app.id)
        if asked is not None and app.status == ApplicationStatus.ACTIVE:
            warnings.append(f"{app.company} asked to schedule on {asked.received_at.astimezone(zone).date()} "
                            f"(\"{asked.evidence}\", from {asked.sender}): answer them")
        applications.append({
            "company": app.company, "status": app.status, "role": app.role, "domain": app.domain,
            "contact": app.contact_email, "interviews": interviews, "messages": messages,
            "mail": [mail_json(m, zone) for m in mail],
            **_follow_ups(schedules.get(app.id)),
            "reply": {"at": app.replied_at.isoformat(), "from": app.reply_from, "subject": app.reply_subject}
            if app.replied_at else None,
        })
    active = [a for a in snapshot.applications.values() if a.status == ApplicationStatus.ACTIVE]
    accepted = any(a.status == ApplicationStatus.ACCEPTED for a in snapshot.applications.values())
    if len(active) < 2 and not accepted:  # once an offer is accepted the search is over
        warnings.append(
            f"only {len(active)} active application{'s' if len(active) != 1 else ''}: "
            "keep options open until an offer is signed"
        )
    return StatusReport(now=now, applications=applications, warnings=warnings)


def mail_json(m: ReadMail, zone) -> dict:
    """A message read in the inbox, as ``status`` and ``inbox`` show it."""
    return {"at": m.received_at.astimezone(zone).isoformat(), "from": m.sender, "subject": m.subject,
            "class": str(m.kind), "evidence": m.evidence, "date": m.day.isoformat() if m.day else None,
            "proposal": str(m.proposal) or None}


def _unanswered_scheduling(snapshot, app_id: int) -> ReadMail | None:
    """The application's latest read message, when it asks to schedule and no interview
    was added to the calendar since (the user's answer)."""
    mail = [m for m in snapshot.mail.get(app_id, []) if m.kind not in (MailClass.BULK, MailClass.AUTOREPLY)]
    if not mail or mail[-1].kind != MailClass.SCHEDULING:
        return None
    asked = mail[-1]
    booked = [s for s in snapshot.interviews if s.application_id == app_id and s.first_seen
              and s.first_seen > asked.received_at]
    return None if booked else asked


def _follow_ups(state: followups.FollowUps | None) -> dict:
    if state is None:
        return {"timeline": None, "follow_up": None, "follow_ups": None}
    given = state.timeline
    timeline = None
    if state.mail_timeline is not None:
        told = state.mail_timeline
        timeline = {"text": told.evidence, "said_by": told.sender, "by": told.day.isoformat() if told.day else None,
                    "explanation": f"read in their message of {told.received_at.date().isoformat()}"
                                   + ("" if told.day else ": a delay with no date, the cadence restarts")}
    elif given is not None:
        reading = given.reading
        timeline = {
            "text": given.note.text, "said_by": given.note.interviewer,
            "by": reading.by.isoformat() if reading else None,
            "explanation": reading.explanation if reading else "no date could be read in it",
        }
    upcoming = None
    if state.state in (followups.FollowUpState.DUE, followups.FollowUpState.UPCOMING):
        upcoming = {
            "number": state.number, "due": state.due.isoformat(), "why": state.why,
            "to": state.recipient.email, "to_name": state.recipient.name,
        }
    summary = {
        "state": state.state, "why": state.why, "sent": len(state.sent),
        "cold_on": state.cold_on.isoformat() if state.cold_on else None,
    }
    return {"timeline": timeline, "follow_up": upcoming, "follow_ups": summary}
