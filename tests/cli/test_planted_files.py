"""Nothing is written through a planted file, and no secret is printed: the lock, the
state and the log are never written through a symbolic link or into a folder others
can write; the log and its rotations are the user's only; a calendar address is shown
as its scheme and host, wherever it is shown."""

from __future__ import annotations

import json
import os
import stat
import subprocess

import pytest

from tests.harness.calendars import PANEL

NOW = "2026-11-25T18:00"


def _victim(home):
    victim = home.root / "precious.txt"
    victim.write_text("the user's own words\n")
    return victim


def test_a_lock_planted_as_a_symbolic_link_is_never_written_through(home):
    home.write_calendar(PANEL)
    victim = _victim(home)
    (home.root / "state.db.lock").symlink_to(victim)
    result = home.cli("run", "--now", NOW)
    assert result.exit_code == 2, result.output
    assert victim.read_text() == "the user's own words\n"
    assert "symbolic link" in result.output and "state.db.lock" in result.output
    assert "Traceback" not in result.output
    assert home.drafts() == []


def test_a_state_planted_as_a_symbolic_link_someone_else_made_or_to_nothing_is_refused(home):
    home.write_calendar(PANEL)
    (home.root / "state.db").symlink_to(home.root / "elsewhere.db")
    result = home.cli("run", "--now", NOW)
    assert result.exit_code == 2 and "symbolic link to a file that does not exist" in result.output
    assert not (home.root / "elsewhere.db").exists()


def test_a_state_the_user_linked_to_a_file_of_their_own_is_used(home):
    home.write_calendar(PANEL)
    assert home.cli("run", "--now", NOW).exit_code == 0
    (home.root / "state.db").rename(home.root / "kept.db")
    for extra in home.root.glob("state.db-*"):
        extra.unlink()
    (home.root / "state.db").symlink_to(home.root / "kept.db")
    assert home.cli("status", "--now", NOW).exit_code == 0


@pytest.mark.parametrize("mode", [0o777, 0o1777])
def test_a_state_folder_others_can_write_is_refused_and_nothing_is_written(home, mode):
    home.write_calendar(PANEL)
    folder = home.root / "shared"
    folder.mkdir()
    os.chmod(folder, mode)
    home.config.write_text(home.config.read_text().replace('path = "state.db"', 'path = "shared/state.db"'))
    result = home.cli("run", "--now", NOW)
    assert result.exit_code == 2, result.output
    assert "can be written by other users" in result.output and "chmod o-w" in result.output
    assert list(folder.iterdir()) == [] and home.drafts() == []


