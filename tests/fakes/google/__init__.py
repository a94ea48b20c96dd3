"""A fake of Google's APIs (OAuth, Gmail, Calendar) on loopback, one module
per API area; see ``server.py``. Tests import the fixtures and helpers from
here."""

from tests.fakes.google.gmail_messages import Message
from tests.fakes.google.server import FakeGoogle, running
from tests.fakes.google.testing import (
    ICS_INTERVIEW,
    INTERVIEW_END,
    fake,
    google_config_text,
    mailflow,
    write_config,
    write_login,
)

__all__ = [
    "ICS_INTERVIEW", "INTERVIEW_END", "FakeGoogle", "Message", "fake", "google_config_text",
    "mailflow", "running", "write_config", "write_login",
]
