"""``mailflow inbox``: what recruiters wrote and what it means (PRODUCT.md I1-I3).

Lists what ``run`` read in the inbox, newest first: each message from a tracked
application's company, its people, or a tracking system or job board writing for it;
its class, the phrase that decided it, the date it gives, and what mailflow did or
proposes. Messages mailflow could not give to one application are listed too, so the
user can always see why. Nothing is read from the mailbox or changed here.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from mailflow.config import Config
from mailflow.engine import Session
from mailflow.model import ANSWERS, ApplicationStatus, MailClass, ReadMail
from mailflow.reports_other import InboxReport
from mailflow.rules.followups import proposal_advice

#: how far back ``inbox`` lists messages
RECENT_DAYS = 90

_DID = {
    MailClass.RECEIPT: "not an answer: the follow-ups go on",
    MailClass.AUTOMATED: "sent by software and not understood: not an answer, the follow-ups go on",
    MailClass.AUTOREPLY: "not an answer: no follow-up before they are back",
    MailClass.BULK: "ignored",
    MailClass.TIMELINE: "the application's timeline: the next follow-up waits for it",
}


def inbox(config: Config, now: datetime) -> InboxReport:
    with Session.open(config, now, scratch=True) as session:
        apps = session.snapshot.applications
        since = now - timedelta(days=RECENT_DAYS)
        zone = config.policy.zone
        report = InboxReport(now=now)
        for m in sorted(session.store.read_mail(), key=lambda m: m.received_at, reverse=True):
            if m.received_at < since:
                continue
            app = apps.get(m.application_id) if m.application_id is not None else None
            report.messages.append({
                "at": m.received_at.astimezone(zone).isoformat(), "from": m.sender, "subject": m.subject,
                "company": app.company if app else None, "role": app.role if app else None,
                "class": str(m.kind), "evidence": m.evidence, "date": m.day.isoformat() if m.day else None,
                "proposal": str(m.proposal) or None, "did": _did(m, app.company if app else "", app),
                "decided_by": "classifier" if _BY_CLASSIFIER.match(m.evidence) else "rules",
            })
        return report


#: the evidence the second reader gives (``rules.reader.Guess.evidence``): "classifier 0.93: words ..."
_BY_CLASSIFIER = re.compile(r"classifier \d\.\d\d\b")


def _did(m: ReadMail, company: str, app) -> str:
    if app is None:
        return "given to no application: no tracked company is named, or two of its applications fit"
    if app.status != ApplicationStatus.ACTIVE:
        return f"the application is {app.status}"
    advice = proposal_advice(company, m.proposal)
    if advice:
        return f"follow-ups stopped; {advice}"
    if m.kind in ANSWERS:
        return "an answer: follow-ups stopped"
    return _DID.get(m.kind, "")
