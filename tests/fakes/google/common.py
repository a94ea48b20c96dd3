"""What every area of the fake Google APIs shares: the error shape, and the
small readers of query strings and JSON bodies."""

from __future__ import annotations

import json
from typing import Any

from tests.fakes.http import Response, json_response

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
NOT_FOUND = "Requested entity was not found."


class HttpFailure(Exception):
    """Raised by a handler: answered as Google's JSON error."""

    def __init__(self, status: int, message: str, reason: str = "", domain: str = "global"):
        super().__init__(message)
        self.status = status
        self.message = message
        self.reason = reason or DEFAULT_REASONS.get(status, "error")
        self.domain = domain

    def response(self) -> Response:
        return Response(self.status, google_error(self.status, self.message, self.reason, self.domain),
                        {"Content-Type": "application/json; charset=UTF-8"})


def google_error(status: int, message: str, reason: str, domain: str = "global") -> bytes:
    return json.dumps({
        "error": {
            "code": status,
            "message": message,
            "errors": [{"message": message, "domain": domain, "reason": reason}],
            "status": STATUS_NAMES.get(status, "UNKNOWN"),
        }
    }).encode()


def ok(data: Any) -> Response:
    return json_response(200, data)


def one(query: dict[str, list[str]], name: str, default: str) -> str:
    return query.get(name, [default])[0]


def body_json(body: bytes) -> dict:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        raise HttpFailure(400, "Invalid JSON payload received.", "parseError") from None
    if not isinstance(data, dict):
        raise HttpFailure(400, "Invalid JSON payload received.", "parseError")
    return data


def page(items: list, name: str, query: dict, default_size: int = 100) -> dict:
    """One page of a Gmail list: ``pageToken`` is an offset, ``maxResults`` the size."""
    start = int(one(query, "pageToken", "0") or 0)
    size = int(one(query, "maxResults", str(default_size)))
    chunk = items[start : start + size]
    answer: dict[str, Any] = {name: chunk, "resultSizeEstimate": len(items)}
    if start + size < len(items):
        answer["nextPageToken"] = str(start + size)
    if not chunk and name != "history":
        del answer[name]  # Gmail leaves an empty list out
    return answer
