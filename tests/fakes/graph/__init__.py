"""A fake of the Microsoft identity platform and Microsoft Graph on loopback,
one module per API area; see ``server.py``. ``tests/harness/microsoft.py``
points mailflow at it."""

from tests.fakes.graph.calendar import DEFAULT_CALENDAR
from tests.fakes.graph.common import GraphError, Logged
from tests.fakes.graph.login import trusting_session
from tests.fakes.graph.messages import DEFERRED_DELIVERY, DEFERRED_SEND, FakeMessage
from tests.fakes.graph.server import FakeMicrosoft, running

__all__ = [
    "DEFAULT_CALENDAR", "DEFERRED_DELIVERY", "DEFERRED_SEND", "FakeMessage", "FakeMicrosoft", "GraphError",
    "Logged", "running", "trusting_session",
]
