"""A plain event or series read without icalendar's components and the expansion's
calendar-wide pass.

Each property is read as icalendar's parser reads it: the line split as
``Contentline.parts`` splits it (``ics_parse.plain_split``), the value made by the
same type (``TypesFactory.for_property``), with the TZID of the same properties
(``ComponentIcalParser.datetime_names``). The times go through the same
``X-WR-TIMEZONE`` change as the expansion (x-wr-timezone's own walker, on the same
properties), and the occurrences are recurring-ical-events' own ``Series`` of the
group's events (``EventAdapter``), as ``recurring_ical_events.of`` makes it: the
rules, EXDATEs, RDATEs, overrides, the span, the window's edges, dates and floating
times all as the library has them. What is left out is the copying: the icalendar
``Calendar`` and ``Event`` built for each event, the calendar the time zone change
copies, and the expansion's copy of each occurrence (``ics_read._occurrence_event``).

Anything else — a line that is not plain, a property not read here, one that may be
given once given twice, a value icalendar would refuse or keep as broken, a date
that is not one, events of one group that the library would not take as one series
— gives None, and the events are read by the parser and the expansion as before.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, vText
from icalendar.parser.ical.component import ComponentIcalParser
from recurring_ical_events import EventAdapter, Series
from x_wr_timezone import UTCChangingWalker

from mailflow.calendars.ics_parse import plain_split

#: the properties read here: what ``ics_read`` and the expansion read of an event
_NAMES = frozenset({"UID", "DTSTART", "DTEND", "DURATION", "SUMMARY", "DESCRIPTION", "LOCATION", "URL",
                    "STATUS", "ORGANIZER", "ATTENDEE", "SEQUENCE", "RRULE", "RDATE", "EXDATE",
                    "RECURRENCE-ID"})
#: the ones an event may hold more than once (the parser keeps a list)
_REPEATED = frozenset({"ATTENDEE", "RRULE", "RDATE", "EXDATE"})
#: icalendar's parser hands these their TZID
_TIMES = frozenset(ComponentIcalParser.datetime_names)
_KINDS = {"DTSTART": date, "DTEND": date, "DURATION": timedelta}
#: lines that come back in event after event (the same people): their values are read once
#: and shared, as nothing changes a value once read
_PEOPLE = frozenset({"ATTENDEE", "ORGANIZER"})
_PEOPLE_KEPT = 20_000


class Properties(dict):
    """An event's properties by name, as the parser's component holds them (none broken)."""

    errors: tuple = ()


class PlainReader:
    """Reads the events' texts (``ics_text.trimmed``) of one calendar."""

    def __init__(self, x_wr_timezone: str):
        self.types = Calendar.types_factory
        self.factories: dict = {}
        #: ATTENDEE and ORGANIZER lines read so far: (name, value)
        self.people: dict[str, tuple] = {}
        self.walker = UTCChangingWalker(ZoneInfo(x_wr_timezone)) if x_wr_timezone else None

    def properties(self, text: str) -> Properties | None:
        """The event's properties as icalendar's parser would give them (the time zone
        change done), or None."""
        lines = text.split("\r\n")
        if len(lines) < 3 or lines[0] != "BEGIN:VEVENT" or lines[-2] != "END:VEVENT" or lines[-1]:
            return None
        found = Properties()
        for line in lines[1:-2]:
            known = self.people.get(line)
            if known is not None:
                name, made = known
                if name in found and name not in _REPEATED:
                    return None
                if name in found:
                    kept = found[name]
                    found[name] = kept + [made] if isinstance(kept, list) else [kept, made]
                else:
                    found[name] = made
                continue
            if line[:1] in (" ", "\t"):
                return None
            parts = plain_split(line)
            if parts is None:
                return None
            name, params, value = parts
            name = name.upper()
            if name not in _NAMES or (name in found and name not in _REPEATED):
                return None
            if name == "RDATE" and not value:
                return None  # the parser's own case
            try:
                kind = (name, None if params is None else params.value)
            except Exception:  # noqa: BLE001 - a VALUE given twice: the parser says what it means
                return None
            factory = self.factories.get(kind)
            if factory is None:
                factory = self.types.for_property(*kind)
                # a type that reads the raw line (not unescaped) is left to the parser
                self.factories[kind] = factory = (
                    False if getattr(factory, "get_value_from_content_line", None) is not None else factory)
            if factory is False:
                return None
            if factory is vText:
                # what the parser keeps is a vText of this string (``vText.from_ical``): read
                # as text (``str``), it is this string
                made = value
            else:
                tzid = params.get("TZID") if params and name in _TIMES else None
                try:
                    made = factory(factory.from_ical(value, tzid) if tzid else factory.from_ical(value))
                except Exception:  # noqa: BLE001 - the parser decides what such a value means
                    return None
                if params is not None:
                    made.params = params
                if name in _PEOPLE:
                    if len(self.people) >= _PEOPLE_KEPT:
                        self.people.clear()
                    self.people[line] = (name, made)
            if name in found:
                kept = found[name]
                found[name] = kept + [made] if isinstance(kept, list) else [kept, made]
            else:
                found[name] = made
        if "DTSTART" not in found:
            return None
        for name, kind in _KINDS.items():
            if name in found and not isinstance(getattr(found[name], "dt", None), kind):
                return None
        if self.walker is not None:
            for name in self.walker.VALUE_ATTRIBUTES:
                if name in found:
                    found[name] = self.walker.walk_value(found[name])
        return found

    @staticmethod
    def series(events: list[Properties]):
        """The library's ``Series`` of one group's events, or None when the library would
        not take them as one series."""
        adapters = [EventAdapter(event) for event in events]
        if len({adapter.uid for adapter in adapters}) != 1:
            return None
        try:
            return Series(adapters)
        except Exception:  # noqa: BLE001 - the expansion says what is wrong with it
            return None
