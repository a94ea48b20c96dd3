"""Planned message -> template context -> ``email.message.EmailMessage``.

- ``letters``: what each kind of message says, as a template context (pure)
- ``message``: Jinja rendering and the message with its headers (``Composer``;
  ``Composer.compose`` turns a ``model.Planned`` into one ``model.Composed``)
"""

from __future__ import annotations

from mailflow.compose.message import (
    Composer,
    Rendered,
    reply_subject,
    split_subject,
    templates_dir,
    thread_of,
    verify_headers,
)

__all__ = ["Composer", "Rendered", "reply_subject", "split_subject", "templates_dir", "thread_of", "verify_headers"]
