"""Each calendar source type's ``[[calendars]]`` entry, as a dataclass: its config schema.

Light on purpose: the config reads these without importing any source (and so
without icalendar, Google's client, msal or caldav). ``registry.CALENDARS``
pairs each with its source class; a source's constructor takes its own entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mailflow.untrusted import redact_url


@dataclass
class CalendarSettings:
    """What every ``[[calendars]]`` entry has; each source type adds its keys."""

    #: the source type: a name from ``registry.CALENDARS``
    type: str = "ics"
    #: a label used in messages; defaults to what the source type shows
    name: str = ""

    @property
    def label(self) -> str:
        """How messages name this calendar."""
        return self.name or self.type

    def problem(self) -> tuple[str, str] | None:
        """(key, what is wrong) when the settings cannot work together, else None."""
        return None

    def local_files(self) -> tuple[str, ...] | None:
        """The files on this machine that hold the whole calendar (paths as written
        in the config), or None when it lives elsewhere and must be asked."""
        return None


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

    def local_files(self) -> tuple[str, ...] | None:
        return (self.path,) if self.path and not self.url else None


@dataclass
class CalDavSettings(CalendarSettings):
    """``type = "caldav"``: a CalDAV server (Nextcloud, Fastmail, iCloud, Radicale)."""

    url: str = ""
    username: str = ""
    #: a command that prints the password
    password_cmd: str = ""
    #: collection names as the calendar app shows them ([] = all)
    calendars: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.name or (redact_url(self.url) if self.url else self.type)

    def problem(self) -> tuple[str, str] | None:
        return None if self.url else ("", "a caldav calendar needs `url`")


@dataclass
class GoogleCalendarSettings(CalendarSettings):
    """``type = "google"``: calendars of the account of ``mailflow auth google``
    (the login is ``[providers.google]``)."""

    #: calendar ids ([] = the primary calendar)
    calendars: list[str] = field(default_factory=list)
    #: API base address override (emulators, tests); empty = the real service
    endpoint: str = ""

    @property
    def label(self) -> str:
        return self.name or "Google Calendar"


@dataclass
class OutlookCalendarSettings(CalendarSettings):
    """``type = "outlook"``: calendars of the account of ``mailflow auth outlook``
    (the login is ``[providers.microsoft]``)."""

    #: calendar names ([] = the default calendar)
    calendars: list[str] = field(default_factory=list)
    #: Graph base address override (tests); empty = [providers.microsoft] endpoint, else the real service
    endpoint: str = ""

    @property
    def label(self) -> str:
        return self.name or ("outlook: " + ", ".join(self.calendars) if self.calendars else "outlook")
