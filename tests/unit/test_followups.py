"""The follow-up schedule (F1-F5) as a pure function of the state, the plan it makes, and
the follow-up template through the proofreader."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from mailflow.config import FollowUpPolicy, Policy
from mailflow.model import Application, Interview, Interviewer, MessageRecord, Remark, Snapshot, StoredInterview
from mailflow.rules import followups
from mailflow.rules.plan import plan
from tests.harness.calendars import ME
from tests.harness.messages import counted_lines, day

NY = ZoneInfo("America/New_York")
AFTER = "2026-11-03T18:00"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=NY)


ANA = Interviewer("ana.lima@acme.example", "Ana Lima")
RAJ = Interviewer("raj.patel@acme.example", "Raj Patel")
IV = Interview("iv0001", "final|", "Acme", "Staff Engineer", "Acme final round", at("2026-11-03T14:00"),
               at("2026-11-03T15:00"), (ANA, RAJ), domain="acme.example")
APP = Application(1, "Acme", "Staff Engineer", "acme.example", "sam.lee@acme.example", "Sam Lee")
POLICY = Policy(timezone="America/New_York")


def thanks(person: Interviewer, sent: str | None, status: str = "sent", interview: Interview = IV) -> MessageRecord:
    return MessageRecord(
        f"thank_you.{interview.id}.{person.email}", "thank_you", person.email, "maildir", status,
        application_id=APP.id, interview_id=interview.id, recipient_name=person.name,
        subject=f"Thank you - {interview.title}", message_id=f"<ty.{person.email}>",
        sent_at=at(sent) if sent else None,
    )


def follow(number: int, status: str, sent: str | None = None, interview: Interview = IV) -> MessageRecord:
    return MessageRecord(
        followups.follow_up_key(APP, interview, number), "follow_up", APP.contact_email, "maildir", status,
        application_id=APP.id, interview_id=interview.id, sent_at=at(sent) if sent else None,
        updated_at=at("2026-11-20T00:00"),
    )


def snap(*messages: MessageRecord, notes: tuple[Remark, ...] = (), app: Application = APP,
         interviews: tuple[Interview, ...] = (IV,), cancelled: tuple[str, ...] = ()) -> Snapshot:
    by_interview: dict[str, list[Remark]] = {}
    for note in notes:
        by_interview.setdefault(note.interview_id, []).append(note)
    return Snapshot(
        applications={app.id: app},
        interviews=[StoredInterview(i, app.id, "cancelled" if i.id in cancelled else "scheduled") for i in interviews],
        notes=by_interview,
        messages={m.key: m for m in messages},
    )


def timeline(text: str, by: Interviewer = ANA, interview: Interview = IV) -> Remark:
    return Remark(interview.id, by.email, text, "timeline")


def state_at(snapshot: Snapshot, now: str, policy: Policy = POLICY, app: Application = APP):
    return followups.schedule(snapshot, snapshot.applications[app.id], at(now), policy)


def test_five_business_days_after_the_first_thank_you_sent_skipping_the_weekend():
    s = state_at(snap(thanks(ANA, "2026-11-06T16:00"), thanks(RAJ, "2026-11-09T08:00")), "2026-11-09T09:00")
    assert (s.state, s.number, s.due) == (followups.FollowUpState.UPCOMING, 1, date(2026, 11, 13))  # Fri -> next Fri
    assert s.why == "5 business days after the thank-you was sent on Fri 6 Nov 2026"
    assert s.since == at("2026-11-06T16:00")


def test_the_clock_never_starts_before_the_note_was_drafted():
    """A mail server's clock (or a replay with --now) can put the send before the draft."""
    skewed = replace(thanks(ANA, "2026-11-01T09:00"), drafted_at=at("2026-11-04T08:00"))
    s = state_at(snap(skewed), "2026-11-04T10:00")
    assert s.since == at("2026-11-04T08:00") and s.due == date(2026, 11, 11)


def test_public_holidays_are_not_business_days():
    messages = (thanks(ANA, "2026-11-23T09:00"),)  # the Monday of Thanksgiving week
    assert state_at(snap(*messages), "2026-11-24T09:00").due == date(2026, 11, 30)
    us = replace(POLICY, holidays="US")
    assert state_at(snap(*messages), "2026-11-24T09:00", us).due == date(2026, 12, 1)


def test_configured_counts():
    policy = replace(POLICY, follow_up=FollowUpPolicy(business_days=3, after_timeline_days=2))
    assert state_at(snap(thanks(ANA, "2026-11-04T09:00")), "2026-11-04T10:00", policy).due == date(2026, 11, 9)
    s = state_at(snap(thanks(ANA, "2026-11-04T09:00"), notes=(timeline("by Friday"),)), "2026-11-04T10:00", policy)
    assert s.due == date(2026, 11, 10) and "due 2 business days after it, Tue 10 Nov 2026" in s.why


