"""The fake services themselves behave as the real ones do where mailflow's
tests lean on it (API_FACTS §1.2, §4.3, §4.5, §7.0, §8): plain HTTP and IMAP
clients against the loopback fakes, no mailflow code. When one of these
fails, a scenario test elsewhere may be passing or failing for the wrong
reason."""

from __future__ import annotations

import base64
import datetime as dt
import imaplib
from email.message import EmailMessage

import pytest
import requests

from tests.fakes.google import running as google_running
from tests.harness.mail_clients import ImapClient
from tests.harness.microsoft import graph_event

UTC = dt.timezone.utc


# ---- Gmail ----------------------------------------------------------------------------


@pytest.fixture
def gmail():
    """(fake, requests session logged in to it, base URL of the Gmail API)."""
    with google_running() as server:
        token = requests.post(server.token_uri, data={
            "grant_type": "refresh_token", "refresh_token": server.issue_refresh_token(),
            "client_id": server.client_id, "client_secret": server.client_secret}).json()["access_token"]
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        yield server, session, server.url + "gmail/v1/users/me"


def _raw(subject: str, key: str) -> str:
    msg = EmailMessage()
    msg["From"] = "me@example.com"
    msg["To"] = "Ana Lopez <ana@acme.example>"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<mailflow.{key}@example.com>"
    msg["X-Mailflow-Key"] = key
    msg.set_content("Thank you for today.\n")
    return base64.urlsafe_b64encode(msg.as_bytes()).decode()


def _ids(session, url: str, q: str) -> list[str]:
    answer = session.get(f"{url}/messages", params={"q": q})
    assert answer.status_code == 200, answer.text
    return [m["id"] for m in answer.json().get("messages", [])]


def test_gmail_search_matches_words_not_substrings(gmail):
    fake, session, url = gmail
    ana = fake.deliver("Ana Lopez <ana@acme.example>", "Re: Thank you, Ana")
    fake.deliver("Someone <ana@notacme.example>", "Thank you")
    bo = fake.deliver("Bo Chen <bo@mail.acme.example>", "Next steps")

    assert set(_ids(session, url, "from:acme.example")) == {ana.id, bo.id}
    assert _ids(session, url, "from:ana@acme.example") == [ana.id]
    assert _ids(session, url, 'subject:"thank you" from:acme.example') == [ana.id]
    assert _ids(session, url, "subject:than") == []
    assert set(_ids(session, url, "from:(acme.example) -subject:steps")) == {ana.id}
    assert session.get(f"{url}/messages", params={"q": "is:unread"}).status_code == 400


def test_gmail_web_ui_send_leaves_a_sent_copy_without_our_message_id_or_x_headers(gmail):
    fake, session, url = gmail
    created = session.post(f"{url}/drafts", json={"message": {"raw": _raw("Thank you", "ty.1")}}).json()
    fake.deliver("Ana Lopez <ana@acme.example>", "Unrelated")  # another thread in the mailbox

    copy = fake.user_sends_from_web(created["id"], subject="Thanks again", new_thread=True)

    assert session.get(f"{url}/drafts/{created['id']}").status_code == 404
    assert _ids(session, url, "rfc822msgid:mailflow.ty.1@example.com") == []
    sent = session.get(f"{url}/messages/{copy.id}", params={"format": "metadata"}).json()
    headers = {h["name"].lower(): h["value"] for h in sent["payload"]["headers"]}
    assert "x-mailflow-key" not in headers and headers["message-id"] != "<mailflow.ty.1@example.com>"
    assert headers["subject"] == "Thanks again" and headers["to"] == "Ana Lopez <ana@acme.example>"
    assert sent["labelIds"] == ["SENT"] and sent["threadId"] != created["message"]["threadId"]
    assert _ids(session, url, "in:sent to:ana@acme.example") == [copy.id]


