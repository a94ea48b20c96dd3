"""Google Calendar v3 events.list, with its incremental sync (API_FACTS §2).

``syncToken`` combined with ``timeMin``/``timeMax``/``q``/... is 400; an
expired token (``expire_sync_tokens``) is 410; ``nextSyncToken`` comes only
on the last page and is the same token when nothing changed; a cancelled
event carries only what Google guarantees (id, status, recurringEventId,
originalStartTime). ``events_page_size`` makes pages smaller than asked.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from tests.fakes.google.common import HttpFailure, one

ROUTES = [
    ("GET", r"/calendar/v3/calendars/(?P<calendar>[^/]+)/events", "events.list"),
]
SYNC_TOKEN_CONFLICTS = (
    "timeMin", "timeMax", "q", "orderBy", "updatedMin", "iCalUID",
    "privateExtendedProperty", "sharedExtendedProperty",
)  # fmt: skip


class Calendar:
    """Mixin of :class:`FakeGoogle`."""

    def _setup_calendar(self) -> None:
        self.calendars: dict[str, dict[str, Any]] = {}
        self.calendar_version = 0
        self.sync_tokens: dict[str, dict[str, Any]] = {}
        self.page_tokens: dict[str, dict[str, Any]] = {}
        self.events_page_size: int | None = None

    # ---- test controls -------------------------------------------------------

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

    # ---- handlers ----------------------------------------------------------------

    def _events_list(self, params: dict, query: dict, body: bytes) -> dict:
        calendar_id = params["calendar"]
        calendar = self.calendars.get(calendar_id)
        if calendar is None:
            raise HttpFailure(404, "Not Found")
        page_token = one(query, "pageToken", "")
        if page_token:
            pending = self.page_tokens.pop(page_token, None)
            if pending is None:
                raise HttpFailure(400, "Invalid page token", "invalid")
            return self._events_page(calendar, pending)
        sync_token = one(query, "syncToken", "")
        if sync_token:
            clashes = [p for p in SYNC_TOKEN_CONFLICTS if p in query]
            if clashes or one(query, "showDeleted", "") == "false":
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
            show_deleted = one(query, "showDeleted", "false") == "true"
            ids = [
                i for i, e in calendar["events"].items()
                if (show_deleted or e.get("status") != "cancelled") and _in_window(e, window)
            ]  # fmt: skip
            restriction = {"window": window, "show_deleted": show_deleted}
        ids.sort(key=lambda i: _event_start(calendar["events"][i]))
        size = int(one(query, "maxResults", "250"))
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
        answer: dict[str, Any] = {
            "kind": "calendar#events",
            "summary": pending["calendar"],
            "timeZone": calendar["timeZone"],
            "accessRole": "owner",
            "items": [_event_json(calendar["events"][i]) for i in chunk],
        }
        if rest:
            token = f"page-{next(self._ids)}"
            self.page_tokens[token] = {**pending, "ids": rest}
            answer["nextPageToken"] = token
        elif pending["old_token"]:
            answer["nextSyncToken"] = pending["old_token"]  # no changes: the same token
        else:
            token = f"sync-{next(self._ids)}"
            self.sync_tokens[token] = {
                "calendar": pending["calendar"],
                "version": pending["version"],
                "window": pending["window"],
                "expired": False,
            }
            answer["nextSyncToken"] = token
        return answer


def _time_param(query: dict, name: str) -> datetime | None:
    value = one(query, name, "")
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
