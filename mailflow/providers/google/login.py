"""The Google login shared by the Gmail mailbox and the Google Calendar source.

One ``mailflow auth google`` asks for every scope both need and stores an
"authorized user" JSON (refresh token, client id and secret) owner-only. Later
runs load it, refresh the access token silently when it has expired and write
the renewed token back, so cron keeps working until the refresh token itself
is revoked or expires.

Scopes, the least that cover what mailflow does (checked per method against
the discovery documents shipped with google-api-python-client):

``gmail.compose``
    create, send and delete drafts (drafts.create/send/delete/list/get).
``gmail.readonly``
    read the thread a follow-up replies to, find sent mail and replies
    (messages.list with ``q``, messages.get, threads.get) and the cheap change
    check (history.list). ``gmail.compose`` alone can do none of these, and
    ``gmail.metadata`` forbids the ``q`` search. ``gmail.modify`` would cover
    both but also allows trashing and relabelling mail, which mailflow never
    needs.
``calendar.events.readonly``
    events.list on the calendars you name; narrower than ``calendar.readonly``
    (no calendar settings or sharing).

Where the login lives: ``$MAILFLOW_GOOGLE_TOKEN`` if set, else
``[providers.google] token``, else ``<user data dir>/google-token.json``. A test run
or an emulator can skip the browser by writing an authorized-user JSON
(``{"client_id", "client_secret", "refresh_token"}``) there and pointing
``[providers.google] token_uri`` at its own token endpoint.
"""

from __future__ import annotations

import json
import logging
import os
import webbrowser
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from mailflow.config import Shared, user_data_dir
from mailflow.errors import AuthError, ConfigError
from mailflow.providers import read_secret, write_secret
from mailflow.providers.google import GoogleAccount

if TYPE_CHECKING:
    from google.auth.transport import Request
    from google.oauth2.credentials import Credentials

log = logging.getLogger("mailflow")

TOKEN_ENV = "MAILFLOW_GOOGLE_TOKEN"
SCOPES = (
    "https://www.googleapis.com/auth/gmail.compose",
    "https://www.googleapis.com/auth/gmail.readonly",
    "https://www.googleapis.com/auth/calendar.events.readonly",
)
AUTH_HINT = "run `mailflow auth google`"
SETUP_HINT = "see docs/google.md: create an OAuth client of type Desktop app and download its JSON"


def _saved_credentials_class() -> type:
    """Credentials that write themselves back to their file after each refresh,
    so an access token renewed in the middle of a run is not thrown away.
    (Built on first use: google-auth is imported only when a login is needed.)"""
    from google.oauth2.credentials import Credentials

    class SavedCredentials(Credentials):
        save_path: Path | None = None

        def refresh(self, request: Request) -> None:
            super().refresh(request)
            if self.save_path is None:
                return
            try:
                write_secret(self.save_path, self.to_json())
            except OSError as exc:
                # the renewed token still works for this run; the next run renews again
                log.warning("could not save the renewed Google login to %s: %s",
                            self.save_path, exc.strerror)

    return SavedCredentials


