"""The pipeline at a glance, as data (``mailflow status``). Pure."""

from __future__ import annotations

from datetime import datetime, timedelta

from mailflow.clock import local_zone
from mailflow.config import Config
from mailflow.policy import thank_you_key
from mailflow.store import Snapshot


def build_status(snapshot: Snapshot, now: datetime, config: Config) -> dict:
    """Applications with their interviews and messages, plus warnings (K1, T2)."""
    overdue_after = timedelta(hours=config.policy.thank_you.overdue_hours)
    zone = local_zone(config.policy.timezone)
    applications = []
    by_app: dict[int, list] = {}
    for stored in snapshot.interviews:
        by_app.setdefault(stored.application_id, []).append(stored)
    warnings = []
    for app in sorted(snapshot.applications.values(), key=lambda a: a.company.casefold()):
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
                })
                if message and message.status == "draft" and now - iv.end >= overdue_after:
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
             "drafted_at": m.drafted_at.isoformat() if m.drafted_at else None,
             "sent_at": m.sent_at.isoformat() if m.sent_at else None}
            for m in snapshot.messages.values() if m.application_id == app.id
        ]
        applications.append({
            "company": app.company, "status": app.status, "role": app.role, "domain": app.domain,
            "contact": app.contact_email, "interviews": interviews, "messages": messages,
        })
    active = [a for a in snapshot.applications.values() if a.status == "active"]
    if len(active) < 2:
        warnings.append(
            f"only {len(active)} active application{'s' if len(active) != 1 else ''}: "
            "keep options open until an offer is signed"
        )
    return {"now": now.isoformat(), "applications": applications, "warnings": warnings}
