"""One run of the pipeline, as stages that every command calls (never their insides).

- ``session``: what one command holds open: store, clock, config, mailbox, composer, window
- ``sync``: calendars -> checked events -> detection -> the store
- ``watch``: what the mailbox says: drafts sent, edited or deleted; replies; applications gone cold
- ``write``: planned -> composed -> proofread -> the mailbox, exactly once
- ``run``: only the pass, calling the others in order
"""

from __future__ import annotations

from mailflow.engine.session import Session

__all__ = ["Session"]
