"""When the rules next change their mind with nothing else changing: pure, no I/O.

A run that found nothing to do over files that do not change finds nothing
again until a moment the rules look at passes. Those moments are:

- an interview's start and end (a thank-you becomes due; the follow-up clock
  starts), its end plus ``thank_you.deadline_hours`` (the placeholder note)
  and plus ``overdue_hours`` (the reminder), then every 24 hours after that
  (the reminder is said once a day);
- a message's time in the drafts plus ``sent_grace_hours`` (a draft gone from
  the drafts is called deleted only then) and its ``send_at``;
- midnight in the policy zone: follow-ups, going cold, holidays and dates said
  in mail are counted in days;
- ``lookahead_days`` from now: an event beyond the window today enters it by
  then, and is read by that run well before it ends.

``next_change`` is the earliest of them: ``quick`` lets a cron run end at once
before it, when no file the run reads has changed either.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from mailflow.config import Policy
from mailflow.model import IN_DRAFTS, InterviewStatus, Snapshot

DAY = timedelta(days=1)


def next_change(snapshot: Snapshot, now: datetime, policy: Policy) -> datetime | None:
    """The earliest moment after ``now`` at which ``plan`` or the mailbox watch can
    answer differently on the same inputs; None when it cannot be told (a window
    with no look-ahead: an event can enter it at any moment)."""
    if policy.lookahead_days <= 0:
        return None
    zone = policy.zone
    today = now.astimezone(zone).date()
    midnight = datetime.combine(today + DAY, time(0), tzinfo=zone)
    moments = [midnight, now + timedelta(days=policy.lookahead_days)]
    ty = policy.thank_you
    for stored in snapshot.interviews:
        if stored.status != InterviewStatus.SCHEDULED:
            continue
        iv = stored.interview
        overdue = iv.end + timedelta(hours=ty.overdue_hours)
        moments += [iv.start, iv.end, iv.end + timedelta(hours=ty.deadline_hours), overdue]
        if overdue <= now:
            moments.append(overdue + DAY * ((now - overdue) // DAY + 1))
    grace = timedelta(hours=policy.sent_grace_hours)
    for message in snapshot.messages.values():
        if message.status in IN_DRAFTS:
            seen = message.updated_at or message.drafted_at
            if seen is not None:
                moments.append(seen + grace)
        if message.send_at is not None:
            moments.append(message.send_at)
    return min(m for m in moments if m > now)
