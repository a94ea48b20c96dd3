"""A Google API stand-in on 127.0.0.1: OAuth token endpoint, Gmail v1, Calendar v3.

It speaks the paths and JSON google-api-python-client sends with its shipped
discovery documents (point the client at it with ``client_options
api_endpoint``; the batch endpoint is ``/batch`` for Gmail and
``/batch/calendar/v3`` for Calendar, multipart/mixed in and out as Google's).

What it checks, as Google does
- every API request carries a Bearer token the token endpoint issued (else 401);
- drafts.create gets base64url raw MIME; the message is parsed with the email
  package and kept (``drafts_created``) so tests can assert on its headers;
- a draft joins a thread only when ``threadId`` is given *and* In-Reply-To or
  References names a message of that thread *and* the subject matches;
- history.list answers 404 for a history id it no longer has (``expire_history``);
- events.list refuses ``syncToken`` combined with ``timeMin``/``timeMax`` etc. (400),
  answers 410 for an expired token (``expire_sync_tokens``), and puts
  ``nextSyncToken`` only on the last page.

Fault injection: ``fail(route, status, ...)`` queues responses for the next
requests to a route ("drafts.create", "events.list", "token", "*"...), before
any other check. ``counts`` counts requests per route; inner requests of a
batch count under their own route, the batch itself under "batch".
"""

from __future__ import annotations

import base64
import email
import textwrap
import email.policy
import itertools
import json
import re
import threading
import time
import urllib.parse
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import getaddresses
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator

import pytest

STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    410: "FAILED_PRECONDITION",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
}
DEFAULT_REASONS = {
    400: "badRequest",
    401: "authError",
    403: "forbidden",
    404: "notFound",
    410: "fullSyncRequired",
    429: "rateLimitExceeded",
    500: "backendError",
    502: "backendError",
    503: "backendError",
}
GMAIL = r"/gmail/v1/users/(?P<user>[^/]+)"
ROUTES = [
    ("POST", r"/token", "token"),
    ("GET", GMAIL + r"/profile", "users.getProfile"),
    ("POST", GMAIL + r"/drafts/send", "drafts.send"),
    ("POST", GMAIL + r"/drafts", "drafts.create"),
    ("GET", GMAIL + r"/drafts", "drafts.list"),
    ("GET", GMAIL + r"/drafts/(?P<id>[^/]+)", "drafts.get"),
    ("DELETE", GMAIL + r"/drafts/(?P<id>[^/]+)", "drafts.delete"),
    ("GET", GMAIL + r"/messages", "messages.list"),
    ("GET", GMAIL + r"/messages/(?P<id>[^/]+)", "messages.get"),
    ("GET", GMAIL + r"/threads/(?P<id>[^/]+)", "threads.get"),
    ("GET", GMAIL + r"/history", "history.list"),
    ("POST", r"/batch", "batch"),
    ("POST", r"/batch/calendar/v3", "batch"),
    ("GET", r"/calendar/v3/calendars/(?P<calendar>[^/]+)/events", "events.list"),
]
SYNC_TOKEN_CONFLICTS = (
    "timeMin", "timeMax", "q", "orderBy", "updatedMin", "iCalUID",
    "privateExtendedProperty", "sharedExtendedProperty",
)  # fmt: skip
BASE64URL = re.compile(r"^[A-Za-z0-9_-]*={0,2}$")


class HttpFailure(Exception):
    def __init__(self, status: int, message: str, reason: str = "", domain: str = "global"):
        super().__init__(message)
        self.status = status
        self.message = message
        self.reason = reason or DEFAULT_REASONS.get(status, "error")
        self.domain = domain


def google_error(status: int, message: str, reason: str, domain: str = "global") -> bytes:
    return json.dumps(
        {
            "error": {
                "code": status,
                "message": message,
                "errors": [{"message": message, "domain": domain, "reason": reason}],
                "status": STATUS_NAMES.get(status, "UNKNOWN"),
            }
        }
    ).encode()


@dataclass
class Fault:
    route: str
    status: int
    headers: dict[str, str]
    body: bytes
    times: int


@dataclass
class Message:
    id: str
    thread_id: str
    labels: set[str]
    raw: bytes
    parsed: EmailMessage
    internal_ms: int
    history_id: int

    def header(self, name: str) -> str:
        return str(self.parsed.get(name, ""))


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def _now_ms() -> int:
    return int(time.time() * 1000)


