"""Loopback stand-ins for the Microsoft identity platform and Microsoft Graph.

Two ``ThreadingHTTPServer``s on 127.0.0.1, sharing one state object:

``login`` (HTTPS, because msal accepts only https authorities; the test
fixture makes a throwaway self-signed certificate)
    ``GET  /{tenant}/v2.0/.well-known/openid-configuration``
    ``POST /{tenant}/oauth2/v2.0/devicecode``
    ``POST /{tenant}/oauth2/v2.0/token`` with the device_code grant
    (``authorization_pending`` for ``pending_polls`` polls, then tokens) and
    the refresh_token grant (rotates tokens; ``fail_refresh`` makes it answer
    ``invalid_grant``).

``graph`` (HTTP) under ``/v1.0``
    ``me/messages`` (create, list with the $filter forms Graph supports and
    mailflow uses), ``me/messages/{id}`` (GET with $select/$expand, PATCH,
    DELETE), ``createReply``, ``send`` (deferred when the draft carries
    ``SystemTime 0x3FEF`` in the future), ``me/mailFolders/{name}``,
    ``me/mailFolders/inbox/messages``, ``me/calendars``,
    ``me/calendarView/delta`` and ``me/calendars/{id}/calendarView/delta``
    (nextLink/deltaLink rounds, ``@removed``), and ``$batch`` (≤ 20).

Behaviour copied from the real service where mailflow depends on it:
access tokens are checked (401 when unknown or expired); message ids change
when a message moves between folders unless the request says
``Prefer: IdType="ImmutableId"``; ``internetMessageHeaders`` are settable
only at creation, returned only with ``$select`` and not for Sent Items;
``$orderby`` with a conversationId filter is ``400 InefficientFilter``;
createReply refuses ``comment`` together with ``message.body``.

Tests drive it through attributes and methods (``put_event``,
``add_inbox``, ``inject``, ``expire_access_tokens``...) and read
``log``/``count`` to assert what was asked.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import itertools
import json
import re
import ssl
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest

UTC = dt.timezone.utc
DEFERRED_SEND = "SystemTime 0x3FEF"
DEFERRED_DELIVERY = "SystemTime 0x000F"
FOLDERS = {
    "drafts": "AQMkFolder-drafts",
    "sentitems": "AQMkFolder-sentitems",
    "inbox": "AQMkFolder-inbox",
    "deleteditems": "AQMkFolder-deleteditems",
}
MESSAGE_FIELDS = (
    "id", "subject", "body", "toRecipients", "ccRecipients", "bccRecipients", "from",
    "sender", "replyTo", "internetMessageId", "conversationId", "isDraft", "parentFolderId",
    "sentDateTime", "receivedDateTime", "createdDateTime",
)


# --------------------------------------------------------------------- TLS


def make_tls_cert(folder: Path) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1; returns (cert, key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
            critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "login-cert.pem", folder / "login-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


# ------------------------------------------------------------------ state


@dataclass
class Logged:
    server: str  # "login" | "graph" | "batch" (a request inside $batch)
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    status: int = 0


@dataclass
class Fault:
    method: str | None
    pattern: re.Pattern
    status: int
    headers: dict[str, str]
    times: int
    in_batch: bool


@dataclass
class FakeMessage:
    num: int
    folder: str
    data: dict[str, Any]
    moves: int = 0
    headers: list[dict[str, str]] = field(default_factory=list)
    props: dict[str, str] = field(default_factory=dict)
    submitted: bool = False  # /send called; waits for the deferred time

    @property
    def immutable_id(self) -> str:
        return f"AAkALgImm{self.num:04d}="

    @property
    def regular_id(self) -> str:
        return f"AAMkReg{self.num:04d}-{self.moves}="


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _iso(t: dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_graph_time(value: dict[str, str]) -> dt.datetime:
    text = value["dateTime"][:26]
    tz = value.get("timeZone", "UTC")
    naive = dt.datetime.fromisoformat(text.rstrip("Z"))
    return naive.replace(tzinfo=UTC if tz == "UTC" else ZoneInfo(tz))


class FakeMicrosoft:
    """State and servers; use :func:`running` to start and stop them."""

    def __init__(self, cert: Path, key: Path, *, tenant: str = "tenant-fake",
                 client_id: str = "client-fake", user: str = "me@example.com"):
        self.cert, self.key = cert, key
        self.tenant = tenant
        self.client_id = client_id
        self.user = user
        self.lock = threading.RLock()
        self.log: list[Logged] = []
        self.faults: list[Fault] = []
        self.now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
        # login
        self.pending_polls = 2
        self.fail_refresh = False
        self.access_tokens: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self._device_codes: dict[str, int] = {}
        self._device_scopes: dict[str, str] = {}
        self._serial = itertools.count(1)
        # mail
        self.messages: dict[int, FakeMessage] = {}
        self.mail_page_size = 10
        # calendar
        self.calendars: dict[str, str] = {"AAMkCal-default": "Calendar"}
        self.events: dict[str, dict[str, Any]] = {}  # id -> event (UTC times)
        self._event_calendar: dict[str, str] = {}
        self._event_version: dict[str, int] = {}
        self._tombstones: dict[str, tuple[int, str]] = {}  # id -> (version, calendar)
        self._version = 0
        self.delta_page_size = 2
        self._delta_tokens: dict[str, dict[str, Any]] = {}
        self.login_server: ThreadingHTTPServer | None = None
        self.graph_server: ThreadingHTTPServer | None = None

    # ---------------------------------------------------------- addresses

    @property
    def authority(self) -> str:
        assert self.login_server
        return f"https://127.0.0.1:{self.login_server.server_address[1]}/{self.tenant}"

    @property
    def graph_url(self) -> str:
        assert self.graph_server
        return f"http://127.0.0.1:{self.graph_server.server_address[1]}/v1.0"

    # --------------------------------------------------------- test hooks

    def inject(self, path_regex: str, status: int, *, headers: dict[str, str] | None = None,
               times: int = 1, method: str | None = None, in_batch: bool = False) -> None:
        """Answer the next ``times`` matching requests with ``status``."""
        with self.lock:
            self.faults.append(Fault(method, re.compile(path_regex), status,
                                     headers or {}, times, in_batch))

    def expire_access_tokens(self) -> None:
        with self.lock:
            self.access_tokens.clear()

    def requests(self, server: str = "graph", method: str | None = None,
                 path: str | None = None) -> list[Logged]:
        """Logged requests; ``path`` is a regular expression searched in the path."""
        with self.lock:
            return [r for r in self.log if r.server == server
                    and (method is None or r.method == method)
                    and (path is None or re.search(path, r.path))]

    def count(self, server: str = "graph", method: str | None = None,
              path: str | None = None) -> int:
        return len(self.requests(server, method, path))

    def clear_log(self) -> None:
        with self.lock:
            self.log.clear()

    def put_event(self, event: dict[str, Any], calendar: str = "AAMkCal-default") -> None:
        """Add or change an event (Graph JSON, times in UTC)."""
        with self.lock:
            self._version += 1
            self.events[event["id"]] = event
            self._event_calendar[event["id"]] = calendar
            self._event_version[event["id"]] = self._version
            self._tombstones.pop(event["id"], None)

    def delete_event(self, event_id: str) -> None:
        with self.lock:
            self._version += 1
            self.events.pop(event_id)
            self._tombstones[event_id] = (self._version, self._event_calendar.pop(event_id))
            self._event_version.pop(event_id, None)

    def expire_delta_tokens(self) -> None:
        with self.lock:
            self._delta_tokens.clear()

    def add_message(self, folder: str, **data: Any) -> FakeMessage:
        """Put a message straight into a folder (mail the user sent or received)."""
        with self.lock:
            num = next(self._serial)
            data.setdefault("internetMessageId", f"<fake.{num}@mail.example.net>")
            data.setdefault("conversationId", f"AAQkConv{num:04d}=")
            data.setdefault("isDraft", folder == "drafts")
            data.setdefault("receivedDateTime", _iso(self.now))
            data.setdefault("sentDateTime", _iso(self.now) if folder != "drafts" else None)
            data.setdefault("createdDateTime", _iso(self.now))
            for name in ("toRecipients", "ccRecipients", "bccRecipients", "replyTo"):
                data.setdefault(name, [])
            data.setdefault("body", {"contentType": "text", "content": ""})
            headers = data.pop("internetMessageHeaders", [])
            message = FakeMessage(num, folder, data, headers=list(headers))
            self.messages[num] = message
            return message

    def add_inbox(self, sender: str, subject: str, received: dt.datetime, *,
                  name: str = "", headers: dict[str, str] | None = None,
                  in_reply_to: str = "") -> FakeMessage:
        hdrs = [{"name": k, "value": v} for k, v in (headers or {}).items()]
        if in_reply_to:
            hdrs.append({"name": "In-Reply-To", "value": in_reply_to})
        who = {"emailAddress": {"name": name, "address": sender}}
        return self.add_message("inbox", subject=subject, receivedDateTime=_iso(received),
                                sentDateTime=_iso(received), isDraft=False,
                                internetMessageHeaders=hdrs, **{"from": who, "sender": who})

    def message_by_key(self, key: str) -> FakeMessage | None:
        with self.lock:
            for m in self.messages.values():
                if key in m.props.values():
                    return m
        return None

    def user_sends(self, message: FakeMessage) -> None:
        """The user pressed Send in Outlook."""
        with self.lock:
            self._move(message, "sentitems")
            message.data["isDraft"] = False
            message.data["sentDateTime"] = _iso(self.now)

    def user_deletes(self, message: FakeMessage) -> None:
        with self.lock:
            self._move(message, "deleteditems")

    def advance(self, to: dt.datetime) -> None:
        """Move the clock; deferred messages whose time has come leave."""
        with self.lock:
            self.now = to
            for m in self.messages.values():
                if m.submitted and m.folder == "drafts":
                    when = dt.datetime.fromisoformat(m.props[DEFERRED_SEND].replace("Z", "+00:00"))
                    if when <= to:
                        m.submitted = False
                        self.user_sends(m)

    def _move(self, message: FakeMessage, folder: str) -> None:
        if message.folder != folder:
            message.folder = folder
            message.moves += 1

    # ------------------------------------------------------------- login

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

    # ------------------------------------------------------------- graph

    def _fault(self, method: str, path: str, in_batch: bool) -> Fault | None:
        for fault in self.faults:
            if fault.in_batch == in_batch and fault.times > 0 and \
                    (fault.method in (None, method)) and fault.pattern.search(path):
                fault.times -= 1
                return fault
        return None

    def graph(self, method: str, path: str, query: dict[str, str], headers: dict[str, str],
              body: Any, *, in_batch: bool = False) -> tuple[int, dict[str, str], Any]:
        """One Graph request (path without /v1.0); returns (status, headers, json)."""
        with self.lock:
            fault = self._fault(method, path, in_batch)
            if fault:
                return fault.status, dict(fault.headers), {
                    "error": {"code": "TooManyRequests" if fault.status == 429 else
                              "ServiceUnavailable" if fault.status == 503 else "Injected",
                              "message": f"injected {fault.status}"}}
            if not in_batch:
                auth = headers.get("authorization", "")
                if not auth.startswith("Bearer ") or auth[7:] not in self.access_tokens:
                    return 401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, {
                        "error": {"code": "InvalidAuthenticationToken",
                                  "message": "Access token has expired or is not yet valid."}}
            prefer = headers.get("prefer", "")
            immutable = 'idtype="immutableid"' in prefer.lower()
            try:
                return self._route(method, path, query, body, prefer, immutable)
            except GraphError as exc:
                return exc.status, {}, {"error": {"code": exc.code, "message": exc.message}}

    def _route(self, method: str, path: str, query: dict[str, str], body: Any,
               prefer: str, immutable: bool) -> tuple[int, dict[str, str], Any]:
        parts = [unquote(p) for p in path.strip("/").split("/")]
        if parts == ["$batch"] and method == "POST":
            return self._batch(body)
        if parts[:1] != ["me"]:
            raise GraphError(404, "ResourceNotFound", f"no such path {path}")
        parts = parts[1:]
        if parts == ["messages"]:
            if method == "POST":
                return 201, {}, self._create(body, immutable)
            if method == "GET":
                return 200, {}, self._list(None, query, immutable, path)
        if len(parts) == 2 and parts[0] == "mailFolders" and method == "GET":
            name = parts[1].lower()
            if name not in FOLDERS:
                raise GraphError(404, "ErrorInvalidIdMalformed", "no such folder")
            return 200, {}, {"id": FOLDERS[name], "displayName": name}
        if len(parts) == 3 and parts[0] == "mailFolders" and parts[2] == "messages" \
                and method == "GET":
            return 200, {}, self._list(parts[1].lower(), query, immutable, path)
        if len(parts) >= 2 and parts[0] == "messages":
            message = self._find(parts[1], immutable)
            if len(parts) == 2:
                if method == "GET":
                    return 200, {}, self._render(message, query, immutable)
                if method == "PATCH":
                    return 200, {}, self._patch(message, body or {}, immutable)
                if method == "DELETE":
                    self._move(message, "deleteditems")
                    return 204, {}, None
            if len(parts) == 3 and method == "POST":
                if parts[2] == "createReply":
                    return 201, {}, self._create_reply(message, body or {}, immutable)
                if parts[2] == "send":
                    self._send(message)
                    return 202, {}, None
        if parts == ["calendars"] and method == "GET":
            return 200, {}, {"value": [{"id": k, "name": v} for k, v in self.calendars.items()]}
        if parts == ["calendarView", "delta"] and method == "GET":
            return 200, {}, self._delta("AAMkCal-default", query, prefer)
        if len(parts) == 4 and parts[0] == "calendars" and parts[2:] == ["calendarView", "delta"]:
            if parts[1] not in self.calendars:
                raise GraphError(404, "ErrorItemNotFound", "no such calendar")
            return 200, {}, self._delta(parts[1], query, prefer)
        raise GraphError(400, "BadRequest", f"unsupported {method} {path}")

    # ..................................................... messages

    def _find(self, ident: str, immutable: bool) -> FakeMessage:
        for m in self.messages.values():
            # an immutable id works whatever the Prefer header; a regular id
            # only until the message moves (as in Exchange)
            if ident == m.immutable_id or ident == m.regular_id:
                return m
        raise GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.")

    def _apply(self, message: FakeMessage, body: dict[str, Any], creating: bool) -> None:
        for name, value in body.items():
            if name == "internetMessageHeaders":
                if not creating:
                    raise GraphError(400, "ErrorInvalidPropertyRequest",
                                     "internetMessageHeaders can be set only when creating")
                for h in value:
                    if not h["name"].lower().startswith("x-"):
                        raise GraphError(400, "InvalidInternetMessageHeader",
                                         "custom header names must start with x-")
                message.headers.extend(value)
            elif name == "singleValueExtendedProperties":
                for prop in value:
                    message.props[prop["id"]] = prop["value"]
            elif name in ("subject", "body", "toRecipients", "ccRecipients", "bccRecipients",
                          "replyTo", "internetMessageId"):
                if not message.data.get("isDraft"):
                    raise GraphError(400, "ErrorInvalidPropertyUpdateSentMessage",
                                     "only drafts can be changed")
                message.data[name] = value
            else:
                raise GraphError(400, "RequestBodyRead", f"unknown property {name}")

    def _create(self, body: Any, immutable: bool) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise GraphError(400, "RequestBodyRead", "a JSON message is required")
        message = self.add_message("drafts", isDraft=True, sentDateTime=None)
        self._apply(message, body, creating=True)
        me = {"emailAddress": {"name": "Test User", "address": self.user}}
        message.data["from"] = message.data["sender"] = me
        return self._render(message, {}, immutable)

    def _create_reply(self, original: FakeMessage, body: dict[str, Any],
                      immutable: bool) -> dict[str, Any]:
        extra = body.get("message") or {}
        if body.get("comment") is not None and "body" in extra:
            raise GraphError(400, "ErrorInvalidRequest",
                             "comment and message.body cannot both be given")
        data = original.data
        to = data.get("replyTo") or ([data["from"]] if data.get("from") else [])
        if original.folder == "sentitems":
            to = data.get("toRecipients", [])[:1]
        quoted = f"{body.get('comment', '')}\n\n> {data.get('body', {}).get('content', '')}"
        message = self.add_message(
            "drafts", isDraft=True, sentDateTime=None,
            subject="RE: " + data.get("subject", ""),
            conversationId=data["conversationId"], toRecipients=list(to),
            body={"contentType": "text", "content": quoted},
        )
        message.data["inReplyTo"] = data.get("internetMessageId")
        me = {"emailAddress": {"name": "Test User", "address": self.user}}
        message.data["from"] = message.data["sender"] = me
        self._apply(message, extra, creating=True)
        return self._render(message, {}, immutable)

    def _patch(self, message: FakeMessage, body: dict[str, Any], immutable: bool) -> dict:
        self._apply(message, body, creating=False)
        return self._render(message, {}, immutable)

    def _send(self, message: FakeMessage) -> None:
        if not message.data.get("isDraft"):
            raise GraphError(400, "ErrorInvalidOperation", "the message was already sent")
        if not message.data.get("toRecipients"):
            raise GraphError(400, "ErrorInvalidRecipients", "at least one recipient is required")
        deferred = message.props.get(DEFERRED_SEND)
        if deferred and dt.datetime.fromisoformat(deferred.replace("Z", "+00:00")) > self.now:
            message.submitted = True
            return
        self.user_sends(message)

    def _render(self, message: FakeMessage, query: dict[str, str], immutable: bool
                ) -> dict[str, Any]:
        out = {k: message.data.get(k) for k in MESSAGE_FIELDS if k in message.data}
        out["id"] = message.immutable_id if immutable else message.regular_id
        out["parentFolderId"] = FOLDERS[message.folder]
        out["@odata.etag"] = f'W/"{message.num}-{message.moves}"'
        select = query.get("$select")
        if select:
            wanted = {s.strip() for s in select.split(",")}
            out = {k: v for k, v in out.items() if k in wanted or k in ("id", "@odata.etag")}
            if "internetMessageHeaders" in wanted and message.folder != "sentitems":
                out["internetMessageHeaders"] = list(message.headers) + (
                    [{"name": "In-Reply-To", "value": message.data["inReplyTo"]}]
                    if message.data.get("inReplyTo") else [])
        expand = query.get("$expand", "")
        if expand:
            m = re.fullmatch(r"singleValueExtendedProperties\(\$filter=id eq '([^']+)'\)", expand)
            if not m:
                raise GraphError(400, "BadRequest", f"unsupported $expand {expand}")
            props = [{"id": k, "value": v} for k, v in message.props.items()
                     if k.lower() == m.group(1).lower()]
            if props:
                out["singleValueExtendedProperties"] = props
        return out

    def _list(self, folder: str | None, query: dict[str, str], immutable: bool,
              path: str) -> dict[str, Any]:
        if folder is not None and folder not in FOLDERS:
            raise GraphError(404, "ErrorInvalidIdMalformed", "no such folder")
        items = [m for m in self.messages.values() if folder is None or m.folder == folder]
        flt = query.get("$filter")
        if flt:
            items = [m for m in items if self._matches(m, flt, query)]
        items.sort(key=lambda m: m.data.get("receivedDateTime") or "", reverse=True)
        # the server pages at its own size whatever $top asks
        top = min(int(query.get("$top", self.mail_page_size)), self.mail_page_size)
        skip = int(query.get("$skip", 0))
        page = items[skip:skip + top]
        out: dict[str, Any] = {"value": [self._render(m, query, immutable) for m in page]}
        if skip + top < len(items):
            rest = {k: v for k, v in query.items() if k != "$skip"}
            rest["$skip"] = str(skip + top)
            from urllib.parse import quote, urlencode

            out["@odata.nextLink"] = (f"{self.graph_url}{path}?"
                                      + urlencode(rest, quote_via=quote, safe="$'(),:"))
        return out

    def _matches(self, m: FakeMessage, flt: str, query: dict[str, str]) -> bool:
        prop = re.fullmatch(r"singleValueExtendedProperties/any\(ep: ep/id eq '([^']+)' "
                            r"and ep/value eq '((?:[^']|'')*)'\)", flt, re.I)
        if prop:
            pid, value = prop.group(1), prop.group(2).replace("''", "'")
            return any(k.lower() == pid.lower() and v == value for k, v in m.props.items())
        eq = re.fullmatch(r"(internetMessageId|conversationId) eq '((?:[^']|'')*)'", flt)
        if eq:
            if eq.group(1) == "conversationId" and "$orderby" in query:
                raise GraphError(400, "InefficientFilter",
                                 "The restriction or sort order is too complex for this operation.")
            return m.data.get(eq.group(1)) == eq.group(2).replace("''", "'")
        since = re.fullmatch(r"receivedDateTime ge (\S+)", flt)
        if since:
            when = dt.datetime.fromisoformat(since.group(1).replace("Z", "+00:00"))
            got = dt.datetime.fromisoformat(m.data["receivedDateTime"].replace("Z", "+00:00"))
            return got >= when
        raise GraphError(400, "BadRequest", f"Invalid filter clause: {flt}")

    # ..................................................... batch

    def _batch(self, body: Any) -> tuple[int, dict[str, str], Any]:
        requests_ = (body or {}).get("requests", [])
        if len(requests_) > 20:
            raise GraphError(400, "BadRequest", "Number of batch request steps exceeds the maximum of 20.")
        responses = []
        for item in requests_:
            split = urlsplit(item["url"])
            query = {k: v[0] for k, v in parse_qs(split.query).items()}
            headers = {k.lower(): v for k, v in (item.get("headers") or {}).items()}
            path = split.path
            if path.startswith("/v1.0"):
                path = path[len("/v1.0"):]
            self.log.append(Logged("batch", item["method"], path, query, headers,
                                   item.get("body")))
            status, hdrs, data = self.graph(item["method"], path, query, headers,
                                            item.get("body"), in_batch=True)
            self.log[-1].status = status
            entry: dict[str, Any] = {"id": item["id"], "status": status, "headers": hdrs}
            if data is not None:
                entry["body"] = data
            responses.append(entry)
        return 200, {}, {"responses": responses}

    # ..................................................... calendar

    def _delta(self, calendar: str, query: dict[str, str], prefer: str) -> dict[str, Any]:
        tz_match = re.search(r'outlook\.timezone="([^"]+)"', prefer)
        tz = tz_match.group(1) if tz_match else "UTC"
        if "$skiptoken" in query:
            state = self._delta_tokens.get(query["$skiptoken"])
        elif "$deltatoken" in query:
            state = self._delta_tokens.get(query["$deltatoken"])
            if state is not None:
                state = dict(state, pending=self._changes(state), offset=0)
        else:
            try:
                start = dt.datetime.fromisoformat(query["startDateTime"].replace("Z", "+00:00"))
                end = dt.datetime.fromisoformat(query["endDateTime"].replace("Z", "+00:00"))
            except (KeyError, ValueError):
                raise GraphError(400, "ErrorInvalidParameter",
                                 "startDateTime and endDateTime are required") from None
            state = {"calendar": calendar, "start": start, "end": end, "version": self._version,
                     "offset": 0}
            state["pending"] = [("event", eid) for eid in sorted(self.events)
                                if self._in_view(eid, state)]
        if state is None:
            raise GraphError(410, "SyncStateNotFound", "The sync state was not found or expired.")
        pending = state["pending"]
        offset = state["offset"]
        page = pending[offset:offset + self.delta_page_size]
        value = []
        for kind, eid in page:
            if kind == "removed":
                value.append({"id": eid, "@removed": {"reason": "deleted"}})
            else:
                value.append(self._render_event(self.events[eid], tz))
        token = f"tok{next(self._serial)}"
        base = f"{self.graph_url}/me/" + (
            "calendarView/delta" if calendar == "AAMkCal-default"
            else f"calendars/{calendar}/calendarView/delta")
        out: dict[str, Any] = {"value": value}
        if offset + self.delta_page_size < len(pending):
            self._delta_tokens[token] = dict(state, offset=offset + self.delta_page_size)
            out["@odata.nextLink"] = f"{base}?$skiptoken={token}"
        else:
            self._delta_tokens[token] = {k: state[k] for k in ("calendar", "start", "end")} | {
                "version": self._version}
            out["@odata.deltaLink"] = f"{base}?$deltatoken={token}"
        return out

    def _in_view(self, eid: str, state: dict[str, Any]) -> bool:
        if self._event_calendar.get(eid) != state["calendar"]:
            return False
        ev = self.events[eid]
        start, end = _parse_graph_time(ev["start"]), _parse_graph_time(ev["end"])
        return start < state["end"] and end > state["start"]

    def _changes(self, state: dict[str, Any]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for eid, version in sorted(self._event_version.items()):
            if version > state["version"] and self._event_calendar[eid] == state["calendar"]:
                # outside the window, Graph reports changes as @removed
                out.append(("event" if self._in_view(eid, state) else "removed", eid))
        for eid, (version, cal) in sorted(self._tombstones.items()):
            if version > state["version"] and cal == state["calendar"]:
                out.append(("removed", eid))
        return out

    def _render_event(self, event: dict[str, Any], tz: str) -> dict[str, Any]:
        out = json.loads(json.dumps(event))
        zone = UTC if tz == "UTC" else ZoneInfo(tz)
        for name in ("start", "end"):
            when = _parse_graph_time(event[name]).astimezone(zone)
            out[name] = {"dateTime": when.strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": tz}
        return out


class GraphError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


# ----------------------------------------------------------------- servers


def _handler(fake: FakeMicrosoft, server_name: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # one write per response: no small-packet delays on keep-alive connections
        wbufsize = 1 << 16
        disable_nagle_algorithm = True

        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def _reply(self, status: int, headers: dict[str, str], data: Any) -> None:
            payload = b"" if data is None else json.dumps(data).encode()
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            if payload:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if payload:
                self.wfile.write(payload)

        def _handle(self) -> None:
            split = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            if server_name == "login":
                form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                with fake.lock:
                    fake.log.append(Logged("login", self.command, split.path, query, headers, form))
                    status, data = fake.handle_login(self.command, split.path, form)
                    fake.log[-1].status = status
                self._reply(status, {}, data)
                return
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                self._reply(400, {}, {"error": {"code": "BadRequest", "message": "bad JSON"}})
                return
            path = split.path
            if not path.startswith("/v1.0/"):
                self._reply(404, {}, {"error": {"code": "BadRequest", "message": "no version"}})
                return
            path = path[len("/v1.0"):]
            with fake.lock:
                record = Logged("graph", self.command, path, query, headers, body)
                fake.log.append(record)
                status, out_headers, data = fake.graph(self.command, path, query, headers, body)
                record.status = status
            self._reply(status, out_headers, data)

        do_GET = do_POST = do_PATCH = do_DELETE = _handle

    return Handler


@contextmanager
def running(folder: Path, **kwargs: Any):
    """Start the login (TLS) and Graph servers; yields the :class:`FakeMicrosoft`."""
    cert, key = make_tls_cert(folder)
    fake = FakeMicrosoft(cert, key, **kwargs)
    login = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake, "login"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    login.socket = context.wrap_socket(login.socket, server_side=True)
    graph = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake, "graph"))
    fake.login_server, fake.graph_server = login, graph
    threads = [threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
               for s in (login, graph)]
    for t in threads:
        t.start()
    try:
        yield fake
    finally:
        for s in (login, graph):
            s.shutdown()
            s.server_close()
        for t in threads:
            t.join(timeout=5)


def trusting_session(fake: FakeMicrosoft):
    """A requests session that trusts the fake login server's certificate.

    ``trust_env`` is off so a REQUESTS_CA_BUNDLE in the environment cannot
    override ``verify``.
    """
    import requests

    session = requests.Session()
    session.verify = str(fake.cert)
    session.trust_env = False
    return session


def graph_event(event_id: str, subject: str, start: dt.datetime, end: dt.datetime, *,
                attendees: list[tuple[str, str, str, str]] = (),
                organizer: tuple[str, str] = ("", ""), **extra: Any) -> dict[str, Any]:
    """A Graph event in UTC. ``attendees``: (address, name, type, response)."""
    event = {
        "id": event_id,
        "iCalUId": extra.pop("iCalUId", f"ical-{event_id}"),
        "subject": subject,
        "type": extra.pop("type", "singleInstance"),
        "isAllDay": False,
        "isCancelled": False,
        "isOrganizer": False,
        "start": {"dateTime": start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000"),
                  "timeZone": "UTC"},
        "end": {"dateTime": end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000"),
                "timeZone": "UTC"},
        "body": {"contentType": "text", "content": extra.pop("description", "")},
        "location": {"displayName": extra.pop("location", "")},
        "organizer": {"emailAddress": {"address": organizer[0], "name": organizer[1]}},
        "attendees": [{"type": kind, "status": {"response": response, "time": "0001-01-01T00:00:00Z"},
                       "emailAddress": {"address": addr, "name": name}}
                      for addr, name, kind, response in attendees],
        "responseStatus": {"response": "accepted", "time": "2026-11-20T10:00:00Z"},
        "isOnlineMeeting": False,
        "onlineMeeting": None,
        "categories": [],
    }
    event.update(extra)
    return event


def outlook_config(fake: FakeMicrosoft, folder: Path, **outlook: Any):
    """A Config whose [mail.outlook] points at the fake servers."""
    from mailflow.calendars.outlook import OutlookCalendarSettings
    from mailflow.config import Config

    config = Config()
    config.profile.name = "Test User"
    config.profile.email = fake.user
    config.policy.timezone = "America/New_York"
    settings = config.mail.outlook
    settings.client_id = fake.client_id
    settings.authority = fake.authority
    settings.token_cache = str(folder / "msal-cache.json")
    settings.endpoint = fake.graph_url
    for name, value in outlook.items():
        setattr(settings, name, value)
    config.calendars = [OutlookCalendarSettings(type="outlook")]
    return config


def sign_in(fake: FakeMicrosoft, config: Any) -> None:
    """Run the device-code login against the fake (no polling wait)."""
    import warnings

    from mailflow.providers.microsoft.login import login

    pending, fake.pending_polls = fake.pending_polls, 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            login(config.mail.outlook, config.shared, lambda _text: None, sleep=lambda _s: None,
                  http_client=trusting_session(fake))
    finally:
        fake.pending_polls = pending


# ------------------------------------------------------------ fixtures
# Test modules import these by name (pytest finds fixtures in a module's
# namespace).


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """The fake login and Graph servers, started for one test. The CLI builds
    msal with its own HTTP session, which trusts the login server's certificate
    through REQUESTS_CA_BUNDLE."""
    with running(tmp_path) as server:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.cert))
        yield server


@pytest.fixture
def config(fake, tmp_path):
    """A Config pointed at ``fake``, already signed in; the log starts empty."""
    settings = outlook_config(fake, tmp_path)
    sign_in(fake, settings)
    fake.clear_log()
    return settings


@pytest.fixture
def waits():
    """The delays asked of the injectable ``sleep``."""
    return []


# ------------------------------------------- `mailflow` on the command line

INTERVIEW_END = dt.datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # Wed 11:00 in New York


def config_text(fake: FakeMicrosoft, **outlook: Any) -> str:
    """config.toml for the Outlook calendar and mailbox on ``fake``; ``outlook``
    adds keys to ``[mail.outlook]`` (``schedule_send=True``)."""
    extra = "".join(f"{name} = {json.dumps(value)}\n" for name, value in outlook.items())
    return f"""
