"""Microsoft login: device code once, then silent refresh from a token cache.

``mailflow auth outlook`` calls :func:`login`: it prints a code and an
address, the user signs in from any browser, and msal's token cache is
written owner-only (0600) to ``[providers.microsoft] token_cache`` or
``<user data dir>/msal-cache.json``. Cron runs then call
:func:`access_token`, which refreshes silently with the cached refresh
token and raises ``AuthError`` ("run `mailflow auth outlook`") when that is
no longer possible.

The cache is a plain file, not the system keyring: cron on a headless
server has no unlocked keyring, and the file is as private as the other
secrets mailflow keeps (0600, written atomically). It is re-read when
another process changed it, so the calendar source and the mailbox of one
run, and overlapping runs, see each other's refreshed tokens.

msal is imported here only. Building ``msal.PublicClientApplication`` does
network I/O (it fetches the authority's OpenID configuration), so it is
built lazily, on the first token request.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from mailflow.config import Shared, user_data_dir
from mailflow.errors import AuthError, ConfigError, MailflowError, network_reason
from mailflow.providers import read_secret, write_secret
from mailflow.providers.microsoft import MicrosoftAccount

log = logging.getLogger(__name__)

#: Graph permissions mailflow asks for. msal adds openid, profile and
#: offline_access itself and refuses them here (ValueError).
SCOPES = ["Mail.ReadWrite", "Mail.Send", "Calendars.Read"]
LOGIN_HINT = "run `mailflow auth outlook`"
AUTHORITY_HOST = "https://login.microsoftonline.com"
#: token endpoint errors that only a new sign-in can cure
_NEEDS_SIGN_IN = {"invalid_grant", "interaction_required", "consent_required",
                  "login_required", "invalid_client", "unauthorized_client"}
_PENDING = {"authorization_pending", "slow_down"}


def authority_url(value: str) -> str:
    """``common`` | ``organizations`` | ``consumers`` | a tenant id or domain,
    or a full https URL (kept as given)."""
    value = (value or "common").strip()
    if "://" in value:
        return value.rstrip("/")
    return f"{AUTHORITY_HOST}/{value.strip('/')}"


def cache_path(account: MicrosoftAccount, shared: Shared) -> Path:
    setting = account.token_cache
    return shared.resolve(setting) if setting else user_data_dir() / "msal-cache.json"


class MicrosoftLogin:
    """One account's login; shared by the calendar source and the mailbox.

    ``http_client`` is handed to msal (a ``requests.Session``; tests pass one
    that trusts their loopback server). ``error_cls`` is raised when the login
    service cannot be reached (a network problem, not an expired login).
    """

    def __init__(self, account: MicrosoftAccount, shared: Shared, *, http_client: Any = None,
                 error_cls: type[MailflowError] = MailflowError):
        settings = account
        if not settings.client_id:
            raise ConfigError(
                "[providers.microsoft] client_id is not set",
                hint="register an app (see docs/outlook.md) and put its "
                     "Application (client) ID in [providers.microsoft] client_id",
            )
        self.client_id = settings.client_id
        self.authority = authority_url(settings.authority)
        if urlparse(self.authority).scheme != "https":
            raise ConfigError(
                f"[providers.microsoft] authority {settings.authority!r}: must be common, "
                "organizations, consumers, a tenant id, or an https URL"
            )
        self.path = cache_path(account, shared)
        self.http_client = http_client
        self.error_cls = error_cls
        self._app: Any = None
        self._cache: Any = None
        self._stamp: tuple[int, int] | None = None

    # ------------------------------------------------------------ the cache

    def _token_cache(self) -> Any:
        if self._cache is None:
            import msal

            self._cache = msal.SerializableTokenCache()
        self._reload()
        return self._cache

    def _reload(self) -> None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp == self._stamp:
            return
        try:
            self._cache.deserialize(read_secret(self.path))
        except (OSError, ValueError):
            raise AuthError(f"{self.path}: the Outlook login cache is unreadable",
                            hint=LOGIN_HINT) from None
        self._stamp = stamp

    def _save(self) -> None:
        if self._cache is not None and self._cache.has_state_changed:
            write_secret(self.path, self._cache.serialize())
            stat = self.path.stat()
            self._stamp = (stat.st_mtime_ns, stat.st_size)

    # ----------------------------------------------------------- msal's app

    @property
    def app(self) -> Any:
        if self._app is None:
            import msal
            import requests

            extra: dict[str, Any] = {}
            host = urlparse(self.authority).hostname or ""
            if host not in msal.authority.WELL_KNOWN_AUTHORITY_HOSTS:
                # msal would ask login.microsoftonline.com to vouch for this
                # host; a configured URL is the user's explicit choice.
                extra["instance_discovery"] = False
            try:
                self._app = msal.PublicClientApplication(
                    self.client_id,
                    authority=self.authority,
                    token_cache=self._token_cache(),
                    http_client=self.http_client,
                    **extra,
                )
            except ValueError as exc:
                raise ConfigError(
                    f"[providers.microsoft] authority {self.authority!r} was refused by the "
                    f"login service ({str(exc).splitlines()[0][:200]})",
                    hint="use common, organizations, consumers or your tenant id",
                ) from None
            except requests.RequestException as exc:
                raise self._unreachable(exc) from None
        return self._app

    def _unreachable(self, exc: Exception) -> MailflowError:
        return self.error_cls(
            f"cannot reach the Microsoft login service at {self.authority}: {network_reason(exc)}",
            hint="check the network connection and try again",
        )

    # --------------------------------------------------------------- tokens

    def token(self, force_refresh: bool = False) -> str:
        """An access token for :data:`SCOPES`, refreshed silently when needed."""
        import requests

        cache = self._token_cache()
        try:
            app = self.app
            accounts = app.get_accounts()
            if not accounts:
                raise AuthError("Outlook: not logged in", hint=LOGIN_HINT)
            result = app.acquire_token_silent_with_error(
                SCOPES, account=accounts[0], force_refresh=force_refresh
            )
        except requests.RequestException as exc:
            raise self._unreachable(exc) from None
        finally:
            if cache is not None:
                self._save()
        if result and "access_token" in result:
            return result["access_token"]
        error = (result or {}).get("error", "")
        if result is None or error in _NEEDS_SIGN_IN:
            log.info("Outlook token refresh failed: %s", error or "no usable token")
            raise AuthError("Outlook login expired", hint=LOGIN_HINT)
        raise self.error_cls(
            f"the Microsoft login service refused to refresh the login ({error})",
            hint="try again later; if it persists, " + LOGIN_HINT,
        )

    def device_login(self, echo: Callable[[str], None], *,
                     sleep: Callable[[float], None] = time.sleep,
                     clock: Callable[[], float] = time.time) -> str:
        """Sign in with a device code; returns the account's user name.

        Polls the token endpoint every ``interval`` seconds (through ``sleep``)
        until the user has signed in, the code expired or sign-in was refused.
        """
        import requests

        self._token_cache()
        try:
            app = self.app
            flow = app.initiate_device_flow(scopes=SCOPES)
            if "user_code" not in flow:
                raise AuthError(
                    f"Microsoft refused to start a device login: {flow.get('error', 'no code')}",
                    hint="check [providers.microsoft] client_id and authority, and that the app "
                         "registration allows public client flows (docs/outlook.md)",
                )
            # With interval 0 msal's own loop would poll without pausing.
            flow["interval"] = max(1, int(flow.get("interval", 5)))
            echo(flow["message"])
            while True:
                result = app.acquire_token_by_device_flow(flow, exit_condition=lambda _f: True)
                if "access_token" in result:
                    break
                error = result.get("error", "")
                if error not in _PENDING:
                    raise AuthError(
                        f"Outlook sign-in failed: {error or 'no token'}",
                        hint="run `mailflow auth outlook` again; check that the app "
                             "registration allows public client flows (docs/outlook.md)",
                    )
                if clock() >= flow.get("expires_at", 0):
                    raise AuthError("the sign-in code expired before it was used", hint=LOGIN_HINT)
                sleep(flow["interval"])
        except requests.RequestException as exc:
            raise self._unreachable(exc) from None
        finally:
            self._save()
        claims = result.get("id_token_claims") or {}
        return str(claims.get("preferred_username") or claims.get("name") or "")


def login(account: MicrosoftAccount, shared: Shared, echo: Callable[[str], None], *,
          sleep: Callable[[float], None] = time.sleep, http_client: Any = None,
          **_ignored: Any) -> None:
    """``mailflow auth outlook``: device-code sign-in, then the cache is saved."""
    session = MicrosoftLogin(account, shared, http_client=http_client)
    who = session.device_login(echo, sleep=sleep)
    echo(f"Signed in{' as ' + who if who else ''}; the login is kept in {session.path}")


def access_token(account: MicrosoftAccount, shared: Shared, *, force_refresh: bool = False,
                 http_client: Any = None) -> str:
    """A current access token from the saved login (``AuthError`` when none)."""
    return MicrosoftLogin(account, shared, http_client=http_client).token(force_refresh)
