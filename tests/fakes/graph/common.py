"""What the areas of the fake Graph share: the request a handler gets, the
error it raises, the log entry, times, and paging."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

UTC = dt.timezone.utc


class GraphError(Exception):
    """Raised by a handler: answered as Graph's ``{"error": {code, message}}``."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


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
class Call:
    """One Graph request as a handler sees it (path without /v1.0)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any

    @property
    def prefer(self) -> str:
        return self.headers.get("prefer", "")

    @property
    def immutable(self) -> bool:
        return 'idtype="immutableid"' in self.prefer.lower()


def iso(t: dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def parse_graph_time(value: dict[str, str]) -> dt.datetime:
    """A dateTimeTimeZone as an aware datetime."""
    text = value["dateTime"][:26]
    tz = value.get("timeZone", "UTC")
    naive = dt.datetime.fromisoformat(text.rstrip("Z"))
    return naive.replace(tzinfo=UTC if tz == "UTC" else ZoneInfo(tz))


def page_of(items: list, render, call: Call, base_url: str, size: int) -> dict[str, Any]:
    """One page of a collection: Graph pages at its own size whatever ``$top``
    asks for more, and the nextLink carries the rest of the query."""
    top = min(int(call.query.get("$top", size)), size)
    skip = int(call.query.get("$skip", 0))
    out: dict[str, Any] = {"value": [render(item) for item in items[skip:skip + top]]}
    if skip + top < len(items):
        rest = {k: v for k, v in call.query.items() if k != "$skip"}
        rest["$skip"] = str(skip + top)
        out["@odata.nextLink"] = f"{base_url}{call.path}?" + urlencode(rest, quote_via=quote, safe="$'(),:")
    return out