class FakeGoogle:
    """State and HTTP server. ``url`` is the base to use as endpoint override."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.counts: Counter[str] = Counter()
        self.requests: list[tuple[str, str, dict[str, list[str]]]] = []
        self.faults: list[Fault] = []
        self._ids = itertools.count(1)
        self.clock_ms = _now_ms
        # oauth
        self.client_id = "fake-client.apps.googleusercontent.com"
        self.client_secret = "fake-client-secret"
        self.refresh_tokens: set[str] = set()
        self.access_tokens: set[str] = set()
        self.auth_codes: dict[str, list[str]] = {}
        self.granted_scopes: list[str] | None = None  # None: whatever was asked
        self.token_requests: list[dict[str, str]] = []
        # gmail
        self.address = "me@example.com"
        self.messages: dict[str, Message] = {}
        self.drafts: dict[str, str] = {}  # draft id -> message id
        self.drafts_created: list[dict[str, Any]] = []  # {"message", "thread_id", "asked_thread"}
        self.history: list[dict[str, Any]] = []
        self.history_id = 1000
        self.history_floor = 0
        self.rewrite_message_id_on_send = False
        # calendar
        self.calendars: dict[str, dict[str, Any]] = {}
        self.calendar_version = 0
        self.sync_tokens: dict[str, dict[str, Any]] = {}
        self.page_tokens: dict[str, dict[str, Any]] = {}
        self.events_page_size: int | None = None

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.fake = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # ---- lifecycle -----------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    @property
    def token_uri(self) -> str:
        return self.url + "token"

    def start(self) -> FakeGoogle:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # ---- test controls -------------------------------------------------------

    def fail(
        self,
        route: str,
        status: int,
        *,
        headers: dict[str, str] | None = None,
        body: bytes | dict | None = None,
        reason: str | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` requests to ``route`` ("*" = any) with this."""
        if body is None:
            domain = "calendar" if status == 410 else "usageLimits" if status in (403, 429) else "global"
            body = google_error(
                status, HTTPStatus(status).phrase, reason or DEFAULT_REASONS.get(status, "error"), domain
            )
        elif isinstance(body, dict):
            body = json.dumps(body).encode()
        with self.lock:
            self.faults.append(Fault(route, status, dict(headers or {}), body, times))

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

    def route_count(self, prefix: str) -> int:
        return sum(n for route, n in self.counts.items() if route.startswith(prefix))

    def reset_counts(self) -> None:
        with self.lock:
            self.counts.clear()
            self.requests.clear()

    # gmail

    def draft_messages(self) -> list[Message]:
        with self.lock:
            return [self.messages[m] for m in self.drafts.values()]

    def sent_messages(self) -> list[Message]:
        with self.lock:
            return [m for m in self.messages.values() if "SENT" in m.labels]

    def draft_id_of(self, key: str) -> str:
        with self.lock:
            for draft_id, message_id in self.drafts.items():
                if self.messages[message_id].header("X-Mailflow-Key") == key:
                    return draft_id
        raise KeyError(key)

    def set_time(self, when: datetime) -> None:
        """Stop the clock at ``when``: the time stamped on mail sent or received from
        now on (tests keep it in step with the ``--now`` they run mailflow at)."""
        self.clock_ms = lambda: int(when.timestamp() * 1000)

    def user_sends(self, draft_id: str) -> Message:
        """The user pressed Send in Gmail."""
        with self.lock:
            return self._send_draft(draft_id)

    def user_deletes(self, draft_id: str) -> None:
        """The user discarded the draft in Gmail."""
        with self.lock:
            message_id = self.drafts.pop(draft_id)
            message = self.messages.pop(message_id)
            self._record("messagesDeleted", message)

    def deliver(
        self,
        sender: str,
        subject: str,
        *,
        body: str = "Thank you.",
        when_ms: int | None = None,
        in_reply_to: str = "",
        headers: dict[str, str] | None = None,
    ) -> Message:
        """A message arrives in the inbox (threaded like Gmail would)."""
        msg = EmailMessage()
        msg["From"] = sender
        msg["To"] = self.address
        msg["Subject"] = subject
        msg["Date"] = email.utils.formatdate((when_ms or self.clock_ms()) / 1000)
        msg["Message-ID"] = f"<incoming.{next(self._ids)}@{sender.rpartition('@')[2].rstrip('>')}>"
        if in_reply_to:
            msg["In-Reply-To"] = in_reply_to
            msg["References"] = in_reply_to
        for name, value in (headers or {}).items():
            msg[name] = value
        msg.set_content(body)
        with self.lock:
            message_id = self._new_message_id()
            thread_id = self._thread_by_headers(msg, None) or message_id
            message = Message(
                message_id, thread_id, {"INBOX", "UNREAD"}, msg.as_bytes(), msg,
                when_ms or self.clock_ms(), 0,
            )  # fmt: skip
            self.messages[message_id] = message
            self._record("messagesAdded", message)
            return message

    def expire_history(self) -> None:
        """Gmail dropped its history: every earlier history id answers 404."""
        with self.lock:
            self.history_floor = self.history_id + 1
            self.history_id += 1

    # calendar

    def add_event(self, calendar_id: str, event: dict[str, Any], *, time_zone: str = "UTC") -> dict:
        with self.lock:
            calendar = self.calendars.setdefault(
                calendar_id, {"timeZone": time_zone, "events": {}, "versions": {}}
            )
            stored = {
                "kind": "calendar#event",
                "status": "confirmed",
                "iCalUID": f"{event['id']}@google.com",
                **event,
            }
            self.calendar_version += 1
            stored["updated"] = datetime.now(timezone.utc).isoformat()
            stored["etag"] = f'"{self.calendar_version}"'
            calendar["events"][event["id"]] = stored
            calendar["versions"][event["id"]] = self.calendar_version
            return stored

    def update_event(self, calendar_id: str, event_id: str, **changes: Any) -> dict:
        with self.lock:
            event = {**self.calendars[calendar_id]["events"][event_id], **changes}
            return self.add_event(calendar_id, event)

    def cancel_event(self, calendar_id: str, event_id: str) -> None:
        self.update_event(calendar_id, event_id, status="cancelled")

    def expire_sync_tokens(self) -> None:
        with self.lock:
            for token in self.sync_tokens.values():
                token["expired"] = True

    # ---- dispatch ------------------------------------------------------------

    def handle(self, method: str, target: str, headers: Any, body: bytes) -> Response:
        parsed = urllib.parse.urlsplit(target)
        path = parsed.path
        query = urllib.parse.parse_qs(parsed.query, keep_blank_values=True)
        route, params = self._route(method, path)
        with self.lock:
            self.counts[route] += 1
            self.requests.append((route, target, query))
            for fault in self.faults:
                if fault.route in (route, "*") and fault.times > 0:
                    fault.times -= 1
                    if fault.times == 0:
                        self.faults.remove(fault)
                    return Response(
                        fault.status,
                        fault.body,
                        {"Content-Type": "application/json; charset=UTF-8", **fault.headers},
                    )
        try:
            if route == "unknown":
                raise HttpFailure(404, f"no route for {method} {path}")
            if route == "token":
                return self._token(headers, body)
            if route == "batch":
                return self._batch(headers, body)
            self._check_auth(headers)
            with self.lock:
                result = getattr(self, "_" + route.replace(".", "_"))(params, query, body)
            if result is None:
                return Response(204)
            return _json(200, result)
        except HttpFailure as exc:
            return Response(
                exc.status,
                google_error(exc.status, exc.message, exc.reason, exc.domain),
                {"Content-Type": "application/json; charset=UTF-8"},
            )

    def _route(self, method: str, path: str) -> tuple[str, dict[str, str]]:
        for route_method, pattern, name in ROUTES:
            match = re.fullmatch(pattern, path)
            if match and route_method == method:
                params = {k: urllib.parse.unquote(v) for k, v in match.groupdict().items()}
                if params.get("user", "me") != "me":
                    return "unknown", {}
                return name, params
        return "unknown", {}

    def _check_auth(self, headers: Any) -> None:
        value = headers.get("authorization", "") or headers.get("Authorization", "")
        scheme, _, token = value.partition(" ")
        if scheme.lower() != "bearer" or token not in self.access_tokens:
            raise HttpFailure(401, "Request had invalid authentication credentials.", "authError")

    # ---- oauth ---------------------------------------------------------------

    def _token(self, headers: Any, body: bytes) -> Response:
        form = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode()).items()}
        scheme, _, basic = (headers.get("authorization") or "").partition(" ")
        if scheme.lower() == "basic":  # client_secret_basic, as requests-oauthlib sends it
            user, _, password = base64.b64decode(basic).decode().partition(":")
            form.setdefault("client_id", urllib.parse.unquote(user))
            form.setdefault("client_secret", urllib.parse.unquote(password))
        with self.lock:
            self.token_requests.append(form)
            if form.get("client_id") != self.client_id or form.get(
                "client_secret"
            ) != self.client_secret:
                return _json(401, {"error": "invalid_client", "error_description": "Unauthorized"})
            grant = form.get("grant_type")
            if grant == "refresh_token":
                if form.get("refresh_token") not in self.refresh_tokens:
                    return _json(
                        400,
                        {"error": "invalid_grant", "error_description": "Token has been expired or revoked."},
                    )
                scopes = form.get("scope", "").split()
                return _json(200, self._issue(scopes, refresh=False))
            if grant == "authorization_code":
                scopes = self.auth_codes.pop(form.get("code", ""), None)
                if scopes is None or not form.get("code_verifier"):
                    return _json(400, {"error": "invalid_grant", "error_description": "Bad Request"})
                return _json(200, self._issue(scopes, refresh=True))
        return _json(400, {"error": "unsupported_grant_type"})

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

    def approve(self, authorization_url: str) -> str:
        """The user clicked Allow: the redirect address the browser would open."""
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(authorization_url).query)
        code = f"4/fake-code-{next(self._ids)}"
        with self.lock:
            self.auth_codes[code] = query["scope"][0].split()
        redirect = query["redirect_uri"][0]
        state = query["state"][0]
        return f"{redirect}?{urllib.parse.urlencode({'state': state, 'code': code, 'scope': query['scope'][0]})}"

    # ---- batch ---------------------------------------------------------------

    def _batch(self, headers: Any, body: bytes) -> Response:
        content_type = headers.get("content-type", "")
        if not content_type.startswith("multipart/mixed"):
            raise HttpFailure(400, "batch requests must be multipart/mixed")
        envelope = email.message_from_bytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body, policy=email.policy.compat32
        )
        parts = envelope.get_payload()
        if not isinstance(parts, list) or not parts:
            raise HttpFailure(400, "empty batch")
        if len(parts) > 100:
            raise HttpFailure(400, "Too many requests in batch (max 100)")
        boundary = f"batch_{next(self._ids)}_fake"
        out = []
        for part in parts:
            if part.get_content_type() != "application/http":
                raise HttpFailure(400, "each batch part must be application/http")
            content_id = part.get("Content-ID", "")
            request_line, _, rest = part.get_payload().replace("\r\n", "\n").partition("\n")
            method, target, _ = request_line.split(" ", 2)
            inner = email.message_from_string(rest, policy=email.policy.compat32)
            inner_body = (inner.get_payload() or "").encode()
            answer = self.handle(method, target, inner, inner_body)
            lines = [
                f"--{boundary}",
                "Content-Type: application/http",
                f"Content-ID: <response-{content_id.strip('<>')}>",
                "",
                f"HTTP/1.1 {answer.status} {HTTPStatus(answer.status).phrase}",
            ]
            lines += [f"{k}: {v}" for k, v in answer.headers.items()]
            lines += ["", answer.body.decode()]
            out.append("\r\n".join(lines))
        text = "\r\n".join(out) + f"\r\n--{boundary}--\r\n"
        return Response(200, text.encode(), {"Content-Type": f"multipart/mixed; boundary={boundary}"})

    # ---- gmail: drafts -------------------------------------------------------

    def _drafts_create(self, params: dict, query: dict, body: bytes) -> dict:
        request = _body_json(body)
        message_in = request.get("message") or {}
        raw = message_in.get("raw")
        if not raw:
            raise HttpFailure(400, "Missing draft message", "invalidArgument")
        parsed, raw_bytes = _parse_raw(raw)
        message_id = self._new_message_id()
        asked = message_in.get("threadId") or ""
        if asked and not any(m.thread_id == asked for m in self.messages.values()):
            raise HttpFailure(404, "Requested entity was not found.")
        thread_id = (self._thread_by_headers(parsed, asked) if asked else "") or message_id
        message = Message(message_id, thread_id, {"DRAFT"}, raw_bytes, parsed, self.clock_ms(), 0)
        self.messages[message_id] = message
        draft_id = f"r-{next(self._ids)}"
        self.drafts[draft_id] = message_id
        self.drafts_created.append({"message": parsed, "thread_id": thread_id, "asked_thread": asked})
        self._record("messagesAdded", message)
        return {"id": draft_id, "message": {"id": message_id, "threadId": thread_id, "labelIds": ["DRAFT"]}}

    def _drafts_list(self, params: dict, query: dict, body: bytes) -> dict:
        matcher = _Query(_one(query, "q", ""))
        found = [
            {"id": d, "message": {"id": m, "threadId": self.messages[m].thread_id}}
            for d, m in self.drafts.items()
            if matcher.matches(self.messages[m])
        ]
        return _page(found, "drafts", query)

    def _drafts_get(self, params: dict, query: dict, body: bytes) -> dict:
        draft_id = params["id"]
        if draft_id not in self.drafts:
            raise HttpFailure(404, "Requested entity was not found.")
        message = self.messages[self.drafts[draft_id]]
        return {"id": draft_id, "message": self._message_json(message, query)}

    def _drafts_delete(self, params: dict, query: dict, body: bytes) -> None:
        draft_id = params["id"]
        if draft_id not in self.drafts:
            raise HttpFailure(404, "Requested entity was not found.")
        message = self.messages.pop(self.drafts.pop(draft_id))
        self._record("messagesDeleted", message)
        return None

    def _drafts_send(self, params: dict, query: dict, body: bytes) -> dict:
        draft_id = _body_json(body).get("id")
        if not draft_id:
            raise HttpFailure(400, "Invalid draft", "invalidArgument")
        if draft_id not in self.drafts:
            raise HttpFailure(404, "Requested entity was not found.")
        sent = self._send_draft(draft_id)
        return {"id": sent.id, "threadId": sent.thread_id, "labelIds": sorted(sent.labels)}

    def _send_draft(self, draft_id: str) -> Message:
        old = self.messages.pop(self.drafts.pop(draft_id))
        parsed = email.message_from_bytes(old.raw, policy=email.policy.default)
        if self.rewrite_message_id_on_send:
            del parsed["Message-ID"]
            parsed["Message-ID"] = f"<gmail.{next(self._ids)}@mail.gmail.com>"
        new_id = self._new_message_id()
        sent = Message(new_id, old.thread_id, {"SENT"}, parsed.as_bytes(), parsed, self.clock_ms(), 0)
        self._record("messagesDeleted", old)
        self.messages[new_id] = sent
        self._record("messagesAdded", sent)
        return sent

    # ---- gmail: messages, threads, history, profile ---------------------------

    def _messages_list(self, params: dict, query: dict, body: bytes) -> dict:
        matcher = _Query(_one(query, "q", ""))
        found = sorted(
            (
                m for m in self.messages.values()
                if not m.labels & {"TRASH", "SPAM"} and matcher.matches(m)
            ),
            key=lambda m: -m.internal_ms,
        )  # fmt: skip
        return _page([{"id": m.id, "threadId": m.thread_id} for m in found], "messages", query)

    def _messages_get(self, params: dict, query: dict, body: bytes) -> dict:
        message = self.messages.get(params["id"])
        if message is None:
            raise HttpFailure(404, "Requested entity was not found.")
        return self._message_json(message, query)

    def _threads_get(self, params: dict, query: dict, body: bytes) -> dict:
        members = sorted(
            (m for m in self.messages.values() if m.thread_id == params["id"]),
            key=lambda m: m.internal_ms,
        )
        if not members:
            raise HttpFailure(404, "Requested entity was not found.")
        return {
            "id": params["id"],
            "historyId": str(max(m.history_id for m in members)),
            "messages": [self._message_json(m, query) for m in members],
        }

    def _history_list(self, params: dict, query: dict, body: bytes) -> dict:
        start_text = _one(query, "startHistoryId", "")
        if not start_text.isdigit():
            raise HttpFailure(400, "Invalid startHistoryId", "invalidArgument")
        start = int(start_text)
        if start < self.history_floor or start > self.history_id:
            raise HttpFailure(404, "Requested entity was not found.")
        records = [r for r in self.history if int(r["id"]) > start]
        page = _page(records, "history", query, default_size=100)
        page["historyId"] = str(self.history_id)
        if not page["history"]:
            del page["history"]
        return page

    def _users_getProfile(self, params: dict, query: dict, body: bytes) -> dict:
        return {
            "emailAddress": self.address,
            "messagesTotal": len(self.messages),
            "threadsTotal": len({m.thread_id for m in self.messages.values()}),
            "historyId": str(self.history_id),
        }

    def _message_json(self, message: Message, query: dict) -> dict:
        fmt = _one(query, "format", "full").lower()
        out: dict[str, Any] = {
            "id": message.id,
            "threadId": message.thread_id,
            "labelIds": sorted(message.labels),
            "snippet": "",
            "historyId": str(message.history_id),
            "internalDate": str(message.internal_ms),
            "sizeEstimate": len(message.raw),
        }
        if fmt == "raw":
            out["raw"] = base64.urlsafe_b64encode(message.raw).decode()
        elif fmt in ("metadata", "full"):
            wanted = {h.lower() for h in query.get("metadataHeaders", [])}
            headers = [
                {"name": name, "value": str(value)}
                for name, value in message.parsed.items()
                if fmt == "full" or not wanted or name.lower() in wanted
            ]
            out["payload"] = {"mimeType": message.parsed.get_content_type(), "headers": headers}
        return out

    def _new_message_id(self) -> str:
        return f"{0x18c0000000000000 + next(self._ids):x}"

    def _record(self, kind: str, message: Message) -> None:
        self.history_id += 1
        message.history_id = self.history_id
        ref = {"id": message.id, "threadId": message.thread_id, "labelIds": sorted(message.labels)}
        self.history.append(
            {"id": str(self.history_id), "messages": [ref], kind: [{"message": ref}]}
        )

    def _thread_by_headers(self, parsed: EmailMessage, asked: str | None) -> str:
        """The thread a new message joins: Gmail's three conditions (for drafts
        ``threadId`` must be given; incoming mail is threaded by headers)."""
        named = set(re.findall(r"<[^>]+>", f"{parsed.get('In-Reply-To', '')} {parsed.get('References', '')}"))
        subject = _base_subject(str(parsed.get("Subject", "")))
        for message in self.messages.values():
            if asked is not None and asked and message.thread_id != asked:
                continue
            if message.header("Message-ID").strip() in named and _base_subject(
                message.header("Subject")
            ) == subject:
                return message.thread_id
        return ""

    # ---- calendar ------------------------------------------------------------

    def _events_list(self, params: dict, query: dict, body: bytes) -> dict:
        calendar_id = params["calendar"]
        calendar = self.calendars.get(calendar_id)
        if calendar is None:
            raise HttpFailure(404, "Not Found")
        page_token = _one(query, "pageToken", "")
        if page_token:
            pending = self.page_tokens.pop(page_token, None)
            if pending is None:
                raise HttpFailure(400, "Invalid page token", "invalid")
            return self._events_page(calendar, pending)
        sync_token = _one(query, "syncToken", "")
        if sync_token:
            clashes = [p for p in SYNC_TOKEN_CONFLICTS if p in query]
            if clashes or _one(query, "showDeleted", "") == "false":
                raise HttpFailure(
                    400, "Sync token cannot be used with other request restrictions.",
                    "invalid", "calendar",
                )  # fmt: skip
            state = self.sync_tokens.get(sync_token)
            if state is None or state["expired"] or state["calendar"] != calendar_id:
                raise HttpFailure(
                    410, "Sync token is no longer valid, a full sync is required.",
                    "fullSyncRequired", "calendar",
                )  # fmt: skip
            window = state["window"]
            ids = [
                i for i, v in calendar["versions"].items()
                if v > state["version"] and _in_window(calendar["events"][i], window)
            ]  # fmt: skip
            restriction = {"window": window, "show_deleted": True}
        else:
            window = (_time_param(query, "timeMin"), _time_param(query, "timeMax"))
            show_deleted = _one(query, "showDeleted", "false") == "true"
            ids = [
                i for i, e in calendar["events"].items()
                if (show_deleted or e.get("status") != "cancelled") and _in_window(e, window)
            ]  # fmt: skip
            restriction = {"window": window, "show_deleted": show_deleted}
        ids.sort(key=lambda i: _event_start(calendar["events"][i]))
        size = int(_one(query, "maxResults", "250"))
        if self.events_page_size:
            size = min(size, self.events_page_size)
        pending = {
            "calendar": calendar_id,
            "ids": ids,
            "size": size,
            "version": self.calendar_version,
            "old_token": sync_token if sync_token and not ids else "",
            **restriction,
        }
        return self._events_page(calendar, pending)

    def _events_page(self, calendar: dict, pending: dict) -> dict:
        chunk, rest = pending["ids"][: pending["size"]], pending["ids"][pending["size"] :]
        page: dict[str, Any] = {
            "kind": "calendar#events",
            "summary": pending["calendar"],
            "timeZone": calendar["timeZone"],
            "accessRole": "owner",
            "items": [_event_json(calendar["events"][i]) for i in chunk],
        }
        if rest:
            token = f"page-{next(self._ids)}"
            self.page_tokens[token] = {**pending, "ids": rest}
            page["nextPageToken"] = token
        elif pending["old_token"]:
            page["nextSyncToken"] = pending["old_token"]  # no changes: the same token
        else:
            token = f"sync-{next(self._ids)}"
            self.sync_tokens[token] = {
                "calendar": pending["calendar"],
                "version": pending["version"],
                "window": pending["window"],
                "expired": False,
            }
            page["nextSyncToken"] = token
        return page


