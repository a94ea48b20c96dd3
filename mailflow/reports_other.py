"""The reports of the commands other than ``run`` (scan, preview, redraft, doctor,
notes, status, proofreading, outcomes, inbox, debrief, LinkedIn, setup, fixes).

They live apart from ``reports`` so that a cron run, which returns a ``RunReport``,
does not build their classes at start-up. Each still knows its exit code the same way
(``reports.Report``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mailflow.reports import Check, DraftReport, Report, SourceReport, WriteLog


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
