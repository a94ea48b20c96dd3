"""The Microsoft login through msal against a loopback identity server."""

from __future__ import annotations

import json
import stat

import pytest

from mailflow.errors import AuthError, ConfigError
from mailflow.providers.microsoft.login import SCOPES, MicrosoftLogin, access_token, authority_url, login
from tests.fakes.graph import trusting_session
from tests.harness.microsoft import config_for, sign_in

pytestmark = pytest.mark.filterwarnings("ignore:Attempted too soon")


@pytest.fixture
def config(graph, tmp_path):
    """A Config pointed at the graph, not signed in yet."""
    return config_for(graph, tmp_path)


def test_device_login_prints_the_code_polls_and_saves_the_cache_owner_only(graph, config):
    said: list[str] = []
    waits: list[float] = []
    login(config.providers.microsoft, config.shared, said.append, sleep=waits.append,
          http_client=trusting_session(graph))

    assert "FAKE-CODE" in said[0] and "https://microsoft.com/devicelogin" in said[0]
    assert "me@example.com" in said[-1]
    # two "authorization_pending" answers, each followed by the server's interval
    assert waits == [5, 5]
    polls = graph.requests("login", "POST", r"/token$")
    assert [p.body["grant_type"] for p in polls] == [
        "urn:ietf:params:oauth:grant-type:device_code"] * 3
    asked = set(graph.requests("login", "POST", r"/devicecode$")[0].body["scope"].split())
    assert set(SCOPES) <= asked and "offline_access" in asked  # msal adds it itself

    path = config.resolve(config.providers.microsoft.token_cache)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = json.loads(path.read_text())
    assert saved["RefreshToken"] and saved["AccessToken"]
    # nothing said to the user carries a token
    assert not any(t in " ".join(said) for t in graph.refresh_tokens | graph.access_tokens)


def test_building_the_login_does_no_network_io(graph, config):
    MicrosoftLogin(config.providers.microsoft, config.shared, http_client=trusting_session(graph))
    assert graph.count("login") == 0


def test_silent_token_comes_from_the_cache_then_refreshes_when_forced(graph, config):
    sign_in(graph, config)
    graph.clear_log()
    session = trusting_session(graph)

    first = access_token(config.providers.microsoft, config.shared, http_client=session)
    assert first in graph.access_tokens
    assert graph.count("login", "POST") == 0  # cached access token, no token request

    second = access_token(config.providers.microsoft, config.shared, force_refresh=True, http_client=session)
    assert second != first and second in graph.access_tokens
    refresh = graph.requests("login", "POST", r"/token$")
    assert [r.body["grant_type"] for r in refresh] == ["refresh_token"]


def test_refresh_refused_is_an_auth_error_naming_the_command(graph, config):
    sign_in(graph, config)
    graph.fail_refresh = True
    with pytest.raises(AuthError) as err:
        access_token(config.providers.microsoft, config.shared, force_refresh=True, http_client=trusting_session(graph))
    assert err.value.message == "Outlook login expired"
    assert err.value.hint == "run `mailflow auth outlook`"
    assert err.value.exit_code == 2


def test_no_login_yet_is_an_auth_error(graph, config):
    with pytest.raises(AuthError) as err:
        access_token(config.providers.microsoft, config.shared, http_client=trusting_session(graph))
    assert "mailflow auth outlook" in err.value.hint


def test_a_refresh_by_another_process_is_picked_up_from_the_file(graph, config):
    sign_in(graph, config)
    session = trusting_session(graph)
    early = MicrosoftLogin(config.providers.microsoft, config.shared, http_client=session)
    early.token()  # loaded the cache as it was
    MicrosoftLogin(config.providers.microsoft, config.shared, http_client=session).token(force_refresh=True)
    # the server rotated the refresh token; the early instance must re-read
    # the file instead of presenting the spent one
    assert early.token(force_refresh=True) in graph.access_tokens


def test_declined_sign_in_is_an_auth_error(graph, config):
    graph.pending_polls = 0
    original = graph.handle_login

    def declined(method, path, form):
        if form.get("grant_type", "").endswith("device_code"):
            return 400, {"error": "authorization_declined"}
        return original(method, path, form)

    graph.handle_login = declined
    with pytest.raises(AuthError) as err:
        login(config.providers.microsoft, config.shared, lambda _t: None, sleep=lambda _s: None,
              http_client=trusting_session(graph))
    assert "authorization_declined" in err.value.message


def test_expired_code_stops_polling(graph, config):
    graph.pending_polls = 100
    waits: list[float] = []
    session = MicrosoftLogin(config.providers.microsoft, config.shared, http_client=trusting_session(graph))
    with pytest.raises(AuthError) as err:
        session.device_login(lambda _t: None, sleep=waits.append, clock=lambda: 10**12)
    assert "expired" in err.value.message
    assert waits == []


def test_unreadable_cache_is_an_auth_error(graph, config):
    config.resolve(config.providers.microsoft.token_cache).write_text("{not json")
    with pytest.raises(AuthError) as err:
        access_token(config.providers.microsoft, config.shared, http_client=trusting_session(graph))
    assert "unreadable" in err.value.message


def test_authority_settings():
    assert authority_url("common") == "https://login.microsoftonline.com/common"
    assert authority_url("consumers") == "https://login.microsoftonline.com/consumers"
    assert authority_url("0000-tenant") == "https://login.microsoftonline.com/0000-tenant"
    assert authority_url("https://login.example.org/t/") == "https://login.example.org/t"


def test_settings_errors_name_the_setting(tmp_path, graph):
    config = config_for(graph, tmp_path)
    config.providers.microsoft.authority = "http://127.0.0.1:1/t"
    with pytest.raises(ConfigError, match=r"\[providers.microsoft\] authority"):
        MicrosoftLogin(config.providers.microsoft, config.shared)
    config.providers.microsoft.client_id = ""
    with pytest.raises(ConfigError, match=r"\[providers.microsoft\] client_id"):
        MicrosoftLogin(config.providers.microsoft, config.shared)


def test_unknown_tenant_is_a_config_error(graph, config):
    config.providers.microsoft.authority = graph.authority.rsplit("/", 1)[0] + "/other-tenant"
    with pytest.raises(ConfigError, match="authority"):
        access_token(config.providers.microsoft, config.shared, http_client=trusting_session(graph))
