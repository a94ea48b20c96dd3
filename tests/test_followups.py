"""Follow-ups on the Maildir backend, as cron runs them week after week (F1-F5).

The user's mail client is played by the test: sending a draft removes it
from the drafts Maildir and files a copy dated when it left in the sent
Maildir; the company's answers arrive in the inbox Maildir.
"""

from __future__ import annotations

import json
import mailbox
from datetime import datetime
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from zoneinfo import ZoneInfo

import pytest

from conftest import ME, vevent

NY = ZoneInfo("America/New_York")
# Tue 3 Nov 2026, 14:00-15:00 New York: two interviewers; the recruiter organised it
PANEL = vevent(
    "final-1@acme.example", "Acme — Final round interview", ";TZID=America/New_York:20261103T140000",
    ";TZID=America/New_York:20261103T150000", organizer=";CN=Sam Lee:mailto:sam.lee@acme.example",
    attendees=(
        f";CN=Alex Candidate;PARTSTAT=ACCEPTED:mailto:{ME}",
        ";CN=Ana Lima:mailto:ana.lima@acme.example",
        ";CN=Raj Patel:mailto:raj.patel@acme.example",
    ),
    extra="DESCRIPTION:Role: Staff Engineer",
)
# the same, organised from the candidate's own calendar: no recruiter known
NO_RECRUITER = PANEL.replace("ORGANIZER;CN=Sam Lee:mailto:sam.lee@acme.example", f"ORGANIZER:mailto:{ME}")
AFTER = "2026-11-03T18:00"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=NY)


class Mail:
    """The user's mail client and the company's side of the conversation."""

    def __init__(self, home):
        self.home = home
        self.sent_path = home.root / "sent"
        self.inbox_path = home.root / "inbox"

    def drafts(self, kind: str = "") -> list[mailbox.MaildirMessage]:
        return [m for m in self.home.drafts() if str(m["X-Mailflow-Key"]).startswith(kind)]

    def send(self, kind: str, to: str, when: str) -> EmailMessage:
        """Send the draft of ``kind`` to ``to`` at ``when`` (New York time), as a client does."""
        box = mailbox.Maildir(self.home.drafts_path, create=False)
        (key,) = [k for k, m in box.items() if str(m["X-Mailflow-Key"]).startswith(kind) and to in str(m["To"])]
        sent = message_from_bytes(box.get_bytes(key), policy=email_policy.default)
        del sent["Date"]
        sent["Date"] = format_datetime(at(when))
        box.remove(key)
        if self.sent_path.exists() or self.uses_sent_folder:
            copy = mailbox.MaildirMessage(sent)
            copy.set_flags("S")
            mailbox.Maildir(self.sent_path, create=True).add(copy)
        return sent

    @property
    def uses_sent_folder(self) -> bool:
        return 'sent = "sent"' in self.home.config.read_text()

    def receive(self, sender: str, subject: str, when: str, body: str = "Thanks, Alex.", **headers) -> None:
        msg = EmailMessage()
        msg["From"] = sender
        msg["To"] = ME
        msg["Subject"] = subject
        msg["Date"] = format_datetime(at(when))
        msg["Message-ID"] = make_msgid(domain="mx.acme.example")
        for name, value in headers.items():
            msg[name.replace("_", "-")] = value
        msg.set_content(body)
        mailbox.Maildir(self.inbox_path, create=True).add(mailbox.MaildirMessage(msg))


def setup(home, *events: str, sent: bool = True, inbox: bool = True, extra: str = "") -> Mail:
    home.write_config(extra)
    folders = ('sent = "sent"\n' if sent else "") + ('inbox = "inbox"\n' if inbox else "")
    text = home.config.read_text().replace('path = "drafts"\n', 'path = "drafts"\n' + folders, 1)
    home.config.write_text(text)
    home.write_calendar(*(events or (PANEL,)))
    mail = Mail(home)
    if inbox:
        mailbox.Maildir(mail.inbox_path, create=True)
    return mail


def run(home, now: str) -> dict:
    result = home.cli("run", "--json", "--now", now)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def status(home, now: str) -> dict:
    data = json.loads(home.cli("status", "--json", "--now", now).output)
    return next(a for a in data["applications"] if a["company"] == "Acme")


def interview_id(home) -> str:
    scan = json.loads(home.cli("scan", "--json", "--now", AFTER).output)
    return next(e["id"] for e in scan["events"] if e["interview"])


def thank_and_send(home, mail: Mail, sent_on: str = "2026-11-04T09:00", after: str = AFTER) -> str:
    """The interview is over, its thank-yous are drafted and the user sends both
    (Raj's five minutes after Ana's)."""
    iv = interview_id(home)
    home.cli("remark", iv, "--by", "Ana Lima", "latency budgets are product decisions", "--now", after)
    home.cli("remark", iv, "--by", "Raj Patel", "on-call is shared by every team", "--now", after)
    run(home, after)
    assert len(mail.drafts("thank_you")) == 2
    mail.send("thank_you", "ana.lima@acme.example", sent_on)
    hour, minute = sent_on[-5:].split(":")
    mail.send("thank_you", "raj.patel@acme.example", f"{sent_on[:-5]}{hour}:{int(minute) + 5:02d}")
    return iv


def body(msg) -> str:
    return msg.get_payload(decode=True).decode("utf-8")


