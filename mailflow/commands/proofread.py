"""``mailflow proofread FILE``: check a message the user wrote or edited by hand."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime
from pathlib import Path

from mailflow import proofread
from mailflow.config import Config
from mailflow.errors import NotFoundError
from mailflow.model import KEY_HEADER
from mailflow.proofread.checks import split_headers
from mailflow.proofread.context import for_file
from mailflow.proofread.reading import body_text
from mailflow.reports_other import ProofreadReport
from mailflow.store import Store


def proofread_file(config: Config, now: datetime, path: Path, kind: str | None = None) -> ProofreadReport:
    """``mailflow proofread FILE``: check a message edited by hand.

    The message says whom it is for: an email's ``To:`` header, or the ``To:`` line
    a plain-text file starts with (``Subject:`` and other header lines may follow it,
    then a blank line, then the text). From that address and the state come the
    company, the role, the name as on the invite and the interviews' days; the kind is
    ``--kind``, else the ``X-Mailflow-Key`` header's, else read from the message
    (``proofread.context``).
    """
    proofread.validate_settings(config.proofread)
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"{path}: no such file", hint="give the path of an .eml or a plain-text message") from None
    except OSError as exc:
        raise NotFoundError(f"{path}: cannot read: {exc.strerror or exc}") from None
    msg = email.message_from_bytes(data, policy=email.policy.default)
    is_message = path.suffix.lower() == ".eml" or any(msg.get(h) for h in ("From", "Message-ID", KEY_HEADER))
    written = now
    if is_message:
        to, subject, body = str(msg.get("To", "")), str(msg.get("Subject", "")), body_text(msg)
        key = str(msg.get(KEY_HEADER, "")).strip()
        written = _date(msg) or now
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise NotFoundError(f"{path}: not UTF-8 text", hint="save the message as UTF-8, or as an .eml file") from None
        headers, body = split_headers(text.replace("\r\n", "\n"))
        to, subject, key = headers.get("to", ""), headers.get("subject", ""), ""
    if config.state_path.exists():
        with Store(config.state_path) as store:
            snapshot = store.snapshot()
    else:
        from mailflow.model import Snapshot

        snapshot = Snapshot()
    # "today" and "yesterday" in a saved message mean the day it was written
    found = for_file(snapshot, config, written, to=to, subject=subject, body=body, key=key, kind=kind)
    import dataclasses

    from mailflow.proofread.checks import attachment_count

    context = dataclasses.replace(found.context, attachments=attachment_count(msg) if is_message else 0)
    findings = proofread.proofread(subject, body, context, config.proofread, config.policy)
    return ProofreadReport(file=str(path), kind=found.context.kind,
                           company=found.application.company if found.application else "",
                           recipient=found.recipient, findings=[f.__dict__ for f in findings])


def _date(msg) -> datetime | None:
    try:
        value = msg["Date"].datetime if msg.get("Date") else None
    except (AttributeError, TypeError, ValueError):
        return None
    return value if value is not None and value.tzinfo is not None else None
