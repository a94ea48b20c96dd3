"""One Google account: its login (``login``) and the API client with mailflow's
retries and errors (``api``), shared by the Gmail mailbox and the Google
Calendar source. Google's libraries are imported only when a call needs them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class GoogleAccount:
    """The ``[mail.gmail]`` settings that say which Google login to use; the
    Google Calendar source uses the same login."""

    #: OAuth client secrets JSON downloaded from the Google Cloud console
    client_secrets: str = ""
    #: where the login is kept (default: user data dir / google-token.json)
    token: str = ""
    #: API base override (tests, emulators)
    endpoint: str = ""
    #: OAuth token endpoint override (tests)
    token_uri: str = ""