@contextmanager
def _quiet(*names: str) -> Iterator[None]:
    """Silence libraries that log the authorization code and tokens at INFO/DEBUG."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def token_path(account: GoogleAccount, shared: Shared) -> Path:
    """Where the Google login is kept (see the module docstring)."""
    env = os.environ.get(TOKEN_ENV)
    if env:
        return Path(env).expanduser()
    if account.token:
        return shared.resolve(account.token)
    return user_data_dir() / "google-token.json"


def load_credentials(account: GoogleAccount, shared: Shared) -> Credentials:
    """The stored login, refreshed if its access token has expired.

    Raises ``AuthError`` when there is no usable login or Google refuses to
    renew it (revoked, expired, consent screen in Testing for more than 7
    days). A network failure during the refresh propagates as
    ``google.auth.exceptions.TransportError`` for the caller to report.
    """
    from google.auth.exceptions import RefreshError
    from google.auth.transport.requests import Request

    path = token_path(account, shared)
    try:
        info = json.loads(read_secret(path))
    except FileNotFoundError:
        raise AuthError(f"no Google login at {path}", hint=AUTH_HINT) from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not valid JSON"
        raise AuthError(f"{path}: cannot read the Google login ({reason})", hint=AUTH_HINT) from None
    if not isinstance(info, dict):
        raise AuthError(f"{path}: not a Google login file", hint=AUTH_HINT)
    try:
        loaded = _saved_credentials_class().from_authorized_user_info(info)
    except ValueError:
        raise AuthError(
            f"{path}: the Google login lacks client_id, client_secret or refresh_token",
            hint=AUTH_HINT,
        ) from None
    missing = set(SCOPES) - set(loaded.scopes or SCOPES)
    if missing:
        raise AuthError(
            f"{path}: the Google login does not grant {', '.join(sorted(missing))}",
            hint=f"{AUTH_HINT} and grant every permission it asks for",
        )
    # from_authorized_user_info always resets token_uri to Google's endpoint;
    # with_token_uri copies everything but the expiry, so it is put back.
    token_uri = account.token_uri or info.get("token_uri") or loaded.token_uri
    creds = loaded.with_token_uri(token_uri)
    creds.expiry = loaded.expiry
    creds.save_path = path
    if not creds.valid:
        try:
            creds.refresh(Request())
        except RefreshError:
            raise AuthError("Google login expired or revoked", hint=AUTH_HINT) from None
    return creds


def login(
    account: GoogleAccount,
    shared: Shared,
    echo: Callable[[str], None],
    *,
    open_browser: bool = True,
    port: int = 0,
) -> None:
    """Ask the user for consent once and store the login owner-only.

    Uses the installed-app (loopback) flow with the client secrets file named
    by ``[providers.google] client_secrets``. The address to open is always passed
    to ``echo``; with ``open_browser`` False (or no browser on this machine)
    the user opens it elsewhere, e.g. through ``ssh -L PORT:localhost:PORT``
    with a fixed ``port``. Raises ``ConfigError`` for a missing or malformed
    secrets file and ``AuthError`` when consent is refused or incomplete.
    """
    from google_auth_oauthlib.flow import InstalledAppFlow, WSGITimeoutError
    from oauthlib.oauth2.rfc6749.errors import OAuth2Error
    from requests import RequestException

    setting = "[providers.google] client_secrets"
    if not account.client_secrets:
        raise ConfigError(f"{setting} is not set", hint=SETUP_HINT)
    secrets = shared.resolve(account.client_secrets)
    if not secrets.is_file():
        raise ConfigError(f"{setting}: no such file {secrets}", hint=SETUP_HINT)

    class EchoingFlow(InstalledAppFlow):
        def authorization_url(self, **kwargs):  # type: ignore[no-untyped-def]
            url, state = super().authorization_url(**kwargs)
            bound = self.redirect_uri.rstrip("/").rsplit(":", 1)[-1]
            echo("Open this address in a browser and allow access:")
            echo(url)
            echo(
                f"(The answer comes back to localhost:{bound}. From another machine, "
                f"forward it first: ssh -L {bound}:localhost:{bound} THIS-HOST)"
            )
            return url, state

    try:
        flow = EchoingFlow.from_client_secrets_file(str(secrets), scopes=list(SCOPES))
    except (ValueError, KeyError, json.JSONDecodeError):
        raise ConfigError(
            f"{setting}: {secrets} is not an OAuth client secrets file for a Desktop app",
            hint=SETUP_HINT,
        ) from None
    if open_browser:
        try:
            webbrowser.get()
        except webbrowser.Error:
            echo("No browser found on this machine.")
            open_browser = False
    try:
        with _quiet("google_auth_oauthlib.flow", "requests_oauthlib"):
            creds = flow.run_local_server(
                host="localhost",
                port=port,
                open_browser=open_browser,
                authorization_prompt_message=None,
                success_message="mailflow has its Google login. You can close this tab.",
                # consent every time, so Google returns a refresh token again
                prompt="consent",
            )
    except Warning as exc:  # oauthlib: the granted scopes differ from the requested
        raise AuthError(
            f"Google did not grant every permission mailflow needs ({exc})",
            hint=f"{AUTH_HINT} again and tick every box on the consent screen",
        ) from None
    except (OAuth2Error, WSGITimeoutError, RequestException) as exc:
        raise AuthError(f"Google login failed: {exc}", hint=f"{AUTH_HINT} again") from None
    except OSError as exc:
        raise AuthError(
            f"cannot listen on localhost:{port} for Google's answer ({exc.strerror})",
            hint="choose another port with --port",
        ) from None
    granted = set(creds.granted_scopes or creds.scopes or ())
    missing = set(SCOPES) - granted
    if missing:
        raise AuthError(
            f"Google did not grant {', '.join(sorted(missing))}",
            hint=f"{AUTH_HINT} again and tick every box on the consent screen",
        )
    if not creds.refresh_token:
        raise AuthError(
            "Google returned no refresh token, so the login would not survive cron",
            hint="remove mailflow's access at https://myaccount.google.com/permissions, "
            f"then {AUTH_HINT} again",
        )
    path = token_path(account, shared)
    write_secret(path, creds.to_json())
    echo(f"Google login saved to {path} (readable by you only).")
