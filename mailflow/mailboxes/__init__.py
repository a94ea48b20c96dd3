"""Mailbox backends. Adding a backend is adding a module and one line here."""

from __future__ import annotations

import importlib

from mailflow.calendars.base import SyncCache
from mailflow.config import Config
from mailflow.mailboxes.base import Mailbox

#: backend -> "module:Class"; imported only when used
BACKENDS = {
    "maildir": "mailflow.mailboxes.maildir:MaildirMailbox",
    "gmail": "mailflow.mailboxes.gmail:GmailMailbox",
    "outlook": "mailflow.mailboxes.outlook:OutlookMailbox",
    "imap": "mailflow.mailboxes.imap:ImapMailbox",
}


def open_mailbox(config: Config, cache: SyncCache | None = None) -> Mailbox:
    """Build the configured mailbox. Each backend class takes ``(config, cache)``."""
    name = config.mail.backend
    module_name, _, class_name = BACKENDS[name].partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        from mailflow.errors import ConfigError

        raise ConfigError(
            f"[mail] backend: the {name} mailbox is not available ({exc.name} missing)",
            hint="reinstall mailflow with its dependencies, or choose another backend",
        ) from None
    return getattr(module, class_name)(config, cache)
