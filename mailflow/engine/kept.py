"""The last plan, kept while nothing it is made from has changed.

A cron run that finds nothing new plans what the run before it planned. A pass
that planned nothing to write, nothing to mark cold and no draft to rewrite, and
wrote nothing after it planned, keeps what its report showed of the plan (the
notes waiting, skipped and overdue) in the sync-state entry ``engine:kept-plan``,
with everything the plan was made from:

- the store's rows: ``Store.rows_version``, read before the plan (after the
  calendars are synced and the mailbox watched, so a calendar change that moves an
  interview, a draft found sent or deleted, or a reply found, is a new version);
- the whole configuration the run works with (``repr`` of the config, the people
  corrected by ``fix person`` included), as a digest;
- the code that plans (its files' sizes and times) and the mailbox's name;
- the clock: the plan holds from ``at`` until ``rules.wake.next_change``, the
  first moment the rules can answer differently with nothing else changed (a
  follow-up or a placeholder note falls due, a note becomes overdue, midnight).

A later pass whose inputs are the same, at a time in ``[at, until)``, takes the
kept lists instead of reading the state and planning; an overdue note's hours and
reminder are worked out from the clock again. Nothing here reads the time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from datetime import datetime
from typing import TYPE_CHECKING

from mailflow.model import SyncCache

if TYPE_CHECKING:
    from mailflow.engine.session import Session

ENTRY = "engine:kept-plan"
VERSION = 1
#: the code a kept plan or a kept sync stands for: every module of the package (the planning
#: rules, detection, the composer whose inputs decide a rewrite, and what they import), so a
#: change to any of them plans again, whether or not the version number moved


def inputs(session: Session, rows: int, ahead_days: int) -> list:
    """What a plan made now is made from, besides the clock (see the module docstring)."""
    return [VERSION, rows, config_digest(session), session.config.mail.backend, ahead_days]


def config_digest(session: Session) -> str:
    """A digest of the session's whole configuration (the people corrected by ``fix
    person`` included), its time zone and the code that works from it; worked out once."""
    if session.config_digest is None:
        config = session.config
        text = "\0".join((_described(config), getattr(config.policy.zone, "key", str(config.policy.zone)), _code()))
        session.config_digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return session.config_digest


def _described(value) -> str:
    """``value`` written out whole and the same way in every process: a dataclass by its
    fields, the mail settings by the backend and its section (the others are not used),
    mappings in their order, any other object by its attributes."""
    from mailflow.config import MailConfig

    if isinstance(value, MailConfig):
        return f"MailConfig({value.backend!r}, {_described(value.section(value.backend))})"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        inner = ", ".join(f"{f.name}={_described(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__name__}({inner})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_described(k)}: {_described(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return f"{type(value).__name__}[" + ", ".join(_described(v) for v in items) + "]"
    if isinstance(value, (str, int, float, bool, type(None), os.PathLike)) or not hasattr(value, "__dict__"):
        return repr(value)
    return f"{type(value).__name__}({_described(vars(value))})"


def files_stamp(paths, root: str = "") -> list[str]:
    """``name:size:mtime_ns`` of each file (``name:?`` when it cannot be looked at), its
    name relative to ``root`` when given: what a cache kept for some code is keyed by,
    so that a changed file of that code makes the cache's entries worked out again."""
    stamps = []
    for path in paths:
        name = os.path.relpath(path, root) if root else str(path)
        try:
            info = os.stat(path)
            stamps.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
        except (OSError, TypeError):
            stamps.append(f"{name}:?")
    return stamps


def _code() -> str:
    import mailflow

    package = os.path.dirname(mailflow.__file__)
    paths = []
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        paths += [os.path.join(folder, name) for name in sorted(files) if name.endswith(".py")]
    return "\n".join([mailflow.__version__, *files_stamp(paths, package)])


class Kept:
    """The kept plan of one session (the sync-state entry ``ENTRY``)."""

    def __init__(self, session: Session):
        self.session = session
        self.cache: SyncCache = session.store.sync_cache(ENTRY)

    def lists(self, key: list, now: datetime) -> dict | None:
        """The kept report lists (``waiting``, ``skipped``, ``overdue``, ``until``) when
        the plan was kept under ``key`` and ``now`` is within the time it holds; else None."""
        data = self.cache.data
        if data.get("inputs") != key:
            return None
        try:
            at, until = datetime.fromisoformat(data["at"]), datetime.fromisoformat(data["until"])
        except (KeyError, TypeError, ValueError):
            return None
        if not at <= now < until:
            return None
        lists = {name: data.get(name) for name in ("waiting", "skipped", "overdue")}
        if not all(isinstance(v, list) for v in lists.values()) or \
                not all(isinstance(row, list) and len(row) == 5 for row in lists["overdue"]):
            return None
        return {**lists, "until": until}

    def keep(self, key: list, now: datetime, until: datetime, waiting: list[dict], skipped: list[dict],
             overdue: list[dict]) -> None:
        """Keep a plan made at ``now`` under ``key``, holding until ``until``."""
        data = {"inputs": key, "at": now.isoformat(), "until": until.isoformat(),
                "waiting": waiting, "skipped": skipped, "overdue": overdue}
        if data != self.cache.data:
            self.cache.data = data
            self.cache.changed = True
            self.session.store.save_sync_cache(ENTRY, self.cache, now)

    def drop(self) -> None:
        """Forget the kept plan (this pass planned something, or could not tell)."""
        if self.cache.data:
            self.cache.clear()
            self.session.store.save_sync_cache(ENTRY, self.cache, self.session.now)
