"""One pass of the pipeline over the state database.

- ``run``: ``Engine``: sync the calendars, detect, plan, compose, proofread,
  write exactly once, record what happened
- ``watch``: what the mailbox says: sent and deleted drafts, replies that stop
  follow-ups, applications gone cold
"""

from __future__ import annotations

from mailflow.engine.run import Engine

__all__ = ["Engine"]
