"""Calendar sources. Adding a backend is adding a module and one line here."""

from __future__ import annotations

from mailflow.calendars.base import CalendarSource
from mailflow.config import CalendarConfig, Config
from mailflow.registry import load_class

#: type -> "module:Class"; imported only when used, so heavy clients stay unloaded
BACKENDS = {
    "ics": "mailflow.calendars.ics:IcsSource",
    "google": "mailflow.calendars.google:GoogleCalendarSource",
    "outlook": "mailflow.calendars.outlook:OutlookCalendarSource",
    "caldav": "mailflow.calendars.caldav:CalDavSource",
}


def open_source(cal: CalendarConfig, config: Config) -> CalendarSource:
    """Build the source for one ``[[calendars]]`` entry.

    Each backend class takes ``(cal, config)``. Raises ``SourceError`` when the
    backend is not available.
    """
    from mailflow.errors import SourceError

    source_class = load_class(BACKENDS[cal.type], SourceError, f"calendar {cal.label}: the {cal.type} source")
    return source_class(cal, config)
