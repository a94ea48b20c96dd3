"""The pipeline can be corrected (`mailflow fix ...`), and mistakes do not stay in the
state forever: what a config change no longer produces retires by itself."""

from __future__ import annotations

import json
import re

from tests.harness.calendars import ME, PANEL, SCREEN, vevent

NOW = "2026-11-25T18:00"


def run(home, now: str = NOW) -> dict:
    result = home.cli("run", "--json", "--now", now)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def companies(home) -> set[str]:
    data = json.loads(home.cli("status", "--json", "--now", NOW).output)
    return {a["company"] for a in data["applications"]}


def test_forgetting_an_application_stops_everything_for_it_and_it_does_not_come_back(home):
    home.write_calendar(PANEL, SCREEN)
    run(home)
    written = len(home.drafts())
    result = home.cli("fix", "forget", "Globex")
    assert result.exit_code == 0 and "forgot Globex" in result.output
    later = run(home, "2026-11-27T18:00")
    assert not [d for d in later["drafts"] if d["company"] == "Globex"]
    assert "Globex" not in companies(home) and len(home.drafts()) == written
    listing = json.loads(home.cli("fix", "list", "--json").output)
    assert {a["company"]: a["status"] for a in listing["items"]}["Globex"] == "forgotten"


def test_forgetting_one_interview_leaves_the_others(home):
    home.write_calendar(PANEL, SCREEN)
    home.cli("scan", "--now", NOW)
    assert home.cli("fix", "forget", home.interview_id(now=NOW)).exit_code == 0
    report = run(home, "2026-11-26T18:00")
    assert {d["company"] for d in report["drafts"]} == {"Globex"}


def test_two_names_of_one_company_merge_and_the_merged_name_leads_to_it(home):
    second = vevent(
        "hm-1@globex.example", "Globex Corporation — hiring manager interview",
        ";TZID=America/New_York:20261125T120000", ";TZID=America/New_York:20261125T130000",
        organizer=";CN=Hank Scorpio:mailto:hank@globex.example",
        attendees=(f";PARTSTAT=ACCEPTED:mailto:{ME}",))
    home.write_calendar(SCREEN, second)
    home.cli("scan", "--now", NOW)
    assert companies(home) == {"Globex", "Globex Corporation"}
    result = home.cli("fix", "merge", "Globex Corporation", "Globex")
    assert result.exit_code == 0, result.output
    assert companies(home) == {"Globex"}
    run(home, "2026-11-26T18:00")
    assert companies(home) == {"Globex"}  # a later detection of the other name goes to Globex
    listing = json.loads(home.cli("fix", "list", "--json").output)
    globex = next(a for a in listing["items"] if a["company"] == "Globex")
    assert len(globex["interviews"]) == 2


def test_a_person_renamed_is_greeted_by_the_new_name(home):
    panel = PANEL.replace("CN=Raj Patel:mailto:raj.patel@acme.example", "CN=rpatel:mailto:raj.patel@acme.example")
    home.write_calendar(panel)
    home.cli("scan", "--now", NOW)
    assert home.cli("fix", "person", "raj.patel@acme.example", "--name", "Raj Patel").exit_code == 0
    run(home)
    body = home.drafts_by_recipient()["raj.patel@acme.example"].get_payload(decode=True).decode()
    assert body.startswith("Dear Raj,")
    home.cli("scan", "--now", NOW)  # the invite still says "rpatel": the correction stays
    listing = json.loads(home.cli("fix", "list", "--json").output)
    names = {p["email"]: p["name"] for a in listing["items"] for i in a["interviews"] for p in i["interviewers"]}
    assert names["raj.patel@acme.example"] == "Raj Patel"


def test_a_note_can_be_edited_and_deleted_and_the_unedited_draft_follows(home):
    home.write_calendar(PANEL)
    home.cli("scan", "--now", NOW)
    iv = home.interview_id(now=NOW)
    home.cli("remark", iv, "--by", "Ana Lima", "we deploy fourty times a day", "--now", NOW)
    run(home)
    notes = json.loads(home.cli("fix", "notes", iv, "--json").output)["items"]
    (typo,) = [n for n in notes if "fourty" in n["text"]]
    assert home.cli("fix", "note", str(typo["id"]), "--text", "we deploy forty times a day").exit_code == 0
    run(home, "2026-11-25T19:00")
    assert "forty times" in home.drafts_by_recipient()["ana.lima@acme.example"].get_payload(decode=True).decode()
    assert home.cli("fix", "note", str(typo["id"]), "--delete").exit_code == 0
    assert json.loads(home.cli("fix", "notes", iv, "--json").output)["items"] == []
    missing = home.cli("fix", "note", "999", "--delete")
    assert missing.exit_code == 2 and "fix notes" in missing.output


def test_someone_wrongly_taken_from_the_invite_is_dropped_and_stays_dropped(home):
    panel = PANEL.replace("CN=Room 4B;CUTYPE=ROOM:mailto:room-4b@acme.example",
                          "CN=Pat Quinn:mailto:pat.quinn@acme.example")  # the scheduler's assistant
    home.write_calendar(panel)
    home.cli("scan", "--now", NOW)
    iv = home.interview_id(now=NOW)
    assert home.cli("fix", "drop", iv, "pat.quinn@acme.example").exit_code == 0
    run(home)
    assert "pat.quinn@acme.example" not in home.drafts_by_recipient()
    home.cli("scan", "--now", NOW)
    run(home, "2026-11-26T18:00")
    assert "pat.quinn@acme.example" not in home.drafts_by_recipient()


