"""The command line: parse options, call a command, print text or JSON, exit with
the report's code. Nothing else happens here."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mailflow import CONFIG_ENV, __version__, registry
from mailflow.clock import NOW_ENV
from mailflow.errors import MailflowError
from mailflow.model import PROOF_KINDS, NoteKind, RemarkForm

if TYPE_CHECKING:
    from mailflow import config as configuration
    from mailflow.reports import Report

log = logging.getLogger("mailflow")


class App:
    """What every command needs, built lazily from the global options."""

    def __init__(self, config_path: str | None, verbose: int):
        self.config_path = config_path
        self.verbose = verbose
        #: the command was given --json: its report, and any error, are printed as JSON
        self.as_json = False
        self._config: configuration.Config | None = None

    @property
    def config(self) -> configuration.Config:
        if self._config is None:
            from mailflow import config as configuration

            self._config = configuration.load(self.config_path)
        return self._config

    def now(self, override: str | None) -> datetime:
        from mailflow.clock import now

        return now(self.config.policy.zone, override)


class MailflowGroup(click.Group):
    """Turns MailflowError into one message with a hint and the right exit code."""

    def invoke(self, ctx):
        import sqlite3

        try:
            try:
                return super().invoke(ctx)
            except sqlite3.Error as exc:  # the state failed in the middle of a command
                from mailflow.store import state_error

                path = ctx.obj.config.state_path if isinstance(ctx.obj, App) and ctx.obj._config else None
                raise state_error(exc, path) from None
        except MailflowError as exc:
            if isinstance(ctx.obj, App) and ctx.obj.as_json:
                from mailflow.reports import error_report

                _print_json(error_report(exc))
                ctx.exit(exc.exit_code)
            from mailflow.untrusted import printable, scrub_urls

            click.echo(printable(scrub_urls(f"mailflow: {exc.message}")), err=True)
            if exc.hint:
                click.echo(printable(scrub_urls(f"  hint: {exc.hint}")), err=True)
            ctx.exit(exc.exit_code)


def _late_config(ctx, _param, value):
    """``--config`` after the command name (``mailflow run --config FILE``)."""
    if value is not None:
        ctx.find_object(App).config_path = value
    return value


def _late_verbose(ctx, _param, value):
    if value:
        app = ctx.find_object(App)
        app.verbose = max(app.verbose, value)
        _setup_logging(app.verbose)
    return value


def common_options(f):
    """Options every command takes, before or after its name: ``--config``, ``-v``, ``--now``."""
    f = click.option("--config", "late_config", metavar="PATH", expose_value=False, callback=_late_config,
                     is_eager=True, help="Config file (also before the command name).")(f)
    f = click.option("-v", "--verbose", "late_verbose", count=True, expose_value=False,
                     callback=_late_verbose, help="Log to stderr too (-vv for debug).")(f)
    return f


def now_option(f):
    return click.option("--now", envvar=NOW_ENV, metavar="ISO",
                        help=f"Pretend it is this time (also ${NOW_ENV}).")(f)


def _json_flag(ctx, _param, value):
    if value and isinstance(ctx.find_object(App), App):
        ctx.find_object(App).as_json = True
    return value


def json_option(f):
    """``--json``: the report as JSON (docs/json.md), errors too, with the exit code."""
    return click.option("--json", "as_json", is_flag=True, is_eager=True, callback=_json_flag,
                        help="Print JSON instead of text (docs/json.md).")(f)


def pass_app(f):
    @click.pass_obj
    @wraps(f)
    def wrapper(app, *args, **kwargs):
        return f(app, *args, **kwargs)

    return wrapper


def finish(report: Report, render: Callable[[Any], str] | None, as_json_flag: bool = False) -> None:
    """Print ``report`` (JSON, or what ``render`` makes of it with the ``show`` module;
    None prints nothing) and exit with its code. Every address in it is cut to
    scheme and host: which part of a calendar's address is its secret varies."""
    from mailflow.untrusted import scrub_urls

    if as_json_flag:
        from mailflow.reports import as_json

        _print_json(as_json(report))
    elif render is not None:
        from mailflow import show

        text = render(show)
        if text:
            click.echo(scrub_urls(text))
    sys.exit(report.exit_code)