# ---- http plumbing -------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave in two writes

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        answer = self.server.fake.handle(self.command, self.path, self.headers, body)  # type: ignore[attr-defined]
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if answer.body:
            self.wfile.write(answer.body)

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _serve

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet tests
        pass


def _json(status: int, data: Any) -> Response:
    return Response(status, json.dumps(data).encode(), {"Content-Type": "application/json; charset=UTF-8"})


def _body_json(body: bytes) -> dict:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        raise HttpFailure(400, "Invalid JSON payload received.", "parseError") from None
    if not isinstance(data, dict):
        raise HttpFailure(400, "Invalid JSON payload received.", "parseError")
    return data


def _parse_raw(raw: str) -> tuple[EmailMessage, bytes]:
    if not BASE64URL.match(raw):
        raise HttpFailure(400, "Invalid value for ByteString: not base64url", "invalidArgument")
    data = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    if parsed.defects or not parsed.get("From") and not parsed.get("To"):
        raise HttpFailure(400, "Invalid RFC 2822 message", "invalidArgument")
    return parsed, data  # type: ignore[return-value]


def _one(query: dict[str, list[str]], name: str, default: str) -> str:
    return query.get(name, [default])[0]


def _page(items: list, name: str, query: dict, default_size: int = 100) -> dict:
    start = int(_one(query, "pageToken", "0") or 0)
    size = int(_one(query, "maxResults", str(default_size)))
    chunk = items[start : start + size]
    page: dict[str, Any] = {name: chunk, "resultSizeEstimate": len(items)}
    if start + size < len(items):
        page["nextPageToken"] = str(start + size)
    if not chunk and name != "history":
        del page[name]
    return page


