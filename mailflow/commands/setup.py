"""``init`` (a starter config) and ``auth`` (a login kept for cron)."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from pathlib import Path

from mailflow import registry
from mailflow.config import Config, user_config_path
from mailflow.errors import ConfigError
from mailflow.reports import AuthReport, CronReport, InitReport

#: the starter config: the repository's config.example.toml, shipped in the package
STARTER = Path(__file__).resolve().parent.parent / "starter.toml"


def init(target: Path, *, force: bool = False) -> InitReport:
    """``mailflow init``: write the example config (the same text as config.example.toml)."""
    if target.exists() and not force:
        raise ConfigError(f"{target} exists already", hint="pass --force to overwrite it, or --path to write elsewhere")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(STARTER.read_text(encoding="utf-8"), encoding="utf-8")
    return InitReport(path=str(target))


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
    return CronReport(line=cron_line(config_path, schedule))
