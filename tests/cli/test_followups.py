"""Follow-ups on the Maildir backend, as cron runs them week after week (F1-F5).

The user's mail client is played by the test: sending a draft removes it
from the drafts Maildir and files a copy dated when it left in the sent
Maildir; the company's answers arrive in the inbox Maildir.
"""

from __future__ import annotations

import json
import mailbox
from datetime import date

import pytest

from tests.harness.calendars import FINAL_ROUND, ME, NO_RECRUITER, vevent
from tests.harness.home import EDITOR, run, status
from tests.harness.mail_clients import MaildirClient, maildir_setup
from tests.harness.messages import body, counted_lines, day

AFTER = "2026-11-03T18:00"


def thank_and_send(home, mail: MaildirClient, sent_on: str = "2026-11-04T09:00", after: str = AFTER) -> str:
    """The interview is over, its thank-yous are drafted and the user sends both
    (Raj's five minutes after Ana's)."""
    iv = home.interview_id(now=AFTER)
    home.cli("remark", iv, "--by", "Ana Lima", "latency budgets are product decisions", "--now", after)
    home.cli("remark", iv, "--by", "Raj Patel", "on-call is shared by every team", "--now", after)
    run(home, after)
    assert len(home.drafts("thank_you")) == 2
    mail.send("thank_you", "ana.lima@acme.example", sent_on)
    hour, minute = sent_on[-5:].split(":")
    mail.send("thank_you", "raj.patel@acme.example", f"{sent_on[:-5]}{hour}:{int(minute) + 5:02d}")
    return iv


# ---- no timeline: five business days after the thank-you was sent ------------------------

def test_without_a_timeline_two_follow_ups_seven_days_apart_then_cold(home):
    mail = maildir_setup(home)
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
    (draft,) = home.drafts("follow_up")
    text = body(draft)
    assert text.startswith("Dear Sam,") and "Staff Engineer role at Acme" in text
    assert f"on {day(date(2026, 11, 3))}" in text and "mentioned" not in text
    assert len(counted_lines(text)) <= 4
    assert status(home, "2026-11-11T07:00")["follow_up"] is None  # the next waits for this one to be sent

    # left in the drafts for a week: the second is not due, the first is not rewritten
    assert run(home, "2026-11-18T09:00")["drafts"] == []
    assert len(home.drafts("follow_up")) == 1
    mail.send("follow_up", "sam.lee@acme.example", "2026-11-18T10:30")  # Wednesday
    run(home, "2026-11-18T11:00")
    acme = status(home, "2026-11-18T11:00")
    assert acme["follow_up"]["number"] == 2 and acme["follow_up"]["due"] == "2026-11-25"
    assert acme["follow_up"]["why"] == "7 days after follow-up 1 was sent on Wed 18 Nov 2026: Wed 25 Nov 2026"
    assert run(home, "2026-11-24T23:00")["drafts"] == []
    second = run(home, "2026-11-25T08:00")["drafts"]
    assert [d["kind"] for d in second] == ["follow_up"]
    (draft,) = home.drafts("follow_up")
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
    assert len(keys) == 2 and home.drafts() == []


def test_a_follow_up_to_the_recruiter_who_got_no_thank_you_is_a_new_message(home):
    mail = maildir_setup(home)
    thank_and_send(home, mail)
    run(home, "2026-11-11T09:00")
    (draft,) = home.drafts("follow_up")
    # the recruiter received none of the thank-yous: never "Re:" of a note they never saw
    assert draft["In-Reply-To"] is None and draft["References"] is None
    assert draft["Subject"] == "Following up: Staff Engineer at Acme"
    assert str(draft["To"]) == "Sam Lee <sam.lee@acme.example>"
    assert draft["Message-ID"] == f"<mailflow.{draft['X-Mailflow-Key']}@candidate.example>"
    assert "D" in draft.get_flags()


# ---- a timeline -------------------------------------------------------------------------------

def test_a_timeline_sets_the_first_follow_up_and_status_explains_it(home):
    mail = maildir_setup(home)
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
    (msg,) = home.drafts("follow_up")
    # Ana gave the timeline and the follow-up goes to Sam: it says who said it
    assert f"Ana mentioned a decision by {day(date(2026, 11, 17))}," in body(msg)
    assert "You mentioned" not in body(msg)
    assert len(counted_lines(body(msg))) <= 4


