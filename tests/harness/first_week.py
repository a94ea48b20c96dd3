"""A newcomer's first weeks: five companies, as a user names them ("kestrel",
"northwind"), with a recruiting coordinator who organised Kestrel's panel and sits on
it only as an optional attendee. Commands run at ``NOW`` unless told otherwise."""

from __future__ import annotations

from pathlib import Path

from tests.harness.calendars import ME, vevent
from tests.harness.home import Home

#: a Friday evening in New York; every interview below is over by then
NOW = "2026-12-04T18:00:00-05:00"

COORDINATOR = "dana.whitfield@kestrelrobotics.example"


def _event(uid: str, summary: str, start: str, end: str, organizer: tuple[str, str],
           people: tuple[str, ...], description: str = "") -> str:
    return vevent(
        f"{uid}@first-week.example", summary,
        f";TZID=America/New_York:{start}", f";TZID=America/New_York:{end}",
        organizer=f";CN={organizer[0]}:mailto:{organizer[1]}",
        attendees=(f";CN=Alex Candidate;PARTSTAT=ACCEPTED:mailto:{ME}", *people),
        extra=f"DESCRIPTION:{description}" if description else "",
    )


EVENTS = (
    # the coordinator organised the panel and is on it only as an optional attendee
    _event("kestrel-panel", "Kestrel Robotics — onsite panel interview", "20261203T100000", "20261203T120000",
           ("Dana Whitfield", COORDINATOR),
           (";CN=Sofia Lindqvist;ROLE=REQ-PARTICIPANT:mailto:sofia.lindqvist@kestrelrobotics.example",
            ";CN=Marcus Chen;ROLE=REQ-PARTICIPANT:mailto:marcus.chen@kestrelrobotics.example",
            f";CN=Dana Whitfield;ROLE=OPT-PARTICIPANT:mailto:{COORDINATOR}"),
           "Role: Controls Engineer"),
    _event("brightline-tech", "Technical interview - Brightline", "20261202T140000", "20261202T150000",
           ("Omar Haddad", "omar.haddad@brightline.example"),
           (";CN=Omar Haddad:mailto:omar.haddad@brightline.example",), "Role: Backend Engineer"),
    _event("northwind-hm", "Northwind Traders: hiring manager interview", "20261201T110000", "20261201T120000",
           ("Lena Fischer", "lena.fischer@northwindtraders.example"),
           (";CN=Lena Fischer:mailto:lena.fischer@northwindtraders.example",
            ";CN=Tariq Aziz:mailto:tariq.aziz@northwindtraders.example"), "Role: Data Engineer"),
    _event("northstar-screen", "Phone screen with Northstar Bank", "20261130T160000", "20261130T163000",
           ("Grace Obi", "grace.obi@northstarbank.example"),
           (";CN=Grace Obi:mailto:grace.obi@northstarbank.example",), "Role: Platform Engineer"),
    # a coordinator named as such in the description, beside the tracking system's organizer
    _event("lumen-onsite", "Lumen Health onsite interview", "20261204T090000", "20261204T110000",
           ("Lumen Recruiting", "no-reply@greenhouse.io"),
           (";CN=Ines Duarte:mailto:ines.duarte@lumenhealth.example",
            ";CN=Kofi Mensah:mailto:kofi.mensah@lumenhealth.example"),
           "Coordinator: Ines Duarte\\nRole: Staff Engineer"),
)


def first_week(root: Path, **config) -> Home:
    """The five interviews in a home at ``root``, its commands at ``NOW``."""
    home = Home(root, now=NOW)
    home.write_calendar(*EVENTS)
    home.write_config(**config)
    return home
