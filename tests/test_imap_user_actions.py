"""What the user's mail client does on an IMAP server, and what `mailflow
status` then believes (issue 11), against the tests' Dovecot.

Mail clients send a draft as a new message in Sent: a Message-ID of their
own, and our X-Mailflow-Key dropped (API_FACTS §8). Replies land in INBOX,
or in Junk when a filter took them for spam. Some servers refuse
``SEARCH HEADER`` or answer it with nothing (API_FACTS §7.0): the
``header_search_proxy`` fixture puts such a server in front of Dovecot.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import json
from datetime import UTC, datetime

import pytest

from tests.fakes.imap_proxy import header_search_proxy  # noqa: F401 - a fixture
from tests.test_imap import DRAFTS_WIRE, NOW, SENT_WIRE, _reply, account, dovecot  # noqa: F401 - fixtures

SENT_AT = datetime(2021, 11, 25, 23, 42, tzinfo=UTC)  # Thu 18:42 in New York
DUE = "2021-12-02"  # five business days later


def client_sends(account, to: str, *, keep_headers: bool = True) -> email.message.EmailMessage:
    """The mail client sends the draft to ``to``: it removes the draft and files
    what it sent in Sent; without ``keep_headers``, as most clients write it
    afresh: their own Message-ID and Date, no X- headers."""
    key = str(account.drafts()[to]["X-Mailflow-Key"])
    message = email.message_from_bytes(account.expunge(DRAFTS_WIRE, key), policy=email.policy.default)
    if not keep_headers:
        for name in {n for n in message.keys() if n.lower().startswith("x-")}:
            del message[name]
        del message["Message-ID"], message["Date"]
        message["Message-ID"] = email.utils.make_msgid(domain="client.example")
        message["Date"] = email.utils.format_datetime(SENT_AT)
    account.append(SENT_WIRE, message.as_bytes(policy=email.policy.SMTP), SENT_AT, r"(\Seen)")
    return message


def run(account, now: str) -> dict:
    result = account.home.cli("run", "--json", "--now", now)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def acme(account, now: str) -> dict:
    report = json.loads(account.home.cli("status", "--json", "--now", now).output)
    return next(a for a in report["applications"] if a["company"] == "Acme")


def thank_yous(account, now: str) -> dict[str, str]:
    return {m["to"]: m["status"] for m in acme(account, now)["messages"] if m["kind"] == "thank_you"}


def follow_up_written(report: dict) -> bool:
    return any(d["kind"] == "follow_up" and d["written"] for d in report["drafts"])


# ---- sent and deleted ---------------------------------------------------------------------


def test_a_thank_you_sent_as_written_is_sent_and_the_follow_up_falls_due(account):
    run(account, NOW)
    client_sends(account, "ana.lima@acme.example")
    run(account, "2021-11-25T19:00")
    assert thank_yous(account, "2021-11-25T19:00")["ana.lima@acme.example"] == "sent"
    assert acme(account, "2021-11-25T19:00")["follow_up"]["due"] == DUE


def test_a_thank_you_the_client_rewrote_when_sending_is_sent_and_the_follow_up_falls_due(account):
    # the follow-up goes to someone who received a thank-you: it replies to the copy that left
    config = account.home.config
    config.write_text(config.read_text() + '\n[companies."Acme"]\ncontact = "ana.lima@acme.example"\n')
    run(account, NOW)
    sent = client_sends(account, "ana.lima@acme.example", keep_headers=False)
    run(account, "2021-11-25T19:00")

    assert thank_yous(account, "2021-11-25T19:00")["ana.lima@acme.example"] == "sent"
    assert acme(account, "2021-11-25T19:00")["follow_up"]["due"] == DUE
    assert follow_up_written(run(account, f"{DUE}T08:00"))
    follow_up = account.drafts()["ana.lima@acme.example"]
    assert follow_up["In-Reply-To"] == sent["Message-ID"]  # a reply to what really left


def test_a_draft_the_user_deleted_is_deleted_once_the_grace_period_is_over(account):
    run(account, NOW)
    account.expunge(DRAFTS_WIRE, str(account.drafts()["raj.patel@acme.example"]["X-Mailflow-Key"]))
    report = run(account, "2021-11-28T18:00")  # three days later
    assert thank_yous(account, "2021-11-28T18:00")["raj.patel@acme.example"] == "deleted"
    assert not report["drafts"] and "raj.patel@acme.example" not in account.drafts()


def test_a_draft_that_just_left_drafts_is_not_called_deleted_yet(account):
    run(account, NOW)
    account.expunge(DRAFTS_WIRE, str(account.drafts()["raj.patel@acme.example"]["X-Mailflow-Key"]))
    report = run(account, "2021-11-25T18:10")
    assert thank_yous(account, "2021-11-25T18:10")["raj.patel@acme.example"] != "deleted"
    assert not report["drafts"]


# ---- where replies land ----------------------------------------------------------------------


def _answer_lands_in(account, folder: str) -> dict:
    """The thank-yous go out as written; Ana answers on Monday and her reply
    is filed in ``folder``; returns the report of the run on the follow-up's day."""
    run(account, NOW)
    sent = client_sends(account, "ana.lima@acme.example")
    run(account, "2021-11-25T19:00")
    answer = datetime(2021, 11, 29, 15, tzinfo=UTC)
    if folder != "INBOX":
        with account.client() as conn:
            assert conn.create(folder)[0] == "OK"
    account.append(folder, _reply("Ana Lima <ana.lima@acme.example>", f"Re: {sent['Subject']}", answer,
                                  In_Reply_To=str(sent["Message-ID"])), answer)
    return run(account, f"{DUE}T08:00")


