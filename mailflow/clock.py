"""The one clock. Only the CLI reads the system time; everything else is given ``now``."""

from __future__ import annotations

import os
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mailflow.errors import UserActionError

NOW_ENV = "MAILFLOW_NOW"


def posix_now() -> float:
    """The system clock as a POSIX timestamp, for ``stampfile``'s check before anything
    else is loaded (``now`` needs a zone)."""
    import time

    return time.time()


def local_zone(name: str = "") -> tzinfo:
    """The policy time zone: ``name`` if given, else the system's (an IANA zone when
    it can be found, so DST is right), else UTC."""
    if name:
        return ZoneInfo(name)
    try:
        import tzlocal

        return tzlocal.get_localzone()
    except (ZoneInfoNotFoundError, ValueError, OSError, ImportError):
        return ZoneInfo("UTC")


def parse_now(text: str, zone: tzinfo) -> datetime:
    """``--now`` / ``MAILFLOW_NOW``: ISO 8601; a naive time is read in ``zone``."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise UserActionError(
            f"--now / {NOW_ENV}: {text!r} is not an ISO date or time",
            hint="use e.g. 2026-11-24T18:00 or 2026-11-24T18:00:00+01:00",
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=zone)


def now(zone: tzinfo, override: str | None = None) -> datetime:
    """The current time in ``zone``, or the override (``--now``, else ``MAILFLOW_NOW``)."""
    override = override or os.environ.get(NOW_ENV)
    if override:
        return parse_now(override, zone).astimezone(zone)
    return datetime.now(zone)