def _base_subject(subject: str) -> str:
    subject = " ".join(subject.split())
    while re.match(r"(?i)^(re|fwd?):\s*", subject):
        subject = re.sub(r"(?i)^(re|fwd?):\s*", "", subject, count=1)
    return subject.lower()


def _time_param(query: dict, name: str) -> datetime | None:
    value = _one(query, name, "")
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise HttpFailure(400, f"Bad Request: {name}", "badRequest") from None
    if moment.tzinfo is None:
        raise HttpFailure(400, f"Bad Request: {name} needs an offset", "badRequest")
    return moment


def _parse_when(value: dict) -> datetime:
    if "dateTime" in value:
        return datetime.fromisoformat(value["dateTime"])
    day = date.fromisoformat(value["date"])
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def _event_start(event: dict) -> datetime:
    when = event.get("start") or event.get("originalStartTime")
    try:
        return _parse_when(when) if when else datetime.min.replace(tzinfo=timezone.utc)
    except (KeyError, ValueError):
        return datetime.min.replace(tzinfo=timezone.utc)


def _in_window(event: dict, window: tuple[datetime | None, datetime | None]) -> bool:
    low, high = window
    try:
        if "start" in event:
            start, end = _parse_when(event["start"]), _parse_when(event["end"])
        else:
            start = end = _event_start(event)
    except (KeyError, ValueError):
        return True  # a broken event is passed on for the client to cope with
    return (low is None or end > low) and (high is None or start < high)


