"""Calendars as the tests write them: iCalendar text for one event (``vevent``) and a
calendar (``vcalendar``), and the interviews more than one test file shares.

Data that is a file stays a file: ``tests/data/calendars/*.ics`` holds one fixture per
calendar quirk, ``tests/data/calendars/hostile/`` the fuzzers' reproducers."""

from __future__ import annotations

import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
CALENDARS = DATA / "calendars"
HOSTILE = CALENDARS / "hostile"

ME = "alex@candidate.example"
MY_NAME = "Alex Candidate"


def vevent(uid: str, summary: str, start: str, end: str | None = None, *, organizer: str = "",
           attendees: tuple[str, ...] = (), extra: str = "") -> str:
    """One VEVENT. ``start``/``end`` are iCalendar values with their parameters,
    e.g. ``;TZID=Europe/Berlin:20261103T100000`` or ``:20261103T100000Z``."""
    lines = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20260101T000000Z", f"DTSTART{start}"]
    if end:
        lines.append(f"DTEND{end}")
    lines.append(f"SUMMARY:{summary}")
    if organizer:
        lines.append(f"ORGANIZER{organizer}")
    lines += [f"ATTENDEE{a}" for a in attendees]
    lines += [line for line in textwrap.dedent(extra).strip().splitlines() if line]
    lines.append("END:VEVENT")
    return "\n".join(lines)


def vcalendar(*events: str, header: str = "") -> str:
    """A VCALENDAR holding ``events``, with CRLF line ends as calendar apps write them."""
    body = "\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//mailflow tests//EN", *filter(None, [header]),
                      *events, "END:VCALENDAR"])
    return body.replace("\n", "\r\n") + "\r\n"


def onsite_panel(day: str = "20261124", *, extra: str = "DESCRIPTION:Role: Senior Backend Engineer") -> str:
    """The Acme onsite panel on ``day`` (YYYYMMDD), 14:00-15:30 in New York: Ana Lima,
    Zoë Müller and Raj Patel interview, in room 4B; Sam Lee, the recruiter, organised it."""
    return vevent(
        "panel-1@acme.example", "Acme — Onsite panel interview", f";TZID=America/New_York:{day}T140000",
        f";TZID=America/New_York:{day}T153000", organizer=";CN=Sam Lee:mailto:sam.lee@acme.example",
        attendees=(
            f";CN={MY_NAME};PARTSTAT=ACCEPTED:mailto:{ME}",
            ";CN=Ana Lima:mailto:ana.lima@acme.example",
            ";CN=Zoë Müller:mailto:zoe.muller@acme.example",
            ";CN=Raj Patel:mailto:raj.patel@acme.example",
            ";CN=Room 4B;CUTYPE=ROOM:mailto:room-4b@acme.example",
        ),
        extra=extra,
    )


#: Tue 24 Nov 2026; ``NOW`` of the run tests is the next evening
PANEL = onsite_panel()

#: Wed 25 Nov 2026, 10:00-10:30 New York: a recruiter's phone screen
SCREEN = vevent(
    "screen-1@globex.example", "Phone screen: Globex", ";TZID=America/New_York:20261125T100000",
    ";TZID=America/New_York:20261125T103000", organizer=";CN=María García:mailto:maria.garcia@globex.example",
    attendees=(f";PARTSTAT=ACCEPTED:mailto:{ME}",),
)

#: Tue 3 Nov 2026, 14:00-15:00 New York, the follow-up stories' interview: Ana Lima and
#: Raj Patel interview; Sam Lee, the recruiter, organised it
FINAL_ROUND = vevent(
    "final-1@acme.example", "Acme — Final round interview", ";TZID=America/New_York:20261103T140000",
    ";TZID=America/New_York:20261103T150000", organizer=";CN=Sam Lee:mailto:sam.lee@acme.example",
    attendees=(
        f";CN={MY_NAME};PARTSTAT=ACCEPTED:mailto:{ME}",
        ";CN=Ana Lima:mailto:ana.lima@acme.example",
        ";CN=Raj Patel:mailto:raj.patel@acme.example",
    ),
    extra="DESCRIPTION:Role: Staff Engineer",
)

#: the same, organised from the candidate's own calendar: no recruiter known
NO_RECRUITER = FINAL_ROUND.replace("ORGANIZER;CN=Sam Lee:mailto:sam.lee@acme.example", f"ORGANIZER:mailto:{ME}")
