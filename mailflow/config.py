"""TOML configuration -> typed settings.

Every section is a dataclass below; the loader checks keys and types against
them, so an unknown key or a wrong type is a ``ConfigError`` naming the file,
the line and the key. Paths in a config file are relative to that file.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any

import platformdirs

from mailflow import CONFIG_ENV, registry
from mailflow.settings.calendars import CalendarSettings
from mailflow.errors import ConfigError
from mailflow.settings.providers import LEGACY_KEYS, Providers

APP = "mailflow"


def user_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP))


def user_state_dir() -> Path:
    return Path(platformdirs.user_state_dir(APP))


# --------------------------------------------------------------------------- sections


@dataclass
class Profile:
    name: str = ""
    email: str = ""
    #: other addresses that are also you (never interviewers)
    aliases: list[str] = field(default_factory=list)
    signature: str = ""


class MailConfig:
    """``[mail]``: the ``backend`` and one ``[mail.NAME]`` section per mailbox
    backend, each typed by its module's ``Settings``. ``config.mail.imap`` is the
    ``[mail.imap]`` section (its defaults when the file has none)."""

    def __init__(self, backend: str = "maildir", sections: dict[str, Any] | None = None):
        self.backend = backend
        self.sections = dict(sections or {})

    def section(self, name: str) -> Any:
        if name not in self.sections:
            self.sections[name] = registry.MAILBOXES[name].settings()
        return self.sections[name]

    def __getattr__(self, name: str) -> Any:
        if name in registry.MAILBOXES:
            return self.section(name)
        raise AttributeError(name)

    @property
    def settings(self) -> Any:
        """The chosen backend's section."""
        return self.section(self.backend)


@dataclass
class StateConfig:
    path: str = ""  # default: user data dir / state.db


@dataclass
class ThankYouPolicy:
    #: hours after the interview before a note without a remark is drafted with a placeholder
    deadline_hours: float = 20
    #: hours after the interview when an unsent note is reported as overdue
    overdue_hours: float = 24
    #: interviews that ended longer ago than this when first seen get no note
    max_age_days: float = 7
    max_lines: int = 5
    max_words: int = 120


@dataclass
class FollowUpPolicy:
    #: follow-ups per application before it is marked cold (hard ceiling 3)
    max: int = 2
    min_gap_days: int = 7
    #: business days after the thank-you was sent, when no timeline was given
    business_days: int = 5
    #: business days after a stated timeline lapses
    after_timeline_days: int = 1
    max_lines: int = 4


@dataclass
class Policy:
    timezone: str = ""  # default: the system's
    #: how far back and ahead `run` and `scan` look in the calendars
    lookback_days: int = 14
    lookahead_days: int = 30
    linkedin: str = "after-process"  # after-process | after-interview | never
    #: Mon=1 .. Sun=7
    work_week: list[int] = field(default_factory=lambda: [1, 2, 3, 4, 5])
    #: ISO country code for public holidays ("" = none), e.g. "US", "GB", "DE"
    holidays: str = ""
    holidays_subdiv: str = ""
    #: say in a withdrawal that you accepted another offer (never which)
    mention_offer: bool = True
    #: how dates are written in notes, e.g. "en_US" ("Tuesday, December 1") or "en_GB"
    #: ("Tuesday 1 December"); "" = from the environment (LC_ALL, LC_TIME, LANG)
    locale: str = ""
    #: hours a draft may be gone from the drafts with no sent copy found before it is
    #: taken for deleted (a mail client may file the sent copy late)
    sent_grace_hours: float = 6
    thank_you: ThankYouPolicy = field(default_factory=ThankYouPolicy)
    follow_up: FollowUpPolicy = field(default_factory=FollowUpPolicy)


    @property
    def zone(self) -> tzinfo:
        """The time zone days and hours are counted in: ``timezone``, else the system's."""
        from mailflow.clock import local_zone

        return local_zone(self.timezone)


