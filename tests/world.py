"""A small job search for the outcome, debrief and LinkedIn tests: five companies
interviewed this week, an ICS calendar, a Maildir for drafts and a state database,
all under the test's tmp_path, driven through the real command line (on the
``conftest.Home`` setup)."""

from __future__ import annotations

import email
import mailbox
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

from conftest import ME, Home, vevent

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

MAILDIR = """
[mail]
backend = "maildir"

[mail.maildir]
path = "drafts"
sent = "sent"
"""

CONFIG = '''
[profile]
name = "Alex Candidate"
email = "{me}"
signature = """
Alex Candidate
+1 555 0100"""

[[calendars]]
type = "ics"
path = "calendar.ics"

{mail}

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


class World(Home):
    """The tmp_path job search, with a sent Maildir (what a mail client files
    sent drafts into) and a command line bound to a fixed time."""

    def __init__(self, root: Path, *, policy: str = "", extra: str = "", mail: str = MAILDIR):
        super().__init__(root)
        self.sent = root / "sent"
        self.write_calendar(*EVENTS)
        self.config.write_text(CONFIG.format(me=ME, policy=policy, extra=extra, mail=mail), encoding="utf-8")
        # keep the log out of the real home; $VISUAL would win over the test's $EDITOR
        self.env = {"XDG_STATE_HOME": str(root / "xdg-state"), "MAILFLOW_NOW": None, "VISUAL": None}

    def cli(self, *args: str, now: str = NOW, env: dict | None = None, input: str | None = None):
        """``mailflow --config ... ARGS --now NOW``."""
        return super().cli(*args, "--now", now, env={**self.env, **(env or {})}, input=input)

    def drafts_in(self, folder: Path | None = None) -> list[EmailMessage]:
        """Every message in a Maildir (default: the drafts), parsed."""
        box = mailbox.Maildir(folder or self.drafts_path, factory=None, create=False)
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
