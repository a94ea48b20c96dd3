"""What the proofreader knows about a message, from the state: whom it is for, at which
company, about which interviews, and the words the user's pipeline makes known.

``for_draft`` serves a draft mailflow composes; ``for_file`` serves ``mailflow
proofread FILE``, which finds the recipient from the message itself (its ``To:``,
or a plain-text file's ``To:`` line), the application from that address (an
interviewer, the recorded contact, the company's domain), and the kind from the
``X-Mailflow-Key`` header, a recorded message with the same subject, or the words.
The addressee's own company is never "another company of the pipeline".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr

from mailflow.config import Config
from mailflow.model import Application, Interview, Interviewer, MessageKind, Snapshot, kind_of_key, same_subject
from mailflow.proofread.names import KINDS, ProofContext


def _signature(config: Config) -> str:
    profile = config.profile
    return profile.signature.strip() or profile.name or profile.email


def known_words(snapshot: Snapshot, config: Config) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(names, companies and roles; the calendar's titles and every recorded note)."""
    known = {a.company for a in snapshot.applications.values()} | {a.role for a in snapshot.applications.values()}
    known |= {a.contact_name for a in snapshot.applications.values()}
    for s in snapshot.interviews:
        known |= {s.interview.role, s.interview.organizer_name, *(p.name for p in s.interview.interviewers)}
    known.add(config.profile.name)
    texts = {s.interview.title for s in snapshot.interviews}
    texts |= {n.text for notes in snapshot.notes.values() for n in notes}
    return tuple(sorted(k for k in known if k)), tuple(sorted(t for t in texts if t))


def _greeting(config: Config, email: str) -> str:
    people = {k.strip().lower(): v for k, v in config.people.items()}
    found = people.get(email.strip().lower())
    return found.greeting if found else ""


def interview_days(snapshot: Snapshot, application_id: int | None, email: str, kind: str, zone) -> tuple:
    """The days a message to ``email`` can be about: for a thank-you, the interviews
    they were in (all of the application's when they were in none); otherwise every
    interview of the application."""
    own = [s.interview for s in snapshot.interviews
           if s.application_id == application_id and not s.interview.cancelled]
    if kind == "thank_you":
        theirs = [i for i in own if any(p.email.lower() == email.lower() for p in i.interviewers)]
        own = theirs or own
    return tuple(sorted({i.start.astimezone(zone).date() for i in own}))


def interview_times(snapshot: Snapshot, application_id: int | None, email: str, kind: str, zone) -> tuple:
    """When the interviews of ``interview_days`` started and ended, in ``zone``."""
    own = [s.interview for s in snapshot.interviews
           if s.application_id == application_id and not s.interview.cancelled]
    if kind == "thank_you":
        theirs = [i for i in own if any(p.email.lower() == email.lower() for p in i.interviewers)]
        own = theirs or own
    return tuple(sorted({(i.start.astimezone(zone), i.end.astimezone(zone)) for i in own}))


def timeline_days(snapshot: Snapshot, application_id: int | None, zone) -> tuple:
    """The days the application's recorded timelines name ("by Friday" said on a
    Tuesday: that Friday), each read from the day of the interview it was given at."""
    from mailflow.rules.timeline import parse_timeline

    out = set()
    for s in snapshot.interviews:
        if s.application_id != application_id or s.interview.cancelled:
            continue
        for note in snapshot.notes.get(s.id, []):
            if note.kind == "timeline" and note.text.strip():
                reading = parse_timeline(note.text, s.interview.start.astimezone(zone).date())
                if reading is not None:
                    out.add(reading.by)
    return tuple(sorted(out))


def for_draft(snapshot: Snapshot, config: Config, kind: str, recipient: Interviewer, application: Application,
              interview: Interview, now: datetime | None, allowed_placeholders: tuple[str, ...] = (),
              recorded: tuple[str, ...] = (), words: tuple[tuple[str, ...], tuple[str, ...]] | None = None
              ) -> ProofContext:
    """The context for a draft mailflow composed: ``recorded`` are the user's texts it
    repeats (their errors are warnings: they were checked when recorded). ``words`` is
    ``known_words`` of the snapshot, when the caller already has it (a run's drafts
    share it)."""
    names, texts = words or known_words(snapshot, config)
    return ProofContext(
        kind=kind,
        recipient_name=recipient.name,
        recipient_email=recipient.email,
        greeting=_greeting(config, recipient.email),
        company=interview.company,
        role=interview.role,
        other_companies=tuple(a.company for a in snapshot.applications.values()
                              if a.company.casefold() != interview.company.casefold()),
        known_words=names,
        signature=_signature(config),
        allowed_placeholders=allowed_placeholders,
        interview_days=interview_days(snapshot, application.id, recipient.email, kind, config.policy.zone),
        interview_times=interview_times(snapshot, application.id, recipient.email, kind, config.policy.zone),
        timeline_days=timeline_days(snapshot, application.id, config.policy.zone),
        now=now,
        recorded=recorded,
        recorded_words=texts,
        reader_notes=recorded,
    )


@dataclass
class Found:
    """What ``for_file`` worked out, for the report."""

    context: ProofContext
    application: Application | None = None
    recipient: str = ""


