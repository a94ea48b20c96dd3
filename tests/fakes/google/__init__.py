"""A fake of Google's APIs (OAuth, Gmail, Calendar) on loopback, one module
per API area; see ``server.py``. ``tests/harness/google.py`` points mailflow
at it."""

from tests.fakes.google.gmail_messages import Message
from tests.fakes.google.server import FakeGoogle, running

__all__ = ["FakeGoogle", "Message", "running"]
