"""The etiquette rules: (state, now) -> what is due. Pure: no I/O, no clock.

Thank-you notes (PRODUCT.md T1-T4): one per interviewer, drafted on the first
run after the interview ends when a remark was recorded for that person;
without one the note waits for a debrief until ``thank_you.deadline_hours``
and is then drafted with a bracketed placeholder. A note unsent
``overdue_hours`` after the interview is reported. A message that exists in
any state (even deleted by the user) is never planned again.

Follow-ups and going cold (F1-F5) are worked out in ``followups``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mailflow.config import Policy
from mailflow.model import (
    ApplicationStatus,
    Interview,
    Interviewer,
    InterviewStatus,
    MessageKind,
    MessageRecord,
    MessageState,
    NoteKind,
    Planned,
    Remark,
    Snapshot,
    IN_DRAFTS,
    follow_up_key,
    thank_you_key,
)
from mailflow.rules import followups


@dataclass
class Waiting:
    interview: Interview
    interviewer: Interviewer
    until: datetime
    why: str


@dataclass
class Skipped:
    interview: Interview
    why: str


@dataclass
class Overdue:
    message: MessageRecord
    interview: Interview
    hours: float


@dataclass
class Plan:
    drafts: list[Planned] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    overdue: list[Overdue] = field(default_factory=list)
    #: applications to mark cold now: no answer after the last follow-up
    cold: list[followups.FollowUps] = field(default_factory=list)


def remarks_for(notes: list[Remark], email: str, kind: str = "remark") -> list[Remark]:
    """Notes of one kind about one interviewer (address or name, case-insensitive)."""
    email = email.lower()
    return [n for n in notes if n.kind == kind and n.interviewer.lower() == email]


def plan(snapshot: Snapshot, now: datetime, policy: Policy, *, ahead_days: int = 0) -> Plan:
    """Everything due at ``now``: see the module docstring. ``ahead_days`` plans
    follow-ups that many days early (for mailboxes that send them on their day)."""
    result = Plan()
    ty = policy.thank_you
    zone = policy.zone
    # T1: one note per interviewer, even when one day's interviews are several events
    day_of = {s.id: s.interview.end.astimezone(zone).date() for s in snapshot.interviews}
    thanked = {
        (m.application_id, m.recipient.lower(), day_of.get(m.interview_id or ""))
        for m in snapshot.messages.values() if m.kind == MessageKind.THANK_YOU
    }
    # no two notes to one company share a subject: each knows the subjects already used
    subjects: dict[int, tuple[str, ...]] = {}
    for m in snapshot.messages.values():
        if m.kind == MessageKind.THANK_YOU and m.subject and m.application_id is not None:
            subjects[m.application_id] = (*subjects.get(m.application_id, ()), m.subject)
    for stored in snapshot.interviews:
        interview = stored.interview
        application = snapshot.applications[stored.application_id]
        taken = {"taken_subjects": subjects.get(application.id, ())}
        if stored.status != InterviewStatus.SCHEDULED or now < interview.end:
            continue
        if application.status != ApplicationStatus.ACTIVE:
            continue
        notes = snapshot.notes.get(interview.id, [])
        for person in interview.interviewers:
            key = thank_you_key(interview, person.email)
            existing = snapshot.messages.get(key)
            remarks = (remarks_for(notes, person.email) or [
                n for n in notes if n.interviewer.lower() == person.email.lower() and n.text.strip()
                and n.kind in (NoteKind.STRENGTH, NoteKind.AMPLIFY, NoteKind.PROMISED, NoteKind.LINK,
                               NoteKind.AVAILABILITY)]) if notes else []
            same_day = (application.id, person.email.lower(), day_of[interview.id])
            if existing is None and same_day in thanked:
                continue  # thanked once for that day's interviews at this company
            thanked.add(same_day)
            if existing is not None:
                if existing.status == MessageState.DRAFT and existing.placeholder and remarks and not existing.edited:
                    result.drafts.append(Planned(
                        MessageKind.THANK_YOU, key, interview, application, person,
                        replaces=existing, why="a remark arrived for the note drafted with a placeholder",
                        extra={"taken_subjects": tuple(t for t in taken["taken_subjects"] if t != existing.subject)},
                    ))
                elif existing.status == MessageState.INTENT:
                    result.drafts.append(Planned(
                        MessageKind.THANK_YOU, key, interview, application, person,
                        placeholder=existing.placeholder, why="finishing an interrupted write",
                        extra={"taken_subjects": tuple(t for t in taken["taken_subjects"] if t != existing.subject)},
                    ))
                elif existing.kind == MessageKind.THANK_YOU and existing.status in IN_DRAFTS:
                    hours = (now - interview.end).total_seconds() / 3600
                    if hours >= ty.overdue_hours:
                        result.overdue.append(Overdue(existing, interview, hours))
                continue
            late = (stored.first_seen or now) - interview.end
            if late > timedelta(days=ty.max_age_days):
                result.skipped.append(Skipped(
                    interview,
                    f"no note for {person.name}: the interview had ended {late.days} days before mailflow "
                    f"first saw it (policy.thank_you.max_age_days = {ty.max_age_days:g})",
                ))
                continue
            deadline = interview.end + timedelta(hours=ty.deadline_hours)
            if remarks:
                result.drafts.append(Planned(MessageKind.THANK_YOU, key, interview, application, person,
                                             why="the interview is over and a remark is recorded", extra=dict(taken)))
            elif now >= deadline:
                result.drafts.append(Planned(
                    MessageKind.THANK_YOU, key, interview, application, person, placeholder=True,
                    why=f"no remark recorded {ty.deadline_hours:g} h after the interview: "
                        "drafted with a placeholder to fill in",
                    extra=dict(taken),
                ))
            else:
                result.waiting.append(Waiting(
                    interview, person, deadline,
                    f"waiting for a debrief: `mailflow remark {interview.id} --by {person.email} \"...\"`",
                ))
    _follow_ups(snapshot, now, policy, result, ahead_days)
    return result


def _follow_ups(snapshot: Snapshot, now: datetime, policy: Policy, result: Plan, ahead_days: int) -> None:
    for state in followups.schedules(snapshot, now, policy, ahead_days=ahead_days).values():
        if state.state == followups.FollowUpState.COLD:
            result.cold.append(state)
        elif state.state == followups.FollowUpState.DUE:
            given = state.timeline
            result.drafts.append(Planned(
                MessageKind.FOLLOW_UP, follow_up_key(state.application, state.interview, state.number),
                state.interview, state.application, state.recipient, reply_to=state.reply_to,
                why=state.why, due=state.due,
                extra={"number": state.number, "timeline": given.note.text if given else "",
                       "timeline_by": given.reading.by if given and given.reading else None,
                       "timeline_said_by": given.said_by if given else None},
            ))
