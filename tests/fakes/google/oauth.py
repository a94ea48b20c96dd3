"""Google's OAuth token endpoint (``POST /token``) and the consent screen.

Refresh tokens are issued to tests directly (``authorized_user_info``, as if
`mailflow auth google` had run) or through ``approve`` (the user clicked
Allow: the redirect carries a code the authorization_code grant exchanges,
with PKCE). Every API request must carry an access token issued here (401).
"""

from __future__ import annotations

import base64
import urllib.parse
from typing import Any

from tests.fakes.google.common import HttpFailure
from tests.fakes.http import Request, Response, json_response

ROUTES = [
    ("POST", r"/token", "token"),
]


class OAuth:
    """Mixin of :class:`FakeGoogle`."""

    def _setup_oauth(self) -> None:
        self.client_id = "fake-client.apps.googleusercontent.com"
        self.client_secret = "fake-client-secret"
        self.refresh_tokens: set[str] = set()
        self.access_tokens: set[str] = set()
        self.auth_codes: dict[str, list[str]] = {}
        self.granted_scopes: list[str] | None = None  # None: whatever was asked
        self.token_requests: list[dict[str, str]] = []

    @property
    def token_uri(self) -> str:
        return self.url + "token"

    # ---- test controls -------------------------------------------------------

    def issue_refresh_token(self) -> str:
        token = f"1//fake-refresh-{next(self._ids)}"
        self.refresh_tokens.add(token)
        return token

    def authorized_user_info(self, scopes: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
        """An authorized-user JSON like the one `mailflow auth google` writes."""
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "refresh_token": self.issue_refresh_token(),
            "token_uri": self.token_uri,
            "scopes": list(scopes),
        }

    def revoke(self) -> None:
        """The user removed the app's access: every token stops working."""
        with self.lock:
            self.refresh_tokens.clear()
            self.access_tokens.clear()

    def expire_access_tokens(self) -> None:
        with self.lock:
            self.access_tokens.clear()

    def approve(self, authorization_url: str) -> str:
        """The user clicked Allow: the redirect address the browser would open."""
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(authorization_url).query)
        code = f"4/fake-code-{next(self._ids)}"
        with self.lock:
            self.auth_codes[code] = query["scope"][0].split()
        redirect = query["redirect_uri"][0]
        state = query["state"][0]
        return f"{redirect}?{urllib.parse.urlencode({'state': state, 'code': code, 'scope': query['scope'][0]})}"

    # ---- handlers ----------------------------------------------------------------

    def _check_auth(self, headers: dict[str, str]) -> None:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or token not in self.access_tokens:
            raise HttpFailure(401, "Request had invalid authentication credentials.", "authError")

    def _token(self, request: Request) -> Response:
        form = request.form()
        scheme, _, basic = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "basic":  # client_secret_basic, as requests-oauthlib sends it
            user, _, password = base64.b64decode(basic).decode().partition(":")
            form.setdefault("client_id", urllib.parse.unquote(user))
            form.setdefault("client_secret", urllib.parse.unquote(password))
        with self.lock:
            self.token_requests.append(form)
            if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
                return json_response(401, {"error": "invalid_client", "error_description": "Unauthorized"})
            grant = form.get("grant_type")
            if grant == "refresh_token":
                if form.get("refresh_token") not in self.refresh_tokens:
                    return json_response(400, {"error": "invalid_grant",
                                               "error_description": "Token has been expired or revoked."})
                return json_response(200, self._issue(form.get("scope", "").split(), refresh=False))
            if grant == "authorization_code":
                scopes = self.auth_codes.pop(form.get("code", ""), None)
                if scopes is None or not form.get("code_verifier"):
                    return json_response(400, {"error": "invalid_grant", "error_description": "Bad Request"})
                return json_response(200, self._issue(scopes, refresh=True))
        return json_response(400, {"error": "unsupported_grant_type"})

    def _issue(self, scopes: list[str], *, refresh: bool) -> dict[str, Any]:
        token = f"ya29.fake-access-{next(self._ids)}"
        self.access_tokens.add(token)
        answer: dict[str, Any] = {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}
        granted = self.granted_scopes if self.granted_scopes is not None else scopes
        if granted:
            answer["scope"] = " ".join(granted)
        if refresh:
            answer["refresh_token"] = self.issue_refresh_token()
        return answer