@dataclass
class DetectConfig:
    #: extra words that make an event an interview (case-insensitive)
    keywords: list[str] = field(default_factory=list)
    #: regular expressions on title/description/organizer that force inclusion
    include: list[str] = field(default_factory=list)
    #: regular expressions that force exclusion (win over everything)
    exclude: list[str] = field(default_factory=list)
    #: addresses never taken as interviewers (assistants, bots)
    ignore_addresses: list[str] = field(default_factory=list)
    #: extra applicant-tracking / scheduling domains
    ats_domains: list[str] = field(default_factory=list)
    #: extra free-mail domains (never a company's domain)
    freemail_domains: list[str] = field(default_factory=list)
    #: an event with more people to thank than this is a meeting, not an interview
    max_interviewers: int = 12


@dataclass
class CompanyConfig:
    #: mail domains of this company (detection and reply matching)
    domains: list[str] = field(default_factory=list)
    #: words in an event title that mean this company
    aliases: list[str] = field(default_factory=list)
    role: str = ""
    #: main contact (recruiter) address for follow-ups and withdrawals
    contact: str = ""
    contact_name: str = ""


@dataclass
class ProofreadConfig:
    #: checks turned off entirely, by name (see `mailflow proofread --help`)
    disable: list[str] = field(default_factory=list)
    #: checks reported as warnings instead of errors
    warn_only: list[str] = field(default_factory=list)
    #: extra words the spelling check accepts
    words: list[str] = field(default_factory=list)
    #: the dictionary language (a pyspellchecker language code)
    language: str = "en"
    #: the address of a LanguageTool server for the grammar check (e.g.
    #: "http://localhost:8081"); "" = only mailflow's own grammar rules
    languagetool: str = ""

    def problem(self) -> tuple[str, str] | None:
        """(key, what is wrong) when ``disable`` or ``warn_only`` names a check
        that does not exist (``model.ProofCheck``), else None."""
        from mailflow.model import ProofCheck

        known = [c.value for c in ProofCheck]
        for key, names in (("disable", self.disable), ("warn_only", self.warn_only)):
            unknown = [n for n in names if n not in known]
            if unknown:
                return key, f"unknown check {', '.join(map(repr, unknown))}; valid checks: {', '.join(known)}"
        return None


@dataclass
class PersonConfig:
    """``[people."address"]``: how one person is named and greeted."""

    #: their name as it should be written ("" = as on the invite)
    name: str = ""
    #: how a note greets them ("Lan" for Nguyễn Thị Lan; "" = worked out from the name)
    greeting: str = ""


@dataclass
class Limits:
    """``[limits]``: bounds that keep a run small whatever a calendar holds."""

    #: a calendar file or download larger than this is not read (megabytes)
    calendar_mb: float = 32
    #: occurrences of one recurring event read in a run's window
    occurrences: int = 500
    #: attendees read per event
    attendees: int = 200
    #: seconds one calendar may take to read and parse
    parse_seconds: float = 60


@dataclass
class TemplatesConfig:
    #: a folder of your own templates overriding the shipped ones by file name
    path: str = ""


@dataclass
class InboxConfig:
    """What mailflow reads in the inbox (PRODUCT.md I1)."""

    #: more applicant-tracking systems or job boards that write for companies, as domains
    #: ("softgarden.io"): added to ``rules.inbox.ATS_SENDERS``
    ats_domains: list[str] = field(default_factory=list)


@dataclass
class Config:
    profile: Profile = field(default_factory=Profile)
    calendars: list[CalendarSettings] = field(default_factory=list)
    mail: MailConfig = field(default_factory=MailConfig)
    providers: Providers = field(default_factory=Providers)
    state: StateConfig = field(default_factory=StateConfig)
    policy: Policy = field(default_factory=Policy)
    detect: DetectConfig = field(default_factory=DetectConfig)
    companies: dict[str, CompanyConfig] = field(default_factory=dict)
    people: dict[str, PersonConfig] = field(default_factory=dict)
    proofread: ProofreadConfig = field(default_factory=ProofreadConfig)
    templates: TemplatesConfig = field(default_factory=TemplatesConfig)
    limits: Limits = field(default_factory=Limits)
    inbox: InboxConfig = field(default_factory=InboxConfig)

    #: the file this was read from (None for defaults built in code)
    source: Path | None = None

    # ---- derived paths -----------------------------------------------------

    @property
    def base_dir(self) -> Path:
        return self.source.parent if self.source else Path.cwd()

    def resolve(self, path: str) -> Path:
        """A path from the config, relative to the config file, ``~`` expanded."""
        p = Path(os.path.expanduser(path))
        return p if p.is_absolute() else self.base_dir / p

    @property
    def state_path(self) -> Path:
        return self.resolve(self.state.path) if self.state.path else user_data_dir() / "state.db"

    @property
    def my_addresses(self) -> set[str]:
        return {a.lower() for a in [self.profile.email, *self.profile.aliases] if a}

    @property
    def shared(self) -> Shared:
        """The few settings a backend needs besides its own section."""
        return Shared(
            base_dir=self.base_dir, timezone=self.policy.timezone, me=frozenset(self.my_addresses),
            my_name=self.profile.name, my_email=self.profile.email.lower(), providers=self.providers,
            limits=self.limits,
        )


