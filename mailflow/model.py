"""Small value types every layer shares.

Times are always timezone-aware ``datetime`` objects. Text that comes from a
calendar is untrusted: it is stored as given and cleaned where it becomes a
header (see ``compose``).
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Attendee:
    """One person or resource on an event.

    ``kind`` is ``"person"``, ``"room"`` or ``"resource"`` (CUTYPE / Graph type /
    Google ``resource``); ``response`` is lower-case ``accepted``, ``declined``,
    ``tentative`` or ``needs-action``.
    """

    email: str
    name: str = ""
    kind: str = "person"
    response: str = "needs-action"
    is_self: bool = False
    is_organizer: bool = False
    optional: bool = False


@dataclass(frozen=True)
class Event:
    """One occurrence of a calendar event, as a source reports it.

    ``uid`` is shared by all occurrences of a series; ``recurrence_id`` tells
    them apart (ISO text of the original start, or "" for a single event).
    ``source`` names the calendar it came from (for messages and explain).
    """

    uid: str
    summary: str
    start: datetime
    end: datetime
    source: str = ""
    recurrence_id: str = ""
    description: str = ""
    location: str = ""
    status: str = "confirmed"  # confirmed | tentative | cancelled
    all_day: bool = False
    organizer: Attendee | None = None
    attendees: tuple[Attendee, ...] = ()
    video_url: str = ""
    categories: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Stable identity of this occurrence across runs and moves."""
        return f"{self.uid}|{self.recurrence_id}"


def event_to_dict(event: Event) -> dict:
    """A JSON-ready form of an event (for source caches)."""
    data = dataclasses.asdict(event)
    data["start"], data["end"] = event.start.isoformat(), event.end.isoformat()
    return data


def event_from_dict(data: dict) -> Event:
    """The inverse of ``event_to_dict``."""
    organizer = Attendee(**data["organizer"]) if data.get("organizer") else None
    return Event(**{
        **data,
        "start": datetime.fromisoformat(data["start"]),
        "end": datetime.fromisoformat(data["end"]),
        "organizer": organizer,
        "attendees": tuple(Attendee(**a) for a in data.get("attendees", ())),
        "categories": tuple(data.get("categories", ())),
    })


def short_id(event_key: str) -> str:
    """The short interview id users type: stable for one event occurrence."""
    return hashlib.sha1(event_key.encode("utf-8")).hexdigest()[:6]


@dataclass(frozen=True)
class Interviewer:
    """Someone to thank. ``named_from`` is ``"invite"`` or ``"address"``."""

    email: str
    name: str
    named_from: str = "invite"

    @property
    def first_name(self) -> str:
        """How a note greets them: the first name ("Lima, Ana" -> "Ana"), or a
        title with the surname ("Dr. Carol Jones" -> "Dr. Jones")."""
        name = self.name.strip()
        if "," in name:  # "Last, First", as directories write it
            last, _, first = name.partition(",")
            name = f"{first.strip()} {last.strip()}".strip()
        words = name.split()
        if not words:
            return self.email.split("@")[0]
        if words[0].rstrip(".").lower() in _TITLES and len(words) > 1:
            return f"{words[0]} {words[-1]}"
        return words[0]


_TITLES = {"mr", "mrs", "ms", "mx", "dr", "prof", "professor"}


@dataclass(frozen=True)
class Interview:
    """An event detected as an interview, with who to thank and for what."""

    id: str
    event_key: str
    company: str
    role: str
    title: str
    start: datetime
    end: datetime
    interviewers: tuple[Interviewer, ...]
    source: str = ""
    organizer_email: str = ""
    organizer_name: str = ""
    domain: str = ""
    video_url: str = ""
    cancelled: bool = False


@dataclass(frozen=True)
class Detection:
    """The verdict on one event, with the reasons ``scan --explain`` prints."""

    event: Event
    interview: Interview | None
    reasons: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def is_interview(self) -> bool:
        return self.interview is not None


@dataclass(frozen=True)
class ThreadRef:
    """What a reply needs to join the thread of an earlier message.

    ``message_id`` is the RFC 5322 Message-ID of the message replied to;
    ``backend_id``/``thread_id`` are the mailbox's own ids when it has them.
    """

    message_id: str
    subject: str
    references: tuple[str, ...] = ()
    backend_id: str = ""
    thread_id: str = ""


@dataclass
class Remark:
    """Something recorded after an interview.

    ``kind``: ``remark`` (what the interviewer said), ``timeline``,
    ``promised``, ``link``, ``strength``, ``amplify``.
    """

    interview_id: str
    interviewer: str  # address, or "" for the whole interview
    text: str
    kind: str = "remark"
    created_at: datetime | None = None


@dataclass
class Debrief:
    """The reflection form for one interview (PRODUCT.md D1)."""

    interview_id: str
    how_it_went: str = ""
    went_well: list[str] = field(default_factory=list)
    to_improve: list[str] = field(default_factory=list)
    amplify: str = ""
    unexpected_questions: list[str] = field(default_factory=list)
    examples_used: list[str] = field(default_factory=list)
    examples_to_stress: list[str] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
