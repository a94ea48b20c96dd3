"""The IMAP mailbox against a real Dovecot on 127.0.0.1 (the ``dovecot`` fixture: one per
module, set up like a real account: a Sent folder with the RFC 6154 ``\\Sent`` flag and a
non-ASCII name, and no Drafts folder until mailflow creates one; each test logs in as a
user of its own, so each starts with empty folders). The mailbox contract, the
user-action scenarios, and what is IMAP's own: flags and dates, folder names in modified
UTF-7, logins and TLS, servers that cannot search headers (API_FACTS §7.0: the
``header_search_proxy`` fixture), reply folders, and what a quiet run costs.
"""

from __future__ import annotations

import email
import email.policy
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from mailflow.config import Shared, load
from mailflow.errors import MailboxError
from mailflow.mailboxes.imap import TERMS_PER_SEARCH, ImapMailbox, ImapSettings, _decode_folder, _encode_folder
from mailflow.model import DraftRef, SyncCache, Written
from tests.contracts.mailbox import MailboxContract
from tests.contracts.user_actions import NOW, RAJ, UserActionScenarios, draft_to, key_to, run, thank_yous
from tests.harness.calendars import ME, onsite_panel
from tests.harness.home import Home
from tests.harness.mail_clients import ImapClient
from tests.harness.messages import compose, message
from tests.harness.servers import DRAFTS, DRAFTS_WIRE, SENT, SENT_WIRE, Dovecot

# Dovecot files a message dated in the future under the current time: every date
# here lies in the past, so INTERNALDATE is the one mailflow gave.
PANEL = onsite_panel("20211124")
PANEL_END = datetime(2021, 11, 24, 20, 30, tzinfo=UTC)  # 15:30 in New York


def _written(refs):
    """What the mailbox is asked about: the keys and where they were put."""
    return [Written(key, ref) for key, ref in refs.items()]


def _imap(config):
    """The IMAP mailbox's constructor arguments from a loaded config."""
    return config.mail.imap, config.shared


# ---- the contract ---------------------------------------------------------------------------


class TestImapMailbox(MailboxContract):
    backend = "imap"
    server = "Dovecot"

    @pytest.fixture
    def user(self, dovecot):
        return ImapClient.new(dovecot, "staple-7", drafts="Drafts")

    @pytest.fixture
    def mailbox(self, tmp_path, dovecot, user):
        settings = ImapSettings(host="127.0.0.1", port=dovecot.port, security="none", username=user.user,
                                password_cmd=f"echo {user.password}", drafts_folder="Drafts")
        box = ImapMailbox(settings, Shared(base_dir=tmp_path, me=frozenset({ME}), my_email=ME))
        yield box
        box.close()


# ---- the user's mail client, through the command line -------------------------------------------


class TestImapUserActions(UserActionScenarios):
    backend = "imap"
    server = "Dovecot"
    #: INBOX, the junk folder by either of its usual names, a folder of a rule's and the
    #: trash: found without any ``reply_folders`` setting
    reply_folders = ("inbox", "junk", "spam", "filed", "trash")

    @pytest.fixture
    def client(self, dovecot):
        client = ImapClient.new(dovecot)
        client.create(ImapClient.FILED)
        return client

    @pytest.fixture
    def home(self, tmp_path, client):
        home = Home(tmp_path)
        home.write_config(mail=client.mail_config())
        home.write_calendar(PANEL)
        return home

    @pytest.mark.parametrize("mode", ["refuse", "ignore"])
    def test_drafts_are_found_on_a_server_without_header_search(self, home, client, header_search_proxy, mode):
        proxy = header_search_proxy(mode)
        home.write_config(mail=client.mail_config(port=proxy.port))
        run(home, client, NOW)
        assert len(client.drafts()) == 3
        assert proxy.intercepted  # the server's answer was met, and remembered: asked once, not every run
        asked = len(proxy.intercepted)

        run(home, client, "2021-11-25T18:30")
        assert set(thank_yous(home, "2021-11-25T18:30").values()) == {"draft"}
        assert len(client.drafts()) == 3  # nothing written twice

        client.send_as_written(key_to(client, "ana.lima@acme.example"), at="2021-11-25T18:42")
        run(home, client, "2021-11-25T19:00")
        assert thank_yous(home, "2021-11-25T19:00") == {
            "ana.lima@acme.example": "sent", "zoe.muller@acme.example": "draft", "raj.patel@acme.example": "draft"}
        assert len(proxy.intercepted) == asked

    @pytest.mark.parametrize("mode", ["refuse", "ignore"])
    def test_a_placeholder_draft_is_replaced_in_place_on_a_server_without_header_search(
            self, home, client, header_search_proxy, mode):
        home.write_config(mail=client.mail_config(port=header_search_proxy(mode).port))
        run(home, client, NOW)
        assert "[REMARK:" in draft_to(client, RAJ).get_content()
        said = home.cli("remark", home.interview_id(now=NOW), "--by", RAJ, "latency budgets are a product decision",
                        "--now", NOW)
        assert said.exit_code == 0, said.output

        run(home, client, "2021-11-25T19:00")

        assert len(client.drafts()) == 3  # the old one expunged by its UID, found without a header search
        assert "latency budgets" in draft_to(client, RAJ).get_content()


