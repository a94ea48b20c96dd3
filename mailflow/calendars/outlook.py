"""Outlook / Microsoft 365 calendars through Microsoft Graph.

``calendarView/delta`` gives the occurrences of a time range (series already
expanded into occurrences and exceptions) and then, from its deltaLink, only
what changed. A delta round is bound to the range it started with, so the
source starts a round over ``[start, end + ROUND_SLACK)`` and reuses it while
the engine's window stays inside; when the window leaves it, a new round
starts. The deltaLink and the events of the round are kept in the
``SyncCache`` (JSON), so a run with no calendar change costs one request.

What the delta sends is not whole events (API_FACTS §4.5):
- an occurrence of a series comes as a stub (id, seriesMasterId, type, start,
  end); the rest (title, attendees, organizer, body) is its series master's,
  read with ``GET /me/events/{seriesMasterId}`` and kept in the round beside
  the events. A master is read again when a later delta brings any of its
  occurrences (the series changed); when it cannot be found, the occurrence
  itself is read;
- a changed event may carry only the properties that changed: they are merged
  into the stored event, never replace it;
- a stored deltaLink the service no longer knows answers any 4xx (400, 404,
  410, with ``syncStateNotFound``): a new round starts in the same run.

Event mapping: ``iCalUId`` -> ``Event.uid`` (a series' occurrences take their
master's, so the occurrences of one series share a UID as in iCalendar and a
moved occurrence keeps its identity); for occurrences and exceptions the
original start (``originalStart``, UTC; an unmoved occurrence's own start) ->
``recurrence_id``;
``isCancelled`` or a deletion seen in the delta -> status "cancelled";
attendee ``type`` resource -> kind "resource", optional -> optional; the
user's own answer comes from ``responseStatus``; ``onlineMeeting.joinUrl``
-> ``video_url``. Times are asked for in the user's time zone
(``Prefer: outlook.timezone``), bodies as plain text.

Login settings are those of ``[providers.microsoft]`` (client id, authority, token
cache), shared with the Outlook mailbox.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mailflow.calendars.base import CalendarSource, FetchResult
from mailflow.calendars.limits import Budget, capped, limit_series
from mailflow.config import Shared
from mailflow.settings.calendars import OutlookCalendarSettings
from mailflow.errors import SourceError
from mailflow.model import Attendee, Event, SyncCache

#: how far past the asked window a new delta round reaches, so the daily
#: moving window reuses one round for about a week
ROUND_SLACK = timedelta(days=7)
CACHE_VERSION = 2
_RESPONSES = {
    "accepted": "accepted",
    "organizer": "accepted",
    "declined": "declined",
    "tentativelyaccepted": "tentative",
    "none": "needs-action",
    "notresponded": "needs-action",
}
#: the fields of an event kept between runs (bodies trimmed)
_KEPT = ("id", "iCalUId", "subject", "type", "seriesMasterId", "isAllDay", "isCancelled", "isOrganizer",
         "start", "end", "originalStart", "organizer", "attendees", "responseStatus", "isOnlineMeeting",
         "onlineMeeting", "onlineMeetingUrl", "categories", "location", "body", "bodyPreview",
         "showAs")
#: what an occurrence has of its own; the rest it takes from its series master
_OWN = ("id", "type", "seriesMasterId", "start", "end", "originalStart")


def user_timezone(timezone_setting: str) -> str:
    if timezone_setting:
        return timezone_setting
    import tzlocal

    return tzlocal.get_localzone_name() or "UTC"


class OutlookCalendarSource(CalendarSource):

    def __init__(self, settings: OutlookCalendarSettings, shared: Shared, *, http_client: Any = None,
                 session: Any = None, sleep: Callable[[float], None] = time.sleep):
        super().__init__(settings.label)
        from mailflow.providers.microsoft.graph import GraphClient
        from mailflow.providers.microsoft.login import MicrosoftLogin

        self.settings = settings
        self.limits = shared.limits
        self.me = shared.me
        self.my_email, self.my_name = shared.my_email, shared.my_name
        self.tz_name = user_timezone(shared.timezone)
        self.tz = _zone(self.tz_name) or timezone.utc
        account = shared.providers.microsoft
        self.login = MicrosoftLogin(account, shared, http_client=http_client, error_cls=SourceError)
        self.client = GraphClient(
            settings.endpoint or account.endpoint,
            self.login.token,
            error_cls=SourceError,
            label=f"calendar {self.name}",
            session=session,
            sleep=sleep,
            prefer=(f'outlook.timezone="{self.tz_name}"', 'outlook.body-content-type="text"'),
        )

    # ----------------------------------------------------------------- fetch

    def fetch(self, start: datetime, end: datetime, cache: SyncCache) -> FetchResult:
        before = self.client.requests
        budget = Budget(self.limits.parse_seconds, self.name)
        if cache.data.get("version") != CACHE_VERSION:
            cache.clear()
            cache.put("version", CACHE_VERSION)
        calendars = self._calendar_paths(cache)
        rounds: dict[str, Any] = dict(cache.data.get("rounds") or {})
        warnings: list[str] = []
        events: list[Event] = []
        for path in calendars:
            known = self._sync(path, rounds.get(path), start, end, budget)
            rounds[path] = known
            masters = known.get("masters") or {}
            for raw in known["events"].values():
                raw = _filled(raw, masters)
                try:
                    event = self._event(raw, warnings)
                except (KeyError, TypeError, ValueError) as exc:
                    warnings.append(f"{self.name}: skipped event {raw.get('subject', '')!r}: "
                                    f"unreadable {exc}")
                    continue
                if event.start < end and event.end > start:
                    events.append(event)
        cache.put("rounds", rounds)
        events, too_many = limit_series(events, self.limits.occurrences, self.name)
        warnings.extend(too_many)
        events.sort(key=lambda e: (e.start, e.uid, e.recurrence_id))
        return FetchResult(events, warnings, requests=self.client.requests - before)

    def _calendar_paths(self, cache: SyncCache) -> list[str]:
        """Graph paths of the delta endpoints, one per configured calendar."""
        names = [n for n in self.settings.calendars if n]
        if not names:
            return ["me/calendarView/delta"]
        ids: dict[str, str] = dict(cache.data.get("calendar_ids") or {})
        if any(n not in ids for n in names):
            ids = {}
            for page in self.client.pages("me/calendars", "list calendars",
                                          {"$select": "id,name"}):
                for item in page.get("value", []):
                    ids.setdefault(item.get("name", ""), item["id"])
            missing = [n for n in names if n not in ids]
            if missing:
                raise SourceError(
                    f"calendar {self.name}: no Outlook calendar named "
                    f"{', '.join(repr(m) for m in missing)}",
                    hint=f"known calendars: {', '.join(sorted(ids)) or 'none'}; "
                         "fix `calendars` in this [[calendars]] entry",
                )
            cache.put("calendar_ids", {n: ids[n] for n in names})
        return [f"me/calendars/{ids[n]}/calendarView/delta" for n in names]

    def _sync(self, path: str, round_: dict[str, Any] | None, start: datetime,
              end: datetime, budget: Budget) -> dict[str, Any]:
        """Bring one calendar's round up to date; returns the new round."""
        if round_ and _covers(round_, start, end):
            try:
                return self._pull(round_["deltaLink"], dict(round_), budget)
            except SourceError as exc:
                if not 400 <= getattr(exc, "status", 0) < 500 or getattr(exc, "status", 0) in (401, 403, 429):
                    raise
                # the service forgot the sync state (syncStateNotFound): start again
        lo = start.astimezone(timezone.utc)
        hi = (end + ROUND_SLACK).astimezone(timezone.utc)
        fresh = {"start": lo.isoformat(), "end": hi.isoformat(), "events": {}, "masters": {}}
        url = self.client.url(path, {"startDateTime": _graph_time(lo),
                                     "endDateTime": _graph_time(hi)})
        return self._pull(url, fresh, budget)

    def _pull(self, url: str, round_: dict[str, Any], budget: Budget) -> dict[str, Any]:
        events: dict[str, Any] = dict(round_["events"])
        changed_series: set[str] = set()
        while True:
            budget.check()
            page = self.client.call("GET", url, "read calendar changes") or {}
            for item in page.get("value", []):
                event_id = item.get("id")
                if not event_id:
                    continue
                if "@removed" in item:
                    if event_id in events:
                        # Graph says "removed" both for a deletion and for an event moved
                        # out of the round's range: only a deleted one is cancelled
                        budget.check()
                        still = self.client.call("GET", f"me/events/{quote(event_id, safe='')}",
                                                 "read a removed event", missing_ok=True)
                        if still is None:  # deleted: reported once more, cancelled
                            events[event_id] = dict(events[event_id], isCancelled=True)
                        else:  # moved away: kept where it is now
                            events[event_id] = {**events[event_id], **_trim(still)}
                    continue
                # a changed event may bring only what changed
                event = events[event_id] = {**events.get(event_id, {}), **_trim(item)}
                if event.get("type") == "occurrence" and not event.get("originalStart"):
                    # a stub has no originalStart, and the update that later moves it
                    # brings none either: remember where the occurrence belongs
                    event["originalStart"] = self._original_start(event)
                if event.get("seriesMasterId"):
                    changed_series.add(event["seriesMasterId"])
            if page.get("@odata.nextLink"):
                url = page["@odata.nextLink"]
                continue
            if not page.get("@odata.deltaLink"):
                raise SourceError(f"calendar {self.name}: Graph ended a delta round without a deltaLink")
            masters = self._masters(events, dict(round_.get("masters") or {}), changed_series, budget)
            return dict(round_, events=events, masters=masters, deltaLink=page["@odata.deltaLink"])

    def _masters(self, events: dict[str, Any], masters: dict[str, Any], changed: set[str],
                 budget: Budget) -> dict[str, Any]:
        """The series masters the round's occurrences need: those of series that
        changed read again, the others as kept; an occurrence whose master is
        gone is read whole instead."""
        needed = {e["seriesMasterId"] for e in events.values() if e.get("seriesMasterId")}
        for master_id in sorted(needed):
            if master_id in masters and master_id not in changed:
                continue
            budget.check()
            master = self.client.call("GET", f"me/events/{quote(master_id, safe='')}", "read a recurring event",
                                      missing_ok=True)
            if master is not None:
                masters[master_id] = _trim(master)
                continue
            masters.pop(master_id, None)
            for event_id, event in list(events.items()):
                if event.get("seriesMasterId") == master_id and "subject" not in event:
                    whole = self.client.call("GET", f"me/events/{quote(event_id, safe='')}",
                                             "read an occurrence", missing_ok=True)
                    if whole is not None:
                        events[event_id] = {**event, **_trim(whole)}
        return {k: v for k, v in masters.items() if k in needed}

    # ---------------------------------------------------------------- events

    def _event(self, raw: dict[str, Any], warnings: list[str]) -> Event:
        all_day = bool(raw.get("isAllDay"))
        start = self._time(raw["start"])
        end = self._time(raw["end"])
        recurrence_id = ""
        if raw.get("type") in ("occurrence", "exception") and raw.get("originalStart"):
            original = datetime.fromisoformat(raw["originalStart"].replace("Z", "+00:00"))
            recurrence_id = original.astimezone(timezone.utc).isoformat()
        me = self.me
        organizer = None
        org = (raw.get("organizer") or {}).get("emailAddress") or {}
        if org.get("address"):
            organizer = Attendee(
                email=org["address"].lower(), name=org.get("name") or "", response="accepted",
                is_organizer=True,
                is_self=bool(raw.get("isOrganizer")) or org["address"].lower() in me,
            )
        own = _RESPONSES.get(str((raw.get("responseStatus") or {}).get("response", "")).lower(),
                             "needs-action")
        attendees: list[Attendee] = []
        saw_self = False
        invited, warning = capped(list(raw.get("attendees") or []), self.limits.attendees)
        if warning:
            warnings.append(f"{self.name}: event {raw.get('subject', '')!r} {warning}")
        for item in invited:
            address = ((item.get("emailAddress") or {}).get("address") or "").lower()
            if not address:
                continue
            kind = str(item.get("type", "required")).lower()
            is_self = address in me
            saw_self = saw_self or is_self
            response = own if is_self else _RESPONSES.get(
                str((item.get("status") or {}).get("response", "")).lower(), "needs-action")
            attendees.append(Attendee(
                email=address,
                name=(item.get("emailAddress") or {}).get("name") or "",
                kind="resource" if kind == "resource" else "person",
                response=response,
                is_self=is_self,
                is_organizer=organizer is not None and address == organizer.email,
                optional=kind == "optional",
            ))
        if not saw_self and not raw.get("isOrganizer") and self.my_email:
            # Graph keeps the user's own answer in responseStatus; say it
            # through an attendee like the other sources do
            attendees.append(Attendee(email=self.my_email,
                                      name=self.my_name, response=own,
                                      is_self=True))
        online = raw.get("onlineMeeting") or {}
        video = online.get("joinUrl") or raw.get("onlineMeetingUrl") or ""
        body = raw.get("body") or {}
        description = body.get("content") if body.get("contentType", "").lower() == "text" \
            else raw.get("bodyPreview", "")
        return Event(
            uid=raw.get("_seriesUid") or raw.get("iCalUId") or raw["id"],
            summary=raw.get("subject") or "",
            start=start,
            end=end,
            source=self.name,
            recurrence_id=recurrence_id,
            description=description or "",
            location=((raw.get("location") or {}).get("displayName") or ""),
            status="cancelled" if raw.get("isCancelled") else (
                "tentative" if own == "tentative" else "confirmed"),
            all_day=all_day,
            organizer=organizer,
            attendees=tuple(attendees),
            video_url=video,
            categories=tuple(raw.get("categories") or ()),
        )

    def _original_start(self, event: dict[str, Any]) -> str:
        """An unmoved occurrence's own start, as Graph writes originalStart ("" if unreadable)."""
        try:
            return self._time(event["start"]).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        except (KeyError, TypeError, ValueError):
            return ""

    def _time(self, value: dict[str, str]) -> datetime:
        """A Graph dateTimeTimeZone as an aware datetime."""
        text = value["dateTime"]
        if "." in text:  # Graph sends seven fractional digits
            head, _, frac = text.partition(".")
            text = f"{head}.{frac[:6]}"
        naive = datetime.fromisoformat(text.rstrip("Z"))
        zone = _zone(value.get("timeZone") or "UTC")
        if zone is None:
            raise ValueError(f"unknown time zone {value.get('timeZone')!r}")
        return naive.replace(tzinfo=zone)


