"""Gmail mailbox: the real client against the fake Gmail v1 server. The mailbox contract, the
user-action scenarios in the Gmail web UI, and what is Gmail's own: batches, threads,
history, retries, logins, Spam."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from urllib.parse import parse_qs, urlsplit

import pytest

from mailflow import config as config_module
from mailflow.errors import AuthError, MailboxError
from mailflow.mailboxes.gmail import GmailMailbox
from mailflow.model import KEY_HEADER, NewDraft, SyncCache, ThreadRef, Written
from mailflow.providers.google.login import SCOPES, TOKEN_ENV
from mailflow.registry import open_mailbox
from tests.contracts.mailbox import MailboxContract
from tests.contracts.user_actions import UserActionScenarios
from tests.fakes.google import running
from tests.harness.calendars import ME, onsite_panel
from tests.harness.google import gmail, google_config_text, logged_in, write_login
from tests.harness.home import Home
from tests.harness.mail_clients import GmailClient


def _written(refs):
    """What the mailbox is asked about: the keys and where they were put."""
    return [Written(key, ref) for key, ref in refs.items()]


UTC = timezone.utc


@pytest.fixture
def fake():
    with running() as server:
        yield server


@pytest.fixture
def config(tmp_path, fake):
    token = tmp_path / "google-token.json"
    write_login(token, fake, SCOPES)
    return config_module.loads(google_config_text(fake, token), source=tmp_path / "config.toml")


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def mailbox(config, sleeps):
    return GmailMailbox(config.mail.gmail, config.shared, SyncCache(), sleep=sleeps.append)


def thank_you(key, to="Ann Lee <ann@acme.example>", subject="Thank you for today"):
    msg = EmailMessage()
    msg["From"] = "Sam Seeker <me@example.com>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = f"<mailflow.{key}@example.com>"
    msg[KEY_HEADER] = key
    msg.set_content("Dear Ann,\n\nThank you for the conversation about the data platform.\n")
    return msg


def created(fake, key):
    return next(c for c in fake.drafts_created if c["message"][KEY_HEADER] == key)


def draft_routes(fake):
    return {route: n for route, n in fake.counts.items() if route.startswith("drafts.")}


# ---- the contract ---------------------------------------------------------------------------


class TestGmailMailbox(MailboxContract):
    backend = "gmail"

    @pytest.fixture
    def user(self, fake):
        return GmailClient(fake)

    @pytest.fixture
    def mailbox(self, config):
        return GmailMailbox(config.mail.gmail, config.shared, sleep=lambda _: None)


# ---- the user in the Gmail web UI, through the command line ---------------------------------------


class TestGmailUserActions(UserActionScenarios):
    backend = "gmail"
    #: the web UI keeps a sent draft in its thread: that is the evidence Gmail gives first
    sent_evidence = "a message in its thread in the sent folder"

    @pytest.fixture
    def client(self, fake, monkeypatch):
        monkeypatch.delenv(TOKEN_ENV, raising=False)
        fake.address = ME  # the account of the profile
        return GmailClient(fake)

    @pytest.fixture
    def home(self, tmp_path, fake, client):
        home = Home(tmp_path)
        logged_in(home, fake)
        home.write_config(mail=gmail(fake))
        home.write_calendar(onsite_panel("20211124"))
        return home


# ---- creating ----------------------------------------------------------------------


def test_one_draft_per_interviewer_in_one_batch(fake, mailbox):
    people = ["Ann Lee <ann@acme.example>", "Bo Park <bo@acme.example>", "Cy Díaz <cy@acme.example>"]
    drafts = [NewDraft(thank_you(f"ty.{i}", to), f"ty.{i}") for i, to in enumerate(people)]

    refs = mailbox.create_drafts(drafts)

    assert fake.counts["batch"] == 1
    assert fake.counts["drafts.create"] == 3
    assert [str(c["message"]["To"]) for c in fake.drafts_created] == people
    for i, ref in enumerate(refs):
        message = created(fake, f"ty.{i}")["message"]
        assert ref.message_id == str(message["Message-ID"]) == f"<mailflow.ty.{i}@example.com>"
        assert ref.backend_id in fake.drafts
        assert message[KEY_HEADER] == f"ty.{i}"
    assert len({r.thread_id for r in refs}) == 3


def test_more_than_fifty_drafts_take_two_batches(fake, mailbox):
    drafts = [NewDraft(thank_you(f"k{i}", f"p{i}@acme.example"), f"k{i}") for i in range(51)]
    refs = mailbox.create_drafts(drafts)
    assert fake.counts["batch"] == 2
    assert len(fake.drafts) == 51
    assert all(not isinstance(r, Exception) for r in refs)


def test_a_refused_draft_does_not_stop_the_others(fake, mailbox):
    fake.fail("drafts.create", 400, reason="invalidArgument")
    refs = mailbox.create_drafts([NewDraft(thank_you("a"), "a"), NewDraft(thank_you("b"), "b")])
    assert isinstance(refs[0], MailboxError) and "HTTP 400" in str(refs[0])
    assert refs[1].backend_id in fake.drafts


def test_rate_limited_batch_part_is_sent_again_alone(fake, mailbox, sleeps):
    fake.fail("drafts.create", 429, headers={"Retry-After": "3"})
    refs = mailbox.create_drafts([NewDraft(thank_you("a"), "a"), NewDraft(thank_you("b"), "b")])

    assert sleeps == [3.0]
    assert fake.counts["batch"] == 2
    assert fake.counts["drafts.create"] == 3
    assert sorted(str(c["message"][KEY_HEADER]) for c in fake.drafts_created) == ["a", "b"]
    assert all(r.backend_id in fake.drafts for r in refs)


def test_single_draft_retries_500_then_429(fake, mailbox, sleeps):
    fake.fail("drafts.create", 500)
    fake.fail("drafts.create", 429, headers={"Retry-After": "11"})
    fake.fail("drafts.create", 403, reason="rateLimitExceeded")
    ref = mailbox.create_draft(NewDraft(thank_you("a"), "a"))
    assert sleeps == [1.0, 11.0, 4.0]
    assert list(fake.drafts) == [ref.backend_id]


def test_too_long_retry_after_fails_at_once(fake, mailbox, sleeps):
    fake.fail("drafts.create", 429, headers={"Retry-After": "3600"})
    with pytest.raises(MailboxError, match="create draft a failed: HTTP 429"):
        mailbox.create_draft(NewDraft(thank_you("a"), "a"))
    assert sleeps == []


def test_reply_joins_the_thread_with_headers_and_subject(fake, mailbox):
    first = mailbox.create_draft(NewDraft(thank_you("ty"), "ty"))
    fake.user_sends(first.backend_id)
    sent = mailbox.status(Written("ty", first))
    assert sent.state == "sent"

    follow_up = thank_you("fu", subject="Following up")
    reply = ThreadRef(
        message_id=sent.ref.message_id,
        subject="Thank you for today",
        references=("<earlier@acme.example>",),
        thread_id=sent.ref.thread_id,
    )
    ref = mailbox.create_draft(NewDraft(follow_up, "fu", reply_to=reply))

    made = created(fake, "fu")
    assert made["asked_thread"] == sent.ref.thread_id
    assert made["thread_id"] == sent.ref.thread_id == ref.thread_id
    message = made["message"]
    assert message["In-Reply-To"] == "<mailflow.ty@example.com>"
    assert message["References"] == "<earlier@acme.example> <mailflow.ty@example.com>"
    assert message["Subject"] == "Re: Thank you for today"
    assert follow_up["Subject"] == "Following up"  # the caller's message is not changed


def test_reply_without_a_stored_thread_id_looks_it_up(fake, mailbox):
    first = mailbox.create_draft(NewDraft(thank_you("ty"), "ty"))
    fake.user_sends(first.backend_id)
    reply = ThreadRef(message_id="<mailflow.ty@example.com>", subject="Re: Thank you for today")
    ref = mailbox.create_draft(NewDraft(thank_you("fu"), "fu", reply_to=reply))

    assert ref.thread_id == first.thread_id
    assert created(fake, "fu")["message"]["Subject"] == "Re: Thank you for today"


def test_reply_when_gmail_replaced_the_message_id_on_send(fake, mailbox):
    fake.rewrite_message_id_on_send = True
    first = mailbox.create_draft(NewDraft(thank_you("ty"), "ty"))
    sent = mailbox.send("ty", first)
    assert sent.ref.message_id.endswith("@mail.gmail.com>")

    reply = ThreadRef(message_id=sent.ref.message_id, subject="Thank you for today",
                      thread_id=sent.ref.thread_id)  # fmt: skip
    ref = mailbox.create_draft(NewDraft(thank_you("fu"), "fu", reply_to=reply))
    assert ref.thread_id == first.thread_id
    assert created(fake, "fu")["message"]["In-Reply-To"] == sent.ref.message_id


def test_reply_to_a_message_without_message_id_is_refused_alone(fake, mailbox):
    orphan = NewDraft(thank_you("fu"), "fu", reply_to=ThreadRef(message_id="", subject="Thank you"))
    refs = mailbox.create_drafts([orphan, NewDraft(thank_you("ty"), "ty")])
    assert isinstance(refs[0], MailboxError) and "no Message-ID" in str(refs[0])
    assert list(fake.drafts) == [refs[1].backend_id]


# ---- finding and statuses --------------------------------------------------------


def test_find_by_key_with_an_empty_cache(fake, config, mailbox):
    ref = mailbox.create_draft(NewDraft(thank_you("ty"), "ty"))
    fresh = GmailMailbox(config.mail.gmail, config.shared, SyncCache())

    found = fresh.find("ty")
    assert found.state == "draft" and found.ref.backend_id == ref.backend_id

    fake.user_sends(ref.backend_id)
    after = GmailMailbox(config.mail.gmail, config.shared, SyncCache()).find("ty")
    assert after.state == "sent"
    assert after.ref.thread_id == ref.thread_id
    assert after.sent_at is not None

    assert GmailMailbox(config.mail.gmail, config.shared, SyncCache()).find("never-written") is None
    queries = [parse_qs(urlsplit(t).query).get("q", [""])[0] for r, t, _ in fake.requests
               if r in ("drafts.list", "messages.list")]  # fmt: skip
    assert "rfc822msgid:mailflow.ty@example.com" in queries


def test_status_tells_draft_sent_and_deleted_apart(fake, config, mailbox):
    keep, send, drop = (mailbox.create_draft(NewDraft(thank_you(k), k)) for k in ("keep", "send", "drop"))
    fake.clock_ms = lambda: 1_800_000_000_000
    fake.user_sends(send.backend_id)
    fake.user_deletes(drop.backend_id)
    fresh = GmailMailbox(config.mail.gmail, config.shared, SyncCache())

    assert fresh.status(Written("keep", keep)).state == "draft"
    sent = fresh.status(Written("send", send))
    assert sent.state == "sent"
    assert sent.sent_at == datetime.fromtimestamp(1_800_000_000, tz=UTC)
    assert sent.ref.backend_id in fake.messages and "SENT" in fake.messages[sent.ref.backend_id].labels
    assert fresh.status(Written("drop", drop)).state == "deleted"


def test_sent_found_in_its_thread_when_the_message_id_changed(fake, config, mailbox):
    fake.rewrite_message_id_on_send = True
    ref = mailbox.create_draft(NewDraft(thank_you("ty"), "ty"))
    fake.user_sends(ref.backend_id)
    status = GmailMailbox(config.mail.gmail, config.shared, SyncCache()).status(Written("ty", ref))
    assert status.state == "sent"
    assert status.ref.message_id.endswith("@mail.gmail.com>")


def test_statuses_after_no_change_cost_one_history_request(fake, config):
    cache = SyncCache()
    first = GmailMailbox(config.mail.gmail, config.shared, cache)
    refs = first.create_drafts([NewDraft(thank_you(k), k) for k in ("a", "b", "c")])
    items = dict(zip(("a", "b", "c"), refs))
    cache = SyncCache(data=json.loads(json.dumps(cache.data)))  # as stored between runs
    fake.reset_counts()

    result = GmailMailbox(config.mail.gmail, config.shared, cache).statuses(_written(items))

    assert {k: s.state for k, s in result.items()} == {"a": "draft", "b": "draft", "c": "draft"}
    assert dict(fake.counts) == {"history.list": 1}


def test_statuses_recheck_only_what_the_user_touched(fake, config):
    cache = SyncCache()
    mailbox = GmailMailbox(config.mail.gmail, config.shared, cache)
    refs = dict(zip("abc", mailbox.create_drafts([NewDraft(thank_you(k), k) for k in "abc"])))
    mailbox.statuses(_written(refs))
    fake.user_sends(refs["b"].backend_id)
    fake.user_deletes(refs["c"].backend_id)
    fake.reset_counts()

    result = GmailMailbox(config.mail.gmail, config.shared, cache).statuses(_written(refs))

    assert {k: s.state for k, s in result.items()} == {"a": "draft", "b": "sent", "c": "deleted"}
    assert fake.counts["history.list"] == 1
    assert fake.counts["drafts.list"] == 1  # one listing, not one request per draft
    assert fake.counts["drafts.get"] == 0
    assert fake.counts["messages.list"] == 1  # the sent mail, once: b and c left Drafts
    fake.reset_counts()
    again = GmailMailbox(config.mail.gmail, config.shared, cache).statuses(_written(refs))
    assert {k: s.state for k, s in again.items()} == {"a": "draft", "b": "sent", "c": "deleted"}
    assert dict(fake.counts) == {"history.list": 1}


def test_stale_history_404_falls_back_to_checking_each(fake, config):
    cache = SyncCache()
    mailbox = GmailMailbox(config.mail.gmail, config.shared, cache)
    refs = dict(zip("ab", mailbox.create_drafts([NewDraft(thank_you(k), k) for k in "ab"])))
    fake.user_sends(refs["a"].backend_id)
    fake.expire_history()
    fake.reset_counts()

    result = GmailMailbox(config.mail.gmail, config.shared, cache).statuses(_written(refs))

    assert {k: s.state for k, s in result.items()} == {"a": "sent", "b": "draft"}
    assert fake.counts["history.list"] == 1
    assert fake.counts["users.getProfile"] == 1
    assert fake.counts["drafts.list"] == 1 and fake.counts["drafts.get"] == 0
    assert cache.data["history"] == str(fake.history_id)


def test_a_draft_the_user_began_is_never_taken_for_the_sent_note_though_history_says_no_labels(fake, config):
    # history records carry no labels (API_FACTS §9.3): an added message may be a draft
    cache = SyncCache()
    mailbox = GmailMailbox(config.mail.gmail, config.shared, cache)
    when = datetime.now(UTC) - timedelta(minutes=5)
    refs = dict(zip("ab", mailbox.create_drafts([NewDraft(thank_you(k), k) for k in "ab"])))
    written = [Written(k, refs[k], "ann@acme.example", "Thank you for today", when) for k in "ab"]
    mailbox.statuses(written)
    fake.user_sends(refs["b"].backend_id)
    GmailMailbox(config.mail.gmail, config.shared, cache).statuses(written)  # sent mail is kept from now on
    fake.user_deletes(refs["a"].backend_id)  # and begins her own, to the same person, same subject
    fake.user_drafts_new("Ann Lee <ann@acme.example>", "Thank you for today")

    result = GmailMailbox(config.mail.gmail, config.shared, cache).statuses(written)

    assert {k: s.state for k, s in result.items()} == {"a": "deleted", "b": "sent"}


def test_calls_refused_for_too_many_at_once_are_sent_again_after_retry_after_and_none_twice(fake, mailbox, sleeps):
    fake.concurrent_limit = 10  # Gmail's is about 50 (API_FACTS §9.4); a smaller one shows the same
    keys = [f"k{n}" for n in range(30)]

    refs = mailbox.create_drafts([NewDraft(thank_you(k), k) for k in keys])

    assert all(not isinstance(r, Exception) for r in refs), refs
    assert sorted(m.header(KEY_HEADER) for m in fake.draft_messages()) == sorted(keys)
    assert fake.refused == 20 + 10
    assert sleeps == [1.0, 1.0]  # what Retry-After asked, twice


# ---- deleting and sending -----------------------------------------------------------


def test_delete_removes_the_draft_and_tolerates_it_being_gone(fake, mailbox):
    ref = mailbox.create_draft(NewDraft(thank_you("a"), "a"))
    mailbox.delete("a", ref)
    assert ref.backend_id not in fake.drafts
    mailbox.delete("a", ref)  # already gone: no error
    assert fake.counts["drafts.delete"] == 2


def test_our_own_delete_and_send_do_not_cost_rechecks(fake, config):
    cache = SyncCache()
    mailbox = GmailMailbox(config.mail.gmail, config.shared, cache)
    refs = dict(zip("ab", mailbox.create_drafts([NewDraft(thank_you(k), k) for k in "ab"])))
    mailbox.delete("a", refs["a"])
    sent = mailbox.send("b", refs["b"])
    fake.reset_counts()
    result = GmailMailbox(config.mail.gmail, config.shared, cache).statuses(_written({"a": refs["a"], "b": sent.ref}))
    assert {k: s.state for k, s in result.items()} == {"a": "deleted", "b": "sent"}
    assert dict(fake.counts) == {"history.list": 1}


def test_send_returns_the_sent_message(fake, mailbox):
    ref = mailbox.create_draft(NewDraft(thank_you("a"), "a"))
    status = mailbox.send("a", ref)
    assert status.state == "sent"
    assert ref.backend_id not in fake.drafts
    (sent,) = fake.sent_messages()
    assert status.ref.backend_id == sent.id and status.ref.thread_id == ref.thread_id
    assert status.ref.message_id == "<mailflow.a@example.com>"
    with pytest.raises(MailboxError, match="no longer in Drafts"):
        mailbox.send("a", ref)


# ---- replies --------------------------------------------------------------------------


def test_replies_since_from_company_domain_and_addresses(fake, mailbox):
    since = datetime(2026, 12, 1, 12, tzinfo=UTC)
    ms = lambda moment: int(moment.timestamp() * 1000)  # noqa: E731
    fake.deliver("Ann Lee <ann@acme.example>", "Re: Thank you", when_ms=ms(since - timedelta(hours=1)))
    fake.deliver("Ann Lee <ann@acme.example>", "Re: Thank you", when_ms=ms(since + timedelta(hours=2)),
                 in_reply_to="<mailflow.ty@example.com>")  # fmt: skip
    fake.deliver("HR <jobs@eu.acme.example>", "Out of office",
                 when_ms=ms(since + timedelta(hours=3)),
                 headers={"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"})  # fmt: skip
    fake.deliver("Recruiter <r@agency.example>", "Update", when_ms=ms(since + timedelta(hours=4)))
    fake.deliver("Other <x@notacme.example>", "Spam", when_ms=ms(since + timedelta(hours=5)))
    fake.deliver("Someone <s@elsewhere.example>", "Hi", when_ms=ms(since + timedelta(hours=6)))

    replies = mailbox.replies_since(since, domains=("acme.example",), addresses=("r@agency.example",))

    assert [(r.sender, r.subject) for r in replies] == [
        ("ann@acme.example", "Re: Thank you"),
        ("jobs@eu.acme.example", "Out of office"),
        ("r@agency.example", "Update"),
    ]
    assert replies[0].in_reply_to == "<mailflow.ty@example.com>"
    assert replies[0].date == since + timedelta(hours=2)
    assert replies[1].headers["auto-submitted"] == "auto-replied"
    assert replies[1].headers["x-autoreply"] == "yes"
    (query,) = [parse_qs(urlsplit(t).query)["q"][0] for r, t, _ in fake.requests if r == "messages.list"]
    assert f"after:{int(since.timestamp())}" in query
    assert "from:acme.example" in query and "from:r@agency.example" in query
    assert fake.counts["batch"] == 1


def test_replies_since_with_nobody_to_ask_makes_no_request(fake, mailbox):
    assert mailbox.replies_since(datetime(2026, 1, 1, tzinfo=UTC), domains=(), addresses=()) == []
    assert sum(fake.counts.values()) == 0


# ---- login errors ---------------------------------------------------------------------


def test_401_refreshes_and_goes_on(fake, mailbox):
    mailbox.create_draft(NewDraft(thank_you("a"), "a"))
    fake.expire_access_tokens()
    mailbox.create_draft(NewDraft(thank_you("b"), "b"))
    assert len(fake.drafts) == 2
    refreshes = [r for r in fake.token_requests if r["grant_type"] == "refresh_token"]
    assert len(refreshes) == 2  # the first use, then after the 401


def test_401_in_a_batch_refreshes_once(fake, mailbox):
    mailbox.create_draft(NewDraft(thank_you("a"), "a"))
    fake.expire_access_tokens()
    refs = mailbox.create_drafts([NewDraft(thank_you(k), k) for k in ("b", "c")])
    assert all(r.backend_id in fake.drafts for r in refs)


def test_revoked_login_is_an_auth_error_with_the_hint(fake, mailbox):
    mailbox.create_draft(NewDraft(thank_you("a"), "a"))
    fake.revoke()
    with pytest.raises(AuthError) as caught:
        mailbox.create_drafts([NewDraft(thank_you("b"), "b")])
    assert caught.value.hint == "run `mailflow auth google`"
    with pytest.raises(AuthError):
        mailbox.create_draft(NewDraft(thank_you("c"), "c"))


def test_open_mailbox_builds_gmail(config):
    assert isinstance(open_mailbox(config.mail, config.shared), GmailMailbox)



def test_whole_batch_refused_with_503_is_sent_again(fake, mailbox, sleeps):
    fake.fail("batch", 503)
    refs = mailbox.create_drafts([NewDraft(thank_you(k), k) for k in ("a", "b")])
    assert sleeps == [1.0]
    assert fake.counts["batch"] == 2
    assert sorted(fake.drafts) == sorted(r.backend_id for r in refs)


def test_missing_permission_asks_to_log_in_again(fake, mailbox):
    fake.fail("drafts.create", 403, reason="insufficientPermissions")
    with pytest.raises(AuthError, match="does not allow this") as caught:
        mailbox.create_draft(NewDraft(thank_you("a"), "a"))
    assert "mailflow auth google" in caught.value.hint


def test_disabled_api_says_to_enable_it(fake, mailbox, sleeps):
    fake.fail("drafts.create", 403, reason="accessNotConfigured")
    with pytest.raises(MailboxError, match="HTTP 403") as caught:
        mailbox.create_draft(NewDraft(thank_you("a"), "a"))
    assert "enable the API" in caught.value.hint
    assert sleeps == []


def test_a_reply_in_spam_counts_and_so_does_one_the_user_deleted(fake, mailbox):
    since = datetime(2026, 12, 1, 12, tzinfo=UTC)
    ms = lambda moment: int(moment.timestamp() * 1000)  # noqa: E731
    fake.deliver("Ann Lee <ann@acme.example>", "Re: Thank you", when_ms=ms(since + timedelta(hours=1)),
                 labels=("SPAM",))
    fake.deliver("Bo Park <bo@acme.example>", "Old news", when_ms=ms(since + timedelta(hours=2)),
                 labels=("TRASH",))

    replies = mailbox.replies_since(since, domains=("acme.example",), addresses=())

    assert [(r.sender, r.subject) for r in replies] == [("ann@acme.example", "Re: Thank you"),
                                                         ("bo@acme.example", "Old news")]  # the company answered
    (listing,) = [q for r, _, q in fake.requests if r == "messages.list"]
    assert listing["includeSpamTrash"] == ["true"] and "in:trash" not in listing["q"][0]


def test_replies_already_read_are_not_read_again(fake, mailbox):
    since = datetime(2026, 12, 1, 12, tzinfo=UTC)
    fake.deliver("Ann Lee <ann@acme.example>", "Re: Thank you",
                 when_ms=int((since + timedelta(hours=1)).timestamp() * 1000))
    many = tuple(f"company{n}.example" for n in range(30))
    assert len(mailbox.replies_since(since, domains=("acme.example", *many), addresses=("ann@acme.example",))) == 1
    fake.reset_counts()

    again = mailbox.replies_since(since, domains=("acme.example", *many), addresses=("ann@acme.example",))

    assert [r.sender for r in again] == ["ann@acme.example"]
    assert dict(fake.counts) == {"messages.list": 1}  # one search for 31 companies, nothing read twice
    (query,) = [q["q"][0] for r, _, q in fake.requests if r == "messages.list"]
    assert "from:ann@acme.example" not in query  # her domain already asks for her


def test_mail_arriving_costs_no_more_than_the_history_request(fake, config):
    cache = SyncCache()
    mailbox = GmailMailbox(config.mail.gmail, config.shared, cache)
    refs = dict(zip("ab", mailbox.create_drafts([NewDraft(thank_you(k), k) for k in "ab"])))
    fake.deliver("Newsletter <news@elsewhere.example>", "This week")
    fake.reset_counts()

    result = GmailMailbox(config.mail.gmail, config.shared, cache).statuses(_written(refs))

    assert {k: s.state for k, s in result.items()} == {"a": "draft", "b": "draft"}
    assert dict(fake.counts) == {"history.list": 1}


def test_a_rewritten_draft_keeps_its_id_and_is_not_taken_for_an_edit(fake, config):
    cache = SyncCache()
    mailbox = GmailMailbox(config.mail.gmail, config.shared, cache)
    ref = mailbox.create_draft(NewDraft(thank_you("a"), "a"))
    new = mailbox.update_draft(Written("a", ref), NewDraft(thank_you("a", subject="Thank you, again"), "a"))

    assert new.backend_id == ref.backend_id and new.version != ref.version
    assert fake.counts["drafts.update"] == 1 and len(fake.drafts) == 1
    status = GmailMailbox(config.mail.gmail, config.shared, cache).status(Written("a", new))
    assert status.state == "draft" and not status.edited
    fake.user_edits(new.backend_id, body="My own words.\n")
    edited = GmailMailbox(config.mail.gmail, config.shared, cache).status(Written("a", new))
    assert edited.state == "draft" and edited.edited


def test_a_draft_the_user_edited_then_discarded_is_deleted(fake, config):
    cache = SyncCache()
    mailbox = GmailMailbox(config.mail.gmail, config.shared, cache)
    ref = mailbox.create_draft(NewDraft(thank_you("a"), "a"))
    fake.user_edits(ref.backend_id, body="My own words.\n")
    edited = GmailMailbox(config.mail.gmail, config.shared, cache).status(Written("a", ref))
    assert edited.edited
    fake.user_deletes(ref.backend_id)

    gone = GmailMailbox(config.mail.gmail, config.shared, cache).status(Written("a", ref))  # as first written

    assert gone.state == "deleted"
