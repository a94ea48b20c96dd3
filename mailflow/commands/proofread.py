"""``mailflow proofread FILE``: check a message the user wrote or edited by hand."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime
from pathlib import Path

from mailflow import proofread
from mailflow.compose import letters
from mailflow.config import Config
from mailflow.model import KEY_HEADER
from mailflow.reports import ProofreadReport
from mailflow.store import Store


def proofread_file(config: Config, now: datetime, path: Path, kind: str | None = None) -> ProofreadReport:
    """``mailflow proofread FILE``: check a message edited by hand.

    A message mailflow drafted (it carries ``X-Mailflow-Key``) is checked against
    what the state knows of it: recipient, company, role and the other companies
    of the pipeline. A plain-text file gets the pipeline's companies only.
    """
    proofread.validate_settings(config.proofread)
    try:
        data = Path(path).read_bytes()
    except OSError:
        data = b""  # proofread_file reports the missing or unreadable file
    msg = email.message_from_bytes(data, policy=email.policy.default) if data else None
    is_message = msg is not None and any(msg.get(h) for h in ("From", "Message-ID", KEY_HEADER))
    key = str(msg.get(KEY_HEADER, "")).strip() if is_message else ""
    with Store(config.state_path) as store:
        record = store.message(key) if key else None
        applications = store.applications()
        interviews = {s.id: s.interview for s in store.interviews()}
    company = role = name = ""
    if record is not None:
        app = next((a for a in applications if a.id == record.application_id), None)
        company, role, name = (app.company if app else ""), (app.role if app else ""), record.recipient_name
        interview = interviews.get(record.interview_id or "")
        role = (interview.role if interview and interview.role else role)
    known = {a.company for a in applications} | {a.role for a in applications}
    known |= {p.name for iv in interviews.values() for p in iv.interviewers}
    ctx = proofread.ProofContext(
        kind=kind or (record.kind if record else "other"),
        recipient_name=name,
        company=company,
        role=role,
        other_companies=tuple(a.company for a in applications if a.company.casefold() != company.casefold()),
        known_words=tuple(k for k in known | {config.profile.name} if k),
        signature=letters.me(config)["signature"],
        allowed_placeholders=(),
    )
    if is_message:
        findings = proofread.proofread_message(msg, ctx, config.proofread, config.policy)
    else:
        findings = proofread.proofread_file(Path(path), ctx, config.proofread, config.policy)
    return ProofreadReport(file=str(path), kind=ctx.kind, company=company, recipient=name,
                           findings=[f.__dict__ for f in findings])