# ---- the account, through the command line and the mailbox itself --------------------------------


class Account:
    """A user on the tests' Dovecot (``mail``, their mail client), and a mailflow home
    configured for it."""

    def __init__(self, server: Dovecot, home: Home, password: str = "horse-battery-7"):
        self.mail = ImapClient.new(server, password)
        self.server, self.home = server, home
        self.user, self.password = self.mail.user, password

    def configure(self, *, password_cmd: str | None = None, port: int | None = None) -> None:
        self.home.write_config(mail=self.mail.mail_config(port=port, password_cmd=password_cmd))

    def client(self):
        return self.mail.connect()

    def messages(self, wire_folder: str) -> list[tuple[str, set[str], str, bytes]]:
        return self.mail.messages(wire_folder)

    def drafts(self) -> dict[str, email.message.EmailMessage]:
        """The drafts by recipient address."""
        return {m["To"].addresses[0].addr_spec: m for m in self.mail.drafts()}

    def expunge(self, wire_folder: str, key: str) -> bytes:
        return self.mail.expunge(wire_folder, key)

    def append(self, wire_folder: str, raw: bytes, when: datetime, flags: str = "") -> None:
        self.mail.append(wire_folder, raw, when, flags)

    def status(self, now: str = NOW) -> dict[str, dict]:
        report = json.loads(self.home.cli("status", "--json", "--now", now).output)
        return {m["to"]: m for a in report["applications"] for m in a["messages"]}


@pytest.fixture
def account(dovecot, home):
    acct = Account(dovecot, home)
    acct.configure()
    home.write_calendar(PANEL)
    return acct


# ---- drafts through `mailflow run` ----------------------------------------------------


