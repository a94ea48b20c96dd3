"""When a follow-up is due, to whom, and when an application goes cold. Pure.

PRODUCT.md F1-F5, per active application:

- The clock starts when a thank-you for the application's latest interview
  was really sent (``status`` sent, with ``sent_at``): not when it was drafted.
  While a later interview is still ahead, nothing is due: the company is
  talking to the candidate.
- First follow-up: with a timeline recorded for the application (a note of
  kind ``timeline``: the latest one recorded at any of its interviews, read
  relative to the day of the interview it was given at; one whose date is
  already behind the latest interview was about an earlier stage and is not
  used), ``after_timeline_days`` business days after the date it is read as,
  and never before the business day after the thank-you went out; without one
  (or when it has no date in it), ``business_days`` business days after the
  first thank-you was sent.
- Each later one: ``min_gap_days`` after the previous follow-up was *sent*.
  A follow-up still in the drafts holds the next one back; one the user
  deleted unsent ends the follow-ups for that interview.
- At most ``max``; ``min_gap_days`` after the last was sent with no answer,
  the application is cold.
- A real reply from the company after the first thank-you was sent (recorded
  by the engine in ``Application.replied_at``) stops it all.
- One follow-up per company (F5), to the main contact: the application's
  contact, else whoever gave the timeline, else the first interviewer. A person
  who gave the timeline comes before a role mailbox (office@, jobs@ ...) that
  organised the interview: they said when to expect an answer. As a
  reply in the thread of the latest thank-you that person received (one
  mailflow wrote, so its Message-ID and subject are known), else as a new
  message with a subject of its own: never a reply in a thread they are not in.

Days are counted in the policy time zone on ``WorkCalendar`` business days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

from mailflow.config import Policy
from mailflow.model import (
    ANSWERS,
    IN_DRAFTS,
    MailClass,
    ReadMail,
    Application,
    ApplicationStatus,
    Interview,
    InterviewStatus,
    Interviewer,
    MessageKind,
    MessageRecord,
    MessageState,
    NameSource,
    Planned,
    Remark,
    Snapshot,
    follow_up_key,
    StoredInterview,
    Proposal,
    SENT_COPY,
)
from mailflow.rules.detect import name_from_address
from mailflow.rules.names import is_role_mailbox
from mailflow.rules.timeline import Timeline, WorkCalendar, follow_up_due, format_day, parse_timeline

class FollowUpState(StrEnum):
    """Where an application's follow-ups stand (``FollowUps.state``)."""

    DUE = "due"  # the next follow-up should be drafted now
    UPCOMING = "upcoming"  # the next follow-up has a due date ahead
    DRAFTED = "drafted"  # a follow-up waits in the drafts; the next one waits for it to be sent
    WAITING = "waiting"  # no thank-you sent yet: the clock has not started
    INTERVIEWING = "interviewing"  # another interview is ahead
    ANSWERED = "answered"  # the company replied: nothing more
    STOPPED = "stopped"  # a follow-up was deleted unsent, or no one to write to
    LAST_SENT = "last-sent"  # every follow-up was sent; cold if no answer by ``cold_on``
    COLD = "cold"  # the application should be marked cold now



@dataclass
class GivenTimeline:
    """A timeline note and how it was read (``reading`` None: no date in it);
    ``said_by`` is who gave it (None: recorded for the whole interview)."""

    note: Remark
    reading: Timeline | None
    said_by: Interviewer | None = None


@dataclass
class FollowUps:
    """Where one application stands. ``number``/``due``/``why`` describe the
    next follow-up when ``state`` is DUE or UPCOMING; otherwise ``why`` says
    why there is none."""

    application: Application
    state: FollowUpState
    why: str
    interview: Interview | None = None
    number: int = 0
    due: date | None = None
    recipient: Interviewer | None = None
    reply_to: MessageRecord | None = None
    timeline: GivenTimeline | None = None
    #: when the clock started: the first thank-you of the interview sent
    since: datetime | None = None
    cold_on: date | None = None
    #: the earlier follow-up record this one re-plans (an interrupted write)
    resume: MessageRecord | None = None
    #: what the inbox said: the answer that stopped the follow-ups, the latest timeline
    #: message, the latest out-of-office with a return day
    answer: ReadMail | None = None
    mail_timeline: ReadMail | None = None
    away: ReadMail | None = None
    sent: list[MessageRecord] = field(default_factory=list)


