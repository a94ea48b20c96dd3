"""CalDAV calendars (``[[calendars]] type = "caldav"``): Nextcloud, Fastmail,
iCloud, Radicale and other servers, through the caldav library.

The source finds the user's principal from ``url`` (any address on the
server works, the principal is discovered), lists its calendar collections
and keeps those whose display names are in ``calendars`` (all of them when
the list is empty; only that one when ``url`` is itself a collection and no
names are given).

For each collection, one time-range REPORT fetches the calendar objects that
touch the window. The search asks one day more on each side, because servers
compare floating times as UTC (Radicale does) while mailflow reads them in the
policy zone.
Each object (a series with its overrides, or a single event) is then expanded
and converted by ``ics.parse_events``, the ICS source's own code: the same
recurring-ical-events call caldav's client-side expansion makes, so detection
sees identical Events, the window is cut exactly as for an ICS file, and one
broken object is a warning instead of a failed calendar. ``[limits]`` apply as
for an ICS file: one ``parse_seconds`` budget for the whole fetch, an object
larger than ``calendar_mb`` is skipped with a warning, and the objects together
may not exceed it (the answer is already in memory by then: the bound keeps
what is parsed and cached small).

The only thing kept in the ``SyncCache`` is the login scheme the server took
(basic, digest), so later runs send the login with the first request instead
of first asking without it; Radicale, for one, answers that unauthenticated
probe only after its one-second failed-login delay. Events are not cached:
the REPORT already returns just the window's objects in one request per
collection (measurements in docs/caldav.md).

The password is the first line printed by ``password_cmd``; it is handed to
the HTTP client and never logged.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from mailflow.calendars.base import CalendarSource, FetchResult
from mailflow.calendars.ics import parse_events
from mailflow.calendars.limits import Budget
from mailflow.clock import local_zone
from mailflow.config import Shared
from mailflow.settings.calendars import CalDavSettings
from mailflow.errors import AuthError, SourceError
from mailflow.model import Event, SyncCache
from mailflow.providers import password_from_command
from mailflow.untrusted import redact_url

#: asked beyond the window on each side; floating times are off by at most 14 h
SEARCH_SLACK = timedelta(days=1)
TIMEOUT = 30  # seconds per HTTP request
#: the client's login classes -> its ``auth_type`` names
_SCHEMES = {"HTTPBasicAuth": "basic", "HTTPDigestAuth": "digest", "HTTPBearerAuth": "bearer"}


class CalDavSource(CalendarSource):

    def __init__(self, settings: CalDavSettings, shared: Shared):
        super().__init__(settings.label)
        self.url = settings.url
        #: the url for messages, without any ``user:password@`` in it
        #: the address as messages show it: scheme and host (its path may be a secret)
        self.shown_url = redact_url(settings.url)
        self._plain_url = _without_login(settings.url)
        self.username = settings.username
        self.password_cmd = settings.password_cmd
        self.wanted = list(settings.calendars)
        self.zone = local_zone(shared.timezone)
        self.me = shared.me
        self.limits = shared.limits

    def fetch(self, start: datetime, end: datetime, cache: SyncCache) -> FetchResult:
        password = None
        if self.password_cmd:
            password = password_from_command(self.password_cmd, f"calendar {self.name}: password_cmd")
        remembered = cache.data.get("auth") if password else None
        try:
            result, scheme = self._connect_and_fetch(start, end, password, remembered)
        except AuthError:
            if not remembered:
                raise
            # the server may want another login scheme now: let the client ask it again
            result, scheme = self._connect_and_fetch(start, end, password, None)
        if scheme != cache.data.get("auth"):
            cache.put("auth", scheme)
        return result

    def _connect_and_fetch(self, start: datetime, end: datetime, password: str | None,
                           scheme: str | None) -> tuple[FetchResult, str | None]:
        """One session with the server; the result and the login scheme it took."""
        import caldav
        from caldav.davclient import requests as http  # niquests or requests, whichever caldav uses
        from caldav.lib import error as dav_error

        statuses: list[int] = []
        client = caldav.DAVClient(
            url=self.url, username=self.username or None, password=password, auth_type=scheme,
            timeout=TIMEOUT,
        )
        client.session.hooks["response"].append(lambda response, *_, **__: statuses.append(response.status_code))
        try:
            with client:
                result = self._fetch(client, start, end, statuses)
                return result, _SCHEMES.get(type(client.auth).__name__)
        except dav_error.AuthorizationError:
            if statuses and statuses[-1] == 401:
                raise AuthError(
                    f"calendar {self.name}: {self.shown_url} refused the login"
                    + (f" of {self.username!r}" if self.username else ""),
                    hint="check `username` and what `password_cmd` prints for this calendar "
                         "(many hosted servers want an app password, not the account's own)",
                ) from None
            status = f"HTTP {statuses[-1]}" if statuses else "no answer"
            raise SourceError(
                f"calendar {self.name}: {self.shown_url} refused access ({status})",
                hint="check that `url` is your own calendar address and the account may read it",
            ) from None
        except dav_error.DAVError as exc:
            status = f"HTTP {statuses[-1]}" if statuses and statuses[-1] >= 400 else exc.reason
            raise SourceError(
                f"calendar {self.name}: {self.shown_url} answered {status}",
                hint="check `url`: it should be the server's CalDAV address (see docs/caldav.md)",
            ) from None
        except http.exceptions.RequestException as exc:
            raise SourceError(
                f"calendar {self.name}: cannot reach {self.shown_url} ({_reason(exc)})",
                hint="check `url` and the network; the other calendars were read",
            ) from None
        except Exception as exc:
            if not _raised_in(exc, ("caldav", "lxml")):
                raise
            # an HTML page where a CalDAV answer should be, an unknown login scheme...
            raise SourceError(
                f"calendar {self.name}: {self.shown_url} does not answer like a CalDAV server "
                f"({type(exc).__name__}: {exc})",
                hint="check `url`: it should be the server's CalDAV address (see docs/caldav.md)",
            ) from None

    def _fetch(self, client: Any, start: datetime, end: datetime, statuses: list[int]) -> FetchResult:
        events: dict[str, Event] = {}
        warnings: list[str] = []
        budget = Budget(self.limits.parse_seconds, self.name)
        most = int(self.limits.calendar_mb * 1_000_000)
        total = 0
        for collection in self._collections(client):
            label = collection.name or collection.id
            for obj in collection.search(event=True, start=start - SEARCH_SLACK, end=end + SEARCH_SLACK):
                budget.check()
                where = f"{self.name}, {label}, {_path(obj.url)}"
                data = obj.data or ""
                total += len(data)
                if len(data) > most:
                    warnings.append(f"{where}: skipped: {len(data) / 1e6:.1f} MB, more than [limits] "
                                    f"calendar_mb = {self.limits.calendar_mb:g}")
                    continue
                if total > most:
                    raise SourceError(
                        f"calendar {self.name}: the events of the window add up to more than "
                        f"[limits] calendar_mb = {self.limits.calendar_mb:g}; not read",
                        hint="raise [limits] calendar_mb if your calendar really is that large",
                    )
                try:
                    result = parse_events(data, start, end, source=self.name, zone=self.zone, me=self.me,
                                          origin=where, limits=self.limits, budget=budget)
                except SourceError as exc:
                    if budget.left() <= 0:
                        raise
                    warnings.append(f"{where}: skipped: {exc}")
                    continue
                warnings.extend(result.warnings)
                for event in result.events:
                    # the same invitation can sit in two collections: keep one copy
                    events.setdefault(event.key, event)
        return FetchResult(events=list(events.values()), warnings=warnings, requests=len(statuses))

    def _collections(self, client: Any) -> list:
        """The collections to read: the wanted names, or all, or the one ``url`` points at."""
        found = client.principal().calendars()
        if not self.wanted:
            # compared with the configured address: the client moves its own to the calendar home's host
            here = [c for c in found if str(c.url).rstrip("/") == self._plain_url.rstrip("/")]
            return here or found
        by_name = {}
        for c in found:
            by_name.setdefault(c.name or c.id, c)
        missing = [n for n in self.wanted if n not in by_name]
        if missing:
            names = ", ".join(repr(n) for n in sorted(by_name)) or "none"
            raise SourceError(
                f"calendar {self.name}: no collection named {', '.join(repr(n) for n in missing)} "
                f"at {self.shown_url}; the collections found are: {names}",
                hint="fix `calendars` in this [[calendars]] entry (display names, as your "
                     "calendar app shows them), or leave it empty to read them all",
            )
        return [by_name[n] for n in self.wanted]


def _without_login(url: str) -> str:
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _path(url: Any) -> str:
    """The object's name, for warnings: its last path segment (the folders above
    it may hold the calendar's secret)."""
    path = str(getattr(url, "path", None) or url)
    return "…/" + path.rstrip("/").rsplit("/", 1)[-1]


def _reason(exc: BaseException) -> str:
    """The innermost cause of a connection error (``[Errno 111] Connection refused``)."""
    while (inner := exc.__cause__ or exc.__context__) is not None:
        exc = inner
    return str(exc) or type(exc).__name__


def _raised_in(exc: BaseException, packages: tuple[str, ...]) -> bool:
    """Whether ``exc`` was raised inside one of ``packages`` (not in mailflow's own code)."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    module = tb.tb_frame.f_globals.get("__name__", "") if tb is not None else ""
    return module.split(".")[0] in packages
