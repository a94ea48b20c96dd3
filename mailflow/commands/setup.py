"""``init`` (a starter config) and ``auth`` (a login kept for cron)."""

from __future__ import annotations

import json
import re
import shlex
import string
import sys
from collections.abc import Callable
from pathlib import Path

from mailflow import registry
from mailflow.config import Config, user_config_path, user_data_dir, user_state_dir
from mailflow.errors import ConfigError
from mailflow.reports_other import AuthReport, CronReport, InitReport
from mailflow.untrusted import plain_address

#: the template of the user's own config (``string.Template``); config.example.toml is the reference
STARTER = Path(__file__).resolve().parent.parent / "starter.toml"

#: what the walk-through asks, in order: (answer, question)
QUESTIONS = (
    ("name", "Your name, as your notes are signed"),
    ("email", "Your email address"),
    ("calendar", "Your calendar: an .ics file, its https:// address, google or outlook (empty: fill in later)"),
)


def init(target: Path, *, force: bool = False, name: str = "", email: str = "", calendar: str = "",
         ask: Callable[[str, str], str] | None = None, cwd: Path | None = None) -> InitReport:
    """``mailflow init``: write the user's own config to ``target``: this machine's time
    zone, the public holidays of that zone's country, drafts and state in the user's
    data and state folders, and their name, address and calendar, from the flags or,
    when ``ask`` is given (a terminal), from a short walk-through. What is still
    unknown is written as a marked placeholder and listed in the report (``fill_in``)."""
    if target.exists() and not force:
        raise ConfigError(f"{target} exists already", hint="pass --force to overwrite it, or --path to write elsewhere")
    answers = {"name": " ".join(name.split()), "email": email.strip(), "calendar": calendar.strip()}
    if ask is not None:
        for key, question in QUESTIONS:
            if not answers[key]:
                answers[key] = " ".join(ask(question, "").split()) if key == "name" else ask(question, "").strip()
    if answers["email"] and not plain_address(answers["email"]):
        raise ConfigError(f"--email {answers['email']!r} is not an address", hint="give it as you@example.com")
    zone = system_zone()
    country = zone_country(zone)
    drafts, state = user_data_dir() / "drafts", user_state_dir() / "state.db"
    calendar_lines, calendar_warning = _calendar(answers["calendar"], cwd or Path.cwd())
    fill_in = [what for what, missing in (
        ("[profile] name", not answers["name"]), ("[profile] email", not answers["email"]),
        ("[[calendars]] path or url", not answers["calendar"])) if missing]
    values = {
        "name_or_you": answers["name"] or "you",
        "fill_in": (f"\n# FILL IN what is marked FILL IN below ({', '.join(fill_in)}), "
                    "then run `mailflow scan --explain`.\n") if fill_in else "",
        "name": _toml(answers["name"]),
        "name_note": "" if answers["name"] else "                               # FILL IN: your name",
        "email": _toml(answers["email"]),
        "email_note": "  # never taken for an interviewer" if answers["email"]
        else "                              # FILL IN: your address (never taken for an interviewer)",
        "signature": _toml(answers["name"]),
        "calendar": calendar_lines,
        "drafts": _toml(_home_relative(drafts)),
        "state": _toml(_home_relative(state)),
        "timezone": _toml(zone),
        "holidays": _toml(country),
        "holidays_note": f"# public holidays of {country} (this zone's country) are not business days; \"\" turns this off"
        if country else '# no country for this zone: give one ("US", "GB", "DE") to skip its public holidays',
    }
    text = string.Template(STARTER.read_text(encoding="utf-8")).substitute(values)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return InitReport(path=str(target), timezone=zone, holidays=country, drafts=str(drafts), state=str(state),
                      fill_in=fill_in, warnings=[calendar_warning] if calendar_warning else [])


def system_zone() -> str:
    """This machine's IANA time zone ("UTC" when it has none to tell)."""
    import tzlocal

    try:
        return tzlocal.get_localzone_name() or "UTC"
    except Exception:  # tzlocal raises several kinds for a misconfigured machine
        return "UTC"