def test_without_a_recruiter_the_follow_up_goes_to_whoever_gave_the_timeline(home):
    mail = maildir_setup(home, NO_RECRUITER)
    iv = thank_and_send(home, mail)
    home.cli("remark", iv, "--by", "Raj", "--kind", "timeline", "early next week", "--now", AFTER)
    run(home, "2026-11-04T18:00")
    acme = status(home, "2026-11-04T18:00")
    assert acme["contact"] == ""
    assert acme["timeline"]["by"] == "2026-11-10" and acme["follow_up"]["due"] == "2026-11-11"
    run(home, "2026-11-11T09:00")
    (draft,) = home.drafts("follow_up")
    assert str(draft["To"]) == "Raj Patel <raj.patel@acme.example>" and body(draft).startswith("Dear Raj,")
    raj = next(m for m in mailbox.Maildir(mail.sent_path, create=False) if "raj.patel" in str(m["To"]))
    assert draft["In-Reply-To"] == raj["Message-ID"]  # his own thank-you's thread


def test_a_timeline_recorded_in_the_debrief(home):
    mail = maildir_setup(home)
    iv = thank_and_send(home, mail)
    raj = 'email = "raj.patel@acme.example"  # Raj Patel\nremarks = ["on-call is shared by every team"]\ntimeline = ""'
    plan = home.root / "plan.json"
    plan.write_text(json.dumps([{"replace": [[raj, raj.replace('timeline = ""', 'timeline = "Dec 5"')]]}]))
    result = home.cli("debrief", iv, "--now", AFTER, env={"EDITOR": EDITOR, "SCRIPTED_EDITOR_PLAN": str(plan)})
    assert result.exit_code == 0, result.output
    run(home, "2026-11-04T18:00")
    acme = status(home, "2026-11-04T18:00")
    assert acme["timeline"] == {"text": "Dec 5", "said_by": "raj.patel@acme.example", "by": "2026-12-05",
                                "explanation": 'read "dec 5" as Sat 5 Dec 2026'}
    assert acme["follow_up"]["due"] == "2026-12-07"  # the Monday after


def test_a_timeline_with_no_date_in_it_falls_back_to_five_business_days(home):
    mail = maildir_setup(home)
    iv = thank_and_send(home, mail)
    home.cli("remark", iv, "--by", "Ana Lima", "--kind", "timeline", "we'll be in touch soon", "--now", AFTER)
    run(home, "2026-11-04T18:00")
    acme = status(home, "2026-11-04T18:00")
    assert acme["timeline"]["by"] is None
    assert acme["follow_up"]["due"] == "2026-11-11"
    assert "no date could be read in the timeline 'we'll be in touch soon'" in acme["follow_up"]["why"]


# ---- when the thank-you was really sent ------------------------------------------------------

def test_a_thank_you_sent_late_moves_the_schedule(home):
    mail = maildir_setup(home)
    thank_and_send(home, mail, "2026-11-09T20:00")  # drafted Tuesday, sent the next Monday night
    assert run(home, "2026-11-11T09:00")["drafts"] == []  # five business days after the draft: not yet
    assert status(home, "2026-11-11T09:00")["follow_up"]["due"] == "2026-11-16"
    assert run(home, "2026-11-13T09:00")["drafts"] == []
    assert [d["kind"] for d in run(home, "2026-11-16T09:00")["drafts"]] == ["follow_up"]


def test_a_thank_you_sent_after_the_timeline_lapsed_waits_a_business_day(home):
    mail = maildir_setup(home)
    iv = thank_and_send(home, mail, "2026-11-09T09:00")
    home.cli("remark", iv, "--by", "Ana Lima", "--kind", "timeline", "we'll decide by Friday", "--now", AFTER)
    run(home, "2026-11-09T10:00")
    up = status(home, "2026-11-09T10:00")["follow_up"]
    assert up["due"] == "2026-11-10"  # Friday 6 Nov lapsed on Monday 9; not the day the note left
    assert up["why"].endswith("moved to Tue 10 Nov 2026, the business day after the thank-you was sent on Mon 9 Nov 2026")


