"""Reading what recruiters wrote (PRODUCT.md I1-I3): each message received from a
company watched, its people, or an applicant-tracking system writing for it is given
to one application and a class (``rules.inbox``), once: what was decided is stored
(``Store.save_mail``) and never parsed again. Nothing here writes to the mailbox or
changes an application's outcome: that is the user's command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailflow import inbox_model
from mailflow.model import (
    MailClass,
    Incoming,
    MessageState,
    Proposal,
    ReadMail,
    Snapshot,
    ApplicationStatus,
)
from mailflow.rules import inbox as rules
from mailflow.rules.letter import Letter
from mailflow.rules.replies import company_addresses

if TYPE_CHECKING:
    from mailflow.config import Config
    from mailflow.engine.session import Session

#: what mailflow proposes for a class
PROPOSALS = {
    MailClass.REJECTION: Proposal.REJECTED,
    MailClass.PAUSED: Proposal.REJECTED,
    MailClass.OFFER: Proposal.ACCEPT,
    MailClass.SCHEDULING: Proposal.ANSWER,
}


def ats_domains(config: Config) -> tuple[str, ...]:
    """The tracking systems' and job boards' domains read besides the companies' own."""
    return rules.watched_domains(config.inbox.ats_domains)


def targets(snapshot: Snapshot, config: Config) -> list[rules.Target]:
    """Every active application as attribution sees it."""
    found = []
    for app in snapshot.applications.values():
        if app.status != ApplicationStatus.ACTIVE:
            continue
        domains, addresses = company_addresses(snapshot, app, config)
        threads = tuple(m.message_id for m in snapshot.messages.values()
                        if m.application_id == app.id and m.message_id and m.status == MessageState.SENT)
        found.append(rules.Target(str(app.id), app.company, app.role, rules.target_domains(domains, addresses),
                                  addresses, threads))
    return found


def letter_of(msg: Incoming) -> Letter:
    """The ``Letter`` the rules read, from what a mailbox handed over."""
    headers = msg.headers
    return Letter(
        sender=msg.sender, sender_name=msg.name, subject=msg.subject, date=msg.date,
        message_id=msg.message_id, in_reply_to=msg.in_reply_to,
        references=tuple(headers.get("references", "").split()),
        reply_to=_address(headers.get("reply-to", "")), headers=headers, text=msg.text, history=msg.history,
    )


def _address(value: str) -> str:
    from email.utils import parseaddr

    return parseaddr(value)[1].strip().lower()


def ident(msg: Incoming) -> str:
    """The key a message is stored under: its Message-ID, else who sent it when."""
    return msg.message_id.strip() or f"<{msg.sender}@{msg.date.isoformat()}>"


def read(session: Session, received: list[Incoming]) -> list[ReadMail]:
    """What each message in ``received`` means, read once: a message already read keeps
    what was decided then. Returns them all, oldest first."""
    snapshot = session.snapshot
    known = {m.message_id: m for ms in snapshot.mail.values() for m in ms}
    known.update({m.message_id: m for m in session.store.read_mail() if m.application_id is None})
    found: list[ReadMail] = []
    apps: list[rules.Target] | None = None
    extra = session.config.inbox.ats_domains
    for msg in sorted(received, key=lambda m: m.date):
        key = ident(msg)
        if key in known:
            found.append(known[key])
            continue
        if apps is None:
            apps = targets(snapshot, session.config)
        try:
            letter = letter_of(msg)
            reading = rules.classify(letter, sent_on=msg.date.astimezone(session.zone).date(), second=inbox_model.load)
            target = (rules.attribute(letter, apps, ats_domains=extra, sentence=reading.sentence)
                      if reading.kind != MailClass.BULK else None)
        except Exception as exc:  # noqa: BLE001 - one stranger's message never stops the run
            session.mailbox().note_unreadable("the inbox", f"from {msg.sender or 'nobody'}, {msg.date:%Y-%m-%d %H:%M}",
                                              exc)
            continue
        mail = ReadMail(
            message_id=key, received_at=msg.date, sender=msg.sender, subject=msg.subject, kind=reading.kind,
            evidence=reading.evidence[:300], day=reading.date,
            application_id=int(target.id) if target else None,
            proposal=PROPOSALS.get(reading.kind, Proposal.NONE), read_at=session.now,
        )
        session.record_mail(mail)
        known[key] = mail
        found.append(mail)
    return found
