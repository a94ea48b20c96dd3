"""Five `mailflow run`s started at once on one home (cron, a second crontab line, a user
typing it, twice): one does the work, the others end at once saying another run holds
the lock, or find nothing left to do; no note is written twice and the state says
exactly what the mailbox holds. On a Maildir and on a real IMAP server."""

from __future__ import annotations

import collections
import json

import pytest

from tests.harness.calendars import ME, vcalendar, vevent
from tests.harness.home import Home
from tests.harness.mail_clients import ImapClient

NOW = "2026-11-25T18:00"
COMPANIES = ("Acme", "Globex", "Initech", "Hooli", "Umbrella", "Vandelay")
PEOPLE = (("Ana", "Lima"), ("Raj", "Patel"), ("Zoe", "Muller"))


def six_interviews() -> str:
    """Six interviews on Mon 23 and Tue 24 Nov, three interviewers each: 18 notes due at ``NOW``."""
    events = []
    for i, company in enumerate(COMPANIES):
        domain = f"{company.lower()}.example"
        day, hour = 23 + i % 2, 9 + i
        events.append(vevent(
            f"iv-{i}@{domain}", f"Interview with {company}", f";TZID=America/New_York:202611{day}T{hour:02d}0000",
            f";TZID=America/New_York:202611{day}T{hour:02d}4500",
            organizer=f";CN=Recruiter {company}:mailto:jobs@{domain}",
            attendees=(f";CN=Alex Candidate;PARTSTAT=ACCEPTED:mailto:{ME}",
                       *(f";CN={a} {b}:mailto:{a.lower()}.{b.lower()}@{domain}" for a, b in PEOPLE)),
            extra=f"DESCRIPTION:Role: Engineer at {company}",
        ))
    return vcalendar(*events)


def five_at_once(home: Home) -> list[dict]:
    children = [home.start("run", "--json", "--now", NOW) for _ in range(5)]
    outcomes = [child.wait() for child in children]
    for o in outcomes:
        assert o.exit == 0 and o.crash() is None and not o.timed_out, (o.exit, o.stderr[-2000:])
    return [o.json() for o in outcomes]


def check(home: Home, reports: list[dict], keys: list[str]) -> None:
    assert len(keys) == 18 and len(set(keys)) == 18, collections.Counter(keys).most_common(3)
    written = collections.Counter(d["key"] for r in reports for d in r.get("drafts", []) if d.get("written"))
    assert set(written) == set(keys) and set(written.values()) == {1}, written
    worked = [r for r in reports if not r.get("skipped_run")]
    assert worked, "no run did the work"
    for r in reports:
        if r.get("skipped_run"):
            assert "another" in r["skipped_run"] or "running" in r["skipped_run"], r["skipped_run"]
        else:
            assert not r.get("problems"), r["problems"]
    status = json.loads(home.cli("status", "--json", "--now", NOW).output)
    states = {m["key"]: m["status"] for a in status["applications"] for m in a["messages"]}
    assert states == {k: "draft" for k in keys}


def test_five_runs_at_once_on_a_maildir_write_each_note_once(home):
    home.write_calendar(six_interviews())
    reports = five_at_once(home)
    check(home, reports, home.draft_keys())
    again = home.cli("run", "--json", "--now", NOW)
    assert again.exit_code == 0 and not [d for d in json.loads(again.output)["drafts"] if d["written"]]


@pytest.mark.usefixtures("dovecot")
def test_five_runs_at_once_on_imap_write_each_note_once(home, dovecot):
    account = ImapClient.new(dovecot)
    home.write_config(mail=account.mail_config())
    home.write_calendar(six_interviews())
    reports = five_at_once(home)
    check(home, reports, [str(m["X-Mailflow-Key"]) for m in account.drafts()])