def _event_json(event: dict) -> dict:
    if event.get("status") != "cancelled":
        return dict(event)
    # what Google guarantees for a cancelled event or instance
    keep = ("kind", "etag", "id", "status", "updated", "recurringEventId", "originalStartTime")
    return {k: event[k] for k in keep if k in event}


class _Query:
    """The part of Gmail's search syntax mailflow uses: ``from: to: subject:
    rfc822msgid: in: after: before:``, ``-`` negation, ``OR`` and parentheses.
    Anything else is answered 400, so a client cannot rely on it by accident."""

    OPERATORS = {"from", "to", "subject", "rfc822msgid", "in", "after", "before"}

    def __init__(self, text: str):
        self.tokens = re.findall(r"\(|\)|[^\s()]+", text)
        self.pos = 0
        self.tree = self._and()
        if self.pos != len(self.tokens):
            raise HttpFailure(400, f"Invalid search query: {text}", "invalidArgument")

    def _peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _and(self) -> tuple:
        terms = []
        while self._peek() not in (None, ")"):
            terms.append(self._or())
        return ("and", terms)

    def _or(self) -> tuple:
        terms = [self._unary()]
        while self._peek() == "OR":
            self.pos += 1
            terms.append(self._unary())
        return ("or", terms)

    def _unary(self) -> tuple:
        token = self._peek()
        if token is None:
            raise HttpFailure(400, "Invalid search query", "invalidArgument")
        self.pos += 1
        if token == "(":
            inner = self._and()
            if self._peek() != ")":
                raise HttpFailure(400, "Invalid search query: unbalanced (", "invalidArgument")
            self.pos += 1
            return inner
        if token.startswith("-") and len(token) > 1:
            return ("not", self._atom(token[1:]))
        return self._atom(token)

    def _atom(self, token: str) -> tuple:
        name, sep, value = token.partition(":")
        if not sep:
            return ("word", token.lower())
        if name.lower() not in self.OPERATORS or not value:
            raise HttpFailure(400, f"Invalid search query: {token}", "invalidArgument")
        return (name.lower(), value.strip('"').lower())

    def matches(self, message: Message) -> bool:
        return self._eval(self.tree, message)

    def _eval(self, node: tuple, message: Message) -> bool:
        kind, value = node
        if kind == "and":
            return all(self._eval(n, message) for n in value)
        if kind == "or":
            return any(self._eval(n, message) for n in value)
        if kind == "not":
            return not self._eval(value, message)
        if kind in ("from", "to"):
            header = "From" if kind == "from" else "To"
            people = getaddresses([message.header(header)])
            return any(value in addr.lower() or value in name.lower() for name, addr in people)
        if kind == "subject":
            return value in message.header("Subject").lower()
        if kind == "rfc822msgid":
            return message.header("Message-ID").strip().strip("<>").lower() == value.strip("<>")
        if kind == "in":
            labels = {"sent": "SENT", "drafts": "DRAFT", "inbox": "INBOX", "trash": "TRASH", "spam": "SPAM"}
            if value == "anywhere":
                return True
            if value not in labels:
                raise HttpFailure(400, f"Invalid search query: in:{value}", "invalidArgument")
            return labels[value] in message.labels
        if kind in ("after", "before"):
            seconds = _query_time(value)
            received = message.internal_ms / 1000
            return received >= seconds if kind == "after" else received < seconds
        if kind == "word":
            body = message.parsed.get_body(("plain",))
            text = f"{message.header('Subject')} {body.get_content() if body else ''}"
            return value in text.lower()
        raise AssertionError(kind)


