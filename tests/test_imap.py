"""The IMAP mailbox against a real Dovecot on 127.0.0.1, through `mailflow run` and imaplib.

One Dovecot per module (its own config, sockets, state and log in a temporary
folder; an ephemeral port) serves every test; each test logs in as its own
user, so each starts with empty folders. The server is set up like a real
account: a Sent folder with the RFC 6154 ``\\Sent`` flag and a non-ASCII name,
and no Drafts folder until mailflow creates one.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import grp
import imaplib
import itertools
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import textwrap
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import ME

from mailflow.config import load
from mailflow.errors import MailboxError
from mailflow.model import DraftRef
from mailflow.mailboxes.imap import ImapMailbox, _decode_folder, _encode_folder
from tests import test_run
from mailflow.model import Written


def _written(refs):
    """What the mailbox is asked about: the keys and where they were put."""
    return [Written(key, ref) for key, ref in refs.items()]


# Dovecot files a message dated in the future under the current time: every date
# here lies in the past, so INTERNALDATE is the one mailflow gave.
PANEL = test_run.PANEL.replace("20261124T", "20211124T")
NOW = "2021-11-25T18:00"  # New York time; the panel ended 26.5 h earlier

DOVECOT = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/sbin")

SENT = "Éléments envoyés"  # the \Sent folder; config keeps the default "Sent", which does not exist
SENT_WIRE = "&AMk-l&AOk-ments envoy&AOk-s"  # the same in modified UTF-7
DRAFTS = "Entwürfe & Notizen"  # configured; created by mailflow on the first draft
DRAFTS_WIRE = "Entw&APw-rfe &- Notizen"
PANEL_END = datetime(2021, 11, 24, 20, 30, tzinfo=UTC)  # 15:30 in New York


# ---- the server --------------------------------------------------------------------



def _imap(config):
    """The IMAP mailbox's constructor arguments from a loaded config."""
    return config.mail.imap, config.shared


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dovecot:
    """A Dovecot of its own in ``root``: started with ``-F``, stopped by the fixture."""

    def __init__(self, root: Path, *, tls: tuple[Path, Path] | None = None):
        if DOVECOT is None:
            if os.environ.get("MAILFLOW_REQUIRE_DOVECOT"):  # set by scripts/test where it installs it
                pytest.fail("dovecot is not installed although scripts/test should have installed it")
            pytest.skip("dovecot not installed: apt-get install dovecot-imapd")
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        self.tls_port = _free_port() if tls else None
        self.passwords = root / "passwords"  # one passwd-file per user
        self.passwords.mkdir()
        # Dovecot's unix sockets live in base_dir, and a socket path must fit in 108
        # bytes: a deep pytest folder (pytest-xdist adds a level) would not
        self.run_dir = Path(tempfile.mkdtemp(prefix="mf-dovecot-"))
        self.conf = root / "dovecot.conf"
        self.conf.write_text(self._config(tls))
        self.process: subprocess.Popen | None = None

    def _config(self, tls) -> str:
        root = self.root
        if os.geteuid() == 0:
            # Mail processes may not run as root: they run as nobody, chrooted into
            # their own folder (the chroot happens before dropping root, so the
            # private temporary folders above need not be opened to nobody).
            nobody = pwd.getpwnam("nobody")
            users = textwrap.dedent(f"""\
                first_valid_uid = 1
                valid_chroot_dirs = {root}/mail
                mail_location = maildir:~/Maildir
                service auth {{
                  user = root
                }}
                userdb {{
                  driver = static
                  args = uid={nobody.pw_uid} gid={nobody.pw_gid} home={root}/mail/./%u
                }}
                """)
        else:
            me, group = pwd.getpwuid(os.getuid()).pw_name, grp.getgrgid(os.getgid()).gr_name
            users = textwrap.dedent(f"""\
                first_valid_uid = 1
                default_internal_user = {me}
                default_internal_group = {group}
                default_login_user = {me}
                mail_location = maildir:{root}/mail/%u
                service anvil {{
                  chroot =
                }}
                service imap-login {{
                  chroot =
                }}
                userdb {{
                  driver = static
                  args = uid={os.getuid()} gid={os.getgid()} home={root}/home/%u
                }}
                """)
        if tls:
            cert, key = tls
            security = textwrap.dedent(f"""\
                ssl = yes
                ssl_cert = <{cert}
                ssl_key = <{key}
                service imap-login {{
                  inet_listener imap {{
                    address = 127.0.0.1
                    port = {self.port}
                  }}
                  inet_listener imaps {{
                    address = 127.0.0.1
                    port = {self.tls_port}
                    ssl = yes
                  }}
                }}
                """)
        else:
            security = textwrap.dedent(f"""\
                ssl = no
                service imap-login {{
                  inet_listener imap {{
                    address = 127.0.0.1
                    port = {self.port}
                  }}
                  inet_listener imaps {{
                    port = 0
                  }}
                }}
                """)
        return textwrap.dedent(f"""\
            base_dir = {self.run_dir}
            state_dir = {root}/state
            log_path = {root}/dovecot.log
            protocols = imap
            listen = 127.0.0.1
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            # no delay after a wrong password, and no penalty for the next login
            auth_failure_delay = 0
            service anvil {{
              unix_listener anvil-auth-penalty {{
                mode = 0
              }}
            }}
            passdb {{
              driver = passwd-file
              args = scheme=PLAIN {self.passwords}/%u
            }}
            namespace inbox {{
              inbox = yes
              separator = /
              mailbox "{SENT}" {{
                special_use = \\Sent
                auto = create
              }}
            }}
            """) + users + security

    def add_user(self, name: str, password: str) -> None:
        if "{" in password or ":" in password:
            raise ValueError("keep test passwords simple")
        (self.passwords / name).write_text(f"{name}:{{PLAIN}}{password}\n")
        if os.geteuid() == 0:  # the chroot folder must exist and belong to the mail user
            home = self.root / "mail" / name
            home.mkdir(parents=True, exist_ok=True)
            nobody = pwd.getpwnam("nobody")
            os.chown(home, nobody.pw_uid, nobody.pw_gid)

    def start(self) -> None:
        with (self.root / "stderr.log").open("ab") as errors:  # what Dovecot says before its log is open
            self.process = subprocess.Popen([DOVECOT, "-F", "-c", str(self.conf)],
                                            stdout=subprocess.DEVNULL, stderr=errors)
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    said = "".join(p.read_text(errors="replace") for p in self.root.glob("*.log"))
                    raise RuntimeError(f"dovecot did not start:\n{said}") from None
                time.sleep(0.02)  # waiting for a real server to listen

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        shutil.rmtree(self.run_dir, ignore_errors=True)

    def client(self, user: str, password: str) -> imaplib.IMAP4:
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        conn.login(user, password)
        return conn


