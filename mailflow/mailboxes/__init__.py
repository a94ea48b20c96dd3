"""Mailbox backends. Adding a backend is adding a module and one line here."""

from __future__ import annotations

from mailflow.calendars.base import SyncCache
from mailflow.config import Config
from mailflow.mailboxes.base import Mailbox
from mailflow.registry import load_class

#: backend -> "module:Class"; imported only when used
BACKENDS = {
    "maildir": "mailflow.mailboxes.maildir:MaildirMailbox",
    "gmail": "mailflow.mailboxes.gmail:GmailMailbox",
    "outlook": "mailflow.mailboxes.outlook:OutlookMailbox",
    "imap": "mailflow.mailboxes.imap:ImapMailbox",
}


def open_mailbox(config: Config, cache: SyncCache | None = None) -> Mailbox:
    """Build the configured mailbox. Each backend class takes ``(config, cache)``."""
    from mailflow.errors import ConfigError

    name = config.mail.backend
    mailbox_class = load_class(BACKENDS[name], ConfigError, f"[mail] backend: the {name} mailbox")
    return mailbox_class(config, cache)