def test_no_follow_up_before_a_thank_you_is_sent(home):
    maildir_setup(home)
    home.interview_id(now=AFTER)
    run(home, AFTER)  # placeholders after the deadline; nothing sent
    run(home, "2026-11-05T09:00")
    assert len(home.drafts("thank_you")) == 2
    assert run(home, "2026-12-01T09:00")["drafts"] == []
    acme = status(home, "2026-12-01T09:00")
    assert acme["follow_up"] is None and acme["follow_ups"]["state"] == "waiting"
    assert "mark-sent" in acme["follow_ups"]["why"]


def test_mark_sent_when_mailflow_cannot_see_sent_mail(home):
    mail = maildir_setup(home, sent=False, inbox=False)
    iv = thank_and_send(home, mail)  # sent from the client: no copy mailflow can see
    report = run(home, "2026-11-04T18:00")
    assert {u["change"] for u in report["updates"] if "to" in u} == {"deleted"}
    assert status(home, "2026-11-04T18:00")["follow_ups"]["state"] == "waiting"
    result = home.cli("mark-sent", iv, "--now", "2026-11-05T08:00")
    assert result.exit_code == 0 and result.output.count("marked sent") == 2
    assert status(home, "2026-11-05T08:00")["follow_up"]["due"] == "2026-11-12"  # from Thu 5 Nov
    run(home, "2026-11-12T09:00")
    assert len(home.drafts("follow_up")) == 1
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
    mail = maildir_setup(home)
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
    mail = maildir_setup(home)
    thank_and_send(home, mail)
    run(home, "2026-11-11T09:00")
    (draft,) = home.drafts("follow_up")
    key = draft["X-Mailflow-Key"]
    # another person at the company answers, from a subdomain
    mail.receive("Talent Team <talent@careers.acme.example>", "Your application", "2026-11-11T14:00",
                 "We would like to invite you to meet the VP.")
    report = run(home, "2026-11-11T18:00")
    assert {u["change"] for u in report["updates"]} == {"replied", "cancelled"}
    assert home.drafts("follow_up") == []
    assert len(home.drafts()) == 0
    out = home.cli("run", "--now", "2026-11-12T09:00").output
    assert "nothing to do" in out
    messages = {m["key"]: m["status"] for m in status(home, "2026-11-20T09:00")["messages"]}
    assert messages[key] == "cancelled"
    assert run(home, "2026-11-20T09:00")["drafts"] == []  # never recreated


def test_a_reply_from_another_company_or_before_the_thank_you_changes_nothing(home):
    mail = maildir_setup(home)
    mail.receive("sam.lee@acme.example", "Interview confirmation", "2026-11-02T10:00")
    thank_and_send(home, mail)
    mail.receive("sam@notacme.example", "Re: Thank you", "2026-11-06T10:00")
    mail.receive("sam.lee@acme.example.evil.example", "Re: Thank you", "2026-11-06T11:00")
    report = run(home, "2026-11-11T09:00")
    assert [d["kind"] for d in report["drafts"]] == ["follow_up"]


def test_an_out_of_office_stops_nothing_but_the_follow_up_waits_for_the_return(home):
    mail = maildir_setup(home)
    thank_and_send(home, mail)
    mail.receive("Ana Lima <ana.lima@acme.example>", "Automatic reply: Thank you - Staff Engineer interview at Acme",
                 "2026-11-04T09:01", "I am out of the office until 16 November.",
                 Auto_Submitted="auto-replied", X_Auto_Response_Suppress="All",
                 X_MS_Exchange_Inbox_Rules_Loop="ana.lima@acme.example")
    report = run(home, "2026-11-11T09:00")
    assert report["drafts"] == []
    assert not [u for u in report["updates"] if u.get("change") == "replied"]
    report = run(home, "2026-11-16T09:00")
    assert [d["kind"] for d in report["drafts"]] == ["follow_up"]
    # a vacation notice after the draft exists leaves it alone too
    mail.receive("sam.lee@acme.example", "Out of Office: back on Monday", "2026-11-16T10:00",
                 Precedence="bulk")
    report = run(home, "2026-11-16T18:00")
    assert report["updates"] == [] and len(home.drafts("follow_up")) == 1
    assert status(home, "2026-11-16T18:00")["reply"] is None