def test_a_log_planted_as_a_symbolic_link_is_not_written_and_the_run_goes_on(home):
    home.write_calendar(PANEL)
    victim = _victim(home)
    logs = home.xdg / "xdg_state_home" / "mailflow"
    logs.mkdir(parents=True)
    (logs / "mailflow.log").symlink_to(victim)
    result = home.cli("run", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "the user's own words\n"
    assert "not logging to" in result.output and "symbolic link" in result.output
    assert len(home.drafts()) == 3


def test_the_log_and_its_rotations_are_owner_only_whatever_the_umask(home):
    home.write_calendar(PANEL)
    logs = home.xdg / "xdg_state_home" / "mailflow"
    logs.mkdir(parents=True)
    (logs / "mailflow.log").write_bytes(b"x" * 1_000_100)  # the next line rotates it
    (logs / "mailflow.log.1").write_text("old\n")
    os.chmod(logs / "mailflow.log", 0o644)
    os.chmod(logs / "mailflow.log.1", 0o644)
    old = os.umask(0o022)
    try:
        assert home.cli("run", "--now", NOW).exit_code == 0
    finally:
        os.umask(old)
    files = sorted(logs.glob("mailflow.log*"))
    assert len(files) >= 3
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


SECRETS = [
    ("the whole path", "https://calendar.example/0a1b2c3d4e5f6a7b8c9d"),
    ("a path segment", "https://calendar.example/ical/private-0a1b2c3d4e5f6a7b8c9d/basic.ics"),
    ("the query", "https://calendar.example/feed.ics?token=0a1b2c3d4e5f6a7b8c9d"),
    ("the user and password", "https://alex:0a1b2c3d4e5f6a7b8c9d@calendar.example/feed.ics"),
    ("a webcal path", "webcal://calendar.example/0a1b2c3d4e5f6a7b8c9d"),
]


@pytest.mark.parametrize("where, url", SECRETS, ids=[s[0] for s in SECRETS])
def test_a_calendar_address_shows_only_its_scheme_and_host_in_every_output(home, where, url):
    # port 9 on 127.0.0.1: nothing listens, the fetch fails and the message names the calendar
    url = url.replace("calendar.example", "127.0.0.1:9")
    home.write_config(calendars=f'[[calendars]]\nurl = "{url}"\n')
    home.write_calendar(PANEL)
    outputs = []
    for args in (("run",), ("run", "--json"), ("-v", "run"), ("-vv", "run", "--json"), ("scan",), ("scan", "--json"),
                 ("doctor",)):
        result = home.cli(*args, "--now", NOW)
        outputs.append(result.output + (result.stderr if result.stderr_bytes is not None else ""))
    logs = home.xdg / "xdg_state_home" / "mailflow"
    outputs += [p.read_text() for p in logs.glob("mailflow.log*")]
    everything = "\n".join(outputs)
    assert "0a1b2c3d4e5f6a7b8c9d" not in everything
    assert "alex:" not in everything and "feed.ics" not in everything
    assert "://127.0.0.1:9/…" in everything


def test_a_library_warning_reaches_the_log_without_the_address(home, tmp_path):
    from mailflow.cli import _setup_logging
    import logging

    env = home.xdg_env()
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        _setup_logging(0)
        logging.getLogger("urllib3.connectionpool").warning(
            "Retrying after connection broken: https://calendar.example/0a1b2c3d4e5f6a7b8c9d/basic.ics")
        for handler in logging.getLogger().handlers:
            handler.flush()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    text = (home.xdg / "xdg_state_home" / "mailflow" / "mailflow.log").read_text()
    assert "https://calendar.example/…" in text and "0a1b2c3d4e5f6a7b8c9d" not in text


def test_a_lock_planted_in_a_child_run_leaves_the_file_and_says_so(home):
    """The same through a real process, as cron runs it."""
    home.write_calendar(PANEL)
    victim = _victim(home)
    (home.root / "state.db.lock").symlink_to(victim)
    outcome = home.process("run", "--now", NOW)
    assert outcome.exit == 2 and not outcome.traceback
    assert victim.read_text() == "the user's own words\n"


def test_a_login_is_never_written_through_a_file_planted_at_its_temporary_name(tmp_path):
    from mailflow.providers import read_secret, write_secret

    victim = _victim_in(tmp_path)
    folder = tmp_path / "logins"
    folder.mkdir(mode=0o700)
    target = folder / "msal-cache.json"
    (folder / f".{target.name}.{os.getpid()}.tmp").symlink_to(victim)  # the name older versions used
    write_secret(target, '{"secret": 1}')
    assert victim.read_text() == "the user's own words\n"
    assert read_secret(target) == '{"secret": 1}'
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("mode", [0o777, 0o1777])
def test_a_login_in_a_folder_others_can_write_is_neither_read_nor_written(tmp_path, mode):
    from mailflow.errors import AuthError
    from mailflow.providers import read_secret, write_secret

    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "google-token.json").write_text('{"refresh_token": "planted"}')
    os.chmod(folder, mode)
    with pytest.raises(AuthError, match="can be written by other users"):
        read_secret(folder / "google-token.json")
    with pytest.raises(AuthError, match="can be written by other users"):
        write_secret(folder / "other.json", "{}")


def _victim_in(folder):
    victim = folder / "precious.txt"
    victim.write_text("the user's own words\n")
    return victim
