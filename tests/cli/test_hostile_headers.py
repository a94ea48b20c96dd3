"""A stranger's invite cannot add a header to a draft: not through a name, a title,
an address or an encoded word, on any Python version; an address that is not one plain
address is left out, and the warning names the event."""

from __future__ import annotations

import email
import json
import unicodedata
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest

from tests.harness.calendars import ME, vevent
from mailflow.compose import Composer, verify_headers
from mailflow.config import loads
from mailflow.errors import TemplateError
from mailflow.model import ThreadRef
from mailflow.untrusted import header_text, one_line, plain_address, printable

CONFIG = loads('[profile]\nname = "Alex"\nemail = "alex@candidate.example"\nsignature = "Alex"\n')
WHEN = datetime(2026, 11, 3, 18, tzinfo=ZoneInfo("UTC"))
NOW = "2026-11-25T18:00"

#: display names and titles that try to smuggle a Bcc into the header block
PAYLOADS = [
    "=?utf-8?q?Bob=0D=0ABcc:_eve@evil.example?=",
    "=?utf-8?Q?Bob=0ABcc:_eve@evil.example?=",
    "=?utf-8?b?Qm9iDQpCY2M6IGV2ZUBldmlsLmV4YW1wbGU=?=",
    "=?iso-8859-1?q?Bob=0D=0ABcc=3A_eve=40evil=2Eexample?=",
    "Bob =?utf-8?q?=0D=0A?=Bcc: eve@evil.example",
    "=?utf-8?q?=3D=3Futf-8=3Fq=3FBob=3D0A=3DBcc=3A=3Feve=40evil.example=3F=3D?=",
    "Bob\r\nBcc: eve@evil.example",
    "Bob\nBcc: eve@evil.example",
    "Bob\x85Bcc: eve@evil.example",
    "Bob\u2028Bcc: eve@evil.example",
    "Bob\u2029Bcc: eve@evil.example",
    "Bob\x0bBcc: eve@evil.example",
    "Bob\x1cBcc: eve@evil.example",
    "Bob\x00Bcc: eve@evil.example",
]


def context(**overrides):
    base = {
        "me": {"name": "Alex", "first_name": "Alex", "email": "alex@candidate.example", "signature": "Alex"},
        "interviewer": {"name": "Bob", "first_name": "Bob", "email": "bob@acme.example"},
        "company": "Acme", "role": "Engineer",
        "interview": {"weekday": "Tuesday", "date": "Tuesday, 3 November", "when": "on Tuesday", "id": "abc123",
                      "title": "t", "start": WHEN.isoformat(), "video": False},
        "remark": "we ship daily", "placeholder": "[x]", "strength": "", "amplify": "",
        "links": [], "promised": "", "availability": "", "timeline_by": "",
        "remark_line": 'I keep thinking about what you said: "we ship daily".', "strength_line": "",
        "amplify_line": "", "extras": "", "sign_off": "Best regards",
    }
    base.update(overrides)
    # the sentences carry the calendar's text into the subject and the body, as compose.letters makes them
    base.setdefault("subject", f"Thank you, Bob - {base['role']} interview at {base['company']}")
    base.setdefault("opening", f"Thank you for speaking with me about the {base['role']} role at {base['company']}.")
    base.setdefault("closing", f"I remain very interested in joining {base['company']}.")
    return base


def header_names(raw: bytes) -> list[str]:
    return [k.lower() for k in email.message_from_bytes(raw, policy=policy.default).keys()]


@pytest.mark.parametrize("evil", PAYLOADS)
def test_no_payload_adds_a_header_through_the_name_subject_or_company(evil):
    msg = Composer(CONFIG).build("thank_you", context(company=evil, role=evil), key="thank_you.1",
                                 to=(evil, "bob@acme.example"), date=WHEN)
    raw = msg.as_bytes()
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert "bcc" not in header_names(raw)
    assert [a.addr_spec for a in parsed["To"].addresses] == ["bob@acme.example"]
    for line in raw.split(b"\n\n", 1)[0].split(b"\n"):
        assert not line.lower().startswith(b"bcc"), line


@pytest.mark.parametrize("evil", PAYLOADS)
def test_header_text_leaves_one_line_with_nothing_to_decode(evil):
    text = header_text(evil)
    assert "=?" not in text
    assert not any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text)


def test_a_reply_ignores_thread_ids_that_are_not_message_ids():
    thread = ThreadRef(message_id="<ok@x.example>\r\nBcc: eve@evil.example", subject="Thank you",
                       references=("<a@x.example>", "not an id", "<b@x.example> <c@x.example>"))
    msg = Composer(CONFIG).build(
        "follow_up", {**context(), "contact": context()["interviewer"], "thread_subject": "Thank you",
                      "timeline": "", "timeline_date": "", "number": 1},
        key="k2", to=("Bob", "bob@acme.example"), date=WHEN, reply_to=thread)
    raw = msg.as_bytes()
    assert "bcc" not in header_names(raw)
    assert msg["In-Reply-To"] is None  # the id given is not one: no In-Reply-To rather than a bad one
    assert str(msg["References"]) == "<a@x.example>"


