"""One Microsoft account: the MSAL login (``login``) and the Graph client with
batching and throttling (``graph``), shared by the Outlook mailbox and the
Outlook calendar source. msal and requests are imported only when used."""

from __future__ import annotations

from mailflow.settings.providers import MicrosoftAccount

__all__ = ["MicrosoftAccount"]