def for_file(snapshot: Snapshot, config: Config, now: datetime, *, to: str, subject: str, body: str,
             key: str = "", kind: str | None = None) -> Found:
    """The context for a message the user wrote or edited: ``to`` is its ``To:`` value."""
    name, email = parseaddr(to)
    email = email.strip().lower()
    record = snapshot.messages.get(key) if key else None
    if record is not None and not email:
        email, name = record.recipient.lower(), record.recipient_name
    person = _known_person(snapshot, email)
    application = None
    if record is not None and record.application_id in snapshot.applications:
        application = snapshot.applications[record.application_id]
    application = application or _application_of(snapshot, config, email)
    kind = kind or (record.kind if record is not None else "") or _kind_from_key(key) \
        or _kind_from_text(snapshot, application, email, subject, body)
    role = ""
    company = application.company if application else ""
    if application is not None:
        latest = max((s.interview for s in snapshot.interviews if s.application_id == application.id),
                     key=lambda i: i.start, default=None)
        role = (latest.role if latest and latest.role else "") or application.role
    recipient_name = (person.name if person else "") or name
    names, texts = known_words(snapshot, config)
    ctx = ProofContext(
        kind=kind if kind in KINDS else "other",
        recipient_name=recipient_name,
        recipient_email=email,
        greeting=_greeting(config, email),
        company=company,
        role=role,
        other_companies=tuple(a.company for a in snapshot.applications.values()
                              if not application or a.id != application.id),
        known_words=names,
        signature=_signature(config),
        interview_days=interview_days(snapshot, application.id, email, kind, config.policy.zone)
        if application else (),
        interview_times=interview_times(snapshot, application.id, email, kind, config.policy.zone)
        if application else (),
        timeline_days=timeline_days(snapshot, application.id, config.policy.zone) if application else (),
        now=now,
        recorded_words=texts,
        reader_notes=_notes_about(snapshot, application, email),
    )
    return Found(ctx, application, recipient_name)


def _notes_about(snapshot: Snapshot, application: Application | None, email: str) -> tuple[str, ...]:
    """What the user recorded about ``email``'s conversation at ``application``'s interviews."""
    if application is None or not email:
        return ()
    own = {s.id for s in snapshot.interviews if s.application_id == application.id}
    return tuple(n.text for iid in own for n in snapshot.notes.get(iid, [])
                 if n.interviewer.lower() == email and n.kind != "timeline" and n.text.strip())


def _known_person(snapshot: Snapshot, email: str) -> Interviewer | None:
    if not email:
        return None
    for s in reversed(snapshot.interviews):
        for p in s.interview.interviewers:
            if p.email.lower() == email:
                return p
        if s.interview.organizer_email.lower() == email and s.interview.organizer_name:
            return Interviewer(email, s.interview.organizer_name)
    for a in snapshot.applications.values():
        if a.contact_email.lower() == email and a.contact_name:
            return Interviewer(email, a.contact_name)
    return None


def _application_of(snapshot: Snapshot, config: Config, email: str) -> Application | None:
    """The application an address belongs to: an interviewer or the organizer of one
    of its interviews, its contact, or its company's mail domain."""
    if not email:
        return None
    apps = snapshot.applications
    for s in sorted(snapshot.interviews, key=lambda s: s.interview.start, reverse=True):
        if s.application_id in apps and (
                any(p.email.lower() == email for p in s.interview.interviewers)
                or s.interview.organizer_email.lower() == email):
            return apps[s.application_id]
    for a in apps.values():
        if a.contact_email.lower() == email:
            return a
    domain = email.rsplit("@", 1)[-1]
    for a in apps.values():
        configured = next((c for n, c in config.companies.items() if n.casefold() == a.company.casefold()), None)
        domains = {a.domain.lower(), *(d.lower() for d in (configured.domains if configured else []))} - {""}
        if any(domain == d or domain.endswith("." + d) for d in domains):
            return a
    return None


def _kind_from_key(key: str) -> str:
    found = kind_of_key(key) if key else None
    return found.value if found else ""


_WITHDRAW = re.compile(r"\bwithdraw\w*\b|\baccepted\s+(?:another|an?\s+other|a\s+different)\s+(?:offer|position|role)",
                       re.IGNORECASE)
_REJECTED = re.compile(r"\b(?:thank\s+you|thanks)\s+for\s+letting\s+me\s+know\b|\bfeedback\b", re.IGNORECASE)
_THANKS = re.compile(r"\bthank(?:s|\s+you)\b", re.IGNORECASE)


def _kind_from_text(snapshot: Snapshot, application: Application | None, email: str, subject: str,
                    body: str) -> str:
    """The kind of a message that does not say: a reply to a thank-you mailflow wrote
    is a follow-up; then the words (withdrawing, "thank you for letting me know",
    thanks) tell a withdrawal, a rejection reply or a thank-you."""
    replying = bool(re.match(r"^\s*(?:re|aw|sv)\s*:", subject, re.IGNORECASE))
    if replying and application is not None:
        for m in snapshot.messages.values():
            if m.application_id == application.id and m.kind == MessageKind.THANK_YOU and same_subject(m.subject, subject):
                return MessageKind.FOLLOW_UP.value
    text = f"{subject}\n{body}"
    if _WITHDRAW.search(text):
        return MessageKind.WITHDRAWAL.value
    if _REJECTED.search(text) and (replying or application is not None and application.status == "rejected"):
        return MessageKind.REJECTION_REPLY.value
    if replying:
        return MessageKind.FOLLOW_UP.value
    if _THANKS.search(text):
        return MessageKind.THANK_YOU.value
    return "other"

