"""What each kind of message says: template contexts from the recorded facts. Pure."""

from __future__ import annotations

from datetime import datetime

from mailflow.config import Config
from mailflow.model import Interview, Interviewer, Remark

PLACEHOLDER = "[REMARK: what {name} said that stayed with you - replace this line before sending]"


def me(config: Config) -> dict:
    profile = config.profile
    name = profile.name or profile.email
    return {
        "name": name,
        "first_name": name.split()[0] if name.split() else name,
        "email": profile.email,
        "signature": profile.signature.strip() or name,
    }


def person(p: Interviewer | None, fallback: str = "") -> dict:
    if p is None:
        return {"name": fallback, "first_name": fallback or "there", "email": ""}
    return {"name": p.name, "first_name": p.first_name, "email": p.email}


def interview_facts(interview: Interview, zone) -> dict:
    start = interview.start.astimezone(zone)
    return {
        "id": interview.id,
        "title": interview.title,
        "weekday": start.strftime("%A"),
        "date": f"{start.strftime('%A')}, {start.day} {start.strftime('%B')}",
        "start": start.isoformat(),
        "video": bool(interview.video_url),
    }


def _texts(notes: list[Remark], kind: str, email: str | None = None) -> list[str]:
    return [
        n.text.strip() for n in notes
        if n.kind == kind and (email is None or n.interviewer.lower() in ("", email.lower()))
    ]


def thank_you_context(
    config: Config,
    interview: Interview,
    interviewer: Interviewer,
    notes: list[Remark],
    debrief: dict | None,
    zone,
) -> tuple[dict, bool]:
    """The thank-you context and whether it carries the remark placeholder."""
    email = interviewer.email
    remarks = [n.text.strip() for n in notes if n.kind == "remark" and n.interviewer.lower() == email.lower()]
    debrief = debrief or {}
    strengths = _texts(notes, "strength", email) or list(debrief.get("strengths", []))
    amplify = (_texts(notes, "amplify", email) or [debrief.get("amplify", "")])[0]
    links = _texts(notes, "link", email)
    promised = _texts(notes, "promised", email)
    availability = _texts(notes, "availability", email)
    placeholder = PLACEHOLDER.format(name=interviewer.first_name)
    context = {
        "me": me(config),
        "interviewer": person(interviewer),
        "company": interview.company,
        "role": interview.role,
        "interview": interview_facts(interview, zone),
        "remark": remarks[-1].strip().strip('"') if remarks else "",
        "placeholder": placeholder,
        "strength": strengths[0] if strengths else "",
        "amplify": amplify,
        "links": links,
        "promised": "; ".join(promised),
        "availability": availability[0] if availability else "",
    }
    return context, not remarks


def context_for(item, config: Config, notes: list[Remark], debrief: dict | None, zone) -> tuple[dict, bool]:
    """The template context for a planned message (``policy.Planned``) of any kind,
    and whether it carries a placeholder. ``item.extra`` adds kind-specific values."""
    if item.kind == "thank_you":
        context, placeholder = thank_you_context(config, item.interview, item.recipient, notes, debrief, zone)
    else:
        context, placeholder = {
            "me": me(config),
            "contact": person(item.recipient),
            "interviewer": person(item.recipient),
            "company": item.interview.company,
            "role": item.interview.role or item.application.role,
            "interview": interview_facts(item.interview, zone),
            "thread_subject": item.reply_to.subject if item.reply_to else "",
            "mention_offer": config.policy.mention_offer,
            "reason": "",
            "remark": "",
            "timeline": "",
            "timeline_date": "",
            "number": 1,
        }, False
    context.update(item.extra)
    by = context.pop("timeline_by", None)
    if by is not None:
        context["timeline_date"] = f"{by.strftime('%A')}, {by.day} {by.strftime('%B')}"
    return context, placeholder


def context_digest(context: dict) -> str:
    """A digest of everything a message is written from: when it changes, an
    unedited draft is rewritten in place."""
    import hashlib
    import json

    text = json.dumps(context, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def placeholder_texts(context: dict) -> tuple[str, ...]:
    """Bracketed text put in on purpose, for the proofreader."""
    return (context["placeholder"],) if context.get("placeholder") and not context.get("remark") else ()


def dated(when: datetime | None, zone) -> str:
    return when.astimezone(zone).strftime("%a %d %b %Y %H:%M") if when else ""
