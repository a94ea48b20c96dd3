"""`mailflow run` end to end on the Maildir backend, as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.harness.calendars import ME, PANEL, REPO, SCREEN, vevent
from tests.harness.home import Home

NOW = "2026-11-25T18:00"  # New York time; the panel ended 26.5 h earlier


# ---- the bundled example, on any day --------------------------------------------------

@pytest.fixture
def example(tmp_path):
    shutil.copy(REPO / "config.example.toml", tmp_path / "config.example.toml")
    (tmp_path / "examples").mkdir()
    shutil.copy(REPO / "examples" / "interviews.ics", tmp_path / "examples" / "interviews.ics")
    return tmp_path


@pytest.mark.parametrize("now", [
    "2021-01-01T00:00", "2026-03-08T03:30", "2026-11-01T01:30", "2026-11-24T16:00",
    "2027-06-15T12:00", "2028-02-29T23:59", "2031-12-31T09:00",
])
def test_the_example_works_on_any_day(example, now):
    from click.testing import CliRunner

    from mailflow.cli import main

    config = str(example / "config.example.toml")
    result = CliRunner().invoke(main, ["--config", config, "run", "--json", "--now", now], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    companies = {i["company"] for i in report["interviews"]}
    assert {"Acme", "Globex", "Initech"} <= companies
    assert not {"Hooli", "Umbrella"} & companies  # cancelled, declined
    drafted = {(d["interview"], d["to"]) for d in report["drafts"]}
    waiting = {(w["interview"], w["interviewer"]) for w in report["waiting"]}
    past = [i for i in report["interviews"] if i["end"] <= report["now"]]
    expected = {(i["id"], p["email"]) for i in past for p in i["interviewers"]}
    assert drafted | waiting == expected and not drafted & waiting
    assert drafted, "a week of the example always has an interview older than the remark deadline"
    box = example / "examples" / "drafts"
    assert len(list((box / "cur").iterdir())) == len(drafted)


# ---- the thank-you notes ------------------------------------------------------------------

def test_one_draft_per_interviewer_quoting_the_recorded_remark(home):
    home.write_calendar(PANEL, SCREEN)
    iv = home.interview_id(now=NOW)
    remark = 'we deploy to production forty times a day, and "rollback" is a button'
    result = home.cli("remark", iv, "--by", "Ana Lima", "--as", "quote", remark, "--now", NOW)
    assert result.exit_code == 0 and "Ana Lima" in result.output
    result = home.cli("run", "--now", NOW)
    assert result.exit_code == 0, result.output
    drafts = home.drafts_by_recipient()
    assert set(drafts) == {"ana.lima@acme.example", "zoe.muller@acme.example", "raj.patel@acme.example"}
    ana = drafts["ana.lima@acme.example"].get_payload(decode=True).decode()
    # the quote keeps its words; its inner quotes turn single, and the stop goes outside
    assert """"we deploy to production forty times a day, and 'rollback' is a button".""" in ana
    assert ana.startswith("Dear Ana,") and "Senior Backend Engineer role at Acme" in ana
    for other in ("zoe.muller@acme.example", "raj.patel@acme.example"):
        body = drafts[other].get_payload(decode=True).decode()
        assert remark not in body and "[REMARK:" in body
    zoe = drafts["zoe.muller@acme.example"]
    assert "Dear Zoë," in zoe.get_payload(decode=True).decode("utf-8")
    assert all("D" in m.get_flags() for m in drafts.values())
    # the phone screen ended 7.5 h ago with no remark: waiting, named in the output
    assert "waiting for a debrief" in result.output and "maria.garcia@globex.example" in result.output


def test_a_rerun_works_out_no_drafts_inputs_again_until_a_remark_changes_one(home, monkeypatch):
    """What each thank-you draft is written from is kept by a digest of it: a run with
    nothing new does not work it out again; a remark does, and its draft is rewritten."""
    from mailflow.compose import letters

    worked_out = []
    inputs_digest = letters.inputs_digest

    def counting(item, *args):
        worked_out.append(item.recipient.email)
        return inputs_digest(item, *args)

    monkeypatch.setattr(letters, "inputs_digest", counting)
    home.write_calendar(PANEL)
    iv = home.interview_id(now=NOW)
    assert home.cli("run", "--now", NOW).exit_code == 0
    assert home.cli("run", "--now", NOW).exit_code == 0  # the drafts' inputs are kept
    worked_out.clear()
    assert home.cli("run", "--now", NOW).exit_code == 0
    assert worked_out == []
    home.cli("remark", iv, "--by", "Ana Lima", "--as", "quote", "rollback is a button", "--now", NOW)
    assert home.cli("run", "--now", NOW).exit_code == 0
    assert worked_out.count("ana.lima@acme.example") == 1
    assert "rollback is a button" in home.drafts_by_recipient()["ana.lima@acme.example"].get_payload(decode=True).decode()


def test_a_drafts_folder_listed_as_it_was_is_not_read_again_but_an_edit_or_a_deletion_is_seen(home, monkeypatch):
    """Once a run found every draft as recorded under a listing of the drafts folder that
    can be trusted (nothing in it changed in the last seconds: file and folder times are
    coarse), a run that lists the folder the same reads no draft. A draft edited in place
    (the same file name) or deleted changes the listing, and the next run sees it. (Times
    are set an hour back, as for drafts written before the last cron run.)"""
    from mailflow.mailboxes.maildir import MaildirMailbox

    read = []
    statuses = MaildirMailbox._statuses

    def counting(self, items, **kwargs):
        read.append(len(items))
        return statuses(self, items, **kwargs)

    monkeypatch.setattr(MaildirMailbox, "_statuses", counting)

    def settle():
        for path in [*home.drafts_path.glob("*/*"), home.drafts_path / "cur", home.drafts_path / "new"]:
            past = path.stat().st_mtime_ns - 3600 * 10**9
            os.utime(path, ns=(past, past))

    def run_once(now=NOW):
        read.clear()
        result = home.cli("run", "--json", "--now", now)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    home.write_calendar(PANEL)
    assert run_once()["drafts"]
    run_once()
    assert read == [3]  # written a moment ago: the listing is not vouched for
    run_once()
    assert read == [3]
    settle()
    run_once()
    assert read == [3]  # read once more under a settled listing, every draft as recorded
    run_once()
    assert read == []  # listed the same: nothing read
    # an edit in place: the same file, new words
    (name,) = [p for p in (home.drafts_path / "cur").iterdir() if b"ana.lima@" in p.read_bytes().split(b"\n\n")[0]]
    name.write_bytes(name.read_bytes().replace(b"Thank you", b"Many thanks", 1) + b"\nP.S. Mine now.\n")
    settle()
    updates = run_once()["updates"]
    assert read == [3]
    assert [u["change"] for u in updates if u["change"] == "edited"] == ["edited"]
    run_once()
    assert read == [3]  # recorded as edited now: found so once more, then trusted
    run_once()
    assert read == []
    # a deletion: seen at once, and called deleted once the grace period is over
    victim = next(p for p in (home.drafts_path / "cur").iterdir() if p != name)
    victim.unlink()
    run_once()
    assert read == [3]
    with home.store() as store:
        assert sum(m.missing_since is not None for m in store.messages().values()) == 1
    later = run_once("2026-11-26T18:00")
    assert read == [3]  # a draft missing is asked about until it is settled
    assert [u["change"] for u in later["updates"] if u["change"] == "deleted"] == ["deleted"]
    settle()
    run_once("2026-11-26T18:00")
    assert read == [2]
    run_once("2026-11-26T18:00")
    assert read == []


def test_a_run_that_finds_the_drafts_folder_as_it_was_rewrites_no_draft_and_the_grace_counts_from_it(home,
                                                                                                    monkeypatch):
    """A run whose drafts folder is listed as it was, or that reads it and finds every
    draft as recorded, writes no draft's row: one small row says when they were all seen
    (a mailbox on a server, which has no listing, is read every run). A draft deleted
    afterwards is still given its grace period counted from that run, not from the last
    time its row was written."""
    from mailflow.store import Store

    written: list[str] = []
    opened = Store.__init__

    def tracing(self, *args, **kwargs):
        opened(self, *args, **kwargs)
        self.db.set_trace_callback(
            lambda sql: written.append(sql) if "messages" in sql and not sql.lstrip().upper().startswith(
                ("SELECT", "PRAGMA")) else None)

    monkeypatch.setattr(Store, "__init__", tracing)

    def settle():
        for path in [*home.drafts_path.glob("*/*"), home.drafts_path / "cur", home.drafts_path / "new"]:
            past = path.stat().st_mtime_ns - 3600 * 10**9
            os.utime(path, ns=(past, past))

    def rows():
        with home.store() as store:
            return sorted(tuple(r) for r in store.db.execute("SELECT * FROM messages"))

    def run_once(now):
        written.clear()
        result = home.cli("run", "--json", "--now", now)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    home.write_calendar(PANEL)
    assert len(run_once(NOW)["drafts"]) == 3
    settle()
    before = rows()
    run_once(NOW)  # a full read under a settled listing: every draft as recorded, no row written either
    assert written == []
    assert rows() == before
    for now in ("2026-11-25T23:00", "2026-11-26T00:00"):
        assert run_once(now)["updates"] == []
        assert written == []  # listed as it was: no draft row rewritten
        assert rows() == before
    # deleted after the run at midnight: seen then, so it waits 6 h from midnight
    # (the rows were last written at 18:00 the day before)
    next(p for p in (home.drafts_path / "cur").iterdir()).unlink()
    early = run_once("2026-11-26T05:00")
    assert [u for u in early["updates"] if u["change"] == "deleted"] == []
    late = run_once("2026-11-26T06:30")
    assert [u["change"] for u in late["updates"] if u["change"] == "deleted"] == ["deleted"]


def test_waiting_until_the_deadline_then_a_placeholder(home):
    home.write_calendar(SCREEN)
    early = home.cli("run", "--json", "--now", "2026-11-25T12:00")
    report = json.loads(early.output)
    assert report["drafts"] == [] and report["waiting"][0]["interviewer"] == "maria.garcia@globex.example"
    late = json.loads(home.cli("run", "--json", "--now", "2026-11-26T07:00").output)
    (draft,) = late["drafts"]
    assert draft["placeholder"] and draft["to"] == "maria.garcia@globex.example"


def test_a_moved_interview_moves_its_timing_and_a_cancelled_one_writes_nothing(home):
    home.write_calendar(SCREEN, PANEL)
    home.cli("run", "--now", "2026-11-24T09:00")  # both upcoming
    moved = SCREEN.replace("20261125T100000", "20261127T100000").replace("20261125T103000", "20261127T103000")
    cancelled = PANEL.replace("END:VEVENT", "STATUS:CANCELLED\nEND:VEVENT")
    home.write_calendar(moved, cancelled)
    result = home.cli("run", "--json", "--now", "2026-11-26T12:00")
    report = json.loads(result.output)
    changes = {u["change"] for u in report["updates"]}
    assert {"moved", "cancelled"} <= changes
    assert report["drafts"] == [] and home.drafts() == []


def test_a_run_over_an_unchanged_calendar_file_neither_digests_nor_detects_its_events_again(home, monkeypatch):
    """The calendar's cache keeps each event's digest with it: the run after the one that
    read the file looks its verdicts up by them, without working them out again."""
    from mailflow.engine import verdicts
    from mailflow.rules.detect import Detector

    calls = {"digest": 0, "detect": 0}
    digest, detect = verdicts._digest, Detector.detect

    def counting_digest(event):
        calls["digest"] += 1
        return digest(event)

    def counting_detect(self, event):
        calls["detect"] += 1
        return detect(self, event)

    monkeypatch.setattr(verdicts, "_digest", counting_digest)
    monkeypatch.setattr(Detector, "detect", counting_detect)
    meetings = [vevent(f"sync-{n}", f"Team sync {n}", f":2026112{n}T150000Z", f":2026112{n}T160000Z")
                for n in range(4)]
    home.write_calendar(SCREEN, PANEL, *meetings)
    first = json.loads(home.cli("run", "--json", "--now", "2026-11-24T09:00").output)
    assert calls == {"digest": 0, "detect": 6}
    again = json.loads(home.cli("run", "--json", "--now", "2026-11-24T09:30").output)
    assert calls == {"digest": 0, "detect": 6}
    assert again["interviews"] == first["interviews"] and len(first["interviews"]) == 2
    home.write_calendar(SCREEN, PANEL.replace("Onsite panel", "Onsite panel (room 4B)"), *meetings)
    changed = json.loads(home.cli("run", "--json", "--now", "2026-11-24T10:00").output)
    assert calls == {"digest": 0, "detect": 7}  # the file is read again: only the changed event is detected
    assert any("(room 4B)" in i["title"] for i in changed["interviews"])


def test_only_events_that_were_interviews_are_asked_to_be_cancelled(home, monkeypatch):
    """Meetings that never were interviews cost no store lookup each: the store is asked
    to cancel only what it holds as a scheduled interview, and that still happens."""
    from mailflow.store import Store

    asked = []
    cancel = Store.cancel_interview

    def counting(self, event_key, now):
        asked.append(event_key.split("|")[0])
        return cancel(self, event_key, now)

    monkeypatch.setattr(Store, "cancel_interview", counting)
    meetings = [vevent(f"sync-{n}", f"Team sync {n}", f":2026112{n}T150000Z", f":2026112{n}T160000Z")
                for n in range(4)]
    home.write_calendar(SCREEN, PANEL, *meetings)
    assert home.cli("run", "--now", "2026-11-24T09:00").exit_code == 0
    assert asked == []
    retitled = PANEL.replace("END:VEVENT", "STATUS:CANCELLED\nEND:VEVENT")
    home.write_calendar(SCREEN, retitled, *meetings)
    report = json.loads(home.cli("run", "--json", "--now", "2026-11-24T10:00").output)
    assert len(asked) == 1 and "cancelled" in {u["change"] for u in report["updates"]}
    assert home.cli("run", "--now", "2026-11-24T11:00").exit_code == 0
    assert len(asked) == 1  # cancelled: not asked again


def test_missing_calendar_is_reported_and_the_others_go_on(home):
    home.write_calendar(PANEL)
    home.write_config(calendars=textwrap.dedent("""\
        [[calendars]]
        path = "gone.ics"
        [[calendars]]
        path = "calendar.ics"
        """))
    result = home.cli("run", "--now", NOW)
    assert result.exit_code == 1
    assert "gone.ics" in result.output and "no such file" in result.output
    assert len(home.drafts()) == 3


def test_dry_run_writes_nothing_at_all(home):
    home.write_calendar(PANEL)
    result = home.cli("run", "--dry-run", "--now", NOW)
    assert result.exit_code == 0 and "would draft 3" in result.output
    assert home.drafts() == [] and not home.drafts_path.exists()
    assert not (home.root / "state.db").exists()
    home.cli("run", "--now", "2026-11-24T12:00")  # a real run before the interview ends
    assert home.cli("run", "--dry-run", "--now", NOW).exit_code == 0
    status = json.loads(home.cli("status", "--json", "--now", NOW).output)
    assert [m for a in status["applications"] for m in a["messages"]] == [] and home.drafts() == []


def test_json_outputs_are_complete(home):
    home.write_calendar(PANEL, SCREEN)
    run = json.loads(home.cli("run", "--json", "--now", NOW).output)
    assert {"now", "sources", "interviews", "drafts", "waiting", "overdue", "skipped", "problems"} <= set(run)
    assert run["sources"][0]["ok"] and run["sources"][0]["events"] == 2
    status = json.loads(home.cli("status", "--json", "--now", NOW).output)
    acme = next(a for a in status["applications"] if a["company"] == "Acme")
    assert acme["role"] == "Senior Backend Engineer" and acme["contact"] == "sam.lee@acme.example"
    assert {p["thank_you"] for p in acme["interviews"][0]["interviewers"]} == {"draft"}
    scan = json.loads(home.cli("scan", "--json", "--now", NOW).output)
    assert all("reasons" in e for e in scan["events"])


def test_scan_explain_says_why(home):
    home.write_calendar(PANEL, vevent("dentist", "Dentist", ":20261125T150000Z", ":20261125T160000Z"))
    result = home.cli("scan", "--explain", "--now", NOW)
    assert "Dentist" in result.output and "no interview keyword" in result.output
    assert "interview: title says 'Onsite'" in result.output


def test_preview_prints_and_writes_nothing(home):
    home.write_calendar(PANEL)
    result = home.cli("preview", home.interview_id(now=NOW), "--now", NOW)
    subjects = [line for line in result.output.splitlines() if line.startswith("Subject: ")]
    # three notes to one company: three subjects, each naming its reader
    assert len(subjects) == 3 and len(set(subjects)) == 3
    assert all(any(name in s for name in ("Ana", "Zoë", "Raj")) for s in subjects)
    assert home.drafts() == []


def test_remark_for_someone_not_on_the_invite(home):
    home.write_calendar(PANEL)
    result = home.cli("remark", home.interview_id(now=NOW), "--by", "Bob", "x", "--now", NOW)
    assert result.exit_code == 2 and "not an interviewer" in result.output and "Ana Lima" in result.output


# ---- exactly once, across processes -------------------------------------------------------

def _env(home, extra_path: Path | None = None) -> dict:
    """A child's environment: the config and the time from the environment, ``extra_path``
    (a ``sitecustomize`` that hooks mailflow) before the repository on PYTHONPATH."""
    env = home.child_env(MAILFLOW_CONFIG=str(home.config), MAILFLOW_NOW=NOW)
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join([str(extra_path), env["PYTHONPATH"]])
    return env


def _many_interviewers(n: int) -> str:
    people = tuple(f";CN=Person {i}:mailto:p{i}@acme.example" for i in range(n))
    return vevent("big-panel", "Acme — Onsite", ";TZID=America/New_York:20261124T140000",
                  ";TZID=America/New_York:20261124T153000", attendees=(f":mailto:{ME}", *people))


def test_two_runs_started_together_write_each_draft_once(home):
    home.write_config("[detect]\nmax_interviewers = 30\n")  # a big panel: many drafts, wide race windows
    home.write_calendar(_many_interviewers(25))
    env = _env(home)
    for _ in range(3):
        procs = [subprocess.Popen([sys.executable, "-m", "mailflow", "run"], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(2)]
        outputs = [p.communicate(timeout=60)[0].decode() for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outputs
        keys = [m["X-Mailflow-Key"] for m in home.drafts()]
        assert len(keys) == 25 and len(set(keys)) == 25


@pytest.mark.parametrize("moment", ["before-write", "after-write"])
def test_a_run_killed_between_intent_and_confirmation_is_recovered(home, tmp_path, moment):
    home.write_calendar(_many_interviewers(4))
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(textwrap.dedent(f"""\
        import os, signal
        from mailflow.mailboxes import maildir
        original = maildir.MaildirMailbox._create_draft
        def create_draft(self, draft):
            if "{moment}" == "before-write":
                os.kill(os.getpid(), signal.SIGKILL)
            original(self, draft)
            os.kill(os.getpid(), signal.SIGKILL)
        maildir.MaildirMailbox._create_draft = create_draft
        """))
    crashed = subprocess.run([sys.executable, "-m", "mailflow", "run"], env=_env(home, hook), capture_output=True)
    assert crashed.returncode == -9
    assert len(home.drafts()) == (1 if moment == "after-write" else 0)
    status = json.loads(home.cli("status", "--json", "--now", NOW).output)
    states = [m["status"] for a in status["applications"] for m in a["messages"]]
    assert states == ["intent"] * 4  # every intent is recorded before the first write
    recovered = subprocess.run([sys.executable, "-m", "mailflow", "run"], env=_env(home), capture_output=True, text=True)
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    assert "recovered after an interruption" in recovered.stdout
    keys = [m["X-Mailflow-Key"] for m in home.drafts()]
    assert len(keys) == 4 and len(set(keys)) == 4


def test_proofread_an_edited_draft_with_the_context_of_the_state(home):
    home.write_calendar(PANEL, SCREEN)
    iv = home.interview_id(now=NOW)
    home.cli("remark", iv, "--by", "Ana Lima", "we deploy forty times a day", "--now", NOW)
    home.cli("run", "--now", NOW)
    draft = next(p for p in (home.drafts_path / "cur").iterdir() if b"ana.lima@acme.example" in p.read_bytes())
    clean = home.cli("proofread", str(draft), "--json")
    assert clean.exit_code == 0, clean.output
    result = json.loads(clean.output)
    assert (result["kind"], result["company"], result["recipient"]) == ("thank_you", "Acme", "Ana Lima")
    edited = home.root / "edited.eml"
    text = draft.read_text(encoding="utf-8").replace("Dear Ana,\n", "Dear Anna,\nGlobex and I met too.\n")
    edited.write_text(text, encoding="utf-8")
    bad = home.cli("proofread", str(edited))
    assert bad.exit_code == 1
    assert "name:" in bad.output and "other-company:" in bad.output and "'Globex'" in bad.output
    missing = home.cli("proofread", str(home.root / "nope.txt"))
    assert missing.exit_code == 2 and "nope.txt: no such file" in missing.output


def test_quiet_cron_runs_remind_of_an_overdue_note_once_a_day(home):
    home.write_calendar(PANEL)
    assert home.cli("run", "--quiet", "--now", "2026-11-25T09:00").output  # a new interview: worth a mail
    assert home.cli("run", "--quiet", "--now", "2026-11-25T09:30").output == ""  # nothing new
    assert "drafted 3" in home.cli("run", "--quiet", "--now", "2026-11-25T12:00").output  # the 20 h deadline
    assert home.cli("run", "--quiet", "--now", "2026-11-25T12:30").output == ""
    first = home.cli("run", "--quiet", "--now", "2026-11-25T16:00")  # 24 h after the panel ended
    assert "overdue: thank-you to" in first.output
    assert home.cli("run", "--quiet", "--now", "2026-11-25T16:30").output == ""
    assert home.cli("run", "--quiet", "--now", "2026-11-26T15:00").output == ""
    assert "overdue" in home.cli("run", "--quiet", "--now", "2026-11-26T16:00").output  # a day later
    assert "overdue" in home.cli("run", "--now", "2026-11-26T16:30").output  # without --quiet: always


def test_a_timeline_from_the_recruiter_does_not_make_them_an_interviewer(home):
    home.write_calendar(PANEL)
    iv = home.interview_id(now=NOW)
    result = home.cli("remark", iv, "--by", "sam.lee@acme.example", "--kind", "timeline", "we'll decide by Friday",
                      "--now", NOW)
    assert result.exit_code == 0 and "recorded timeline" in result.output
    home.cli("run", "--now", NOW)
    assert "sam.lee@acme.example" not in home.drafts_by_recipient()
    assert len(home.drafts()) == 3
    # someone not on the invite is added only when the user says so (--new): they were there
    refused = home.cli("remark", iv, "--by", "kim@acme.example", "the on-call rotation is shared across teams",
                       "--now", NOW)
    assert refused.exit_code == 2 and "--new" in refused.output
    added = home.cli("remark", iv, "--by", "kim@acme.example", "--new", "the on-call rotation is shared across teams",
                     "--now", NOW)
    assert added.exit_code == 0, added.output
    home.cli("run", "--now", NOW)
    assert "kim@acme.example" in home.drafts_by_recipient()


def test_an_interview_declined_later_gets_no_notes(home):
    home.write_calendar(PANEL)
    home.cli("run", "--now", "2026-11-24T09:00")
    declined = PANEL.replace(f";CN=Alex Candidate;PARTSTAT=ACCEPTED:mailto:{ME}", f";PARTSTAT=DECLINED:mailto:{ME}")
    home.write_calendar(declined)
    report = json.loads(home.cli("run", "--json", "--now", NOW).output)
    assert report["drafts"] == [] and home.drafts() == []
    assert any(u["change"] == "dropped" and u["why"].startswith("you declined it") for u in report["updates"])


def test_someone_taken_off_the_invite_is_not_thanked(home):
    home.write_calendar(PANEL)
    home.cli("run", "--now", "2026-11-24T09:00")
    home.write_calendar(PANEL.replace("ATTENDEE;CN=Raj Patel:mailto:raj.patel@acme.example\n", ""))
    home.cli("run", "--now", NOW)
    assert set(home.drafts_by_recipient()) == {"ana.lima@acme.example", "zoe.muller@acme.example"}


def test_a_contact_set_in_the_config_later_wins(home):
    home.write_calendar(PANEL)
    home.cli("run", "--now", "2026-11-24T09:00")
    home.write_config('[companies."Acme"]\ncontact = "hr@acme.example"\ncontact_name = "Harriet Ray"\n')
    home.cli("run", "--now", NOW)
    acme = json.loads(home.cli("status", "--json", "--now", NOW).output)["applications"][0]
    assert acme["contact"] == "hr@acme.example"


def test_directory_style_names_and_titles_are_greeted_properly(home):
    home.write_calendar(PANEL.replace("CN=Ana Lima", 'CN="Lima, Ana"').replace("CN=Raj Patel", "CN=Dr. Raj Patel"))
    result = home.cli("run", "--now", NOW)
    assert result.exit_code == 0, result.output
    drafts = home.drafts_by_recipient()
    assert drafts["ana.lima@acme.example"].get_payload(decode=True).decode().startswith("Dear Ana,")
    assert drafts["raj.patel@acme.example"].get_payload(decode=True).decode().startswith("Dear Dr. Patel,")


@pytest.mark.parametrize("who", [ME.upper(), "no-reply@greenhouse.io", "room-4b@resource.calendar.google.com"])
def test_a_remark_cannot_make_you_or_a_system_address_an_interviewer(home, who):
    home.write_calendar(PANEL)
    result = home.cli("remark", home.interview_id(now=NOW), "--by", who, "great chat", "--now", NOW)
    assert result.exit_code == 2 and "does not write thank-you notes to it" in result.output


def test_drafts_are_never_taken_for_deleted_when_their_maildir_is_gone(home):
    import shutil as sh

    home.write_calendar(PANEL)
    home.cli("run", "--now", NOW)
    sh.move(str(home.drafts_path), str(home.root / "moved"))
    result = home.cli("run", "--now", "2026-11-26T09:00")
    assert result.exit_code == 1 and "holding mailflow's drafts is gone" in result.output
    sh.move(str(home.root / "moved"), str(home.drafts_path))
    again = json.loads(home.cli("run", "--json", "--now", "2026-11-26T10:00").output)
    assert again["drafts"] == [] and not [u for u in again["updates"] if u.get("change") == "deleted"]
    assert len(home.drafts()) == 3


def test_the_age_limit_counts_from_when_mailflow_first_saw_the_interview(home):
    home.write_calendar(PANEL)
    home.cli("run", "--now", "2026-11-24T09:00")  # seen before it happened
    home.cli("remark", home.interview_id(now=NOW), "--by", "Ana Lima", "we ship daily", "--now", "2026-12-03T09:00")
    assert "Ana Lima" in home.cli("run", "--now", "2026-12-03T09:00").output  # 9 days on: still written
    late = Home.configured(home.root / "late")
    late.write_calendar(PANEL)
    report = json.loads(late.cli("run", "--json", "--now", "2026-12-03T09:00").output)  # first seen 9 days on
    assert report["drafts"] == [] and "first saw it" in report["skipped"][0]["why"]


def test_two_parts_of_one_day_with_the_same_interviewer_give_one_note(home):
    part2 = vevent(
        "panel-2@acme.example", "Acme — Onsite part 2", ";TZID=America/New_York:20261124T160000",
        ";TZID=America/New_York:20261124T170000", organizer=";CN=Sam Lee:mailto:sam.lee@acme.example",
        attendees=(f";PARTSTAT=ACCEPTED:mailto:{ME}", ";CN=Ana Lima:mailto:ana.lima@acme.example",
                   ";CN=Kim Lee:mailto:kim.lee@acme.example"),
    )
    home.write_calendar(PANEL, part2)
    home.cli("run", "--now", NOW)
    recipients = sorted(str(m["To"]).split("<")[-1].rstrip(">") for m in home.drafts())
    assert recipients == ["ana.lima@acme.example", "kim.lee@acme.example", "raj.patel@acme.example",
                          "zoe.muller@acme.example"]
    assert home.cli("run", "--now", "2026-11-26T09:00").exit_code == 0 and len(home.drafts()) == 4
