"""``init`` (a starter config) and ``auth`` (a login kept for cron)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mailflow import registry
from mailflow.config import Config
from mailflow.errors import ConfigError
from mailflow.reports import AuthReport, InitReport

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
    login, section = registry.login(provider)
    login(config.mail.section(section), config.shared, echo, open_browser=open_browser, port=port)
    return AuthReport(provider=provider)
