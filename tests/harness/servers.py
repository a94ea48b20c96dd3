"""The real servers the tests talk to, each on 127.0.0.1 with a folder and ports of its own;
the fixtures in conftest.py start them, one per test module (``dovecot``, ``cyrus_style``,
``imap4d``, ``radicale``, ``xandikos``).

``Dovecot``: the IMAP server, with its own config, sockets, state and log, an ephemeral
port (and a TLS one), one passwd-file per user. It is set up like a real account: a Sent
folder with the RFC 6154 ``\\Sent`` flag and a non-ASCII name (``SENT``), and no Drafts
folder until mailflow creates the configured one (``DRAFTS``). Each test logs in as a user
of its own, so each starts with empty folders.

``Radicale``: the CalDAV server, with htpasswd logins (``USER``, ``PASSWORD``), so a wrong
password is refused by the server itself (HTTP 401). ``Xandikos``: a second CalDAV server.

``Imap4d``: GNU Mailutils' IMAP server, the second IMAP server: no UIDPLUS, MOVE or
special-use flags. ``Dovecot(prefix="INBOX.")``: folders kept as Cyrus and Courier keep them.
"""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest


def free_port() -> int:
    """A TCP port nobody listens on (yet) on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def accepting(port: int, timeout: float = 0.2) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=timeout).close()
        return True
    except OSError:
        return False


# ---- Dovecot ----------------------------------------------------------------------------------

DOVECOT = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/sbin")

SENT = "Éléments envoyés"  # the \Sent folder; config keeps the default "Sent", which does not exist
SENT_WIRE = "&AMk-l&AOk-ments envoy&AOk-s"  # the same in modified UTF-7
DRAFTS = "Entwürfe & Notizen"  # configured; created by mailflow on the first draft
DRAFTS_WIRE = "Entw&APw-rfe &- Notizen"


class Dovecot:
    """A Dovecot of its own in ``root``: started with ``-F``, stopped by the fixture."""

    def __init__(self, root: Path, *, tls: tuple[Path, Path] | None = None, prefix: str = "",
                 capabilities: str = ""):
        if DOVECOT is None:
            if os.environ.get("MAILFLOW_REQUIRE_DOVECOT"):  # set by scripts/test where it installs it
                pytest.fail("dovecot is not installed although scripts/test should have installed it")
            pytest.skip("dovecot not installed: apt-get install dovecot-imapd")
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.tls_port = free_port() if tls else None
        self.passwords = root / "passwords"  # one passwd-file per user
        self.passwords.mkdir()
        #: "" (folders at the top, separator ``/``), or ``"INBOX."``: every folder below INBOX,
        #: separator ``.``, as Cyrus and Courier keep them (API_FACTS §9.6)
        self.prefix = prefix
        #: what the server announces after login, when not all it can do (``imap_capability``)
        self.capabilities = capabilities
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
            """) + self._namespace() + users + security + (
            f"imap_capability = {self.capabilities}\n" if self.capabilities else "")

    def _namespace(self) -> str:
        if self.prefix:  # Cyrus- and Courier-style: a Sent folder, no special-use flags, no Drafts yet
            return textwrap.dedent(f"""\
                namespace inbox {{
                  inbox = yes
                  prefix = {self.prefix}
                  separator = .
                  mailbox Sent {{
                    auto = create
                  }}
                }}
                """)
        return textwrap.dedent(f"""\
            namespace inbox {{
              inbox = yes
              separator = /
              mailbox "{SENT}" {{
                special_use = \\Sent
                auto = create
              }}
            }}
            """)

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


# ---- GNU Mailutils imap4d --------------------------------------------------------------------

IMAP4D = shutil.which("imap4d") or shutil.which("imap4d", path="/usr/sbin:/sbin")