def _zone(name: str) -> Any:
    """A tzinfo for an IANA or Windows zone name, or None."""
    if name.upper() in ("UTC", "ETC/UTC", "COORDINATED UNIVERSAL TIME"):
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    from tzlocal.windows_tz import win_tz

    iana = win_tz.get(name)
    return ZoneInfo(iana) if iana else None


def _covers(round_: dict[str, Any], start: datetime, end: datetime) -> bool:
    try:
        lo = datetime.fromisoformat(round_["start"])
        hi = datetime.fromisoformat(round_["end"])
    except (KeyError, TypeError, ValueError):
        return False
    return bool(round_.get("deltaLink")) and lo <= start and end <= hi


def _graph_time(t: datetime) -> str:
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _filled(raw: dict[str, Any], masters: dict[str, Any]) -> dict[str, Any]:
    """An occurrence with what it does not carry itself taken from its series
    master; other events as they are."""
    master = masters.get(raw.get("seriesMasterId") or "")
    if master is None:
        return raw
    shared = {k: v for k, v in master.items() if k not in _OWN}
    filled = {**shared, **raw}
    filled["_seriesUid"] = master.get("iCalUId") or ""
    return filled


def _trim(item: dict[str, Any]) -> dict[str, Any]:
    kept = {k: item[k] for k in _KEPT if k in item}
    body = kept.get("body")
    if isinstance(body, dict) and len(body.get("content") or "") > 20000:
        kept["body"] = dict(body, content=body["content"][:20000])
    return kept
