"""What each command returns: one report type per command, each knowing its exit code
(the reports of the commands other than ``run`` are in ``reports_other``).

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
class Check:
    """One verdict of ``mailflow doctor``: ``exit`` is what it implies (0, 1 or 2)."""

    check: str
    ok: bool
    detail: str = ""
    exit: int = 0