def latest_timeline(snapshot: Snapshot, application: Application, latest: Interview, cal: WorkCalendar,
                    zone: tzinfo, interviews: list[StoredInterview] | None = None) -> GivenTimeline | None:
    """The last timeline recorded for ``application`` at any of its interviews, read
    relative to the day of the interview it was given at. One whose date falls before
    the ``latest`` interview was about an earlier stage: the one before it counts.
    ``interviews``: the application's own, when the caller has them."""
    mine = interviews if interviews is not None else [
        s for s in snapshot.interviews if s.application_id == application.id]
    own = {s.id: s for s in mine if s.status != InterviewStatus.CANCELLED}
    given = sorted(
        ((n, own[iid].interview) for iid in own for n in snapshot.notes.get(iid, [])
         if n.kind == "timeline" and n.text.strip()),
        key=lambda pair: (pair[0].created_at or pair[1].start, pair[0].id),
    )
    latest_day = latest.start.astimezone(zone).date()
    for note, interview in reversed(given):
        reading = parse_timeline(note.text, interview.start.astimezone(zone).date(), cal)
        if reading is not None and reading.by < latest_day and interview.id != latest.id:
            continue
        return GivenTimeline(note, reading, _who(snapshot, application, interview, note.interviewer))
    return None


def _who(snapshot: Snapshot, application: Application, interview: Interview, email: str) -> Interviewer | None:
    """The person a note names by address: an interviewer, the contact or the organizer, by name."""
    email = email.strip().lower()
    if not email:
        return None
    for s in snapshot.interviews:
        if s.application_id == application.id:
            for p in s.interview.interviewers:
                if p.email.lower() == email:
                    return p
    if email == application.contact_email.lower() and application.contact_name:
        return Interviewer(email, application.contact_name, NameSource.INVITE)
    if email == interview.organizer_email.lower() and interview.organizer_name:
        return Interviewer(email, interview.organizer_name, NameSource.INVITE)
    return Interviewer(email, name_from_address(email), NameSource.ADDRESS)


def timeline_giver(snapshot: Snapshot, application: Application) -> Interviewer | None:
    """Who gave the application's latest recorded timeline, when the note names them."""
    own = {s.id: s.interview for s in snapshot.interviews
           if s.application_id == application.id and s.status != InterviewStatus.CANCELLED}
    given = sorted(
        ((n, own[iid]) for iid in own for n in snapshot.notes.get(iid, [])
         if n.kind == "timeline" and n.text.strip() and n.interviewer.strip()),
        key=lambda pair: (pair[0].created_at or pair[1].start, pair[0].id),
    )
    if not given:
        return None
    note, interview = given[-1]
    return _who(snapshot, application, interview, note.interviewer)


def sent_time(record: MessageRecord) -> datetime:
    """When a message left: its ``sent_at``, but never before mailflow drafted it
    (a mail server's clock, or a replay with ``--now``, can disagree with ours)."""
    sent = record.sent_at or record.updated_at
    return max(sent, record.drafted_at) if record.drafted_at else sent


def replies_since(record: MessageRecord) -> datetime:
    """From when an answer to a thank-you counts (F1): the earliest moment it could
    have left (drafted, or the sent time the user gave), so that a reply that came
    before mailflow learnt of the sending is not missed."""
    return min(t for t in (record.drafted_at, record.sent_at, record.updated_at) if t)


@dataclass
class Index:
    """A snapshot's interviews by application and sent thank-yous by interview, built
    once for a pass over every application (``schedules``, the reply watch), so that
    the pass is linear in the state, not in applications times messages."""

    interviews: dict[int, list[StoredInterview]]
    thanks_sent: dict[str, list[MessageRecord]]

    @classmethod
    def of(cls, snapshot: Snapshot) -> Index:
        interviews: dict[int, list[StoredInterview]] = {}
        for s in snapshot.interviews:
            interviews.setdefault(s.application_id, []).append(s)
        thanks: dict[str, list[MessageRecord]] = {}
        for m in snapshot.messages.values():
            if m.kind == MessageKind.THANK_YOU and m.status == MessageState.SENT and m.sent_at:
                thanks.setdefault(m.interview_id, []).append(m)
        return cls(interviews, thanks)


