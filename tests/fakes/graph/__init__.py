"""A fake of the Microsoft identity platform and Microsoft Graph on loopback,
one module per API area; see ``server.py``. Tests import the fixtures and
helpers from here."""

from tests.fakes.graph.calendar import DEFAULT_CALENDAR
from tests.fakes.graph.common import GraphError, Logged
from tests.fakes.graph.login import trusting_session
from tests.fakes.graph.messages import DEFERRED_DELIVERY, DEFERRED_SEND, FakeMessage
from tests.fakes.graph.server import FakeMicrosoft, running
from tests.fakes.graph.testing import (
    INTERVIEW_END,
    config,
    config_path,
    config_text,
    creating,
    fake,
    graph_event,
    mailflow,
    outlook_config,
    sign_in,
    signed_in,
    waits,
)

__all__ = [
    "DEFAULT_CALENDAR", "DEFERRED_DELIVERY", "DEFERRED_SEND", "INTERVIEW_END", "FakeMessage",
    "FakeMicrosoft", "GraphError", "Logged", "config", "config_path", "config_text", "creating",
    "fake", "graph_event", "mailflow", "outlook_config", "running", "sign_in", "signed_in",
    "trusting_session", "waits",
]
