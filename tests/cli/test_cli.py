"""The command line itself: version, help, init, doctor."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from mailflow import __version__
from mailflow.cli import main
from tests.harness.calendars import ME, PANEL, REPO, vevent


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_help_lists_the_commands_and_loads_no_provider_library():
    code = ("import sys; from click.testing import CliRunner; from mailflow.cli import main; "
            "r = CliRunner().invoke(main, ['--help']); print(r.output); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('googleapiclient', 'msal', 'caldav', 'requests')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    for command in ("run", "scan", "remark", "preview", "status", "proofread", "mark-sent", "auth", "doctor", "init"):
        assert f"  {command} " in out
    assert out.strip().endswith("[]")


def test_init_writes_a_starter_config_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / "conf" / "config.toml"
    runner = CliRunner()
    first = runner.invoke(main, ["init", "--path", str(target)])
    assert first.exit_code == 0 and target.exists()
    assert "[profile]" in target.read_text()
    second = runner.invoke(main, ["init", "--path", str(target)])
    assert second.exit_code == 2 and "exists already" in second.output and "--force" in second.output


def test_no_config_says_how_to_start(tmp_path):
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "none.toml"), "status"])
    assert result.exit_code == 2
    assert "no such config file" in result.output and "mailflow init" in result.output


def test_doctor_checks_calendar_and_mailbox(home):
    home.write_calendar()
    result = home.cli("doctor", "--now", "2026-11-25T18:00")
    assert result.exit_code == 0, result.output
    assert "ok   calendar calendar.ics: 0 events in the window" in result.output
    assert "ok   mailbox maildir: reachable" in result.output
    home.calendar.unlink()
    broken = home.cli("doctor", "--now", "2026-11-25T18:00")
    assert broken.exit_code == 1 and "BAD  calendar calendar.ics" in broken.output


def test_doctor_never_calls_a_mailbox_reachable_when_no_request_succeeded(home):
    import socket

    with socket.socket() as probe:  # a port on which nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    home.write_calendar()
    home.write_config(mail=f'[mail]\nbackend = "imap"\n[mail.imap]\nhost = "127.0.0.1"\nport = {port}\n'
                           'security = "none"\nusername = "alex"\npassword_cmd = "echo secret"\n')
    result = home.cli("doctor", "--now", "2026-11-25T18:00")
    assert result.exit_code != 0, result.output
    assert "reachable" in result.output and "ok   mailbox imap" not in result.output
    assert "BAD  mailbox imap: not reachable" in result.output


def test_a_maildir_with_a_folder_that_cannot_be_read_is_not_reachable(home):
    home.write_calendar()
    home.write_config(mail='[mail]\nbackend = "maildir"\n[mail.maildir]\npath = "drafts"\ninbox = "missing"\n')
    result = home.cli("doctor", "--now", "2026-11-25T18:00")
    assert result.exit_code != 0, result.output
    assert "BAD  mailbox maildir: 1 of 3 checks failed: see above" in result.output


def test_bad_now_is_a_clear_error(home):
    result = home.cli("run", "--now", "next tuesday")
    assert result.exit_code == 2 and "not an ISO date" in result.output


def test_every_time_shown_is_in_your_zone_and_says_so(home):
    berlin = vevent("berlin-1@acme.example", "Interview with Acme", ";TZID=Europe/Berlin:20261124T170000",
                    ";TZID=Europe/Berlin:20261124T180000", attendees=(f":mailto:{ME}", ";CN=Ana:mailto:ana@acme.example"))
    home.write_calendar(berlin)
    for command in (["scan"], ["run"], ["status"]):
        out = home.cli(*command, "--now", "2026-11-24T13:00").output
        assert "Tue 24 Nov 11:00 EST" in out, (command, out)  # 17:00 in Berlin
        assert "17:00" not in out


HEAVY = ("jinja2", "spellchecker", "dateparser", "holidays", "googleapiclient", "google", "msal", "caldav",
         "requests", "niquests", "icalendar", "recurring_ical_events", "x_wr_timezone")


def _imported_by(args: list[str], env: dict) -> set[str]:
    code = ("import sys; from mailflow.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            f"print('IMPORTED', sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))")
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO, env=env).stdout
    line = next(x for x in out.splitlines() if x.startswith("IMPORTED"))
    return set(eval(line.split(" ", 1)[1]))  # noqa: S307 - our own printout


def test_help_and_a_run_with_nothing_new_load_no_calendar_parser_template_engine_dictionary_or_provider(home):
    home.write_calendar(PANEL)
    env = home.child_env(MAILFLOW_CONFIG=str(home.config))
    assert home.cli("run", "--now", "2026-11-25T18:00").exit_code == 0  # drafts written: all loaded then
    assert _imported_by(["--help"], env) == set()
    assert _imported_by(["run", "--quiet", "--now", "2026-11-25T18:30"], env) == set()


#: what a first run on a local calendar and a Maildir has no use for: an HTTP client, and
#: numpy (LemmInflect's model of words it does not list; mailflow's own drafts use none)
FIRST_RUN_NEEDS_NONE = ("http.client", "ssl", "urllib.request", "numpy._core")


def test_a_first_run_that_writes_drafts_imports_no_http_client_or_numpy(home):
    home.write_calendar(PANEL)
    env = home.child_env(MAILFLOW_CONFIG=str(home.config))
    code = ("import sys; from mailflow.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            f"print('IMPORTED', sorted(set(sys.modules) & {set(FIRST_RUN_NEEDS_NONE)!r}))")
    out = subprocess.run([sys.executable, "-c", code, "run", "--now", "2026-11-25T18:00"], capture_output=True,
                         text=True, cwd=REPO, env=env).stdout
    assert "drafts" in out.lower() and "IMPORTED []" in out.splitlines(), out


#: what a run with nothing new has no use for: the other commands' reports
LEFT_FOR_LATER = ("mailflow.reports_other",)


def test_a_run_with_nothing_new_builds_none_of_the_other_commands_reports(home):
    home.write_calendar(PANEL)
    env = home.child_env(MAILFLOW_CONFIG=str(home.config))
    assert home.cli("run", "--now", "2026-11-25T18:00").exit_code == 0
    code = ("import sys; from mailflow.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            f"print('IMPORTED', sorted(set(sys.modules) & {set(LEFT_FOR_LATER)!r}))")
    for args in (["run", "--now", "2026-11-25T18:30"], ["run", "--quiet", "--now", "2026-11-25T18:40"]):
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO,
                             env=env).stdout
        assert "IMPORTED []" in out.splitlines(), out
    # the other commands still find their reports (``doctor`` renders one)
    assert home.cli("doctor").output


#: what a run over a Maildir that finds its drafts folder as it was has no use for: the
#: ``mailbox`` module (writing), the email package's parsers and ``rules.letter`` (reading)
NOTHING_TO_READ = ("mailbox", "email.parser", "email.generator", "email.policy", "mailflow.rules.letter")


def test_a_run_that_finds_the_maildir_as_it_was_imports_no_mail_parser_or_writer(home):
    import os

    home.write_calendar(PANEL)
    env = home.child_env(MAILFLOW_CONFIG=str(home.config))
    assert home.cli("run", "--now", "2026-11-25T18:00").exit_code == 0
    drafts = home.root / "drafts"
    for path in [*drafts.glob("*/*"), drafts / "new", drafts / "cur"]:  # written well before the next runs
        past = path.stat().st_mtime_ns - 3600 * 10**9
        os.utime(path, ns=(past, past))
    assert home.cli("run", "--now", "2026-11-25T18:20").exit_code == 0  # finds them as written
    code = ("import sys; from mailflow.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            f"print('IMPORTED', sorted(set(sys.modules) & {set(NOTHING_TO_READ)!r}))")
    out = subprocess.run([sys.executable, "-c", code, "run", "--now", "2026-11-25T18:30"], capture_output=True,
                         text=True, cwd=REPO, env=env).stdout
    assert "IMPORTED []" in out.splitlines(), out


def test_a_run_with_nothing_new_compiles_none_of_the_expressions_that_read_mail(home):
    # the Maildir backend imports the rules that read letters and replies; a run that finds
    # no new mail uses none of their expressions, so none is compiled (``patterns.lazy``)
    home.write_calendar(PANEL)
    env = home.child_env(MAILFLOW_CONFIG=str(home.config))
    assert home.cli("run", "--now", "2026-11-25T18:00").exit_code == 0
    code = ("import re, sys\n"
            "compiled = set()\n"
            "def counting(pattern, flags=0, _compile=re.compile):\n"
            "    compiled.add(sys._getframe(1).f_globals.get('__name__'))\n"
            "    return _compile(pattern, flags)\n"
            "re.compile = counting\n"
            "from mailflow.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "import mailflow.rules.letter, mailflow.rules.replies\n"
            "print('COMPILED', sorted(m for m in compiled if m and m.startswith('mailflow.rules.')))")
    out = subprocess.run([sys.executable, "-c", code, "run", "--now", "2026-11-25T18:30"], capture_output=True,
                         text=True, cwd=REPO, env=env).stdout
    line = next(x for x in out.splitlines() if x.startswith("COMPILED"))
    assert "mailflow.rules.letter" not in line and "mailflow.rules.replies" not in line, line
