"""Each mailbox backend's ``[mail.NAME]`` section, as a dataclass: its config schema.

Light on purpose: the config reads these without importing any backend (and so
without Google's, Microsoft's or the IMAP client). ``registry.MAILBOXES`` pairs
each with its backend class; a backend's constructor takes its own section.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mailflow.settings.providers import ImapAccount


@dataclass
class MaildirSettings:
    """``[mail.maildir]``: folders on this machine, relative to the config file."""

    #: the Maildir drafts are written to
    path: str = "drafts"
    #: a Maildir your client files sent mail into ("" = none: use `mailflow mark-sent`)
    sent: str = ""
    #: a Maildir of received mail, for reply detection ("" = none)
    inbox: str = ""

    def local_files(self) -> tuple[str, ...]:
        """The folders whose listing changes when a message comes, goes or is
        renamed (a flag set, a draft saved): each folder's ``cur`` and ``new``."""
        return tuple(f"{folder}/{sub}" for folder in (self.path, self.sent, self.inbox) if folder
                     for sub in ("cur", "new"))


@dataclass
class ImapSettings(ImapAccount):
    """``[mail.imap]``: the account, and the folders mailflow uses."""

    drafts_folder: str = "Drafts"
    sent_folder: str = "Sent"
    inbox_folder: str = "INBOX"
    #: more folders where replies may land (a rule's folder); INBOX and the junk folder are always read
    reply_folders: list[str] = field(default_factory=list)

    def local_files(self) -> None:
        """None: the mailbox is on a server and must be asked."""
        return None


@dataclass
class GmailSettings:
    """``[mail.gmail]``: the login is ``[providers.google]``; this is only the API's address."""

    #: API base override (tests, emulators); empty = the real service
    endpoint: str = ""

    def local_files(self) -> None:
        return None


@dataclass
class OutlookSettings:
    """``[mail.outlook]``: scheduled sending (the login is ``[providers.microsoft]``)."""

    #: schedule follow-ups to leave at schedule_time on their due day (deferred send)
    schedule_send: bool = False
    #: local time a scheduled follow-up leaves on its due day
    schedule_time: str = "09:30"

    def local_files(self) -> None:
        return None