def test_one_draft_per_interviewer_lands_in_drafts_flagged_as_a_draft(account):
    result = account.home.cli("run", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert account.password not in result.output
    stored = account.messages(DRAFTS_WIRE)  # the configured folder was created, in modified UTF-7
    assert len(stored) == 3
    for _, flags, internal_date, raw in stored:
        assert {r"\Draft", r"\Seen"} <= flags
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert datetime.strptime(internal_date, "%d-%b-%Y %H:%M:%S %z") == msg["Date"].datetime
        assert msg["Message-ID"] == f"<mailflow.{msg['X-Mailflow-Key']}@candidate.example>"
        head = raw.split(b"\r\n\r\n", 1)[0]
        assert head.isascii()  # non-ASCII names travel encoded (RFC 2047)
    drafts = account.drafts()
    assert set(drafts) == {"ana.lima@acme.example", "zoe.muller@acme.example", "raj.patel@acme.example"}
    zoe = drafts["zoe.muller@acme.example"]
    assert zoe["To"].addresses[0].display_name == "Zoë Müller"
    assert zoe["From"].addresses[0].addr_spec == ME
    assert "Dear Zoë," in zoe.get_content()
    with account.client() as conn:
        _, listed = conn.list('""', "*")
    assert any(DRAFTS_WIRE.encode() in line for line in listed)


# ---- failures ---------------------------------------------------------------------------


def test_a_wrong_password_exits_2_with_the_hint_and_never_shows_the_password(account):
    account.configure(password_cmd="echo wrong-horse-9")
    result = account.home.cli("run", "--now", NOW)
    assert result.exit_code == 2, result.output
    assert f"IMAP login to 127.0.0.1 as {account.user} failed" in result.output
    assert "mailflow auth imap" in result.output
    assert "wrong-horse-9" not in result.output
    assert account.messages(DRAFTS_WIRE) == []


def test_a_failing_password_command_names_the_setting(account):
    account.configure(password_cmd="exit 3")
    result = account.home.cli("run", "--now", NOW)
    assert result.exit_code == 2, result.output
    assert "[mail.imap] password_cmd" in result.output and "exited with 3" in result.output


def test_with_the_server_down_the_run_names_it_and_the_next_run_writes_the_drafts(home, tmp_path):
    server = Dovecot(tmp_path / "own-dovecot")
    account = Account(server, home)
    account.configure()
    home.write_calendar(PANEL)
    down = home.cli("run", "--now", NOW)
    assert down.exit_code == 1, down.output
    assert f"127.0.0.1:{server.port}" in down.output
    server.start()
    try:
        up = home.cli("run", "--now", "2021-11-25T18:30")
        assert up.exit_code == 0, up.output
        assert len(account.drafts()) == 3
        assert home.cli("run", "--now", "2021-11-25T19:00").exit_code == 0
        assert len(account.drafts()) == 3
    finally:
        server.stop()


def test_drafts_are_not_called_deleted_when_their_folder_cannot_be_found(account):
    assert account.home.cli("run", "--now", NOW).exit_code == 0
    text = account.home.config.read_text().replace(f'drafts_folder = "{DRAFTS}"', 'drafts_folder = "Brouillons"')
    account.home.config.write_text(text)
    result = account.home.cli("run", "--now", "2021-11-26T09:00")
    assert result.exit_code == 1, result.output
    assert "'Brouillons'" in result.output and "[mail.imap] drafts_folder" in result.output
    assert {m["status"] for m in account.status().values()} == {"draft"}
    assert len(account.drafts()) == 3


def test_unsafe_settings_are_refused_naming_the_setting(account):
    account.configure()
    text = account.home.config.read_text().replace('host = "127.0.0.1"', 'host = "imap.example.org"')
    account.home.config.write_text(text)
    result = account.home.cli("run", "--now", NOW)
    assert result.exit_code == 2
    assert '[mail.imap] security = "none"' in result.output and "unencrypted" in result.output


# ---- the mailbox itself ------------------------------------------------------------------


def _reply(sender: str, subject: str, when: datetime, **headers: str) -> bytes:
    return message(sender, ME, subject, when, body="Thanks, we will be in touch.\n",
                   headers=headers).as_bytes(policy=email.policy.SMTP)


def test_replies_since_finds_the_company_and_ignores_other_senders(account):
    since = PANEL_END
    inbox = [
        ("Ana Lima <ana.lima@acme.example>", "Re: Thank you", since + timedelta(hours=20), {"In_Reply_To": "<x@y>"}),
        ("Recruiting <jobs@careers.acme.example>", "Next steps", since + timedelta(days=2), {}),
        ("Ana Lima <ana.lima@acme.example>", "Before the interview", since - timedelta(hours=2), {}),
        ("Phisher <ana.lima@notacme.example>", "Re: Thank you", since + timedelta(hours=5), {}),
        ("María García <maria.garcia@globex.example>", "Hello", since + timedelta(hours=3), {}),
        ("Freelancer <sam@mail.example>", "Your referral", since + timedelta(hours=4), {}),
        ("Ana Lima <ana.lima@acme.example>", "Automatic reply: out of office", since + timedelta(hours=1),
         {"Auto_Submitted": "auto-replied"}),
    ]
    for sender, subject, when, headers in inbox:
        account.append("INBOX", _reply(sender, subject, when, **headers), when)
    mailbox = ImapMailbox(*_imap(load(account.home.config)))
    try:
        replies = mailbox.replies_since(since, domains=("acme.example",), addresses=("sam@mail.example",))
    finally:
        mailbox.close()
    assert [(r.sender, r.subject) for r in replies] == [
        ("ana.lima@acme.example", "Automatic reply: out of office"),  # the caller tells these apart
        ("sam@mail.example", "Your referral"),
        ("ana.lima@acme.example", "Re: Thank you"),
        ("jobs@careers.acme.example", "Next steps"),
    ]
    first = replies[2]
    assert first.date == since + timedelta(hours=20) and first.in_reply_to == "<x@y>"
    assert replies[0].headers["auto-submitted"] == "auto-replied"
    assert all(name == name.lower() for r in replies for name in r.headers)
    assert all(r"\Seen" not in flags for _, flags, _, _ in account.messages("INBOX"))  # never marked read


def test_find_status_and_delete_work_by_key_whatever_the_uid(account):
    config = load(account.home.config)
    assert account.home.cli("run", "--now", NOW).exit_code == 0
    keys = {to: str(m["X-Mailflow-Key"]) for to, m in account.drafts().items()}
    ana, zoe, raj = (keys[f"{n}@acme.example"] for n in ("ana.lima", "zoe.muller", "raj.patel"))
    # the client saves Zoë's draft again: a new UID, the same message
    raw = account.expunge(DRAFTS_WIRE, zoe)
    account.append(DRAFTS_WIRE, raw, PANEL_END, r"(\Draft)")
    account.append(SENT_WIRE, account.expunge(DRAFTS_WIRE, ana), PANEL_END + timedelta(days=1))
    mailbox = ImapMailbox(*_imap(config))
    try:
        found = mailbox.find(zoe)
        assert found is not None and found.state == "draft"
        assert mailbox.find(ana).state == "sent"
        assert mailbox.find("thank_you.0000000000") is None
        refs = {key: mailbox.find(key).ref for key in (ana, zoe, raj)}
        states = mailbox.statuses(_written({**refs, "thank_you.gone": DraftRef("x", "<gone@x>")}))
        assert {k: s.state for k, s in states.items()} == {
            ana: "sent", zoe: "draft", raj: "draft", "thank_you.gone": "deleted"}
        assert states[ana].sent_at == PANEL_END + timedelta(days=1)
        mailbox.delete(raj, refs[raj])
        mailbox.delete(raj, refs[raj])  # already gone: no error
        assert mailbox.status(Written(raj, refs[raj])).state == "deleted"
        with pytest.raises(MailboxError, match="imap mailbox cannot send mail") as sending:
            mailbox.send(zoe, refs[zoe])
        assert "mail client" in sending.value.hint
    finally:
        mailbox.close()
    assert set(account.drafts()) == {"zoe.muller@acme.example"}


def test_folder_names_in_modified_utf7():
    # RFC 3501 §5.1.3's own example, and the names used above
    assert _encode_folder("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-"
    assert _decode_folder("~peter/mail/&U,BTFw-/&ZeVnLIqe-") == "~peter/mail/台北/日本語"
    for name, wire in ((SENT, SENT_WIRE), (DRAFTS, DRAFTS_WIRE), ("INBOX", "INBOX")):
        assert _encode_folder(name) == wire and _decode_folder(wire) == name


# ---- `mailflow auth imap` ---------------------------------------------------------------


def test_auth_imap_checks_and_stores_the_password_owner_only(account):
    account.configure(password_cmd="")
    home = account.home
    missing = home.cli("run", "--now", NOW)
    assert missing.exit_code == 2 and "mailflow auth imap" in missing.output
    wrong = home.cli("auth", "imap", input="not-it-42\n")
    assert wrong.exit_code == 2 and "failed" in wrong.output and "not-it-42" not in wrong.output
    stored = account.home.xdg / "xdg_data_home" / "mailflow" / "imap-password"
    assert not stored.exists()
    result = home.cli("auth", "imap", input=f"{account.password}\n")
    assert result.exit_code == 0, result.output
    assert account.password not in result.output
    assert stored.read_text() == account.password + "\n"
    assert stored.stat().st_mode & 0o777 == 0o600
    run = home.cli("run", "--now", NOW)
    assert run.exit_code == 0, run.output
    assert len(account.drafts()) == 3


def test_a_password_with_non_ascii_letters_logs_in(dovecot, home):
    account = Account(dovecot, home, password="Pässwörd-ß7")  # LOGIN is ASCII only: AUTHENTICATE PLAIN
    account.configure()
    mailbox = ImapMailbox(*_imap(load(home.config)))
    try:
        assert mailbox.find("thank_you.0000000000") is None
    finally:
        mailbox.close()


def test_auth_imap_with_a_password_command_only_checks_it(account):
    result = account.home.cli("auth", "imap")
    assert result.exit_code == 0, result.output
    assert "works" in result.output and "Nothing was stored" in result.output
    assert not (account.home.xdg / "xdg_data_home" / "mailflow" / "imap-password").exists()


# ---- TLS -------------------------------------------------------------------------------


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_tls_connections_verify_the_certificate(dovecot, home, monkeypatch, security):
    account = Account(dovecot, home)
    port = dovecot.tls_port if security == "ssl" else dovecot.port
    account.configure(port=port)
    account.home.config.write_text(account.home.config.read_text().replace(
        'security = "none"', f'security = "{security}"'))
    config = load(account.home.config)
    untrusted = ImapMailbox(*_imap(config))
    with pytest.raises(MailboxError, match=f"127.0.0.1:{port}.*certificate is not trusted"):
        untrusted.find("thank_you.0000000000")
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.root / "login-cert.pem"))
    trusted = ImapMailbox(*_imap(config))
    try:
        assert trusted.find("thank_you.0000000000") is None
    finally:
        trusted.close()