@dataclass(frozen=True)
class Shared:
    """What a calendar source or a mailbox may know of the rest of the config:
    where paths are relative to, the user's zone and addresses, the limits, and
    the shared logins (``providers``: a Google calendar and the Gmail mailbox
    both log in with ``[providers.google]``)."""

    base_dir: Path
    timezone: str = ""
    me: frozenset[str] = frozenset()
    my_name: str = ""
    my_email: str = ""
    providers: Providers = field(default_factory=Providers)
    limits: Limits = field(default_factory=Limits)

    def resolve(self, path: str) -> Path:
        """A path from the config, relative to the config file, ``~`` expanded."""
        p = Path(os.path.expanduser(path))
        return p if p.is_absolute() else self.base_dir / p


# --------------------------------------------------------------------------- loading


def load(path: Path | str | None = None) -> Config:
    """Read and check a config file.

    ``path`` None means ``$MAILFLOW_CONFIG`` or the user config dir. Raises
    ``ConfigError`` naming the file (and line and key where known).
    """
    if path is None:
        path = os.environ.get(CONFIG_ENV) or user_config_path()
    path = Path(path).expanduser()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"{path}, line {line}: not UTF-8 text",
            hint="save the file as UTF-8 (most editors have it under 'Save with encoding')",
        ) from None
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: no such config file",
            hint="run `mailflow init` to write a starter config, or pass --config PATH",
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    return loads(text, source=path.resolve())


def loads(text: str, source: Path | None = None) -> Config:
    where = str(source) if source else "<config>"
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: {exc}", hint="fix the TOML syntax at that line") from None
    locate = _Locator(text, where)
    legacy = _legacy_logins(raw)
    cfg = _build(Config, raw, (), locate)
    for (provider, key), (keypath, value) in legacy.items():
        account = getattr(cfg.providers, provider)
        if getattr(account, key) == getattr(type(account)(), key):  # a [providers.*] value wins
            setattr(account, key, _build(str, value, keypath, locate))
    cfg.source = source
    _distinct_labels(cfg.calendars)
    _check(cfg, locate)
    return cfg


def _distinct_labels(calendars: list[CalendarSettings]) -> None:
    """Calendars without a ``name`` whose labels coincide (two secret addresses at
    one host read alike once shown without their secret) get a number: the label
    tells the calendars apart in messages, and the interviews a calendar no longer
    holds are looked up by it."""
    counts: dict[str, int] = {}
    for calendar in calendars:
        counts[calendar.label] = counts.get(calendar.label, 0) + 1
    seen: dict[str, int] = {}
    for calendar in calendars:
        label = calendar.label
        if counts[label] > 1 and not calendar.name:
            seen[label] = seen.get(label, 0) + 1
            calendar.name = f"{label} ({seen[label]})"


def _legacy_logins(raw: dict) -> dict[tuple[str, str], tuple[tuple, Any]]:
    """Login keys older configs kept in ``[mail.gmail]`` / ``[mail.outlook]``, taken
    out of ``raw``: they are read as ``[providers.*]`` keys. Returns
    ``{(provider, key): (where it was written, value)}``."""
    found: dict[tuple[str, str], tuple[tuple, Any]] = {}
    mail = raw.get("mail")
    for section, (provider, keys) in LEGACY_KEYS.items():
        table = mail.get(section) if isinstance(mail, dict) else None
        if isinstance(table, dict):
            found.update({(provider, k): (("mail", section, k), table.pop(k)) for k in keys if k in table})
    return found


