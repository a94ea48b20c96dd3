"""What each command returns: one report type per command, each knowing its exit code.

Exit codes (PRODUCT.md §2), the same for every command::

    0  done
    1  some items failed (a calendar could not be read, a draft failed proofreading);
       the rest was done
    2  the user must act: a bad config, an expired login, a name that matches nothing

A report collects ``problems`` as it goes (``fail`` turns an exception into one);
``exit_code`` reads them. Nothing below the command line prints or exits: ``cli.py``
renders a report as text (``show``) or JSON (``as_json``) and exits with its code.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from mailflow.errors import MailflowError, UserActionError
from mailflow.model import Update
from mailflow.untrusted import scrub_urls

log = logging.getLogger("mailflow")


@dataclass
class Problem:
    """Something that failed (exit 1) or needs the user (exit 2)."""

    what: str
    message: str
    hint: str = ""
    needs_user: bool = False


@dataclass
class Report:
    """The base of every command's report."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if any(p.needs_user for p in self.problems):
            return 2
        return 1 if self.problems or self.failed() else 0

    def failed(self) -> bool:
        """Whether something besides ``problems`` makes this report exit 1."""
        return False

    def fail(self, what: str, exc: Exception) -> None:
        """Record ``exc`` as a problem with ``what`` failed; unexpected errors go to the log."""
        if isinstance(exc, MailflowError):
            self.problems.append(Problem(what, scrub_urls(exc.message), scrub_urls(exc.hint or ""),
                                         isinstance(exc, UserActionError)))
        else:
            log.exception("%s failed", what)
            self.problems.append(Problem(what, scrub_urls(f"{type(exc).__name__}: {exc}"), "see the log for details"))


@dataclass
class ErrorReport(Report):
    """Any command that stopped on an error before it could report (a missing config,
    a name that matches nothing): the message and the fix, as the text output says them."""

    error: str = ""
    hint: str = ""


def error_report(exc: MailflowError) -> dict:
    """``exc`` as the JSON a command given ``--json`` prints instead of its report."""
    problem = Problem("mailflow", exc.message, exc.hint or "", isinstance(exc, UserActionError))
    return as_json(ErrorReport(problems=[problem], error=exc.message, hint=exc.hint or ""))


def as_json(report: Report) -> dict:
    """A report as plain JSON data: times in ISO 8601, enums as their values, a
    value with its own ``as_json`` (an ``Update``) as that, and the ``exit_code``."""
    data = _plain(report)
    data["exit_code"] = report.exit_code
    return data


def _plain(value: Any) -> Any:
    if hasattr(value, "as_json"):
        return value.as_json()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    return value


# --------------------------------------------------------------------------- run, scan, preview


@dataclass
class SourceReport:
    name: str
    ok: bool
    events: int = 0
    interviews: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class DraftReport:
    """One message composed (and written, unless a dry run or proofreading stopped it)."""

    key: str
    kind: str
    interview: str
    company: str
    to: str
    to_name: str
    subject: str
    placeholder: bool = False
    replaced: bool = False
    recovered: bool = False
    written: bool = False
    #: when a scheduled message leaves by itself (None: it waits in the drafts)
    send_at: datetime | None = None
    why: str = ""
    findings: list[dict] = field(default_factory=list)
    body: str = ""

    @property
    def has_errors(self) -> bool:
        return any(f["severity"] == "error" for f in self.findings)


@dataclass
class WriteLog(Report):
    """What writing messages did: the drafts, and the changes seen or made (``model.Update``)."""

    dry_run: bool = False
    drafts: list[DraftReport] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)


@dataclass
class RunReport(WriteLog):
    """``mailflow run``."""

    now: datetime | None = None
    sources: list[SourceReport] = field(default_factory=list)
    interviews: list[dict] = field(default_factory=list)
    waiting: list[dict] = field(default_factory=list)
    overdue: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    #: why this run did nothing at all ("" when it ran): another run held the lock
    skipped_run: str = ""

    @property
    def quiet_ok(self) -> bool:
        """Nothing worth a cron mail: no draft, no problem, no change, and no
        overdue note that is due a reminder (one a day, not one a run)."""
        reminders = [o for o in self.overdue if o.get("remind", True)]
        return not (self.drafts or reminders or self.problems or self.updates)


@dataclass
class ScanReport(Report):
    """``mailflow scan``: the window, the sources and the verdict on every event."""

    window: dict = field(default_factory=dict)
    sources: list[SourceReport] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)


@dataclass
class PreviewReport(Report):
    """``mailflow preview``: the thank-you notes of one interview, composed, not written."""

    interview: str = ""
    drafts: list[DraftReport] = field(default_factory=list)

    def failed(self) -> bool:
        return any(d.has_errors for d in self.drafts)


@dataclass
class Check:
    """One verdict of ``mailflow doctor``: ``exit`` is what it implies (0, 1 or 2)."""

    check: str
    ok: bool
    detail: str = ""
    exit: int = 0


@dataclass
class RedraftReport(WriteLog):
    """``mailflow redraft``: the notes written afresh, and those left alone and why."""

    interview: str = ""
    company: str = ""
    #: {"to", "why"}
    left: list[dict] = field(default_factory=list)