def counted_lines(text: str) -> list[str]:
    """Body lines between the greeting and the closing."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return lines[1:lines.index("Best regards,")]


# ---- no timeline: five business days after the thank-you was sent ------------------------

def test_without_a_timeline_two_follow_ups_seven_days_apart_then_cold(home):
    mail = setup(home)
    thank_and_send(home, mail, "2026-11-04T09:00")  # a Wednesday
    report = run(home, "2026-11-04T18:00")
    assert {(u["to"], u["change"]) for u in report["updates"] if "to" in u} == {
        ("ana.lima@acme.example", "sent"), ("raj.patel@acme.example", "sent")}
    acme = status(home, "2026-11-04T18:00")
    assert acme["follow_up"] == {
        "number": 1, "due": "2026-11-11", "to": "sam.lee@acme.example", "to_name": "Sam Lee",
        "why": "5 business days after the thank-you was sent on Wed 4 Nov 2026",
    }
    assert acme["timeline"] is None

    assert run(home, "2026-11-10T23:59")["drafts"] == []  # Thu, Fri, Mon, Tue: four
    first = run(home, "2026-11-11T07:00")["drafts"]
    assert [(d["kind"], d["to"], d["written"]) for d in first] == [("follow_up", "sam.lee@acme.example", True)]
    (draft,) = mail.drafts("follow_up")
    text = body(draft)
    assert text.startswith("Dear Sam,") and "Staff Engineer role at Acme" in text
    assert f"on {day(date(2026, 11, 3))}" in text and "mentioned" not in text
    assert len(counted_lines(text)) <= 4
    assert status(home, "2026-11-11T07:00")["follow_up"] is None  # the next waits for this one to be sent

    # left in the drafts for a week: the second is not due, the first is not rewritten
    assert run(home, "2026-11-18T09:00")["drafts"] == []
    assert len(mail.drafts("follow_up")) == 1
    mail.send("follow_up", "sam.lee@acme.example", "2026-11-18T10:30")  # Wednesday
    run(home, "2026-11-18T11:00")
    acme = status(home, "2026-11-18T11:00")
    assert acme["follow_up"]["number"] == 2 and acme["follow_up"]["due"] == "2026-11-25"
    assert acme["follow_up"]["why"] == "7 days after follow-up 1 was sent on Wed 18 Nov 2026: Wed 25 Nov 2026"
    assert run(home, "2026-11-24T23:00")["drafts"] == []
    second = run(home, "2026-11-25T08:00")["drafts"]
    assert [d["kind"] for d in second] == ["follow_up"]
    (draft,) = mail.drafts("follow_up")
    assert "Tuesday, 3 November" not in body(draft) and "remain very interested" in body(draft)

    mail.send("follow_up", "sam.lee@acme.example", "2026-11-25T09:00")
    run(home, "2026-11-25T10:00")
    acme = status(home, "2026-11-25T10:00")
    assert acme["follow_up"] is None
    assert acme["follow_ups"] == {
        "state": "last-sent", "sent": 2, "cold_on": "2026-12-02",
        "why": "the last follow-up was sent on Wed 25 Nov 2026; cold on Wed 2 Dec 2026 without an answer",
    }
    assert run(home, "2026-12-01T23:00")["updates"] == []  # a third is never written (cap 2)
    cold = run(home, "2026-12-02T08:00")
    assert cold["drafts"] == []
    assert cold["updates"] == [{
        "application": "Acme", "change": "cold",
        "why": "2 follow-ups sent, the last on Wed 25 Nov 2026, and no answer in 7 days",
    }]
    text = home.cli("status", "--now", "2026-12-02T08:00").output
    assert "Acme - Staff Engineer [cold]" in text
    # nothing more is ever written to that company
    for later in ("2026-12-09T09:00", "2027-01-04T09:00"):
        assert run(home, later)["drafts"] == []
    keys = [m["key"] for m in status(home, "2027-01-04T09:00")["messages"] if m["kind"] == "follow_up"]
    assert len(keys) == 2 and mail.drafts() == []


def test_a_follow_up_to_the_recruiter_who_got_no_thank_you_is_a_new_message(home):
    mail = setup(home)
    thank_and_send(home, mail)
    run(home, "2026-11-11T09:00")
    (draft,) = mail.drafts("follow_up")
    # the recruiter received none of the thank-yous: never "Re:" of a note they never saw
    assert draft["In-Reply-To"] is None and draft["References"] is None
    assert draft["Subject"] == "Following up: Staff Engineer at Acme"
    assert str(draft["To"]) == "Sam Lee <sam.lee@acme.example>"
    assert draft["Message-ID"] == f"<mailflow.{draft['X-Mailflow-Key']}@candidate.example>"
    assert "D" in draft.get_flags()


# ---- a timeline -------------------------------------------------------------------------------

def test_a_timeline_sets_the_first_follow_up_and_status_explains_it(home):
    mail = setup(home)
    iv = thank_and_send(home, mail)
    result = home.cli("remark", iv, "--by", "ana.lima@acme.example", "--kind", "timeline",
                      "We'll get back to you within two weeks", "--now", AFTER)
    assert result.exit_code == 0, result.output
    run(home, "2026-11-04T18:00")
    acme = status(home, "2026-11-04T18:00")
    assert acme["timeline"] == {
        "text": "We'll get back to you within two weeks", "said_by": "ana.lima@acme.example", "by": "2026-11-17",
        "explanation": 'read "within two weeks" as 2 weeks after Tue 3 Nov 2026 = Tue 17 Nov 2026',
    }
    assert acme["follow_up"]["due"] == "2026-11-18"
    assert acme["follow_up"]["why"] == (
        "timeline 'We'll get back to you within two weeks': read \"within two weeks\" as 2 weeks after "
        "Tue 3 Nov 2026 = Tue 17 Nov 2026; due the next business day, Wed 18 Nov 2026")
    text = home.cli("status", "--now", "2026-11-04T18:00").output
    assert "read as Tue 17 Nov 2026" in text and "due Wed 18 Nov 2026" in text

    assert run(home, "2026-11-11T09:00")["drafts"] == []  # five business days would have been today
    assert run(home, "2026-11-17T20:00")["drafts"] == []  # the day they named is not over
    (draft,) = run(home, "2026-11-18T09:00")["drafts"]
    assert draft["to"] == "sam.lee@acme.example"  # the recruiter is the main contact (F5)
    (msg,) = mail.drafts("follow_up")
    # Ana gave the timeline and the follow-up goes to Sam: it says who said it
    assert f"Ana mentioned a decision by {day(date(2026, 11, 17))}," in body(msg)
    assert "You mentioned" not in body(msg)
    assert len(counted_lines(body(msg))) <= 4


def test_without_a_recruiter_the_follow_up_goes_to_whoever_gave_the_timeline(home):
    mail = setup(home, NO_RECRUITER)
    iv = thank_and_send(home, mail)
    home.cli("remark", iv, "--by", "Raj", "--kind", "timeline", "early next week", "--now", AFTER)
    run(home, "2026-11-04T18:00")
    acme = status(home, "2026-11-04T18:00")
    assert acme["contact"] == ""
    assert acme["timeline"]["by"] == "2026-11-10" and acme["follow_up"]["due"] == "2026-11-11"
    run(home, "2026-11-11T09:00")
    (draft,) = mail.drafts("follow_up")
    assert str(draft["To"]) == "Raj Patel <raj.patel@acme.example>" and body(draft).startswith("Dear Raj,")
    raj = next(m for m in mailbox.Maildir(mail.sent_path, create=False) if "raj.patel" in str(m["To"]))
    assert draft["In-Reply-To"] == raj["Message-ID"]  # his own thank-you's thread


def test_a_timeline_recorded_in_the_debrief(home):
    import shlex
    import sys
    from pathlib import Path

    mail = setup(home)
    iv = thank_and_send(home, mail)
    raj = 'email = "raj.patel@acme.example"  # Raj Patel\nremarks = ["on-call is shared by every team"]\ntimeline = ""'
    plan = home.root / "plan.json"
    plan.write_text(json.dumps([{"replace": [[raj, raj.replace('timeline = ""', 'timeline = "Dec 5"')]]}]))
    editor = f"{shlex.quote(sys.executable)} {shlex.quote(str(Path(__file__).with_name('scripted_editor.py')))}"
    result = home.cli("debrief", iv, "--now", AFTER, env={"EDITOR": editor, "SCRIPTED_EDITOR_PLAN": str(plan)})
    assert result.exit_code == 0, result.output
    run(home, "2026-11-04T18:00")
    acme = status(home, "2026-11-04T18:00")
    assert acme["timeline"] == {"text": "Dec 5", "said_by": "raj.patel@acme.example", "by": "2026-12-05",
                                "explanation": 'read "dec 5" as Sat 5 Dec 2026'}
    assert acme["follow_up"]["due"] == "2026-12-07"  # the Monday after


def test_a_timeline_with_no_date_in_it_falls_back_to_five_business_days(home):
    mail = setup(home)
    iv = thank_and_send(home, mail)
    home.cli("remark", iv, "--by", "Ana Lima", "--kind", "timeline", "we'll be in touch soon", "--now", AFTER)
    run(home, "2026-11-04T18:00")
    acme = status(home, "2026-11-04T18:00")
    assert acme["timeline"]["by"] is None
    assert acme["follow_up"]["due"] == "2026-11-11"
    assert "no date could be read in the timeline 'we'll be in touch soon'" in acme["follow_up"]["why"]


# ---- when the thank-you was really sent ------------------------------------------------------

def test_a_thank_you_sent_late_moves_the_schedule(home):
    mail = setup(home)
    thank_and_send(home, mail, "2026-11-09T20:00")  # drafted Tuesday, sent the next Monday night
    assert run(home, "2026-11-11T09:00")["drafts"] == []  # five business days after the draft: not yet
    assert status(home, "2026-11-11T09:00")["follow_up"]["due"] == "2026-11-16"
    assert run(home, "2026-11-13T09:00")["drafts"] == []
    assert [d["kind"] for d in run(home, "2026-11-16T09:00")["drafts"]] == ["follow_up"]


def test_a_thank_you_sent_after_the_timeline_lapsed_waits_a_business_day(home):
    mail = setup(home)
    iv = thank_and_send(home, mail, "2026-11-09T09:00")
    home.cli("remark", iv, "--by", "Ana Lima", "--kind", "timeline", "we'll decide by Friday", "--now", AFTER)
    run(home, "2026-11-09T10:00")
    up = status(home, "2026-11-09T10:00")["follow_up"]
    assert up["due"] == "2026-11-10"  # Friday 6 Nov lapsed on Monday 9; not the day the note left
    assert up["why"].endswith("moved to Tue 10 Nov 2026, the business day after the thank-you was sent on Mon 9 Nov 2026")


def test_no_follow_up_before_a_thank_you_is_sent(home):
    mail = setup(home)
    interview_id(home)
    run(home, AFTER)  # placeholders after the deadline; nothing sent
    run(home, "2026-11-05T09:00")
    assert len(mail.drafts("thank_you")) == 2
    assert run(home, "2026-12-01T09:00")["drafts"] == []
    acme = status(home, "2026-12-01T09:00")
    assert acme["follow_up"] is None and acme["follow_ups"]["state"] == "waiting"
    assert "mark-sent" in acme["follow_ups"]["why"]


def test_mark_sent_when_mailflow_cannot_see_sent_mail(home):
    mail = setup(home, sent=False, inbox=False)
    iv = thank_and_send(home, mail)  # sent from the client: no copy mailflow can see
    report = run(home, "2026-11-04T18:00")
    assert {u["change"] for u in report["updates"] if "to" in u} == {"deleted"}
    assert status(home, "2026-11-04T18:00")["follow_ups"]["state"] == "waiting"
    result = home.cli("mark-sent", iv, "--now", "2026-11-05T08:00")
    assert result.exit_code == 0 and result.output.count("marked sent") == 2
    assert status(home, "2026-11-05T08:00")["follow_up"]["due"] == "2026-11-12"  # from Thu 5 Nov
    run(home, "2026-11-12T09:00")
    assert len(mail.drafts("follow_up")) == 1
    mail.send("follow_up", "sam.lee@acme.example", "2026-11-12T10:00")
    run(home, "2026-11-12T11:00")  # gone from the drafts an hour ago, not seen sent: not called deleted yet
    assert status(home, "2026-11-12T11:00")["follow_ups"]["state"] == "drafted"
    run(home, "2026-11-12T17:30")  # past the grace period: deleted
    assert status(home, "2026-11-12T17:30")["follow_ups"]["state"] == "stopped"
    result = home.cli("mark-sent", iv, "--follow-up", "--now", "2026-11-12T18:00")
    assert "Sam Lee <sam.lee@acme.example>: follow-up marked sent" in result.output
    assert status(home, "2026-11-12T12:00")["follow_up"]["due"] == "2026-11-19"
    again = home.cli("mark-sent", iv, "--follow-up", "--now", "2026-11-12T12:00")
    assert "nothing marked" in again.output


# ---- the company answers -----------------------------------------------------------------------

def test_a_reply_before_the_follow_up_means_none_is_written(home):
    mail = setup(home)
    thank_and_send(home, mail)
    mail.receive("Sam Lee <sam.lee@acme.example>", "Re: Thank you - Staff Engineer interview at Acme",
                 "2026-11-09T16:20", "Thanks Alex, the team is meeting on Thursday.")
    report = run(home, "2026-11-09T18:00")
    assert [u for u in report["updates"] if "application" in u] == [{
        "application": "Acme", "change": "replied", "from": "sam.lee@acme.example",
        "at": "2026-11-09T16:20:00-05:00", "subject": "Re: Thank you - Staff Engineer interview at Acme",
    }]
    assert run(home, "2026-11-09T19:00")["updates"] == []  # said once
    for later in ("2026-11-11T09:00", "2026-11-25T09:00", "2026-12-30T09:00"):
        report = run(home, later)
        assert report["drafts"] == [] and report["updates"] == []
    acme = status(home, "2026-12-30T09:00")
    assert acme["status"] == "active"  # answered is not cold
    assert acme["follow_up"] is None and acme["follow_ups"]["state"] == "answered"
    assert acme["reply"]["from"] == "sam.lee@acme.example"


def test_a_reply_after_the_follow_up_was_drafted_deletes_the_draft(home):
    mail = setup(home)
    thank_and_send(home, mail)
    run(home, "2026-11-11T09:00")
    (draft,) = mail.drafts("follow_up")
    key = draft["X-Mailflow-Key"]
    # another person at the company answers, from a subdomain
    mail.receive("Talent Team <talent@careers.acme.example>", "Your application", "2026-11-11T14:00",
                 "We would like to invite you to meet the VP.")
    report = run(home, "2026-11-11T18:00")
    assert {u["change"] for u in report["updates"]} == {"replied", "cancelled"}
    assert mail.drafts("follow_up") == []
    assert len(mail.drafts()) == 0
    out = home.cli("run", "--now", "2026-11-12T09:00").output
    assert "nothing to do" in out
    messages = {m["key"]: m["status"] for m in status(home, "2026-11-20T09:00")["messages"]}
    assert messages[key] == "cancelled"
    assert run(home, "2026-11-20T09:00")["drafts"] == []  # never recreated


def test_a_reply_from_another_company_or_before_the_thank_you_changes_nothing(home):
    mail = setup(home)
    mail.receive("sam.lee@acme.example", "Interview confirmation", "2026-11-02T10:00")
    thank_and_send(home, mail)
    mail.receive("sam@notacme.example", "Re: Thank you", "2026-11-06T10:00")
    mail.receive("sam.lee@acme.example.evil.example", "Re: Thank you", "2026-11-06T11:00")
    report = run(home, "2026-11-11T09:00")
    assert [d["kind"] for d in report["drafts"]] == ["follow_up"]


def test_an_out_of_office_stops_nothing(home):
    mail = setup(home)
    thank_and_send(home, mail)
    mail.receive("Ana Lima <ana.lima@acme.example>", "Automatic reply: Thank you - Staff Engineer interview at Acme",
                 "2026-11-04T09:01", "I am out of the office until 16 November.",
                 Auto_Submitted="auto-replied", X_Auto_Response_Suppress="All",
                 X_MS_Exchange_Inbox_Rules_Loop="ana.lima@acme.example")
    report = run(home, "2026-11-11T09:00")
    assert [d["kind"] for d in report["drafts"]] == ["follow_up"]
    assert not [u for u in report["updates"] if u.get("change") == "replied"]
    # a vacation notice after the draft exists leaves it alone too
    mail.receive("sam.lee@acme.example", "Out of Office: back on Monday", "2026-11-11T10:00",
                 Precedence="bulk")
    report = run(home, "2026-11-11T18:00")
    assert report["updates"] == [] and len(mail.drafts("follow_up")) == 1
    assert status(home, "2026-11-11T18:00")["reply"] is None


def test_an_answer_and_a_second_round_start_a_new_schedule(home):
    mail = setup(home)
    thank_and_send(home, mail)
    run(home, "2026-11-11T09:00")
    mail.send("follow_up", "sam.lee@acme.example", "2026-11-11T10:00")
    mail.receive("sam.lee@acme.example", "Re: Thank you", "2026-11-12T10:00", "Can you meet the CTO on the 17th?")
    ceo = vevent("final-2@acme.example", "Acme — CTO interview", ";TZID=America/New_York:20261117T110000",
                 ";TZID=America/New_York:20261117T114500", organizer=";CN=Sam Lee:mailto:sam.lee@acme.example",
                 attendees=(f":mailto:{ME}", ";CN=Kim Cho:mailto:kim.cho@acme.example"))
    home.write_calendar(PANEL, ceo)
    run(home, "2026-11-12T12:00")
    assert status(home, "2026-11-12T12:00")["follow_ups"]["state"] == "interviewing"
    second = run(home, "2026-11-18T08:00")  # no remark recorded: drafted with a placeholder
    (thanks,) = [d for d in second["drafts"] if d["kind"] == "thank_you"]
    assert thanks["to"] == "kim.cho@acme.example"
    mail.send("thank_you", "kim.cho@acme.example", "2026-11-18T08:30")
    run(home, "2026-11-18T09:00")
    up = status(home, "2026-11-18T09:00")["follow_up"]
    assert up["number"] == 1 and up["due"] == "2026-11-25"
    (draft,) = run(home, "2026-11-25T09:00")["drafts"]
    assert draft["kind"] == "follow_up" and draft["written"]


def test_the_text_report_says_what_happened(home):
    mail = setup(home)
    thank_and_send(home, mail)
    out = home.cli("run", "--now", "2026-11-11T09:00").output
    # the recruiter got no thank-you: a message of its own, not a reply in someone else's thread
    assert "follow_up -> Sam Lee <sam.lee@acme.example> (Acme): Following up: Staff Engineer at Acme" in out
    assert "due: 5 business days after the thank-you was sent on Wed 4 Nov 2026" in out
    mail.receive("sam.lee@acme.example", "Re: Thank you", "2026-11-11T12:00")
    out = home.cli("run", "--now", "2026-11-11T13:00").output
    assert "Acme: sam.lee@acme.example replied" in out
    assert "follow-up to sam.lee@acme.example: draft deleted (Acme replied)" in out


def test_when_the_inbox_cannot_be_read_no_follow_up_is_written(home):
    mail = setup(home)
    thank_and_send(home, mail)
    mail.receive("sam.lee@acme.example", "Re: Thank you", "2026-11-05T10:00")
    home.config.write_text(home.config.read_text().replace('inbox = "inbox"', 'inbox = "inbx"'))
    result = home.cli("run", "--now", "2026-11-11T09:00")
    assert result.exit_code == 1
    assert "replies from Acme: [mail.maildir] inbox: no Maildir at" in result.output
    assert mail.drafts("follow_up") == []
    (home.root / "inbx").mkdir()  # a folder, not a Maildir
    result = home.cli("run", "--now", "2026-11-11T09:00")
    assert result.exit_code == 1 and "[mail.maildir] inbox: " in result.output
    assert "is not a Maildir" in result.output
    assert mail.drafts("follow_up") == []
    home.config.write_text(home.config.read_text().replace('inbox = "inbx"', 'inbox = "inbox"'))
    assert run(home, "2026-11-11T09:00")["drafts"] == []  # the reply is seen: none at all


@pytest.mark.parametrize(("zone", "after", "due"), [
    ("America/Los_Angeles", "2026-11-03T18:00", "2026-11-12"),  # sent Thu 17:00 there
    ("Asia/Kolkata", "2026-11-04T09:00", "2026-11-13"),  # sent Fri 06:30 there
])
def test_days_are_counted_in_the_policy_time_zone(home, zone, after, due):
    """The same moment is Thursday evening in New York and Friday morning in Kolkata."""
    mail = setup(home)
    home.config.write_text(home.config.read_text().replace("America/New_York", zone))
    thank_and_send(home, mail, "2026-11-05T20:00", after=after)  # New York time
    run(home, "2026-11-06T12:00")
    assert status(home, "2026-11-06T12:00")["follow_up"]["due"] == due


# ==== the schedule itself (pure) ================================================================

from dataclasses import replace  # noqa: E402
from datetime import date, timedelta, timezone  # noqa: E402

from mailflow.rules import followups  # noqa: E402
from mailflow.config import FollowUpPolicy, Policy  # noqa: E402
from mailflow.model import Interview, Interviewer, Remark  # noqa: E402
from mailflow.rules.plan import plan  # noqa: E402
from mailflow.model import Application, MessageRecord, Snapshot, StoredInterview  # noqa: E402

ANA = Interviewer("ana.lima@acme.example", "Ana Lima")
RAJ = Interviewer("raj.patel@acme.example", "Raj Patel")
IV = Interview("iv0001", "final|", "Acme", "Staff Engineer", "Acme final round", at("2026-11-03T14:00"),
               at("2026-11-03T15:00"), (ANA, RAJ), domain="acme.example")
APP = Application(1, "Acme", "Staff Engineer", "acme.example", "sam.lee@acme.example", "Sam Lee")
POLICY = Policy(timezone="America/New_York")


def thanks(person: Interviewer, sent: str | None, status: str = "sent", interview: Interview = IV) -> MessageRecord:
    return MessageRecord(
        f"thank_you.{interview.id}.{person.email}", "thank_you", person.email, "maildir", status,
        application_id=APP.id, interview_id=interview.id, recipient_name=person.name,
        subject=f"Thank you - {interview.title}", message_id=f"<ty.{person.email}>",
        sent_at=at(sent) if sent else None,
    )


def follow(number: int, status: str, sent: str | None = None, interview: Interview = IV) -> MessageRecord:
    return MessageRecord(
        followups.follow_up_key(APP, interview, number), "follow_up", APP.contact_email, "maildir", status,
        application_id=APP.id, interview_id=interview.id, sent_at=at(sent) if sent else None,
        updated_at=at("2026-11-20T00:00"),
    )


def snap(*messages: MessageRecord, notes: tuple[Remark, ...] = (), app: Application = APP,
         interviews: tuple[Interview, ...] = (IV,), cancelled: tuple[str, ...] = ()) -> Snapshot:
    by_interview: dict[str, list[Remark]] = {}
    for note in notes:
        by_interview.setdefault(note.interview_id, []).append(note)
    return Snapshot(
        applications={app.id: app},
        interviews=[StoredInterview(i, app.id, "cancelled" if i.id in cancelled else "scheduled") for i in interviews],
        notes=by_interview,
        messages={m.key: m for m in messages},
    )


def timeline(text: str, by: Interviewer = ANA, interview: Interview = IV) -> Remark:
    return Remark(interview.id, by.email, text, "timeline")


def state_at(snapshot: Snapshot, now: str, policy: Policy = POLICY, app: Application = APP):
    return followups.schedule(snapshot, snapshot.applications[app.id], at(now), policy)


def test_five_business_days_after_the_first_thank_you_sent_skipping_the_weekend():
    s = state_at(snap(thanks(ANA, "2026-11-06T16:00"), thanks(RAJ, "2026-11-09T08:00")), "2026-11-09T09:00")
    assert (s.state, s.number, s.due) == (followups.FollowUpState.UPCOMING, 1, date(2026, 11, 13))  # Fri -> next Fri
    assert s.why == "5 business days after the thank-you was sent on Fri 6 Nov 2026"
    assert s.since == at("2026-11-06T16:00")


def test_the_clock_never_starts_before_the_note_was_drafted():
    """A mail server's clock (or a replay with --now) can put the send before the draft."""
    skewed = replace(thanks(ANA, "2026-11-01T09:00"), drafted_at=at("2026-11-04T08:00"))
    s = state_at(snap(skewed), "2026-11-04T10:00")
    assert s.since == at("2026-11-04T08:00") and s.due == date(2026, 11, 11)


