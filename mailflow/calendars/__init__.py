"""Calendar sources. Adding a backend is adding a module and one line here."""

from __future__ import annotations

import importlib

from mailflow.calendars.base import CalendarSource
from mailflow.config import CalendarConfig, Config

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
    module_name, _, class_name = BACKENDS[cal.type].partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        from mailflow.errors import SourceError

        raise SourceError(
            f"calendar {cal.label}: the {cal.type} source is not available ({exc.name} missing)",
            hint="reinstall mailflow with its dependencies",
        ) from None
    return getattr(module, class_name)(cal, config)
