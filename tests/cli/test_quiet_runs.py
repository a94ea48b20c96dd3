"""A cron run that finds nothing new ends at once (``mailflow.quick``), and only then.

Each test runs ``mailflow`` as cron does, in a child process through its entry
point, and reads the stamp the last full run left: a full run that had nothing to
say rewrites it with its own time; the short way leaves it as it was.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mailflow import stampfile
from tests.harness.calendars import PANEL, SCREEN, vcalendar
from tests.harness.home import Home, maildir

NY = ZoneInfo("America/New_York")
BEFORE = "2026-11-23T12:00"  # the day before the Acme panel (14:00-15:30 New York time)


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=NY).timestamp()


def stamp_file(home: Home) -> Path:
    env = home.xdg_env()
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]
    try:
        return Path(stampfile.stamp_path(str(home.config)))
    finally:
        if old is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = old


def read_stamp(home: Home) -> dict | None:
    path = stamp_file(home)
    return json.loads(path.read_text()) if path.exists() else None


def cron(home: Home, now: str):
    """``mailflow run --quiet`` as cron runs it: a child process, through the entry point."""
    outcome = home.process("run", "--quiet", "--now", now)
    assert outcome.exit == 0, outcome.stderr.decode()
    return outcome


@pytest.fixture
def quiet_home(home):
    """A home whose last run had nothing to say, at BEFORE + 5 minutes."""
    home.write_config(mail=maildir(sent="sent", inbox="inbox"))
    for folder in ("sent", "inbox"):
        for sub in ("cur", "new", "tmp"):
            (home.root / folder / sub).mkdir(parents=True)
    home.write_calendar(PANEL)
    cron(home, BEFORE)  # finds the interview: that is news
    cron(home, "2026-11-23T12:05")
    assert read_stamp(home)["at"] == at("2026-11-23T12:05")
    return home


def test_a_run_with_nothing_new_ends_without_a_full_run(quiet_home):
    outcome = cron(quiet_home, "2026-11-23T12:35")
    assert outcome.stdout == b""
    assert read_stamp(quiet_home)["at"] == at("2026-11-23T12:05")  # untouched: the short way


def test_the_stamp_wakes_the_run_when_the_interview_starts(quiet_home):
    assert read_stamp(quiet_home)["wake"] == at("2026-11-24T00:00")  # midnight comes first
    cron(quiet_home, "2026-11-24T13:00")
    assert read_stamp(quiet_home)["wake"] == at("2026-11-24T14:00")


def test_the_thank_you_notes_are_written_when_their_time_comes(quiet_home):
    quiet_home.cli("remark", "acme", "--by", "ana.lima@acme.example", "we rebuilt billing in Rust",
                   now="2026-11-24T15:00")
    cron(quiet_home, "2026-11-24T15:00")  # the remark changed the state: a full run, nothing due yet
    assert quiet_home.drafts() == []
    outcome = cron(quiet_home, "2026-11-24T15:45")  # after the end: the stamp's wake-up time passed
    assert [str(m["To"]) for m in quiet_home.drafts()] == ["Ana Lima <ana.lima@acme.example>"]
    assert b"ana.lima@acme.example" in outcome.stdout


def test_a_changed_calendar_takes_the_full_run(quiet_home):
    quiet_home.calendar.write_text(vcalendar(PANEL, SCREEN), encoding="utf-8")
    outcome = cron(quiet_home, "2026-11-23T12:35")
    assert b"Globex" in outcome.stdout  # the run read the calendar and said what it found
    assert read_stamp(quiet_home) is None  # news: no stamp until a run has nothing to say


def test_new_mail_in_the_inbox_takes_the_full_run(quiet_home):
    (quiet_home.root / "inbox" / "new" / "1.msg").write_bytes(
        b"From: Sam Lee <sam.lee@acme.example>\nTo: alex@candidate.example\nSubject: hello\n\nhi\n")
    cron(quiet_home, "2026-11-23T12:35")
    assert read_stamp(quiet_home)["at"] == at("2026-11-23T12:35")


def test_a_draft_saved_in_the_drafts_folder_takes_the_full_run(quiet_home):
    (quiet_home.drafts_path / "cur").mkdir(parents=True, exist_ok=True)
    (quiet_home.drafts_path / "cur" / "mine:2,S").write_bytes(b"Subject: mine\n\nmine\n")
    cron(quiet_home, "2026-11-23T12:35")
    assert read_stamp(quiet_home)["at"] == at("2026-11-23T12:35")


def test_an_edited_config_takes_the_full_run(quiet_home):
    text = quiet_home.config.read_text()
    quiet_home.config.write_text(text + "\n# a comment\n")
    cron(quiet_home, "2026-11-23T12:35")
    assert read_stamp(quiet_home)["at"] == at("2026-11-23T12:35")


def test_a_clock_set_back_takes_the_full_run(quiet_home):
    cron(quiet_home, "2026-11-23T12:01")
    assert read_stamp(quiet_home)["at"] == at("2026-11-23T12:01")


@pytest.mark.parametrize("mode", [0o666, 0o620])
def test_a_stamp_others_can_write_is_not_trusted(quiet_home, mode):
    os.chmod(stamp_file(quiet_home), mode)
    cron(quiet_home, "2026-11-23T12:35")
    assert read_stamp(quiet_home)["at"] == at("2026-11-23T12:35")
    assert stamp_file(quiet_home).stat().st_mode & 0o777 == 0o600


def test_a_stamp_planted_as_a_symlink_is_not_followed(quiet_home, tmp_path):
    path = stamp_file(quiet_home)
    forged = tmp_path / "forged.json"
    forged.write_text(path.read_text())
    path.unlink()
    path.symlink_to(forged)
    cron(quiet_home, "2026-11-23T12:35")
    assert not path.is_symlink() and read_stamp(quiet_home)["at"] == at("2026-11-23T12:35")


@pytest.mark.parametrize("args", [
    ["run"], ["run", "--quiet", "--dry-run"], ["run", "--quiet", "--json"], ["-v", "run", "--quiet"],
    ["scan"], ["run", "--quiet", "extra"], ["--quiet", "run"],
])
def test_only_a_quiet_run_takes_the_short_way(quiet_home, args, monkeypatch):
    for name, value in quiet_home.xdg_env().items():
        monkeypatch.setenv(name, value)
    environ = {**os.environ, "MAILFLOW_NOW": "2026-11-23T12:35"}
    assert stampfile.unchanged(["--config", str(quiet_home.config), "run", "--quiet"], environ)
    assert not stampfile.unchanged(["--config", str(quiet_home.config), *args], environ)


def test_a_different_time_zone_setting_takes_the_full_run(quiet_home, monkeypatch):
    for name, value in quiet_home.xdg_env().items():
        monkeypatch.setenv(name, value)
    environ = {**os.environ, "MAILFLOW_NOW": "2026-11-23T12:35"}
    assert stampfile.unchanged(["--config", str(quiet_home.config), "run", "-q"], environ)
    assert not stampfile.unchanged(["--config", str(quiet_home.config), "run", "-q"],
                               {**environ, "TZ": "Pacific/Auckland" if environ.get("TZ") != "Pacific/Auckland"
                                else "UTC"})


def test_a_run_with_news_removes_the_stamp(quiet_home):
    quiet_home.calendar.write_text(vcalendar(PANEL, SCREEN), encoding="utf-8")
    outcome = quiet_home.process("run", "--now", "2026-11-23T12:35")  # not quiet: it says what it found
    assert outcome.exit == 0
    assert read_stamp(quiet_home) is None  # the new interview was news
