"""Loopback stand-ins for the Microsoft identity platform and Microsoft Graph.

Two servers on 127.0.0.1 share one :class:`FakeMicrosoft`: ``login`` (HTTPS,
see ``login.py``) and ``graph`` (HTTP, everything under ``/v1.0``). Each API
area is a mixin in a module of its own with its ``ROUTES``: ``messages``
(mail and folders), ``calendar`` (calendars, events, calendarView/delta),
``batch`` ($batch). This module routes, checks the access token (401, except
inside $batch, which the outer request authorised), injects faults and keeps
the log tests assert on.

Tests drive it through methods (``put_event``, ``add_inbox``,
``user_sends_from_web``, ``inject``...) and read ``log``/``requests``/``count``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from tests.fakes.graph import batch, calendar, login, messages
from tests.fakes.graph.common import UTC, Call, GraphError, Logged
from tests.fakes.http import LoopbackServer, Request, Response, json_response, make_tls_cert

ROUTES = [*messages.ROUTES, *calendar.ROUTES, *batch.ROUTES]


@dataclass
class Fault:
    method: str | None
    pattern: re.Pattern
    status: int
    headers: dict[str, str]
    times: int
    in_batch: bool


class FakeMicrosoft(login.Login, messages.Mail, calendar.Calendar, batch.Batch):
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
        self._serial = itertools.count(1)
        self._setup_login()
        self._setup_mail()
        self._setup_calendar()
        self.login_server = LoopbackServer(self._login_app, tls=(cert, key))
        self.graph_server = LoopbackServer(self._graph_app)

    # ---------------------------------------------------------- addresses

    @property
    def authority(self) -> str:
        return f"{self.login_server.url}/{self.tenant}"

    @property
    def graph_url(self) -> str:
        return f"{self.graph_server.url}/v1.0"

    # --------------------------------------------------------- test hooks

    def inject(self, path_regex: str, status: int, *, headers: dict[str, str] | None = None,
               times: int = 1, method: str | None = None, in_batch: bool = False) -> None:
        """Answer the next ``times`` matching requests with ``status``."""
        with self.lock:
            self.faults.append(Fault(method, re.compile(path_regex), status,
                                     headers or {}, times, in_batch))

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

    # ------------------------------------------------------------ dispatch

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
            try:
                handler, params = _route(method, path)
                return getattr(self, handler)(Call(method, path, query, headers, body), **params)
            except GraphError as exc:
                return exc.status, {}, {"error": {"code": exc.code, "message": exc.message}}

    def _fault(self, method: str, path: str, in_batch: bool) -> Fault | None:
        for fault in self.faults:
            if fault.in_batch == in_batch and fault.times > 0 and \
                    (fault.method in (None, method)) and fault.pattern.search(path):
                fault.times -= 1
                return fault
        return None

    def _graph_app(self, request: Request) -> Response:
        query = {k: v[0] for k, v in request.query.items()}
        try:
            body = json.loads(request.body) if request.body else None
        except ValueError:
            return json_response(400, {"error": {"code": "BadRequest", "message": "bad JSON"}})
        if not request.path.startswith("/v1.0/"):
            return json_response(404, {"error": {"code": "BadRequest", "message": "no version"}})
        path = request.path[len("/v1.0"):]
        with self.lock:
            record = Logged("graph", request.method, path, query, request.headers, body)
            self.log.append(record)
            status, headers, data = self.graph(request.method, path, query, request.headers, body)
            record.status = status
        return json_response(status, data, headers, content_type="application/json")

    def _login_app(self, request: Request) -> Response:
        form = request.form()
        query = {k: v[0] for k, v in request.query.items()}
        with self.lock:
            self.log.append(Logged("login", request.method, request.path, query, request.headers, form))
            status, data = self.handle_login(request.method, request.path, form)
            self.log[-1].status = status
        return json_response(status, data, content_type="application/json")


def _route(method: str, path: str) -> tuple[str, dict[str, str]]:
    for route_method, pattern, handler in ROUTES:
        match = re.fullmatch(pattern, path)
        if match and route_method == method:
            return handler, {k: unquote(v) for k, v in match.groupdict().items()}
    if not path.startswith("/me/") and path != "/me":
        raise GraphError(404, "ResourceNotFound", f"no such path {path}")
    raise GraphError(400, "BadRequest", f"unsupported {method} {path}")


@contextmanager
def running(folder: Path, **kwargs: Any):
    """Start the login (TLS) and Graph servers; yields the :class:`FakeMicrosoft`."""
    fake = FakeMicrosoft(*make_tls_cert(folder), **kwargs)
    fake.login_server.start()
    fake.graph_server.start()
    try:
        yield fake
    finally:
        fake.login_server.stop()
        fake.graph_server.stop()
