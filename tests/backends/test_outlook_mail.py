"""The Outlook mailbox: msal + requests against loopback Graph. The mailbox contract, the
user-action scenarios in Outlook on the web, and what is Outlook's own: immutable ids,
batches, conversations, scheduled sending, throttling, logins."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest

from mailflow.errors import AuthError, MailboxError
from mailflow.mailboxes.outlook import DEFERRED_DELIVERY, DEFERRED_SEND, KEY_PROPERTY, OutlookMailbox
from mailflow.model import KEY_HEADER, Evidence, NewDraft, ThreadRef, Written
from tests.contracts.mailbox import MailboxContract
from tests.contracts.user_actions import ANA, DUE, NOW, RAJ, SENT_AT, ZOE, UserActionScenarios, key_to, run
from tests.fakes.graph import trusting_session
from tests.harness.calendars import onsite_panel
from tests.harness.home import Home, status
from tests.harness.mail_clients import OutlookClient
from tests.harness.microsoft import auth_outlook, outlook_mail


def _written(refs):
    """What the mailbox is asked about: the keys and where they were put."""
    return [Written(key, ref) for key, ref in refs.items()]


UTC = dt.timezone.utc
NY = ZoneInfo("America/New_York")


@pytest.fixture
def mailbox(graph, outlook_config, waits):
    return OutlookMailbox(outlook_config.mail.outlook, outlook_config.shared, None, http_client=trusting_session(graph),
                          sleep=waits.append)


def message(key: str, to: str = '"Ana López" <ana@acme.example>', subject: str = "Thank you",
            body: str = "Hi Ana,\n\nThank you for today.\n") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Test User <me@example.com>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = f"<mailflow.{key}@example.com>"
    msg[KEY_HEADER] = key
    msg.set_content(body)
    return msg


def draft(key: str, **kwargs) -> NewDraft:
    reply_to = kwargs.pop("reply_to", None)
    send_at = kwargs.pop("send_at", None)
    return NewDraft(message(key, **kwargs), key, reply_to=reply_to, send_at=send_at)


# ---- the contract ---------------------------------------------------------------------------


class TestOutlookMailbox(MailboxContract):
    backend = "outlook"

    @pytest.fixture
    def user(self, graph):
        # the note a follow-up replies to is in the mailbox, as it is when mailflow writes one
        graph.add_message("sentitems", subject="Thank you - Acme", isDraft=False,
                          internetMessageId="<orig@candidate.example>",
                          toRecipients=[{"emailAddress": {"address": "sam@acme.example"}}],
                          sentDateTime="2026-11-20T10:00:00Z")
        return OutlookClient(graph)

    @pytest.fixture
    def mailbox(self, graph, outlook_config, user):
        return OutlookMailbox(outlook_config.mail.outlook, outlook_config.shared, None,
                              http_client=trusting_session(graph), sleep=lambda _: None)


# ---- the user in Outlook on the web, through the command line ---------------------------------------


class TestOutlookUserActions(UserActionScenarios):
    """Replies land where the junk filter or the user's rules put them: Outlook is
    searched across the mailbox, not only the Inbox."""

    backend = "outlook"
    #: Outlook on the web files the sent copy in the draft's conversation
    sent_evidence = "a message in its thread in the sent folder"

    @pytest.fixture
    def client(self, graph):
        return OutlookClient(graph)

    @pytest.fixture
    def home(self, tmp_path, graph, client):
        home = Home(tmp_path)
        home.write_config(mail=outlook_mail(graph))
        home.write_calendar(onsite_panel("20211124"))
        auth_outlook(home, graph)
        graph.clear_log()
        return home

    def test_what_a_run_asks_of_graph_is_answerable(self, home, client, graph):
        """No request mailflow makes in a follow-up cycle is one Graph refuses (the
        fake answers 400 to filters and orderings Exchange does not serve)."""
        drafted = run(home, client, NOW)
        assert sorted(d["to"] for d in drafted["drafts"] if d["written"]) == [ANA, RAJ, ZOE]
        for minutes, who in ((0, ANA), (5, RAJ)):
            client.send_as_written(key_to(client, who), at=SENT_AT + dt.timedelta(minutes=minutes))
        seen = run(home, client, "2021-11-25T19:00")
        assert {(u["to"], u["change"]) for u in seen["updates"] if "to" in u} == {(ANA, "sent"), (RAJ, "sent")}
        assert status(home, "2021-11-25T19:00")["follow_up"]["due"] == DUE

        run(home, client, f"{DUE}T08:00")

        refused = [(r.method, r.path, r.query) for r in graph.log if r.server in ("graph", "batch") and r.status == 400]
        assert refused == []


# ---- the mailbox's own --------------------------------------------------------------------------


def test_a_draft_carries_subject_body_named_recipients_key_and_message_id(graph, mailbox):
    ref = mailbox.create_draft(draft("ty.abc123.ana"))

    stored = graph.message_by_key("ty.abc123.ana")
    assert stored.folder == "drafts" and stored.data["isDraft"]
    assert stored.data["subject"] == "Thank you"
    assert stored.data["body"] == {"contentType": "Text",
                                   "content": "Hi Ana,\n\nThank you for today.\n"}
    assert stored.data["toRecipients"] == [
        {"emailAddress": {"address": "ana@acme.example", "name": "Ana López"}}]
    assert {"name": KEY_HEADER, "value": "ty.abc123.ana"} in stored.headers
    assert stored.props[KEY_PROPERTY] == "ty.abc123.ana"
    assert ref.message_id == stored.data["internetMessageId"] == "<mailflow.ty.abc123.ana@example.com>"
    assert ref.thread_id == stored.data["conversationId"]
    assert ref.backend_id == stored.immutable_id


def test_every_request_asks_for_immutable_ids_and_a_sent_copy_is_found_when_the_id_survives_sending(graph, mailbox):
    graph.new_id_on_send = False  # as Graph documents immutable ids
    ref = mailbox.create_draft(draft("ty.1"))
    graph.user_sends(graph.message_by_key("ty.1"))
    graph.clear_log()

    status = mailbox.status(Written("ty.1", ref))

    assert status.state == "sent"
    assert status.ref.backend_id == ref.backend_id
    assert status.sent_at == graph.now
    assert all('IdType="ImmutableId"' in r.headers.get("prefer", "")
               for r in graph.log if r.server in ("graph", "batch"))


def test_a_sent_copy_whose_immutable_id_changed_on_send_is_found_by_its_key(graph, mailbox):
    ref = mailbox.create_draft(draft("ty.1"))  # as users report it: the id changes on /send
    message = graph.message_by_key("ty.1")
    sent = mailbox.send("ty.1", ref)
    assert message.immutable_id != ref.backend_id and message.folder == "sentitems"
    assert sent.state == "sent" and sent.ref.backend_id == message.immutable_id  # what a follow-up replies to

    status = mailbox.status(Written("ty.1", ref))

    assert status.state == "sent" and status.ref.backend_id == message.immutable_id
    assert status.sent_at == graph.now
    with pytest.raises(MailboxError, match="already sent"):  # never deleted, whatever id it is asked by
        mailbox.delete("ty.1", ref)
    assert message.num in graph.messages and message.folder == "sentitems"


def test_a_message_whose_stored_id_no_longer_answers_is_found_by_its_key_in_sent_items(graph, mailbox):
    ref = mailbox.create_draft(draft("ty.2"))
    stored = graph.message_by_key("ty.2")
    graph.user_sends(stored)
    stale = ref.__class__("AAMkGone=", ref.message_id, ref.thread_id)

    status = mailbox.status(Written("ty.2", stale))

    assert status.state == "sent" and status.ref.backend_id == stored.immutable_id
    assert status.evidence == Evidence.KEY


def test_find_by_key_follows_the_message_through_its_life(graph, mailbox):
    assert mailbox.find("ty.3") is None
    mailbox.create_draft(draft("ty.3"))
    assert mailbox.find("ty.3").state == "draft"
    graph.user_sends(graph.message_by_key("ty.3"))
    found = mailbox.find("ty.3")
    assert found.state == "sent" and found.ref.message_id == "<mailflow.ty.3@example.com>"

    mailbox.create_draft(draft("ty.4"))
    graph.user_deletes(graph.message_by_key("ty.4"))
    assert mailbox.find("ty.4") is None  # in Deleted Items: absent


def test_many_drafts_go_through_batch_twenty_at_a_time(graph, mailbox):
    drafts = [draft(f"ty.{n:02d}", to=f"p{n}@acme.example") for n in range(25)]

    refs = mailbox.create_drafts(drafts)

    batches = graph.requests("graph", "POST", r"^/\$batch$")
    assert [len(b.body["requests"]) for b in batches] == [20, 5]
    assert graph.count("graph", "POST", r"^/me/messages$") == 0
    assert len(graph.messages) == 25
    for n, ref in enumerate(refs):
        stored = graph.message_by_key(f"ty.{n:02d}")
        assert ref.backend_id == stored.immutable_id
        assert stored.data["toRecipients"][0]["emailAddress"]["address"] == f"p{n}@acme.example"


def test_throttled_items_inside_a_batch_are_sent_again_after_retry_after(graph, mailbox, waits):
    graph.inject(r"^/me/messages$", 429, headers={"Retry-After": "3"}, times=2, in_batch=True)

    refs = mailbox.create_drafts([draft(f"ty.b{n}") for n in range(4)])

    assert waits == [3.0]
    assert all(not isinstance(r, Exception) for r in refs)
    assert len(graph.messages) == 4  # nothing twice
    retried = graph.requests("graph", "POST", r"^/\$batch$")[1]
    assert len(retried.body["requests"]) == 2


def test_a_failed_item_in_a_batch_is_reported_and_the_others_are_made(graph, mailbox):
    graph.inject(r"^/me/messages$", 400, times=1, in_batch=True)
    results = mailbox.create_drafts([draft("ty.c1"), draft("ty.c2")])
    assert isinstance(results[0], MailboxError) and "ty.c1" in results[0].message
    assert results[1].backend_id == graph.message_by_key("ty.c2").immutable_id


def test_a_follow_up_is_a_reply_in_the_thank_yous_conversation(graph, mailbox):
    ty = mailbox.create_draft(draft("ty.5"))
    thank_you = graph.message_by_key("ty.5")
    graph.user_sends(thank_you)

    ref = mailbox.create_draft(draft(
        "fu.5", subject="Re: Thank you", body="Hi Ana,\n\nChecking in.\n",
        reply_to=ThreadRef(message_id=ty.message_id, subject="Thank you",
                           backend_id=ty.backend_id, thread_id=ty.thread_id)))

    follow_up = graph.message_by_key("fu.5")
    assert follow_up.data["conversationId"] == thank_you.data["conversationId"] == ref.thread_id
    assert follow_up.data["inReplyTo"] == "<mailflow.ty.5@example.com>"
    assert follow_up.data["subject"] == "Re: Thank you"
    assert follow_up.data["body"]["content"] == "Hi Ana,\n\nChecking in.\n"
    assert follow_up.data["toRecipients"][0]["emailAddress"]["address"] == "ana@acme.example"
    assert {"name": KEY_HEADER, "value": "fu.5"} in follow_up.headers
    create = graph.requests("graph", "POST", r"/createReply$")[0]
    assert create.path == f"/me/messages/{ty.backend_id}/createReply"
    assert "comment" not in create.body and "body" not in create.body["message"]
    assert ref.message_id == "<mailflow.fu.5@example.com>"


def test_a_scheduled_follow_up_waits_in_drafts_then_leaves(graph, outlook_config, waits):
    outlook_config.mail.outlook.schedule_send = True
    mailbox = OutlookMailbox(outlook_config.mail.outlook, outlook_config.shared, None,
                             http_client=trusting_session(graph), sleep=waits.append)
    assert mailbox.can_schedule
    ty = mailbox.create_draft(draft("ty.6"))
    graph.user_sends(graph.message_by_key("ty.6"))
    leave = mailbox.send_time(dt.date(2026, 12, 8), NY)
    assert leave == dt.datetime(2026, 12, 8, 9, 30, tzinfo=NY)

    ref = mailbox.create_draft(draft(
        "fu.6", reply_to=ThreadRef(ty.message_id, "Thank you", backend_id=ty.backend_id),
        send_at=leave))

    stored = graph.message_by_key("fu.6")
    assert stored.props[DEFERRED_SEND] == "2026-12-08T14:30:00Z"
    assert stored.props[DEFERRED_DELIVERY] == "2026-12-08T14:30:00Z"
    assert graph.count("graph", "POST", rf"^/me/messages/{ref.backend_id}/send$") == 1
    assert graph.count("graph", "POST", r"sendMail") == 0
    assert mailbox.status(Written("fu.6", ref)).state == "scheduled"
    assert mailbox.find("fu.6").state == "scheduled"

    graph.advance(dt.datetime(2026, 12, 8, 14, 31, tzinfo=UTC))
    assert mailbox.status(Written("fu.6", ref)).state == "sent"


def test_cancelling_a_scheduled_message_deletes_it_before_it_leaves(graph, outlook_config):
    outlook_config.mail.outlook.schedule_send = True
    mailbox = OutlookMailbox(outlook_config.mail.outlook, outlook_config.shared, None,
                             http_client=trusting_session(graph))
    ref = mailbox.create_draft(draft("fu.7", send_at=dt.datetime(2026, 12, 8, 9, 30, tzinfo=NY)))
    assert mailbox.status(Written("fu.7", ref)).state == "scheduled"

    mailbox.delete("fu.7", ref)
    graph.advance(dt.datetime(2026, 12, 9, tzinfo=UTC))

    assert graph.message_by_key("fu.7").folder == "deleteditems"
    assert mailbox.status(Written("fu.7", ref)).state == "deleted"
    mailbox.delete("fu.7", ref)  # already gone: not an error


def test_a_sent_message_is_never_deleted(graph, mailbox):
    ref = mailbox.create_draft(draft("ty.8"))
    graph.user_sends(graph.message_by_key("ty.8"))
    with pytest.raises(MailboxError, match="already sent"):
        mailbox.delete("ty.8", ref)
    assert graph.message_by_key("ty.8").folder == "sentitems"


def test_send_sends_the_draft(graph, mailbox):
    ref = mailbox.create_draft(draft("wd.9"))
    assert mailbox.send("wd.9", ref).state == "sent"
    assert graph.message_by_key("wd.9").folder == "sentitems"
    assert mailbox.status(Written("wd.9", ref)).state == "sent"


def test_statuses_of_many_messages_cost_one_listing_of_drafts(graph, mailbox):
    refs = {f"ty.s{n}": mailbox.create_draft(draft(f"ty.s{n}", to=f"p{n}@acme.example")) for n in range(30)}
    graph.clear_log()

    states = mailbox.statuses(_written(refs))

    assert {s.state for s in states.values()} == {"draft"}
    assert [r.path for r in graph.log] == ["/me/mailFolders/drafts/messages"]  # no GET per draft, no $batch

    graph.user_sends(graph.message_by_key("ty.s1"))
    graph.user_deletes(graph.message_by_key("ty.s2"))
    graph.clear_log()

    states = mailbox.statuses(_written(refs))

    assert states["ty.s1"].state == "sent" and states["ty.s2"].state == "deleted"
    assert sorted(r.path for r in graph.log) == ["/me/mailFolders/drafts/messages",
                                                 "/me/mailFolders/sentitems/messages"]


def test_a_draft_whose_change_key_moved_is_read_once_and_edited_only_if_its_text_changed(graph, mailbox):
    ref = mailbox.create_draft(draft("ty.e1"))
    stored = graph.message_by_key("ty.e1")
    graph.user_edits(stored)  # saved again, nothing changed: a new change key
    graph.clear_log()

    same = mailbox.status(Written("ty.e1", ref))

    assert same.state == "draft" and not same.edited and same.ref.version != ref.version
    assert graph.count("graph", "GET", rf"^/me/messages/{ref.backend_id}$") == 1  # its text, read once
    graph.clear_log()
    assert not mailbox.status(Written("ty.e1", same.ref)).edited
    assert graph.count("graph", "GET", rf"^/me/messages/{ref.backend_id}$") == 0

    graph.user_edits(stored, body="Hi Ana,\n\nMy own words.\n")
    edited = mailbox.status(Written("ty.e1", same.ref))
    assert edited.edited
    graph.clear_log()
    assert mailbox.status(Written("ty.e1", edited.ref)).edited  # and it stays the user's
    assert graph.count("graph", "GET", rf"^/me/messages/{ref.backend_id}$") == 0


def test_a_draft_opened_and_saved_in_outlook_is_not_edited_and_still_takes_a_remark(graph, mailbox):
    """Outlook stores the draft as HTML; Graph's text of it has other line breaks and
    spacing than the text mailflow wrote: the words decide (API_FACTS §9.1)."""
    body = "Hi Ana,\n\nThank you for today and for the talk about [REMARK: what you discussed].\n\nBest,\nAlex\n"
    ref = mailbox.create_draft(draft("ty.h1", body=body))
    stored = graph.message_by_key("ty.h1")
    graph.user_opens_and_saves(stored)
    assert stored.data["body"]["contentType"] == "html"

    opened = mailbox.status(Written("ty.h1", ref))

    assert opened.state == "draft" and not opened.edited
    (read,) = [r for r in graph.log if r.method == "GET" and r.path == f"/me/messages/{ref.backend_id}"]
    assert 'outlook.body-content-type="text"' in read.headers.get("prefer", "")
    new = mailbox.update_draft(Written("ty.h1", opened.ref), draft("ty.h1", body=body.replace(
        "[REMARK: what you discussed]", "latency budgets")))  # the remark fills the placeholder
    assert "latency budgets" in stored.data["body"]["content"] and new.backend_id == ref.backend_id
    graph.user_edits(stored, body="Hi Ana,\n\nMy own words.\n")
    assert mailbox.status(Written("ty.h1", new)).edited  # a real edit still shows


def test_graph_gives_bodies_as_html_unless_asked_for_text(graph, mailbox):
    """The fake is as strict as Graph: HTML by default (API_FACTS §9.1)."""
    ref = mailbox.create_draft(draft("ty.h2", body="Hi Ana,\n\nThank you & see you.\n"))
    session, token = trusting_session(graph), mailbox.login.token()
    url = f"{graph.graph_url}/me/messages/{ref.backend_id}?$select=body"
    plain = session.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    assert plain["body"]["contentType"] == "html" and "Thank you &amp; see you." in plain["body"]["content"]
    asked = session.get(url, headers={"Authorization": f"Bearer {token}", "Prefer": 'outlook.body-content-type="text"'},
                        timeout=10).json()
    assert asked["body"] == {"contentType": "text", "content": "Hi Ana,\r\n\r\nThank you & see you.\r\n"}


def test_an_unedited_draft_is_rewritten_in_place(graph, mailbox):
    ref = mailbox.create_draft(draft("ty.u1"))
    new = mailbox.update_draft(Written("ty.u1", ref), draft("ty.u1", body="Hi Ana,\n\nThanks for the queues talk.\n"))

    stored = graph.message_by_key("ty.u1")
    assert new.backend_id == ref.backend_id == stored.immutable_id and stored.folder == "drafts"
    assert "queues" in stored.data["body"]["content"] and len(graph.messages) == 1
    assert graph.count("graph", "PATCH") == 1 and graph.count("graph", "DELETE") == 0
    assert not mailbox.status(Written("ty.u1", new)).edited


def test_replies_from_a_company_since_a_time(graph, mailbox):
    since = dt.datetime(2026, 12, 1, 12, tzinfo=UTC)
    graph.mail_page_size = 2
    graph.add_inbox("ana@acme.example", "Re: Thank you", since + dt.timedelta(hours=1),
                    in_reply_to="<mailflow.ty.1@example.com>")
    graph.add_inbox("noreply@jobs.acme.example", "Automatic reply", since + dt.timedelta(hours=2),
                    headers={"Auto-Submitted": "auto-replied"})
    graph.add_inbox("rita@recruiting.example", "Next steps", since + dt.timedelta(hours=3))
    graph.add_inbox("someone@other.example", "Hello", since + dt.timedelta(hours=4))
    graph.add_inbox("ana@acme.example", "Earlier", since - dt.timedelta(hours=1))

    graph.receive("ana@acme.example", "Re: Thank you (junk)", since + dt.timedelta(hours=5), folder="junkemail")
    graph.receive("bo@acme.example", "Deleted", since + dt.timedelta(hours=5), folder="deleteditems")
    graph.mail_max_top = 2

    got = mailbox.replies_since(since, domains=("acme.example",),
                                addresses=("rita@recruiting.example",))

    assert [(m.sender, m.subject) for m in got] == [
        ("ana@acme.example", "Re: Thank you"),
        ("noreply@jobs.acme.example", "Automatic reply"),
        ("rita@recruiting.example", "Next steps"),
        ("ana@acme.example", "Re: Thank you (junk)"),
        ("bo@acme.example", "Deleted"),  # read and deleted: the company answered all the same
    ]
    assert got[0].in_reply_to == "<mailflow.ty.1@example.com>"
    assert got[1].headers["auto-submitted"] == "auto-replied"
    assert got[0].date == since + dt.timedelta(hours=1)
    listing = graph.requests("graph", "GET", r"^/me/messages$")[0]  # every folder, not only the inbox
    assert listing.query["$filter"] == "receivedDateTime ge 2026-12-01T12:00:00Z"
    assert "internetMessageHeaders" in listing.query["$select"]
    assert graph.count("graph", "GET", r"^/me/messages$") == 3  # six since then, two a page: followed the nextLinks
    graph.clear_log()
    again = mailbox.replies_since(since, domains=("acme.example",), addresses=("rita@recruiting.example",))
    assert again == got
    listing = graph.requests("graph", "GET", r"^/me/messages$")[0]  # only what arrived since the last run
    assert listing.query["$filter"] == "receivedDateTime ge 2026-12-01T16:00:00Z"  # an hour's margin


def test_throttled_creation_waits_and_creates_once(graph, mailbox, waits):
    graph.inject(r"^/me/messages$", 429, headers={"Retry-After": "11"}, method="POST")
    graph.inject(r"^/me/messages$", 503, method="POST")
    mailbox.create_draft(draft("ty.10"))
    assert waits == [11.0, 2.0]
    assert len(graph.messages) == 1


def test_an_expired_token_is_refreshed_once_and_a_refused_refresh_stops(graph, mailbox):
    graph.expire_access_tokens()
    mailbox.create_draft(draft("ty.11"))
    assert [r.status for r in graph.requests("graph")][:2] == [401, 201]

    graph.expire_access_tokens()
    graph.fail_refresh = True
    with pytest.raises(AuthError) as err:
        mailbox.create_draft(draft("ty.12"))
    assert err.value.message == "Outlook login expired"
    assert err.value.hint == "run `mailflow auth outlook`"
    assert graph.message_by_key("ty.12") is None


def test_a_refused_request_names_the_operation(graph, mailbox):
    graph.inject(r"^/me/messages$", 400, method="POST")
    with pytest.raises(MailboxError) as err:
        mailbox.create_draft(draft("ty.13"))
    assert "create draft ty.13" in err.value.message and "HTTP 400" in err.value.message


def test_a_reply_to_a_note_sent_from_elsewhere_finds_it_by_message_id(graph, mailbox):
    sent = graph.add_message("sentitems", subject="Thank you", isDraft=False,
                             internetMessageId="<mailflow.ty.14@example.com>",
                             toRecipients=[{"emailAddress": {"address": "ana@acme.example"}}])

    mailbox.create_draft(draft("fu.14", subject="Re: Thank you", reply_to=ThreadRef(
        message_id="<mailflow.ty.14@example.com>", subject="Thank you", backend_id="")))

    follow_up = graph.message_by_key("fu.14")
    assert follow_up.data["conversationId"] == sent.data["conversationId"]
    assert follow_up.data["inReplyTo"] == "<mailflow.ty.14@example.com>"


def test_a_reply_to_a_message_that_is_gone_is_refused_without_writing(graph, mailbox):
    with pytest.raises(MailboxError, match="not in this mailbox"):
        mailbox.create_draft(draft("fu.15", reply_to=ThreadRef(
            message_id="<mailflow.ty.15@example.com>", subject="Thank you",
            backend_id="AAkALgImm9999=")))
    assert not graph.messages


def test_a_wait_longer_than_a_run_should_take_is_an_error_not_a_sleep(graph, mailbox, waits):
    graph.inject(r"^/me/messages$", 429, headers={"Retry-After": "3600"}, method="POST")
    with pytest.raises(MailboxError, match="asked to wait 3600 s"):
        mailbox.create_draft(draft("ty.16"))
    assert waits == [] and not graph.messages


def test_retry_after_as_an_http_date():
    from mailflow.providers.microsoft.graph import retry_after

    assert retry_after({"Retry-After": "Wed, 02 Dec 2026 10:00:30 GMT",
                        "Date": "Wed, 02 Dec 2026 10:00:00 GMT"}) == 30.0
    assert retry_after({"Retry-After": "12"}) == 12.0
    assert retry_after({}) is None


def test_a_promised_file_reaches_the_draft_as_a_graph_file_attachment(graph, mailbox):
    with_file = draft("ty.file.ana")
    with_file.message.add_attachment(b"%PDF-1.4 notes", maintype="application", subtype="pdf",
                                     filename="dbt-notes.pdf")
    plain = [draft(f"ty.plain.{n}", to=f"p{n}@acme.example") for n in range(2)]

    refs = mailbox.create_drafts([with_file, *plain])

    assert not any(isinstance(r, Exception) for r in refs)
    stored = graph.message_by_key("ty.file.ana")
    assert stored.data["body"]["content"] == "Hi Ana,\n\nThank you for today.\n"
    [attached] = stored.data["attachments"]
    assert attached["name"] == "dbt-notes.pdf" and attached["contentType"] == "application/pdf"
    assert attached["size"] == len(b"%PDF-1.4 notes")
    assert graph.count("graph", "POST", r"^/me/messages/[^/]+/attachments$") == 1
    assert "attachments" not in graph.message_by_key("ty.plain.0").data


def test_the_fake_refuses_an_attachment_over_three_megabytes_as_graph_does(graph, mailbox):
    from mailflow.errors import MailboxError

    big = draft("ty.big.ana")
    big.message.add_attachment(b"0" * (3 * 1024 * 1024 + 1), maintype="application", subtype="octet-stream",
                               filename="big.bin")
    with pytest.raises(MailboxError):
        mailbox.create_draft(big)
