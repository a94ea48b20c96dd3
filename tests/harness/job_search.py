"""A small job search for the outcome, debrief and LinkedIn tests: five companies
interviewed this week, in a ``Home`` whose commands run at ``NOW`` unless told
otherwise, with a sent Maildir (what a mail client files sent drafts into)."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from tests.harness.calendars import ME, vevent
from tests.harness.home import Home, maildir

#: a Thursday evening in New York; every interview below is over by then
NOW = "2026-03-12T18:00:00-04:00"


def _event(uid: str, summary: str, day_start: str, day_end: str, role: str, organizer: tuple[str, str],
           people: tuple[tuple[str, str], ...]) -> str:
    return vevent(
        f"{uid}@world.example", summary,
        f";TZID=America/New_York:{day_start}", f";TZID=America/New_York:{day_end}",
        organizer=f";CN={organizer[0]}:mailto:{organizer[1]}",
        attendees=(f";CN=Alex Candidate;PARTSTAT=ACCEPTED:mailto:{ME}",
                   *(f";CN={name};PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:{address}" for name, address in people)),
        extra=f"DESCRIPTION:Role: {role}",
    )


#: one interview per company; the main contact of each is found a different way
EVENTS = (
    # organizer on the company's domain, not an attendee: the contact, named from the address
    _event("acme-onsite", "Acme - Onsite panel interview", "20260310T140000", "20260310T153000",
           "Senior Backend Engineer", ("Sam Lee", "sam.lee@acme.example"),
           (("Ana Lima", "ana.lima@acme.example"), ("Zoë Müller", "zoe.muller@acme.example"))),
    # the organizer is the only person: interviewer and contact
    _event("globex-screen", "Phone screen: Globex", "20260311T100000", "20260311T103000",
           "Platform Engineer", ("María García", "maria.garcia@globex.example"), ()),
    # scheduled through a tracking system: the first interviewer is the contact
    _event("initech-tech", "Technical interview - Initech", "20260309T110000", "20260309T120000",
           "Site Reliability Engineer", ("Initech Recruiting", "no-reply@greenhouse.io"),
           (("Tom O'Brien", "tom.obrien@initech.example"),)),
    # a recruiter organised it and an engineer interviewed
    _event("umbrella-hm", "Interview with Umbrella", "20260311T130000", "20260311T140000",
           "Data Engineer", ("Rita Moss", "rita.moss@umbrella.example"),
           (("Rita Moss", "rita.moss@umbrella.example"), ("Ken Ito", "ken.ito@umbrella.example"))),
    # you organised it; the contact comes from [companies."Hooli"]
    _event("hooli-hm", "Hooli - hiring manager interview", "20260312T090000", "20260312T100000",
           "Staff Engineer", ("Alex Candidate", ME), (("Priya Nair", "priya.nair@hooli.example"),)),
)

PROFILE = f'''\
[profile]
name = "Alex Candidate"
email = "{ME}"
signature = """
Alex Candidate
+1 555 0100"""
'''

HOOLI = '''
[companies."Hooli"]
contact = "talent@hooli.example"
contact_name = "Jordan Reyes"
'''


def job_search(root: Path, *, policy: str = "", extra: str = "", mail: str = maildir(sent="sent")) -> Home:
    """The five interviews in a home at ``root``, its commands at ``NOW``; ``policy``
    adds lines to ``[policy]``, ``extra`` sections after it, ``mail`` replaces the
    Maildir (drafts, and sent mail filed in ``sent``)."""
    home = Home(root, now=NOW)
    home.write_calendar(*EVENTS)
    home.write_config(f"{policy}\n{HOOLI}{extra}", profile=PROFILE, mail=mail)
    return home


def by_kind(messages: list[EmailMessage], kind: str) -> list[EmailMessage]:
    return [m for m in messages if str(m["X-Mailflow-Key"]).startswith(kind + ".")]


def recipients(messages: list[EmailMessage]) -> set[str]:
    return {m["To"].addresses[0].addr_spec for m in messages}
