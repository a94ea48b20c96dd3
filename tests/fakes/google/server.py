"""A Google API stand-in on 127.0.0.1: the OAuth token endpoint, Gmail v1 and
Calendar v3, as google-api-python-client speaks to them with its shipped
discovery documents (point the client at it with ``client_options
api_endpoint``).

One :class:`FakeGoogle` holds the state of every area; each area is a mixin
in a module of its own (``oauth``, ``gmail_messages``, ``gmail_drafts``,
``gmail_history``, ``calendar``, ``batch``) with its ``ROUTES`` and handlers.
This module routes requests, checks the Bearer token (401), and injects
faults.

Fault injection: ``fail(route, status, ...)`` queues responses for the next
requests to a route ("drafts.create", "events.list", "token", "*"...), before
any other check. ``counts`` counts requests per route; inner requests of a
batch count under their own route, the batch itself under "batch";
``requests`` lists (route, target, query) in order.

Per-user concurrency (API_FACTS §9.4): Gmail refuses requests beyond about
50 in progress at once for one user with 429 ``rateLimitExceeded`` ("Too many
concurrent requests for user") and a ``Retry-After``; the inner calls of a
batch are run in parallel, so each counts as one in progress. The fake holds
to ``concurrent_limit`` (50): a request that finds that many in progress, or
a batch's call past that many, is refused so (``refused`` counts them).
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
import urllib.parse
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from typing import Iterator

from tests.fakes.google import batch, calendar, gmail_drafts, gmail_history, gmail_messages, oauth
from tests.fakes.google.common import DEFAULT_REASONS, HttpFailure, google_error, ok

#: Gmail's per-user concurrency limit, as reported (API_FACTS §9.4)
CONCURRENT_LIMIT = 50
#: what the fake asks a refused client to wait, in seconds
CONCURRENT_RETRY_AFTER = 1
from tests.fakes.http import LoopbackServer, Request, Response

ROUTES = [*oauth.ROUTES, *gmail_messages.ROUTES, *gmail_drafts.ROUTES, *gmail_history.ROUTES,
          *calendar.ROUTES, *batch.ROUTES]


@dataclass
class Fault:
    route: str
    status: int
    headers: dict[str, str]
    body: bytes
    times: int


class FakeGoogle(oauth.OAuth, gmail_messages.GmailMessages, gmail_drafts.GmailDrafts,
                 gmail_history.GmailHistory, calendar.Calendar, batch.Batch):
    """State and HTTP server. ``url`` is the base to use as endpoint override."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.counts: Counter[str] = Counter()
        self.requests: list[tuple[str, str, dict[str, list[str]]]] = []
        self.faults: list[Fault] = []
        self.concurrent_limit = CONCURRENT_LIMIT
        self.in_progress = 0
        self.refused = 0
        self._ids = itertools.count(1)
        self.clock_ms = lambda: int(time.time() * 1000)
        self._setup_oauth()
        self._setup_messages()
        self._setup_drafts()
        self._setup_history()
        self._setup_calendar()
        self.server = LoopbackServer(self.handle)

    # ---- lifecycle -----------------------------------------------------------

    @property
    def url(self) -> str:
        return self.server.url + "/"

    def start(self) -> FakeGoogle:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    # ---- test controls -------------------------------------------------------

    def fail(self, route: str, status: int, *, headers: dict[str, str] | None = None,
             body: bytes | dict | None = None, reason: str | None = None, times: int = 1) -> None:
        """Answer the next ``times`` requests to ``route`` ("*" = any) with this."""
        if body is None:
            domain = "calendar" if status == 410 else "usageLimits" if status in (403, 429) else "global"
            body = google_error(status, HTTPStatus(status).phrase,
                                reason or DEFAULT_REASONS.get(status, "error"), domain)
        elif isinstance(body, dict):
            body = json.dumps(body).encode()
        with self.lock:
            self.faults.append(Fault(route, status, dict(headers or {}), body, times))

    def route_count(self, prefix: str) -> int:
        return sum(n for route, n in self.counts.items() if route.startswith(prefix))

    def reset_counts(self) -> None:
        with self.lock:
            self.counts.clear()
            self.requests.clear()

    def set_time(self, when: datetime) -> None:
        """Stop the clock at ``when``: the time stamped on mail sent or received from
        now on (tests keep it in step with the ``--now`` they run mailflow at)."""
        self.clock_ms = lambda: int(when.timestamp() * 1000)

    # ---- dispatch ------------------------------------------------------------

    def handle(self, request: Request, *, inner: bool = False) -> Response:
        """One request; ``inner`` for a batch's call, counted by the batch."""
        if inner or request.path.endswith("/token"):
            return self._handle(request)
        with self.lock:
            self.in_progress += 1
            crowded = self.in_progress > self.concurrent_limit
        try:
            return self.too_many() if crowded else self._handle(request)
        finally:
            with self.lock:
                self.in_progress -= 1

    def too_many(self) -> Response:
        """Gmail's answer to a request past the per-user concurrency limit."""
        with self.lock:
            self.refused += 1
        return Response(429, google_error(429, "Too many concurrent requests for user.", "rateLimitExceeded",
                                          "usageLimits"),
                        {"Content-Type": "application/json; charset=UTF-8",
                         "Retry-After": str(CONCURRENT_RETRY_AFTER)})

    def _handle(self, request: Request) -> Response:
        route, params = _route(request.method, request.path)
        query = request.query
        with self.lock:
            self.counts[route] += 1
            self.requests.append((route, request.target, query))
            fault = self._take_fault(route)
            if fault is not None:
                return Response(fault.status, fault.body,
                                {"Content-Type": "application/json; charset=UTF-8", **fault.headers})
        try:
            if route == "unknown":
                raise HttpFailure(404, f"no route for {request.method} {request.path}")
            if route == "token":
                return self._token(request)
            if route == "batch":
                return self._batch(request)
            self._check_auth(request.headers)
            with self.lock:
                result = getattr(self, "_" + route.replace(".", "_"))(params, query, request.body)
            return Response(204) if result is None else ok(result)
        except HttpFailure as exc:
            return exc.response()

    def _take_fault(self, route: str) -> Fault | None:
        for fault in self.faults:
            if fault.route in (route, "*") and fault.times > 0:
                fault.times -= 1
                if fault.times == 0:
                    self.faults.remove(fault)
                return fault
        return None


def _route(method: str, path: str) -> tuple[str, dict[str, str]]:
    for route_method, pattern, name in ROUTES:
        match = re.fullmatch(pattern, path)
        if match and route_method == method:
            params = {k: urllib.parse.unquote(v) for k, v in match.groupdict().items()}
            if params.get("user", "me") != "me":
                return "unknown", {}
            return name, params
    return "unknown", {}


@contextmanager
def running() -> Iterator[FakeGoogle]:
    """A started fake, stopped afterwards (for pytest fixtures)."""
    server = FakeGoogle().start()
    try:
        yield server
    finally:
        server.stop()