def test_public_holidays_are_not_business_days():
    messages = (thanks(ANA, "2026-11-23T09:00"),)  # the Monday of Thanksgiving week
    assert state_at(snap(*messages), "2026-11-24T09:00").due == date(2026, 11, 30)
    us = replace(POLICY, holidays="US")
    assert state_at(snap(*messages), "2026-11-24T09:00", us).due == date(2026, 12, 1)


def test_configured_counts():
    policy = replace(POLICY, follow_up=FollowUpPolicy(business_days=3, after_timeline_days=2))
    assert state_at(snap(thanks(ANA, "2026-11-04T09:00")), "2026-11-04T10:00", policy).due == date(2026, 11, 9)
    s = state_at(snap(thanks(ANA, "2026-11-04T09:00"), notes=(timeline("by Friday"),)), "2026-11-04T10:00", policy)
    assert s.due == date(2026, 11, 10) and "due 2 business days after it, Tue 10 Nov 2026" in s.why


def test_a_timeline_is_read_from_the_interview_day_and_the_latest_note_wins():
    notes = (timeline("within two weeks"), timeline("we'll decide by Friday", RAJ))
    s = state_at(snap(thanks(ANA, "2026-11-04T09:00"), notes=notes), "2026-11-04T10:00")
    assert s.timeline.note.text == "we'll decide by Friday" and s.timeline.reading.by == date(2026, 11, 6)
    assert s.due == date(2026, 11, 9)  # the business day after Friday
    assert s.why.startswith("timeline 'we'll decide by Friday': read \"friday\" as the first Friday after")


