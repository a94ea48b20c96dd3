"""The proofreader's vocabulary: the context a message is read in. The check names,
severities and ``Finding`` are shared with the rest of mailflow and live in
``model`` (the config validates ``[proofread]`` against ``ProofCheck``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from mailflow.model import PROOF_KINDS, Finding, ProofCheck, Severity

__all__ = ["CHECKS", "ERROR", "KINDS", "WARNING", "Finding", "ProofContext"]

#: the check names, in the order findings are reported (``model.ProofCheck``)
CHECKS = tuple(c.value for c in ProofCheck)
#: what a message can be (``model.PROOF_KINDS``)
KINDS = PROOF_KINDS

ERROR = Severity.ERROR
WARNING = Severity.WARNING


@dataclass(frozen=True)
class ProofContext:
    kind: str = "other"  # one of KINDS
    recipient_name: str = ""  # exactly as on the invite ("" = unknown: skip the name check)
    company: str = ""  # this message's company ("" = skip)
    role: str = ""  # ("" = skip)
    other_companies: tuple[str, ...] = ()  # every other company in the user's pipeline
    known_words: tuple[str, ...] = ()  # names, companies, roles from calendar + pipeline
    signature: str = ""  # the user's signature block; excluded from length and spelling
    allowed_placeholders: tuple[str, ...] = ()  # bracketed placeholders put there on purpose
    recipient_email: str = ""  # tells the order of the recipient's name ("" = read the name alone)
    greeting: str = ""  # how the user greets them ([people] greeting; "" = from the name)
    #: the days (in the user's zone) of the interviews this message can be about; a weekday
    #: or date tied to the conversation must be one of them (() = skip the date check)
    interview_days: tuple[date, ...] = ()
    #: when those interviews started and ended (aware): "this morning" must fit the time of day
    interview_times: tuple[tuple[datetime, datetime], ...] = ()
    #: the days the company said it would decide by (the timelines recorded): a date the
    #: note ties to the decision must be one of them (() = not checked)
    timeline_days: tuple[date, ...] = ()
    now: datetime | None = None  # when it is written: "today", "yesterday" are read from it
    #: texts the user recorded (remarks, promises) that the message repeats: an error found
    #: inside them is a warning (they were checked when recorded), and their words are known
    recorded: tuple[str, ...] = ()
    #: more texts whose words are known (the user's recorded notes, the calendar's titles)
    recorded_words: tuple[str, ...] = ()
    #: what the user recorded about this reader's conversation (their remarks): a note
    #: that shares a word with them is about this conversation (the generic check)
    reader_notes: tuple[str, ...] = ()
    #: how many files the message carries (plain text carries none; -1 = unknown: skip the check)
    attachments: int = 0


