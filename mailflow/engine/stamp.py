"""The stamp a quiet run leaves for the next cron run (read by ``mailflow.quick``).

After a run that had nothing to say, ``inputs`` lists what the next run would
read: the config file, the state database, the calendars' files, the Maildir
folders, the user's templates and the system's time zone. ``save`` writes
their signatures with the moment the rules next change (``rules.wake``). A run
whose calendars or mailbox live on a server (they must be asked), a dry run, or
a run with anything to say removes the stamp instead (``clear``).
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mailflow import __version__, stampfile
from mailflow.config import Config
from mailflow.rules.wake import next_change

if TYPE_CHECKING:
    from mailflow.engine.session import Session

#: the system's time zone, which a config without ``timezone`` follows
LOCALTIME = "/etc/localtime"


def inputs(config: Config) -> list[Path] | None:
    """Every file and folder whose change can change what a run does, or None when
    a calendar or the mailbox is not on this machine."""
    if config.source is None:
        return None
    paths = [config.source, config.state_path, config.state_path.with_name(config.state_path.name + "-wal")]
    local = [c.local_files() for c in config.calendars]
    local.append(config.mail.section(config.mail.backend).local_files())
    if any(files is None for files in local):
        return None
    paths += [config.shared.resolve(f) for files in local for f in files]
    if config.templates.path:
        folder = config.resolve(config.templates.path)
        paths.append(folder)
        paths += sorted(p for p in folder.rglob("*"))
    paths.append(Path(LOCALTIME))
    return paths


def plan_stamp(config: Config, session: Session, now: datetime) -> tuple[list[Path], datetime] | None:
    """What a stamp for this run would hold (its inputs and wake-up time), or None
    when a stamp cannot be trusted for this config. The wake-up time is the session's
    ``next_change`` when its pass kept the last plan (no later than the rules' own)."""
    paths = inputs(config)
    wake = None
    if paths is not None:
        wake = session.next_change or next_change(session.snapshot, now, config.policy)
    return (paths, wake) if wake is not None else None


def save(config: Config, paths: list[Path], wake: datetime, now: datetime) -> None:
    """Write the stamp: call it after the session is closed, so the state
    database's signature is the one the next run will see."""
    target = Path(stampfile.stamp_path(str(config.source)))
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    zone = getattr(config.policy.zone, "key", "")
    stamp = {
        "version": stampfile.STAMP_VERSION, "mailflow": __version__, "config": os.path.abspath(config.source),
        "env": stampfile.environment(os.environ), "zone": zone or "",
        "at": now.timestamp(), "wake": wake.timestamp(), "wake_iso": wake.isoformat(),
        "inputs": [[str(p), stampfile.signature(str(p))] for p in paths],
    }
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".stamp-")  # 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(stamp, f)
        os.replace(temp, target)
    except OSError:
        os.unlink(temp)
        raise


def clear(config: Config) -> None:
    """Remove the stamp: the next run is a full one."""
    if config.source is None:
        return
    try:
        os.unlink(stampfile.stamp_path(str(config.source)))
    except FileNotFoundError:
        pass