def test_an_unreadable_timeline_falls_back_and_says_so():
    s = state_at(snap(thanks(ANA, "2026-11-04T09:00"), notes=(timeline("soon"),)), "2026-11-04T10:00")
    assert s.timeline.reading is None and s.due == date(2026, 11, 11)
    assert s.why.endswith("(no date could be read in the timeline 'soon')")


def test_a_timeline_never_makes_it_due_before_the_business_day_after_the_thank_you():
    s = state_at(snap(thanks(ANA, "2026-11-13T17:00"), notes=(timeline("by Friday"),)), "2026-11-13T18:00")
    assert s.timeline.reading.by == date(2026, 11, 6)
    assert s.due == date(2026, 11, 16)


def test_the_clock_waits_for_a_thank_you_to_be_sent():
    for messages in [(), (thanks(ANA, None, "draft"),), (thanks(ANA, None, "deleted"),)]:
        s = state_at(snap(*messages), "2026-12-01T09:00")
        assert s.state == followups.FollowUpState.WAITING and s.due is None
        assert "mailflow mark-sent iv0001" in s.why


def test_due_is_judged_on_the_calendar_of_the_policy_zone():
    snapshot = snap(thanks(ANA, "2026-11-04T09:00"))
    late_tuesday_ny = datetime(2026, 11, 11, 4, 0, tzinfo=timezone.utc)  # 23:00 Tue 10 Nov in New York
    s = followups.schedule(snapshot, APP, late_tuesday_ny, POLICY)
    assert s.state == followups.FollowUpState.UPCOMING and s.due == date(2026, 11, 11)
    s = followups.schedule(snapshot, APP, late_tuesday_ny + timedelta(hours=1), POLICY)
    assert s.state == followups.FollowUpState.DUE