@dataclass
class DoctorReport(Report):
    """``mailflow doctor``: one verdict per check; the worst sets the exit code."""

    checks: list[Check] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return max([c.exit for c in self.checks] + [super().exit_code])


# --------------------------------------------------------------------------- notes and status


@dataclass
class RemarkReport(Report):
    """``mailflow remark``: what was recorded, about whom."""

    interview: str = ""
    company: str = ""
    interviewer: str = ""
    name: str = ""
    kind: str = ""
    text: str = ""
    #: how a remark reads (a ``RemarkForm``) and the sentence a thank-you makes of it
    form: str = ""
    reads_as: str = ""
    #: spelling findings on the text (warnings: it is recorded all the same)
    warnings: list[dict] = field(default_factory=list)


@dataclass
class MarkSentReport(Report):
    """``mailflow mark-sent``: the messages now recorded as sent."""

    interview: str = ""
    company: str = ""
    #: {"kind", "to", "name", "at"}
    marked: list[dict] = field(default_factory=list)
    #: why nothing was marked ("" when something was)
    nothing: str = ""


@dataclass
class StatusReport(Report):
    """``mailflow status``: applications with their interviews and messages."""

    now: datetime | None = None
    applications: list[dict] = field(default_factory=list)


@dataclass
class ProofreadReport(Report):
    """``mailflow proofread FILE``."""

    file: str = ""
    kind: str = ""
    company: str = ""
    recipient: str = ""
    findings: list[dict] = field(default_factory=list)
    #: how many findings are errors
    errors: int = 0

    def __post_init__(self) -> None:
        self.errors = sum(f["severity"] == "error" for f in self.findings)

    def failed(self) -> bool:
        return self.errors > 0


# --------------------------------------------------------------------------- outcomes


@dataclass
class OutcomeReport(WriteLog):
    """``accept`` / ``withdraw`` / ``rejected``: what was done, or would be."""

    action: str = ""  # accept | withdraw | rejected
    company: str = ""
    now: datetime | None = None
    #: {"company", "from", "to"}
    statuses: list[dict] = field(default_factory=list)
    #: follow-up drafts deleted: {"company", "to", "subject", "key"}
    cancelled: list[dict] = field(default_factory=list)
    #: what needed nothing: {"company", "why"}
    unchanged: list[dict] = field(default_factory=list)
    #: {"company", "to", "name", "subject", "key"}
    sent: list[dict] = field(default_factory=list)
    #: drafts --send left alone: {"company", "to", "why"}
    unsent: list[dict] = field(default_factory=list)

    @property
    def written(self) -> list[DraftReport]:
        """Drafts written now (or, in a dry run, that would be)."""
        return [d for d in self.drafts if d.written or (self.dry_run and not d.has_errors)]


@dataclass
class InboxReport(Report):
    """``mailflow inbox``: the messages read, newest first: {"at", "from", "subject",
    "company", "role", "class", "evidence", "date", "proposal", "did"}."""

    now: datetime | None = None
    messages: list[dict] = field(default_factory=list)


# --------------------------------------------------------------------------- reflection


@dataclass
class DebriefReport(Report):
    """``mailflow debrief``."""

    interview: str = ""
    company: str = ""
    saved: bool = False
    #: how many times the editor was opened
    rounds: int = 0
    #: notes saved per interviewer: {"name", "email", "remarks", "timeline", "promised", "links"}
    people: list[dict] = field(default_factory=list)
    #: where unfinished text was kept, when the user stopped before it could be read
    kept_in: str = ""


@dataclass
class LinkedinNote:
    name: str
    email: str
    text: str
    #: the remark was shortened or dropped to fit
    shortened: bool = False
    findings: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.text) and not any(f["severity"] == "error" for f in self.findings)


@dataclass
class LinkedinReport(Report):
    """``mailflow linkedin``."""

    interview: str = ""
    company: str = ""
    #: why there are no notes yet ("" when there are)
    held: str = ""
    notes: list[LinkedinNote] = field(default_factory=list)

    def failed(self) -> bool:
        return any(not n.ok for n in self.notes)


# --------------------------------------------------------------------------- setup


@dataclass
class InitReport(Report):
    """``mailflow init``: the config written, what it chose, and what is left to fill in."""

    path: str = ""
    #: the time zone written (this machine's) and the country whose holidays it skips ("" = none)
    timezone: str = ""
    holidays: str = ""
    #: where drafts and the state go (the user's data and state folders)
    drafts: str = ""
    state: str = ""
    #: settings written as placeholders, to fill in before a run ("[profile] email", ...)
    fill_in: list[str] = field(default_factory=list)


@dataclass
class AuthReport(Report):
    """``mailflow auth``: the login is stored (the provider said where as it went)."""

    provider: str = ""


@dataclass
class CronReport(Report):
    """``mailflow cron-line``: the line, and ``warnings`` (no config where the line reads it)."""

    line: str = ""
    #: the config file the line's runs read
    config: str = ""


@dataclass
class FixReport(Report):
    """``mailflow fix ...``: what was corrected (``done``), or what there is (``items``)."""

    action: str = ""
    done: list[str] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