def test_a_timeline_is_read_from_the_interview_day_and_the_latest_note_wins():
    notes = (timeline("within two weeks"), timeline("we'll decide by Friday", RAJ))
    s = state_at(snap(thanks(ANA, "2026-11-04T09:00"), notes=notes), "2026-11-04T10:00")
    assert s.timeline.note.text == "we'll decide by Friday" and s.timeline.reading.by == date(2026, 11, 6)
    assert s.due == date(2026, 11, 9)  # the business day after Friday
    assert s.why.startswith("timeline 'we'll decide by Friday': read \"friday\" as the first Friday after")


def test_an_unreadable_timeline_falls_back_and_says_so():
    s = state_at(snap(thanks(ANA, "2026-11-04T09:00"), notes=(timeline("soon"),)), "2026-11-04T10:00")
    assert s.timeline.reading is None and s.due == date(2026, 11, 11)
    assert s.why.endswith("(no date could be read in the timeline 'soon')")


def test_a_timeline_never_makes_it_due_before_the_business_day_after_the_thank_you():
    s = state_at(snap(thanks(ANA, "2026-11-13T17:00"), notes=(timeline("by Friday"),)), "2026-11-13T18:00")
    assert s.timeline.reading.by == date(2026, 11, 6)
    assert s.due == date(2026, 11, 16)


def test_the_clock_waits_for_a_thank_you_to_be_sent():
    for messages in [(), (thanks(ANA, None, "draft"),), (thanks(ANA, None, "deleted"),)]:
        s = state_at(snap(*messages), "2026-12-01T09:00")
        assert s.state == followups.FollowUpState.WAITING and s.due is None
        assert "mailflow mark-sent iv0001" in s.why


def test_due_is_judged_on_the_calendar_of_the_policy_zone():
    snapshot = snap(thanks(ANA, "2026-11-04T09:00"))
    late_tuesday_ny = datetime(2026, 11, 11, 4, 0, tzinfo=timezone.utc)  # 23:00 Tue 10 Nov in New York
    s = followups.schedule(snapshot, APP, late_tuesday_ny, POLICY)
    assert s.state == followups.FollowUpState.UPCOMING and s.due == date(2026, 11, 11)
    s = followups.schedule(snapshot, APP, late_tuesday_ny + timedelta(hours=1), POLICY)
    assert s.state == followups.FollowUpState.DUE


def test_a_real_reply_after_the_thank_you_stops_everything():
    messages = (thanks(ANA, "2026-11-04T09:00"), follow(1, "draft"))
    replied = replace(APP, replied_at=at("2026-11-05T10:00"), reply_from="sam.lee@acme.example")
    s = state_at(snap(*messages, app=replied), "2026-12-20T09:00", app=replied)
    assert s.state == followups.FollowUpState.ANSWERED and s.why == "sam.lee@acme.example replied on Thu 5 Nov 2026"
    earlier = replace(APP, replied_at=at("2026-11-02T10:00"), reply_from="sam.lee@acme.example")
    assert state_at(snap(thanks(ANA, "2026-11-04T09:00"), app=earlier), "2026-11-11T09:00", app=earlier).state == followups.FollowUpState.DUE


def test_nothing_while_another_interview_is_ahead_or_for_inactive_applications():
    later = replace(IV, id="iv0002", event_key="cto|", start=at("2026-11-17T11:00"), end=at("2026-11-17T12:00"))
    snapshot = snap(thanks(ANA, "2026-11-04T09:00"), interviews=(IV, later))
    s = state_at(snapshot, "2026-11-12T09:00")
    assert s.state == followups.FollowUpState.INTERVIEWING and s.why == "another interview on Tue 17 Nov 2026"
    # the later one cancelled: back to the first interview's schedule
    assert state_at(snap(thanks(ANA, "2026-11-04T09:00"), interviews=(IV, later), cancelled=("iv0002",)),
                    "2026-11-12T09:00").state == followups.FollowUpState.DUE
    for status_ in ("cold", "accepted", "withdrawn", "rejected"):
        app = replace(APP, status=status_)
        assert state_at(snap(thanks(ANA, "2026-11-04T09:00"), app=app), "2026-11-12T09:00", app=app) is None
    assert state_at(snap(), "2026-11-03T14:30") is None  # not over yet