def clock_start(snapshot: Snapshot, application: Application, now: datetime, index: Index | None = None
                ) -> tuple[Interview | None, list[MessageRecord]]:
    """The application's latest interview that is over, and its thank-yous sent
    (oldest first). The engine looks for replies from the first one's ``sent_time``.
    ``index``: the snapshot's ``Index``, when the caller asks for every application."""
    index = index or Index.of(snapshot)
    over = [
        s for s in index.interviews.get(application.id, ())
        if s.status == InterviewStatus.SCHEDULED and s.interview.end <= now
    ]
    if not over:
        return None, []
    interview = max(over, key=lambda s: s.interview.start).interview
    return interview, sorted(index.thanks_sent.get(interview.id, ()), key=sent_time)


def schedule(snapshot: Snapshot, application: Application, now: datetime, policy: Policy,
             cal: WorkCalendar | None = None, zone: tzinfo | None = None, *,
             ahead_days: int = 0, index: Index | None = None) -> FollowUps | None:
    """Where ``application`` stands at ``now`` (None: not active, or no interview over yet).

    ``ahead_days`` > 0 makes a follow-up due that many days before its day, for
    mailboxes that can hold it and send it on its day at a set time."""
    if application.status != ApplicationStatus.ACTIVE:
        return None
    cal = cal or WorkCalendar.from_policy(policy)
    zone = zone or policy.zone
    rules = policy.follow_up
    today = now.astimezone(zone).date()
    index = index or Index.of(snapshot)
    interview, sent = clock_start(snapshot, application, now, index)
    if interview is None:
        return None
    state = FollowUps(application, FollowUpState.WAITING, "", interview=interview)
    own = index.interviews.get(application.id, [])
    state.timeline = latest_timeline(snapshot, application, interview, cal, zone, own)
    ahead = sorted(
        s.interview.start for s in own if s.status == InterviewStatus.SCHEDULED and s.interview.end > now
    )
    if ahead:
        state.state, state.why = FollowUpState.INTERVIEWING, f"another interview on {format_day(ahead[0].astimezone(zone).date())}"
        return state
    if not sent:
        state.why = (f"the follow-up clock starts when a thank-you for {interview.id} is sent "
                     f"(`mailflow mark-sent {interview.id}` if you sent it where mailflow cannot see)")
        return state
    state.since = sent_time(sent[0])
    if application.replied_at is not None and application.replied_at > replies_since(sent[0]):
        when = format_day(application.replied_at.astimezone(zone).date())
        state.state, state.why = FollowUpState.ANSWERED, f"{application.reply_from or 'the company'} replied on {when}"
        answer = _answer(snapshot, application, replies_since(sent[0]))
        if answer is not None:
            state.answer = answer
            state.why = _answered_why(application, answer, when)
        return state
    mail = snapshot.mail.get(application.id, [])
    state.mail_timeline = next((m for m in reversed(mail) if m.kind == MailClass.TIMELINE
                                and m.received_at > replies_since(sent[0])), None)
    state.away = next((m for m in reversed(mail) if m.kind == MailClass.AUTOREPLY and m.day is not None
                       and m.received_at > replies_since(sent[0])), None)
    state.recipient, state.reply_to = _contact(snapshot, application, interview, state.timeline, sent)
    if state.recipient is None:
        state.state = FollowUpState.STOPPED
        state.why = (f"no one to write to: set [companies.\"{application.company}\"] contact "
                     "(the recruiter's address)")
        return state
    previous: MessageRecord | None = None
    for number in range(1, rules.max + 1):
        record = snapshot.messages.get(follow_up_key(application, interview, number))
        if record is None or record.status == MessageState.INTENT:
            state.number, state.resume = number, record
            if number == 1:
                state.due, state.why = _first_due(state.timeline, state.since, cal, zone, policy)
            else:
                state.due, state.why = _next_due(previous, number, cal, zone, policy)
            _from_mail(state, previous, cal, zone, policy)
            if record is not None:
                state.due = min(state.due, today)
                state.why = "finishing an interrupted write; " + state.why
            state.state = FollowUpState.DUE if state.due <= today + timedelta(days=ahead_days) else FollowUpState.UPCOMING
            return state
        if record.status in IN_DRAFTS:
            state.state, state.number = FollowUpState.DRAFTED, number
            verb = "scheduled" if record.status == MessageState.SCHEDULED else "in your drafts"
            then = ("the next one is counted from when it is sent" if number < rules.max else
                    f"it is the last: cold {rules.min_gap_days} days after it is sent without an answer")
            state.why = f"follow-up {number} is {verb}; {then}"
            return state
        if record.status != MessageState.SENT:  # deleted by the user, or cancelled
            state.state, state.number = FollowUpState.STOPPED, number
            state.why = f"follow-up {number} was {record.status} without being sent: no more follow-ups"
            if record.status == MessageState.DELETED:
                state.why += f" (if you did send it: `mailflow mark-sent {interview.id} --follow-up`)"
            return state
        state.sent.append(record)
        previous = record
    last = _sent_day(previous, zone)
    state.cold_on = last + timedelta(days=rules.min_gap_days)
    if today >= state.cold_on:
        state.state = FollowUpState.COLD
        state.why = (f"{rules.max} follow-up{'s' * (rules.max != 1)} sent, the last on {format_day(last)}, "
                     f"and no answer in {rules.min_gap_days} days")
    else:
        state.state = FollowUpState.LAST_SENT
        state.why = f"the last follow-up was sent on {format_day(last)}; cold on {format_day(state.cold_on)} without an answer"
    return state