def test_a_company_reply_in_the_inbox_stops_the_follow_up(account):
    assert not follow_up_written(_answer_lands_in(account, "INBOX"))
    assert acme(account, f"{DUE}T08:00")["follow_ups"]["state"] == "answered"


@pytest.mark.parametrize("folder", ["Junk", "Spam"])
def test_a_company_reply_in_the_junk_folder_stops_the_follow_up(account, folder):
    assert not follow_up_written(_answer_lands_in(account, folder))
    assert acme(account, f"{DUE}T08:00")["follow_ups"]["state"] == "answered"


# ---- servers without header search -------------------------------------------------------------


@pytest.mark.parametrize("mode", ["refuse", "ignore"])
def test_drafts_are_found_on_a_server_without_header_search(account, header_search_proxy, mode):
    proxy = header_search_proxy(mode)
    account.configure(port=proxy.port)
    run(account, NOW)
    assert len(account.drafts()) == 3
    assert proxy.intercepted  # the server's answer was met, and remembered: asked once, not every run
    asked = len(proxy.intercepted)

    run(account, "2021-11-25T18:30")
    assert set(thank_yous(account, "2021-11-25T18:30").values()) == {"draft"}
    assert len(account.drafts()) == 3  # nothing written twice

    client_sends(account, "ana.lima@acme.example")
    run(account, "2021-11-25T19:00")
    assert thank_yous(account, "2021-11-25T19:00") == {
        "ana.lima@acme.example": "sent", "zoe.muller@acme.example": "draft", "raj.patel@acme.example": "draft"}
    assert len(proxy.intercepted) == asked




@pytest.mark.parametrize("mode", ["refuse", "ignore"])
def test_a_placeholder_draft_is_replaced_in_place_on_a_server_without_header_search(account, header_search_proxy,
                                                                                     mode):
    from tests.test_imap import panel_id

    account.configure(port=header_search_proxy(mode).port)
    run(account, NOW)
    assert "[REMARK:" in account.drafts()["raj.patel@acme.example"].get_content()
    said = account.home.cli("remark", panel_id(account.home), "--by", "raj.patel@acme.example",
                            "latency budgets are a product decision", "--now", NOW)
    assert said.exit_code == 0, said.output

    run(account, "2021-11-25T19:00")

    drafts = account.drafts()
    assert len(drafts) == 3  # the old one expunged by its UID, found without a header search
    assert "latency budgets" in drafts["raj.patel@acme.example"].get_content()
