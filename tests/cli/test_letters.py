"""The letters as a user gets them from the command line: `remark` prints the sentence the
draft carries, a promised file is really attached, role mailboxes are greeted as a team,
one-person calls never claim "the team", and an unedited draft never says a stale "today"."""

from __future__ import annotations

import email
import json
from email.policy import default as default_policy

from tests.harness.calendars import ME, MY_NAME, onsite_panel, vevent
from tests.harness.home import Home

NOW = "2026-11-24T18:00:00-05:00"  # the panel (14:00-15:30 New York) is over


def panel_home(tmp_path) -> Home:
    home = Home.configured(tmp_path, now=NOW)
    home.write_calendar(onsite_panel())
    assert home.cli("scan").exit_code == 0
    return home


def body_of(msg) -> str:
    parsed = email.message_from_bytes(bytes(msg), policy=default_policy)
    return parsed.get_body(("plain",)).get_content()


def test_remark_prints_the_sentence_the_draft_carries(tmp_path):
    home = panel_home(tmp_path)
    for who, text in (("Ana Lima", "how would you cut our warehouse costs"),
                      ("Zoë Müller", "her story about the first eviction clinic in the church basement"),
                      ("Raj Patel", "pro bono hours count toward billable targets at the firm")):
        done = home.cli("remark", "Acme", text, "--by", who, "--json")
        assert done.exit_code == 0, done.output
        reads = json.loads(done.output)["reads_as"]
        assert home.cli("run").exit_code == 0
        draft = next(m for m in home.drafts() if who.split()[0].lower().replace("ë", "e") in str(m["To"]).lower())
        assert reads and reads in body_of(draft)


def test_remark_warns_when_the_sentence_it_makes_would_not_pass_the_proofreader(tmp_path):
    home = panel_home(tmp_path)
    done = home.cli("remark", "Acme", "a interesting take on caching", "--by", "Ana Lima", "--json")
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    grammar = [w for w in report["warnings"] if w["check"] == "grammar"]
    assert grammar and grammar[0]["severity"] == "warning" and "an interesting" in grammar[0]["hint"]
    assert "a interesting" in report["reads_as"]
    plain = home.cli("remark", "Acme", "how they cut warehouse costs by a third", "--by", "Raj Patel", "--json")
    assert not [w for w in json.loads(plain.output)["warnings"] if w["check"] == "grammar"]
    shown = home.cli("remark", "Acme", "a interesting take on caching", "--by", "Zoë Müller")
    assert "warning: grammar: the sentence it makes" in shown.output


def test_remark_says_which_slip_the_letter_writes_out_and_which_short_form_it_keeps(tmp_path):
    home = panel_home(tmp_path)
    done = home.cli("remark", "Acme", "tenants can withold rent for repairs", "--by", "Ana Lima", "--json")
    report = json.loads(done.output)
    assert "withhold rent" in report["reads_as"]
    assert any("'withold' is written 'withhold'" in w["message"] for w in report["warnings"])
    kept = json.loads(home.cli("remark", "Acme", "the vac scheme runs in July", "--by", "Raj Patel", "--json").output)
    assert "vac scheme" in kept["reads_as"]
    assert any("'vac' may be short for another word (vacation" in w["message"] for w in kept["warnings"])


def test_remark_refuses_what_cannot_make_a_sentence_and_says_how_to_phrase_it(tmp_path):
    home = panel_home(tmp_path)
    done = home.cli("remark", "Acme", "idk", "--by", "Ana Lima")
    assert done.exit_code != 0
    assert "cannot make a sentence" in done.output and "e.g." in done.output
    assert home.cli("remark", "Acme", "tbd", "--by", "Ana Lima", "--kind", "link").exit_code != 0


def test_a_promised_file_is_attached_to_the_draft_and_the_note_says_so(tmp_path):
    home = panel_home(tmp_path)
    notes = tmp_path / "dbt-testing-notes.pdf"
    notes.write_bytes(b"%PDF-1.4\n% notes\n")
    done = home.cli("remark", "Acme", "my notes on testing dbt models", "--by", "Ana Lima", "--kind", "promised",
                    "--file", str(notes))
    assert done.exit_code == 0, done.output
    assert home.cli("remark", "Acme", "the design doc", "--by", "Raj Patel", "--kind", "promised").exit_code == 0
    assert home.cli("run").exit_code == 0
    drafts = home.drafts_by_recipient()
    ana = email.message_from_bytes(bytes(drafts["ana.lima@acme.example"]), policy=default_policy)
    parts = list(ana.iter_attachments())
    assert [p.get_filename() for p in parts] == ["dbt-testing-notes.pdf"]
    assert parts[0].get_content_type() == "application/pdf" and parts[0].get_content() == notes.read_bytes()
    assert "attached my notes on testing dbt models" in body_of(drafts["ana.lima@acme.example"])
    raj = body_of(drafts["raj.patel@acme.example"])
    assert "attach" not in raj and "I will send the design doc separately" in raj or "with the design doc" in raj


def test_a_missing_or_too_large_file_is_refused_naming_the_fix(tmp_path):
    home = panel_home(tmp_path)
    done = home.cli("remark", "Acme", "the deck", "--by", "Ana Lima", "--kind", "promised", "--file",
                    str(tmp_path / "nope.pdf"))
    assert done.exit_code != 0 and "no such file" in done.output
    big = tmp_path / "big.bin"
    big.write_bytes(b"0" * 3_100_000)
    done = home.cli("remark", "Acme", "the deck", "--by", "Ana Lima", "--kind", "promised", "--file", str(big))
    assert done.exit_code != 0 and "MB" in done.output and "link" in done.output


