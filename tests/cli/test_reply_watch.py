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