def test_an_answer_and_a_second_round_start_a_new_schedule(home):
    mail = maildir_setup(home)
    thank_and_send(home, mail)
    run(home, "2026-11-11T09:00")
    mail.send("follow_up", "sam.lee@acme.example", "2026-11-11T10:00")
    mail.receive("sam.lee@acme.example", "Re: Thank you", "2026-11-12T10:00", "Can you meet the CTO on the 17th?")
    ceo = vevent("final-2@acme.example", "Acme — CTO interview", ";TZID=America/New_York:20261117T110000",
                 ";TZID=America/New_York:20261117T114500", organizer=";CN=Sam Lee:mailto:sam.lee@acme.example",
                 attendees=(f":mailto:{ME}", ";CN=Kim Cho:mailto:kim.cho@acme.example"))
    home.write_calendar(FINAL_ROUND, ceo)
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
    mail = maildir_setup(home)
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
    mail = maildir_setup(home)
    thank_and_send(home, mail)
    mail.receive("sam.lee@acme.example", "Re: Thank you", "2026-11-05T10:00")
    home.config.write_text(home.config.read_text().replace('inbox = "inbox"', 'inbox = "inbx"'))
    result = home.cli("run", "--now", "2026-11-11T09:00")
    assert result.exit_code == 1
    assert "replies from Acme: [mail.maildir] inbox: no Maildir at" in result.output
    assert home.drafts("follow_up") == []
    (home.root / "inbx").mkdir()  # a folder, not a Maildir
    result = home.cli("run", "--now", "2026-11-11T09:00")
    assert result.exit_code == 1 and "[mail.maildir] inbox: " in result.output
    assert "is not a Maildir" in result.output
    assert home.drafts("follow_up") == []
    home.config.write_text(home.config.read_text().replace('inbox = "inbx"', 'inbox = "inbox"'))
    assert run(home, "2026-11-11T09:00")["drafts"] == []  # the reply is seen: none at all


@pytest.mark.parametrize(("zone", "after", "due"), [
    ("America/Los_Angeles", "2026-11-03T18:00", "2026-11-12"),  # sent Thu 17:00 there
    ("Asia/Kolkata", "2026-11-04T09:00", "2026-11-13"),  # sent Fri 06:30 there
])
def test_days_are_counted_in_the_policy_time_zone(home, zone, after, due):
    """The same moment is Thursday evening in New York and Friday morning in Kolkata."""
    mail = maildir_setup(home)
    home.config.write_text(home.config.read_text().replace("America/New_York", zone))
    thank_and_send(home, mail, "2026-11-05T20:00", after=after)  # New York time
    run(home, "2026-11-06T12:00")
    assert status(home, "2026-11-06T12:00")["follow_up"]["due"] == due


def test_a_dry_run_sees_replies_but_deletes_nothing(home):
    mail = maildir_setup(home)
    thank_and_send(home, mail)
    run(home, "2026-11-11T09:00")  # follow-up 1 drafted
    (draft,) = home.drafts("follow_up")
    mail.receive("Sam Lee <sam.lee@acme.example>", "Re: Thank you", "2026-11-11T14:00", "We will call you.")
    result = home.cli("run", "--dry-run", "--json", "--now", "2026-11-11T18:00")
    report = json.loads(result.output)
    assert {u["change"] for u in report["updates"] if "application" in u} == {"replied"}
    assert [d["X-Mailflow-Key"] for d in home.drafts("follow_up")] == [draft["X-Mailflow-Key"]]  # still there
    assert status(home, "2026-11-11T18:00")["reply"] is None  # and nothing recorded
    real = run(home, "2026-11-11T18:30")
    assert {u["change"] for u in real["updates"]} == {"replied", "cancelled"} and home.drafts("follow_up") == []


