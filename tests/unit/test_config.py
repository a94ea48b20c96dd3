"""Configuration: typed settings, errors naming file, line and key."""

from __future__ import annotations

import json

import pytest

from mailflow.config import load, loads
from mailflow.errors import ConfigError

from tests.harness.calendars import REPO


def test_the_example_config_and_the_ones_init_writes_load(tmp_path):
    from mailflow.commands.setup import init

    example = load(REPO / "config.example.toml")
    assert example.calendars[0].path == "examples/interviews.ics"
    assert example.resolve(example.calendars[0].path) == REPO / "examples" / "interviews.ics"
    assert example.state_path == REPO / "examples" / "state.db"
    for calendar in ("~/interviews.ics", "https://calendar.example/basic.ics", "google", "outlook"):
        init(tmp_path / "config.toml", force=True, name='Alex "AC" Candidate', email="alex@candidate.example",
             calendar=calendar)
        written = load(tmp_path / "config.toml")
        assert written.mail.backend == "maildir" and written.profile.name == 'Alex "AC" Candidate'
        assert written.calendars[0].type == ("ics" if "." in calendar else calendar)
    init(tmp_path / "config.toml", force=True)  # placeholders: the calendar's line says what is missing
    with pytest.raises(ConfigError, match=r"config.toml, line \d+: calendars\[0\]: an ics calendar needs"):
        load(tmp_path / "config.toml")