def test_an_application_a_config_change_no_longer_produces_retires_by_itself(home):
    mock = vevent("mock-1@friend.example", "Mock interview practice with Sam",
                  ";TZID=America/New_York:20261127T100000", ";TZID=America/New_York:20261127T110000",
                  organizer=";CN=Sam:mailto:sam@practice.example", attendees=(f":mailto:{ME}",),
                  extra="DESCRIPTION:interview practice for the Acme onsite")
    home.write_calendar(PANEL, mock.replace("Mock interview practice", "Practice W interview"))
    run(home)
    assert len(companies(home)) == 2  # the practice session was taken for a second company
    home.write_config('[detect]\nexclude = ["practice"]\n')
    report = run(home, "2026-11-25T19:00")
    assert any(u.get("change") == "retired" for u in report["updates"])
    assert companies(home) == {"Acme"}
    accept = home.cli("accept", "Acme", "--dry-run", "--now", "2026-11-25T19:00")
    assert "practice" not in accept.output.lower()


def test_an_event_in_two_calendars_counts_once(home):
    home.write_calendar(PANEL)
    (home.root / "copy.ics").write_text(home.calendar.read_text())
    home.write_config(calendars='[[calendars]]\ntype = "ics"\npath = "calendar.ics"\n'
                                '[[calendars]]\ntype = "ics"\npath = "copy.ics"\n')
    report = run(home)
    assert len(report["interviews"]) == 1
    assert sorted(d["to"] for d in report["drafts"]) == sorted({d["to"] for d in report["drafts"]})
    assert len(home.drafts()) == 3


def test_calendar_text_cannot_break_lines_or_send_escapes_to_the_terminal(home):
    evil = vevent(
        "evil-1@vandelay.example", "Final round interview — Vandelay Industries\\nBcc: eve@evil.example\x1b[2J",
        ";TZID=America/New_York:20261124T140000", ";TZID=America/New_York:20261124T150000",
        organizer=";CN=Art\x1b]0;pwned\x07 Vandelay:mailto:art@vandelay.example",
        attendees=(f":mailto:{ME}", ";CN=Art Vandelay:mailto:art@vandelay.example"))
    home.write_calendar(evil)
    for command in (["scan", "--explain"], ["run"], ["status"], ["fix", "list"]):
        result = home.cli(*command, "--now", NOW)
        assert "\x1b" not in result.output and "\x07" not in result.output, command
        assert not re.search(r"^Bcc:", result.output, re.MULTILINE), command
    data = json.loads(home.cli("scan", "--json", "--now", NOW).output)
    (event,) = [e for e in data["events"] if e["interview"]]
    assert event["company"] == "Vandelay Industries"
    (draft,) = home.drafts()
    assert "Bcc" not in str(draft["Subject"]) and draft["Bcc"] is None


def test_deleting_an_interviewers_block_in_the_debrief_removes_their_notes(home, monkeypatch):
    home.write_calendar(PANEL)
    home.cli("scan", "--now", NOW)
    iv = home.interview_id(now=NOW)
    home.cli("remark", iv, "--by", "Raj Patel", "on-call is shared", "--now", NOW)
    editor = home.root / "cut.py"
    editor.write_text(
        "import re, sys\np = sys.argv[1]\nt = open(p).read()\n"
        "blocks = t.split('[[interviewer]]')\n"
        "t = '[[interviewer]]'.join(b for b in blocks if 'raj.patel@acme.example' not in b)\n"
        "open(p, 'w').write(t)\n")
    monkeypatch.setenv("EDITOR", f"python3 {editor}")
    result = home.cli("debrief", iv, "--now", NOW)
    assert result.exit_code == 0, result.output
    assert json.loads(home.cli("fix", "notes", iv, "--json").output)["items"] == []


def test_by_takes_an_address_a_name_or_name_and_address_and_refuses_anything_else(home):
    home.write_calendar(PANEL)
    home.cli("scan", "--now", NOW)
    iv = home.interview_id(now=NOW)
    for who in ("ana.lima@acme.example", "Ana Lima", "Ana Lima <ana.lima@acme.example>", "Ana"):
        result = home.cli("remark", iv, "--by", who, f"said via {who}", "--now", NOW)
        assert result.exit_code == 0 and "ana.lima@acme.example" in result.output, (who, result.output)
    added = home.cli("remark", iv, "--by", "Sam Lee <sam.lee@acme.example>", "we decide on Friday", "--now", NOW)
    assert added.exit_code == 0 and "Sam Lee <sam.lee@acme.example>" in added.output
    for bad in ("Sam Lee <sam.lee@acme.example>, eve@evil.example", "sam@lee@acme.example", "<>", "x <y>"):
        result = home.cli("remark", iv, "--by", bad, "text", "--now", NOW)
        assert result.exit_code == 2 and "--by" in result.output, (bad, result.output)
    listing = json.loads(home.cli("fix", "list", "--json").output)
    emails = {p["email"] for a in listing["items"] for i in a["interviews"] for p in i["interviewers"]}
    assert all("<" not in e and "," not in e for e in emails) and "sam.lee@acme.example" in emails
    assert home.cli("run", "--now", NOW).exit_code == 0