[profile]
name = "Test User"
email = "me@example.com"
signature = "Test User"

[[calendars]]
type = "outlook"

[mail]
backend = "outlook"

[mail.outlook]
client_id = "{fake.client_id}"
authority = "{fake.authority}"
token_cache = "msal-cache.json"
endpoint = "{fake.graph_url}"
{extra}
[state]
path = "state.db"

[policy]
timezone = "America/New_York"
"""


@pytest.fixture
def config_path(fake, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(config_text(fake))
    return path


def mailflow(config_path: Path, *args: str):
    """``mailflow --config CONFIG_PATH ARGS`` in-process."""
    from click.testing import CliRunner

    from mailflow.cli import main

    return CliRunner().invoke(main, ["--config", str(config_path), *args], catch_exceptions=False)


@pytest.fixture
def signed_in(fake, config_path):
    """`mailflow auth outlook` done; the calendar holds one interview: Acme,
    ending at ``INTERVIEW_END``, two interviewers and a room, organised by the
    recruiter. The log starts empty."""
    fake.pending_polls = 0
    result = mailflow(config_path, "auth", "outlook")
    assert result.exit_code == 0, result.output
    assert "FAKE-CODE" in result.output
    assert (config_path.parent / "msal-cache.json").stat().st_mode & 0o777 == 0o600
    fake.put_event(graph_event(
        "ev1", "Interview with Acme: Backend Engineer", INTERVIEW_END - dt.timedelta(hours=1),
        INTERVIEW_END, organizer=("rita@acme.example", "Rita Recruiter"),
        attendees=[("me@example.com", "Test User", "required", "accepted"),
                   ("ana@acme.example", "Ana Lopez", "required", "accepted"),
                   ("bo@acme.example", "Bo Chen", "required", "accepted"),
                   ("room-4@acme.example", "Room 4", "resource", "accepted")],
        isOnlineMeeting=True, onlineMeeting={"joinUrl": "https://teams.example/meet/1"}))
    fake.clear_log()


def creating(fake: FakeMicrosoft) -> int:
    """Requests that create or change mail, at the top level or inside $batch."""
    return sum(1 for r in fake.log if r.server in ("graph", "batch") and r.method in ("POST", "PATCH")
               and r.path != "/$batch")
