"""Through the command line: names from the invite, family-name-first greetings, roles from
titles and descriptions, a timeline given at an earlier interview, who gave it, threads the
recipient knows, accept with cold applications, a rejection answered in its thread, and
``mailflow proofread`` reading its context from the message."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from tests.harness.calendars import ME, vevent
from tests.harness.home import run, status
from tests.harness.job_search import by_kind, job_search, recipients
from tests.harness.mail_clients import maildir_setup
from tests.harness.messages import body

NY = ZoneInfo("America/New_York")


def event(uid: str, summary: str, day: str, hours: tuple[int, int], *, organizer: str, people: tuple[str, ...],
          description: str = "Role: Staff Engineer") -> str:
    return vevent(
        f"{uid}@acme.example", summary, f";TZID=America/New_York:{day}T{hours[0]:02d}0000",
        f";TZID=America/New_York:{day}T{hours[1]:02d}0000", organizer=organizer,
        attendees=(f";CN=Alex Candidate;PARTSTAT=ACCEPTED:mailto:{ME}", *people),
        extra=f"DESCRIPTION:{description}" if description else "",
    )


def ids(home, now: str) -> dict[str, str]:
    scan = json.loads(home.cli("scan", "--json", "--now", now).output)
    return {e["summary"]: e["id"] for e in scan["events"] if e["interview"]}


def drafts_to(home, kind: str = "thank_you") -> dict[str, object]:
    from email.utils import parseaddr

    return {parseaddr(str(m["To"]))[1]: m for m in home.drafts() if str(m["X-Mailflow-Key"]).startswith(kind)}


# ---- names --------------------------------------------------------------------------------------


def test_an_address_given_to_by_takes_the_name_on_the_invite(home):
    home.write_calendar(event("screen", "Acme - Onsite interview", "20261103", (14, 15),
                              organizer=";CN=Sam Lee:mailto:slee@acme.example",
                              people=(";CN=Ana Lima:mailto:ana.lima@acme.example",)))
    iv = ids(home, "2026-11-03T18:00")["Acme - Onsite interview"]
    result = home.cli("remark", iv, "--by", "slee@acme.example", "our roadmap is set by the on-call pain",
                      "--now", "2026-11-03T18:00")
    assert result.exit_code == 0 and "Sam Lee <slee@acme.example>" in result.output
    home.cli("run", "--now", "2026-11-03T18:05")
    sam = drafts_to(home)["slee@acme.example"]
    assert body(sam).startswith("Dear Sam,") and "Slee" not in body(sam)


def test_a_name_written_family_name_first_greets_the_given_name(home):
    home.write_config('[people."kwame.mensah@acme.example"]\ngreeting = "Kwame"\n')
    home.write_calendar(event("panel", "Acme - Onsite panel interview", "20261103", (14, 16),
                              organizer=";CN=Sam Lee:mailto:sam.lee@acme.example",
                              people=(";CN=Nguyễn Thị Lan:mailto:lan.nguyen@acme.example",
                                      ";CN=WANG Wei:mailto:wei.wang@acme.example",
                                      ";CN=Dr. Kwame Mensah:mailto:kwame.mensah@acme.example",
                                      ";CN=Marcus O'Neill:mailto:marcus.oneill@acme.example")))
    iv = ids(home, "2026-11-03T18:00")["Acme - Onsite panel interview"]
    for who in ("lan.nguyen@acme.example", "wei.wang@acme.example", "kwame.mensah@acme.example",
                "marcus.oneill@acme.example"):
        home.cli("remark", iv, "--by", who, "we rebuilt the pipeline twice", "--now", "2026-11-03T18:00")
    result = home.cli("run", "--now", "2026-11-03T18:05")
    assert result.exit_code == 0 and "not written" not in result.output, result.output
    greetings = {to: body(m).split("\n")[0] for to, m in drafts_to(home).items()}
    assert greetings == {
        "lan.nguyen@acme.example": "Dear Lan,",  # the address puts the given name first
        "wei.wang@acme.example": "Dear Wei,",  # the family name in capitals
        "kwame.mensah@acme.example": "Dear Kwame,",  # [people] greeting
        "marcus.oneill@acme.example": "Dear Marcus,",
    }
    # the proofreader agrees with the greeting mailflow chose, and still catches a wrong one
    lan = next(p for p in (home.drafts_path / "cur").iterdir() if b"lan.nguyen" in p.read_bytes())
    assert home.cli("proofread", str(lan), "--now", "2026-11-03T18:10").exit_code == 0
    wrong = home.root / "lan.txt"
    wrong.write_text("To: Nguyễn Thị Lan <lan.nguyen@acme.example>\nSubject: Thank you\n\nDear Nguyễn,\n\n"
                     "Thank you for meeting with me on Tuesday about the Staff Engineer role at Acme.\n\n"
                     "Best regards,\nAlex Candidate\n", encoding="utf-8")
    result = home.cli("proofread", str(wrong), "--now", "2026-11-03T18:10")
    assert result.exit_code == 1 and "name:" in result.output


# ---- roles --------------------------------------------------------------------------------------


def test_roles_come_from_titles_and_tracking_system_descriptions(home):
    home.write_calendar(
        event("a", "Senior Data Engineer - Virtual Onsite", "20261103", (10, 11),
              organizer=";CN=Ana Lima:mailto:ana.lima@acme.example",
              people=(";CN=Ana Lima:mailto:ana.lima@acme.example",), description=""),
        vevent("b@globex.example", "Interview with Globex", ";TZID=America/New_York:20261104T100000",
               ";TZID=America/New_York:20261104T110000", organizer=";CN=Globex Recruiting:mailto:no-reply@greenhouse.io",
               attendees=(f";CN=Alex Candidate:mailto:{ME}", ";CN=Raj Patel:mailto:raj.patel@globex.example"),
               extra="DESCRIPTION:Hi Alex! You are invited to interview for the Data Platform Engineer position "
                     "at Globex.\\nJoin with the link below."),
    )
    scan = json.loads(home.cli("scan", "--json", "--now", "2026-11-03T09:00").output)
    roles = {e["company"]: e["role"] for e in scan["events"] if e["interview"]}
    assert roles == {"Acme": "Senior Data Engineer", "Globex": "Data Platform Engineer"}


# ---- timelines and follow-ups -------------------------------------------------------------------

SCREEN = event("screen", "Acme - Phone screen", "20261102", (10, 11),
               organizer=";CN=Sam Lee:mailto:sam.lee@acme.example",
               people=(";CN=Marcus Bell:mailto:marcus.bell@acme.example",))
ONSITE = event("onsite", "Acme - Onsite interview", "20261110", (14, 15),
               organizer=";CN=Sam Lee:mailto:sam.lee@acme.example",
               people=(";CN=Ana Lima:mailto:ana.lima@acme.example",))


def test_a_timeline_given_at_an_earlier_interview_is_honoured_and_attributed(home):
    mail = maildir_setup(home, SCREEN, ONSITE)
    found = ids(home, "2026-11-02T12:00")
    screen, onsite = found["Acme - Phone screen"], found["Acme - Onsite interview"]
    assert home.cli("remark", screen, "--by", "marcus.bell@acme.example", "--kind", "timeline",
                    "we'll decide by Friday the 20th", "--now", "2026-11-02T12:00").exit_code == 0
    home.cli("remark", onsite, "--by", "Ana Lima", "we ship daily", "--now", "2026-11-10T16:00")
    run(home, "2026-11-10T16:05")
    mail.send("thank_you", "ana.lima@acme.example", "2026-11-10T18:00")
    # five business days after the thank-you would be Tue 17 Nov: the timeline says wait
    assert run(home, "2026-11-17T09:00")["drafts"] == []
    assert status(home, "2026-11-17T09:00")["follow_up"]["due"] == "2026-11-23"  # Monday after Fri 20th
    (draft,) = run(home, "2026-11-23T09:00")["drafts"]
    assert draft["to"] == "sam.lee@acme.example"  # the recruiter who organised it
    (msg,) = home.drafts("follow_up")
    text = body(msg)
    # someone else gave the timeline: the note says who; Sam never got a thank-you: a thread of its own
    assert "Marcus mentioned a decision by Friday, November 20" in text or "Marcus mentioned a decision by Friday 20 November" in text
    assert "You mentioned" not in text
    assert msg["Subject"] == "Following up: Staff Engineer at Acme" and msg["In-Reply-To"] is None


def test_a_timeline_from_before_the_latest_interview_does_not_rush_the_follow_up(home):
    mail = maildir_setup(home, SCREEN, ONSITE)
    screen = ids(home, "2026-11-02T12:00")["Acme - Phone screen"]
    home.cli("remark", screen, "--by", "marcus.bell@acme.example", "--kind", "timeline",
             "we'll let you know about the onsite by Thursday", "--now", "2026-11-02T12:00")
    onsite = ids(home, "2026-11-10T16:00")["Acme - Onsite interview"]
    home.cli("remark", onsite, "--by", "Ana Lima", "we ship daily", "--now", "2026-11-10T16:00")
    run(home, "2026-11-10T16:05")
    mail.send("thank_you", "ana.lima@acme.example", "2026-11-10T18:00")
    run(home, "2026-11-11T09:00")
    # "by Thursday" (5 Nov) was about the onsite, already past: five business days instead
    assert status(home, "2026-11-11T09:00")["follow_up"]["due"] == "2026-11-17"


def test_a_note_marked_sent_that_mailflow_never_drafted_gets_a_follow_up_of_its_own(home):
    maildir_setup(home, ONSITE, extra='[companies."Acme"]\ncontact = "ana.lima@acme.example"\n')
    onsite = ids(home, "2026-11-10T16:00")["Acme - Onsite interview"]
    assert home.cli("mark-sent", onsite, "--now", "2026-11-10T18:00").exit_code == 0
    (draft,) = run(home, "2026-11-17T09:00")["drafts"]
    (msg,) = home.drafts("follow_up")
    assert draft["to"] == "ana.lima@acme.example"
    assert not str(msg["Subject"]).startswith("Re:") and msg["In-Reply-To"] is None and msg["References"] is None


def test_a_follow_up_to_someone_who_got_a_thank_you_replies_in_that_thread(home):
    mail = maildir_setup(home, ONSITE, extra='[companies."Acme"]\ncontact = "ana.lima@acme.example"\n')
    onsite = ids(home, "2026-11-10T16:00")["Acme - Onsite interview"]
    home.cli("remark", onsite, "--by", "Ana Lima", "we ship daily", "--now", "2026-11-10T16:00")
    run(home, "2026-11-10T16:05")
    sent = mail.send("thank_you", "ana.lima@acme.example", "2026-11-10T18:00")
    run(home, "2026-11-17T09:00")
    (msg,) = home.drafts("follow_up")
    assert msg["In-Reply-To"] == sent["Message-ID"] and msg["Subject"] == f"Re: {sent['Subject']}"


# ---- outcomes -----------------------------------------------------------------------------------


def test_accept_answers_cold_applications_too(tmp_path):
    world = job_search(tmp_path)
    assert world.cli("run").exit_code == 0
    with world.store() as store:
        apps = {a.company: a for a in store.applications()}
        store.set_application_status(apps["Globex"].id, "cold", datetime(2026, 3, 12, tzinfo=NY), "no answer")
        store.set_application_status(apps["Initech"].id, "rejected", datetime(2026, 3, 12, tzinfo=NY))
    result = world.cli("accept", "Umbrella")
    assert result.exit_code == 0, result.output
    withdrawals = by_kind(world.drafts_in(), "withdrawal")
    assert recipients(withdrawals) == {"sam.lee@acme.example", "maria.garcia@globex.example",
                                       "talent@hooli.example"}
    assert world.statuses()["Globex"] == "withdrawn" and world.statuses()["Initech"] == "rejected"


def test_rejected_answers_the_rejection_in_its_thread(tmp_path):
    world = job_search(tmp_path)
    assert world.cli("run").exit_code == 0
    with world.store() as store:
        app = store.find_application("Globex")
        store.record_reply(app.id, datetime(2026, 3, 12, 17, tzinfo=NY), "recruiting@globex.example",
                           "Your application to Globex", "<decision-1@mx.globex.example>")
    result = world.cli("rejected", "Globex")
    assert result.exit_code == 0, result.output
    (reply,) = by_kind(world.drafts_in(), "rejection_reply")
    assert reply["In-Reply-To"] == "<decision-1@mx.globex.example>"
    assert reply["Subject"] == "Re: Your application to Globex"
    assert reply["To"].addresses[0].addr_spec == "recruiting@globex.example"


# ---- proofread FILE -----------------------------------------------------------------------------


def test_proofread_reads_the_recipient_from_the_to_line_and_never_flags_their_company(home):
    home.write_calendar(event("onsite", "Acme - Onsite interview", "20261110", (14, 15),
                              organizer=";CN=Sam Lee:mailto:sam.lee@acme.example",
                              people=(";CN=Ana Lima:mailto:ana.lima@acme.example",)),
                        vevent("g@globex.example", "Interview with Globex", ";TZID=America/New_York:20261111T100000",
                               ";TZID=America/New_York:20261111T110000",
                               organizer=";CN=Raj Patel:mailto:raj.patel@globex.example",
                               attendees=(f";CN=Alex Candidate:mailto:{ME}",)))
    home.cli("run", "--now", "2026-11-10T16:00")
    note = home.root / "ana.txt"
    note.write_text(
        "To: Ana Lima <ana.lima@acme.example>\nSubject: Thank you - Staff Engineer interview at Acme\n\n"
        "Dear Ana,\n\nThank you for speaking with me on Tuesday about the Staff Engineer role at Acme.\n"
        "Acme's plan for the Kubernetes rollout sounds right, and I remain very interested.\n\n"
        "Best regards,\nAlex Candidate\n", encoding="utf-8")
    result = home.cli("proofread", str(note), "--json", "--now", "2026-11-10T18:00")
    report = json.loads(result.output)
    assert result.exit_code == 0, report
    assert (report["kind"], report["company"], report["recipient"]) == ("thank_you", "Acme", "Ana Lima")
    assert report["findings"] == []
    wrong_day = note.read_text(encoding="utf-8").replace("on Tuesday", "on Monday").replace(
        "Acme's plan", "Acme's plan, unlike Globex's,")
    note.write_text(wrong_day, encoding="utf-8")
    report = json.loads(home.cli("proofread", str(note), "--json", "--now", "2026-11-10T18:00").output)
    assert {f["check"] for f in report["findings"] if f["severity"] == "error"} == {"wrong-date", "other-company"}
    assert all(f["excerpt"] and f["hint"] for f in report["findings"])


def test_the_remark_command_says_how_a_remark_reads_and_warns_about_spelling(home):
    home.write_calendar(ONSITE)
    iv = ids(home, "2026-11-10T16:00")["Acme - Onsite interview"]
    result = home.cli("remark", iv, "--by", "Ana Lima", "How would you shard the ledgr?", "--now", "2026-11-10T16:00")
    assert result.exit_code == 0
    assert "read as a question" in result.output and "your question about how I would shard" in result.output
    assert "warning: spelling" in result.output and "'ledgr'" in result.output
    forced = home.cli("remark", iv, "--by", "Ana Lima", "--as", "point", "trusting the metrics", "--json",
                      "--now", "2026-11-10T16:01")
    report = json.loads(forced.output)
    assert report["form"] == "point" and "your point about trusting the metrics" in report["reads_as"]
    from mailflow.store import Store

    with Store(home.root / "state.db") as store:
        forms = [(n.text, n.form) for n in store.notes()[iv]]
    assert forms == [("How would you shard the ledgr?", "question"), ("trusting the metrics", "point")]


def test_the_remark_command_prints_the_sentence_the_thank_you_uses_for_every_kind(home):
    home.write_calendar(ONSITE)
    iv = ids(home, "2026-11-10T16:00")["Acme - Onsite interview"]
    result = home.cli("remark", iv, "--by", "Ana Lima", "--kind", "amplify", "--json",
                      "falls: at Beech House we cut them from 11 to 4 a month", "--now", "2026-11-10T16:00")
    said = json.loads(result.output)["reads_as"]
    assert "to my answer on falls" in said and "answer on falls: at" not in said
    home.cli("remark", iv, "--by", "Ana Lima", "the team is split between London and Lisbon", "--now",
             "2026-11-10T16:01")
    home.cli("run", "--now", "2026-11-10T20:00")
    drafts = [(m.get_body(("plain",)) if m.is_multipart() else m).get_content() for m in home.drafts_in()
              if "ana.lima@" in str(m["To"])]
    assert drafts and said in " ".join(drafts[0].split())


def test_the_grammar_check_uses_a_languagetool_server_when_configured(home):
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer
    from urllib.parse import parse_qs

    seen = []

    class LanguageTool(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server API
            form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            seen.append((self.path, form["language"][0]))
            text = form["text"][0]
            at = text.index("has went")
            answer = {"matches": [{"message": "The past participle is 'gone'.", "offset": at, "length": 8,
                                   "replacements": [{"value": "has gone"}],
                                   "rule": {"id": "HAVE_PART_AGREEMENT", "category": {"id": "GRAMMAR"}}}]}
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), LanguageTool)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        home.write_config(f'[proofread]\nlanguagetool = "http://127.0.0.1:{server.server_port}"\n')
        note = home.root / "note.txt"
        note.write_text("Subject: Thanks\n\nDear Ana,\n\nThe time has went quickly since our call.\n\n"
                        "Best regards,\nAlex Candidate\n", encoding="utf-8")
        report = json.loads(home.cli("proofread", str(note), "--json").output)
    finally:
        server.shutdown()
        server.server_close()
    assert seen == [("/v2/check", "en-US")]
    # mailflow's own clause rules read "has went" too (an error); the server's finding is a warning
    (finding,) = [f for f in report["findings"] if f["check"] == "grammar" and "HAVE_PART_AGREEMENT" in f["message"]]
    assert finding["severity"] == "warning" and finding["excerpt"] == "has went" and "'has gone'" in finding["hint"]