def test_replies_filed_by_a_rule_are_seen_in_reply_folders_and_a_missing_one_is_named(account, monkeypatch):
    with account.client() as conn:
        assert conn.create('"Job search"')[0] == "OK"
    answer = PANEL_END + timedelta(hours=20)
    account.append("Job search", _reply("Ana Lima <ana.lima@acme.example>", "Re: Thank you", answer), answer)
    config = account.home.config
    config.write_text(config.read_text().replace(f'drafts_folder = "{DRAFTS}"',
                                                 f'drafts_folder = "{DRAFTS}"\nreply_folders = ["Job search"]'))
    mailbox = ImapMailbox(*_imap(load(config)))
    reads = []
    fetch = mailbox._fetch

    def counted(folder, uids, item):
        reads.append(folder.name)
        return fetch(folder, uids, item)

    monkeypatch.setattr(mailbox, "_fetch", counted)
    try:
        assert [r.sender for r in mailbox.replies_since(PANEL_END, domains=("acme.example",), addresses=())] == [
            "ana.lima@acme.example"]
        reads.clear()
        again = mailbox.replies_since(PANEL_END, domains=("acme.example",), addresses=())
        assert [r.sender for r in again] == ["ana.lima@acme.example"] and reads == []  # nothing new: nothing read
        later = answer + timedelta(hours=1)
        account.append("INBOX", _reply("Sam Lee <sam.lee@acme.example>", "Next steps", later), later)
        third = mailbox.replies_since(PANEL_END, domains=("acme.example",), addresses=())
        assert [r.sender for r in third] == ["ana.lima@acme.example", "sam.lee@acme.example"]
        assert reads == ["INBOX"]  # only the folder where something arrived
    finally:
        mailbox.close()

    config.write_text(config.read_text().replace('reply_folders = ["Job search"]', 'reply_folders = ["Jobs"]'))
    misnamed = ImapMailbox(*_imap(load(config)))
    try:
        with pytest.raises(MailboxError, match=r"\[mail.imap\] reply_folders: there is no folder 'Jobs'"):
            misnamed.replies_since(PANEL_END, domains=("acme.example",), addresses=())
        assert any(not c.ok and "'Jobs'" in c.detail for c in misnamed.check(datetime.now(timezone.utc)))
    finally:
        misnamed.close()