def test_a_message_whose_headers_would_not_read_back_is_refused():
    # a header value put in raw, past the email package's checks, as a careless caller
    # could: a Python without the CVE-2024-6923 fix writes the Bcc line, one with it
    # refuses to write the message; either way mailflow drafts nothing
    msg = EmailMessage()
    msg["From"] = "alex@candidate.example"
    msg["To"] = Address(display_name="Bob", addr_spec="bob@acme.example")
    msg.set_raw("Subject", "hi\nBcc: eve@evil.example")
    msg.set_content("x\n")
    with pytest.raises(TemplateError, match="not drafted|cannot be written"):
        verify_headers(msg)


@pytest.mark.parametrize("value, expected", [
    ("mailto:Bob@Acme.example", "bob@acme.example"),
    ("bob@acme.example", "bob@acme.example"),
    ("mailto:a@b@c.example", None),
    ("mailto:\x00@x.example", None),
    ("Sam Lee <sam@acme.example>", None),
    ("evil@evil.example;partstat=accepted;role=x:mailto:bob@acme.example", None),
    ("a@b.example, c@d.example", None),
    ("bob@acme.example\r\nBcc: eve@evil.example", None),
    ("=?utf-8?q?x?=@acme.example", None),
    ("bob", None),
    ("", None),
    ("bob@", None),
    ("@acme.example", None),
    ("bob@acme..example", None),
])
def test_plain_address_accepts_only_one_plain_address(value, expected):
    assert plain_address(value) == expected


def test_terminal_text_has_no_escape_sequences_or_line_breaks():
    title = "Interview\x1b[2J\x1b]0;pwned\x07 with \u202eAcme\r\nBcc: x"
    assert printable(title) == "Interview with Acme  Bcc: x"
    assert one_line(title) == "Interview with Acme"


# ---- end to end: an invite with a hostile attendee ------------------------------------------------

HOSTILE = vevent(
    "hostile-1@acme.example", "Acme — Onsite interview", ";TZID=America/New_York:20261124T140000",
    ";TZID=America/New_York:20261124T153000", organizer=";CN=Sam Lee:mailto:sam.lee@acme.example",
    attendees=(
        f";CN=Alex Candidate;PARTSTAT=ACCEPTED:mailto:{ME}",
        ';CN="=?utf-8?q?Bob_Ray=0D=0ABcc:_eve@evil.example?=":mailto:bob.ray@acme.example',
        ";CN=Ana Lima:mailto:ana.lima@acme.example",
        ";CN=Odd:mailto:a@b@c.example",
        ";CN=Nul:mailto:\x00@x.example",
    ),
    extra="ORGANIZER;CN=Second Organizer:mailto:second@acme.example\nDESCRIPTION:Role: Data Engineer",
)


def test_a_hostile_invite_gets_its_notes_drafted_without_a_smuggled_header(home):
    home.write_calendar(HOSTILE)
    result = home.cli("run", "--now", NOW)
    assert result.exit_code == 0, result.output
    drafts = home.drafts()
    recipients = sorted(str(m["To"]).split("<")[-1].rstrip(">") for m in drafts)
    assert recipients == ["ana.lima@acme.example", "bob.ray@acme.example"]
    for message in drafts:
        raw = message.as_bytes()
        parsed = email.message_from_bytes(raw, policy=policy.default)
        assert "bcc" not in header_names(raw)
        assert len(parsed["To"].addresses) == 1
    bob = next(m for m in drafts if "bob.ray" in str(m["To"]))
    assert email.message_from_bytes(bob.as_bytes(), policy=policy.default)["To"].addresses[0].display_name == "Bob Ray"
    assert "\x1b" not in result.output and "eve@evil.example" not in result.output


# ---- odd addresses and names are left out, and said ----------------------------------------


def test_odd_addresses_and_crafted_names_are_left_out_with_a_warning_naming_the_event(home):
    home.write_calendar(vevent(
        "odd-1", "Interview with Acme", ":20261109T150000Z", ":20261109T160000Z",
        organizer=";CN=Ana Lima:mailto:ana@acme.example",
        attendees=(
            ";CN=Raj Patel:mailto:raj@acme.example?subject=hi", ":mailto:a@b@c.example", ":tel:+15550100",
            ";CN=Nobody:", ";CN=Eve^nBcc: victim@evil.example:mailto:eve@acme.example",
            ';CN="Bo^\'";ROLE=CHAIR;X-EVIL=1:mailto:bo@acme.example', ";CN=Cy Doe;PARTSTAT=ACCEPTED:mailto:cy@acme.example",
        ),
        extra="ORGANIZER;CN=Mallory:mailto:mallory@evil.example\nORGANIZER:mailto:",
    ))
    result = home.cli("scan", "--json", "--now", "2026-11-10T18:00")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    (event,) = [e for e in report["events"] if e["uid"] == "odd-1"]
    assert event["interview"]
    people = {p["email"]: p["name"] for p in event["interviewers"]}
    # an unquoted name with a colon ends at it: Eve's line holds no plain address at all
    assert people == {"bo@acme.example": "Bo", "cy@acme.example": "Cy Doe"}
    (warning,) = [w for w in report["warnings"] if "not a single plain address" in w]
    assert warning.startswith("event 'Interview with Acme': addresses are not a single plain address")
    assert "'mailto:raj@acme.example?subject=hi'" in warning and "and 2 more" in warning