def _answer(snapshot: Snapshot, application: Application, since: datetime) -> ReadMail | None:
    """The latest answer read in the inbox for ``application`` after ``since``."""
    return next((m for m in reversed(snapshot.mail.get(application.id, []))
                 if m.kind in ANSWERS and m.received_at > since), None)


def proposal_advice(company: str, proposal: Proposal) -> str:
    """What the user can do about a message mailflow read (its ``Proposal``), said the
    same way by ``run``, ``status`` and ``inbox``; "" when nothing is proposed."""
    if proposal == Proposal.REJECTED:
        return f"`mailflow rejected \"{company}\"` drafts a feedback request in that thread"
    if proposal == Proposal.ACCEPT:
        return (f"`mailflow accept \"{company}\"` when you take it; "
                f"`mailflow offer \"{company}\" --respond-by DATE` asks the others for their timing")
    if proposal == Proposal.ANSWER:
        return "they wait for your answer"
    return ""


def _answered_why(application: Application, answer: ReadMail, when: str) -> str:
    said = f"\"{answer.evidence}\"" if answer.evidence else ""
    who = answer.sender or application.reply_from or "the company"
    company = application.company
    if answer.kind in (MailClass.REJECTION, MailClass.PAUSED):
        what = "said no" if answer.kind == MailClass.REJECTION else "paused the process"
        return f"{who} {what} on {when} ({said}): no follow-up; {proposal_advice(company, Proposal.REJECTED)}"
    if answer.kind == MailClass.OFFER:
        return f"{who} made an offer on {when} ({said}): {proposal_advice(company, Proposal.ACCEPT)}"
    if answer.kind == MailClass.SCHEDULING:
        return f"{who} asked to schedule on {when} ({said}): answer them"
    return f"{who} replied on {when}"


def _from_mail(state: FollowUps, previous: MessageRecord | None, cal: WorkCalendar, zone: tzinfo,
               policy: Policy) -> None:
    """What the inbox said moves the next follow-up (I3): a timeline or a revised date
    read in a message after the last one sent is the timeline (a delay with no date
    restarts the cadence from that message); an out-of-office's return day comes first."""
    after = sent_time(previous) if previous is not None else None
    told = state.mail_timeline
    if told is not None and (after is None or told.received_at > after):
        heard = told.received_at.astimezone(zone).date()
        if told.day is not None:
            days = policy.follow_up.after_timeline_days
            due = cal.add_business_days(told.day, days) if days else told.day
            state.due = max(due, cal.next_business_day(heard))
            state.why = (f"{told.sender} wrote on {format_day(heard)} \"{told.evidence}\": decision by "
                         f"{format_day(told.day)}; due {format_day(state.due)}")
        else:
            state.due = cal.add_business_days(heard, policy.follow_up.business_days)
            state.why = (f"{told.sender} wrote on {format_day(heard)} \"{told.evidence}\" with no new date: "
                         f"{policy.follow_up.business_days} business days from then, {format_day(state.due)}")
    away = state.away
    if away is not None and away.day is not None and (after is None or away.received_at > after):
        back = away.day if cal.is_business_day(away.day) else cal.next_business_day(away.day)
        if state.due is not None and state.due < back:
            state.due = back
            state.why += f"; {away.sender} is away until {format_day(away.day)}: moved to {format_day(back)}"