@pytest.fixture(scope="module")
def dovecot(tmp_path_factory):
    from tests.fakes.http import make_tls_cert

    root = tmp_path_factory.mktemp("dovecot")
    server = Dovecot(root, tls=make_tls_cert(root))
    server.start()
    yield server
    server.stop()


_users = itertools.count(1)


class Account:
    """One user on the test server, and a mailflow home configured for it."""

    def __init__(self, server: Dovecot, home, password: str = "horse-battery-7"):
        self.server, self.home, self.password = server, home, password
        self.user = f"user{next(_users)}@example.org"
        server.add_user(self.user, password)

    def configure(self, *, password_cmd: str | None = None, port: int | None = None) -> None:
        cmd = f"echo {self.password}" if password_cmd is None else password_cmd
        self.home.write_config(extra=textwrap.dedent(f"""\
            [mail.imap]
            host = "127.0.0.1"
            port = {port or self.server.port}
            security = "none"
            username = "{self.user}"
            password_cmd = "{cmd}"
            drafts_folder = "{DRAFTS}"
            """))
        text = self.home.config.read_text().replace('backend = "maildir"', 'backend = "imap"')
        self.home.config.write_text(text)

    def client(self) -> imaplib.IMAP4:
        return self.server.client(self.user, self.password)

    def messages(self, wire_folder: str) -> list[tuple[str, set[str], str, bytes]]:
        """(UID, flags, INTERNALDATE, raw message) of every message in a folder."""
        conn = self.client()
        try:
            typ, _ = conn.select(f'"{wire_folder}"', readonly=True)
            if typ != "OK":
                return []
            _, data = conn.uid("FETCH", "1:*", "(UID FLAGS INTERNALDATE BODY.PEEK[])")
        finally:
            conn.logout()
        found = []
        for part in data:
            if isinstance(part, tuple):
                meta = part[0].decode()
                flags = set(re.search(r"FLAGS \(([^)]*)\)", meta).group(1).split())
                found.append((re.search(r"UID (\d+)", meta).group(1), flags,
                              re.search(r'INTERNALDATE "([^"]+)"', meta).group(1), part[1]))
        return found

    def drafts(self) -> dict[str, email.message.EmailMessage]:
        """The drafts by recipient address."""
        found = {}
        for _, _, _, raw in self.messages(DRAFTS_WIRE):
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            found[msg["To"].addresses[0].addr_spec] = msg
        return found

    def expunge(self, wire_folder: str, key: str) -> bytes:
        """What a mail client does when the user deletes a message; returns it."""
        conn = self.client()
        try:
            conn.select(f'"{wire_folder}"')
            _, (uids,) = conn.uid("SEARCH", "HEADER", "X-Mailflow-Key", f'"{key}"')
            (uid,) = uids.split()
            _, data = conn.uid("FETCH", uid, "(BODY.PEEK[])")
            conn.uid("STORE", uid, "+FLAGS", r"(\Deleted)")
            conn.expunge()
        finally:
            conn.logout()
        return data[0][1]

    def append(self, wire_folder: str, raw: bytes, when: datetime, flags: str = "") -> None:
        conn = self.client()
        try:
            typ, data = conn.append(f'"{wire_folder}"', flags or None, when, raw)
            assert typ == "OK", data
        finally:
            conn.logout()

    def status(self, now: str = NOW) -> dict[str, dict]:
        report = json.loads(self.home.cli("status", "--json", "--now", now).output)
        return {m["to"]: m for a in report["applications"] for m in a["messages"]}