def _print_json(data: dict) -> None:
    """``data`` as JSON, every address in it cut to scheme and host (``untrusted.scrub_urls``)."""
    import json

    from mailflow.untrusted import scrub_urls

    click.echo(_terminal_safe_json(scrub_urls(json.dumps(data, indent=2, ensure_ascii=False))))


def _terminal_safe_json(text: str) -> str:
    """JSON whose strings cannot drive a terminal: C1 controls, line separators and
    bidirectional overrides from a calendar are written as \\u escapes (still the same JSON)."""
    import re

    return re.sub("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]",
                  lambda m: f"\\u{ord(m.group()):04x}", text)


#: the handlers ``_setup_logging`` put on the root logger (and only those are replaced)
_HANDLERS: list[logging.Handler] = []
#: why the log file is not written, once said
_SAID: set[str] = set()


def _setup_logging(verbose: int) -> None:
    """The log file (and stderr with ``-v``) on the root logger: mailflow's records,
    and the warnings of the libraries it uses (which would otherwise reach stderr
    raw), every line with its addresses cut to scheme and host (``untrusted.scrub_urls``)."""
    from mailflow.logs import OwnerOnlyLog, ScrubbingFormatter, log_problem
    from mailflow.safefiles import PlantedFile

    root = logging.getLogger()
    for handler in _HANDLERS:  # one set of handlers per invocation
        root.removeHandler(handler)
        handler.close()
    _HANDLERS.clear()
    root.setLevel(logging.WARNING)
    ours = logging.getLogger("mailflow")
    ours.setLevel(logging.DEBUG)
    for handler in list(ours.handlers):
        ours.removeHandler(handler)
        handler.close()
    ours.propagate = True
    if verbose:
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
        stderr.setFormatter(ScrubbingFormatter("%(message)s"))
        _HANDLERS.append(stderr)
    from mailflow.config import user_state_dir

    folder = user_state_dir()
    problem = log_problem(folder)
    if not problem:
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            handler = OwnerOnlyLog(folder / "mailflow.log", maxBytes=1_000_000, backupCount=3)
            handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(message)s"))
            handler.setLevel(logging.INFO)
            _HANDLERS.append(handler)
        except PlantedFile as exc:  # appeared between the check and the opening
            problem = exc.strerror
        except OSError:
            pass  # a read-only home: the run goes on without a log file, as it always did
    if problem and problem not in _SAID:  # once per invocation, also when -v comes after the command
        _SAID.add(problem)
        click.echo(f"mailflow: not logging to {folder / 'mailflow.log'}: {problem}", err=True)
    for handler in _HANDLERS:
        root.addHandler(handler)


@click.group(cls=MailflowGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", envvar=CONFIG_ENV, metavar="PATH",
              help=f"Config file (also ${CONFIG_ENV}; default: config.toml in your user config dir, "
                   "~/.config/mailflow/ on Linux).")
@click.option("-v", "--verbose", count=True, help="Log to stderr too (-vv for debug).")
@click.version_option(__version__, prog_name="mailflow")
@click.pass_context
def main(ctx, config_path, verbose):
    """Drafts the emails good interview etiquette asks for, into your own mail client.

    Nothing is ever sent unless a command says --send.
    """
    _SAID.clear()
    _setup_logging(verbose)
    ctx.obj = App(config_path, verbose)


# ---- the pipeline --------------------------------------------------------------------


@main.command()
@click.option("--dry-run", is_flag=True, help="Show what would be written; change nothing.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing when there is nothing to do (for cron).")
@now_option
@json_option
@common_options
@pass_app
def run(app, dry_run, quiet, now, as_json):
    """Find interviews and write the drafts that are due (the cron job)."""
    from mailflow.commands.run import run as do_run

    report = do_run(app.config, app.now(now), dry_run=dry_run)
    quiet = quiet and report.quiet_ok and not as_json
    finish(report, None if quiet else (lambda show: show.run(report, app.config)), as_json)


