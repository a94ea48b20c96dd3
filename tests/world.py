"""A small job search for the outcome, debrief and LinkedIn tests: five companies
interviewed this week, an ICS calendar, a Maildir for drafts and a state database,
all under the test's tmp_path, driven through the real command line."""

from __future__ import annotations

import email
import mailbox
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

from click.testing import CliRunner

from mailflow.cli import main

#: a Thursday evening in New York; every interview below is over by then
NOW = "2026-03-12T18:00:00-04:00"
ME = "alex@candidate.example"

_EVENT = """BEGIN:VEVENT
UID:{uid}@world.example
DTSTAMP:20260301T000000Z
DTSTART;TZID=America/New_York:{start}
DTEND;TZID=America/New_York:{end}
SUMMARY:{summary}
DESCRIPTION:{description}
ORGANIZER;CN={organizer_name}:mailto:{organizer}
ATTENDEE;CN=Alex Candidate;PARTSTAT=ACCEPTED:mailto:alex@candidate.example
{attendees}END:VEVENT
"""

#: company -> the event; the main contact of each is found a different way
EVENTS = {
    # organizer on the company's domain, not an attendee: the contact, named from the address
    "Acme": dict(uid="acme-onsite", start="20260310T140000", end="20260310T153000",
                 summary="Acme - Onsite panel interview", description="Role: Senior Backend Engineer",
                 organizer_name="Sam Lee", organizer="sam.lee@acme.example",
                 people=[("Ana Lima", "ana.lima@acme.example"), ("Zoë Müller", "zoe.muller@acme.example")]),
    # the organizer is the only person: interviewer and contact
    "Globex": dict(uid="globex-screen", start="20260311T100000", end="20260311T103000",
                   summary="Phone screen: Globex", description="Role: Platform Engineer",
                   organizer_name="María García", organizer="maria.garcia@globex.example", people=[]),
    # scheduled through a tracking system: the first interviewer is the contact
    "Initech": dict(uid="initech-tech", start="20260309T110000", end="20260309T120000",
                    summary="Technical interview - Initech", description="Role: Site Reliability Engineer",
                    organizer_name="Initech Recruiting", organizer="no-reply@greenhouse.io",
                    people=[("Tom O'Brien", "tom.obrien@initech.example")]),
    # a recruiter organised it and an engineer interviewed
    "Umbrella": dict(uid="umbrella-hm", start="20260311T130000", end="20260311T140000",
                     summary="Interview with Umbrella", description="Role: Data Engineer",
                     organizer_name="Rita Moss", organizer="rita.moss@umbrella.example",
                     people=[("Rita Moss", "rita.moss@umbrella.example"), ("Ken Ito", "ken.ito@umbrella.example")]),
    # you organised it; the contact comes from [companies."Hooli"]
    "Hooli": dict(uid="hooli-hm", start="20260312T090000", end="20260312T100000",
                  summary="Hooli - hiring manager interview", description="Role: Staff Engineer",
                  organizer_name="Alex Candidate", organizer="alex@candidate.example",
                  people=[("Priya Nair", "priya.nair@hooli.example")]),
}

CONFIG = '''
[profile]
name = "Alex Candidate"
email = "alex@candidate.example"
signature = """
Alex Candidate
+1 555 0100"""

[[calendars]]
type = "ics"
path = "calendar.ics"

[mail]
backend = "maildir"

[mail.maildir]
path = "drafts"
sent = "sent"

[state]
path = "state.db"

[policy]
timezone = "America/New_York"
{policy}

[companies."Hooli"]
contact = "talent@hooli.example"
contact_name = "Jordan Reyes"
{extra}
'''


def write_calendar(path: Path, companies=EVENTS) -> None:
    events = []
    for spec in companies.values():
        attendees = "".join(
            f"ATTENDEE;CN={name};PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:{address}\n"
            for name, address in spec["people"]
        )
        events.append(_EVENT.format(attendees=attendees, **{k: v for k, v in spec.items() if k != "people"}))
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//mailflow tests//EN\n" + "".join(events) + "END:VCALENDAR\n",
        encoding="utf-8",
    )


class World:
    """The tmp_path job search and a command line bound to it."""

    def __init__(self, root: Path, *, policy: str = "", extra: str = ""):
        self.root = root
        self.config = root / "config.toml"
        self.drafts = root / "drafts"
        self.sent = root / "sent"
        write_calendar(root / "calendar.ics")
        self.config.write_text(CONFIG.format(policy=policy, extra=extra), encoding="utf-8")
        self.runner = CliRunner()
        self.env = {"XDG_STATE_HOME": str(root / "xdg-state"), "MAILFLOW_NOW": None, "VISUAL": None}

    def cli(self, *args: str, now: str = NOW, env: dict | None = None, input: str | None = None):
        """Run ``mailflow --config ... ARGS --now NOW``."""
        return self.runner.invoke(
            main, ["--config", str(self.config), *args, "--now", now],
            env={**self.env, **(env or {})}, input=input, catch_exceptions=False,
        )

    def drafts_in(self, folder: Path | None = None) -> list[EmailMessage]:
        """Every message in a Maildir, parsed."""
        box = mailbox.Maildir(folder or self.drafts, factory=None, create=False)
        return [email.message_from_bytes(box.get_bytes(k), policy=default_policy) for k in sorted(box.keys())]

    def load_config(self):
        from mailflow import config

        return config.load(self.config)

    def store(self):
        from mailflow.store import Store

        return Store(self.root / "state.db")

    def statuses(self) -> dict[str, str]:
        with self.store() as store:
            return {a.company: a.status for a in store.applications()}


def by_kind(messages: list[EmailMessage], kind: str) -> list[EmailMessage]:
    return [m for m in messages if str(m["X-Mailflow-Key"]).startswith(kind + ".")]


def recipients(messages: list[EmailMessage]) -> set[str]:
    return {m["To"].addresses[0].addr_spec for m in messages}