def schedules(snapshot: Snapshot, now: datetime, policy: Policy, *, ahead_days: int = 0) -> dict[int, FollowUps]:
    """``schedule`` for every application that has one, by application id."""
    cal = WorkCalendar.from_policy(policy)
    zone = policy.zone
    found = {}
    index = Index.of(snapshot)
    for application in snapshot.applications.values():
        state = schedule(snapshot, application, now, policy, cal, zone, ahead_days=ahead_days, index=index)
        if state is not None:
            found[application.id] = state
    return found


def _first_due(given: GivenTimeline | None, sent_at: datetime, cal: WorkCalendar, zone: tzinfo,
               policy: Policy) -> tuple[date, str]:
    rules = policy.follow_up
    sent_day = sent_at.astimezone(zone).date()
    if given is not None and given.reading is not None:
        reading = given.reading
        due = follow_up_due(reading, cal, rules.after_timeline_days)
        after = ("the next business day" if rules.after_timeline_days == 1
                 else f"{rules.after_timeline_days} business days after it")
        why = f"timeline '{given.note.text}': {reading.explanation}; due {after}, {format_day(due)}"
        floor = cal.next_business_day(sent_day)
        if due < floor:
            why += (f"; moved to {format_day(floor)}, the business day after the thank-you was sent "
                    f"on {format_day(sent_day)}")
            due = floor
        return due, why
    due = cal.add_business_days(sent_day, rules.business_days)
    why = f"{rules.business_days} business days after the thank-you was sent on {format_day(sent_day)}"
    if given is not None:
        why += f" (no date could be read in the timeline '{given.note.text}')"
    return due, why


def _next_due(previous: MessageRecord, number: int, cal: WorkCalendar, zone: tzinfo, policy: Policy
              ) -> tuple[date, str]:
    gap = policy.follow_up.min_gap_days
    sent_day = _sent_day(previous, zone)
    due = sent_day + timedelta(days=gap)
    if not cal.is_business_day(due):
        due = cal.next_business_day(due)
    return due, f"{gap} days after follow-up {number - 1} was sent on {format_day(sent_day)}: {format_day(due)}"


def _sent_day(record: MessageRecord, zone: tzinfo) -> date:
    return sent_time(record).astimezone(zone).date()


def _contact(snapshot: Snapshot, application: Application, interview: Interview,
             given: GivenTimeline | None, sent: list[MessageRecord]
             ) -> tuple[Interviewer | None, MessageRecord | None]:
    """The main contact (F5) and the sent thank-you whose thread the follow-up joins."""
    people = {p.email.lower(): p for s in snapshot.interviews if s.application_id == application.id
              for p in s.interview.interviewers}
    recipient: Interviewer | None = None
    giver = given.said_by if given is not None else None
    if giver is not None and is_role_mailbox(application.contact_email) and not is_role_mailbox(giver.email):
        recipient = giver  # a person's promise, not the mailbox that sent the invite
    elif application.contact_email:
        email = application.contact_email.lower()
        known = people.get(email)
        name = application.contact_name or (known.name if known else name_from_address(email))
        recipient = Interviewer(email, name, NameSource.INVITE if application.contact_name or known else NameSource.ADDRESS)
    elif giver is not None:
        recipient = giver
    elif interview.interviewers:
        recipient = interview.interviewers[0]
    if recipient is None:
        return None, None
    to_them = [
        m for m in snapshot.messages.values()
        if m.kind == MessageKind.THANK_YOU and m.application_id == application.id and m.status == MessageState.SENT
        and m.sent_at and m.recipient.lower() == recipient.email.lower() and m.message_id and m.subject
        and was_received(m)
    ]
    if to_them:
        return recipient, max(to_them, key=sent_time)
    return recipient, None


def was_received(record: MessageRecord) -> bool:
    """Whether the recipient got ``record`` under its stored Message-ID and subject: a
    copy was found in the sent mail (or it was recorded before evidence was kept). One
    only marked sent (``mailflow mark-sent``) with no copy seen may have left with
    another Message-ID and subject: a reply to it would cite a message never sent."""
    return not record.evidence or record.evidence in SENT_COPY


def gate(drafts: list[Planned], unread: set[int], *, blind: bool = False) -> list[Planned]:
    """The planned messages that may be written this run: no follow-up to a company
    whose replies could not be read (``unread``: application ids), nor any follow-up
    when what became of the drafts is unknown (``blind``): an answer may be waiting."""
    return [d for d in drafts if d.kind != MessageKind.FOLLOW_UP or (d.application.id not in unread and not blind)]
