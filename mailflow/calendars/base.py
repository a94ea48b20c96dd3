"""The calendar source interface.

Vocabulary
----------
source
    One configured ``[[calendars]]`` entry: an ICS file or URL, a Google
    calendar, an Outlook calendar, a CalDAV collection. Each backend is one
    module beside this file, registered in ``registry.CALENDARS``.
window
    The half-open time range ``[start, end)`` the engine asks about. A source
    returns every *occurrence* that overlaps it: recurring series expanded,
    exceptions (RECURRENCE-ID overrides) applied, EXDATEs removed, cancelled
    occurrences included with ``status="cancelled"`` so a cancellation is seen.
cache
    A small persistent store the engine hands to ``fetch``. Sources that sync
    incrementally (Google sync tokens, Graph delta links) keep their token and
    the events they know in it; simple sources ignore it. It is saved only
    when the run is not a dry run and ``fetch`` returned without raising.

Errors
------
``fetch`` raises ``SourceError`` (file missing, unparsable, HTTP failure)
naming the source and what to do, or ``AuthError`` when a login must be
renewed; the engine reports it and goes on with the other sources. A single
broken event inside an otherwise readable calendar is *not* an error: it is
skipped and described in ``FetchResult.warnings``.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from mailflow.model import Attendee, Event, SyncCache
from mailflow.untrusted import name_text, plain_address


@dataclass
class FetchResult:
    """What a source returns: occurrences in the window, and skipped-item warnings."""

    events: list[Event]
    warnings: list[str] = field(default_factory=list)
    requests: int = 0  # network requests made, for status and benchmarks
    #: ``model.event_digest`` of events by key, where the source keeps them (its cache):
    #: the verdicts' digests, not worked out again on every run
    digests: dict[str, str] = field(default_factory=dict)


class CalendarSource(ABC):
    """One calendar. ``name`` appears in every message about it."""

    def __init__(self, name: str):
        self.name = name

    @abstractmethod
    def fetch(self, start: datetime, end: datetime, cache: SyncCache) -> FetchResult:
        """Occurrences overlapping ``[start, end)``; see the module docstring."""

    def answer_key(self, start: datetime, end: datetime, cache: SyncCache) -> str | None:
        """A key that is equal on two calls exactly when ``fetch`` over ``[start, end)``
        with ``cache`` would give the same answer (the same events, warnings and digests),
        worked out without building the events and without asking a server; None when
        the source cannot tell so cheaply (then the caller fetches)."""
        return None


@lru_cache(maxsize=8192)
def _checked_person(person: Attendee | None) -> Attendee | None:
    """``person`` with a plain address and a clean name, or None. The same people are on many
    events: the answer is kept per person (an ``Attendee`` is frozen, so it can be shared)."""
    if person is None:
        return None
    email = plain_address(person.email)
    if email is None:
        return None
    name = name_text(person.name).strip('"').strip()
    if email == person.email and name == person.name:
        return person  # already as it should be: the same value, not a copy of it
    return dataclasses.replace(person, email=email, name=name)


def checked(event: Event) -> tuple[Event, list[str]]:
    """``event`` as the rest of mailflow may trust it, whatever source it came from:
    every address a single plain address (others dropped, with one warning naming
    the event and the first few of them), names on one line with no control
    characters or encoded words."""
    dropped = []
    people = []
    for person in event.attendees:
        good = _checked_person(person)
        if good is None:
            dropped.append(person.email)
        else:
            people.append(good)
    organizer = _checked_person(event.organizer)
    if event.organizer is not None and organizer is None:
        dropped.insert(0, event.organizer.email)
    warnings = []
    if dropped:
        shown = ", ".join(repr(_shortened(name_text(e[:240]))) for e in dropped[:3])
        more = f" and {len(dropped) - 3} more" if len(dropped) > 3 else ""
        what = "address is" if len(dropped) == 1 else "addresses are"
        warnings.append(f"event {_shortened(name_text(event.summary[:240]))!r}: {what} not a single plain address "
                        f"and left out: {shown}{more}")
    people = tuple(people)
    if not dropped and organizer == event.organizer and people == event.attendees:
        return event, warnings  # nothing to change: the event itself, not an equal copy of it
    return dataclasses.replace(event, attendees=people, organizer=organizer), warnings


def _shortened(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"
