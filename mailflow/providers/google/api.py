"""What the Google backends share: building a client, retrying, mapping errors.

``GoogleApi`` wraps one google-api-python-client service (Gmail v1 or Calendar
v3, built from the discovery document shipped with the library, so building it
makes no request). It executes requests and batches with

- retries with exponential backoff on 429, 5xx and 403 ``rateLimitExceeded`` /
  ``userRateLimitExceeded`` (a ``Retry-After`` header is honoured), through an
  injectable ``sleep`` so tests can check the delays without waiting;
- an expired or revoked login (``RefreshError``, or 401 after the client's own
  refresh) turned into ``AuthError`` telling the user to run
  ``mailflow auth google``;
- every other failure turned into the backend's error class (``SourceError`` or
  ``MailboxError``) naming the operation.

An endpoint override (``endpoint`` in the config: an emulator or a test server)
replaces the scheme, host and port of the API; the API's own service path and
batch path are kept. The override is applied to batch requests too, which the
client library does not do by itself.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from mailflow.errors import AuthError, MailflowError, network_reason

if TYPE_CHECKING:
    from googleapiclient.http import HttpRequest

    from mailflow.config import Shared
    from mailflow.providers.google import GoogleAccount

log = logging.getLogger("mailflow")

AUTH_HINT = "run `mailflow auth google`"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
SCOPE_REASONS = frozenset({"insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"})
DISABLED_REASONS = frozenset({"accessNotConfigured", "SERVICE_DISABLED"})
#: the Cloud project's daily quota is spent: waiting minutes does not help
DAILY_REASONS = frozenset({"dailyLimitExceeded", "quotaExceeded", "dailyLimitExceededUnreg"})
NETWORK_HINT = "check the network connection; the next run tries again"
#: Gmail accepts up to 100 calls per batch but advises at most 50
BATCH_LIMIT = 50


def login_expired() -> AuthError:
    return AuthError("Google login expired or revoked", hint=AUTH_HINT)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait before giving up on a request."""

    retries: int = 5
    first_delay: float = 1.0
    max_delay: float = 32.0
    #: a Retry-After longer than this is not waited for: the call fails at once
    max_retry_after: float = 120.0

    def backoff(self, attempt: int) -> float:
        return min(self.first_delay * 2**attempt, self.max_delay)


class StatusError(Exception):
    """A status the caller asked to handle itself (``expect=``), e.g. 404 or 410."""

    def __init__(self, status: int, reason: str):
        super().__init__(f"HTTP {status} {reason}")
        self.status = status
        self.reason = reason


def error_reason(content: bytes | str | None) -> str:
    """The machine-readable ``reason`` of a Google JSON error body, or ""."""
    if not content:
        return ""
    try:
        data = json.loads(content)
        error = data["error"]
    except (ValueError, KeyError, TypeError):
        return ""
    if not isinstance(error, dict):
        return ""
    errors = error.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("reason", ""))
    return str(error.get("status", ""))


def retry_after(headers: Any) -> float | None:
    """Seconds asked for by a ``Retry-After`` header, or None.

    Google sends a number of seconds; the HTTP-date form is not used by its
    APIs and falls back to the exponential backoff.
    """
    value = headers.get("retry-after") if headers is not None else None
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


