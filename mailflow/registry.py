"""The one list of calendar source types, mailbox backends and login providers.

The config's allowed values, the command line's choices and the loaders all
read these tables. Adding a backend is one module (a class with a ``Settings``
dataclass: its config schema, and a constructor taking ``(settings, shared,
...)``) plus one line here. Modules are imported only when used, so heavy
clients (Google, MSAL, CalDAV) stay unloaded for everyone else.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from mailflow.errors import ConfigError, MailflowError, SourceError

if TYPE_CHECKING:
    from mailflow.calendars.base import CalendarSource
    from mailflow.config import CalendarSettings, MailConfig, Shared
    from mailflow.mailboxes.base import Mailbox
    from mailflow.model import SyncCache

#: ``[[calendars]] type`` -> "module:Class"
CALENDARS = {
    "ics": "mailflow.calendars.ics:IcsSource",
    "google": "mailflow.calendars.google:GoogleCalendarSource",
    "outlook": "mailflow.calendars.outlook:OutlookCalendarSource",
    "caldav": "mailflow.calendars.caldav:CalDavSource",
}

#: ``[mail] backend`` (and ``[mail.NAME]``) -> "module:Class"
MAILBOXES = {
    "maildir": "mailflow.mailboxes.maildir:MaildirMailbox",
    "gmail": "mailflow.mailboxes.gmail:GmailMailbox",
    "outlook": "mailflow.mailboxes.outlook:OutlookMailbox",
    "imap": "mailflow.mailboxes.imap:ImapMailbox",
}

#: ``mailflow auth NAME`` -> ("module:function", the ``[mail.NAME]`` section holding its settings)
LOGINS = {
    "google": ("mailflow.providers.google.login:login", "gmail"),
    "outlook": ("mailflow.providers.microsoft.login:login", "outlook"),
    "imap": ("mailflow.providers.imap:login", "imap"),
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


def settings_class(table: dict[str, str], name: str) -> type:
    """The ``Settings`` dataclass of backend ``name`` in ``table``: its config schema."""
    return load(table[name], ConfigError, f"{name!r}").Settings


def open_source(settings: CalendarSettings, shared: Shared) -> CalendarSource:
    """The source for one ``[[calendars]]`` entry. Raises ``SourceError`` when its
    module cannot be loaded."""
    source_class = load(CALENDARS[settings.type], SourceError,
                        f"calendar {settings.label}: the {settings.type} source")
    return source_class(settings, shared)


def open_mailbox(mail: MailConfig, shared: Shared, cache: SyncCache | None = None) -> Mailbox:
    """The configured mailbox, with its ``[mail.NAME]`` section."""
    name = mail.backend
    mailbox_class = load(MAILBOXES[name], ConfigError, f"[mail] backend: the {name} mailbox")
    return mailbox_class(mail.section(name), shared, cache)


def login(provider: str) -> tuple[Any, str]:
    """The login function of ``mailflow auth PROVIDER`` and the mail section it reads."""
    spec, section = LOGINS[provider]
    return load(spec, ConfigError, f"`mailflow auth {provider}`"), section
