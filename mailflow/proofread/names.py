"""The proofreader's vocabulary: check names, message kinds, findings. Light: the
config validates ``[proofread]`` against these names without loading a dictionary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

CHECKS = (
    "placeholder",
    "spelling",
    "name",
    "company",
    "role",
    "other-company",
    "length",
    "banned-phrase",
    "shouting",
    "apology",
    "doubled-word",
    "emoji",
    "salary",
    "wrong-date",
    "grammar",
)
KINDS = ("thank_you", "follow_up", "withdrawal", "rejection_reply", "linkedin_note", "other")

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    check: str  # one of CHECKS
    severity: str  # "error" | "warning"
    excerpt: str  # the offending text, as found
    message: str  # what is wrong, one sentence
    hint: str  # how to fix it


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
    now: datetime | None = None  # when it is written: "today", "yesterday" are read from it
    #: texts the user recorded (remarks, promises) that the message repeats: an error found
    #: inside them is a warning (they were checked when recorded), and their words are known
    recorded: tuple[str, ...] = ()
    #: more texts whose words are known (the user's recorded notes, the calendar's titles)
    recorded_words: tuple[str, ...] = ()



def settings_problem(disable: list[str], warn_only: list[str]) -> tuple[str, str] | None:
    """(key, what is wrong) when ``[proofread] disable`` or ``warn_only`` names a
    check that does not exist, else None. The one place these names are checked."""
    for key, names in (("disable", disable), ("warn_only", warn_only)):
        unknown = [n for n in names if n not in CHECKS]
        if unknown:
            return key, f"unknown check {', '.join(map(repr, unknown))}; valid checks: {', '.join(CHECKS)}"
    return None