def test_a_real_reply_after_the_thank_you_stops_everything():
    messages = (thanks(ANA, "2026-11-04T09:00"), follow(1, "draft"))
    replied = replace(APP, replied_at=at("2026-11-05T10:00"), reply_from="sam.lee@acme.example")
    s = state_at(snap(*messages, app=replied), "2026-12-20T09:00", app=replied)
    assert s.state == followups.FollowUpState.ANSWERED and s.why == "sam.lee@acme.example replied on Thu 5 Nov 2026"
    earlier = replace(APP, replied_at=at("2026-11-02T10:00"), reply_from="sam.lee@acme.example")
    assert state_at(snap(thanks(ANA, "2026-11-04T09:00"), app=earlier), "2026-11-11T09:00", app=earlier).state == followups.FollowUpState.DUE


def test_nothing_while_another_interview_is_ahead_or_for_inactive_applications():
    later = replace(IV, id="iv0002", event_key="cto|", start=at("2026-11-17T11:00"), end=at("2026-11-17T12:00"))
    snapshot = snap(thanks(ANA, "2026-11-04T09:00"), interviews=(IV, later))
    s = state_at(snapshot, "2026-11-12T09:00")
    assert s.state == followups.FollowUpState.INTERVIEWING and s.why == "another interview on Tue 17 Nov 2026"
    # the later one cancelled: back to the first interview's schedule
    assert state_at(snap(thanks(ANA, "2026-11-04T09:00"), interviews=(IV, later), cancelled=("iv0002",)),
                    "2026-11-12T09:00").state == followups.FollowUpState.DUE
    for status_ in ("cold", "accepted", "withdrawn", "rejected"):
        app = replace(APP, status=status_)
        assert state_at(snap(thanks(ANA, "2026-11-04T09:00"), app=app), "2026-11-12T09:00", app=app) is None
    assert state_at(snap(), "2026-11-03T14:30") is None  # not over yet