def test_a_run_that_finds_every_draft_as_recorded_writes_no_row_and_takes_the_last_plan(account, monkeypatch):
    """A server's drafts folder is asked on every run (it has no listing): finding every
    draft as recorded writes no draft's row, so the next run takes the last plan."""
    from mailflow.engine import run as engine_run

    planned = []
    real = engine_run.plan
    monkeypatch.setattr(engine_run, "plan", lambda *a, **k: planned.append(1) or real(*a, **k))

    def rows():
        with account.home.store() as store:
            return sorted(tuple(r) for r in store.db.execute("SELECT * FROM messages")), store.rows_version()

    assert account.home.cli("run", "--now", NOW).exit_code == 0
    assert len(account.drafts()) == 3
    assert account.home.cli("run", "--now", "2026-11-25T18:05").exit_code == 0
    before = rows()
    for now in ("2026-11-25T18:10", "2026-11-25T18:15"):
        assert account.home.cli("run", "--now", now).exit_code == 0
    assert rows() == before
    assert len(planned) == 2  # the first run and the one after it; then nothing changed


def test_a_run_with_nothing_new_costs_the_same_few_commands_whatever_the_number_of_drafts(account):
    from mailflow.model import NewDraft, SyncCache

    config = load(account.home.config)
    cache = SyncCache()
    written = []

    def commands_of_a_run_with_nothing_new() -> list[str]:
        mailbox = ImapMailbox(*_imap(config), cache=cache)
        sent = []
        conn = mailbox._connection()
        command = conn._command
        conn._command = lambda name, *args: sent.append(name) or command(name, *args)
        try:
            states = mailbox.statuses(written)
            mailbox.replies_since(PANEL_END, domains=tuple(f"company{n}.example" for n in range(len(written))),
                                  addresses=())
        finally:
            mailbox.close()
        assert {s.state for s in states.values()} == {"draft"}
        return sent

    def write(count: int) -> None:
        mailbox = ImapMailbox(*_imap(config), cache=cache)
        try:
            for n in range(len(written), len(written) + count):
                draft: NewDraft = compose(f"thank_you.n{n}", f"p{n}@company{n}.example", f"Thank you - Company{n}")
                written.append(Written(draft.key, mailbox.create_draft(draft), f"p{n}@company{n}.example",
                                       f"Thank you - Company{n}", PANEL_END))
        finally:
            mailbox.close()

    write(3)
    commands_of_a_run_with_nothing_new()  # the first reads what was there
    few = commands_of_a_run_with_nothing_new()
    write(27)
    commands_of_a_run_with_nothing_new()
    assert commands_of_a_run_with_nothing_new() == few
    # the folders, Drafts opened and its UIDs listed (their headers are known), INBOX asked whether
    # anything arrived; Sent is not read at all: no draft left Drafts
    assert few == ["LIST", "EXAMINE", "UID", "STATUS", "LOGOUT"]