def zone_country(zone: str) -> str:
    """The country (ISO 3166 code) of an IANA zone, from the time zone database's
    zone.tab, when the holidays library knows its public holidays; else ""."""
    import importlib.resources

    import holidays

    try:
        table = (importlib.resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return ""
    for line in table.splitlines():
        fields = line.split("\t")
        if not line.startswith("#") and len(fields) >= 3 and fields[2] == zone:
            return fields[0] if fields[0] in holidays.list_supported_countries() else ""
    return ""


def _calendar(answer: str, cwd: Path) -> tuple[str, str]:
    """The ``[[calendars]]`` lines for what the user said, and a warning ("" when none)."""
    if not answer:
        return ('type = "ics"\npath = ""                               '
                '# FILL IN: your calendar: an .ics file, or url = "https://..."\n'), ""
    if answer.lower() in ("google", "outlook"):
        return (f'type = "{answer.lower()}"                       # log in once: mailflow auth {answer.lower()}\n'
                f"# calendars = []                       # their names; default: the main calendar\n"), ""
    if re.match(r"(?i)^(https?|webcal)://", answer):
        return f'type = "ics"\nurl = {_toml(answer)}\n', ""
    path = Path(answer).expanduser()
    path = path if path.is_absolute() else cwd / path
    warning = "" if path.is_file() else f"{path}: no such file yet; mailflow reads it from there"
    return f'type = "ics"\npath = {_toml(_home_relative(path))}\n', warning


def _home_relative(path: Path) -> str:
    """``path`` as a config says it: ``~/...`` when it is under the home folder."""
    home = Path.home()
    try:
        return "~/" + str(path.relative_to(home)) if path != home else "~"
    except ValueError:
        return str(path)


def _toml(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def auth(config: Config, provider: str, echo: Callable[[str], None], *, open_browser: bool = True,
         port: int = 0) -> AuthReport:
    """``mailflow auth PROVIDER``: log in once; ``echo`` shows the user where to go meanwhile."""
    login, where = registry.login(provider)
    group, _, name = where.partition(".")  # "providers.google", "mail.imap"
    settings = config.mail.section(name) if group == "mail" else getattr(config.providers, name)
    login(settings, config.shared, echo, open_browser=open_browser, port=port)
    return AuthReport(provider=provider)


def installed_command() -> Path:
    """The ``mailflow`` command of this installation (a virtualenv's, pipx's, ...)."""
    script = Path(sys.argv[0])
    if script.name == "mailflow" and script.exists():
        return script.absolute()
    return Path(sys.prefix) / "bin" / "mailflow"


def cron_line(config_path: Path | None, schedule: str = "*/30 * * * *") -> str:
    """A crontab line that runs this mailflow on this config: the command by its full
    path (cron's PATH is /usr/bin:/bin), and ``--config`` unless the config is the
    default one cron would find (cron sees none of the shell's variables)."""
    parts = [schedule, "  ", shlex.quote(str(installed_command()))]
    if config_path is not None and config_path.expanduser().resolve() != user_config_path().resolve():
        parts.append(f" --config {shlex.quote(str(config_path.expanduser().resolve()))}")
    parts.append(" run --quiet")
    return "".join(parts)


def cron(config_path: Path | None, schedule: str) -> CronReport:
    """``mailflow cron-line``: the crontab line for this installation and config."""
    if len(schedule.split()) != 5:
        raise ConfigError(f"--every {schedule!r}: a crontab schedule has five fields",
                          hint="e.g. '*/30 * * * *' (every 30 minutes) or '0 8-20 * * 1-5'")
    config = (config_path or user_config_path()).expanduser().resolve()
    report = CronReport(line=cron_line(config_path, schedule), config=str(config))
    if not config.is_file():
        report.warnings.append(f"{config}: no such config file, so each run of this line exits 2; "
                               "run `mailflow init` first" + (f" --path {shlex.quote(str(config))}" if config_path else ""))
    return report