def test_each_follow_up_waits_for_the_previous_one_to_be_sent():
    sent = thanks(ANA, "2026-11-04T09:00")
    for status_ in ("draft", "scheduled"):
        s = state_at(snap(sent, follow(1, status_)), "2026-12-20T09:00")
        assert s.state == followups.FollowUpState.DRAFTED and s.due is None and s.number == 1
    s = state_at(snap(sent, follow(1, "sent", "2026-11-14T11:00")), "2026-11-20T09:00")  # sent on a Saturday
    assert (s.state, s.number, s.due) == (followups.FollowUpState.UPCOMING, 2, date(2026, 11, 23))  # +7 = Sat -> Mon
    assert s.why == "7 days after follow-up 1 was sent on Sat 14 Nov 2026: Mon 23 Nov 2026"


def test_a_follow_up_deleted_unsent_ends_the_follow_ups():
    for status_ in ("deleted", "cancelled"):
        s = state_at(snap(thanks(ANA, "2026-11-04T09:00"), follow(1, status_)), "2026-12-20T09:00")
        assert s.state == followups.FollowUpState.STOPPED and s.due is None
        assert s.why.startswith(f"follow-up 1 was {status_} without being sent")


def test_an_interrupted_write_is_due_at_once():
    s = state_at(snap(thanks(ANA, "2026-11-04T09:00"), follow(1, "intent")), "2026-11-11T09:00")
    assert s.state == followups.FollowUpState.DUE and s.resume is not None and s.why.startswith("finishing an interrupted write")