def test_an_edited_gmail_draft_keeps_its_id_and_gets_a_new_message(gmail):
    fake, session, url = gmail
    created = session.post(f"{url}/drafts", json={"message": {"raw": _raw("Thank you", "ty.2")}}).json()

    fake.user_edits(created["id"], body="Thank you, and here is the article I mentioned.\n")

    draft = session.get(f"{url}/drafts/{created['id']}", params={"format": "raw"}).json()
    assert draft["message"]["id"] != created["message"]["id"]
    assert draft["message"]["threadId"] == created["message"]["threadId"]
    text = base64.urlsafe_b64decode(draft["message"]["raw"]).decode()
    assert "the article I mentioned" in text and "X-Mailflow-Key" not in text


def test_gmail_history_records_carry_only_ids_and_threads_not_labels(gmail):
    fake, session, url = gmail
    start = session.get(f"{url}/profile").json()["historyId"]
    fake.deliver("Ana Lopez <ana@acme.example>", "Re: Thank you")
    draft = session.post(f"{url}/drafts", json={"message": {"raw": _raw("Thank you", "ty.1")}})
    assert draft.status_code == 200, draft.text

    records = session.get(f"{url}/history", params={"startHistoryId": start}).json()["history"]

    added = [change["message"] for r in records for change in r.get("messagesAdded", [])]
    assert len(added) == 2
    assert all(set(m) == {"id", "threadId"} for m in added)  # a reply and a draft look alike
    assert all(set(m) == {"id", "threadId"} for r in records for m in r["messages"])


def test_gmail_refuses_calls_past_fifty_at_once_with_retry_after(gmail):
    fake, session, url = gmail
    boundary = "b0undary"
    parts = "".join(f"--{boundary}\r\nContent-Type: application/http\r\nContent-ID: <{n}>\r\n\r\n"
                    f"GET /gmail/v1/users/me/labels/{n} HTTP/1.1\r\n\r\n" for n in range(60))
    answer = session.post(fake.url + "batch", data=(parts + f"--{boundary}--\r\n").encode(),
                          headers={"Content-Type": f"multipart/mixed; boundary={boundary}"})
    assert answer.status_code == 200
    statuses = [int(line.split()[1]) for line in answer.text.splitlines() if line.startswith("HTTP/1.1 ")]
    assert len(statuses) == 60
    assert 429 not in statuses[:50] and statuses[50:] == [429] * 10
    assert fake.refused == 10
    assert "Too many concurrent requests for user" in answer.text and "Retry-After: 1" in answer.text


# ---- Graph mail ------------------------------------------------------------------------


