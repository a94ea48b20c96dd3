"""The fixtures every test can ask for. What they build lives in ``tests/harness``:

``home``                 a ``Home`` on a Maildir with the default config (``harness/home.py``)
``dovecot``              a real Dovecot on 127.0.0.1, one per test module (``harness/servers.py``)
``header_search_proxy``  ``header_search_proxy(mode)``: Dovecot behind a server that cannot search
                         headers (``fakes/imap_proxy.py``)
``cyrus_style``          a second Dovecot, its folders below ``INBOX.`` with ``.`` between (as Cyrus and
                         Courier keep them), a Sent folder and no Drafts, one per test module
``imap4d``               GNU Mailutils' IMAP server on 127.0.0.1 (no UIDPLUS, MOVE or special-use), one
                         per test module
``radicale``             a real Radicale on 127.0.0.1, one per test module
``xandikos``             a real Xandikos (CalDAV) on 127.0.0.1, one per test module
``google``               the fake Google server, its primary calendar holding one interview
``graph``                the fake Microsoft login and Graph servers
``outlook_config``       a ``Config`` signed in on ``graph``
``outlook_home``         a ``Home`` on the Outlook calendar and mailbox on ``graph``; ``signed_in``:
                         `mailflow auth outlook` done there, one interview in the calendar
``waits``                the delays asked of an injectable ``sleep``

and, for every test, private XDG folders and no MAILFLOW_NOW, VISUAL or Google token in
the environment (``private_dirs``).
"""

from __future__ import annotations

import logging

import pytest

from tests.harness import google as google_setup
from tests.harness import microsoft
from tests.harness.home import Home
from tests.harness.servers import Dovecot, Imap4d, start_radicale, start_xandikos


@pytest.fixture(autouse=True)
def private_dirs(tmp_path_factory, monkeypatch):
    """Keep every test's config, data, state and log out of the real user dirs."""
    base = tmp_path_factory.mktemp("xdg")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(base / name.lower()))
    for name in ("MAILFLOW_CONFIG", "MAILFLOW_NOW", "VISUAL"):  # $VISUAL would win over a test's $EDITOR
        monkeypatch.delenv(name, raising=False)
    yield
    logger = logging.getLogger("mailflow")
    for handler in list(logger.handlers):  # the CLI attached them for this test only
        logger.removeHandler(handler)
        handler.close()


@pytest.fixture
def home(tmp_path) -> Home:
    h = Home(tmp_path)
    h.write_config()
    return h


def pytest_generate_tests(metafunc):
    """A scenario that takes ``reply_folder`` runs once for each folder its class's
    mail client files replies in (``UserActionScenarios.reply_folders``)."""
    if "reply_folder" in metafunc.fixturenames and metafunc.cls is not None:
        metafunc.parametrize("reply_folder", metafunc.cls.reply_folders)


# ---- real servers ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dovecot(tmp_path_factory):
    from tests.fakes.http import make_tls_cert

    root = tmp_path_factory.mktemp("dovecot")
    server = Dovecot(root, tls=make_tls_cert(root))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def cyrus_style(tmp_path_factory):
    server = Dovecot(tmp_path_factory.mktemp("cyrus-style"), prefix="INBOX.")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def imap4d(tmp_path_factory):
    server = Imap4d(tmp_path_factory.mktemp("imap4d"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def header_search_proxy(dovecot):
    """``header_search_proxy(mode)``: a started ``HeaderSearchProxy`` in front of the
    ``dovecot`` fixture's server; stopped after the test."""
    from tests.fakes.imap_proxy import HeaderSearchProxy

    started: list[HeaderSearchProxy] = []

    def start(mode: str) -> HeaderSearchProxy:
        proxy = HeaderSearchProxy(dovecot.port, mode).start()
        started.append(proxy)
        return proxy

    yield start
    for proxy in started:
        proxy.stop()


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    server = start_radicale(tmp_path_factory.mktemp("radicale"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def xandikos(tmp_path_factory):
    server = start_xandikos(tmp_path_factory.mktemp("xandikos"))
    yield server
    server.stop()


# ---- the loopback fakes -----------------------------------------------------------------------


@pytest.fixture
def google(monkeypatch):
    """A running fake Google whose primary calendar holds one interview: Acme, ending at
    ``INTERVIEW_END``, two interviewers and a room, organised by the recruiter."""
    from mailflow.providers.google.login import TOKEN_ENV
    from tests.fakes.google import running

    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with running() as server:
        google_setup.add_interview(server)
        yield server


@pytest.fixture
def graph(tmp_path, monkeypatch):
    """The fake login and Graph servers, started for one test. The CLI builds msal with
    its own HTTP session, which trusts the login server's certificate through
    REQUESTS_CA_BUNDLE."""
    from tests.fakes.graph import running

    with running(tmp_path) as server:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.cert))
        yield server


@pytest.fixture
def outlook_config(graph, tmp_path):
    """A Config pointed at ``graph``, already signed in; the log starts empty."""
    settings = microsoft.config_for(graph, tmp_path)
    microsoft.sign_in(graph, settings)
    graph.clear_log()
    return settings


@pytest.fixture
def outlook_home(graph, tmp_path) -> Home:
    home = Home(tmp_path)
    microsoft.write_outlook_config(home, graph)
    return home


@pytest.fixture
def signed_in(graph, outlook_home):
    """`mailflow auth outlook` done; the calendar holds one interview: Acme, ending at
    ``INTERVIEW_END``, two interviewers and a room, organised by the recruiter. The log
    starts empty."""
    microsoft.auth_outlook(outlook_home, graph)
    microsoft.add_interview(graph)
    graph.clear_log()


@pytest.fixture
def waits():
    """The delays asked of the injectable ``sleep``."""
    return []