@main.command()
@click.option("--since", metavar="DATE", help="Start of the window (default: now - lookback_days).")
@click.option("--until", metavar="DATE", help="End of the window (default: now + lookahead_days).")
@click.option("--explain", is_flag=True, help="Say why each event is or is not an interview.")
@now_option
@json_option
@common_options
@pass_app
def scan(app, since, until, explain, now, as_json):
    """List the interviews in your calendars; write no mail."""
    from mailflow.commands.run import scan as do_scan

    report = do_scan(app.config, app.now(now), since=since, until=until)
    finish(report, lambda show: show.scan(report, explain, app.config.policy.zone), as_json)


@main.command()
@click.argument("interview")
@now_option
@json_option
@common_options
@pass_app
def preview(app, interview, now, as_json):
    """Print the thank-you drafts for INTERVIEW; write nothing."""
    from mailflow.commands.run import preview as do_preview

    report = do_preview(app.config, app.now(now), interview)
    finish(report, lambda show: show.preview(report), as_json)


@main.command()
@click.argument("interview")
@click.option("--by", "who", metavar="WHO", help="Only the note to this interviewer (default: all).")
@click.option("--yes", "-y", "assume_yes", is_flag=True, help="Replace drafts you edited without asking.")
@now_option
@json_option
@common_options
@pass_app
def redraft(app, interview, who, assume_yes, now, as_json):
    """Write the thank-you notes of INTERVIEW afresh: after you deleted one, or to replace
    one you edited (after asking). A note already sent is left alone."""
    from mailflow.commands.run import redraft as do_redraft

    def confirm(recipients: list[str]) -> bool:
        if assume_yes:
            return True
        if not sys.stdin.isatty():
            return False
        return click.confirm(f"replace the drafts you edited to {', '.join(recipients)}?", default=False,
                             err=as_json)

    report = do_redraft(app.config, app.now(now), interview, who, confirm=confirm)
    finish(report, lambda show: show.redraft(report), as_json)


@main.command()
@now_option
@json_option
@common_options
@pass_app
def doctor(app, now, as_json):
    """Check the config, calendars and mailbox, and say what to fix."""
    from mailflow.commands.run import doctor as do_doctor

    report = do_doctor(app.config, app.now(now))
    finish(report, lambda show: show.doctor(report), as_json)


# ---- what the user tells mailflow ------------------------------------------------------


@main.command()
@click.argument("interview")
@click.argument("text")
@click.option("--by", "who", required=True, metavar="WHO", help="The interviewer's address or name.")
@click.option("--new", is_flag=True, help="WHO is not on the invite: add them (give their address).")
@click.option("--kind", type=click.Choice([k.value for k in NoteKind]), default=NoteKind.REMARK.value,
              show_default=True,
              help="What the text is: something they said, the decision timeline they gave, ...")
@click.option("--as", "form", type=click.Choice([f.value for f in RemarkForm]), default=None,
              help="How a remark reads: their words to quote, their point to paraphrase, a question "
                   "they asked, or a note in your own words (default: read from the text).")
@click.option("--file", "file", type=click.Path(path_type=Path), default=None,
              help="With --kind promised: the file to attach to the thank-you (at most 3 MB).")
@now_option
@json_option
@common_options
@pass_app
def remark(app, interview, text, who, new, kind, form, file, now, as_json):
    """Record what an interviewer said, for their thank-you note."""
    from mailflow.commands.notes import remark as do_remark

    report = do_remark(app.config, app.now(now), interview, who, text, kind, form or "", file=file, new=new)
    finish(report, lambda show: show.remark(report), as_json)


