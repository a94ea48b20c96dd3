"""What the mailbox says is what mailflow believes (Maildir, through the command line):
a note sent from a client that changed its Message-ID is sent, a deleted one is
deleted only after the grace period, the user's edits are never overwritten, and
`redraft` is the one way back for a deleted note."""

from __future__ import annotations

import json
import mailbox
from email import message_from_bytes
from email import policy as email_policy

from test_followups import AFTER, Mail, interview_id, run, setup, status

def client(home) -> Mail:
    """The panel, and a mail client with a sent folder (empty until something is sent)."""
    mail = setup(home)
    mailbox.Maildir(mail.sent_path, create=True)
    return mail


def drafts_by_recipient(home) -> dict[str, mailbox.MaildirMessage]:
    return {str(m["To"]).split("<")[-1].rstrip(">"): m for m in home.drafts()}


def draft_file(home, to: str):
    box = mailbox.Maildir(home.drafts_path, create=False)
    (key,) = [k for k, m in box.items() if to in str(m["To"])]
    return home.drafts_path / box._lookup(key)  # noqa: SLF001 - the file a client would edit


def send_like_webmail(mail: Mail, to: str, when: str) -> None:
    """The client sends the draft with a Message-ID of its own and without our X- headers."""
    sent = mail.send("thank_you", to, when)
    box = mailbox.Maildir(mail.sent_path, create=False)
    for key, msg in list(box.items()):
        if str(msg["To"]) == str(sent["To"]):
            copy = message_from_bytes(box.get_bytes(key), policy=email_policy.default)
            del copy["X-Mailflow-Key"]
            del copy["Message-ID"]
            copy["Message-ID"] = "<1a2b3c@webmail.example>"
            box[key] = mailbox.MaildirMessage(copy)


def test_a_note_sent_with_a_new_message_id_and_no_key_is_sent_and_starts_the_follow_up_clock(home):
    mail = client(home)
    iv = interview_id(home)
    home.cli("remark", iv, "--by", "Ana Lima", "latency budgets are product decisions", "--now", AFTER)
    home.cli("remark", iv, "--by", "Raj Patel", "on-call is shared by every team", "--now", AFTER)
    run(home, AFTER)
    send_like_webmail(mail, "ana.lima@acme.example", "2026-11-04T09:00")
    send_like_webmail(mail, "raj.patel@acme.example", "2026-11-04T09:05")
    report = run(home, "2026-11-04T18:00")
    sent = [u for u in report["updates"] if u.get("change") == "sent"]
    assert len(sent) == 2 and all("same recipient" in u["evidence"] for u in sent)
    acme = status(home, "2026-11-04T18:00")
    assert acme["follow_up"]["due"] == "2026-11-11"  # five business days after Wed 4 Nov


def test_a_deleted_draft_is_deleted_only_after_the_grace_period(home):
    client(home)
    iv = interview_id(home)
    home.cli("remark", iv, "--by", "Ana Lima", "latency budgets are product decisions", "--now", AFTER)
    run(home, AFTER)
    draft_file(home, "ana.lima@acme.example").unlink()
    soon = run(home, "2026-11-03T19:00")  # an hour later: its sent copy may not be filed yet
    assert not [u for u in soon["updates"] if u.get("change") == "deleted"]
    later = run(home, "2026-11-04T08:00")
    assert [u["to"] for u in later["updates"] if u.get("change") == "deleted"] == ["ana.lima@acme.example"]
    assert "ana.lima@acme.example" not in drafts_by_recipient(home)  # never written again by a run


def test_an_edited_placeholder_draft_survives_remark_and_debrief_byte_for_byte(home, monkeypatch):
    client(home)
    iv = interview_id(home)
    run(home, "2026-11-04T12:00")  # past the deadline: placeholder drafts
    target = draft_file(home, "raj.patel@acme.example")
    text = target.read_bytes().replace(b"[REMARK:", b"You said on-call is shared. [was:")
    target.write_bytes(text)
    edited = target.read_bytes()
    first = run(home, "2026-11-04T13:00")
    assert [u["change"] for u in first["updates"] if u.get("to") == "raj.patel@acme.example"] == ["edited"]
    home.cli("remark", iv, "--by", "Raj Patel", "on-call is shared by every team", "--now", "2026-11-04T13:00")
    after_remark = run(home, "2026-11-04T14:00")
    assert not after_remark["drafts"]
    assert any(u.get("change") == "kept" for u in after_remark["updates"])
    assert draft_file(home, "raj.patel@acme.example").read_bytes() == edited
    # the debrief form: a remark for Raj through the editor
    form = home.root / "form.py"
    form.write_text("import sys, re\np = sys.argv[1]\nt = open(p).read()\n"
                    "t = t.replace('remarks = []', 'remarks = [\"we rebuild the pager rota\"]', 1)\n"
                    "open(p, 'w').write(t)\n")
    monkeypatch.setenv("EDITOR", f"python3 {form}")
    assert home.cli("debrief", iv, "--now", "2026-11-04T15:00").exit_code == 0
    run(home, "2026-11-04T16:00")
    assert draft_file(home, "raj.patel@acme.example").read_bytes() == edited
    preview = home.cli("preview", iv, "--now", "2026-11-04T16:00")
    assert "on-call is shared by every team" in preview.output  # what mailflow would write now