@pytest.mark.parametrize("most", [1, 2, 3])
def test_the_cap_then_cold(most):
    policy = replace(POLICY, follow_up=FollowUpPolicy(max=most))
    messages = [thanks(ANA, "2026-11-04T09:00")]
    sent_on = ["2026-11-11T09:00", "2026-11-18T09:00", "2026-11-25T09:00"][:most]
    messages += [follow(n, "sent", when) for n, when in enumerate(sent_on, 1)]
    last = at(sent_on[-1]).date()
    s = state_at(snap(*messages), f"{last + timedelta(days=6)}T23:59", policy)
    assert s.state == followups.FollowUpState.LAST_SENT and s.cold_on == last + timedelta(days=7) and len(s.sent) == most
    s = state_at(snap(*messages), f"{last + timedelta(days=7)}T00:01", policy)
    assert s.state == followups.FollowUpState.COLD
    result = plan(snap(*messages), at(f"{last + timedelta(days=7)}T00:01"), policy)
    assert [c.application.company for c in result.cold] == ["Acme"] and result.drafts == []
    if most < 3:  # one fewer sent: the next is due, not cold
        s = state_at(snap(*messages[:-1]), f"{last + timedelta(days=7)}T00:01", policy)
        assert s.state == followups.FollowUpState.DUE and s.number == most


def test_the_main_contact_and_the_thread():
    messages = (thanks(ANA, "2026-11-04T09:00"), thanks(RAJ, "2026-11-04T10:00"))
    s = state_at(snap(*messages), "2026-11-11T09:00")
    assert s.recipient == Interviewer("sam.lee@acme.example", "Sam Lee")
    assert s.reply_to is None  # the recruiter got none: a new message, not someone else's thread
    no_contact = replace(APP, contact_email="", contact_name="")
    s = state_at(snap(*messages, app=no_contact, notes=(timeline("next week", ANA),)), "2026-11-17T09:00",
                 app=no_contact)
    assert s.recipient == ANA and s.reply_to.recipient == ANA.email  # who gave the timeline, in her thread
    s = state_at(snap(*messages, app=no_contact), "2026-11-11T09:00", app=no_contact)
    assert s.recipient == ANA  # the first interviewer
    named_by_address = replace(APP, contact_name="")
    s = state_at(snap(*messages, app=named_by_address), "2026-11-11T09:00", app=named_by_address)
    assert s.recipient.name == "Sam Lee" and s.recipient.named_from == "address"
    lone = replace(IV, interviewers=())
    s = state_at(snap(thanks(ANA, "2026-11-04T09:00"), app=no_contact, interviews=(lone,)), "2026-11-11T09:00",
                 app=no_contact)
    assert s.state == followups.FollowUpState.STOPPED and '[companies."Acme"] contact' in s.why


def test_plan_drafts_the_follow_up_with_its_template_values():
    notes = (timeline("within two weeks"),)
    result = plan(snap(thanks(ANA, "2026-11-04T09:00"), notes=notes), at("2026-11-18T08:00"), POLICY)
    (item,) = result.drafts
    assert (item.kind, item.key, item.recipient.email, item.due) == (
        "follow_up", followups.follow_up_key(APP, IV, 1), "sam.lee@acme.example", date(2026, 11, 18))
    assert item.extra == {"number": 1, "timeline": "within two weeks", "timeline_by": date(2026, 11, 17),
                          "timeline_said_by": ANA}
    assert item.reply_to is None and item.send_at is None  # Sam got no thank-you to reply to
    assert plan(snap(thanks(ANA, "2026-11-04T09:00"), notes=notes), at("2026-11-17T23:00"), POLICY).drafts == []