class GoogleApi:
    """One Google API client with mailflow's retries and errors.

    ``label`` ("Gmail", "Google Calendar") starts every error message;
    ``error`` is the class raised for failures that are not the login's fault.
    Credentials are loaded on first use, so building this object never fails.
    """

    def __init__(
        self,
        api: str,
        version: str,
        account: GoogleAccount,
        shared: Shared,
        *,
        endpoint: str,
        label: str,
        error: type[MailflowError],
        sleep: Callable[[float], None] = time.sleep,
        policy: RetryPolicy = RetryPolicy(),
        timeout: float = 60,
    ):
        self.api = api
        self.version = version
        self.account = account
        self.shared = shared
        self.endpoint = endpoint
        self.label = label
        self.error = error
        self.sleep = sleep
        self.policy = policy
        self.timeout = timeout
        #: HTTP requests sent (batches count once), for FetchResult.requests
        self.requests = 0
        self._service: Any = None
        self._batch_uri: str | None = None

    # ---- building ------------------------------------------------------------

    @property
    def service(self) -> Any:
        if self._service is None:
            self._service = self._build()
        return self._service

    def _build(self) -> Any:
        import google_auth_httplib2
        import httplib2
        from google.auth.exceptions import TransportError
        from googleapiclient import discovery_cache
        from googleapiclient.discovery import build_from_document

        from mailflow.providers.google.login import load_credentials

        try:
            credentials = load_credentials(self.account, self.shared)
        except TransportError as exc:
            raise self.error(
                f"{self.label}: could not reach Google to renew the login: {network_reason(exc)}",
                hint=NETWORK_HINT,
            ) from None
        doc = json.loads(discovery_cache.get_static_doc(self.api, self.version))
        options = None
        if self.endpoint:
            base = self.endpoint.rstrip("/") + "/"
            options = {"api_endpoint": base + doc.get("servicePath", "")}
            # The client builds batch URIs from the discovery rootUrl and would
            # send them to Google even with api_endpoint set.
            self._batch_uri = base + doc.get("batchPath", "batch")
        http = google_auth_httplib2.AuthorizedHttp(
            credentials, http=httplib2.Http(timeout=self.timeout)
        )
        return build_from_document(doc, http=http, client_options=options)

    def new_batch(self, callback: Callable[[str, Any, Exception | None], None]) -> Any:
        from googleapiclient.http import BatchHttpRequest

        service = self.service
        if self._batch_uri:
            return BatchHttpRequest(callback=callback, batch_uri=self._batch_uri)
        return service.new_batch_http_request(callback=callback)

    # ---- executing -----------------------------------------------------------

    def execute(self, request: HttpRequest, what: str, *, expect: tuple[int, ...] = ()) -> Any:
        """Run one request with retries; returns the decoded JSON body.

        Statuses in ``expect`` raise ``StatusError`` for the caller to handle.
        """
        import httplib2
        from google.auth.exceptions import RefreshError, TransportError
        from googleapiclient.errors import HttpError

        attempt = 0
        while True:
            self.requests += 1
            try:
                return request.execute(num_retries=0)
            except HttpError as exc:
                status = exc.resp.status
                reason = error_reason(exc.content)
                if status in expect:
                    raise StatusError(status, reason or exc.reason) from None
                delay = self._delay(status, reason, exc.resp, attempt)
                if delay is None:
                    raise self._failure(what, status, reason, exc.reason) from None
                log.info("%s: %s: HTTP %s, trying again in %g s", self.label, what, status, delay)
            except RefreshError:
                raise login_expired() from None
            except (httplib2.HttpLib2Error, TransportError, OSError) as exc:
                if attempt >= self.policy.retries:
                    raise self.error(
                        f"{self.label}: {what} failed: cannot reach Google: {network_reason(exc)}",
                        hint=NETWORK_HINT,
                    ) from None
                delay = self.policy.backoff(attempt)
            self.sleep(delay)
            attempt += 1

    def execute_many(self, requests: list[HttpRequest], what: str) -> list[Any]:
        """Run requests in batches of at most ``BATCH_LIMIT``.

        Returns one entry per request, in order: the decoded body, or the
        mailflow error that stopped that request (the others are unaffected).
        Calls that failed with a retryable status are sent again, in a smaller
        batch, after the backoff. ``AuthError`` is raised, not returned.
        """
        results: list[Any] = [None] * len(requests)
        for first in range(0, len(requests), BATCH_LIMIT):
            chunk = list(range(first, min(first + BATCH_LIMIT, len(requests))))
            self._run_batch(requests, chunk, what, results)
        return results

    def _run_batch(
        self, requests: list[HttpRequest], pending: list[int], what: str, results: list[Any]
    ) -> None:
        import httplib2
        from google.auth.exceptions import RefreshError, TransportError
        from googleapiclient.errors import HttpError

        attempt = 0
        while pending:
            answers: dict[str, tuple[Any, Exception | None]] = {}

            def collect(request_id: str, response: Any, exception: Exception | None) -> None:
                answers[request_id] = (response, exception)

            batch = self.new_batch(collect)
            for index in pending:
                batch.add(requests[index], request_id=str(index))
            self.requests += 1
            try:
                batch.execute()
            except HttpError as exc:
                status, reason = exc.resp.status, error_reason(exc.content)
                delay = self._delay(status, reason, exc.resp, attempt)
                if delay is None:
                    failure = self._failure(what, status, reason, exc.reason)
                    if isinstance(failure, AuthError):
                        raise failure from None
                    for index in pending:
                        results[index] = failure
                    return
                self.sleep(delay)
                attempt += 1
                continue
            except RefreshError:
                raise login_expired() from None
            except (httplib2.HttpLib2Error, TransportError, OSError) as exc:
                if attempt >= self.policy.retries:
                    for index in pending:
                        results[index] = self.error(
                            f"{self.label}: {what} failed: cannot reach Google: {network_reason(exc)}",
                            hint=NETWORK_HINT)
                    return
                self.sleep(self.policy.backoff(attempt))
                attempt += 1
                continue

            again: list[int] = []
            delays: list[float] = []
            for index in pending:
                response, exception = answers.get(str(index), (None, None))
                if exception is None:
                    results[index] = response
                    continue
                status = exception.resp.status
                reason = error_reason(exception.content)
                delay = self._delay(status, reason, exception.resp, attempt)
                if delay is None:
                    failure = self._failure(what, status, reason, exception.reason)
                    if isinstance(failure, AuthError):
                        raise failure
                    results[index] = failure
                else:
                    again.append(index)
                    delays.append(delay)
            if again:
                log.info("%s: %s: %d of %d refused for load, trying again in %g s",
                         self.label, what, len(again), len(pending), max(delays))
                self.sleep(max(delays))
                attempt += 1
            pending = again

    def _delay(self, status: int, reason: str, headers: Any, attempt: int) -> float | None:
        """Seconds to wait before trying again, or None when not to retry."""
        retryable = status in RETRY_STATUSES or (
            status == 403 and reason in RATE_LIMIT_REASONS
        )
        if not retryable or attempt >= self.policy.retries:
            return None
        asked = retry_after(headers)
        if asked is not None:
            return asked if asked <= self.policy.max_retry_after else None
        return self.policy.backoff(attempt)

    def _failure(self, what: str, status: int, reason: str, message: str) -> MailflowError:
        if status == 401:
            return login_expired()
        if status == 403 and reason in SCOPE_REASONS:
            return AuthError(
                f"{self.label}: the Google login does not allow this ({what})",
                hint=f"{AUTH_HINT} and grant every permission it asks for",
            )
        text = f"{self.label}: {what} failed: HTTP {status}"
        hint = None
        if reason in DISABLED_REASONS:
            text += f": the {self.label} API is not enabled in your Google Cloud project ({reason})"
            hint = "enable the API in your Google Cloud project (docs/google.md, section 1); the next run goes on"
        elif reason in DAILY_REASONS:
            text += f": your Google Cloud project's daily quota is used up ({reason})"
            hint = "the quota is renewed at midnight Pacific time and the next run after that goes on"
        elif status in RETRY_STATUSES or reason in RATE_LIMIT_REASONS:
            text += f" {message}" if message else ""
            hint = "Google is busy or refusing for load; the next run tries again"
        else:
            text += f" {message}" if message else ""
            if status == 403:
                hint = (f"the login may lack a permission or the {self.label} API may be off: {AUTH_HINT}, "
                        "grant every permission, and check the API is enabled (docs/google.md, section 1)")
        error = self.error(text, hint=hint)
        error.status = status  # type: ignore[attr-defined] - for callers that treat 404 in a batch as "gone"
        return error

