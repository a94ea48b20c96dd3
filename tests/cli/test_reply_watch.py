"""Watching for replies asks the mailbox once for every company (issue 15), on
the Maildir backend through `mailflow run`: each reply found goes to the
application it comes from, and a failed search leaves every company unchecked."""

from __future__ import annotations

import json

from mailflow.mailboxes.maildir import MaildirMailbox
from tests.harness.calendars import FINAL_ROUND
from tests.harness.home import run
from tests.harness.mail_clients import maildir_setup

GLOBEX = (FINAL_ROUND.replace("acme.example", "globex.example").replace("Acme", "Globex")
          .replace("Ana Lima", "Ines Duarte").replace("ana.lima", "ines.duarte"))
LATE = "2026-11-04T12:00"  # 21 h after both panels: thank-yous drafted with a placeholder


def applications(home, now: str) -> dict[str, dict]:
    data = json.loads(home.cli("status", "--json", "--now", now).output)
    return {a["company"]: a for a in data["applications"]}


def test_one_search_for_every_company_and_each_reply_goes_to_its_own(home, monkeypatch):
    mail = maildir_setup(home, FINAL_ROUND, GLOBEX)
    assert len(run(home, LATE)["drafts"]) == 4
    for person in ("ana.lima@acme.example", "raj.patel@acme.example", "ines.duarte@globex.example",
                   "raj.patel@globex.example"):
        mail.send("thank_you", person, "2026-11-04T13:00")
    run(home, "2026-11-04T14:00")
    mail.receive("Ines Duarte <ines.duarte@globex.example>", "Re: Thank you", "2026-11-05T10:00")
    asked = []
    search = MaildirMailbox.replies_since

    def counted(self, since, *, domains, addresses):
        asked.append((since, domains, addresses))
        return search(self, since, domains=domains, addresses=addresses)

    monkeypatch.setattr(MaildirMailbox, "replies_since", counted)

    report = run(home, "2026-11-05T11:00")

    (only,) = asked
    assert {"acme.example", "globex.example"} <= set(only[1])
    assert [(u["application"], u["from"]) for u in report["updates"] if u.get("change") == "replied"] == [
        ("Globex", "ines.duarte@globex.example")]
    now = applications(home, "2026-11-05T11:00")
    assert now["Globex"]["follow_ups"]["state"] == "answered"
    assert now["Acme"]["follow_ups"]["state"] != "answered"


def test_a_failed_search_leaves_every_company_unchecked_and_is_said_once(home):
    mail = maildir_setup(home, FINAL_ROUND, GLOBEX)
    run(home, LATE)
    for person in ("ana.lima@acme.example", "ines.duarte@globex.example"):
        mail.send("thank_you", person, "2026-11-04T13:00")
    home.config.write_text(home.config.read_text().replace('inbox = "inbox"', 'inbox = "inbx"'))

    result = home.cli("run", "--json", "--now", "2026-11-11T09:00")

    assert result.exit_code == 1
    report = json.loads(result.output)
    failures = [p for p in report["problems"] if p["what"].startswith("replies from")]
    assert [p["what"] for p in failures] == ["replies from Acme, Globex"]
    assert home.drafts("follow_up") == []  # no follow-up to a company whose answer could not be read


def test_a_run_over_a_settled_inbox_of_thousands_reads_none_of_them_until_a_new_company_is_watched(
        home, monkeypatch):
    """Two thousand newsletters read by an earlier run: once the inbox stood still, a run
    lists, parses and decodes nothing of them (the mailbox's big cache stays unread). When
    Globex's thank-you is sent, the watch asks for Globex too, and Ines's reply, which came
    before, is found without a listing or a header parsed, read whole once."""
    import os
    from email.utils import format_datetime

    from mailflow import store as store_module
    from mailflow.mailboxes import maildir as module
    from tests.harness.mail_clients import moment

    mail = maildir_setup(home, FINAL_ROUND, GLOBEX)
    run(home, LATE)
    for person in ("ana.lima@acme.example", "raj.patel@acme.example"):
        mail.send("thank_you", person, "2026-11-04T13:00")
    run(home, "2026-11-04T14:00")
    inbox = home.root / "inbox"
    for i in range(2_000):
        (inbox / "cur" / f"{1796000000 + i}.M{i}P7.test:2,S").write_text(
            f"From: Letters <news{i % 40}@letters.example>\nTo: alex@candidate.example\nSubject: Update {i}\n"
            f"Date: {format_datetime(moment('2026-11-04T15:00'))}\nMessage-ID: <n{i}@letters.example>\n\n"
            "This week's news.\n", encoding="utf-8")
    mail.receive("Ines Duarte <ines.duarte@globex.example>", "Re: Thank you", "2026-11-05T10:00")
    assert [u for u in run(home, "2026-11-05T11:00")["updates"] if u.get("change") == "replied"] == []
    # the mail came, and the drafts were written, well before the next runs
    drafts = home.root / "drafts"
    for path in [*(drafts / sub for sub in ("new", "cur")), *drafts.glob("*/*"), inbox / "new", inbox / "cur"]:
        past = path.stat().st_mtime_ns - 3600 * 10**9
        os.utime(path, ns=(past, past))
    run(home, "2026-11-05T11:30")  # lists the folders once more: their times moved
    listed, opened, parsed, decoded = [], [], [], []
    scandir, opener, parser, loads = os.scandir, open, module._HEADERS, store_module.json.loads

    def listing(path):
        if str(path).startswith(str(inbox)) and os.path.basename(path) in ("new", "cur"):
            listed.append(path)
        return scandir(path)

    def opening(path, *args, **kwargs):
        if str(path).startswith(str(inbox)):
            opened.append(os.path.basename(path))
        return opener(path, *args, **kwargs)

    class Parsing:
        def parsebytes(self, raw, headersonly=False):
            parsed.append(raw)
            return parser.parsebytes(raw, headersonly=headersonly)

    class Decoding:
        dumps = staticmethod(store_module.json.dumps)

        @staticmethod
        def loads(text):
            decoded.append(len(text))
            return loads(text)

    monkeypatch.setattr(module.os, "scandir", listing)
    monkeypatch.setattr(module, "open", opening, raising=False)
    monkeypatch.setattr(module, "_HEADERS", Parsing())
    monkeypatch.setattr(store_module, "json", Decoding())

    run(home, "2026-11-05T12:00")

    assert listed == [] and opened == [] and parsed == []
    assert max(decoded) < 20_000  # the mailbox's cache of who sent what (over 200 kB) is not decoded
    mail.send("thank_you", "ines.duarte@globex.example", "2026-11-05T12:30")

    report = run(home, "2026-11-05T13:00")

    assert [(u["application"], u["from"]) for u in report["updates"] if u.get("change") == "replied"] == [
        ("Globex", "ines.duarte@globex.example")]
    assert listed == [] and parsed == []
    assert len(opened) == 1 and opened[0] == next((inbox / "new").iterdir()).name
    assert applications(home, "2026-11-05T13:00")["Globex"]["follow_ups"]["state"] == "answered"