@main.command(name="mark-sent")
@click.argument("interview")
@click.option("--by", "who", metavar="WHO", help="Only the note to this interviewer (default: all).")
@click.option("--follow-up", is_flag=True, help="Mark the follow-up about this interview instead.")
@click.option("--at", metavar="ISO", help="When you sent it (default: now).")
@now_option
@json_option
@common_options
@pass_app
def mark_sent(app, interview, who, follow_up, at, now, as_json):
    """Record thank-you notes (or a follow-up) as sent when mailflow cannot see your sent mail.

    Also for a note you wrote yourself: mailflow then drafts none for that person."""
    from mailflow.commands.notes import mark_sent as do_mark

    report = do_mark(app.config, app.now(now), interview, who, follow_up, at)
    finish(report, lambda show: show.mark_sent(report, app.config.policy.zone), as_json)


@main.command()
@now_option
@json_option
@common_options
@pass_app
def status(app, now, as_json):
    """Applications, interviews and what became of each message."""
    from mailflow.commands.status import status as do_status

    report = do_status(app.config, app.now(now))
    finish(report, lambda show: show.status(report, app.config.policy.zone), as_json)


@main.command(name="proofread")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(PROOF_KINDS),
              help="What the message is (default: from its X-Mailflow-Key, else other).")
@now_option
@json_option
@common_options
@pass_app
def proofread_cmd(app, file, kind, now, as_json):
    """Check a message you edited by hand (an .eml, a Maildir file or plain text)."""
    from mailflow.commands.proofread import proofread_file

    report = proofread_file(app.config, app.now(now), file, kind)
    finish(report, lambda show: show.proofread(report), as_json)


# ---- corrections -------------------------------------------------------------------------


@main.group(cls=MailflowGroup)
def fix():
    """Correct what mailflow recorded: forget, merge, rename, edit a note, drop an interviewer."""


@fix.command(name="list")
@now_option
@json_option
@common_options
@pass_app
def fix_list(app, as_json, now):
    """Every application and interview with its id and status (also forgotten, retired, merged)."""
    from mailflow.commands.corrections import listing

    report = listing(app.config, app.now(now))
    finish(report, lambda show: show.fix(report, app.config.policy.zone), as_json)


@fix.command(name="notes")
@click.argument("interview", required=False)
@now_option
@json_option
@common_options
@pass_app
def fix_notes(app, interview, as_json, now):
    """The notes recorded (remarks, timelines, ...), with the ids `fix note` takes."""
    from mailflow.commands.corrections import notes

    report = notes(app.config, app.now(now), interview)
    finish(report, lambda show: show.fix(report, app.config.policy.zone), as_json)


@fix.command(name="note")
@click.argument("note_id", type=int, metavar="ID")
@click.option("--text", metavar="TEXT", help="What the note should say.")
@click.option("--delete", is_flag=True, help="Remove the note.")
@now_option
@json_option
@common_options
@pass_app
def fix_note(app, note_id, text, delete, now, as_json):
    """Edit or delete one note (see `mailflow fix notes`)."""
    from mailflow.commands.corrections import note

    report = note(app.config, app.now(now), note_id, text=text, delete=delete)
    finish(report, lambda show: show.fix(report, app.config.policy.zone), as_json)


@fix.command(name="forget")
@click.argument("target", metavar="INTERVIEW|COMPANY")
@now_option
@json_option
@common_options
@pass_app
def fix_forget(app, target, now, as_json):
    """Forget an interview or a whole application: nothing more is written for it."""
    from mailflow.commands.corrections import forget

    report = forget(app.config, app.now(now), target)
    finish(report, lambda show: show.fix(report, app.config.policy.zone), as_json)


@fix.command(name="merge")
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="INTO")
@now_option
@json_option
@common_options
@pass_app
def fix_merge(app, source, target, now, as_json):
    """Merge application FROM into INTO ("Globex Corporation" into "Globex")."""
    from mailflow.commands.corrections import merge

    report = merge(app.config, app.now(now), source, target)
    finish(report, lambda show: show.fix(report, app.config.policy.zone), as_json)