@pytest.fixture
def account(dovecot, home, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-home"))
    monkeypatch.delenv("MAILFLOW_NOW", raising=False)
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


def test_a_rerun_writes_nothing_and_a_deleted_draft_is_not_recreated(account):
    first_run = account.home.cli("run", "--now", NOW)
    assert first_run.exit_code == 0, first_run.output
    first = sorted(str(m["X-Mailflow-Key"]) for m in account.drafts().values())
    again = account.home.cli("run", "--now", NOW)
    assert again.exit_code == 0 and "drafted" not in again.output
    assert sorted(str(m["X-Mailflow-Key"]) for m in account.drafts().values()) == first
    victim = account.drafts()["raj.patel@acme.example"]
    account.expunge(DRAFTS_WIRE, str(victim["X-Mailflow-Key"]))
    later = account.home.cli("run", "--now", "2021-11-26T09:00")
    assert later.exit_code == 0, later.output
    assert "now deleted" in later.output
    assert set(account.drafts()) == {"ana.lima@acme.example", "zoe.muller@acme.example"}
    assert account.status()["raj.patel@acme.example"]["status"] == "deleted"
    assert account.home.cli("run", "--now", "2021-11-27T09:00").exit_code == 0
    assert len(account.drafts()) == 2


def test_a_draft_sent_from_the_mail_client_is_seen_as_sent_at_the_time_it_was_filed(account):
    assert account.home.cli("run", "--now", NOW).exit_code == 0
    key = str(account.drafts()["ana.lima@acme.example"]["X-Mailflow-Key"])
    sent_at = datetime(2021, 11, 25, 18, 42, 7, tzinfo=timezone(timedelta(hours=-5)))
    # the client sends: it files the message in the \Sent folder and removes the draft
    raw = account.expunge(DRAFTS_WIRE, key)
    account.append(SENT_WIRE, raw, sent_at, r"(\Seen)")
    result = account.home.cli("run", "--now", "2021-11-25T19:00")
    assert result.exit_code == 0, result.output
    assert "now sent" in result.output
    ana = account.status()["ana.lima@acme.example"]
    assert ana["status"] == "sent"
    assert datetime.fromisoformat(ana["sent_at"]) == sent_at
    assert set(account.drafts()) == {"zoe.muller@acme.example", "raj.patel@acme.example"}


def test_the_follow_up_joins_the_thread_of_the_sent_note_and_a_reply_withdraws_it(account):
    home = account.home
    # the main contact got a thank-you: the follow-up joins its thread
    home.config.write_text(home.config.read_text() + '\n[companies."Acme"]\ncontact = "ana.lima@acme.example"\n')
    assert home.cli("run", "--now", NOW).exit_code == 0
    key = str(account.drafts()["ana.lima@acme.example"]["X-Mailflow-Key"])
    note = email.message_from_bytes(account.expunge(DRAFTS_WIRE, key), policy=email.policy.default)
    account.append(SENT_WIRE, note.as_bytes(policy=email.policy.SMTP), datetime(2021, 11, 25, 23, 42, tzinfo=UTC))
    result = home.cli("run", "--now", "2021-12-08T10:00")  # 5 business days later
    assert result.exit_code == 0, result.output
    follow_up = account.drafts()["ana.lima@acme.example"]
    assert follow_up["In-Reply-To"] == note["Message-ID"]
    assert follow_up["Subject"] == f"Re: {note['Subject']}"
    answer = datetime(2021, 12, 8, 16, 5, tzinfo=UTC)
    account.append("INBOX", _reply("Sam Lee <sam.lee@acme.example>", f"Re: {note['Subject']}", answer,
                                   In_Reply_To=str(note["Message-ID"])), answer)
    later = home.cli("run", "--json", "--now", "2021-12-08T12:00")
    report = json.loads(later.output)
    assert later.exit_code == 0, later.output
    assert {"application": "Acme", "change": "replied", "from": "sam.lee@acme.example"}.items() <= next(
        u for u in report["updates"] if u.get("change") == "replied").items()
    assert "ana.lima@acme.example" not in account.drafts()  # deleted from Drafts
    assert account.status("2021-12-08T12:00")["ana.lima@acme.example"]["status"] == "cancelled"


def test_a_placeholder_draft_is_replaced_in_place_when_the_remark_arrives(account):
    home = account.home
    assert home.cli("run", "--now", NOW).exit_code == 0
    assert "[REMARK:" in account.drafts()["raj.patel@acme.example"].get_content()
    remark = "latency budgets are a product decision"
    home.cli("remark", panel_id(home), "--by", "raj.patel@acme.example", remark, "--now", NOW)
    result = home.cli("run", "--now", "2021-11-25T19:00")
    assert result.exit_code == 0, result.output
    assert "updated in place: a remark arrived" in result.output
    stored = account.messages(DRAFTS_WIRE)
    assert len(stored) == 3  # the old draft was expunged, not only flagged
    raj = account.drafts()["raj.patel@acme.example"]
    assert remark in raj.get_content() and "[REMARK:" not in raj.get_content()


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


def test_with_the_server_down_the_run_names_it_and_the_next_run_writes_the_drafts(home, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-home"))
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


def panel_id(home) -> str:
    scan = json.loads(home.cli("scan", "--json", "--now", NOW).output)
    return next(e["id"] for e in scan["events"] if e["interview"] and e["company"] == "Acme")


def _reply(sender: str, subject: str, when: datetime, **headers: str) -> bytes:
    msg = email.message.EmailMessage()
    msg["From"] = sender
    msg["To"] = ME
    msg["Subject"] = subject
    msg["Date"] = email.utils.format_datetime(when)
    msg["Message-ID"] = email.utils.make_msgid(domain="mail.example")
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content("Thanks, we will be in touch.\n")
    return msg.as_bytes(policy=email.policy.SMTP)


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


def test_auth_imap_checks_and_stores_the_password_owner_only(account, tmp_path):
    account.configure(password_cmd="")
    home = account.home
    missing = home.cli("run", "--now", NOW)
    assert missing.exit_code == 2 and "mailflow auth imap" in missing.output
    wrong = home.cli("auth", "imap", input="not-it-42\n")
    assert wrong.exit_code == 2 and "failed" in wrong.output and "not-it-42" not in wrong.output
    stored = tmp_path / "data-home" / "mailflow" / "imap-password"
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


def test_auth_imap_with_a_password_command_only_checks_it(account, tmp_path):
    result = account.home.cli("auth", "imap")
    assert result.exit_code == 0, result.output
    assert "works" in result.output and "Nothing was stored" in result.output
    assert not (tmp_path / "data-home" / "mailflow" / "imap-password").exists()


# ---- TLS -------------------------------------------------------------------------------


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_tls_connections_verify_the_certificate(dovecot, home, monkeypatch, tmp_path, security):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-home"))
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


def test_a_run_with_nothing_new_costs_the_same_few_commands_whatever_the_number_of_drafts(account):
    from mailflow.model import NewDraft, SyncCache
    from tests.test_mailbox_contract import compose

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
