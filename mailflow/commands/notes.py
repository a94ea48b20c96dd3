"""``remark`` and ``mark-sent``: what the user tells mailflow about an interview."""

from __future__ import annotations

from datetime import datetime

from mailflow.clock import parse_now
from mailflow.commands.common import interviewer_of
from mailflow.config import Config
from mailflow.errors import ConfigError, NotFoundError
from mailflow.model import (
    Attendee,
    Interviewer,
    MessageKind,
    MessageRecord,
    MessageState,
    Remark,
    StoredInterview,
    thank_you_key,
)
from mailflow.reports import MarkSentReport, RemarkReport
from mailflow.rules.detect import Detector, name_from_address
from mailflow.store import Store


def remark(config: Config, now: datetime, interview_ref: str, who: str, text: str,
           kind: str = "remark") -> RemarkReport:
    """``mailflow remark``: attach a note to one interviewer of one interview.

    An address that is not on the invite is added as an interviewer (someone to
    thank) only for a remark; a timeline, promise or link from someone else (the
    recruiter who organised it, say) is recorded without making them one."""
    if not text.strip():
        raise ConfigError("the remark is empty", hint='write what they said: mailflow remark ID --by WHO "..."')
    with Store(config.state_path) as store:
        stored = store.resolve_interview(interview_ref, now)
        person = interviewer_of(stored.interview, who)
        if person is None:
            if "@" not in who:
                names = ", ".join(f"{p.name} <{p.email}>" for p in stored.interview.interviewers) or "none on the invite"
                raise NotFoundError(
                    f"{who!r} is not an interviewer of {stored.id} ({stored.interview.company})",
                    hint=f"interviewers: {names}; or give an address to add someone",
                )
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
    return RemarkReport(interview=stored.id, company=stored.interview.company, interviewer=person.email,
                        name=person.name, kind=kind, text=text.strip())


def mark_sent(config: Config, now: datetime, interview_ref: str, who: str | None,
              follow_up: bool = False, at: str | None = None) -> MarkSentReport:
    """``mailflow mark-sent``: the thank-yous (or with ``follow_up`` the follow-up
    about that interview) were sent where mailflow cannot see, at ``at`` (default
    now). A thank-you the user wrote without a draft is recorded too, so no draft
    is made for that person and the follow-up clock starts."""
    sent_at = parse_now(at, config.policy.zone) if at else now
    if sent_at > now:
        raise ConfigError(f"--at {at}: that is in the future", hint="give the time you sent it")
    with Store(config.state_path) as store:
        stored = store.resolve_interview(interview_ref, now)
        report = MarkSentReport(interview=stored.id, company=stored.interview.company)
        if follow_up:
            _mark_follow_up_sent(store, stored, sent_at, report)
            return report
        people = stored.interview.interviewers
        if who:
            person = interviewer_of(stored.interview, who)
            if person is None:
                raise NotFoundError(f"{who!r} is not an interviewer of {stored.id}")
            people = (person,)
        for p in people:
            key = thank_you_key(stored.interview, p.email)
            if store.message(key) is None:  # written by hand: record it, so none is drafted
                store.record_intent(MessageRecord(
                    key=key, kind=MessageKind.THANK_YOU, recipient=p.email, backend="manual",
                    status=MessageState.INTENT, application_id=stored.application_id, interview_id=stored.id,
                    recipient_name=p.name,
                ), sent_at)
                store.confirm(key, MessageState.SENT, sent_at, sent_at=sent_at)
            else:
                store.confirm(key, MessageState.SENT, now, sent_at=sent_at)
            report.marked.append({"kind": MessageKind.THANK_YOU, "to": p.email, "name": p.name, "at": sent_at})
    return report


def _mark_follow_up_sent(store: Store, stored: StoredInterview, when: datetime, report: MarkSentReport) -> None:
    unsent = [
        m for m in store.messages().values()
        if m.kind == MessageKind.FOLLOW_UP and m.interview_id == stored.id
        and m.status in (MessageState.DRAFT, MessageState.SCHEDULED, MessageState.DELETED)
    ]
    if not unsent:
        report.nothing = (f"no follow-up to {stored.interview.company} about {stored.id} is waiting to be sent; "
                          "nothing marked")
    for m in unsent:
        store.confirm(m.key, MessageState.SENT, when, sent_at=when)
        report.marked.append({"kind": MessageKind.FOLLOW_UP, "to": m.recipient, "name": m.recipient_name, "at": when})
