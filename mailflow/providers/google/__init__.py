"""One Google account: its login (``login``) and the API client with mailflow's
retries and errors (``api``), shared by the Gmail mailbox and the Google
Calendar source. Google's libraries are imported only when a call needs them."""

from __future__ import annotations

from mailflow.settings.providers import GoogleAccount

__all__ = ["GoogleAccount"]