def test_unknown_key_names_file_line_and_key(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[profile]\nname = "A"\n\n[policy]\nlookbak_days = 3\n')
    with pytest.raises(ConfigError) as err:
        load(path)
    assert str(err.value) == f"{path.resolve()}, line 5: policy.lookbak_days: unknown setting"
    assert "lookback_days" in err.value.hint


def test_wrong_type_names_the_key():
    with pytest.raises(ConfigError, match=r"line 2: policy.thank_you.deadline_hours must be a number, not 'soon'"):
        loads('[policy.thank_you]\ndeadline_hours = "soon"\n')


def test_nested_array_of_tables_is_located():
    with pytest.raises(ConfigError, match=r"calendars\[1\].type: 'exchange' is not one of"):
        loads('[[calendars]]\npath = "a.ics"\n[[calendars]]\ntype = "exchange"\n')


def test_missing_file_says_how_to_make_one(tmp_path):
    with pytest.raises(ConfigError, match="no such config file") as err:
        load(tmp_path / "absent.toml")
    assert "mailflow init" in err.value.hint


def test_toml_syntax_error_has_the_line():
    with pytest.raises(ConfigError, match=r"line 2"):
        loads('[profile]\nname = "unterminated\n')


@pytest.mark.parametrize("text,fragment", [
    ('[mail]\nbackend = "pigeon"\n', "mail.backend"),
    ('[policy]\ntimezone = "Mars/Olympus"\n', "unknown time zone"),
    ('[policy.follow_up]\nmax = 5\n', "hard ceiling"),
    ('[policy]\nwork_week = [0, 8]\n', "Monday"),
    ('[profile]\nemail = "nobody"\n', "not an address"),
    ('[[calendars]]\ntype = "ics"\n', "needs `path` or `url`"),
    ('[proofread]\nwarn_only = ["spelling", "grammer"]\n', r"line 2: proofread.warn_only: unknown check 'grammer'"),
    ('[detect]\nexclude = ["ok", "(unclosed"]\n', r"detect.exclude\[1\]: '\(unclosed' is not a regular expression"),
    ('[templates]\npath = "no-such-folder"\n', r"templates.path: no such folder"),
])
def test_inconsistent_values_are_refused(text, fragment):
    with pytest.raises(ConfigError, match=fragment):
        loads(text)


def test_bad_config_exits_2_with_the_file_named(home):
    home.config.write_text('[profile]\nnmae = "x"\n')
    result = home.cli("run")
    assert result.exit_code == 2
    assert "config.toml, line 2: profile.nmae: unknown setting" in result.output
    assert "hint:" in result.output


def test_run_refuses_without_your_own_address(home):
    home.write_calendar()
    home.config.write_text(home.config.read_text().replace('email = "alex@candidate.example"', ""))
    result = home.cli("run")
    assert result.exit_code == 2 and "[profile] email is not set" in result.output


def test_a_calendar_address_is_never_printed_whole(home):
    secret = "https://calendar.example/ical/me%40example.com/private-0123456789abcdef/basic.ics"
    home.write_config(calendars=f'[[calendars]]\nurl = "{secret.replace("https", "http").replace("calendar.example", "127.0.0.1:9")}"\n')
    result = home.cli("run", "--json")
    assert result.exit_code == 1
    assert "private-0123456789abcdef" not in result.output and "basic.ics" not in result.output
    assert "http://127.0.0.1:9/…" in result.output


def test_two_calendar_addresses_at_one_host_keep_distinct_labels():
    from mailflow import config

    cfg = config.loads('[profile]\nname = "A"\nemail = "a@b.example"\n'
                       '[[calendars]]\nurl = "https://cal.example/one-secret"\n'
                       '[[calendars]]\nurl = "https://cal.example/other-secret"\n'
                       '[[calendars]]\nurl = "https://other.example/x"\n')
    assert [c.label for c in cfg.calendars] == ["https://cal.example/… (1)", "https://cal.example/… (2)",
                                                "https://other.example/…"]


@pytest.mark.parametrize("text, fragment", [
    ("[policy]\nlookahead_days = 100000000000\n", "policy.lookahead_days: 100000000000 is out of range"),
    ("[policy.thank_you]\ndeadline_hours = 1e300\n", "deadline_hours"),
    ("[policy.follow_up]\nbusiness_days = -3\n", "business_days: -3 is out of range"),
    ("[policy]\nlookback_days = -1\n", "lookback_days: -1 is out of range"),
    ('[detect]\nkeywords = [""]\n', "an empty entry would match every event"),
    ('[detect]\nexclude = ["  "]\n', "an empty entry would match every event"),
    ("[limits]\ncalendar_mb = 0\n", "limits.calendar_mb"),
    ('[detect]\nkeywords = "interview"\n', "must be a list of strings"),
])
def test_numbers_and_lists_are_checked_for_sense_at_load(text, fragment):
    with pytest.raises(ConfigError) as caught:
        loads(text)
    assert fragment in caught.value.message and "line" in caught.value.message


def test_a_config_that_is_not_utf8_names_the_file_and_line(home):
    home.config.write_bytes(home.config.read_bytes() + b'\n[detect]\nkeywords = ["caf\xe9"]\n')
    result = home.cli("scan")
    assert result.exit_code == 2 and "not UTF-8" in result.output and "line" in result.output
    assert "Traceback" not in result.output


def test_global_options_work_after_the_command_name_too(home, tmp_path):
    from click.testing import CliRunner

    from tests.harness.calendars import vevent
    from mailflow.cli import main

    home.write_calendar(vevent("a@acme.example", "Interview with Acme", ";TZID=America/New_York:20261124T140000",
                               ";TZID=America/New_York:20261124T150000"))
    runner = CliRunner()
    before = runner.invoke(main, ["--config", str(home.config), "scan", "--json", "--now", "2026-11-25T18:00"])
    after = runner.invoke(main, ["scan", "--config", str(home.config), "-v", "--json", "--now", "2026-11-25T18:00"])
    assert before.exit_code == after.exit_code == 0, after.output
    assert json.loads(before.output)["events"] == json.loads(after.output[after.output.index("{"):])["events"]


def test_logins_live_in_providers_and_the_older_mail_sections_still_work():
    new = loads('[providers.google]\nclient_secrets = "s.json"\n[providers.microsoft]\nclient_id = "abc"\n'
                '[mail.outlook]\nschedule_send = true\n')
    assert new.providers.google.client_secrets == "s.json" and new.providers.microsoft.client_id == "abc"
    assert new.shared.providers is new.providers and new.mail.outlook.schedule_send is True
    old = loads('[mail.gmail]\nclient_secrets = "s.json"\nendpoint = "http://g"\n'
                '[mail.outlook]\nclient_id = "abc"\nauthority = "consumers"\n')
    assert old.providers.google.client_secrets == "s.json" and old.mail.gmail.endpoint == "http://g"
    assert (old.providers.microsoft.client_id, old.providers.microsoft.authority) == ("abc", "consumers")
    both = loads('[mail.gmail]\nclient_secrets = "old.json"\n[providers.google]\nclient_secrets = "new.json"\n')
    assert both.providers.google.client_secrets == "new.json"
    with pytest.raises(ConfigError, match=r"mail\.outlook\.client_id must be a string"):
        loads('[mail.outlook]\nclient_id = 3\n')