def test_each_follow_up_waits_for_the_previous_one_to_be_sent():
    sent = thanks(ANA, "2026-11-04T09:00")
    for status_ in ("draft", "scheduled"):
        s = state_at(snap(sent, follow(1, status_)), "2026-12-20T09:00")
        assert s.state == followups.FollowUpState.DRAFTED and s.due is None and s.number == 1
    s = state_at(snap(sent, follow(1, "sent", "2026-11-14T11:00")), "2026-11-20T09:00")  # sent on a Saturday
    assert (s.state, s.number, s.due) == (followups.FollowUpState.UPCOMING, 2, date(2026, 11, 23))  # +7 = Sat -> Mon
    assert s.why == "7 days after follow-up 1 was sent on Sat 14 Nov 2026: Mon 23 Nov 2026"


def test_a_follow_up_deleted_unsent_ends_the_follow_ups():
    for status_ in ("deleted", "cancelled"):
        s = state_at(snap(thanks(ANA, "2026-11-04T09:00"), follow(1, status_)), "2026-12-20T09:00")
        assert s.state == followups.FollowUpState.STOPPED and s.due is None
        assert s.why.startswith(f"follow-up 1 was {status_} without being sent")


def test_an_interrupted_write_is_due_at_once():
    s = state_at(snap(thanks(ANA, "2026-11-04T09:00"), follow(1, "intent")), "2026-11-11T09:00")
    assert s.state == followups.FollowUpState.DUE and s.resume is not None and s.why.startswith("finishing an interrupted write")


@pytest.mark.parametrize("most", [1, 2, 3])
def test_the_cap_then_cold(most):
    policy = replace(POLICY, follow_up=FollowUpPolicy(max=most))
    messages = [thanks(ANA, "2026-11-04T09:00")]
    sent_on = ["2026-11-11T09:00", "2026-11-18T09:00", "2026-11-25T09:00"][:most]
    messages += [follow(n, "sent", when) for n, when in enumerate(sent_on, 1)]
    last = at(sent_on[-1]).date()
    s = state_at(snap(*messages), f"{last + timedelta(days=6)}T23:59", policy)
    assert s.state == followups.FollowUpState.LAST_SENT and s.cold_on == last + timedelta(days=7) and len(s.sent) == most
    s = state_at(snap(*messages), f"{last + timedelta(days=7)}T00:01", policy)
    assert s.state == followups.FollowUpState.COLD
    result = plan(snap(*messages), at(f"{last + timedelta(days=7)}T00:01"), policy)
    assert [c.application.company for c in result.cold] == ["Acme"] and result.drafts == []
    if most < 3:  # one fewer sent: the next is due, not cold
        s = state_at(snap(*messages[:-1]), f"{last + timedelta(days=7)}T00:01", policy)
        assert s.state == followups.FollowUpState.DUE and s.number == most


def test_the_main_contact_and_the_thread():
    messages = (thanks(ANA, "2026-11-04T09:00"), thanks(RAJ, "2026-11-04T10:00"))
    s = state_at(snap(*messages), "2026-11-11T09:00")
    assert s.recipient == Interviewer("sam.lee@acme.example", "Sam Lee")
    assert s.reply_to is None  # the recruiter got none: a new message, not someone else's thread
    no_contact = replace(APP, contact_email="", contact_name="")
    s = state_at(snap(*messages, app=no_contact, notes=(timeline("next week", ANA),)), "2026-11-17T09:00",
                 app=no_contact)
    assert s.recipient == ANA and s.reply_to.recipient == ANA.email  # who gave the timeline, in her thread
    s = state_at(snap(*messages, app=no_contact), "2026-11-11T09:00", app=no_contact)
    assert s.recipient == ANA  # the first interviewer
    named_by_address = replace(APP, contact_name="")
    s = state_at(snap(*messages, app=named_by_address), "2026-11-11T09:00", app=named_by_address)
    assert s.recipient.name == "Sam Lee" and s.recipient.named_from == "address"
    lone = replace(IV, interviewers=())
    s = state_at(snap(thanks(ANA, "2026-11-04T09:00"), app=no_contact, interviews=(lone,)), "2026-11-11T09:00",
                 app=no_contact)
    assert s.state == followups.FollowUpState.STOPPED and '[companies."Acme"] contact' in s.why


def test_plan_drafts_the_follow_up_with_its_template_values():
    notes = (timeline("within two weeks"),)
    result = plan(snap(thanks(ANA, "2026-11-04T09:00"), notes=notes), at("2026-11-18T08:00"), POLICY)
    (item,) = result.drafts
    assert (item.kind, item.key, item.recipient.email, item.due) == (
        "follow_up", followups.follow_up_key(APP, IV, 1), "sam.lee@acme.example", date(2026, 11, 18))
    assert item.extra == {"number": 1, "timeline": "within two weeks", "timeline_by": date(2026, 11, 17),
                          "timeline_said_by": ANA}
    assert item.reply_to is None and item.send_at is None  # Sam got no thank-you to reply to
    assert plan(snap(thanks(ANA, "2026-11-04T09:00"), notes=notes), at("2026-11-17T23:00"), POLICY).drafts == []