def _query_time(value: str) -> float:
    if value.isdigit():
        return float(value)
    try:  # yyyy/mm/dd is midnight Pacific time; close enough for a fake
        day = datetime.strptime(value, "%Y/%m/%d")
    except ValueError:
        raise HttpFailure(400, f"Invalid search query date: {value}", "invalidArgument") from None
    return day.replace(tzinfo=timezone.utc).timestamp() + 8 * 3600


# ---- test setup helpers ----------------------------------------------------------


@contextmanager
def running() -> Iterator[FakeGoogle]:
    """A started fake, stopped afterwards (for pytest fixtures)."""
    server = FakeGoogle().start()
    try:
        yield server
    finally:
        server.stop()


def write_login(path: Any, fake: FakeGoogle, scopes: tuple[str, ...] | list[str]) -> None:
    """An authorized-user JSON for ``fake``: a login without a browser."""
    path.write_text(json.dumps(fake.authorized_user_info(scopes)), encoding="utf-8")
    path.chmod(0o600)


def google_config_text(fake: FakeGoogle, token_path: Any, *, calendar_ids: tuple[str, ...] = ()) -> str:
    """Config TOML with a Google calendar and the Gmail mailbox, both on ``fake``."""
    ids = ", ".join(json.dumps(i) for i in calendar_ids)
    return f"""
[profile]
name = "Sam Seeker"
email = "{fake.address}"

[[calendars]]
type = "google"
calendars = [{ids}]
endpoint = "{fake.url}"

[mail]
backend = "gmail"

[mail.gmail]
token = "{token_path}"
token_uri = "{fake.token_uri}"
endpoint = "{fake.url}"
"""