def test_keys_are_per_company_interview_and_number():
    other = replace(IV, id="iv0002")
    keys = {followups.follow_up_key(APP, iv, n) for iv in (IV, other) for n in (1, 2, 3)}
    assert len(keys) == 6 and all(k.startswith("follow_up.") for k in keys)
    assert followups.follow_up_key(replace(APP, company="ACME"), IV, 1) == followups.follow_up_key(APP, IV, 1)


# ---- the template, through the proofreader -------------------------------------------------

def day(d: date) -> str:
    """A date as notes write it in this environment's locale (compose.letters)."""
    from mailflow.compose import letters

    return letters.long_date(d, letters.month_first())


@pytest.mark.parametrize("number", [1, 2, 3])
@pytest.mark.parametrize("by", [None, date(2026, 11, 17)])
@pytest.mark.parametrize(("name", "role"), [("Sam Lee", "Staff Engineer"), ("Zoë Müller", ""),
                                            ("D'Arcy O'Brien", "VP, Customer Success")])
def test_the_follow_up_template_is_short_and_passes_the_proofreader(number, by, name, role):
    from mailflow import proofread
    from mailflow.compose import letters
    from mailflow.compose import Composer
    from mailflow.config import Config, ProofreadConfig, Profile
    from mailflow.model import ThreadRef
    from mailflow.rules.plan import Planned

    config = Config(profile=Profile(name="Alex Candidate", email=ME, signature="Alex Candidate\n+1 555 0100"))
    contact = Interviewer("contact@acme.example", name)
    application = replace(APP, role=role)
    thread = thanks(ANA, "2026-11-04T09:00")
    item = Planned("follow_up", "follow_up.x", replace(IV, role=role), application, contact, reply_to=thread,
                   extra={"number": number, "timeline": "in two weeks" if by else "", "timeline_by": by})
    context, placeholder = letters.context_for(item, config, [], None, NY)
    assert not placeholder and context["contact"]["first_name"] == name.split()[0]
    msg = Composer(config).build("follow_up", context, key=item.key, to=(name, contact.email), date=at(AFTER),
                                 reply_to=ThreadRef(thread.message_id, thread.subject))
    ctx = proofread.ProofContext(kind="follow_up", recipient_name=name, company="Acme", role=role,
                                 other_companies=("Globex", "Initech"), known_words=(name, "Acme", role),
                                 signature=letters.me(config)["signature"])
    findings = proofread.proofread_message(msg, ctx, ProofreadConfig(), Policy())
    assert findings == [], msg.get_content()
    text = msg.get_content()
    assert len(counted_lines(text)) == 3 and msg["Subject"] == "Re: Thank you - Acme final round"
    assert (day(date(2026, 11, 17)) in text) == (by is not None and number == 1)


def test_a_dry_run_sees_replies_but_deletes_nothing(home):
    mail = setup(home)
    thank_and_send(home, mail)
    run(home, "2026-11-11T09:00")  # follow-up 1 drafted
    (draft,) = mail.drafts("follow_up")
    mail.receive("Sam Lee <sam.lee@acme.example>", "Re: Thank you", "2026-11-11T14:00", "We will call you.")
    result = home.cli("run", "--dry-run", "--json", "--now", "2026-11-11T18:00")
    report = json.loads(result.output)
    assert {u["change"] for u in report["updates"] if "application" in u} == {"replied"}
    assert [d["X-Mailflow-Key"] for d in mail.drafts("follow_up")] == [draft["X-Mailflow-Key"]]  # still there
    assert status(home, "2026-11-11T18:00")["reply"] is None  # and nothing recorded
    real = run(home, "2026-11-11T18:30")
    assert {u["change"] for u in real["updates"]} == {"replied", "cancelled"} and mail.drafts("follow_up") == []


def test_a_note_written_by_hand_and_marked_sent_gets_no_draft_and_starts_the_clock(home):
    setup(home, sent=False)
    iv = interview_id(home)
    result = home.cli("mark-sent", iv, "--at", "2026-11-03T17:00", "--now", AFTER)
    assert result.exit_code == 0 and "marked sent at Tue 03 Nov 2026 17:00" in result.output
    report = run(home, "2026-11-05T09:00")  # past the placeholder deadline
    assert [d for d in report["drafts"] if d["kind"] == "thank_you"] == [] and home.drafts() == []
    assert status(home, "2026-11-05T09:00")["follow_up"]["due"] == "2026-11-10"  # 5 business days after 3 Nov


def test_a_reply_before_mark_sent_was_run_still_stops_the_follow_up(home):
    mail = setup(home, sent=False)
    iv = interview_id(home)
    home.cli("remark", iv, "--by", "Ana Lima", "latency budgets are product decisions", "--now", AFTER)
    run(home, AFTER)  # the thank-you is drafted at 18:00 and sent soon after, outside mailflow's view
    mail.receive("Ana Lima <ana.lima@acme.example>", "Re: Thank you", "2026-11-04T08:00", "Thanks Alex!")
    home.cli("mark-sent", iv, "--by", "Ana Lima", "--now", "2026-11-04T12:00")  # told later
    report = run(home, "2026-11-11T09:00")
    assert [d for d in report["drafts"] if d["kind"] == "follow_up"] == []
    assert status(home, "2026-11-11T09:00")["follow_ups"]["state"] == "answered"


def test_mark_sent_refuses_a_time_in_the_future(home):
    setup(home, sent=False)
    result = home.cli("mark-sent", interview_id(home), "--at", "2026-11-05T09:00", "--now", AFTER)
    assert result.exit_code == 2 and "in the future" in result.output