class _Locator:
    """Finds the line of a key in the TOML text, for error messages."""

    def __init__(self, text: str, where: str):
        self.lines = text.splitlines()
        self.where = where

    def __call__(self, keypath: tuple[str | int, ...]) -> str:
        names = [k for k in keypath if isinstance(k, str)]
        dotted = "".join(
            (f".{k}" if i else k) if isinstance(k, str) else f"[{k}]"
            for i, k in enumerate(keypath)
        )
        if not names:
            return f"{self.where}: {dotted}"
        last = re.escape(names[-1])
        pattern = re.compile(rf'^\s*("?{last}"?\s*=|\[+\s*[\w."-]*{last}"?\s*\]+)')
        for number, line in enumerate(self.lines, 1):
            if pattern.match(line):
                return f"{self.where}, line {number}: {dotted}"
        return f"{self.where}: {dotted}"


def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is list:
        inner = typing.get_args(tp)[0]
        plural = {str: "strings", int: "whole numbers", float: "numbers", bool: "true or false values"}
        return f"a list of {plural.get(inner, 'tables')}"
    if origin is dict:
        return "a table"
    if dataclasses.is_dataclass(tp):
        return "a table"
    return {str: "a string", int: "a whole number", float: "a number", bool: "true or false"}.get(
        tp, str(tp)
    )