def test_keys_are_per_company_interview_and_number():
    other = replace(IV, id="iv0002")
    keys = {followups.follow_up_key(APP, iv, n) for iv in (IV, other) for n in (1, 2, 3)}
    assert len(keys) == 6 and all(k.startswith("follow_up.") for k in keys)
    assert followups.follow_up_key(replace(APP, company="ACME"), IV, 1) == followups.follow_up_key(APP, IV, 1)


# ---- the template, through the proofreader -------------------------------------------------

@pytest.mark.parametrize("number", [1, 2, 3])
@pytest.mark.parametrize("by", [None, date(2026, 11, 17)])
@pytest.mark.parametrize(("name", "role"), [("Sam Lee", "Staff Engineer"), ("Zoë Müller", ""),
                                            ("D'Arcy O'Brien", "VP, Customer Success")])
def test_the_follow_up_template_is_short_and_passes_the_proofreader(number, by, name, role):
    from mailflow import proofread
    from mailflow.compose import letters
    from mailflow.compose import Composer
    from mailflow.config import Config, ProofreadConfig, Profile
    from mailflow.model import ThreadRef
    from mailflow.rules.plan import Planned

    config = Config(profile=Profile(name="Alex Candidate", email=ME, signature="Alex Candidate\n+1 555 0100"))
    contact = Interviewer("contact@acme.example", name)
    application = replace(APP, role=role)
    thread = thanks(ANA, "2026-11-04T09:00")
    item = Planned("follow_up", "follow_up.x", replace(IV, role=role), application, contact, reply_to=thread,
                   extra={"number": number, "timeline": "in two weeks" if by else "", "timeline_by": by})
    context, placeholder = letters.context_for(item, config, [], None, NY)
    assert not placeholder and context["contact"]["first_name"] == name.split()[0]
    msg = Composer(config).build("follow_up", context, key=item.key, to=(name, contact.email), date=at(AFTER),
                                 reply_to=ThreadRef(thread.message_id, thread.subject))
    ctx = proofread.ProofContext(kind="follow_up", recipient_name=name, company="Acme", role=role,
                                 other_companies=("Globex", "Initech"), known_words=(name, "Acme", role),
                                 signature=letters.me(config)["signature"])
    findings = proofread.proofread_message(msg, ctx, ProofreadConfig(), Policy())
    assert findings == [], msg.get_content()
    text = msg.get_content()
    assert len(counted_lines(text)) == 3 and msg["Subject"] == "Re: Thank you - Acme final round"
    assert (day(date(2026, 11, 17)) in text) == (by is not None and number == 1)


def test_a_person_who_gave_the_timeline_gets_the_follow_up_before_a_role_mailbox():
    office = replace(APP, contact_email="office@acme.example", contact_name="Acme Office")
    messages = (thanks(ANA, "2026-11-04T09:00"), thanks(RAJ, "2026-11-04T10:00"))
    s = state_at(snap(*messages, app=office, notes=(timeline("next week", RAJ),)), "2026-11-17T09:00", app=office)
    assert s.recipient == RAJ and s.reply_to.recipient == RAJ.email  # his promise, in his thread
    s = state_at(snap(*messages, app=office), "2026-11-11T09:00", app=office)
    assert s.recipient.email == "office@acme.example"  # nobody gave one: the mailbox that organised it
    s = state_at(snap(*messages, notes=(timeline("next week", RAJ),)), "2026-11-17T09:00")
    assert s.recipient.email == "sam.lee@acme.example"  # a person as the contact stays the contact


def test_a_withdrawal_goes_to_the_person_who_gave_the_timeline_before_a_role_mailbox():
    from mailflow.commands.outcomes import main_contact
    from mailflow.config import Config

    office = replace(APP, contact_email="jobs@acme.example", contact_name="")
    stored = [StoredInterview(IV, office.id, "scheduled")]
    giver = followups.timeline_giver(snap(app=office, notes=(timeline("by Friday", RAJ),)), office)
    assert giver == RAJ
    assert main_contact(Config(), office, stored, giver) == RAJ
    assert main_contact(Config(), office, stored, None).email == "jobs@acme.example"
    assert main_contact(Config(), APP, stored, giver).email == "sam.lee@acme.example"
    assert followups.timeline_giver(snap(app=office), office) is None
