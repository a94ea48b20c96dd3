"""An IMAP account: the session (connect, TLS, login) and the password, from
``[mail.imap] password_cmd`` or a stored file.

``mailflow auth imap`` calls :func:`login`. With ``password_cmd`` set, it only
checks that the command's password logs in and stores nothing. Otherwise it
asks for the password (not echoed), logs in with it, and keeps it owner-only
(0600) in ``<user data dir>/imap-password``. Runs call :func:`password`.

The password is never logged, printed or put in an error message. Servers
with two-step logins (Gmail, Fastmail, iCloud) want an app password here, not
the account's own.
"""

from __future__ import annotations

import imaplib
import ipaddress
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mailflow.config import user_data_dir
from mailflow.errors import AuthError, ConfigError, MailboxError, MailflowError
from mailflow.providers import password_from_command, write_secret
from mailflow.settings.providers import ImapAccount

PASSWORD_FILE = "imap-password"
SETTING = "[mail.imap] password_cmd"
TIMEOUT = 30  # seconds for connecting and for each answer
LOGIN_HINT = "check [mail.imap] username and password_cmd, or run `mailflow auth imap`"


def password_path() -> Path:
    return user_data_dir() / PASSWORD_FILE


def password(settings: ImapAccount) -> str:
    """The password: ``password_cmd``'s first line, else the stored one.

    Raises ``ConfigError`` when the command fails or prints nothing, and
    ``AuthError`` when no password was ever stored.
    """
    if settings.password_cmd.strip():
        secret = password_from_command(settings.password_cmd, SETTING)
        if not secret:
            raise ConfigError(f"{SETTING}: the command printed nothing", hint="run it by hand to see why")
        return secret
    path = password_path()
    try:
        secret = path.read_text(encoding="utf-8").rstrip("\r\n")
    except FileNotFoundError:
        secret = ""
    except OSError as exc:
        raise AuthError(f"cannot read the stored IMAP password {path}: {exc.strerror}",
                        hint="run `mailflow auth imap` to store it again") from None
    if not secret:
        raise AuthError(
            f"no IMAP password for {settings.username} at {settings.host}",
            hint="run `mailflow auth imap`, or set [mail.imap] password_cmd",
        )
    return secret


def _ask(text: str) -> str:
    import click

    return click.prompt(text, hide_input=True)


def login(settings: ImapAccount, shared: Any, echo: Callable[[str], None], *,
          prompt: Callable[[str], str] = _ask, **_ignored: Any) -> None:
    """``mailflow auth imap``: check the password by logging in; store it
    unless it comes from ``password_cmd``. A refused login is ``AuthError``."""
    check_account(settings)
    where = f"{settings.username} at {settings.host}:{settings.port}"
    if settings.password_cmd.strip():
        open_session(settings, password(settings)).logout()
        echo(f"The password from {SETTING} works: logged in as {where}. Nothing was stored.")
        return
    secret = prompt(f"IMAP password for {where}")
    open_session(settings, secret).logout()
    path = password_path()
    write_secret(path, secret + "\n")
    echo(f"Logged in as {where}; the password is kept in {path}, readable only by you.")


def check_account(settings: ImapAccount) -> None:
    """``ConfigError`` naming the ``[mail.imap]`` setting that cannot work."""
    if not settings.host.strip():
        raise ConfigError("[mail.imap] host is not set", hint='e.g. host = "imap.fastmail.com"')
    if not settings.username.strip():
        raise ConfigError("[mail.imap] username is not set", hint="usually your email address")
    if settings.security not in ("ssl", "starttls", "none"):
        raise ConfigError(
            f"[mail.imap] security = {settings.security!r}: must be ssl, starttls or none",
            hint='"ssl" for port 993, "starttls" for port 143',
        )
    if not 0 < settings.port < 65536:
        raise ConfigError(f"[mail.imap] port = {settings.port}: not a port number", hint="usually 993 (ssl) or 143")
    if settings.security == "none" and not _is_loopback(settings.host):
        raise ConfigError(
            f'[mail.imap] security = "none" would send the password to {settings.host} unencrypted',
            hint='use "ssl" or "starttls"; "none" is only for a server on this machine (127.0.0.1)',
        )


def open_session(settings: ImapAccount, password: str, *, timeout: float = TIMEOUT) -> imaplib.IMAP4:
    """A logged-in IMAP connection.

    Raises ``MailboxError`` (naming host:port) when the server cannot be
    reached or the TLS handshake fails, ``AuthError`` when the login is refused.
    The password is never part of a message.
    """
    host, port, where = settings.host, settings.port, f"{settings.host}:{settings.port}"
    context = ssl.create_default_context()
    conn = None
    try:
        if settings.security == "ssl":
            conn = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=timeout)
        else:
            conn = imaplib.IMAP4(host, port, timeout=timeout)
            if settings.security == "starttls":
                conn.starttls(ssl_context=context)
    except ssl.SSLCertVerificationError as exc:
        logout(conn)
        raise MailboxError(
            f"cannot connect to the IMAP server {where}: its certificate is not trusted ({exc.verify_message})",
            hint="check [mail.imap] host: it must be the name on the server's certificate",
        ) from None
    except (OSError, imaplib.IMAP4.error) as exc:
        logout(conn)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else text(exc)
        raise MailboxError(
            f"cannot connect to the IMAP server {where}: {reason}",
            hint='check [mail.imap] host, port and security ("ssl" for port 993, "starttls" for 143) '
            "and the network; nothing is lost, the next run goes on",
        ) from None
    try:
        if "LOGINDISABLED" in conn.capabilities:
            raise ConfigError(
                f"the IMAP server {where} refuses logins on an unencrypted connection",
                hint='set [mail.imap] security = "starttls" or "ssl"',
            )
        user = settings.username
        if password.isascii() and user.isascii():
            conn.login(user, password)
        else:  # LOGIN is ASCII only; PLAIN carries UTF-8 (RFC 4616)
            conn.authenticate("PLAIN", lambda _: f"\0{user}\0{password}".encode())
    except (imaplib.IMAP4.abort, OSError) as exc:
        logout(conn)
        raise MailboxError(f"IMAP {where}: the connection broke while logging in: {text(exc)}") from None
    except imaplib.IMAP4.error as exc:
        logout(conn)
        raise AuthError(f"IMAP login to {host} as {settings.username} failed: {text(exc)}", hint=LOGIN_HINT) from None
    except MailflowError:
        logout(conn)
        raise
    return conn


def logout(conn: imaplib.IMAP4 | None) -> None:
    if conn is None:
        return
    try:
        conn.sock.settimeout(5)  # do not hang at exit on a server that stopped answering
        conn.logout()
    except Exception:  # noqa: BLE001 - the connection is being dropped anyway
        pass


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def text(value) -> str:
    """An imaplib error or response as one line of text."""
    if isinstance(value, Exception) and len(value.args) == 1 and isinstance(value.args[0], bytes):
        value = value.args[0]  # imaplib puts the server's answer in as bytes
    if isinstance(value, list):
        value = b" ".join(v if isinstance(v, bytes) else str(v).encode() for v in value if v)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = str(value).strip() or type(value).__name__
    return " ".join(text.split())
