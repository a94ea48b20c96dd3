"""The README's "Using it for your own search", pasted by a new user in a clean home on a
machine in Berlin: ``init`` with flags, their own ICS file, ``scan --explain``, ``run``,
``remark`` by a company word and ``status``. Nothing lands under an ``examples/`` path,
times print in the machine's zone, and the config is theirs (zone, holidays, folders).

Each command runs as its own process (``mailflow`` on PATH, HOME and TZ set, no XDG
variable), as a shell runs what is pasted; ``MAILFLOW_NOW`` fixes the clock."""

from __future__ import annotations


import re
import shlex
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.harness.calendars import ME, REPO, vcalendar
from tests.harness.first_week import EVENTS, NOW

BLOCK = re.compile(r"<!-- readme-test: own-search -->\n```sh\n(.*?)\n```", re.S)


def _readme_steps() -> list[str]:
    (block,) = BLOCK.findall((REPO / "README.md").read_text(encoding="utf-8"))
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]


def _shell(home: Path, zone: str) -> callable:
    bin_dir = home.parent / "bin"
    bin_dir.mkdir(exist_ok=True)
    command = bin_dir / "mailflow"
    command.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -m mailflow \"$@\"\n")
    command.chmod(0o755)
    env = {"HOME": str(home), "PATH": f"{bin_dir}:/usr/bin:/bin", "TZ": zone, "MAILFLOW_NOW": NOW,
           "PYTHONPATH": str(REPO), "LANG": "C.UTF-8"}

    def paste(line: str) -> subprocess.CompletedProcess:
        return subprocess.run(["/bin/sh", "-c", line], cwd=home, env=env, capture_output=True, text=True,
                              timeout=120)

    return paste


def test_the_readme_steps_for_your_own_search_in_a_clean_home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    steps = _readme_steps()
    assert steps[0].startswith("mailflow init ") and "--calendar ~/interviews.ics" in steps[0]
    me = re.search(r"--email (\S+)", steps[0]).group(1)  # the README's user is on their invites
    (home / "interviews.ics").write_text(vcalendar(*EVENTS).replace(ME, me), encoding="utf-8")
    paste = _shell(home, "Europe/Berlin")

    outputs = {}
    for step in steps:
        result = paste(step)
        assert result.returncode == 0, f"{step}\n{result.stdout}{result.stderr}"
        outputs[step] = result.stdout
    word = paste('mailflow remark kestrel --by Sofia "the arms recalibrate themselves every night"')
    assert word.returncode == 0, word.stdout + word.stderr
    assert "Sofia Lindqvist" in word.stdout
    status = paste("mailflow status")
    assert status.returncode == 0, status.stderr

    config = home / ".config" / "mailflow" / "config.toml"
    text = config.read_text(encoding="utf-8")
    assert 'timezone = "Europe/Berlin"' in text and 'holidays = "DE"' in text
    assert "examples" not in text and "FILL IN" not in text
    assert [p for p in home.rglob("*") if "examples" in p.parts] == []
    assert (home / ".local" / "share" / "mailflow" / "drafts" / "cur").is_dir()
    assert (home / ".local" / "state" / "mailflow" / "state.db").is_file()
    # Kestrel's panel was at 10:00 in New York: 16:00 in Berlin, and said so
    shown = [outputs[s] for s in steps if s.startswith(("mailflow scan", "mailflow run"))] + [status.stdout]
    for out in shown:
        assert re.search(r"Thu 03 Dec 16:00 CET", out), out
        assert " EST" not in out and "America/New_York" not in out


def test_init_without_a_terminal_writes_marked_placeholders_and_says_what_to_fill_in(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    paste = _shell(home, "America/New_York")
    result = paste("mailflow init </dev/null")
    assert result.returncode == 0, result.stderr
    assert "fill in [profile] name, [profile] email, [[calendars]] path or url" in result.stdout
    text = (home / ".config" / "mailflow" / "config.toml").read_text(encoding="utf-8")
    assert text.count("# FILL IN") == 4  # the header, name, email and calendar
    assert 'holidays = "US"' in text
    scan = paste("mailflow scan")
    assert scan.returncode == 2
    assert "config.toml, line" in scan.stderr and "needs `path` or `url`" in scan.stderr


def test_the_config_init_writes_skips_christmas_when_counting_business_days(tmp_path):
    from mailflow.commands.setup import init
    from mailflow.config import load
    from mailflow.rules.timeline import WorkCalendar

    target = tmp_path / "config.toml"
    init(target, email="alex@candidate.example", calendar=str(tmp_path / "cal.ics"))
    policy = load(target).policy
    if policy.timezone != "America/New_York":  # the machine's zone: pretend a New York machine's
        target.write_text(target.read_text().replace(f'"{policy.timezone}"', '"America/New_York"')
                          .replace(f'holidays = "{policy.holidays}"', 'holidays = "US"'))
        policy = load(target).policy
    # five business days after Friday 18 December 2026: not Christmas Day
    assert WorkCalendar.from_policy(policy).add_business_days(date(2026, 12, 18), 5) == date(2026, 12, 28)


@pytest.mark.parametrize("zone, country", [("America/New_York", "US"), ("Europe/Berlin", "DE"),
                                           ("Asia/Kolkata", "IN"), ("UTC", "")])
def test_the_holidays_init_turns_on_are_the_zones_countrys(zone, country):
    from mailflow.commands.setup import zone_country

    assert zone_country(zone) == country


def test_the_walk_through_asks_for_what_the_flags_did_not_give(tmp_path):
    from mailflow.commands.setup import init
    from mailflow.config import load

    asked = []
    answers = {"Your name": "Alex  Candidate", "Your calendar": "https://calendar.example/secret/basic.ics"}

    def ask(question: str, default: str) -> str:
        asked.append(question)
        return next(v for k, v in answers.items() if question.startswith(k))

    report = init(tmp_path / "config.toml", email="alex@candidate.example", ask=ask)
    assert [q.split(",")[0].split(" (")[0] for q in asked] == ["Your name", "Your calendar: an .ics file"]
    assert report.fill_in == []
    config = load(tmp_path / "config.toml")
    assert config.profile.name == "Alex Candidate" and config.profile.signature == "Alex Candidate"
    assert config.calendars[0].url == "https://calendar.example/secret/basic.ics"


def test_cron_line_says_when_there_is_no_config(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    result = _shell(home, "UTC")("mailflow cron-line")
    assert result.returncode == 0
    line, warning = result.stdout.strip().splitlines()
    assert line.endswith("run --quiet")
    assert warning.startswith("warning: ") and "no such config file" in warning and "mailflow init" in warning


