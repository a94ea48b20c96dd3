"""The quiet-run stamp's format, read and checked with the standard library alone.

``engine/stamp.py`` writes it after a run that had nothing to say; ``quick``
(the ``mailflow`` command's entry point) asks ``unchanged`` before importing
anything else. See ``quick`` for what the stamp means.
"""

from __future__ import annotations

import json
import os

#: bump when the stamp's meaning changes
STAMP_VERSION = 1
#: environment variables that change what a run does
ENV_KEYS = ("TZ", "LANG", "LC_ALL", "MAILFLOW_CONFIG")


def unchanged(args: list[str], environ) -> bool:
    """Whether ``args`` are a quiet run whose stamp says nothing changed."""
    try:
        parsed = _quiet_run(args)
        if parsed is None:
            return False
        config, now_text = parsed
        config = config or environ.get("MAILFLOW_CONFIG") or _default_config()
        now_text = now_text or environ.get("MAILFLOW_NOW")
        stamp = _read(stamp_path(config))
        if stamp is None or stamp.get("version") != STAMP_VERSION or stamp.get("env") != environment(environ):
            return False
        from mailflow import __version__

        if stamp.get("mailflow") != __version__ or stamp.get("config") != os.path.abspath(config):
            return False
        now = _now(now_text, stamp.get("zone", ""))
        if now is None or not stamp["at"] <= now < stamp["wake"]:
            return False
        return all(signature(path) == sig for path, sig in stamp["inputs"])
    except Exception:  # noqa: BLE001 - any doubt takes the full run
        return False


def _quiet_run(args: list[str]) -> tuple[str, str] | None:
    """(config path or "", --now or "") when ``args`` are ``[--config P] run --quiet [--now T]``."""
    config = now = ""
    seen_run = quiet = False
    i = 0
    while i < len(args):
        arg = args[i]
        if not seen_run and arg == "--config" and i + 1 < len(args):
            config, i = args[i + 1], i + 2
            continue
        if not seen_run and arg.startswith("--config="):
            config = arg.split("=", 1)[1]
        elif arg == "run" and not seen_run:
            seen_run = True
        elif seen_run and arg in ("--quiet", "-q"):
            quiet = True
        elif seen_run and arg == "--now" and i + 1 < len(args):
            now, i = args[i + 1], i + 2
            continue
        elif seen_run and arg.startswith("--now="):
            now = arg.split("=", 1)[1]
        else:
            return None
        i += 1
    return (config, now) if seen_run and quiet else None


def _default_config() -> str:
    import platformdirs

    return os.path.join(platformdirs.user_config_dir("mailflow"), "config.toml")


def stamp_path(config: str) -> str:
    """Where the stamp of the runs on ``config`` lives: the user's cache folder."""
    import hashlib

    import platformdirs

    key = hashlib.sha256(os.path.abspath(config).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return os.path.join(platformdirs.user_cache_dir("mailflow"), "quiet", key + ".json")


def environment(environ) -> dict[str, str]:
    return {k: environ[k] for k in ENV_KEYS if k in environ}


def signature(path: str) -> list[int] | None:
    """What tells a changed file or folder from an unchanged one (None: absent)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _read(path: str) -> dict | None:
    """The stamp, when it is a regular file of this user's that no one else can write."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        st = os.fstat(fd)
        if st.st_uid != os.getuid() or st.st_mode & 0o022 or not (st.st_mode & 0o170000 == 0o100000):
            return None
        with os.fdopen(fd, "rb") as f:
            fd = -1
            return json.loads(f.read(1 << 20))
    finally:
        if fd >= 0:
            os.close(fd)


def _now(text: str, zone: str) -> float | None:
    """Now as a POSIX timestamp: the system clock, or ``text`` (an ISO time; a
    naive one is read in the stamp's zone, when it named one)."""
    if not text:
        from mailflow.clock import posix_now

        return posix_now()
    from datetime import datetime

    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        if not zone:
            return None
        from zoneinfo import ZoneInfo

        value = value.replace(tzinfo=ZoneInfo(zone))
    return value.timestamp()
