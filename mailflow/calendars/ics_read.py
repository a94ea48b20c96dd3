"""iCalendar text -> the occurrences of a window, under ``[limits]``.

``parse_events`` is what the ICS and CalDAV sources call. The text is first
scanned without a parser (``ics_text``); then only the events that can matter
for the window are read, each event cut down to the properties mailflow reads,
with the file's VTIMEZONEs and ``X-WR-TIMEZONE``. A group (an event, or a series
with its overrides) whose lines are plain is read from its properties
(``ics_plain``); the others are parsed (icalendar, ``ics_parse``) in batches.
Recurrences are expanded by recurring-ical-events one series at a time.

What goes wrong stays with the event it happened in, with one warning naming
it (the source, the line, its summary and UID):
- an event that does not parse, or lacks a readable DTSTART, is skipped; for a
  series the whole series is, since its other occurrences would be wrong;
- an event cut off before its END (a truncated file, an unclosed component
  before it) is skipped;
- ``[limits] attendees``: only the first so many ATTENDEE lines are read;
- ``[limits] occurrences``: a series with more occurrences in the window, one
  repeating more often than daily or with INTERVAL=0, or one whose expansion
  would have to step through centuries before the window, is skipped; so is one
  whose expansion takes more than ``limits.SERIES_SECONDS`` (a rule that can
  never match makes the library search to the year 9999);
- an event holding more than ``MAX_EVENT_BYTES`` of what mailflow reads is skipped.
A calendar as a whole fails (``SourceError``) only when it is not a calendar,
has more than ``MAX_OCCURRENCES`` occurrences in the window, or cannot be read
within ``[limits] parse_seconds``.

The calendar libraries are imported inside the functions that need them, so a
run on an unchanged calendar, served from the cache, never loads them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

from mailflow.calendars import ics_text
from mailflow.calendars.base import FetchResult
from mailflow.calendars.ics_text import Block, Layout
from mailflow.calendars.limits import SERIES_SECONDS, Budget, OutOfTime, many_occurrences
from mailflow.config import Limits
from mailflow.errors import SourceError
from mailflow.model import Attendee, Event
from mailflow.untrusted import name_text, plain_address

_VIDEO_URL = re.compile(
    r"https://[\w.-]*(zoom\.us|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|"
    r"webex\.com|whereby\.com|chime\.aws|bluejeans\.com)/[^\s<>\"']*",
    re.IGNORECASE,
)
#: properties whose parse errors make an event unusable
_ESSENTIAL = {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"}
_KINDS = {"ROOM": "room", "RESOURCE": "resource", "GROUP": "group", "UNKNOWN": "person"}
#: occurrences one calendar may give for a window: a run's window holds hundreds, and
#: this many keep a run under 500 MB (about 400 MB at twice as many); a scan over
#: years of a busy calendar may need a shorter window
MAX_OCCURRENCES = 50_000
#: what mailflow reads of one event (title, description, attendees...) is a few
#: kilobytes; more is an attack or an export gone wrong
MAX_EVENT_BYTES = 1_000_000
#: events parsed in one go: few enough that one bad event costs little to isolate
BATCH_EVENTS = 200
#: warnings kept per calendar; the rest are counted in one more line
MAX_WARNINGS = 50
#: the expansion library steps from DTSTART through every period up to the
#: window: the estimated cost of that, in about a microsecond of work each, that a
#: series may have (a daily event from 1950, a yearly one from year 1)
MAX_STEPPING = 300_000
#: a series may not even be asked for more than this many times the occurrence
#: limit in the window: the library lists them all before they can be counted
_LISTING_FACTOR = 10
_PERIOD_DAYS = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 28, "YEARLY": 365}
_BY_PARTS = ("BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH")


def parse_events(
    text: str | bytes,
    start: datetime,
    end: datetime,
    *,
    source: str,
    zone: tzinfo,
    me: set[str] | frozenset[str] = frozenset(),
    origin: str = "",
    limits: Limits | None = None,
    budget: Budget | None = None,
    prefilter: bool = True,
) -> FetchResult:
    """Occurrences of the events in ``text`` that overlap ``[start, end)``.

    ``source`` goes into each ``Event.source``. ``origin`` says where ``text``
    came from in messages (a CalDAV object's address, say); by default that is
    ``source`` and the line in ``text``. ``prefilter=False`` parses every event
    (the pre-filter's reference).

    Raises ``SourceError`` when ``text`` is not a calendar at all, or a limit of
    the whole calendar is passed; a broken event is left out with a warning.
    """
    limits = limits or Limits()
    budget = budget or Budget(limits.parse_seconds, origin or source)
    data = ics_text.decode_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    layout = ics_text.scan(data, budget.check)
    blocks = ics_text.select(layout, start, end) if prefilter else None
    return read(layout, layout.events if blocks is None else blocks, start, end, source=source, zone=zone,
                me=me, origin=origin, limits=limits, budget=budget)


def read(layout: Layout, blocks: list[Block], start: datetime, end: datetime, *, source: str, zone: tzinfo,
         me: set[str] | frozenset[str], limits: Limits, budget: Budget, origin: str = "") -> FetchResult:
    """The occurrences in ``[start, end)`` of the event ``blocks`` of ``layout``
    (whole UID groups, as ``ics_text.select`` gives them)."""
    if not layout.is_calendar:
        raise SourceError(
            f"calendar {origin or source}: not a valid iCalendar file (no BEGIN:VCALENDAR)",
            hint="check that the file or URL serves text/calendar data",
        )
    if not layout.events and not layout.unclosed and ics_text.has_event_text(layout):
        raise SourceError(
            f"calendar {origin or source}: holds event text (line {ics_text.event_text_line(layout)}) but no "
            "event could be read from it; nothing was taken from this calendar",
            hint="check that the file is an iCalendar export (BEGIN:VEVENT ... END:VEVENT blocks)",
        )
    reader = _Reader(layout, source, origin, zone, frozenset(me), limits, budget)
    for block in layout.unclosed:
        reader.warn(block, "is cut off before its END:VEVENT (a truncated file, or a component "
                           "left open before it); skipped")
    if not blocks:
        return reader.result()
    reader.load_timezones()
    batch: list[Block] = []
    # the events of each group in the groups' order: a plain group read on its own
    # (``_Reader.plain``), the others from their batch
    pending: list[tuple[bytes | int, list[Event] | None]] = []
    size = 0
    for group in ics_text.groups(blocks):
        events = reader.plain(group, start, end)
        if events is None:
            batch.extend(group)
        pending.append((_group_key(group[0]), events))
        size += len(group)
        if size >= BATCH_EVENTS:
            reader.flush(batch, pending, start, end)
            batch, pending, size = [], [], 0
    if pending:
        reader.flush(batch, pending, start, end)
    return reader.result()


@dataclass
class _Reader:
    layout: Layout
    source: str
    origin: str
    zone: tzinfo
    me: frozenset[str]
    limits: Limits
    budget: Budget
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    more_warnings: int = 0
    x_wr_timezone: str = ""
    #: the people of each series, read once (``_to_event``)
    people_of: dict = field(default_factory=dict)
    #: the events of the batch being read, by group (``_group_key``)
    found: dict = field(default_factory=dict)
    #: events read so far
    count: int = 0
    #: series of plain groups left out in the batch being read, and why (``_later``)
    failed: list = field(default_factory=list)
    #: what plain events are read with (``plain``), made when first needed
    plain_reader: Any = None

    # ---- messages ----------------------------------------------------------------

    def warn(self, block: Block | None, what: str) -> None:
        if len(self.warnings) >= MAX_WARNINGS:
            self.more_warnings += 1
            return
        if block is None:
            self.warnings.append(f"{self.origin or self.source}: {what}")
            return
        uid = _short(block.uid.decode("utf-8", "replace")) if block.uid is not None else "?"
        summary = _short(ics_text.property_text(self.layout, block, b"SUMMARY"))
        where = self.origin or f"{self.source}, line {self.layout.line_of(block.start)}"
        self.warnings.append(f"{where}: event {summary!r} (UID {uid}) {what}")

    def result(self) -> FetchResult:
        warnings = list(self.warnings)
        if self.more_warnings:
            warnings.append(f"{self.origin or self.source}: {self.more_warnings} more problems like these")
        return FetchResult(events=self.events, warnings=warnings)

    # ---- time zones ----------------------------------------------------------------

    def load_timezones(self) -> None:
        """Parse the VTIMEZONEs: icalendar remembers them by TZID for the events
        parsed after. One that does not parse is left out with a warning."""
        import icalendar

        layout = self.layout
        texts = [_text(layout, b) for b in layout.timezones]
        with self.budget.slice():
            if texts:
                try:
                    icalendar.Calendar.from_ical(_wrap(texts))
                except Exception:  # noqa: BLE001 - find which one, below
                    for block, text in zip(layout.timezones, texts):
                        try:
                            icalendar.Calendar.from_ical(_wrap([text]))
                        except Exception as exc:  # noqa: BLE001 - any failure: leave it out
                            tzid = _short(ics_text.property_text(layout, block, b"TZID"))
                            where = self.origin or f"{self.source}, line {layout.line_of(block.start)}"
                            self.warnings.append(f"{where}: time zone {tzid!r} left out ({_reason(exc)}); "
                                                 "events using it may be skipped")
        self.x_wr_timezone = _zone_name(layout.x_wr_timezone)
        if layout.x_wr_timezone and not self.x_wr_timezone:
            self.warn(None, f"X-WR-TIMEZONE {_short(layout.x_wr_timezone)!r} is not a known time zone; ignored")

    # ---- events ---------------------------------------------------------------------

    def flush(self, batch: list[Block], pending: list, start: datetime, end: datetime) -> None:
        """Read ``batch`` and add the events of ``pending``'s groups in their order."""
        self.found = {}
        if batch:
            self.read_batch(batch, start, end)
        for block, what in self.failed:
            self._series_failed(block, what)
        self.failed = []
        for key, events in pending:
            self.events.extend(self.found.pop(key, ()) if events is None else events)
        for events in self.found.values():  # a series the library named otherwise
            self.events.extend(events)
        self.found = {}

    def add(self, block: Block | None, event: Event, start: datetime, end: datetime) -> None:
        self.found.setdefault(None if block is None else _group_key(block), []).append(event)
        self.counted(1, start, end)

    def counted(self, added: int, start: datetime, end: datetime) -> None:
        self.count += added
        if self.count > MAX_OCCURRENCES:
            raise SourceError(
                f"calendar {self.origin or self.source}: more than {MAX_OCCURRENCES} events in the "
                f"window from {start:%Y-%m-%d} to {end:%Y-%m-%d}; mailflow reads at most that many",
                hint="a shorter window (`scan --since/--until`, [policy] lookback_days) reads fewer",
            )

    def plain(self, group: list[Block], start: datetime, end: datetime) -> list[Event] | None:
        """The occurrences of a group (one event, or a series with its overrides) read from
        its properties without the parser's components and the expansion's copies
        (``ics_plain``); None when the group is not that plain, or something in it would
        be warned of (then the batch reads it, and says so)."""
        if any(block.doubt or block.uid is None for block in group):
            return None
        if self.plain_reader is None:
            from mailflow.calendars.ics_plain import PlainReader

            self.plain_reader = PlainReader(self.x_wr_timezone)
        texts = []
        for block in group:
            text, attendees = ics_text.trimmed(self.layout, block, self.limits.attendees)
            if attendees > self.limits.attendees or len(text) > MAX_EVENT_BYTES:
                return None
            texts.append(text)
        with self.budget.slice():
            components = [self.plain_reader.properties(text) for text in texts]
            if any(c is None or _unusable(c) or self._rule_problem(c, start, end) for c in components):
                return None
            series = self.plain_reader.series(components)
            if series is None:
                return None
            in_series = any(c.get(p) is not None for c in components for p in ("RRULE", "RDATE", "RECURRENCE-ID"))
            if not any(c.get(p) is not None for c in components for p in ("RRULE", "RDATE")):
                # no rule, no dates: the occurrences are the events themselves, found at once
                # (the time slice of a series' expansion is left out: one costs more than this)
                try:
                    occurrences = _occurrences(series, start, end, self.limits.occurrences)
                except (SourceError, OutOfTime):
                    raise  # the time is up
                except Exception as exc:  # noqa: BLE001 - one odd series must not sink the calendar
                    return self._later(group[0], _expansion_failed(exc, self.limits.occurrences))
                return self._events(occurrences, in_series, start, end)
        occurrences = self._timed_occurrences(series, start, end)
        if isinstance(occurrences, str):
            return self._later(group[0], occurrences)
        with self.budget.slice():
            return self._events(occurrences, in_series, start, end)

    def _events(self, occurrences: list, in_series: bool, start: datetime, end: datetime) -> list[Event] | None:
        try:
            events = [_occurrence_event(o, self.source, self.zone, self.me, in_series, self.people_of)
                      for o in occurrences]
        except Exception:  # noqa: BLE001 - the batch reads it, and says what is wrong
            return None
        self.counted(len(events), start, end)
        return events

    def _later(self, block: Block, what: str) -> list[Event]:
        """A series left out: said when its batch has been read (``flush``), where the
        batch says the same of its own series."""
        self.failed.append((block, what))
        return []

    def read_batch(self, blocks: list[Block], start: datetime, end: datetime) -> None:
        """Parse, check, expand and convert one batch of whole UID groups."""
        texts: list[str] = []
        keep: list[Block] = []
        bad_groups: set[bytes | int] = set()
        for block in blocks:
            text, attendees = ics_text.trimmed(self.layout, block, self.limits.attendees)
            if len(text) > MAX_EVENT_BYTES:
                self.warn(block, f"holds more than {MAX_EVENT_BYTES // 1_000_000} MB of event data; skipped")
                bad_groups.add(_group_key(block))
                continue
            if attendees > self.limits.attendees:
                self.warn(block, f"has {attendees} attendees; only the first {self.limits.attendees} "
                                 "were read ([limits] attendees)")
            texts.append(text)
            keep.append(block)
        with self.budget.slice():
            parsed = self._parse(keep, texts, bad_groups)
        components: list[tuple[Block, Any]] = []
        for block, component in parsed:
            if _group_key(block) in bad_groups:
                continue
            problem = _unusable(component) or self._rule_problem(component, start, end)
            if problem:
                self.warn(block, f"{problem}; skipped" if not block.recurring else f"{problem}; the series is skipped")
                bad_groups.add(_group_key(block))
                continue
            components.append((block, component))
        components = [(b, c) for b, c in components if _group_key(b) not in bad_groups]
        if components:
            self._expand(components, start, end)

    def _parse(self, blocks: list[Block], texts: list[str], bad_groups: set) -> list[tuple[Block, Any]]:
        """(block, VEVENT) for each block that parses; one warning for each that does not."""
        from mailflow.calendars.ics_parse import calendar_from_ical

        try:
            calendar = calendar_from_ical(_wrap(texts))
            found = calendar.subcomponents
            if len(found) == len(blocks) and all(c.name == "VEVENT" for c in found):
                return list(zip(blocks, found))
        except Exception:  # noqa: BLE001 - one of them is bad: find it, below
            pass
        out = []
        for block, text in zip(blocks, texts):
            try:
                (component,) = calendar_from_ical(_wrap([text])).subcomponents
                if component.name != "VEVENT":
                    raise ValueError("not an event")
            except Exception as exc:  # noqa: BLE001 - any failure: leave this event out
                self.warn(block, f"skipped: {_reason(exc)}")
                bad_groups.add(_group_key(block))
                continue
            out.append((block, component))
        return out

    def _rule_problem(self, component: Any, start: datetime, end: datetime) -> str | None:
        """Why expanding this event's RRULE would break a limit, or None."""
        rules = component.get("RRULE")
        if rules is None:
            return None
        first = _first(component["DTSTART"]).dt
        for rule in rules if isinstance(rules, list) else [rules]:
            problem = rule_problem(rule, first, start, end, self.limits.occurrences)
            if problem:
                return problem
        return None

    def _expand(self, components: list[tuple[Block, Any]], start: datetime, end: datetime) -> None:
        """Expand the series of ``components`` one by one, each in a time slice."""
        import icalendar
        import recurring_ical_events

        calendar = icalendar.Calendar()
        if self.x_wr_timezone:
            calendar.add("X-WR-TIMEZONE", self.x_wr_timezone)
        calendar.subcomponents = [c for _, c in components]
        by_uid: dict[str, Block] = {}
        for block, component in components:
            by_uid.setdefault(str(component.get("UID", str(id(component)))), block)
        try:
            with self.budget.slice():
                query = recurring_ical_events.of(calendar)
        except SourceError:
            raise  # the time is up
        except Exception:  # noqa: BLE001 - a series the library cannot take: find it group by group
            groups = _by_group(components)
            if len(groups) > 1:
                for group in groups:
                    self._expand(group, start, end)
            else:  # one group (whatever its UID lines say): it is the one
                self._series_failed(components[0][0], "the expansion of its recurrence failed")
            return
        series_uids = {
            str(c.get("UID", "")) for _, c in components
            if any(c.get(p) is not None for p in ("RRULE", "RDATE", "RECURRENCE-ID"))
        }
        for series in query.series:
            block = by_uid.get(str(series.uid))
            occurrences = self._timed_occurrences(series, start, end)
            if isinstance(occurrences, str):
                self._series_failed(block, occurrences)
                continue
            in_series = str(series.uid) in series_uids
            with self.budget.slice():
                for occurrence in occurrences:
                    try:
                        event = _occurrence_event(occurrence, self.source, self.zone, self.me, in_series,
                                                  self.people_of)
                    except Exception as exc:  # noqa: BLE001 - one odd occurrence must not sink the calendar
                        self.warn(block, f"skipped: {_reason(exc)}")
                        continue
                    self.add(block, event, start, end)

    def _timed_occurrences(self, series: Any, start: datetime, end: datetime) -> list | str:
        """A series' occurrences in the window within its time slice, or what to say of it
        when its expansion failed or took too long (the whole budget's end is raised)."""
        try:
            with self.budget.slice(SERIES_SECONDS):
                return _occurrences(series, start, end, self.limits.occurrences)
        except SourceError:
            raise  # the time is up
        except OutOfTime:
            return f"took more than {SERIES_SECONDS:g} s to expand"
        except Exception as exc:  # noqa: BLE001 - one odd series must not sink the calendar
            return _expansion_failed(exc, self.limits.occurrences)

    def _series_failed(self, block: Block | None, what: str) -> None:
        if block is None:
            self.warn(None, f"a series {what}; left out")
        else:
            self.warn(block, f"{what}; left out")


class _TooMany(Exception):
    """A series has more occurrences in the window than the limit."""


def _expansion_failed(exc: Exception, limit: int) -> str:
    """What to say of a series whose expansion raised ``exc`` (not its time slice)."""
    if isinstance(exc, _TooMany):
        return many_occurrences(limit)
    return f"could not be expanded ({_reason(exc)})"


def _occurrences(series: Any, start: datetime, end: datetime, limit: int) -> list:
    """The occurrences of one series in the window, at most ``limit`` (``_TooMany`` past it)."""
    found = []
    for occurrence in series.between(start, end):
        found.append(occurrence)
        if len(found) > limit:
            raise _TooMany
    return found


def rule_problem(rule: Any, first: date | datetime, start: datetime, end: datetime, limit: int) -> str | None:
    """Why one RRULE (an icalendar ``vRecur``) starting at ``first`` may not be
    expanded over ``[start, end)`` within ``limit`` occurrences, or None.

    Refused: a frequency finer than daily; an INTERVAL below 1 (the expansion
    library never ends); a rule whose BY parts could give more than ten times
    ``limit`` occurrences in the window (the library lists them all before they
    can be counted); one whose expansion would cost more than ``MAX_STEPPING``
    stepping from ``first`` to the window."""
    freq = str(_one(rule.get("FREQ")) or "").upper()
    if freq in ("SECONDLY", "MINUTELY", "HOURLY"):
        return f"repeats {freq.lower()}: more often than daily ([limits] occurrences)"
    if freq not in _PERIOD_DAYS:
        return f"has an unknown repeat frequency {_short(freq)!r}"
    interval = _one(rule.get("INTERVAL"))
    try:
        interval = 1 if interval is None else int(interval)
    except (TypeError, ValueError):
        return "has an unreadable INTERVAL"
    if interval < 1:
        return f"repeats with INTERVAL={interval}, which never moves on"
    per_period = 1
    for part in _BY_PARTS:
        values = rule.get(part)
        if values:
            count = len(values) if isinstance(values, list | tuple) else 1
            if part == "BYDAY" and freq in ("MONTHLY", "YEARLY"):
                count *= 5 if freq == "MONTHLY" else 53  # every Monday of the month, or of the year
            per_period *= count
    period_days = _PERIOD_DAYS[freq] * interval
    low, high = _naive_utc(start), _naive_utc(end)
    listed = (math.ceil((high - low).total_seconds() / 86400 / period_days) + 1) * per_period
    if listed > _LISTING_FACTOR * limit:
        return f"could repeat up to {listed} times in the window, more than {limit} ([limits] occurrences)"
    until = _one(rule.get("UNTIL"))
    stop = min(high, _naive_utc(until)) if isinstance(until, date) else high
    begin = _naive_utc(first)
    periods = max(0.0, (stop - begin).total_seconds() / 86400 / period_days)
    stepping = periods * (4 + _PERIOD_DAYS[freq] * interval / 5 + 3 * per_period)
    if stepping > MAX_STEPPING:
        return (f"starts {begin.date().isoformat()} and repeats {freq.lower()}: too long before the window "
                "to expand ([limits] occurrences)")
    return None


# ---- the parts of an event -----------------------------------------------------------


def _unusable(component: Any) -> str | None:
    """Why an event cannot be placed in time, or None."""
    problems = [f"{name}: {_short(err)}" for name, err in component.errors if name in _ESSENTIAL]
    if problems:
        return "; ".join(problems)
    kinds = {"DTSTART": date, "DTEND": date, "DURATION": timedelta}
    if component.get("DTSTART") is None:
        return "no DTSTART"
    for name, kind in kinds.items():
        value = component.get(name)
        if value is not None and not isinstance(getattr(_first(value), "dt", None), kind):
            return f"{name} is not a {'duration' if kind is timedelta else 'date or time'}"
    return None


def _as_datetime(value, zone: tzinfo) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, time.min, tzinfo=zone)
    raise ValueError(f"unexpected date value {value!r}")


def _occurrence_event(occurrence, source: str, zone: tzinfo, me: frozenset[str], in_series: bool,
                      people_of: dict | None = None) -> Event:
    """The ``Event`` of one occurrence the expansion gave: what ``_to_event`` reads of
    ``occurrence.as_component(False)``, without that copy of the event. The copy is the
    occurrence's event (the series' or its override's) with DTSTART and DTEND set to the
    occurrence's start and end, DURATION, RRULE, RDATE and EXDATE dropped, and a
    RECURRENCE-ID of its start when it had none; ``_to_event`` reads none of the three
    dropped, so the event's own properties stand for the copy's."""
    component = getattr(getattr(occurrence, "_adapter", None), "_component", None)
    if component is None:  # not the library's occurrence as known: its copy
        return _to_event(occurrence.as_component(False), source, zone, me, in_series, people_of)
    recurrence = component.get("RECURRENCE-ID")
    return _event(component, occurrence.start, _as_datetime(occurrence.end, zone),
                  occurrence.start if recurrence is None else _first(recurrence).dt,
                  source, zone, me, in_series, people_of)


def _to_event(component, source: str, zone: tzinfo, me: frozenset[str], in_series: bool,
              people_of: dict | None = None) -> Event:
    """The ``Event`` of one occurrence as a component. ``people_of`` keeps the organizer
    and attendees read for each series: the occurrences of one series share their
    ORGANIZER and ATTENDEE values (the expansion copies the event, not its properties),
    so those are read once per series, not once per occurrence."""
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
    return _event(component, raw_start, end, None if recurrence is None else _first(recurrence).dt,
                  source, zone, me, in_series, people_of)


def _event(component, raw_start, end: datetime, recurrence, source: str, zone: tzinfo, me: frozenset[str],
           in_series: bool, people_of: dict | None) -> Event:
    """The ``Event`` of ``component`` starting at ``raw_start`` (a date or a time as
    read), ending at ``end``, with ``recurrence`` the time of its RECURRENCE-ID (or None)."""
    all_day = not isinstance(raw_start, datetime)
    start = _as_datetime(raw_start, zone)
    recurrence_id = ""
    if recurrence is not None and in_series:
        recurrence_id = _as_datetime(recurrence, zone).isoformat()
    organizer_value, attendees_value = component.get("ORGANIZER"), component.get("ATTENDEE")
    read = people_of.get((id(organizer_value), id(attendees_value))) if people_of is not None else None
    if read is not None and read[0] is organizer_value and read[1] is attendees_value:
        organizer, people = read[2], read[3]
    else:
        organizer, people = _people(organizer_value, attendees_value, me)
        if people_of is not None:  # the values are kept with it: their ids stay theirs
            people_of[(id(organizer_value), id(attendees_value))] = (organizer_value, attendees_value,
                                                                      organizer, people)
    description = _text_value(component.get("DESCRIPTION", ""))
    location = _text_value(component.get("LOCATION", ""))
    url = _text_value(component.get("URL", ""))
    video = url if _VIDEO_URL.match(url) else ""
    if not video:
        found = _VIDEO_URL.search(f"{location}\n{description}")
        video = found.group(0) if found else ""
    return Event(
        uid=_text_value(component.get("UID", "")),
        summary=_text_value(component.get("SUMMARY", "")),
        start=start,
        end=end,
        source=source,
        recurrence_id=recurrence_id,
        description=description,
        location=location,
        status=_text_value(component.get("STATUS", "CONFIRMED")).lower(),
        all_day=all_day,
        organizer=organizer,
        attendees=people,
        video_url=video,
        categories=tuple(str(c) for c in getattr(component, "categories", [])),
    )


def _people(organizer_value, attendees_value, me: frozenset[str]) -> tuple[Attendee | None, tuple[Attendee, ...]]:
    """The organizer and the attendees of an event, the organizer marked among them."""
    organizer = _attendee(organizer_value, me, organizer=True)
    attendees = [] if attendees_value is None else attendees_value
    if not isinstance(attendees, list):
        attendees = [attendees]
    people = tuple(a for a in (_attendee(x, me) for x in attendees) if a is not None)
    if organizer is not None:
        people = tuple(
            Attendee(**{**a.__dict__, "is_organizer": True}) if a.email == organizer.email else a
            for a in people
        )
    return organizer, people


def _first(value):
    """One value of a property or parameter that a broken calendar gave twice."""
    while isinstance(value, list | tuple):
        value = value[0] if value else None
    return value


def _text_value(value) -> str:
    """A text property as one string, the first when it was given twice."""
    value = _first(value)
    return "" if value is None else str(value)


def _attendee(value, me: frozenset[str], organizer: bool = False) -> Attendee | None:
    """An ATTENDEE or ORGANIZER as an ``Attendee``. An address that is not one plain
    address is kept as given (shortened), for ``base.checked`` to leave out with a
    warning naming the event."""
    value = _first(value)
    if value is None:
        return None
    params = getattr(value, "params", {})
    email = plain_address(str(value)) or plain_address(str(_first(params.get("EMAIL", ""))) or "")
    return Attendee(
        email=email or str(value)[:320],
        name=name_text(str(_first(params.get("CN", "")) or "")).strip('"').strip(),
        kind=_KINDS.get(str(_first(params.get("CUTYPE", "INDIVIDUAL"))).upper(), "person"),
        response=str(_first(params.get("PARTSTAT", "NEEDS-ACTION"))).lower(),
        is_self=email in me,
        is_organizer=organizer,
        optional=str(_first(params.get("ROLE", ""))).upper() == "OPT-PARTICIPANT",
    )


# ---- helpers ---------------------------------------------------------------------------


def _wrap(texts: list[str]) -> str:
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//mailflow//EN\r\n" + "".join(texts) + "END:VCALENDAR\r\n"


def _text(layout: Layout, block: Block) -> str:
    """A VTIMEZONE's text for the parser: folds undone before decoding (a fold may
    cut a character in two), ``BEGIN:STANDARD `` read without its trailing blank."""
    raw = ics_text.unfold(layout.data[block.start:block.end])
    raw = ics_text.tidy_controls(raw)
    return raw.decode("utf-8", errors="replace").rstrip("\r\n") + "\r\n"


def _group_key(block: Block) -> bytes | int:
    return block.uid if block.uid is not None else id(block)


def _by_group(components: list[tuple[Block, Any]]) -> list[list[tuple[Block, Any]]]:
    groups: dict[bytes | int, list[tuple[Block, Any]]] = {}
    for block, component in components:
        groups.setdefault(_group_key(block), []).append((block, component))
    return list(groups.values())


def _zone_name(name: str) -> str:
    """An IANA zone name for ``X-WR-TIMEZONE`` (Windows names mapped), or "" when unknown."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = name.strip()
    if not name or len(name) > 200:
        return ""
    try:
        ZoneInfo(name)
        return name
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass
    from tzlocal.windows_tz import win_tz

    return win_tz.get(name, "")


def _one(value):
    """The first of a ``vRecur`` part's values."""
    if isinstance(value, list | tuple):
        return value[0] if value else None
    return value


def _naive_utc(moment: date | datetime) -> datetime:
    if not isinstance(moment, datetime):
        return datetime.combine(moment, time.min)
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _short(text: str, length: int = 80) -> str:
    text = name_text(str(text)[:4 * length])  # a title of megabytes is cut before it is cleaned
    return text if len(text) <= length else text[:length - 1] + "…"


def _reason(exc: BaseException) -> str:
    """An exception as a short message, without the paths and long values some carry."""
    if isinstance(exc, OSError):
        return f"{type(exc).__name__}: {exc.strerror or 'cannot be used'}"
    return _short(f"{type(exc).__name__}: {exc}", 160)
