"""Microsoft Graph over HTTP: one requests session, retries, JSON batching.

Used by the Outlook calendar source and the Outlook mailbox. It knows the
Graph conventions both need and nothing about mail or events:

- every request carries ``Prefer: IdType="ImmutableId"`` so message ids
  survive the move from Drafts to Sent Items (plus any other Prefer values
  the caller asks for);
- 401 means the access token was refused: the token is refreshed once
  (``token(force_refresh=True)``) and the request repeated; a second 401 is
  an ``AuthError`` telling the user to log in again;
- 429 and 503 mean "not processed, come back later": the request is repeated
  after ``Retry-After`` seconds, or after an exponential backoff when the
  header is missing. 502/504 and connection failures are retried only for
  GET, where repeating cannot create anything twice. Waiting goes through the
  injectable ``sleep`` so tests check the delay without waiting;
- ``$batch`` sends at most 20 requests per call and retries throttled items.

Other failures raise the caller's error class (``SourceError`` or
``MailboxError``) naming the operation, with ``status`` and ``code``
attributes so callers can react to specific answers (404, 410).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlencode

import requests

from mailflow.errors import AuthError, MailflowError, network_reason
from mailflow.untrusted import redact_url

log = logging.getLogger(__name__)

DEFAULT_ENDPOINT = "https://graph.microsoft.com/v1.0"
IMMUTABLE_IDS = 'IdType="ImmutableId"'
#: Graph's limit on requests in one $batch call
BATCH_LIMIT = 20
LOGIN_HINT = "run `mailflow auth outlook`"

_RETRY_ALWAYS = {429, 503}
_RETRY_IF_SAFE = {502, 504}


def _failure(error_cls: type[MailflowError], message: str, status: int, code: str,
             hint: str | None = None) -> MailflowError:
    exc = error_cls(message, hint=hint)
    exc.status = status  # type: ignore[attr-defined]
    exc.code = code  # type: ignore[attr-defined]
    return exc


@dataclass
class BatchAnswer:
    """One response inside a ``$batch`` answer."""

    status: int
    body: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def error(self) -> tuple[str, str]:
        err = self.body.get("error") or {}
        return str(err.get("code", "")), str(err.get("message", ""))


class GraphClient:
    """Calls Graph for one component (``label`` appears in every error).

    ``token(force_refresh)`` returns an access token (raising ``AuthError``
    when there is none); ``error_cls`` is the error raised for failed calls.
    """

    def __init__(
        self,
        endpoint: str,
        token: Callable[[bool], str],
        *,
        error_cls: type[MailflowError],
        label: str,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        prefer: tuple[str, ...] = (),
        max_attempts: int = 6,
        max_delay: float = 300.0,
        timeout: float = 60.0,
    ):
        self.endpoint = (endpoint or DEFAULT_ENDPOINT).rstrip("/")
        self._token = token
        self.error_cls = error_cls
        self.label = label
        self.session = session or requests.Session()
        self.sleep = sleep
        self.prefer = ", ".join((IMMUTABLE_IDS, *prefer))
        self.max_attempts = max_attempts
        self.max_delay = max_delay
        self.timeout = timeout
        #: HTTP requests sent (a $batch counts once), for FetchResult.requests
        self.requests = 0

    # ------------------------------------------------------------------ urls

    def url(self, path: str, params: dict[str, str] | None = None) -> str:
        """An absolute URL for ``path`` (kept as is when already absolute,
        e.g. a nextLink); OData parameters are percent-encoded, spaces as %20."""
        url = path if "://" in path else f"{self.endpoint}/{path.lstrip('/')}"
        return with_query(url, params)

    def _headers(self, token: str, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {token}", "Prefer": self.prefer,
                   "Accept": "application/json"}
        if extra:
            headers.update(extra)
        return headers

    # --------------------------------------------------------------- calling

    def call(
        self,
        method: str,
        path: str,
        op: str,
        *,
        params: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
        missing_ok: bool = False,
    ) -> dict[str, Any] | None:
        """One request; the JSON answer (``{}`` when empty).

        ``missing_ok``: a 404 returns None instead of raising.
        """
        url = self.url(path, params)
        response = self._send(method, url, op, body)
        if response.status_code == 404 and missing_ok:
            return None
        if not 200 <= response.status_code < 300:
            raise self._error(op, response.status_code, _json(response))
        return _json(response)

    def pages(self, path: str, op: str, params: dict[str, str] | None = None
              ) -> Iterator[dict[str, Any]]:
        """Each page of a collection, following ``@odata.nextLink``."""
        page = self.call("GET", path, op, params=params) or {}
        yield page
        while page.get("@odata.nextLink"):
            page = self.call("GET", page["@odata.nextLink"], op) or {}
            yield page

    def _send(self, method: str, url: str, op: str, body: dict[str, Any] | None
              ) -> requests.Response:
        safe = method.upper() == "GET"
        refreshed = force = False
        attempt = 0
        while True:
            attempt += 1
            token = self._token(force)
            force = False
            headers = self._headers(token, {"Content-Type": "application/json"} if body is not None else None)
            self.requests += 1
            try:
                response = self.session.request(method, url, headers=headers, json=body,
                                                timeout=self.timeout)
            except requests.RequestException as exc:
                if safe and attempt < self.max_attempts:
                    self._wait(self._backoff(attempt), op, f"connection failed ({type(exc).__name__})")
                    continue
                raise self.error_cls(
                    f"{self.label}: {op} failed: cannot reach {redact_url(self.endpoint)}: {network_reason(exc)}",
                    hint="check the network connection and try again",
                ) from None
            status = response.status_code
            if status == 401:
                if refreshed:
                    raise AuthError("Outlook login expired", hint=LOGIN_HINT)
                refreshed = force = True
                continue
            if status in _RETRY_ALWAYS or (safe and status in _RETRY_IF_SAFE):
                if attempt >= self.max_attempts:
                    raise self._error(op, status, _json(response),
                                      f"still refused after {attempt} attempts")
                delay = retry_after(response.headers) or self._backoff(attempt)
                self._wait(delay, op, f"HTTP {status}")
                continue
            return response

    def _backoff(self, attempt: int) -> float:
        return float(2 ** (attempt - 1))

    def _wait(self, delay: float, op: str, why: str) -> None:
        if delay > self.max_delay:
            raise self.error_cls(
                f"{self.label}: {op}: Microsoft Graph asked to wait {delay:.0f} s ({why})",
                hint="try again later",
            )
        log.info("%s: %s: %s, waiting %.1f s", self.label, op, why, delay)
        self.sleep(delay)

    def _error(self, op: str, status: int, answer: dict[str, Any], extra: str = "") -> MailflowError:
        err = answer.get("error") if isinstance(answer, dict) else None
        code = str((err or {}).get("code", ""))
        message = str((err or {}).get("message", ""))
        detail = ": ".join(x for x in (code, message) if x)
        text = f"{self.label}: {op} failed: HTTP {status}" + (f" {detail}" if detail else "")
        if extra:
            text += f" ({extra})"
        hint = None
        if status == 403:
            hint = ("the app registration lacks a permission (Mail.ReadWrite, Mail.Send, "
                    "Calendars.Read); add it, then " + LOGIN_HINT)
        elif status in _RETRY_ALWAYS:
            hint = "Microsoft Graph is throttling or unavailable; try again later"
        return _failure(self.error_cls, text, status, code, hint)

    # -------------------------------------------------------------- batching

    def batch(self, items: list[dict[str, Any]], op: str) -> list[BatchAnswer]:
        """Send ``items`` (``{"method", "url", "body"?}``, urls relative to the
        endpoint) through ``$batch``, 20 at a time; answers in input order.

        Throttled items (429/503 inside the batch) are sent again after their
        Retry-After; a 401 inside a batch refreshes the token once.
        """
        answers: list[BatchAnswer | None] = [None] * len(items)
        for start in range(0, len(items), BATCH_LIMIT):
            chunk = list(range(start, min(start + BATCH_LIMIT, len(items))))
            self._batch_chunk(items, chunk, answers, op)
        return [a if a is not None else BatchAnswer(0) for a in answers]

    def _batch_chunk(self, items: list[dict[str, Any]], pending: list[int],
                     answers: list[BatchAnswer | None], op: str) -> None:
        attempt = 0
        refreshed = False
        while pending:
            attempt += 1
            requests_ = []
            for index in pending:
                item = items[index]
                entry: dict[str, Any] = {
                    "id": str(index),
                    "method": item["method"],
                    "url": "/" + item["url"].lstrip("/"),
                    "headers": {"Prefer": self.prefer},
                }
                if item.get("body") is not None:
                    entry["body"] = item["body"]
                    entry["headers"]["Content-Type"] = "application/json"
                requests_.append(entry)
            answer = self.call("POST", "$batch", op, body={"requests": requests_}) or {}
            retry: list[int] = []
            delays: list[float] = []
            unauthorized = False
            for response in answer.get("responses", []):
                index = int(response.get("id", -1))
                if index not in pending:
                    continue
                headers = {str(k): str(v) for k, v in (response.get("headers") or {}).items()}
                body = response.get("body")
                got = BatchAnswer(int(response.get("status", 0)),
                                  body if isinstance(body, dict) else {}, headers)
                answers[index] = got
                if got.status in _RETRY_ALWAYS:
                    retry.append(index)
                    delays.append(retry_after(headers) or self._backoff(attempt))
                elif got.status == 401:
                    retry.append(index)
                    unauthorized = True
            if not retry:
                return
            if unauthorized:
                if refreshed:
                    raise AuthError("Outlook login expired", hint=LOGIN_HINT)
                refreshed = True
                self._token(True)
            if attempt >= self.max_attempts:
                return  # the throttled answers stay in place; the caller reports them
            if delays:
                self._wait(max(delays), op, "throttled inside $batch")
            pending = sorted(retry)


def with_query(url: str, params: dict[str, str] | None) -> str:
    """``url`` with OData parameters appended, percent-encoded (spaces as %20)."""
    if not params:
        return url
    query = urlencode(params, quote_via=quote, safe="$'(),:/")
    return f"{url}{'&' if '?' in url else '?'}{query}"


def retry_after(headers: Any) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    value = None
    for name in ("Retry-After", "retry-after"):
        value = headers.get(name) if hasattr(headers, "get") else None
        if value:
            break
    if not value:
        return None
    value = str(value).strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
        date = headers.get("Date") or headers.get("date")
        now = parsedate_to_datetime(date) if date else None
    except (TypeError, ValueError):
        return None
    if now is None:
        return None
    return max(0.0, (when - now).total_seconds())


def _json(response: requests.Response) -> dict[str, Any]:
    if not response.content:
        return {}
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {"value": data}