def test_a_note_written_by_hand_and_marked_sent_gets_no_draft_and_starts_the_clock(home):
    maildir_setup(home, sent=False)
    iv = home.interview_id(now=AFTER)
    result = home.cli("mark-sent", iv, "--at", "2026-11-03T17:00", "--now", AFTER)
    assert result.exit_code == 0 and "marked sent at Tue 03 Nov 2026 17:00" in result.output
    report = run(home, "2026-11-05T09:00")  # past the placeholder deadline
    assert [d for d in report["drafts"] if d["kind"] == "thank_you"] == [] and home.drafts() == []
    assert status(home, "2026-11-05T09:00")["follow_up"]["due"] == "2026-11-10"  # 5 business days after 3 Nov


def test_a_reply_before_mark_sent_was_run_still_stops_the_follow_up(home):
    mail = maildir_setup(home, sent=False)
    iv = home.interview_id(now=AFTER)
    home.cli("remark", iv, "--by", "Ana Lima", "latency budgets are product decisions", "--now", AFTER)
    run(home, AFTER)  # the thank-you is drafted at 18:00 and sent soon after, outside mailflow's view
    mail.receive("Ana Lima <ana.lima@acme.example>", "Re: Thank you", "2026-11-04T08:00", "Thanks Alex!")
    home.cli("mark-sent", iv, "--by", "Ana Lima", "--now", "2026-11-04T12:00")  # told later
    report = run(home, "2026-11-11T09:00")
    assert [d for d in report["drafts"] if d["kind"] == "follow_up"] == []
    assert status(home, "2026-11-11T09:00")["follow_ups"]["state"] == "answered"


def test_mark_sent_refuses_a_time_in_the_future(home):
    maildir_setup(home, sent=False)
    result = home.cli("mark-sent", home.interview_id(now=AFTER), "--at", "2026-11-05T09:00", "--now", AFTER)
    assert result.exit_code == 2 and "in the future" in result.output


# ---- what recruiters wrote (PRODUCT.md I1-I3) -----------------------------------------------

def test_a_german_rejection_through_personio_ends_the_follow_ups_and_inbox_says_why(home):
    mail = maildir_setup(home)
    thank_and_send(home, mail)
    mail.receive("Acme Recruiting <acme-jobs@m.personio.de>", "Ihre Bewerbung bei Acme", "2026-11-06T10:00",
                 "Sehr geehrter Herr Example,\n\nvielen Dank für Ihr Interesse an Acme. Leider müssen wir Ihnen "
                 "mitteilen, dass wir Ihre Bewerbung nicht weiter berücksichtigen können.\n\nMit freundlichen "
                 "Grüßen\nIhr Acme Recruiting-Team\n")
    mail.receive("Acme Careers <acme-jobs@m.personio.de>", "Acme Newsletter: neue Jobs", "2026-11-06T11:00",
                 "Neue Jobs für dich bei Acme. Abmelden: https://example.org/u",
                 List_Unsubscribe="<https://example.org/u>")

    report = run(home, "2026-11-11T09:00")

    assert report["drafts"] == []
    acme = status(home, "2026-11-11T09:00")
    assert acme["status"] == "active" and 'mailflow rejected "Acme"' in acme["follow_ups"]["why"]
    result = home.cli("inbox", "--json", "--now", "2026-11-11T09:00")
    assert result.exit_code == 0, result.output
    read = json.loads(result.output)["messages"]
    assert [(m["class"], m["company"], m["proposal"]) for m in read] == [
        ("bulk", None, None), ("rejection", "Acme", "rejected")]
    assert read[1]["evidence"] == "nicht weiter berücksichtigen"
    text = home.cli("inbox", "--now", "2026-11-11T09:00").output
    assert 'because: "nicht weiter berücksichtigen"' in text and 'mailflow rejected "Acme"' in text


def test_a_message_already_read_is_not_read_again(home):
    mail = maildir_setup(home)
    thank_and_send(home, mail)
    mail.receive("Sam Lee <sam.lee@acme.example>", "Update", "2026-11-06T10:00",
                 "Hi Alex, we expect to make a decision by November 20.")
    run(home, "2026-11-09T09:00")
    with home.store() as store:
        store.db.execute("UPDATE mail SET evidence = 'kept'")
        store.db.commit()
    run(home, "2026-11-10T09:00")
    with home.store() as store:
        assert [m.evidence for m in store.read_mail()] == ["kept"]
    assert status(home, "2026-11-10T09:00")["follow_up"]["due"] == "2026-11-23"