@fix.command(name="person")
@click.argument("who", metavar="WHO")
@click.option("--name", default="", help="Their name as it should be written.")
@click.option("--greeting", default="", help='How notes greet them ("Lan").')
@now_option
@json_option
@common_options
@pass_app
def fix_person(app, who, name, greeting, now, as_json):
    """Rename a person or set how they are greeted (WHO: an address, or a name)."""
    from mailflow.commands.corrections import person

    report = person(app.config, app.now(now), who, name=name, greeting=greeting)
    finish(report, lambda show: show.fix(report, app.config.policy.zone), as_json)


@fix.command(name="drop")
@click.argument("interview")
@click.argument("who", metavar="WHO")
@now_option
@json_option
@common_options
@pass_app
def fix_drop(app, interview, who, now, as_json):
    """Remove an interviewer wrongly taken from the invite of INTERVIEW."""
    from mailflow.commands.corrections import drop

    report = drop(app.config, app.now(now), interview, who)
    finish(report, lambda show: show.fix(report, app.config.policy.zone), as_json)


# ---- setup -----------------------------------------------------------------------------


@main.command()
@click.argument("provider", type=click.Choice(list(registry.LOGINS)))
@click.option("--no-browser", is_flag=True, help="Print the address to open instead of opening a browser.")
@click.option("--port", type=int, default=0, help="Loopback port for the Google login answer (default: any).")
@json_option
@common_options
@pass_app
def auth(app, provider, no_browser, port, as_json):
    """Log in to a provider once; cron runs reuse the stored login."""
    from mailflow.commands.setup import auth as do_auth

    def say(text: str) -> None:  # with --json, stdout is the report's alone
        click.echo(text, err=as_json)

    report = do_auth(app.config, provider, say, open_browser=not no_browser, port=port)
    finish(report, lambda show: show.auth(report), as_json)


