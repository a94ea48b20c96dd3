"""The Google login: loopback consent flow, silent refresh, token file handling."""

from __future__ import annotations

import json
import logging
import threading
import urllib.request
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from mailflow import config as config_module
from mailflow.providers.google.login import SCOPES, TOKEN_ENV, load_credentials, login, token_path
from mailflow.errors import AuthError, ConfigError
from tests.fakes.google import running
from tests.harness.google import google_config_text

GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"


def _account(config):
    """The Google login functions' arguments from a loaded config."""
    return config.providers.google, config.shared


@pytest.fixture
def fake():
    with running() as server:
        yield server


@pytest.fixture(autouse=True)
def no_token_env(monkeypatch):
    monkeypatch.delenv(TOKEN_ENV, raising=False)


def make_config(tmp_path, fake, extra=""):
    text = google_config_text(fake, tmp_path / "google-token.json") + extra
    return config_module.loads(text, source=tmp_path / "config.toml")


def write_secrets(tmp_path, fake):
    path = tmp_path / "client_secret.json"
    path.write_text(
        json.dumps(
            {
                "installed": {
                    "client_id": fake.client_id,
                    "client_secret": fake.client_secret,
                    "auth_uri": fake.url + "o/oauth2/auth",
                    "token_uri": fake.token_uri,
                    "redirect_uris": ["http://localhost"],
                }
            }
        )
    )
    return path


class Browser:
    """Echo sink that, on seeing the authorization address, plays the user's
    browser: approve at the fake, then follow the redirect to the loopback port."""

    def __init__(self, fake):
        self.fake = fake
        self.lines: list[str] = []
        self.urls: list[str] = []
        self.threads: list[threading.Thread] = []

    def __call__(self, line: str) -> None:
        self.lines.append(line)
        if line.startswith(self.fake.url + "o/oauth2/auth"):
            self.urls.append(line)
            redirect = self.fake.approve(line)
            thread = threading.Thread(target=lambda: urllib.request.urlopen(redirect, timeout=10).read())
            thread.start()
            self.threads.append(thread)

    def join(self):
        for thread in self.threads:
            thread.join(10)


@pytest.fixture
def insecure_loopback(monkeypatch):
    # oauthlib insists on https for the token endpoint; the fake speaks http
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")


