"""Shared fixtures: a temporary mailflow home with a config, and a CLI runner."""

from __future__ import annotations

import logging
import mailbox
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailflow.cli import main

HERE = Path(__file__).parent
REPO = HERE.parent
CALENDARS = HERE / "calendars"
ME = "alex@candidate.example"


def vevent(uid: str, summary: str, start: str, end: str | None = None, *, organizer: str = "",
           attendees: tuple[str, ...] = (), extra: str = "") -> str:
    """One VEVENT. ``start``/``end`` are iCalendar values with their parameters,
    e.g. ``;TZID=Europe/Berlin:20261103T100000`` or ``:20261103T100000Z``."""
    lines = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20260101T000000Z", f"DTSTART{start}"]
    if end:
        lines.append(f"DTEND{end}")
    lines.append(f"SUMMARY:{summary}")
    if organizer:
        lines.append(f"ORGANIZER{organizer}")
    lines += [f"ATTENDEE{a}" for a in attendees]
    lines += [line for line in textwrap.dedent(extra).strip().splitlines() if line]
    lines.append("END:VEVENT")
    return "\n".join(lines)


def vcalendar(*events: str, header: str = "") -> str:
    body = "\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//mailflow tests//EN", *filter(None, [header]), *events, "END:VCALENDAR"])
    return body.replace("\n", "\r\n") + "\r\n"


class Home:
    """A mailflow setup in a temporary folder: config, calendar, Maildir, state."""

    def __init__(self, root: Path):
        self.root = root
        self.config = root / "config.toml"
        self.calendar = root / "calendar.ics"
        self.drafts_path = root / "drafts"
        self.runner = CliRunner()

    def write_config(self, extra: str = "", calendars: str | None = None, timezone: str = "America/New_York") -> Path:
        if calendars is None:
            calendars = '[[calendars]]\ntype = "ics"\npath = "calendar.ics"\n'
        self.config.write_text(textwrap.dedent(f"""\
            [profile]
            name = "Alex Candidate"
            email = "{ME}"
            signature = "Alex Candidate"

            {calendars}
            [mail]
            backend = "maildir"
            [mail.maildir]
            path = "drafts"

            [state]
            path = "state.db"

            [policy]
            timezone = "{timezone}"
            """) + textwrap.dedent(extra), encoding="utf-8")
        return self.config

    def write_calendar(self, *events: str, header: str = "") -> Path:
        self.calendar.write_text(vcalendar(*events, header=header), encoding="utf-8")
        return self.calendar

    def cli(self, *args: str, input: str | None = None, env: dict | None = None):
        return self.runner.invoke(main, ["--config", str(self.config), *args], input=input,
                                  env=env, catch_exceptions=False)

    def drafts(self) -> list[mailbox.MaildirMessage]:
        if not self.drafts_path.exists():
            return []
        box = mailbox.Maildir(self.drafts_path, create=False)
        return [box[k] for k in box.keys()]


@pytest.fixture
def home(tmp_path) -> Home:
    h = Home(tmp_path)
    h.write_config()
    return h


@pytest.fixture(autouse=True)
def private_dirs(tmp_path_factory, monkeypatch):
    """Keep every test's config, data, state and log out of the real user dirs."""
    base = tmp_path_factory.mktemp("xdg")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(base / name.lower()))
    for name in ("MAILFLOW_CONFIG", "MAILFLOW_NOW"):
        monkeypatch.delenv(name, raising=False)
    yield
    logger = logging.getLogger("mailflow")
    for handler in list(logger.handlers):  # the CLI attached them for this test only
        logger.removeHandler(handler)
        handler.close()
