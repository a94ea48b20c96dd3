"""ICS files and URLs (``[[calendars]] type = "ics"``).

Reading the text is ``ics_read``'s (icalendar for parsing; recurring-ical-events
for RRULE, RDATE, EXDATE, RECURRENCE-ID overrides, Windows zone names and
``X-WR-TIMEZONE``; floating times read in the policy time zone); this module
gets the bytes and decides whether they need reading at all.

A cron run every half hour should cost next to nothing, so the occurrences of a
window wider than asked (``CACHE_MARGIN`` on each side) are kept in the
``SyncCache`` with two digests:

- of the bytes: the same bytes again are answered from the cache at once;
- of what the window depends on (``ics_text.digest``): the events that can
  fall in the kept window, the time zones, without DTSTAMP lines and block
  order. Google's export rewrites every DTSTAMP on every download, and a
  calendar gains events far from today all the time; neither makes a run parse.

Over HTTP the request is conditional (ETag, Last-Modified) and asks for gzip;
a ``304 Not Modified`` skips the download too.

Limits (``[limits]``): a file or download over ``calendar_mb`` is refused; the
whole read and parse shares one ``parse_seconds`` budget; the rest is
``ics_read``'s.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, urlsplit

from mailflow.calendars import ics_text
from mailflow.calendars.base import CalendarSource, FetchResult
from mailflow.calendars.ics_read import parse_events, read
from mailflow.calendars.limits import Budget
from mailflow.clock import local_zone
from mailflow.config import Shared
from mailflow.settings.calendars import IcsSettings
from mailflow.errors import MailflowError, SourceError
from mailflow.model import SyncCache, event_digest, event_from_dict, event_to_dict

__all__ = ["IcsSettings", "IcsSource", "parse_events"]

#: how much wider than asked the cached window is: a week of cron runs reuse one parse
CACHE_MARGIN = timedelta(days=7)
#: bump when what is cached, or how it is read, changes
CACHE_VERSION = 2
TIMEOUT = 30  # seconds per network operation
_CHUNK = 1 << 16


class IcsSource(CalendarSource):

    def __init__(self, settings: IcsSettings, shared: Shared):
        super().__init__(settings.label)
        self.url = settings.url
        self.path = shared.resolve(settings.path) if settings.path else None
        self.zone = local_zone(shared.timezone)
        self.me = shared.me
        self.limits = shared.limits

    def fetch(self, start: datetime, end: datetime, cache: SyncCache) -> FetchResult:
        """See the module docstring: the cache first, the parser only for what changed."""
        budget = Budget(self.limits.parse_seconds, self.name)
        requests = 1 if self.url else 0
        salt = self._salt()
        kept = cache.data if cache.data.get("version") == CACHE_VERSION and cache.data.get("salt") == salt else {}
        covered = bool(kept) and kept["start"] <= _utc(start) and _utc(end) <= kept["end"]
        data, validators = self._read(kept.get("http", {}) if covered else {}, budget)
        if data is None:  # 304 Not Modified
            return _from_cache(kept, start, end, requests)
        raw = hashlib.sha256(data).hexdigest()
        if covered and kept.get("raw") == raw:
            return _from_cache(kept, start, end, requests)
        layout = ics_text.scan(ics_text.decode_bytes(data), budget.check)
        del data
        if covered:
            wide = (datetime.fromisoformat(kept["start"]), datetime.fromisoformat(kept["end"]))
        else:
            wide = (start - CACHE_MARGIN, end + CACHE_MARGIN)
        blocks = ics_text.select(layout, *wide)
        blocks = layout.events if blocks is None else blocks
        selected = ics_text.digest(layout, blocks, salt=salt)
        if covered and kept.get("selected") == selected:
            cache.put("raw", raw)
            cache.put("http", validators)
            return _from_cache(kept, start, end, requests)
        result = read(layout, blocks, *wide, source=self.name, zone=self.zone, me=self.me,
                      limits=self.limits, budget=budget)
        kept_events = [event_to_dict(e, compact=True) for e in result.events]
        cache.data = {
            "version": CACHE_VERSION, "salt": salt, "raw": raw, "selected": selected, "http": validators,
            "start": _utc(wide[0]), "end": _utc(wide[1]),
            "events": kept_events, "warnings": result.warnings, "digests": _digests(kept_events),
        }
        cache.changed = True
        return FetchResult([e for e in result.events if e.end > start and e.start < end], result.warnings,
                           requests=requests, digests=cache.data["digests"])

    def answer_key(self, start: datetime, end: datetime, cache: SyncCache) -> str | None:
        """``CalendarSource.answer_key``: a file whose bytes are the ones the cache was read
        from, over a window the cache covers, gives the kept events that fall in the
        window; the key is the file's digest with the places of those events. A download
        is not asked twice: None."""
        if self.path is None:
            return None
        kept = cache.data
        if not (kept.get("version") == CACHE_VERSION and kept.get("salt") == self._salt()):
            return None
        try:
            if not (kept["start"] <= _utc(start) and _utc(end) <= kept["end"]):
                return None
            data, _ = self._read({}, Budget(self.limits.parse_seconds, self.name))
            raw = hashlib.sha256(data).hexdigest()
            del data
            if kept.get("raw") != raw:
                return None
            moment = datetime.fromisoformat
            inside = [i for i, e in enumerate(kept["events"]) if moment(e["end"]) > start and moment(e["start"]) < end]
        except (MailflowError, KeyError, TypeError, ValueError):
            return None  # fetch says what is wrong
        return hashlib.blake2b(f"{raw}\0{inside}".encode(), digest_size=16).hexdigest()

    def _salt(self) -> str:
        """A digest of what the reading depends on besides the text (a digest: the
        address may be a secret, and the cache sits in the state database)."""
        parts = [str(CACHE_VERSION), self.url or str(self.path), str(self.zone), *sorted(self.me),
                 str(self.limits.occurrences), str(self.limits.attendees)]
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    # ---- reading -------------------------------------------------------------------

    @property
    def _max_bytes(self) -> int:
        return int(self.limits.calendar_mb * 1_000_000)

    def _too_big(self, size: str) -> SourceError:
        return SourceError(
            f"calendar {self.name}: {size}, more than [limits] calendar_mb = {self.limits.calendar_mb:g}; "
            "not read",
            hint="raise [limits] calendar_mb if your calendar really is that large",
        )

    def _read(self, validators: dict, budget: Budget) -> tuple[bytes | None, dict]:
        """The calendar's bytes (None: the server says they did not change) and the
        HTTP validators to send next time."""
        if self.path is None:
            return self._download(validators, budget)
        try:
            with self.path.open("rb") as f:
                size = _file_size(f)
                if size > self._max_bytes:
                    raise self._too_big(f"the file is {size / 1e6:.3g} MB")
                data = f.read(self._max_bytes + 1)
        except FileNotFoundError:
            raise SourceError(
                f"calendar {self.name}: no such file {self.path}",
                hint="fix `path` in [[calendars]] (relative paths start at the config file)",
            ) from None
        except IsADirectoryError:
            raise SourceError(f"calendar {self.name}: {self.path} is a folder, not a calendar file",
                              hint="fix `path` in [[calendars]]") from None
        except OSError as exc:
            raise SourceError(f"calendar {self.name}: cannot read {self.path}: {exc.strerror}") from None
        if len(data) > self._max_bytes:  # it grew while being read
            raise self._too_big(f"the file is over {self.limits.calendar_mb:g} MB")
        return data, {}

    def _download(self, validators: dict, budget: Budget) -> tuple[bytes | None, dict]:
        # loaded here: a calendar file needs no HTTP client
        import urllib.error
        import urllib.request
        from http.client import HTTPException

        headers = {"User-Agent": "mailflow", "Accept-Encoding": "gzip"}
        if validators.get("etag"):
            headers["If-None-Match"] = validators["etag"]
        if validators.get("last_modified"):
            headers["If-Modified-Since"] = validators["last_modified"]
        request = urllib.request.Request(self._checked_url(), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                length = response.headers.get("Content-Length", "")
                if length.isdigit() and int(length) > self._max_bytes:
                    raise self._too_big(f"the server offers {int(length) / 1e6:.3g} MB")
                packed = response.headers.get("Content-Encoding", "").strip().lower() == "gzip"
                body = self._body(response, packed, budget)
                fresh = {k: v for k, v in (("etag", response.headers.get("ETag")),
                                           ("last_modified", response.headers.get("Last-Modified"))) if v}
                return body, fresh
        except urllib.error.HTTPError as exc:
            if exc.code == 304 and validators:
                return None, validators
            raise SourceError(f"calendar {self.name}: the server answered HTTP {exc.code}",
                              hint="check `url`; a calendar's secret address changes when it is reset") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", None) or exc
            if isinstance(reason, OSError) and reason.strerror:
                reason = reason.strerror
            raise SourceError(f"calendar {self.name}: cannot fetch it: {reason}",
                              hint="check `url` and the network; the other calendars were read") from None
        except (HTTPException, ValueError) as exc:  # a broken answer; messages may hold the address
            raise SourceError(f"calendar {self.name}: the server's answer could not be read "
                              f"({type(exc).__name__})") from None

    def _body(self, response, packed: bool, budget: Budget) -> bytes:
        """The response body, unpacked, refused past ``calendar_mb`` (packed or not)."""
        unpack = zlib.decompressobj(16 + zlib.MAX_WBITS) if packed else None
        parts: list[bytes] = []
        size = 0
        while chunk := response.read(_CHUNK):
            budget.check()
            if unpack is not None:
                try:
                    chunk = unpack.decompress(chunk, self._max_bytes + 1 - size)
                except zlib.error:
                    raise SourceError(f"calendar {self.name}: the server sent broken gzip data") from None
            size += len(chunk)
            if size > self._max_bytes or (unpack is not None and unpack.unconsumed_tail):
                raise self._too_big("the download is over "
                                    f"{self.limits.calendar_mb:g} MB{' once unpacked' if packed else ''}")
            parts.append(chunk)
        return b"".join(parts)

    def _checked_url(self) -> str:
        """``url`` ready for the HTTP client, or a ``SourceError`` that says what is
        wrong with it without showing it (it is often a password)."""
        url = re.sub(r"^webcals?://", "https://", self.url.strip(), flags=re.IGNORECASE)
        problem = ""
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:
            parts, host, problem = None, None, "it cannot be read as an address"
        if problem:
            pass
        elif parts.scheme.lower() not in ("http", "https"):
            problem = "it should start with https://, http:// or webcal://"
        elif not host:
            problem = "it names no server"
        elif any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
            problem = "it contains a space or a control character"
        if problem:
            raise SourceError(f"calendar {self.name}: `url` is not a usable address: {problem}",
                              hint="copy the address again from your calendar's sharing settings "
                                   "(a space must be written %20)")
        # an address with accents: what a browser would send
        return re.sub(r"[^\x00-\x7f]+", lambda m: quote(m.group()), url)


def _file_size(f) -> int:
    import os

    return os.fstat(f.fileno()).st_size


def _from_cache(kept: dict, start: datetime, end: datetime, requests: int) -> FetchResult:
    """The kept events that fall in ``[start, end)``; only those are built (the kept
    window is wider by ``CACHE_MARGIN`` on each side)."""
    moment, people = datetime.fromisoformat, {}
    events = [event_from_dict(e, people) for e in kept["events"]
              if moment(e["end"]) > start and moment(e["start"]) < end]
    digests = kept.get("digests")
    return FetchResult(events, list(kept["warnings"]), requests=requests,
                       digests=digests if isinstance(digests, dict) else {})


def _digests(kept: list[dict]) -> dict[str, str]:
    """``model.event_digest`` of each kept event as the cache gives it back, by key: worked
    out once per parse, not on every run. A key given to two events has none."""
    people: dict = {}
    found: dict[str, str] = {}
    twice: set[str] = set()
    for data in kept:
        event = event_from_dict(data, people)
        if event.key in found:
            twice.add(event.key)
        found[event.key] = event_digest(event)
    for key in twice:
        del found[key]
    return found


def _utc(moment: datetime) -> str:
    """Comparable text for a moment (ISO in UTC: string order is time order)."""
    return moment.astimezone(timezone.utc).isoformat()
