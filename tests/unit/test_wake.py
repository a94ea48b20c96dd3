"""``rules.wake.next_change``: the rules answer the same at every moment before it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mailflow.config import Policy, ThankYouPolicy
from mailflow.model import Application, Interview, Interviewer, MessageRecord, Remark, Snapshot, StoredInterview
from mailflow.rules.plan import plan
from mailflow.rules.wake import next_change

NY = ZoneInfo("America/New_York")
ANA = Interviewer("ana.lima@acme.example", "Ana Lima")
RAJ = Interviewer("raj.patel@acme.example", "Raj Patel")
IV = Interview("iv0001", "final|", "Acme", "Staff Engineer", "Acme final round", datetime(2026, 11, 3, 14, tzinfo=NY),
               datetime(2026, 11, 3, 15, tzinfo=NY), (ANA, RAJ), domain="acme.example")
APP = Application(1, "Acme", "Staff Engineer", "acme.example", "sam.lee@acme.example", "Sam Lee")
POLICY = Policy(timezone="America/New_York")


def snapshot(*messages: MessageRecord, notes: tuple[Remark, ...] = ()) -> Snapshot:
    return Snapshot(applications={APP.id: APP}, interviews=[StoredInterview(IV, APP.id)],
                    notes={IV.id: list(notes)} if notes else {}, messages={m.key: m for m in messages})


def thanks(person: Interviewer, status: str, *, sent: datetime | None = None, drafted: datetime | None = None):
    return MessageRecord(f"thank_you.{IV.id}.{person.email}", "thank_you", person.email, "maildir", status,
                         application_id=APP.id, interview_id=IV.id, recipient_name=person.name,
                         subject="Thank you", message_id=f"<ty.{person.email}>", sent_at=sent,
                         drafted_at=drafted, updated_at=drafted)


def answer(snap: Snapshot, now: datetime, policy: Policy) -> tuple:
    """What a run at ``now`` would do or say, in a comparable form."""
    due = plan(snap, now, policy)
    return (sorted(d.key for d in due.drafts), sorted((w.interviewer.email, w.until) for w in due.waiting),
            sorted(o.message.key for o in due.overdue), sorted(c.application.id for c in due.cold),
            sorted(s.why for s in due.skipped))


REMARK = Remark(IV.id, ANA.email, "we rebuilt billing in Rust", "remark", datetime(2026, 11, 3, 16, tzinfo=NY))
CASES = {
    "before the interview": (snapshot(), datetime(2026, 11, 2, 9, tzinfo=NY)),
    "during it": (snapshot(), datetime(2026, 11, 3, 14, 30, tzinfo=NY)),
    "waiting for remarks": (snapshot(notes=(REMARK,)), datetime(2026, 11, 3, 18, tzinfo=NY)),
    "notes in the drafts": (snapshot(thanks(ANA, "drafted", drafted=datetime(2026, 11, 3, 16, tzinfo=NY)),
                                     thanks(RAJ, "drafted", drafted=datetime(2026, 11, 4, 16, tzinfo=NY))),
                            datetime(2026, 11, 5, 12, tzinfo=NY)),
    "overdue for days": (snapshot(thanks(ANA, "drafted", drafted=datetime(2026, 11, 3, 16, tzinfo=NY)),
                                  thanks(RAJ, "drafted", drafted=datetime(2026, 11, 4, 16, tzinfo=NY))),
                         datetime(2026, 11, 9, 7, tzinfo=NY)),
    "thanked, the follow-up clock running": (
        snapshot(thanks(ANA, "sent", sent=datetime(2026, 11, 3, 19, tzinfo=NY)),
                 thanks(RAJ, "sent", sent=datetime(2026, 11, 3, 19, tzinfo=NY))),
        datetime(2026, 11, 6, 22, tzinfo=NY)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_rules_answer_the_same_until_the_wake_up_time(case):
    snap, now = CASES[case]
    wake = next_change(snap, now, POLICY)
    assert now < wake <= now + timedelta(days=1)
    first = answer(snap, now, POLICY)
    step = (wake - now) / 40
    for i in range(1, 40):
        assert answer(snap, now + step * i, POLICY) == first, f"changed at {now + step * i} before {wake}"
    assert answer(snap, wake - timedelta(microseconds=1), POLICY) == first


def test_the_wake_up_time_is_each_moment_a_rule_looks_at():
    snap = snapshot()
    ty = ThankYouPolicy(deadline_hours=20, overdue_hours=30)
    policy = Policy(timezone="America/New_York", thank_you=ty)
    moments = []
    now = datetime(2026, 11, 3, 12, tzinfo=NY)
    for _ in range(8):
        now = next_change(snap, now, policy)
        moments.append(now)
    assert moments[:7] == [IV.start, IV.end, datetime(2026, 11, 4, tzinfo=NY), IV.end + timedelta(hours=20),
                           IV.end + timedelta(hours=30), datetime(2026, 11, 5, tzinfo=NY),
                           IV.end + timedelta(hours=54)]  # the overdue reminder, once a day


@pytest.mark.parametrize("now, changes", [
    (datetime(2026, 11, 3, 14, 59, tzinfo=NY), "the interview ends: Ana's note is due"),
    (datetime(2026, 11, 4, 1, tzinfo=NY), "the remark deadline passes: Raj's note is drafted with a placeholder"),
])
def test_the_answer_changes_at_the_wake_up_time(now, changes):
    snap = snapshot(notes=(REMARK,))
    wake = next_change(snap, now, POLICY)
    assert answer(snap, wake, POLICY) != answer(snap, now, POLICY), changes


def test_no_wake_up_time_without_a_look_ahead():
    assert next_change(snapshot(), datetime(2026, 11, 2, tzinfo=NY), Policy(lookahead_days=0)) is None


def test_the_look_ahead_bounds_the_wait():
    """An event beyond today's window enters it within ``lookahead_days``; a run by then reads it."""
    policy = Policy(timezone="America/New_York", lookahead_days=1)
    now = datetime(2026, 11, 1, 0, 30, tzinfo=NY)
    assert next_change(Snapshot(), now, policy) == datetime(2026, 11, 2, tzinfo=NY)
