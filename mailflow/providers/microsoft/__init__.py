"""One Microsoft account: the MSAL login (``login``) and the Graph client with
batching and throttling (``graph``), shared by the Outlook mailbox and the
Outlook calendar source. msal and requests are imported only when used."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class MicrosoftAccount:
    """The ``[mail.outlook]`` settings that say which Microsoft login to use; the
    Outlook calendar source uses the same login."""

    client_id: str = ""
    #: common | organizations | consumers | a tenant id, or a full authority URL
    authority: str = "common"
    #: the login (msal token cache, a 0600 file; default: user data dir / msal-cache.json)
    token_cache: str = ""
    #: Graph base address override (tests); empty = https://graph.microsoft.com/v1.0
    endpoint: str = ""
