"""ICS files and URLs (``[[calendars]] type = "ics"``).

Parsing is icalendar's; recurrence expansion (RRULE, RDATE, EXDATE,
RECURRENCE-ID overrides), Windows zone names and ``X-WR-TIMEZONE`` are
recurring-ical-events'. Floating times are read in the policy time zone.
"""

from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

import icalendar
import recurring_ical_events

from mailflow.calendars.base import CalendarSource, FetchResult
from mailflow.clock import local_zone
from mailflow.config import CalendarSettings, Shared
from mailflow.errors import SourceError
from mailflow.model import Attendee, Event, SyncCache, event_from_dict, event_to_dict
from mailflow.untrusted import name_text, plain_address, redact_url

_VIDEO_URL = re.compile(
    r"https://[\w.-]*(zoom\.us|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|"
    r"webex\.com|whereby\.com|chime\.aws|bluejeans\.com)/[^\s<>\"']*",
    re.IGNORECASE,
)
#: properties whose parse errors make an event unusable
_ESSENTIAL = {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"}
#: how much wider than asked the cached window is: a week of cron runs reuse one parse
_CACHE_MARGIN = timedelta(days=7)
_KINDS = {"ROOM": "room", "RESOURCE": "resource", "GROUP": "group", "UNKNOWN": "person"}


@dataclass
class IcsSettings(CalendarSettings):
    """``type = "ics"``: a file, or an http(s)/webcal address."""

    #: a file, relative to the config file
    path: str = ""
    #: or an address (Google's "secret address in iCal format" and the like)
    url: str = ""

    @property
    def label(self) -> str:
        """A URL is shortened to its host and last segment: a calendar's address
        often is its password (Google's "secret address")."""
        return self.name or self.path or (redact_url(self.url) if self.url else self.type)

    def problem(self) -> tuple[str, str] | None:
        if not (self.path or self.url):
            return "", "an ics calendar needs `path` or `url`"
        return None


class IcsSource(CalendarSource):
    Settings = IcsSettings

    def __init__(self, settings: IcsSettings, shared: Shared):
        super().__init__(settings.label)
        self.url = settings.url
        self.path = shared.resolve(settings.path) if settings.path else None
        self.zone = local_zone(shared.timezone)
        self.me = shared.me

    def fetch(self, start: datetime, end: datetime, cache: SyncCache) -> FetchResult:
        """Parsing a large calendar takes seconds, so the occurrences of a wider
        window are kept in ``cache`` with a digest of the text (and of what the
        reading depends on): a cron run on an unchanged calendar parses nothing."""
        text = self._read()
        digest = hashlib.sha256(
            "\0".join([text, str(self.zone), *sorted(self.me)]).encode("utf-8", "surrogatepass")
        ).hexdigest()
        kept = cache.data
        if (kept.get("digest") == digest and kept.get("start", "~") <= _utc(start)
                and _utc(end) <= kept.get("end", "")):
            events = [event_from_dict(e) for e in kept["events"]]
            return FetchResult([e for e in events if e.end > start and e.start < end], list(kept["warnings"]))
        wide_start, wide_end = start - _CACHE_MARGIN, end + _CACHE_MARGIN
        result = parse_events(text, wide_start, wide_end, source=self.name, zone=self.zone, me=self.me)
        cache.data = {
            "digest": digest, "start": _utc(wide_start), "end": _utc(wide_end),
            "events": [event_to_dict(e) for e in result.events], "warnings": result.warnings,
        }
        cache.changed = True
        return FetchResult([e for e in result.events if e.end > start and e.start < end], result.warnings)

    def _read(self) -> str:
        if self.path is not None:
            try:
                return self.path.read_text(encoding="utf-8-sig", errors="replace")
            except FileNotFoundError:
                raise SourceError(
                    f"calendar {self.name}: no such file {self.path}",
                    hint="fix `path` in [[calendars]] (relative paths start at the config file)",
                ) from None
            except OSError as exc:
                raise SourceError(f"calendar {self.name}: cannot read {self.path}: {exc.strerror}")
        url = re.sub(r"^webcals?://", "https://", self.url)
        request = urllib.request.Request(url, headers={"User-Agent": "mailflow"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.read().decode("utf-8-sig", errors="replace")
        except urllib.error.HTTPError as exc:
            raise SourceError(f"calendar {self.name}: the server answered HTTP {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SourceError(f"calendar {self.name}: cannot fetch it: {reason}") from None


def _utc(moment: datetime) -> str:
    """Comparable text for a moment (ISO in UTC: string order is time order)."""
    return moment.astimezone(timezone.utc).isoformat()


def parse_events(
    text: str,
    start: datetime,
    end: datetime,
    *,
    source: str,
    zone: tzinfo,
    me: set[str] = frozenset(),
    origin: str = "",
) -> FetchResult:
    """Occurrences of the events in ``text`` that overlap ``[start, end)``.

    ``source`` goes into each ``Event.source``. ``origin`` says where ``text``
    came from in messages (a CalDAV object's address, say); by default that is
    ``source`` and the line in ``text``.

    Raises ``SourceError`` when ``text`` is not a calendar at all; a broken
    event is left out with a warning naming its UID, summary and line.
    """
    def describe(component, what: str) -> str:
        return _describe(component, text, origin or source, what, with_line=not origin)

    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as exc:  # icalendar raises ValueError and friends
        raise SourceError(
            f"calendar {origin or source}: not a valid iCalendar file ({exc})",
            hint="check that the file or URL serves text/calendar data",
        ) from None
    if isinstance(calendar, list):  # several VCALENDARs in one file
        merged = icalendar.Calendar()
        for part in calendar:
            for component in part.subcomponents:
                merged.add_component(component)
        calendar = merged

    warnings: list[str] = []
    broken = _broken_uids(calendar, describe, warnings)
    if broken:
        calendar.subcomponents = [
            c for c in calendar.subcomponents
            if not (c.name == "VEVENT" and str(c.get("UID", "")) in broken)
        ]
    occurrences = _expand(calendar, start, end, describe, warnings)
    # the expansion stamps every occurrence with a RECURRENCE-ID, single events too;
    # only a series' occurrences need one (a moved single event keeps its identity)
    series = {
        str(c.get("UID", "")) for c in calendar.walk("VEVENT")
        if any(c.get(p) is not None for p in ("RRULE", "RDATE", "RECURRENCE-ID"))
    }

    events = []
    for component in occurrences:
        try:
            events.append(_to_event(component, source, zone, me, str(component.get("UID", "")) in series))
        except Exception as exc:  # one odd occurrence must not sink the calendar
            warnings.append(describe(component, f"skipped: {exc}"))
    return FetchResult(events=events, warnings=warnings)


def _broken_uids(calendar, describe, warnings: list[str]) -> set[str]:
    broken = set()
    for component in calendar.walk("VEVENT"):
        problems = [f"{name}: {err}" for name, err in component.errors if name in _ESSENTIAL]
        if component.get("DTSTART") is None:
            problems.append("no DTSTART")
        if problems:
            broken.add(str(component.get("UID", "")))
            warnings.append(describe(component, "skipped: " + "; ".join(problems)))
    return broken


def _expand(calendar, start, end, describe, warnings) -> list:
    try:
        return list(recurring_ical_events.of(calendar).between(start, end))
    except Exception:  # noqa: BLE001 - retry event by event to isolate the culprit
        pass
    timezones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
    by_uid: dict[str, list] = {}
    for c in calendar.subcomponents:
        if c.name == "VEVENT":
            by_uid.setdefault(str(c.get("UID", "")), []).append(c)
    result = []
    for components in by_uid.values():
        single = icalendar.Calendar()
        for c in [*timezones, *components]:
            single.add_component(c)
        try:
            result.extend(recurring_ical_events.of(single).between(start, end))
        except Exception as exc:  # noqa: BLE001
            warnings.append(describe(components[0], f"skipped: {exc}"))
    return result


def _describe(component, text: str, where: str, what: str, *, with_line: bool = True) -> str:
    uid = str(component.get("UID", "?"))
    summary = str(component.get("SUMMARY", ""))
    line = _line_of(text, f"UID:{uid}") if uid != "?" and with_line else None
    where = f"{where}, line {line}" if line else where
    return f"{where}: event {summary!r} (UID {uid}) {what}"


def _line_of(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _as_datetime(value, zone: tzinfo) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, time.min, tzinfo=zone)
    raise ValueError(f"unexpected date value {value!r}")


def _to_event(component, source: str, zone: tzinfo, me: set[str], in_series: bool) -> Event:
    raw_start = component["DTSTART"].dt
    all_day = not isinstance(raw_start, datetime)
    start = _as_datetime(raw_start, zone)
    if component.get("DTEND") is not None:
        end = _as_datetime(component["DTEND"].dt, zone)
    elif component.get("DURATION") is not None:
        end = start + component["DURATION"].dt
    else:
        end = start + (timedelta(days=1) if all_day else timedelta())
    recurrence = component.get("RECURRENCE-ID")
    recurrence_id = ""
    if recurrence is not None and in_series:
        recurrence_id = _as_datetime(recurrence.dt, zone).isoformat()
    organizer = _attendee(component.get("ORGANIZER"), me, organizer=True)
    attendees = component.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    people = tuple(a for a in (_attendee(x, me) for x in attendees) if a is not None)
    if organizer is not None:
        people = tuple(
            Attendee(**{**a.__dict__, "is_organizer": True}) if a.email == organizer.email else a
            for a in people
        )
    description = str(component.get("DESCRIPTION", ""))
    location = str(component.get("LOCATION", ""))
    video = str(component.get("URL", "")) if _VIDEO_URL.match(str(component.get("URL", ""))) else ""
    if not video:
        found = _VIDEO_URL.search(f"{location}\n{description}")
        video = found.group(0) if found else ""
    return Event(
        uid=str(component.get("UID", "")),
        summary=str(component.get("SUMMARY", "")),
        start=start,
        end=end,
        source=source,
        recurrence_id=recurrence_id,
        description=description,
        location=location,
        status=str(component.get("STATUS", "CONFIRMED")).lower(),
        all_day=all_day,
        organizer=organizer,
        attendees=people,
        video_url=video,
        categories=tuple(str(c) for c in getattr(component, "categories", [])),
    )


def _first(value):
    """One value of a property or parameter that a broken calendar gave twice."""
    while isinstance(value, list | tuple):
        value = value[0] if value else None
    return value


def _attendee(value, me: set[str], organizer: bool = False) -> Attendee | None:
    value = _first(value)
    if value is None:
        return None
    params = getattr(value, "params", {})
    email = plain_address(str(value))
    if email is None:
        email = plain_address(str(_first(params.get("EMAIL", ""))) or "")
        if email is None:
            return None
    return Attendee(
        email=email,
        name=name_text(str(_first(params.get("CN", "")) or "")).strip('"').strip(),
        kind=_KINDS.get(str(_first(params.get("CUTYPE", "INDIVIDUAL"))).upper(), "person"),
        response=str(_first(params.get("PARTSTAT", "NEEDS-ACTION"))).lower(),
        is_self=email in me,
        is_organizer=organizer,
        optional=str(_first(params.get("ROLE", ""))).upper() == "OPT-PARTICIPANT",
    )
