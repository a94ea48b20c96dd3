"""The IMAP password: from ``[mail.imap] password_cmd`` or a stored file.

``mailflow auth imap`` calls :func:`login`. With ``password_cmd`` set, it only
checks that the command's password logs in and stores nothing. Otherwise it
asks for the password (not echoed), logs in with it, and keeps it owner-only
(0600) in ``<user data dir>/imap-password``. Runs call :func:`password`.

The password is never logged, printed or put in an error message. Servers
with two-step logins (Gmail, Fastmail, iCloud) want an app password here, not
the account's own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mailflow.auth import password_from_command, write_secret
from mailflow.config import Config, user_data_dir
from mailflow.errors import AuthError, ConfigError

PASSWORD_FILE = "imap-password"
SETTING = "[mail.imap] password_cmd"


def password_path() -> Path:
    return user_data_dir() / PASSWORD_FILE


def password(config: Config) -> str:
    """The password: ``password_cmd``'s first line, else the stored one.

    Raises ``ConfigError`` when the command fails or prints nothing, and
    ``AuthError`` when no password was ever stored.
    """
    settings = config.mail.imap
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


def login(config: Config, echo: Callable[[str], None], *,
          prompt: Callable[[str], str] = _ask, **_ignored: Any) -> None:
    """``mailflow auth imap``: check the password by logging in; store it
    unless it comes from ``password_cmd``. A refused login is ``AuthError``."""
    from mailflow.mailboxes.imap import check_settings, open_session

    settings = config.mail.imap
    check_settings(settings)
    where = f"{settings.username} at {settings.host}:{settings.port}"
    if settings.password_cmd.strip():
        open_session(settings, password(config)).logout()
        echo(f"The password from {SETTING} works: logged in as {where}. Nothing was stored.")
        return
    secret = prompt(f"IMAP password for {where}")
    open_session(settings, secret).logout()
    path = password_path()
    write_secret(path, secret + "\n")
    echo(f"Logged in as {where}; the password is kept in {path}, readable only by you.")