class Imap4d:
    """GNU Mailutils' IMAP server (``apt-get install mailutils-imap4d``), of its own in
    ``root``: its config, one Maildir per user, users in a virtual-domain password file.
    Unlike Dovecot it has no UIDPLUS (so no ``UID EXPUNGE``), no MOVE, no special-use
    flags, and no folder but INBOX until a client creates one (API_FACTS §9.5)."""

    #: it reads the mail as the user it runs as (root in CI), not as each user
    drops_privileges = False
    #: a message no client opened read-write gets a new UID in each read-only session
    stable_uids = False

    DOMAIN = "example.org"

    def __init__(self, root: Path):
        if IMAP4D is None:
            if os.environ.get("MAILFLOW_REQUIRE_DOVECOT"):  # scripts/test installs both where it can
                pytest.fail("imap4d is not installed although scripts/test should have installed it")
            pytest.skip("imap4d not installed: apt-get install mailutils-imap4d")
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        (root / "passwd").mkdir()
        (root / "mail").mkdir()
        self.port = free_port()
        self.conf = root / "imap4d.conf"
        mail = root / "mail"
        self.conf.write_text(textwrap.dedent(f"""\
            mailbox {{
              mailbox-type maildir;
              mailbox-pattern "maildir://{mail}/${{user}}";
            }};
            namespace personal {{
              prefix "" {{
                directory "{mail}/${{user}}";
                delimiter "/";
                mailbox-type maildir;
              }};
            }};
            auth {{
              authorization virtdomain;
              authentication generic;
            }};
            virtdomain {{
              passwd-dir "{root / 'passwd'}";
            }};
            logging {{
              syslog no;
            }};
            tcp-wrappers {{
              enable no;
            }};
            pidfile "{root / 'imap4d.pid'}";
            server 127.0.0.1:{self.port} {{
            }};
            """))
        self.process: subprocess.Popen | None = None

    def add_user(self, name: str, password: str) -> None:
        local, _, domain = name.partition("@")
        if domain != self.DOMAIN:
            raise ValueError(f"users of the tests' imap4d are @{self.DOMAIN}")
        hashed = subprocess.run(["openssl", "passwd", "-6", password], capture_output=True, text=True,
                                check=True).stdout.strip()
        home = self.root / "mail" / local
        for sub in ("cur", "new", "tmp"):  # INBOX, as the first delivery leaves it
            (home / "INBOX" / sub).mkdir(parents=True, exist_ok=True)
        with (self.root / "passwd" / domain).open("a") as users:
            users.write(f"{local}:{hashed}:{os.getuid()}:{os.getgid()}::{home}:/bin/false\n")

    def start(self) -> None:
        with (self.root / "stderr.log").open("ab") as errors:
            self.process = subprocess.Popen([IMAP4D, f"--config-file={self.conf}", "--daemon", "--foreground"],
                                            stdout=subprocess.DEVNULL, stderr=errors, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while not accepting(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"imap4d did not start:\n{(self.root / 'stderr.log').read_text(errors='replace')}")
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

    def client(self, user: str, password: str) -> imaplib.IMAP4:
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        conn.login(user, password)
        return conn


# ---- Radicale ---------------------------------------------------------------------------------

USER, PASSWORD = "alex", "correct horse 7"


@dataclass
class CalDavServer:
    """A CalDAV server a test started on 127.0.0.1: where it listens and its process."""

    url: str
    process: subprocess.Popen

    def client(self, password: str = PASSWORD):
        import caldav

        return caldav.DAVClient(url=self.url, username=USER, password=password)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class Radicale(CalDavServer):
    """Radicale, with ``USER`` able to log in with ``PASSWORD``."""


class Xandikos(CalDavServer):
    """The second CalDAV server (from the package registry, ``xandikos``): no login of its
    own here (``--htpasswd`` needs TLS), so any user name and password reach ``/user/``."""


def start_radicale(root: Path) -> Radicale:
    """Radicale serving ``root`` (its users file, collections and log), with ``USER`` able to log in."""
    (root / "users").write_text(f"{USER}:{PASSWORD}\n")
    return Radicale(*_serve(root / "radicale.log", "Radicale", lambda port: [
        sys.executable, "-m", "radicale", "--config", "",
        "--server-hosts", f"127.0.0.1:{port}",
        "--auth-type", "htpasswd", "--auth-htpasswd-filename", str(root / "users"),
        "--auth-htpasswd-encryption", "plain", "--auth-delay", "0",
        "--storage-filesystem-folder", str(root / "collections"), "--logging-level", "warning",
    ]))


def start_xandikos(root: Path) -> Xandikos:
    """Xandikos serving ``root``, its principal ``/user/`` made on first use."""
    return Xandikos(*_serve(root / "xandikos.log", "Xandikos", lambda port: [
        sys.executable, "-m", "xandikos.web", "-d", str(root / "data"), "--defaults",
        "-l", "127.0.0.1", "-p", str(port), "--state-dir", str(root / "state"), "--no-detect-systemd",
    ]))


def _serve(log_path: Path, name: str, command) -> tuple[str, subprocess.Popen]:
    """(URL, process) of ``command(port)`` once it accepts connections on a free port;
    tried on three ports (another process may grab one before the server binds it)."""
    for _ in range(3):
        port = free_port()
        with open(log_path, "ab") as log:
            process = subprocess.Popen(command(port), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if accepting(port):
                return f"http://127.0.0.1:{port}/", process
            try:  # returns at once if the server died (the port was taken in the meantime)
                process.wait(timeout=0.05)
                break
            except subprocess.TimeoutExpired:
                pass
        else:
            process.kill()
            process.wait()
            break
    raise RuntimeError(f"{name} did not start: {log_path.read_text()}")
