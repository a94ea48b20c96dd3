"""Google Calendar as a source (Calendar API v3, events.list).

Events are asked for as single instances (``singleEvents=true``), so a
recurring series arrives already expanded with its exceptions applied.

Incremental sync
----------------
A sync token cannot be combined with ``timeMin``/``timeMax``, so each calendar
is first read in full over a *synced range*: from the window's start to
``HORIZON`` past its end. The events of that range and the ``nextSyncToken``
are kept in the cache; later runs send only the token and apply the changes
(usually none: one request per calendar, and the cache is left untouched).
Changes outside the synced range are dropped. A full read is done again when
the window leaves the synced range (so the cache never holds more than that
range), and when Google answers 410 Gone (token expired).

Limits
------
``[limits]``: the reading shares one ``parse_seconds`` budget (checked between
pages); an event's attendees beyond ``attendees`` are not read (with a warning);
a series with more than ``occurrences`` instances in the window is left out.

Cancellations
-------------
A cancelled event or instance often comes back with only its id (and, for an
instance, ``recurringEventId`` and ``originalStartTime``). The event known from
earlier is then kept and reported with ``status="cancelled"``, so the engine
sees the cancellation. Cancelled events never seen before are skipped.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mailflow.calendars.base import CalendarSource, FetchResult
from mailflow.calendars.limits import Budget, capped, limit_series
from mailflow.config import Shared
from mailflow.settings.calendars import GoogleCalendarSettings
from mailflow.errors import SourceError
from mailflow.model import Attendee, Event, SyncCache
from mailflow.providers.google.api import GoogleApi, StatusError

#: how far past the window's end a full read reaches, so that the sliding
#: window of daily runs stays inside it for weeks
HORIZON = timedelta(days=90)
PAGE_SIZE = 250
CACHE_VERSION = 1
#: the event fields kept in the cache (the rest of Google's event is dropped)
KEPT_FIELDS = (
    "id", "iCalUID", "status", "summary", "description", "location", "start", "end",
    "organizer", "attendees", "hangoutLink", "conferenceData", "recurringEventId",
    "originalStartTime",
)  # fmt: skip
RESPONSES = {
    "needsAction": "needs-action",
    "accepted": "accepted",
    "declined": "declined",
    "tentative": "tentative",
}


class GoogleCalendarSource(CalendarSource):
    """The calendars listed in ``calendars`` (default ``primary``) of one Google
    account, read with the login of ``mailflow auth google``."""


    def __init__(
        self,
        settings: GoogleCalendarSettings,
        shared: Shared,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ):
        super().__init__(settings.label)
        self.calendar_ids = list(settings.calendars) or ["primary"]
        self.limits = shared.limits
        self.api = GoogleApi(
            "calendar",
            "v3",
            shared.providers.google,
            shared,
            endpoint=settings.endpoint,
            label=self.name,
            error=SourceError,
            sleep=sleep,
        )

    def fetch(self, start: datetime, end: datetime, cache: SyncCache) -> FetchResult:
        if cache.data.get("version") != CACHE_VERSION:
            cache.clear()
            cache.put("version", CACHE_VERSION)
        synced = dict(cache.data.get("calendars", {}))
        events: list[Event] = []
        warnings: list[str] = []
        changed = False
        self.budget = Budget(self.limits.parse_seconds, self.name)
        for calendar_id in self.calendar_ids:
            state = synced.get(calendar_id)
            new_state = self._sync(calendar_id, state, start, end)
            if new_state is not state:
                synced[calendar_id] = new_state
                changed = True
            for item in new_state["events"].values():
                try:
                    event = self._event(item, new_state, warnings)
                except (KeyError, ValueError, TypeError) as exc:
                    warnings.append(
                        f"{self.name}: skipped event {item.get('id', '?')} of {calendar_id}, "
                        f"which could not be read ({type(exc).__name__}: {exc})"
                    )
                    continue
                if event is not None and _overlaps(event, start, end):
                    events.append(event)
        if changed:
            cache.put("calendars", {k: v for k, v in synced.items() if k in self.calendar_ids})
        events, too_many = limit_series(events, self.limits.occurrences, self.name)
        warnings.extend(too_many)
        events.sort(key=lambda e: (e.start, e.uid, e.recurrence_id))
        return FetchResult(events=events, warnings=warnings, requests=self.api.requests)

    # ---- syncing -------------------------------------------------------------

    def _sync(
        self, calendar_id: str, state: dict | None, start: datetime, end: datetime
    ) -> dict:
        """The calendar's cached state brought up to date; the same object if
        nothing changed."""
        if state and _covers(state, start, end):
            try:
                return self._incremental(calendar_id, state)
            except StatusError:  # 410: the token expired, start over
                pass
        return self._full(calendar_id, start, end + HORIZON)

    def _full(self, calendar_id: str, range_start: datetime, range_end: datetime) -> dict:
        events: dict[str, dict] = {}
        pages, sync_token, zone = self._list(
            calendar_id,
            timeMin=_rfc3339(range_start),
            timeMax=_rfc3339(range_end),
            showDeleted=True,
        )
        for item in pages:
            if item.get("status") != "cancelled" or "start" in item:
                events[item["id"]] = _keep(item)
        return {
            "token": sync_token,
            "min": range_start.isoformat(),
            "max": range_end.isoformat(),
            "zone": zone,
            "events": events,
        }

    def _incremental(self, calendar_id: str, state: dict) -> dict:
        items, sync_token, zone = self._list(calendar_id, syncToken=state["token"])
        if not items and sync_token == state["token"]:
            return state
        range_start = datetime.fromisoformat(state["min"])
        range_end = datetime.fromisoformat(state["max"])
        zone = zone or state.get("zone", "")
        events = dict(state["events"])
        for item in items:
            merged = _merge(item, events)
            # an event that moved out of the synced range is dropped like a deleted one
            if merged is None or not _in_range(merged, zone, range_start, range_end):
                events.pop(item["id"], None)
            else:
                events[item["id"]] = merged
        return {**state, "token": sync_token, "zone": zone, "events": events}

    def _list(self, calendar_id: str, **params: Any) -> tuple[list[dict], str, str]:
        """All pages of one events.list; returns (items, nextSyncToken, time zone)."""
        events = self.api.service.events()
        items: list[dict] = []
        page_token = None
        incremental = "syncToken" in params
        while True:
            self.budget.check()
            request = events.list(
                calendarId=calendar_id,
                singleEvents=True,
                maxResults=PAGE_SIZE,
                pageToken=page_token,
                **params,
            )
            try:
                page = self.api.execute(
                    request, f"list events of {calendar_id}", expect=(404, 410)
                )
            except StatusError as exc:
                if exc.status == 410 and incremental:
                    raise
                raise SourceError(
                    f"{self.name}: no calendar {calendar_id!r} in this Google account "
                    f"(HTTP {exc.status})",
                    hint="check `calendars` in this [[calendars]] entry; "
                    '"primary" is your main calendar',
                ) from None
            items.extend(page.get("items", []))
            page_token = page.get("nextPageToken")
            if not page_token:
                return items, page.get("nextSyncToken", ""), page.get("timeZone", "")

    # ---- converting ----------------------------------------------------------

    def _event(self, item: dict, state: dict, warnings: list[str]) -> Event | None:
        bounds = _bounds(item, state.get("zone", ""))
        if bounds is None:
            return None
        start, end = bounds
        organizer = None
        invited, warning = capped([a for a in item.get("attendees", ()) if a.get("email")], self.limits.attendees)
        if warning:
            warnings.append(f"{self.name}: event {item.get('summary', '')!r} {warning}")
        attendees = tuple(_attendee(a) for a in invited)
        if item.get("organizer", {}).get("email"):
            org = item["organizer"]
            same = next((a for a in attendees if a.email == org["email"].lower()), None)
            organizer = Attendee(
                email=org["email"].lower(),
                name=org.get("displayName", "") or (same.name if same else ""),
                response=same.response if same else "accepted",
                is_self=bool(org.get("self")),
                is_organizer=True,
            )
        recurrence_id = ""
        if item.get("recurringEventId") and item.get("originalStartTime"):
            recurrence_id = _iso(item["originalStartTime"], state.get("zone", ""))
        return Event(
            uid=item.get("iCalUID") or item["id"],
            summary=item.get("summary", ""),
            start=start,
            end=end,
            source=self.name,
            recurrence_id=recurrence_id,
            description=item.get("description", ""),
            location=item.get("location", ""),
            status=item.get("status", "confirmed"),
            all_day="date" in item["start"],
            organizer=organizer,
            attendees=attendees,
            video_url=_video_url(item),
        )


def _keep(item: dict) -> dict:
    kept = {k: item[k] for k in KEPT_FIELDS if k in item}
    if "conferenceData" in kept:
        points = [
            p for p in kept["conferenceData"].get("entryPoints", ())
            if p.get("entryPointType") == "video"
        ]  # fmt: skip
        kept["conferenceData"] = {"entryPoints": points}
    return kept


def _merge(item: dict, known: dict[str, dict]) -> dict | None:
    """A changed item from an incremental sync, as it should be kept (or None)."""
    if item.get("status") != "cancelled" or "start" in item:
        return _keep(item)
    earlier = known.get(item["id"])
    if earlier is not None:
        return {**earlier, "status": "cancelled"}
    # an instance cancelled before we saw it: still worth reporting when its
    # time and series are known
    original = item.get("originalStartTime")
    series = item.get("recurringEventId")
    if not original or not series:
        return None
    sibling = next((e for e in known.values() if e.get("recurringEventId") == series), None)
    if sibling is None:
        return None
    shell = {k: v for k, v in sibling.items() if k not in ("id", "start", "end")}
    shell.update(id=item["id"], status="cancelled", originalStartTime=original)
    try:
        bounds = _bounds(sibling, "")
        length = bounds[1] - bounds[0] if bounds else timedelta(0)
        shell["start"] = dict(original)
        shell["end"] = _shift(original, length)
    except (KeyError, ValueError, TypeError):
        return None
    return shell


def _shift(when: dict, by: timedelta) -> dict:
    if "dateTime" in when:
        moved = datetime.fromisoformat(when["dateTime"]) + by
        return {**when, "dateTime": moved.isoformat()}
    moved_day = date.fromisoformat(when["date"]) + by
    return {**when, "date": moved_day.isoformat()}


def _zone(name: str):
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return timezone.utc


def _when(value: dict, calendar_zone: str) -> datetime:
    """A Google ``{dateTime}`` or ``{date}`` as an aware datetime (all-day
    dates start at midnight in the event's or the calendar's zone)."""
    if "dateTime" in value:
        moment = datetime.fromisoformat(value["dateTime"])
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=_zone(value.get("timeZone") or calendar_zone))
        return moment
    day = date.fromisoformat(value["date"])
    zone = _zone(value.get("timeZone") or calendar_zone)
    return datetime(day.year, day.month, day.day, tzinfo=zone)


def _bounds(item: dict, calendar_zone: str) -> tuple[datetime, datetime] | None:
    if "start" not in item or "end" not in item:
        return None
    return _when(item["start"], calendar_zone), _when(item["end"], calendar_zone)


def _iso(value: dict, calendar_zone: str) -> str:
    """The original start of an instance as stable ISO text (UTC, or the date)."""
    if "date" in value and "dateTime" not in value:
        return value["date"]
    return _when(value, calendar_zone).astimezone(timezone.utc).isoformat()


def _attendee(raw: dict) -> Attendee:
    return Attendee(
        email=raw["email"].lower(),
        name=raw.get("displayName", ""),
        kind="resource" if raw.get("resource") else "person",
        response=RESPONSES.get(raw.get("responseStatus", ""), "needs-action"),
        is_self=bool(raw.get("self")),
        is_organizer=bool(raw.get("organizer")),
        optional=bool(raw.get("optional")),
    )


def _video_url(item: dict) -> str:
    for point in item.get("conferenceData", {}).get("entryPoints", ()):
        if point.get("entryPointType") == "video" and point.get("uri"):
            return point["uri"]
    return item.get("hangoutLink", "")


def _in_range(item: dict, zone: str, start: datetime, end: datetime) -> bool:
    """Whether a raw event belongs to the synced range; an unreadable one is
    kept, to be reported as a warning when converted."""
    try:
        bounds = _bounds(item, zone)
    except (KeyError, ValueError, TypeError):
        return True
    return bounds is not None and bounds[1] > start and bounds[0] < end


def _overlaps(event: Event, start: datetime, end: datetime) -> bool:
    if event.end <= event.start:  # zero length: inside when its start is
        return start <= event.start < end
    return event.end > start and event.start < end


def _covers(state: dict, start: datetime, end: datetime) -> bool:
    try:
        return (
            bool(state.get("token"))
            and datetime.fromisoformat(state["min"]) <= start
            and end <= datetime.fromisoformat(state["max"])
        )
    except (KeyError, TypeError, ValueError):
        return False


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
