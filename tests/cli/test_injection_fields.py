"""Injection payloads over every field a stranger or a slip of the user's hand can fill —
interviewers' names, event titles and roles, remarks, IMAP folder names — on every
backend (Maildir, IMAP on Dovecot, Gmail and Outlook on their fakes): header values with
CR/LF, quotes, SQL, template syntax (``{{ }}``, ``{% %}``) and path traversal. Nothing
escapes its field: no header is added, every note goes to its one interviewer, no
template is evaluated, the state keeps its tables, no file is written outside the
mailbox, and no IMAP command is smuggled in through a folder name."""

from __future__ import annotations

import json
import re
import sqlite3
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.harness import microsoft
from tests.harness.calendars import ME, PANEL, vcalendar, vevent
from tests.harness.google import google_home
from tests.harness.home import Home
from tests.harness.mail_clients import ImapClient

NOW = "2026-11-25T18:00"
ESCAPE = Path("/tmp/mailflow-injection-escaped")
#: what a payload would leave behind if it escaped its field
EVALUATED = ("pwned", "root:x:")
#: (ICS parameter value of CN, the interviewer's address): names as payloads (RFC 6868 ^n, ^')
NAMES = (
    ('"Ana^nBcc: eve@evil.example"', "ana.lima@kestrel.example"),
    ('"Raj {{ \'pw\' ~ \'ned\' }} {% if true %}Patel{% endif %}"', "raj.patel@kestrel.example"),
    ('"Zoe\'); DROP TABLE messages;-- Muller"', "zoe.muller@kestrel.example"),
    ('"Tom ^\'Tommy^\' O\'Brien"', "tom.obrien@kestrel.example"),
    (f'"../../../..{ESCAPE}"', "leo.rossi@kestrel.example"),
)
SUMMARY = ("Interview with Kestrel Robotics {{ 'pw' ~ 'ned' }} {% include '/etc/passwd' %}"
           "\\nBcc: eve@evil.example '); DROP TABLE applications;-- ../../etc/passwd")
ROLE = "DESCRIPTION:Role: Data Engineer\\nX-Injected: yes \"quoted\" '); DROP TABLE people;-- ../../x"
#: remarks the user records: one with template syntax, one with everything else
REMARKS = {
    "raj.patel@kestrel.example": "we spoke of {{ 'pw' ~ 'ned' }} and {% include '/etc/passwd' %}",
    "tom.obrien@kestrel.example": ("we spoke of the pipeline\r\nBcc: eve@evil.example '); DROP TABLE messages;-- "
                                   "\"quoted\" ../../../etc/passwd"),
}
#: notes that must be written; the others are written, or refused by the proofreader with a problem naming them
WRITTEN = {"ana.lima@kestrel.example", "tom.obrien@kestrel.example", "leo.rossi@kestrel.example"}
ALLOWED = {"from", "to", "cc", "subject", "date", "message-id", "x-mailflow-key", "mime-version",
           "content-type", "content-transfer-encoding", "in-reply-to", "references", "reply-to", "x-mailflow"}


def calendar(me: str) -> str:
    return vcalendar(vevent(
        "kestrel-1@kestrel.example", SUMMARY, ";TZID=America/New_York:20261124T140000",
        ";TZID=America/New_York:20261124T153000",
        organizer=";CN=\"Sam'); DELETE FROM messages;--\":mailto:sam.lee@kestrel.example",
        attendees=(f";CN=Alex Candidate;PARTSTAT=ACCEPTED:mailto:{me}",
                   *(f";CN={name}:mailto:{address}" for name, address in NAMES)),
        extra=ROLE,
    ))


def run_with_a_remark(home: Home, me: str) -> dict:
    ESCAPE.unlink(missing_ok=True)
    home.calendar.write_text(calendar(me), encoding="utf-8")
    scan = json.loads(home.cli("scan", "--json", "--now", NOW).output)
    (interview,) = [e for e in scan["events"] if e["interview"] and "kestrel" in e["source"] or
                    e["interview"] and e["uid"] == "kestrel-1@kestrel.example"]
    for who, remark in REMARKS.items():
        said = home.cli("remark", interview["id"], "--by", who, remark, "--now", NOW)
        assert said.exit_code == 0, said.output
    result = home.cli("run", "--json", "--now", NOW)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    report = json.loads(result.output)
    for draft in report["drafts"]:
        if "kestrel" in draft["to"] and not draft["written"]:  # refused: said so, naming the note
            assert draft["to"] not in WRITTEN, draft
            assert any(draft["to"] in p["what"] for p in report["problems"]), report["problems"]
    return report


