"""The ``[providers.*]`` sections: the logins that several backends share.

A Google login serves the Gmail mailbox and Google calendars; a Microsoft login
serves the Outlook mailbox and Outlook calendars. Each backend is handed the
login it needs (``config.Shared.providers``), never another backend's section.
Light: plain dataclasses, read by the config without loading any client library.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class GoogleAccount:
    """``[providers.google]``: which Google login to use (``mailflow auth google``)."""

    #: OAuth client secrets JSON downloaded from the Google Cloud console
    client_secrets: str = ""
    #: where the login is kept (default: user data dir / google-token.json)
    token: str = ""
    #: OAuth token endpoint override (tests)
    token_uri: str = ""


@dataclass
class MicrosoftAccount:
    """``[providers.microsoft]``: which Microsoft login to use (``mailflow auth outlook``)."""

    client_id: str = ""
    #: common | organizations | consumers | a tenant id, or a full authority URL
    authority: str = "common"
    #: the login (msal token cache, a 0600 file; default: user data dir / msal-cache.json)
    token_cache: str = ""
    #: Graph base address override (tests); empty = https://graph.microsoft.com/v1.0
    endpoint: str = ""


@dataclass
class ImapAccount:
    """How to log in to an IMAP server (part of ``[mail.imap]``: only that mailbox uses it)."""

    host: str = ""
    port: int = 993
    security: str = "ssl"  # ssl | starttls | none
    username: str = ""
    password_cmd: str = ""


@dataclass
class Providers:
    """``[providers]``: one section per shared login."""

    google: GoogleAccount = field(default_factory=GoogleAccount)
    microsoft: MicrosoftAccount = field(default_factory=MicrosoftAccount)


#: keys older configs kept in a mail section, and the provider section they belong to
#: (``[mail.gmail] client_secrets`` is ``[providers.google] client_secrets``)
LEGACY_KEYS = {
    "gmail": ("google", ("client_secrets", "token", "token_uri")),
    "outlook": ("microsoft", ("client_id", "authority", "token_cache", "endpoint")),
}
