"""Mail the tests make themselves: a draft as mailflow hands it to a mailbox (``compose``,
and ``written``, what mailflow remembers of it), and a message as someone writes it
(``message``); and how the tests read a note (``body``, ``counted_lines``, ``day``)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from mailflow.model import KEY_HEADER, NewDraft, ThreadRef, Written, message_id
from tests.harness.calendars import ME, MY_NAME

#: when ``compose`` dates its drafts
WHEN = datetime(2026, 11, 24, 20, 0, tzinfo=timezone.utc)


def compose(key: str, to: str, subject: str, body: str = "Dear Ana,\n\nThank you.\n",
            reply_to: ThreadRef | None = None, when: datetime = WHEN) -> NewDraft:
    """A draft with ``key``, as mailflow composes one (a reply when ``reply_to`` is given)."""
    msg = EmailMessage()
    msg["From"] = f"{MY_NAME} <{ME}>"
    msg["To"] = to
    msg["Subject"] = f"Re: {reply_to.subject}" if reply_to else subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id(key, ME)
    if reply_to is not None:
        msg["In-Reply-To"] = reply_to.message_id
        msg["References"] = reply_to.message_id
    msg[KEY_HEADER] = key
    msg.set_content(body)
    return NewDraft(msg, key, reply_to=reply_to)


def written(key: str, ref, to: str, subject: str, when: datetime = WHEN, body: str = "") -> Written:
    """What mailflow remembers of a draft it wrote: where it put it, to whom, when (and the
    fingerprint of ``body``, when given)."""
    from mailflow.rules.sent import fingerprint

    return Written(key, ref, to, subject, when, fingerprint(body) if body else "")


def message(sender: str, to: str, subject: str, when: datetime, *, body: str = "Thanks, Alex.\n",
            in_reply_to: str = "", headers: dict[str, str] | None = None) -> EmailMessage:
    """A message from ``sender``; ``headers`` names may use ``_`` for ``-`` (``Auto_Submitted``)."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Date"], msg["Message-ID"] = format_datetime(when), make_msgid(domain="mx.example")
    if in_reply_to:
        msg["In-Reply-To"] = msg["References"] = in_reply_to
    for name, value in (headers or {}).items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg


def body(msg) -> str:
    """The text of a single-part message, decoded."""
    return msg.get_payload(decode=True).decode("utf-8")


def counted_lines(text: str) -> list[str]:
    """Body lines between the greeting and the closing."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return lines[1:lines.index("Best regards,")]


def day(d: date) -> str:
    """A date as notes write it in this environment's locale (compose.letters)."""
    from mailflow.compose import letters

    return letters.long_date(d, letters.month_first())
