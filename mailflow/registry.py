"""The one list of calendar source types, mailbox backends and login providers.

Each entry pairs a name (the ``[[calendars]] type``, the ``[mail] backend``, the
``mailflow auth`` argument) with its settings dataclass (its config schema) and
the ``"module:name"`` of the class or function that does the work. The config and
the command line's choices read these tables; the settings classes are light
(the ``settings`` package),
so reading a config imports no backend. The backend modules are imported only
when one is opened (``load``), so heavy clients (Google, MSAL, CalDAV) stay
unloaded for everyone else.

Adding a backend is one module (its class, whose constructor takes its settings,
the shared settings and, for a mailbox, its sync cache), its settings dataclass,
one line here, and one test class running its contract (``tests/backends/``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from mailflow.settings.calendars import (
    CalDavSettings,
    GoogleCalendarSettings,
    IcsSettings,
    OutlookCalendarSettings,
)
from mailflow.errors import ConfigError, MailflowError, SourceError
from mailflow.settings.mailboxes import GmailSettings, ImapSettings, MaildirSettings, OutlookSettings


@dataclass(frozen=True)
class Entry:
    """One backend: its settings dataclass and where its class lives."""

    settings: type
    spec: str  # "module:Class"
    #: the ``[providers.NAME]`` login it needs ("" = none, or its own section has it)
    login: str = ""


#: ``[[calendars]] type`` -> its entry
CALENDARS = {
    "ics": Entry(IcsSettings, "mailflow.calendars.ics:IcsSource"),
    "google": Entry(GoogleCalendarSettings, "mailflow.calendars.google:GoogleCalendarSource", "google"),
    "outlook": Entry(OutlookCalendarSettings, "mailflow.calendars.outlook:OutlookCalendarSource", "microsoft"),
    "caldav": Entry(CalDavSettings, "mailflow.calendars.caldav:CalDavSource"),
}

#: ``[mail] backend`` (and ``[mail.NAME]``) -> its entry
MAILBOXES = {
    "maildir": Entry(MaildirSettings, "mailflow.mailboxes.maildir:MaildirMailbox"),
    "gmail": Entry(GmailSettings, "mailflow.mailboxes.gmail:GmailMailbox", "google"),
    "outlook": Entry(OutlookSettings, "mailflow.mailboxes.outlook:OutlookMailbox", "microsoft"),
    "imap": Entry(ImapSettings, "mailflow.mailboxes.imap:ImapMailbox"),
}

#: ``mailflow auth NAME`` -> the login function, and where its settings are in the config
#: (``providers.google``: the ``[providers.google]`` section; ``mail.imap``: ``[mail.imap]``)
LOGINS = {
    "google": ("mailflow.providers.google.login:login", "providers.google"),
    "outlook": ("mailflow.providers.microsoft.login:login", "providers.microsoft"),
    "imap": ("mailflow.providers.imap:login", "mail.imap"),
}


def load(spec: str, error: type[MailflowError], what: str) -> Any:
    """The object named by ``"module:name"``; a missing module raises ``error``
    saying that ``what`` is not available."""
    module_name, _, name = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise error(
            f"{what} is not available ({exc.name} missing)",
            hint="reinstall mailflow with its dependencies, or choose another backend",
        ) from None
    return getattr(module, name)


def open_source(settings: Any, shared: Any) -> Any:
    """The ``CalendarSource`` for one ``[[calendars]]`` entry (``settings``), given the
    ``config.Shared`` settings. Raises ``SourceError`` when its module cannot be loaded."""
    source_class = load(CALENDARS[settings.type].spec, SourceError,
                        f"calendar {settings.label}: the {settings.type} source")
    return source_class(settings, shared)


def open_mailbox(mail: Any, shared: Any, cache: Any = None) -> Any:
    """The configured ``Mailbox`` (``mail``: the config's ``[mail]``) with its sync cache."""
    name = mail.backend
    mailbox_class = load(MAILBOXES[name].spec, ConfigError, f"[mail] backend: the {name} mailbox")
    return mailbox_class(mail.section(name), shared, cache)


def login(provider: str) -> tuple[Any, str]:
    """The login function of ``mailflow auth PROVIDER`` and where its settings are."""
    spec, where = LOGINS[provider]
    return load(spec, ConfigError, f"`mailflow auth {provider}`"), where
