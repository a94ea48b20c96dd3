"""Graph calendars: ``/me/calendars``, ``calendarView/delta`` (default and per
calendar), ``/me/events/{id}`` and ``/me/events/{id}/instances``.

A delta round starts with ``startDateTime``/``endDateTime``, pages through
``@odata.nextLink`` ($skiptoken, ``delta_page_size`` per page) and ends with
an ``@odata.deltaLink`` ($deltatoken); calling that gives what changed since,
with deletions as ``@removed`` (also for events that changed outside the
window). Times come in the zone of ``Prefer: outlook.timezone``.

As the real service does by default (API_FACTS §4.5):
- an occurrence of a series comes as a stub: ``id``, ``seriesMasterId``,
  ``type``, ``start``, ``end`` only; subject, attendees and the rest are on
  the master, ``GET /me/events/{seriesMasterId}`` (the master itself is never
  in a calendar view). ``delta_occurrence_stubs = False`` sends occurrences
  whole, as older fakes did;
- an event changed since the deltaLink comes with only the properties that
  changed, plus ``id`` (``delta_partial_updates = False`` sends it whole);
- ``expire_delta_tokens(status)`` makes every stored link answer ``status``
  (410, or 400/404 as Graph may) with the code ``syncStateNotFound``.

Test hooks: ``put_event`` (add or change one event), ``put_series`` (a
recurring series: master plus occurrences), ``delete_event``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any
from zoneinfo import ZoneInfo

from tests.fakes.graph.common import UTC, Call, GraphError, iso, page_of, parse_graph_time, parse_iso

DEFAULT_CALENDAR = "AAMkCal-default"
_ID = r"(?P<id>[^/]+)"
_CAL = r"(?P<calendar>[^/]+)"
ROUTES = [
    ("GET", r"/me/calendars", "_list_calendars"),
    ("GET", r"/me/calendarView/delta", "_delta"),
    ("GET", rf"/me/calendars/{_CAL}/calendarView/delta", "_delta"),
    ("GET", rf"/me/events/{_ID}", "_get_event"),
    ("GET", rf"/me/calendars/{_CAL}/events/{_ID}", "_get_event"),
    ("GET", rf"/me/events/{_ID}/instances", "_list_instances"),
]
STUB_FIELDS = ("@odata.type", "@odata.etag", "id", "seriesMasterId", "type", "start", "end")


class Calendar:
    """Mixin of :class:`FakeMicrosoft`."""

    def _setup_calendar(self) -> None:
        self.calendars: dict[str, str] = {DEFAULT_CALENDAR: "Calendar"}
        self.events: dict[str, dict[str, Any]] = {}  # id -> event (UTC times)
        self._event_calendar: dict[str, str] = {}
        self._event_version: dict[str, int] = {}
        self._history: dict[str, list[tuple[int, dict[str, Any]]]] = {}  # id -> (version, event)
        self._tombstones: dict[str, tuple[int, str]] = {}  # id -> (version, calendar)
        self._version = 0
        self.delta_page_size = 2
        self.delta_occurrence_stubs = True
        self.delta_partial_updates = True
        self._delta_tokens: dict[str, dict[str, Any]] = {}
        self._expired_status = 410

    # --------------------------------------------------------- test hooks

    def put_event(self, event: dict[str, Any], calendar: str = DEFAULT_CALENDAR) -> None:
        """Add or change an event (Graph JSON, times in UTC)."""
        with self.lock:
            self._version += 1
            stored = json.loads(json.dumps(event))
            self.events[event["id"]] = stored
            self._event_calendar[event["id"]] = calendar
            self._event_version[event["id"]] = self._version
            self._history.setdefault(event["id"], []).append((self._version, stored))
            self._tombstones.pop(event["id"], None)

    def put_series(self, master: dict[str, Any], *, count: int, every: dt.timedelta = dt.timedelta(weeks=1),
                   calendar: str = DEFAULT_CALENDAR) -> list[str]:
        """A recurring series: ``master`` (as ``graph_event`` makes it; its start
        is the first occurrence's) repeated ``count`` times ``every``. Putting it
        again changes the master and every occurrence. Returns the occurrence ids."""
        with self.lock:
            start, end = parse_graph_time(master["start"]), parse_graph_time(master["end"])
            self.put_event({**master, "type": "seriesMaster",
                            "recurrence": _recurrence(start, every, count)}, calendar)
            ids = []
            for n in range(count):
                when = start + n * every
                occurrence_id = f"{master['id']}-{when:%Y%m%d}"
                occurrence = {k: v for k, v in master.items() if k != "recurrence"}
                occurrence.update(
                    id=occurrence_id, type="occurrence", seriesMasterId=master["id"],
                    # different for each occurrence in Graph v1.0
                    iCalUId=f"{master.get('iCalUId', master['id'])}-{when:%Y%m%d}",
                    originalStart=iso(when), start=_graph_time(when), end=_graph_time(end + n * every),
                )
                self.put_event(occurrence, calendar)
                ids.append(occurrence_id)
            for stale in [i for i, e in self.events.items()
                          if e.get("seriesMasterId") == master["id"] and i not in ids]:
                self.delete_event(stale)
            return ids

    def delete_event(self, event_id: str) -> None:
        """The event is gone (for a series master, its occurrences too)."""
        with self.lock:
            for eid in [event_id] + [i for i, e in self.events.items() if e.get("seriesMasterId") == event_id]:
                self._version += 1
                self.events.pop(eid)
                self._tombstones[eid] = (self._version, self._event_calendar.pop(eid))
                self._event_version.pop(eid, None)

    def expire_delta_tokens(self, status: int = 410) -> None:
        """Every stored deltaLink and nextLink stops working and answers ``status``."""
        with self.lock:
            self._delta_tokens.clear()
            self._expired_status = status

    # ------------------------------------------------------------ handlers

    def _list_calendars(self, call: Call) -> tuple[int, dict, Any]:
        return 200, {}, {"value": [{"id": k, "name": v} for k, v in self.calendars.items()]}

    def _get_event(self, call: Call, id: str, calendar: str = "") -> tuple[int, dict, Any]:
        event = self.events.get(id)
        if event is None or calendar and self._event_calendar[id] != calendar:
            raise GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.")
        return 200, {}, _select(self._render_event(id, _zone_name(call.prefer)), call.query)

    def _list_instances(self, call: Call, id: str) -> tuple[int, dict, Any]:
        if self.events.get(id, {}).get("type") != "seriesMaster":
            raise GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.")
        window = _window(call.query)
        found = sorted((i for i, e in self.events.items() if e.get("seriesMasterId") == id
                        and _overlaps(e, window)), key=lambda i: parse_graph_time(self.events[i]["start"]))
        tz = _zone_name(call.prefer)
        return 200, {}, page_of(found, lambda i: _select(self._render_event(i, tz), call.query), call,
                                self.graph_url, 10)

    def _delta(self, call: Call, calendar: str = DEFAULT_CALENDAR) -> tuple[int, dict, Any]:
        if calendar not in self.calendars:
            raise GraphError(404, "ErrorItemNotFound", "no such calendar")
        query = call.query
        tz = _zone_name(call.prefer)
        if "$skiptoken" in query:
            state = self._delta_tokens.get(query["$skiptoken"])
        elif "$deltatoken" in query:
            state = self._delta_tokens.get(query["$deltatoken"])
            if state is not None:
                state = dict(state, pending=self._changes(state), offset=0)
        else:
            start, end = _window(query)
            state = {"calendar": calendar, "start": start, "end": end, "version": self._version, "offset": 0}
            state["pending"] = [("event", eid, None) for eid in sorted(self.events)
                                if self._in_view(eid, self.events[eid], state)]
        if state is None:
            raise GraphError(self._expired_status, "syncStateNotFound",
                             "The sync state generation is not found or has expired.")
        pending, offset = state["pending"], state["offset"]
        value = [self._delta_item(kind, eid, seen, tz)
                 for kind, eid, seen in pending[offset:offset + self.delta_page_size]]
        token = f"tok{next(self._serial)}"
        base = f"{self.graph_url}/me/" + (
            "calendarView/delta" if calendar == DEFAULT_CALENDAR else f"calendars/{calendar}/calendarView/delta")
        out: dict[str, Any] = {"value": value}
        if offset + self.delta_page_size < len(pending):
            self._delta_tokens[token] = dict(state, offset=offset + self.delta_page_size)
            out["@odata.nextLink"] = f"{base}?$skiptoken={token}"
        else:
            self._delta_tokens[token] = {k: state[k] for k in ("calendar", "start", "end")} | {
                "version": self._version}
            out["@odata.deltaLink"] = f"{base}?$deltatoken={token}"
        return 200, {}, out

    # ------------------------------------------------------------ helpers

    def _in_view(self, eid: str, event: dict[str, Any], state: dict[str, Any]) -> bool:
        """In the round's calendar and window (a series master never is: the
        view holds its occurrences)."""
        return (self._event_calendar.get(eid) == state["calendar"] and event.get("type") != "seriesMaster"
                and _overlaps(event, (state["start"], state["end"])))

    def _changes(self, state: dict[str, Any]) -> list[tuple[str, str, dict | None]]:
        """What changed since a deltaLink: (kind, id, the event as the client last saw it)."""
        out: list[tuple[str, str, dict | None]] = []
        for eid, version in sorted(self._event_version.items()):
            if version <= state["version"] or self._event_calendar[eid] != state["calendar"]:
                continue
            event = self.events[eid]
            if event.get("type") == "seriesMaster":
                continue
            if self._in_view(eid, event, state):
                before = self._as_of(eid, state["version"])
                seen = before if before is not None and self._in_view(eid, before, state) else None
                out.append(("event", eid, seen))
            else:  # outside the window, Graph reports changes as @removed
                out.append(("removed", eid, None))
        for eid, (version, cal) in sorted(self._tombstones.items()):
            if version > state["version"] and cal == state["calendar"]:
                out.append(("removed", eid, None))
        return out

    def _as_of(self, eid: str, version: int) -> dict[str, Any] | None:
        earlier = [event for v, event in self._history.get(eid, []) if v <= version]
        return earlier[-1] if earlier else None

    def _delta_item(self, kind: str, eid: str, seen: dict | None, tz: str) -> dict[str, Any]:
        if kind == "removed":
            return {"id": eid, "@removed": {"reason": "deleted"}}
        event = self.events[eid]
        rendered = self._render_event(eid, tz)
        if event.get("type") == "occurrence" and self.delta_occurrence_stubs:
            return {k: rendered[k] for k in STUB_FIELDS if k in rendered}
        if seen is not None and self.delta_partial_updates:
            changed = sorted(k for k in set(event) | set(seen) if event.get(k) != seen.get(k))
            return {"@odata.etag": rendered["@odata.etag"], "id": eid,
                    **{k: rendered.get(k) for k in changed}}
        return rendered

    def _render_event(self, eid: str, tz: str) -> dict[str, Any]:
        event = self.events[eid]
        out = {"@odata.type": "#microsoft.graph.event",
               "@odata.etag": f'W/"DwAAABYAAAC{self._event_version.get(eid, 0):06d}"',
               **json.loads(json.dumps(event))}
        zone = UTC if tz == "UTC" else ZoneInfo(tz)
        for name in ("start", "end"):
            when = parse_graph_time(event[name]).astimezone(zone)
            out[name] = {"dateTime": when.strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": tz}
        return out


def _zone_name(prefer: str) -> str:
    match = re.search(r'outlook\.timezone="([^"]+)"', prefer)
    return match.group(1) if match else "UTC"


def _window(query: dict[str, str]) -> tuple[dt.datetime, dt.datetime]:
    try:
        return parse_iso(query["startDateTime"]), parse_iso(query["endDateTime"])
    except (KeyError, ValueError):
        raise GraphError(400, "ErrorInvalidParameter", "startDateTime and endDateTime are required") from None


def _overlaps(event: dict[str, Any], window: tuple[dt.datetime, dt.datetime]) -> bool:
    start, end = parse_graph_time(event["start"]), parse_graph_time(event["end"])
    return start < window[1] and end > window[0]


def _graph_time(t: dt.datetime) -> dict[str, str]:
    return {"dateTime": t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": "UTC"}


def _recurrence(start: dt.datetime, every: dt.timedelta, count: int) -> dict[str, Any]:
    weekly = every.days % 7 == 0
    pattern: dict[str, Any] = {"type": "weekly" if weekly else "daily",
                               "interval": every.days // 7 if weekly else every.days}
    if weekly:
        pattern |= {"daysOfWeek": [start.strftime("%A").lower()], "firstDayOfWeek": "sunday"}
    return {"pattern": pattern, "range": {"type": "numbered", "startDate": start.date().isoformat(),
                                          "numberOfOccurrences": count, "recurrenceTimeZone": "UTC"}}


def _select(event: dict[str, Any], query: dict[str, str]) -> dict[str, Any]:
    if not query.get("$select"):
        return event
    wanted = {s.strip() for s in query["$select"].split(",")} | {"id", "@odata.etag", "@odata.type"}
    return {k: v for k, v in event.items() if k in wanted}
