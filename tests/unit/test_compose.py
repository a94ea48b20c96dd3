"""Templates -> messages: headers, encodings, no injection, strict variables."""

from __future__ import annotations

import email
from datetime import datetime
from email import policy
from zoneinfo import ZoneInfo

import pytest

from mailflow.compose import Composer
from mailflow.model import message_key
from mailflow.config import loads
from mailflow.errors import TemplateError
from mailflow.model import ThreadRef

CONFIG = loads('[profile]\nname = "Zoë O\'Brien-Núñez"\nemail = "zoe@candidate.example"\nsignature = "Zoë"\n')
WHEN = datetime(2026, 11, 3, 18, tzinfo=ZoneInfo("UTC"))


def context(**overrides):
    base = {
        "me": {"name": "Zoë", "first_name": "Zoë", "email": "zoe@candidate.example", "signature": "Zoë"},
        "interviewer": {"name": "José Álvarez", "first_name": "José", "email": "jose@acme.example"},
        "company": "Acme", "role": "Engineer",
        "interview": {"weekday": "Tuesday", "date": "Tuesday, November 3", "when": "today", "id": "abc123",
                      "title": "t", "start": WHEN.isoformat(), "video": False},
        "remark": "we ship daily", "placeholder": "[x]", "strength": "", "amplify": "",
        "links": [], "promised": "", "availability": "",
        "subject": "Thank you, José - Engineer interview at Acme",
        "opening": "Thank you for taking the time to speak with me today about the Engineer role at Acme.",
        "remark_line": 'I keep thinking about what you said: "we ship daily".', "strength_line": "",
        "amplify_line": "", "extras": "", "sign_off": "Best regards",
        "closing": "I remain very interested in the Engineer role and in joining Acme; please let me know if I can "
                   "provide anything else.",
    }
    base.update(overrides)
    return base


def roundtrip(msg):
    return email.message_from_bytes(msg.as_bytes(), policy=policy.default)


def test_message_has_the_headers_a_mail_client_needs():
    key = message_key("thank_you", "abc123", "jose@acme.example")
    msg = roundtrip(Composer(CONFIG).build("thank_you", context(), key=key, to=("José Álvarez", "jose@acme.example"), date=WHEN))
    assert msg["X-Mailflow-Key"] == key
    assert msg["Message-ID"] == f"<mailflow.{key}@candidate.example>"
    assert msg["To"].addresses[0].display_name == "José Álvarez"
    assert msg["From"].addresses[0].display_name == "Zoë O'Brien-Núñez"
    assert msg["Date"].datetime == WHEN
    assert msg.get_content_type() == "text/plain"
    assert 'I keep thinking about what you said: "we ship daily".' in msg.get_content()


def test_non_ascii_names_are_encoded_on_the_wire():
    raw = Composer(CONFIG).build("thank_you", context(), key="k", to=("José Álvarez", "jose@acme.example"), date=WHEN).as_bytes()
    headers = raw.split(b"\n\n", 1)[0]
    assert b"=?utf-8?" in headers
    headers.decode("ascii")  # nothing but ASCII in the header block


@pytest.mark.parametrize("evil", ["Ana\r\nBcc: victim@evil.example", "Ana\nBcc: victim@evil.example", "Ana\rBcc: x@y"])
def test_crlf_in_a_name_or_title_adds_no_header(evil):
    composer = Composer(CONFIG)
    msg = composer.build("thank_you", context(company=evil, role=evil), key="k", to=(evil, "ana@acme.example"), date=WHEN)
    parsed = roundtrip(msg)
    assert parsed["Bcc"] is None
    assert [k.lower() for k in parsed.keys()].count("bcc") == 0
    assert "\n" not in str(parsed["Subject"]) and "\r" not in str(parsed["To"])


def test_reply_threads_with_in_reply_to_references_and_same_subject():
    thread = ThreadRef(message_id="<orig@x.example>", subject="Thank you - Engineer interview at Acme",
                       references=("<earlier@x.example>",))
    msg = Composer(CONFIG).build("follow_up", {**context(), "contact": context()["interviewer"], "thread_subject": thread.subject,
                                              "timeline": "", "timeline_date": "", "number": 1}, key="k2", to=("José", "jose@acme.example"), date=WHEN, reply_to=thread)
    assert msg["In-Reply-To"] == "<orig@x.example>"
    assert msg["References"] == "<earlier@x.example> <orig@x.example>"
    assert msg["Subject"] == "Re: Thank you - Engineer interview at Acme"


def test_undefined_variable_names_template_and_variable(tmp_path):
    (tmp_path / "thank_you.txt").write_text("Subject: Hi {{ interviewer.first_name }}\n\nHello {{ hobby }}\n")
    config = loads(f'[templates]\npath = "{tmp_path}"\n[profile]\nemail = "a@b.example"\n')
    with pytest.raises(TemplateError) as err:
        Composer(config).render("thank_you", context())
    assert "thank_you.txt" in str(err.value) and "'hobby' is undefined" in str(err.value)


def test_user_template_overrides_the_shipped_one(tmp_path):
    (tmp_path / "thank_you.txt").write_text("Subject: Merci {{ interviewer.first_name }}\n\nMerci !\n")
    config = loads(f'[templates]\npath = "{tmp_path}"\n')
    rendered = Composer(config).render("thank_you", context())
    assert rendered.subject == "Merci José" and rendered.body == "Merci !"


def test_template_without_subject_line_is_an_error(tmp_path):
    (tmp_path / "thank_you.txt").write_text("Hello\n")
    config = loads(f'[templates]\npath = "{tmp_path}"\n')
    with pytest.raises(TemplateError, match="Subject"):
        Composer(config).build("thank_you", context(), key="k", to=("A", "a@b.example"), date=WHEN)
    assert Composer(config).render("thank_you", context()).body == "Hello"  # a note without a subject renders
