"""The Microsoft identity platform, as msal uses it for a device-code login:

``GET  /{tenant}/v2.0/.well-known/openid-configuration``
``POST /{tenant}/oauth2/v2.0/devicecode``
``POST /{tenant}/oauth2/v2.0/token`` with the device_code grant
(``authorization_pending`` for ``pending_polls`` polls, then tokens) and the
refresh_token grant (rotates both tokens; ``fail_refresh`` makes it answer
``invalid_grant``).

Served over HTTPS because msal accepts only https authorities; the fixture
makes a throwaway certificate (``trusting_session`` trusts it).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

UTC = dt.timezone.utc


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Login:
    """Mixin of :class:`FakeMicrosoft`."""

    def _setup_login(self) -> None:
        self.pending_polls = 2
        self.fail_refresh = False
        self.access_tokens: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self._device_codes: dict[str, int] = {}
        self._device_scopes: dict[str, str] = {}

    def expire_access_tokens(self) -> None:
        with self.lock:
            self.access_tokens.clear()

    def new_tokens(self, scope: str) -> dict[str, Any]:
        n = next(self._serial)
        access, refresh = f"at-{n}", f"rt-{n}"
        self.access_tokens.add(access)
        self.refresh_tokens.add(refresh)
        now = int(dt.datetime.now(UTC).timestamp())
        base = self.authority
        claims = {"aud": self.client_id, "iss": f"{base}/v2.0", "iat": now, "nbf": now,
                  "exp": now + 3600, "name": "Test User", "oid": "oid-1", "sub": "sub-1",
                  "tid": self.tenant, "preferred_username": self.user, "ver": "2.0"}
        id_token = ".".join([_b64url(b'{"alg":"none","typ":"JWT"}'),
                             _b64url(json.dumps(claims).encode()), ""])
        granted = " ".join(s for s in scope.split() if s != "offline_access")
        return {"token_type": "Bearer", "scope": granted, "expires_in": 3600,
                "ext_expires_in": 3600, "access_token": access, "refresh_token": refresh,
                "id_token": id_token,
                "client_info": _b64url(json.dumps({"uid": "uid-1", "utid": self.tenant}).encode())}

    def handle_login(self, method: str, path: str, form: dict[str, str]) -> tuple[int, dict]:
        """One request to the login server; returns (status, JSON answer)."""
        prefix = f"/{self.tenant}"
        if not path.startswith(prefix):
            return 400, {"error": "invalid_tenant"}
        rest = path[len(prefix):]
        base = self.authority
        if method == "GET" and rest == "/v2.0/.well-known/openid-configuration":
            return 200, {
                "issuer": f"{base}/v2.0",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
            }
        if method == "POST" and rest == "/oauth2/v2.0/devicecode":
            if form.get("client_id") != self.client_id:
                return 400, {"error": "unauthorized_client",
                             "error_description": "AADSTS700016: application not found"}
            code = f"dc-{next(self._serial)}"
            self._device_codes[code] = 0
            self._device_scopes[code] = form.get("scope", "")
            return 200, {
                "device_code": code, "user_code": "FAKE-CODE",
                "verification_uri": "https://microsoft.com/devicelogin",
                "expires_in": 900, "interval": 5,
                "message": "To sign in, use a web browser to open the page "
                           "https://microsoft.com/devicelogin and enter the code FAKE-CODE "
                           "to authenticate.",
            }
        if method == "POST" and rest == "/oauth2/v2.0/token":
            grant = form.get("grant_type", "")
            if grant == "urn:ietf:params:oauth:grant-type:device_code":
                code = form.get("device_code", "")
                if code not in self._device_codes:
                    return 400, {"error": "expired_token"}
                self._device_codes[code] += 1
                if self._device_codes[code] <= self.pending_polls:
                    return 400, {"error": "authorization_pending",
                                 "error_description": "AADSTS70016: pending"}
                del self._device_codes[code]
                return 200, self.new_tokens(self._device_scopes.pop(code))
            if grant == "refresh_token":
                token = form.get("refresh_token", "")
                if self.fail_refresh or token not in self.refresh_tokens:
                    return 400, {"error": "invalid_grant",
                                 "error_description": "AADSTS700082: The refresh token has "
                                                      "expired due to inactivity."}
                self.refresh_tokens.discard(token)
                return 200, self.new_tokens(form.get("scope", ""))
            return 400, {"error": "unsupported_grant_type"}
        return 404, {"error": "not_found"}


def trusting_session(fake: Any):
    """A requests session that trusts the fake login server's certificate.

    ``trust_env`` is off so a REQUESTS_CA_BUNDLE in the environment cannot
    override ``verify``.
    """
    import requests

    session = requests.Session()
    session.verify = str(fake.cert)
    session.trust_env = False
    return session