@main.command()
@click.option("--path", "target", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write it (default: the user config file).")
@click.option("--name", default="", help="Your name, as your notes are signed.")
@click.option("--email", default="", help="Your email address.")
@click.option("--calendar", default="", metavar="FILE|URL|google|outlook",
              help="Your calendar: an .ics file, its https:// address, google or outlook.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@json_option
@click.pass_obj
def init(app, target, name, email, calendar, force, as_json):
    """Write your own config: this machine's time zone and holidays, your name, address and
    calendar (asked for on a terminal when not given), drafts and state in your data folders."""
    from mailflow.commands.setup import init as do_init
    from mailflow.config import user_config_path

    def ask(question: str, default: str) -> str:
        return click.prompt(question, default=default, show_default=False)

    interactive = sys.stdin.isatty() and not as_json
    report = do_init(target or (Path(app.config_path) if app.config_path else user_config_path()), force=force,
                     name=name, email=email, calendar=calendar, ask=ask if interactive else None)
    finish(report, lambda show: show.init(report), as_json)


@main.command(name="cron-line")
@click.option("--every", "schedule", default="*/30 * * * *", show_default=True, metavar="SCHEDULE",
              help="When to run, in crontab's five fields.")
@json_option
@common_options
@pass_app
def cron_line(app, schedule, as_json):
    """Print the crontab line that runs this mailflow on this config (add it with `crontab -e`)."""
    from mailflow.commands.setup import cron

    report = cron(Path(app.config_path) if app.config_path else None, schedule)
    finish(report, lambda show: show.cron(report), as_json)


# ---- how a process ends ------------------------------------------------------------


def send_options(f):
    f = click.option("--yes", "-y", "assume_yes", is_flag=True,
                     help="With --send: do not ask (for scripts).")(f)
    f = click.option("--send", is_flag=True,
                     help="Send the withdrawals after listing every recipient and asking.")(f)
    return f


def _send_options(send: bool, assume_yes: bool, as_json: bool = False):
    from mailflow.commands.outcomes import SendOptions

    def ask(recipients: list[dict]) -> bool:
        from mailflow import show

        return click.confirm(show.send_prompt(recipients), default=False, err=as_json)

    # without a terminal there is nobody to ask: the core then refuses unless --yes
    return SendOptions(send=send, assume_yes=assume_yes, ask=ask if sys.stdin.isatty() else None)


@main.command()
@click.argument("company")
@send_options
@click.option("--dry-run", is_flag=True, help="Show what would be done; change nothing.")
@now_option
@json_option
@common_options
@pass_app
def accept(app, company, send, assume_yes, dry_run, now, as_json):
    """You accepted COMPANY's offer: withdraw from every other active application."""
    from mailflow.commands import outcomes

    report = outcomes.accept(app.config, app.now(now), company, dry_run=dry_run,
                             options=_send_options(send, assume_yes, as_json))
    finish(report, lambda show: show.outcome(report, app.config), as_json)


@main.command()
@click.argument("company")
@click.option("--reason", default="", metavar="TEXT", help='Why, in a few words ("I am relocating").')
@send_options
@click.option("--dry-run", is_flag=True, help="Show what would be done; change nothing.")
@now_option
@json_option
@common_options
@pass_app
def withdraw(app, company, reason, send, assume_yes, dry_run, now, as_json):
    """Withdraw from COMPANY's process: a courteous note, follow-ups cancelled."""
    from mailflow.commands import outcomes

    report = outcomes.withdraw(app.config, app.now(now), company, reason=reason, dry_run=dry_run,
                               options=_send_options(send, assume_yes, as_json))
    finish(report, lambda show: show.outcome(report, app.config), as_json)


@main.command()
@click.argument("company")
@click.option("--dry-run", is_flag=True, help="Show what would be done; change nothing.")
@now_option
@json_option
@common_options
@pass_app
def rejected(app, company, dry_run, now, as_json):
    """COMPANY said no: a gracious reply asking for feedback; follow-ups cancelled."""
    from mailflow.commands import outcomes

    report = outcomes.rejected(app.config, app.now(now), company, dry_run=dry_run)
    finish(report, lambda show: show.outcome(report, app.config), as_json)


@main.command()
@click.argument("company")
@click.option("--respond-by", "respond_by", metavar="DATE", help="The day you must answer the offer by (YYYY-MM-DD).")
@click.option("--dry-run", is_flag=True, help="Show what would be done; change nothing.")
@json_option
@now_option
@common_options
@pass_app
def offer(app, company, respond_by, dry_run, as_json, now):
    """COMPANY made an offer: ask every other active application for their timing."""
    from datetime import date

    from mailflow.commands import outcomes

    day = None
    if respond_by:
        try:
            day = date.fromisoformat(respond_by.strip())
        except ValueError:
            raise click.BadParameter(f"{respond_by!r} is not a date: write it as YYYY-MM-DD",
                                     param_hint="--respond-by") from None
    report = outcomes.offer(app.config, app.now(now), company, respond_by=day, dry_run=dry_run)
    finish(report, lambda show: show.outcome(report, app.config), as_json)


@main.command("inbox")
@json_option
@now_option
@common_options
@pass_app
def inbox_command(app, as_json, now):
    """What recruiters wrote, what it means, and what mailflow did or proposes."""
    from mailflow.commands.inbox import inbox

    report = inbox(app.config, app.now(now))
    finish(report, lambda show: show.inbox(report), as_json)


# ---- reflection ----------------------------------------------------------------------


@main.command()
@click.argument("interview", required=False)
@now_option
@json_option
@common_options
@pass_app
def debrief(app, interview, now, as_json):
    """Fill in the debrief form for INTERVIEW (default: the latest) in $EDITOR."""
    from mailflow.commands.debrief import debrief as do_debrief

    report = do_debrief(app.config, app.now(now), interview,
                        edit=lambda text: click.edit(text, extension=".toml", require_save=True))
    finish(report, lambda show: show.debrief(report), as_json)


@main.command()
@click.argument("interview", required=False)
@now_option
@json_option
@common_options
@pass_app
def linkedin(app, interview, now, as_json):
    """Print a LinkedIn connection note per interviewer of INTERVIEW (default: the latest)."""
    from mailflow.commands.linkedin import connection_notes

    report = connection_notes(app.config, app.now(now), interview)
    finish(report, lambda show: show.linkedin(report), as_json)