def test_replies_are_read_a_bounded_number_a_run_and_a_renumbered_folder_is_read_again(account, monkeypatch):
    import mailflow.mailboxes.imap as imap

    monkeypatch.setattr(imap, "REPLIES_PER_FOLDER", 2)
    with account.client() as conn:
        assert conn.create('"Job search"')[0] == "OK"
    for n in range(5):
        when = PANEL_END + timedelta(hours=n + 1)
        account.append("Job search", _reply("Ana Lima <ana.lima@acme.example>", f"Reply {n}", when), when)
    cache = SyncCache()

    def replies() -> list[str]:
        mailbox = ImapMailbox(*_imap(load(account.home.config)), cache=cache)
        try:
            return [r.subject for r in mailbox.replies_since(PANEL_END, domains=("acme.example",), addresses=())]
        finally:
            mailbox.close()

    assert replies() == ["Reply 0", "Reply 1"]  # the oldest first; the rest on the next runs
    assert replies() == ["Reply 0", "Reply 1", "Reply 2", "Reply 3"]
    assert replies() == [f"Reply {n}" for n in range(5)]
    # the folder made again (a new UIDVALIDITY, UIDs from 1): read again, not skipped as seen
    with account.client() as conn:
        assert conn.delete('"Job search"')[0] == "OK" and conn.create('"Job search"')[0] == "OK"
    late = PANEL_END + timedelta(days=1)
    account.append("Job search", _reply("Sam Lee <sam.lee@acme.example>", "Next steps", late), late)
    assert "Next steps" in replies()


def test_many_senders_are_searched_in_groups_and_only_their_messages_are_fetched(account):
    # the tracking systems' domains and many companies: more FROM terms than one SEARCH holds
    domains = tuple(f"company{n}.example" for n in range(2 * TERMS_PER_SEARCH + 10)) + ("greenhouse-mail.io",)
    since = PANEL_END
    for sender, hours in (("Acme <no-reply@us.greenhouse-mail.io>", 2), ("Bob <bob@company107.example>", 3),
                          ("News <news@elsewhere.example>", 4), ("Shop <deals@shop.example>", 5)):
        account.append("INBOX", _reply(sender, "Hello", since + timedelta(hours=hours)), since + timedelta(hours=hours))
    mailbox = ImapMailbox(*_imap(load(account.home.config)))
    sent = []
    conn = mailbox._connection()
    command = conn._command
    conn._command = lambda name, *args: sent.append((name, *args)) or command(name, *args)
    try:
        replies = mailbox.replies_since(since, domains=domains, addresses=())
    finally:
        mailbox.close()
    assert sorted(r.sender for r in replies) == ["bob@company107.example", "no-reply@us.greenhouse-mail.io"]
    searches = [args for name, *args in sent if name == "UID" and args[0] == "SEARCH"]
    assert all(str(args[1]).count("FROM") <= TERMS_PER_SEARCH for args in searches)
    assert len([a for a in searches if "FROM" in str(a[1])]) >= 3  # 111 senders: three groups in INBOX
    fetched = [str(args[1]) for name, *args in sent if name == "UID" and args[0] == "FETCH"]
    assert fetched and all(len(uids.split(",")) == 2 for uids in fetched)  # the two watched, not the others