def _build(tp: Any, value: Any, keypath: tuple, locate: _Locator) -> Any:
    if tp is MailConfig:
        return _build_mail(value, keypath, locate)
    if tp is CalendarSettings:
        return _build_calendar(value, keypath, locate)
    origin = typing.get_origin(tp)
    if isinstance(tp, types.UnionType) or origin is typing.Union:
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _build(options[0], value, keypath, locate)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ConfigError(f"{locate(keypath)} must be a table")
        hints = typing.get_type_hints(tp)
        known = {f.name for f in dataclasses.fields(tp) if f.name != "source"}
        kwargs = {}
        for key, item in value.items():
            if key not in known:
                raise ConfigError(
                    f"{locate(keypath + (key,))}: unknown setting",
                    hint=f"known settings here: {', '.join(sorted(known))}",
                )
            kwargs[key] = _build(hints[key], item, keypath + (key,), locate)
        return tp(**kwargs)
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{locate(keypath)} must be {_type_name(tp)}")
        (inner,) = typing.get_args(tp)
        return [_build(inner, v, keypath + (i,), locate) for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{locate(keypath)} must be a table")
        _, inner = typing.get_args(tp)
        return {k: _build(inner, v, keypath + (k,), locate) for k, v in value.items()}
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if tp in (str, int, float, bool) and (
        not isinstance(value, tp) or (tp is int and isinstance(value, bool))
    ):
        raise ConfigError(f"{locate(keypath)} must be {_type_name(tp)}, not {value!r}")
    return value


def _build_mail(value: Any, keypath: tuple, locate: _Locator) -> MailConfig:
    """``[mail]``: each ``[mail.NAME]`` table is typed by that backend's settings."""
    if not isinstance(value, dict):
        raise ConfigError(f"{locate(keypath)} must be a table")
    backend = value.get("backend", "maildir")
    if not isinstance(backend, str) or backend not in registry.MAILBOXES:
        raise ConfigError(
            f"{locate(keypath + ('backend',))}: {backend!r} is not one of {', '.join(registry.MAILBOXES)}"
        )
    sections = {}
    for key, item in value.items():
        if key == "backend":
            continue
        if key not in registry.MAILBOXES:
            raise ConfigError(
                f"{locate(keypath + (key,))}: unknown setting",
                hint=f"known settings here: backend, {', '.join(registry.MAILBOXES)}",
            )
        sections[key] = _build(registry.MAILBOXES[key].settings, item, keypath + (key,), locate)
    return MailConfig(backend, sections)


def _build_calendar(value: Any, keypath: tuple, locate: _Locator) -> CalendarSettings:
    """One ``[[calendars]]`` entry, typed by its source type's settings."""
    if not isinstance(value, dict):
        raise ConfigError(f"{locate(keypath)} must be a table")
    kind = value.get("type", "ics")
    if not isinstance(kind, str) or kind not in registry.CALENDARS:
        raise ConfigError(
            f"{locate(keypath + ('type',))}: {kind!r} is not one of {', '.join(registry.CALENDARS)}"
        )
    settings = _build(registry.CALENDARS[kind].settings, value, keypath, locate)
    trouble = settings.problem()
    if trouble is not None:
        key, message = trouble
        raise ConfigError(f"{locate(keypath + ((key,) if key else ()))}: {message}",
                          hint="fill it in as config.example.toml and the README show")
    return settings


_CHOICES = {
    ("policy", "linkedin"): ("after-process", "after-interview", "never"),
}
#: numbers that only make sense within these bounds (inclusive)
_RANGES = {
    ("policy", "lookback_days"): (0, 3660),
    ("policy", "lookahead_days"): (0, 3660),
    ("policy", "sent_grace_hours"): (0, 24 * 60),
    ("policy", "thank_you", "deadline_hours"): (0, 24 * 60),
    ("policy", "thank_you", "overdue_hours"): (0, 24 * 60),
    ("policy", "thank_you", "max_age_days"): (0, 3660),
    ("policy", "thank_you", "max_lines"): (1, 100),
    ("policy", "thank_you", "max_words"): (10, 2000),
    ("policy", "follow_up", "min_gap_days"): (1, 365),
    ("policy", "follow_up", "business_days"): (1, 365),
    ("policy", "follow_up", "after_timeline_days"): (0, 365),
    ("policy", "follow_up", "max_lines"): (1, 100),
    ("detect", "max_interviewers"): (1, 1000),
    ("limits", "calendar_mb"): (0.01, 4096),
    ("limits", "occurrences"): (1, 100_000),
    ("limits", "attendees"): (1, 100_000),
    ("limits", "parse_seconds"): (1, 3600),
}


def _check(cfg: Config, locate: _Locator) -> None:
    """Cross-field checks the types alone cannot express."""
    for keypath, (low, high) in _RANGES.items():
        value: Any = cfg
        for key in keypath:
            value = getattr(value, key)
        if not low <= value <= high:
            raise ConfigError(f"{locate(keypath)}: {value!r} is out of range; use a number from {low:g} to {high:g}")
    for key in ("keywords", "include", "exclude"):
        for i, text in enumerate(getattr(cfg.detect, key)):
            if not text.strip():
                raise ConfigError(
                    f"{locate(('detect', key, i))}: an empty entry would match every event",
                    hint="remove it, or write the word or pattern it should match",
                )
    for (section, key), allowed in _CHOICES.items():
        value = getattr(getattr(cfg, section), key)
        if value not in allowed:
            raise ConfigError(
                f"{locate((section, key))}: {value!r} is not one of {', '.join(allowed)}"
            )
    if cfg.policy.timezone:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(cfg.policy.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"{locate(('policy', 'timezone'))}: unknown time zone {cfg.policy.timezone!r}",
                hint='use an IANA name such as "Europe/Berlin" or "America/New_York"',
            ) from None
    if not 1 <= cfg.policy.follow_up.max <= 3:
        raise ConfigError(
            f"{locate(('policy', 'follow_up', 'max'))}: must be 1, 2 or 3 (3 is the hard ceiling)"
        )
    bad_days = [d for d in cfg.policy.work_week if not 1 <= d <= 7]
    if bad_days or not cfg.policy.work_week:
        raise ConfigError(
            f"{locate(('policy', 'work_week'))}: days are numbers 1 (Monday) to 7 (Sunday)"
        )
    for key in ("include", "exclude"):
        for i, pattern in enumerate(getattr(cfg.detect, key)):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(
                    f"{locate(('detect', key, i))}: {pattern!r} is not a regular expression ({exc})",
                    hint="escape special characters such as ( [ * + ? with a backslash",
                ) from None
    if cfg.templates.path and not cfg.resolve(cfg.templates.path).is_dir():
        raise ConfigError(
            f"{locate(('templates', 'path'))}: no such folder {cfg.resolve(cfg.templates.path)}",
            hint="create it with your own thank_you.txt etc., or remove the setting",
        )
    problem = cfg.proofread.problem()
    if problem is not None:
        key, message = problem
        raise ConfigError(f"{locate(('proofread', key))}: {message}")
    if cfg.profile.email and "@" not in cfg.profile.email:
        raise ConfigError(f"{locate(('profile', 'email'))}: {cfg.profile.email!r} is not an address")