# ---- `mailflow` on the command line against the fake ------------------------------

INTERVIEW_END = datetime(2026, 12, 2, 21, 0, tzinfo=timezone.utc)  # Wed 16:00 in New York
ICS_INTERVIEW = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//mailflow tests//EN
BEGIN:VEVENT
UID:screen-1@globex.example
DTSTAMP:20260101T000000Z
DTSTART:20261202T150000Z
DTEND:20261202T153000Z
SUMMARY:Phone screen: Globex
ORGANIZER;CN=Maria Garcia:mailto:maria.garcia@globex.example
ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def fake(monkeypatch):
    """A running fake whose primary calendar holds one interview: Acme, ending at
    ``INTERVIEW_END``, two interviewers and a room, organised by the recruiter."""
    from mailflow.providers.google.login import TOKEN_ENV

    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with running() as server:
        server.add_event(
            "primary",
            {
                "id": "ev1",
                "summary": "Interview with Acme: Backend Engineer",
                "start": {"dateTime": (INTERVIEW_END - timedelta(hours=1)).isoformat()},
                "end": {"dateTime": INTERVIEW_END.isoformat()},
                "organizer": {"email": "rita@acme.example", "displayName": "Rita Recruiter"},
                "attendees": [
                    {"email": "me@example.com", "self": True, "responseStatus": "accepted"},
                    {"email": "ana@acme.example", "displayName": "Ana Lopez", "responseStatus": "accepted"},
                    {"email": "bo@acme.example", "displayName": "Bo Chen", "responseStatus": "accepted"},
                    {"email": "c_4@resource.calendar.google.com", "displayName": "Room 4",
                     "resource": True, "responseStatus": "accepted"},
                ],
                "conferenceData": {"entryPoints": [{"entryPointType": "video",
                                                    "uri": "https://meet.google.com/aaa-bbbb-ccc"}]},
            },  # fmt: skip
        )
        yield server