def test_login_prints_the_address_and_stores_the_token_owner_only(tmp_path, fake, insecure_loopback, caplog):
    caplog.set_level(logging.DEBUG)
    secrets = write_secrets(tmp_path, fake)
    config = make_config(tmp_path, fake, f'client_secrets = "{secrets.name}"\n')
    browser = Browser(fake)

    login(config.providers.google, config.shared, browser, open_browser=False, port=0)
    browser.join()

    (url,) = browser.urls
    query = parse_qs(urlsplit(url).query)
    assert set(query["scope"][0].split()) == set(SCOPES)
    assert query["access_type"] == ["offline"]
    assert query["prompt"] == ["consent"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"][0].startswith("http://localhost:")
    path = token_path(config.providers.google, config.shared)
    assert path.stat().st_mode & 0o777 == 0o600
    saved = json.loads(path.read_text())
    assert saved["refresh_token"] in fake.refresh_tokens
    assert set(saved["scopes"]) == set(SCOPES)
    # the saved login works without a browser from now on
    creds = load_credentials(config.providers.google, config.shared)
    assert creds.valid and creds.token == saved["token"]
    output = "\n".join(browser.lines) + caplog.text
    (code_request,) = [r for r in fake.token_requests if r["grant_type"] == "authorization_code"]
    code = code_request["code"]
    for secret in (saved["refresh_token"], saved["token"], fake.client_secret, code, quote(code, safe="")):
        assert secret not in output


def test_login_without_all_scopes_is_refused(tmp_path, fake, insecure_loopback):
    secrets = write_secrets(tmp_path, fake)
    config = make_config(tmp_path, fake, f'client_secrets = "{secrets}"\n')
    fake.granted_scopes = [SCOPES[0]]
    browser = Browser(fake)
    with pytest.raises(AuthError, match="grant"):
        login(config.providers.google, config.shared, browser, open_browser=False)
    browser.join()
    assert not token_path(config.providers.google, config.shared).exists()


def test_login_needs_a_client_secrets_setting(tmp_path, fake):
    with pytest.raises(ConfigError, match=r"\[providers.google\] client_secrets is not set") as caught:
        login(*_account(make_config(tmp_path, fake)), print, open_browser=False)
    assert "docs/google.md" in caught.value.hint


def test_login_names_a_missing_secrets_file(tmp_path, fake):
    config = make_config(tmp_path, fake, 'client_secrets = "nowhere.json"\n')
    with pytest.raises(ConfigError, match="nowhere.json"):
        login(config.providers.google, config.shared, print, open_browser=False)


def test_login_rejects_a_file_that_is_not_client_secrets(tmp_path, fake):
    (tmp_path / "other.json").write_text('{"type": "service_account"}')
    config = make_config(tmp_path, fake, 'client_secrets = "other.json"\n')
    with pytest.raises(ConfigError, match="not an OAuth client secrets file"):
        login(config.providers.google, config.shared, print, open_browser=False)


# ---- loading and refreshing ----------------------------------------------------------


def test_expired_token_is_refreshed_once_and_saved(tmp_path, fake):
    config = make_config(tmp_path, fake)
    path = token_path(config.providers.google, config.shared)
    path.write_text(json.dumps(fake.authorized_user_info(SCOPES)))

    creds = load_credentials(config.providers.google, config.shared)

    assert creds.valid and creds.token in fake.access_tokens
    assert fake.counts["token"] == 1
    saved = json.loads(path.read_text())
    assert saved["token"] == creds.token and saved["expiry"]
    assert path.stat().st_mode & 0o777 == 0o600
    load_credentials(config.providers.google, config.shared)
    assert fake.counts["token"] == 1  # still valid: no second refresh


def test_config_token_uri_wins_over_the_file(tmp_path, fake):
    # from_authorized_user_file resets token_uri to Google's; the setting must win
    config = make_config(tmp_path, fake)
    info = {**fake.authorized_user_info(SCOPES), "token_uri": GOOGLE_TOKEN_URI}
    token_path(config.providers.google, config.shared).write_text(json.dumps(info))
    creds = load_credentials(config.providers.google, config.shared)
    assert creds.token_uri == fake.token_uri
    assert fake.counts["token"] == 1


def test_token_env_points_at_another_login(tmp_path, fake, monkeypatch):
    elsewhere = tmp_path / "ci" / "login.json"
    elsewhere.parent.mkdir()
    elsewhere.write_text(json.dumps(fake.authorized_user_info(SCOPES)))
    monkeypatch.setenv(TOKEN_ENV, str(elsewhere))
    config = make_config(tmp_path, fake)
    assert token_path(config.providers.google, config.shared) == elsewhere
    assert load_credentials(config.providers.google, config.shared).valid
    assert not (tmp_path / "google-token.json").exists()


def test_revoked_login_says_to_run_auth(tmp_path, fake):
    config = make_config(tmp_path, fake)
    token_path(config.providers.google, config.shared).write_text(json.dumps(fake.authorized_user_info(SCOPES)))
    fake.revoke()
    with pytest.raises(AuthError, match="expired or revoked") as caught:
        load_credentials(config.providers.google, config.shared)
    assert caught.value.hint == "run `mailflow auth google`"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no Google login"),
        ("{not json", "cannot read the Google login"),
        ('{"client_id": "x"}', "lacks client_id, client_secret or refresh_token"),
    ],
)
def test_unusable_token_files(tmp_path, fake, content, message):
    config = make_config(tmp_path, fake)
    if content is not None:
        token_path(config.providers.google, config.shared).write_text(content)
    with pytest.raises(AuthError, match=message) as caught:
        load_credentials(config.providers.google, config.shared)
    assert caught.value.hint == "run `mailflow auth google`"


def test_login_with_too_few_scopes_asks_to_log_in_again(tmp_path, fake):
    config = make_config(tmp_path, fake)
    token_path(config.providers.google, config.shared).write_text(json.dumps(fake.authorized_user_info(SCOPES[:1])))
    with pytest.raises(AuthError, match="does not grant"):
        load_credentials(config.providers.google, config.shared)
    assert fake.counts["token"] == 0