@pytest.fixture
def graph_http(graph):
    """(fake, requests session logged in to it, base URL of Graph)."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {graph.new_tokens('Mail.ReadWrite')['access_token']}"
    session.headers["Prefer"] = 'IdType="ImmutableId"'
    return graph, session, graph.graph_url


def test_graph_refuses_recipient_filters_and_an_orderby_it_cannot_serve(graph_http):
    fake, session, url = graph_http
    for params, code in (
        ({"$filter": "toRecipients/any(r: r/emailAddress/address eq 'ana@acme.example')"},
         "ErrorInvalidUrlQueryFilter"),
        ({"$filter": "conversationId eq 'AAQk='", "$orderby": "receivedDateTime"}, "InefficientFilter"),
        ({"$filter": "from/emailAddress/address eq 'ana@acme.example'", "$orderby": "receivedDateTime desc"},
         "InefficientFilter"),
        ({"$search": '"to:ana@acme.example"', "$orderby": "receivedDateTime desc"}, "ErrorInvalidUrlQuery"),
    ):
        answer = session.get(f"{url}/me/messages", params=params)
        assert (answer.status_code, answer.json()["error"]["code"]) == (400, code), params
    ok = session.get(f"{url}/me/messages", params={
        "$filter": "receivedDateTime ge 2026-12-01T00:00:00Z and from/emailAddress/address eq 'ana@acme.example'",
        "$orderby": "receivedDateTime desc"})
    assert ok.status_code == 200, ok.text


def test_outlook_web_send_leaves_a_new_item_without_our_headers(graph_http):
    fake, session, url = graph_http
    draft = session.post(f"{url}/me/messages", json={
        "subject": "Thank you", "body": {"contentType": "Text", "content": "Thanks."},
        "toRecipients": [{"emailAddress": {"address": "ana@acme.example"}}],
        "internetMessageId": "<mailflow.ty.1@example.com>",
        "internetMessageHeaders": [{"name": "X-Mailflow-Key", "value": "ty.1"}]}).json()

    copy = fake.user_sends_from_web(fake.messages[min(fake.messages)], subject="RE: Thank you")

    assert session.get(f"{url}/me/messages/{draft['id']}").status_code == 404
    by_id = session.get(f"{url}/me/messages",
                        params={"$filter": "internetMessageId eq '<mailflow.ty.1@example.com>'"}).json()
    assert by_id["value"] == []
    sent = session.get(f"{url}/me/mailFolders/sentitems/messages",
                       params={"$select": "subject,internetMessageId,conversationId,internetMessageHeaders"})
    (item,) = sent.json()["value"]
    assert item["id"] == copy.immutable_id and item["subject"] == "RE: Thank you"
    assert item["conversationId"] == draft["conversationId"] and "internetMessageHeaders" not in item
    assert item["internetMessageId"] != "<mailflow.ty.1@example.com>"
    # recipients cannot be filtered on, but they can be searched
    found = session.get(f"{url}/me/mailFolders/sentitems/messages", params={"$search": '"to:ana@acme.example"'})
    assert [m["id"] for m in found.json()["value"]] == [copy.immutable_id]
    other = session.get(f"{url}/me/mailFolders/sentitems/messages", params={"$search": '"to:bo@acme.example"'})
    assert other.json()["value"] == []


def test_a_sent_outlook_message_answers_to_a_new_id_immutable_or_not(graph_http):
    fake, session, url = graph_http
    draft = session.post(f"{url}/me/messages", json={
        "subject": "Thank you", "toRecipients": [{"emailAddress": {"address": "ana@acme.example"}}]}).json()

    assert session.post(f"{url}/me/messages/{draft['id']}/send").status_code == 202

    assert session.get(f"{url}/me/messages/{draft['id']}").status_code == 404
    (sent,) = session.get(f"{url}/me/mailFolders/sentitems/messages").json()["value"]
    assert sent["id"] != draft["id"] and sent["internetMessageId"] == draft["internetMessageId"]


def test_an_edited_outlook_draft_keeps_its_id_and_moves_its_modification_time(graph_http):
    fake, session, url = graph_http
    draft = session.post(f"{url}/me/messages", json={"subject": "Thank you"}).json()
    fake.user_edits(fake.messages[min(fake.messages)], body="Thanks, and the link.")
    again = session.get(f"{url}/me/messages/{draft['id']}",
                        headers={"Prefer": 'IdType="ImmutableId", outlook.body-content-type="text"'}).json()
    assert again["body"]["content"] == "Thanks, and the link."
    assert again["lastModifiedDateTime"] > draft["lastModifiedDateTime"]
    assert again["changeKey"] != draft["changeKey"]


def test_mail_in_junk_and_user_folders_is_in_me_messages_but_not_in_the_inbox(graph_http):
    fake, session, url = graph_http
    recruiting = fake.add_folder("Recruiting")
    when = dt.datetime(2026, 12, 7, 10, tzinfo=UTC)
    fake.receive("ana@acme.example", "Re: Thank you", when, folder="junkemail")
    fake.receive("rita@acme.example", "Next steps", when, folder=recruiting)
    flt = {"$filter": "receivedDateTime ge 2026-12-07T00:00:00Z"}

    everywhere = session.get(f"{url}/me/messages", params=flt).json()["value"]
    inbox = session.get(f"{url}/me/mailFolders/inbox/messages", params=flt).json()["value"]
    children = session.get(f"{url}/me/mailFolders/inbox/childFolders").json()["value"]
    top = {f["displayName"] for f in session.get(f"{url}/me/mailFolders").json()["value"]}

    assert sorted(m["subject"] for m in everywhere) == ["Next steps", "Re: Thank you"]
    assert inbox == []
    assert [(f["id"], f["displayName"]) for f in children] == [(recruiting, "Recruiting")]
    assert {"Inbox", "Junk Email", "Sent Items", "Deleted Items", "Drafts"} <= top


# ---- Graph calendar delta -----------------------------------------------------------------


def _delta(session, url: str, link: str | None = None) -> tuple[list[dict], str]:
    """Every item of one delta round, and its deltaLink."""
    items = []
    link = link or (f"{url}/me/calendarView/delta?startDateTime=2026-11-30T00:00:00Z"
                    f"&endDateTime=2027-01-31T00:00:00Z")
    while True:
        answer = session.get(link)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        items += page["value"]
        if "@odata.deltaLink" in page:
            return items, page["@odata.deltaLink"]
        link = page["@odata.nextLink"]


def test_delta_sends_occurrences_as_stubs_and_the_master_holds_the_rest(graph_http):
    fake, session, url = graph_http
    start = dt.datetime(2026, 12, 2, 15, tzinfo=UTC)
    fake.put_series(graph_event("series", "Interview with Acme: weekly panel", start,
                                start + dt.timedelta(hours=1),
                                attendees=[("ana@acme.example", "Ana Lopez", "required", "accepted")]),
                    count=3)

    items, _ = _delta(session, url)

    assert [set(i) for i in items] == [{"@odata.type", "@odata.etag", "id", "seriesMasterId", "type",
                                        "start", "end"}] * 3
    assert {i["seriesMasterId"] for i in items} == {"series"}
    master = session.get(f"{url}/me/events/series").json()
    assert master["type"] == "seriesMaster" and master["subject"] == "Interview with Acme: weekly panel"
    assert master["attendees"][0]["emailAddress"]["address"] == "ana@acme.example"
    occurrence = session.get(f"{url}/me/events/{items[1]['id']}").json()
    assert occurrence["originalStart"] == "2026-12-09T15:00:00Z" and occurrence["subject"]


def test_a_later_delta_round_carries_only_what_changed(graph_http):
    fake, session, url = graph_http
    start = dt.datetime(2026, 12, 2, 15, tzinfo=UTC)
    event = graph_event("ev1", "Interview with Acme", start, start + dt.timedelta(hours=1))
    fake.put_event(event)
    _, link = _delta(session, url)
    later = start + dt.timedelta(days=1)
    fake.put_event({**event, **graph_event("ev1", "Interview with Acme", later, later + dt.timedelta(hours=1))})

    (changed,), _ = _delta(session, url, link)

    assert set(changed) == {"@odata.etag", "id", "start", "end"}


@pytest.mark.parametrize("status", [400, 404, 410])
def test_an_expired_delta_link_answers_sync_state_not_found(graph_http, status):
    fake, session, url = graph_http
    _, link = _delta(session, url)
    fake.expire_delta_tokens(status)
    answer = session.get(link)
    assert (answer.status_code, answer.json()["error"]["code"]) == (status, "syncStateNotFound")


# ---- IMAP without header search -------------------------------------------------------------


@pytest.mark.parametrize("mode", ["refuse", "ignore"])
def test_the_proxy_answers_header_searches_itself_and_passes_the_rest(dovecot, header_search_proxy, mode):
    account = ImapClient.new(dovecot)
    proxy = header_search_proxy(mode)
    conn = imaplib.IMAP4("127.0.0.1", proxy.port, timeout=10)
    try:
        conn.login(account.user, account.password)
        msg = EmailMessage()
        msg["Subject"] = "A word about the HEADER"
        msg["X-Mailflow-Key"] = "ty.1"
        msg.set_content("body\n")
        assert conn.append("INBOX", None, None, msg.as_bytes())[0] == "OK"  # a literal goes through
        conn.select("INBOX")
        typ, data = conn.uid("SEARCH", "HEADER", "X-Mailflow-Key", '"ty.1"')
        assert (typ, data) == (("NO", [b"[CANNOT] Search on this header is not supported"]) if mode == "refuse"
                               else ("OK", [b""]))
        typ, data = conn.uid("SEARCH", "SUBJECT", '"HEADER"')  # a word in a string is not the key
        assert typ == "OK" and data[0]  # the real server found it
    finally:
        conn.logout()
    assert proxy.intercepted == [f'{proxy.intercepted[0].split()[0]} UID SEARCH HEADER X-Mailflow-Key "ty.1"']