def one_to_one(extra: str = "", who: str = ";CN=Dana Reyes:mailto:dana.reyes@pinecrest.example") -> str:
    return vevent("call-1@pinecrest.example", "Pinecrest Mechanical — Lead HVAC Technician interview",
                  ";TZID=America/New_York:20261124T100000", ";TZID=America/New_York:20261124T103000",
                  attendees=(f";CN={MY_NAME};PARTSTAT=ACCEPTED:mailto:{ME}", who), extra=extra)


def test_a_role_mailbox_is_greeted_as_the_company_team(tmp_path):
    home = Home.configured(tmp_path, now="2026-11-24T13:00:00-05:00")
    home.write_calendar(one_to_one(who=";CN=jobs:mailto:jobs@pinecrest.example"))
    assert home.cli("scan").exit_code == 0
    assert home.cli("remark", "Pinecrest Mechanical", "truck and tools provided, on-call one week in four", "--by",
                    "jobs@pinecrest.example").exit_code == 0
    assert home.cli("run").exit_code == 0
    body = body_of(home.drafts()[0])
    assert body.startswith("Dear Pinecrest Mechanical team,")
    assert "Dear Pinecrest," not in body and "Dear Jobs," not in body


def test_an_unedited_draft_names_the_day_so_it_stays_true(tmp_path):
    home = Home.configured(tmp_path, now="2026-11-24T13:00:00-05:00")
    home.write_calendar(one_to_one())
    assert home.cli("scan").exit_code == 0
    assert home.cli("remark", "Pinecrest Mechanical", "the fleet is 40 years old", "--by", "Dana Reyes").exit_code == 0
    assert home.cli("run").exit_code == 0
    body = body_of(home.drafts()[0])
    assert "on Tuesday" in body and "today" not in body and "yesterday" not in body
    assert "Lead HVAC Technician" in body and "the open role" not in body


def test_the_follow_up_after_a_one_person_call_does_not_claim_the_team():
    rendered = _render_follow_up(panel=False)
    assert "meeting the team" not in rendered and "enjoyed the interview" in rendered
    assert "meeting the team" in _render_follow_up(panel=True)


def _render_follow_up(panel: bool) -> str:
    from mailflow.compose import Composer
    from mailflow.config import Config, Profile

    composer = Composer(Config(profile=Profile(name=MY_NAME, email=ME, signature=MY_NAME)))
    context = {"me": {"name": MY_NAME, "first_name": "Alex", "email": ME, "signature": MY_NAME},
               "contact": {"name": "Dana Reyes", "first_name": "Dana", "email": "dana@x.example"},
               "interviewer": {"name": "Dana Reyes", "first_name": "Dana", "email": "dana@x.example"},
               "company": "Pinecrest", "role": "Technician", "number": 1, "thread_subject": "",
               "interview": {"when": "on Tuesday", "panel": panel, "date": "Tuesday, November 24", "weekday": "Tuesday"},
               "mention_offer": False, "reason": "", "remark": "", "timeline": "", "timeline_date": "",
               "timeline_by": ""}
    return composer.render("follow_up", context).body


def test_remark_says_which_chat_marks_emoji_and_clipped_words_the_letter_leaves_out_or_writes_out(tmp_path):
    home = panel_home(tmp_path)
    done = home.cli("remark", "Acme", "u cover everything incl. the recon stuff tbh 🙂", "--by", "Ana Lima", "--json")
    report = json.loads(done.output)
    assert "including the recon stuff" in report["reads_as"]
    assert "tbh" not in report["reads_as"] and "🙂" not in report["reads_as"]
    messages = [w["message"] for w in report["warnings"]]
    assert "'tbh' reads as chat shorthand: the letter leaves it out" in messages
    assert "'incl' is written 'including' in the letter" in messages
    assert "emoji and emoticons are left out of the letter" in messages


def test_remark_keeps_a_short_term_inside_the_remark_and_says_so(tmp_path):
    home = panel_home(tmp_path)
    done = home.cli("remark", "Acme", "the platform runs on aws and gcp, k8s too", "--by", "Ana Lima", "--json")
    report = json.loads(done.output)
    assert "aws and gcp, k8s too" in report["reads_as"]
    messages = [w["message"] for w in report["warnings"]]
    assert "'gcp' may be chat shorthand or a short term: the letter keeps it as typed" in messages
    assert not any("leaves it out" in m for m in messages)


def test_remark_finds_the_interviewer_whose_name_on_the_invite_holds_every_word_typed(tmp_path):
    from mailflow.commands.notes import _by_every_word
    from mailflow.model import Interviewer, NameSource

    people = [Interviewer("a.okoro@ch.example", "Sir Anthony Okoro KC", NameSource.INVITE),
              Interviewer("hiroshi.tanaka@pr.example", "Tanaka Hiroshi", NameSource.INVITE),
              Interviewer("chair@school.example", "Rev. Canon Hugh Pellew", NameSource.INVITE),
              Interviewer("hugh.b@school.example", "Hugh Barrow", NameSource.INVITE)]
    assert _by_every_word(people, "Anthony Okoro").email == "a.okoro@ch.example"
    assert _by_every_word(people, "Hiroshi Tanaka").email == "hiroshi.tanaka@pr.example"
    assert _by_every_word(people, "Hugh Pellew").email == "chair@school.example"
    assert _by_every_word(people, "Hugh") is None  # one word: the usual lookup, which asks when it is unsure
    assert _by_every_word(people, "Hugh Okoro") is None