def check_notes(home: Home, notes: list[tuple[list[str], str, list[str], str]]) -> None:
    """``notes``: (recipients, subject, header names, body) of each note written."""
    addresses = {address for _, address in NAMES}
    assert {to[0] for to, *_ in notes if len(to) == 1} >= WRITTEN, notes
    for to, subject, headers, body in notes:
        assert len(to) == 1 and to[0] in addresses, to  # one note, one interviewer
        assert "\n" not in subject and "\r" not in subject, subject
        assert {h.lower() for h in headers} <= ALLOWED, headers
        for text in (subject, body):
            for trace in EVALUATED:
                assert trace not in text, (trace, text)
        lines = body.replace("\r\n", "\n").split("\n")
        assert not [x for x in lines if x.startswith(("Bcc:", "X-Injected:"))], body  # words, never a header
    tom = next(body for to, _, _, body in notes if to == ["tom.obrien@kestrel.example"])
    assert "the pipeline" in tom  # the remark is there, as words
    assert not ESCAPE.exists()
    with sqlite3.connect(home.root / "state.db") as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"messages", "applications"} <= tables
    status = home.cli("status", "--json", "--now", NOW)
    assert status.exit_code == 0, status.output
    assert any("Kestrel" in a["company"] for a in json.loads(status.output)["applications"])
    outside = [p for p in home.root.rglob("*") if p.is_file() and "xdg" not in p.parts
               and not any(part in ("drafts", "sent", "inbox") for part in p.parts)
               and p.name not in ("config.toml", "calendar.ics", "google-token.json", "msal-cache.json")
               and not p.name.startswith("state.db") and p.suffix != ".pem"]
    assert outside == [], outside


def from_mime(messages: list[EmailMessage]) -> list[tuple[list[str], str, list[str], str]]:
    out = []
    for m in messages:
        if isinstance(m, bytes):
            m = message_from_bytes(m, policy=policy.default)
        to = [a.addr_spec.lower() for a in m["To"].addresses]
        body = m.get_body(preferencelist=("plain",)).get_content()
        out.append((to, str(m["Subject"]), list(m.keys()), body))
    return out


def test_payloads_stay_in_their_fields_on_a_maildir(home):
    run_with_a_remark(home, ME)
    check_notes(home, from_mime([message_from_bytes(p.read_bytes(), policy=policy.default)
                                 for p in sorted((home.root / "drafts").rglob("*")) if p.is_file()]))


def test_payloads_stay_in_their_fields_on_imap(home, dovecot):
    account = ImapClient.new(dovecot)
    home.write_config(mail=account.mail_config())
    run_with_a_remark(home, ME)
    check_notes(home, from_mime(account.drafts()))


def test_payloads_stay_in_their_fields_on_gmail(google, tmp_path):
    home = google_home(tmp_path, google, ics=True)
    run_with_a_remark(home, "me@example.com")
    check_notes(home, from_mime([m.parsed for m in google.draft_messages()
                                 if "kestrel" in m.header("To")]))


def test_payloads_stay_in_their_fields_on_outlook(graph, tmp_path):
    home = Home(tmp_path)
    home.write_config(mail=microsoft.outlook_mail(graph), profile=microsoft.PROFILE)
    microsoft.auth_outlook(home, graph)
    run_with_a_remark(home, "me@example.com")
    notes = []
    for m in graph.messages.values():
        if m.folder != "drafts":
            continue
        to = [r["emailAddress"]["address"].lower() for r in m.data.get("toRecipients") or []]
        headers = ["to", "subject", *(h["name"] for h in m.headers)]
        notes.append((to, m.data.get("subject", ""), headers, m.data["body"]["content"]))
    check_notes(home, notes)


@pytest.mark.parametrize("folder", [
    'Drafts"\r\nA1 DELETE INBOX\r\nA2 SELECT "Drafts',
    'Drafts" (\\Deleted) {5}',
    "../../../etc",
    "Drafts'); DROP TABLE messages;--",
    "{{ 'pw' ~ 'ned' }}",
])
def test_an_imap_folder_name_is_one_folder_or_refused_never_a_command(home, dovecot, folder):
    account = ImapClient.new(dovecot)
    account.receive("ana.lima@kestrel.example", "Hello", "2026-11-25T09:00")
    mail = re.sub(r'drafts_folder = ".*"', lambda _: f"drafts_folder = {json.dumps(folder)}", account.mail_config())
    assert json.dumps(folder) in mail
    home.write_config(mail=mail)
    home.write_calendar(PANEL)
    result = home.cli("run", "--json", "--now", NOW)
    assert "Traceback" not in result.output
    with account.connect() as conn:
        typ, listing = conn.list()
        assert typ == "OK"
        names = [line.decode() for line in listing if line]
    with account.connect() as conn:
        assert any(n.endswith(' INBOX') or n.endswith(' "INBOX"') for n in names), names
        assert conn.select("INBOX", readonly=True)[1][0] == b"1"  # the mail in it is still there
    assert len(names) <= 3, names  # INBOX, Sent, and at most the one folder asked for
    if result.exit_code == 0:  # one folder of that very name, holding the three notes
        (made,) = [n for n in names if "INBOX" not in n and "\\Sent" not in n]
        wire = made.split(' "/" ', 1)[1]  # the name as the server quotes it
        with account.connect() as conn:
            typ, count = conn.select(wire, readonly=True)
        assert (typ, count) == ("OK", [b"3"]), (made, typ, count)
    else:  # refused, saying which setting and why
        assert "drafts_folder" in result.output, result.output