def write_config(tmp_path, fake: FakeGoogle, *, backend: str = "gmail", ics: bool = False):
    """A logged-in config.toml in ``tmp_path``: the Google calendar (and, with
    ``ics``, a calendar file with a Globex interview), the ``backend`` mailbox."""
    from mailflow.providers.google.login import SCOPES

    write_login(tmp_path / "google-token.json", fake, SCOPES)
    (tmp_path / "calendar.ics").write_text(ICS_INTERVIEW)
    ics_section = '[[calendars]]\ntype = "ics"\npath = "calendar.ics"\n' if ics else ""
    path = tmp_path / "config.toml"
    path.write_text(
        textwrap.dedent(f"""\
            [profile]
            name = "Test User"
            email = "me@example.com"
            signature = "Test User"

            [[calendars]]
            type = "google"
            endpoint = "{fake.url}"

            {ics_section}
            [mail]
            backend = "{backend}"

            [mail.gmail]
            token = "google-token.json"
            token_uri = "{fake.token_uri}"
            endpoint = "{fake.url}"

            [mail.maildir]
            path = "drafts"

            [state]
            path = "state.db"

            [policy]
            timezone = "America/New_York"
            """)
    )
    return path


def mailflow(config_path, *args: str):
    """``mailflow --config CONFIG_PATH ARGS`` in-process."""
    from click.testing import CliRunner

    from mailflow.cli import main

    return CliRunner().invoke(main, ["--config", str(config_path), *args], catch_exceptions=False)