def test_an_unedited_draft_is_updated_in_place_when_a_remark_arrives(home):
    client(home)
    iv = interview_id(home)
    run(home, "2026-11-04T12:00")
    before = sorted(p.name for p in (home.drafts_path / "cur").iterdir())
    home.cli("remark", iv, "--by", "Raj Patel", "on-call is shared by every team", "--now", "2026-11-04T12:00")
    result = home.cli("run", "--now", "2026-11-04T13:00")
    assert "updated in place" in result.output
    assert sorted(p.name for p in (home.drafts_path / "cur").iterdir()) == before  # the same files
    body = drafts_by_recipient(home)["raj.patel@acme.example"].get_payload(decode=True).decode()
    assert "on-call is shared by every team" in body


def test_redraft_brings_a_deleted_note_back_and_replaces_an_edited_one_only_when_asked(home):
    client(home)
    iv = interview_id(home)
    run(home, "2026-11-04T12:00")
    draft_file(home, "ana.lima@acme.example").unlink()
    run(home, "2026-11-05T12:00")  # deleted
    assert "ana.lima@acme.example" not in drafts_by_recipient(home)
    back = home.cli("redraft", iv, "--by", "Ana Lima", "--now", "2026-11-05T13:00")
    assert back.exit_code == 0 and "drafted thank-you -> Ana Lima" in back.output
    assert "ana.lima@acme.example" in drafts_by_recipient(home)
    target = draft_file(home, "raj.patel@acme.example")
    assert b"Dear Raj," in target.read_bytes()
    target.write_bytes(target.read_bytes().replace(b"Dear Raj,", b"Hi Raj, Warm regards first,"))
    run(home, "2026-11-05T14:00")  # seen as edited
    kept = home.cli("redraft", iv, "--by", "Raj Patel", "--now", "2026-11-05T15:00")
    assert "you edited it" in kept.output and b"Warm regards" in draft_file(home, "raj.patel@acme.example").read_bytes()
    replaced = home.cli("redraft", iv, "--by", "Raj Patel", "--yes", "--now", "2026-11-05T15:00")
    assert "rewrote thank-you -> Raj Patel" in replaced.output
    assert b"Warm regards" not in draft_file(home, "raj.patel@acme.example").read_bytes()
    assert len(home.drafts()) == 2


def test_a_misspelt_sent_maildir_is_an_error_and_a_doctor_finding_not_a_deletion(home):
    mail = client(home)
    iv = interview_id(home)
    home.cli("remark", iv, "--by", "Ana Lima", "latency budgets are product decisions", "--now", AFTER)
    run(home, AFTER)
    mail.send("thank_you", "ana.lima@acme.example", "2026-11-04T09:00")
    home.config.write_text(home.config.read_text().replace('sent = "sent"', 'sent = "Sent-misspelt"'))
    result = home.cli("run", "--now", "2026-11-05T09:00")
    assert result.exit_code == 1 and "Sent-misspelt" in result.output
    doctor = home.cli("doctor", "--now", "2026-11-05T09:00")
    assert doctor.exit_code == 2 and "BAD  maildir sent" in doctor.output
    statuses = {m["to"]: m["status"] for m in status(home, "2026-11-05T09:00")["messages"]}
    assert statuses["ana.lima@acme.example"] == "draft"  # not called deleted


def test_a_lost_state_writes_no_second_draft(home):
    client(home)
    run(home, "2026-11-04T12:00")
    first = sorted(str(m["X-Mailflow-Key"]) for m in home.drafts())
    (home.root / "state.db").unlink()
    for extra in home.root.glob("state.db-*"):
        extra.unlink()
    again = run(home, "2026-11-04T13:00")
    assert all(d["recovered"] for d in again["drafts"])
    assert sorted(str(m["X-Mailflow-Key"]) for m in home.drafts()) == first


def test_status_says_how_a_message_was_found_sent(home):
    mail = client(home)
    iv = interview_id(home)
    home.cli("remark", iv, "--by", "Ana Lima", "latency budgets are product decisions", "--now", AFTER)
    run(home, AFTER)
    send_like_webmail(mail, "ana.lima@acme.example", "2026-11-04T09:00")
    run(home, "2026-11-04T18:00")
    data = json.loads(home.cli("status", "--json", "--now", "2026-11-04T18:00").output)
    (ana,) = [m for a in data["applications"] for m in a["messages"] if m["to"] == "ana.lima@acme.example"]
    assert ana["status"] == "sent" and "same recipient" in ana["evidence"]
    assert "same recipient" in home.cli("status", "--now", "2026-11-04T18:00").output
