"""iCalendar text read without a parser: where the components are, which events
can matter for a window, what a cache may compare, and each event cut down to
what mailflow reads. Pure, and imports no calendar library.

Parsing with icalendar costs about a millisecond an event, a calendar holds
years of events, and a run looks at weeks. So the bytes are scanned once for
the lines that matter (``BEGIN``/``END``, ``UID``, the dates, the recurrence
properties) and only the events that can have an occurrence in the window go
to the parser (``select``).

Vocabulary
----------
block
    One top-level component of the text (``VEVENT``, ``VTIMEZONE``; other
    kinds are stepped over), as offsets into the bytes. ``BEGIN:VEVENT`` can
    only be top level, so one inside another block ends that block: an
    unclosed ``VTODO`` or a cut-off event costs itself, never the events
    after it.
group
    The blocks sharing a UID: a series with its overrides, or one event.
    Groups are kept or dropped whole.
doubt
    Anything the scan cannot judge (a date it cannot read, a property given
    twice, a stray ``END``). A block in doubt is always handed to the parser,
    which decides.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

from mailflow.patterns import lazy

#: lines the scan looks at; anything else is left for the parser. Anchored on the
#: line break rather than with ^ and MULTILINE: the regex engine then skips from
#: line break to line break, several times faster on a large file
_NAMES = (rb"(BEGIN|END|UID|DTSTART|DTEND|DURATION|RRULE|RDATE|EXRULE|RECURRENCE-ID|X-WR-TIMEZONE|"
          rb"TZOFFSETFROM|TZOFFSETTO)([;:][^\n]*)")
_TOKEN = lazy(rb"\n" + _NAMES, re.IGNORECASE)
_FIRST_TOKEN = lazy(_NAMES, re.IGNORECASE)
_ATTRIBUTES = {b"DTSTART": "dtstart", b"DTEND": "dtend", b"DURATION": "duration", b"UID": "uid"}
#: icalendar's own unfolding: line breaks followed by one space or tab vanish
_FOLD = lazy(rb"(?:\r?\n)+[ \t]")
_LINE_BREAK = lazy(rb"\r?\n")
_BOM = b"\xef\xbb\xbf"
_BOM_AT_LINE = lazy(rb"\n(?:\xef\xbb\xbf)+")
#: any run of CRs and LFs: one line break (blank lines mean nothing in iCalendar)
_BREAKS = lazy(rb"[\r\n]+")
#: a BEGIN or END line with blanks around its component name
_LOOSE_CONTROL = lazy(rb"^(BEGIN|END)[ \t]*:[ \t]*([^\r\n]*?)[ \t]+(\r?)$", re.MULTILINE | re.IGNORECASE)
#: what can follow a line break in a fold: the fold's space or tab, or more line breaks
_FOLD_STARTS = (b" ", b"\t", b"\r", b"\n")
_UNTIL = lazy(rb"(?:^|;)UNTIL=([^;]*)", re.IGNORECASE)
_DTSTAMP = lazy(rb"^DTSTAMP[;:][^\n]*\n?(?:[ \t][^\n]*\n?)*", re.MULTILINE | re.IGNORECASE)
_TEXT_ESCAPE = lazy(rb"\\([\\;,Nn])")
_DATE = lazy(rb"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$")
_DURATION = lazy(rb"^\+?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")
_OFFSET = lazy(rb"^[+-](\d{2})(\d{2})(\d{2})?$")

#: components that may only sit directly in a VCALENDAR
_TOP_ONLY = {b"VCALENDAR", b"VEVENT", b"VTODO", b"VJOURNAL", b"VFREEBUSY", b"VTIMEZONE", b"VAVAILABILITY"}
_RECURRENCE = {b"RRULE", b"RDATE", b"EXRULE", b"RECURRENCE-ID"}
#: the most a date in the text can differ from the moment it means: a UTC
#: offset (at most 18 h, or the scan gives up), a floating time read in any
#: zone, X-WR-TIMEZONE; with room to spare
MARGIN = timedelta(days=2)
_MAX_OFFSET_HOURS = 18
#: the properties of an event that mailflow or the recurrence expansion read;
#: everything else (alarms, attachments, HTML bodies, X- junk) is cut before parsing
READ_PROPERTIES = frozenset({
    b"UID", b"DTSTART", b"DTEND", b"DURATION", b"RRULE", b"RDATE", b"EXDATE", b"EXRULE",
    b"RECURRENCE-ID", b"SEQUENCE", b"STATUS", b"SUMMARY", b"DESCRIPTION", b"LOCATION", b"URL",
    b"ORGANIZER", b"ATTENDEE", b"CATEGORIES",
})
#: properties an event may hold once, whose second copy would make the event
#: unplaceable: the first is read (as lenient clients do), the others dropped
SINGLE_PROPERTIES = frozenset({b"UID", b"DTSTART", b"DTEND", b"DURATION", b"RECURRENCE-ID"})


@dataclass
class Block:
    """``data[start:end]`` is one top-level component; ``closed`` when its END was found."""

    name: bytes
    start: int
    end: int
    closed: bool = False
    uid: bytes | None = None
    dtstart: bytes | None = None  # what follows the property name: parameters, ":", value
    dtend: bytes | None = None
    duration: bytes | None = None
    recurring: bool = False  # RRULE, RDATE, EXRULE or RECURRENCE-ID
    rules: int = 0  # RRULE lines
    until: datetime | None = None  # the latest UNTIL of its RRULEs
    endless: bool = False  # an RRULE without UNTIL (COUNT, or nothing): no end in the text
    unbounded: bool = False  # an RDATE, a RANGE override: dates anywhere
    doubt: bool = False


@dataclass
class Layout:
    """What ``scan`` found in a calendar's bytes."""

    data: bytes
    events: list[Block] = field(default_factory=list)
    timezones: list[Block] = field(default_factory=list)
    #: events whose END never came (cut off, or cut short by another component)
    unclosed: list[Block] = field(default_factory=list)
    #: the first calendar-level ``X-WR-TIMEZONE`` value, as text
    x_wr_timezone: str = ""
    is_calendar: bool = False
    #: a VTIMEZONE offset too large (or unreadable) for ``MARGIN``: ``select`` gives up
    odd_offsets: bool = False
    _lines: tuple[int, int] = (0, 1)  # (offset, line number there): counting moves forward

    def line_of(self, offset: int) -> int:
        """The line number (from 1) of ``offset`` in the text scanned."""
        known, line = self._lines
        if offset < known:
            known, line = 0, 1
        line += self.data.count(b"\n", known, offset)
        self._lines = (offset, line)
        return line


def decode_bytes(data: bytes) -> bytes:
    """Calendar bytes as UTF-8 with LF or CRLF line breaks, read the way a lenient
    client reads them: UTF-16 (with its mark) re-encoded; byte order marks at the
    start of the file or of a line dropped (a file glued from several exports has
    one in the middle); any other mix of CR and LF (LF-CR, CR-CR-LF, lone CRs)
    made single line breaks. Other bytes stay as they are; bad sequences are
    replaced when a block is decoded. A well-formed file costs two byte counts."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    if _BOM in data:
        data = data.lstrip(_BOM)
        data = _BOM_AT_LINE.sub(b"\n", data)
    crs = data.count(b"\r")
    if crs and crs != data.count(b"\r\n"):
        data = _BREAKS.sub(b"\n", data)
    return data


class _FoldedControl(Exception):
    """A BEGIN or END line folded onto the next: rare enough to pay for unfolding."""


def scan(data: bytes, check: Callable[[], None] = lambda: None) -> Layout:
    """The layout of ``data`` (UTF-8 bytes). Never raises on bad input; ``check``
    is called now and then so a time budget can stop a huge scan."""
    try:
        return _scan(data, check)
    except _FoldedControl:
        return _scan(_FOLD.sub(b"", data), check)


def _scan(data: bytes, check: Callable[[], None]) -> Layout:
    layout = Layout(data)
    current: Block | None = None
    stack: list[bytes] = []

    def close(block: Block, at: int, closed: bool) -> None:
        block.end, block.closed = at, closed
        if block.name == b"VEVENT":
            (layout.events if closed else layout.unclosed).append(block)
        elif block.name == b"VTIMEZONE" and closed:
            layout.timezones.append(block)

    first = _FIRST_TOKEN.match(data)
    for count, match in enumerate(itertools.chain([first] if first else [], _TOKEN.finditer(data))):
        if not count & 0x3FFF:
            check()
        key, rest = match.groups()
        key = key.upper()
        if rest[-1:] == b"\r":
            rest = rest[:-1]
        line = match.start(1)
        end = match.end()
        if data[end + 1:end + 2] in _FOLD_STARTS and _FOLD.match(data, end):
            if key in (b"BEGIN", b"END"):
                raise _FoldedControl
            rest, end = _unfolded(data, match.start(2))
        if key in (b"BEGIN", b"END"):
            # "BEGIN:VEVENT " with a trailing blank is read as a lenient client reads it
            name = rest[1:].strip().upper() if rest[:1] == b":" else b""
            if key == b"BEGIN":
                if current is not None and (name in _TOP_ONLY or not name):
                    close(current, line, closed=False)
                    current, stack = None, []
                if current is None:
                    if name == b"VCALENDAR":
                        layout.is_calendar = True
                    elif name:
                        current, stack = Block(name, line, line), [name]
                else:
                    stack.append(name)
                continue
            if current is None:
                continue  # END:VCALENDAR, or a stray END between components
            if name in stack:
                if name != stack[-1]:
                    current.doubt = True  # an inner component was never closed
                del stack[stack.index(name):]
                if not stack:
                    close(current, _line_end(data, end), closed=True)
                    current = None
            elif name == b"VCALENDAR":
                close(current, line, closed=False)
                current, stack = None, []
            else:
                current.doubt = True  # a stray END inside the block
            continue
        if current is None:
            if key == b"X-WR-TIMEZONE" and not layout.x_wr_timezone and rest[:1] == b":":
                layout.x_wr_timezone = rest[1:].strip().decode("utf-8", errors="replace")
            continue
        if current.name == b"VTIMEZONE":
            if key in (b"TZOFFSETFROM", b"TZOFFSETTO") and not _offset_ok(_value(rest)):
                layout.odd_offsets = True
            continue
        if current.name != b"VEVENT":
            continue
        if len(stack) != 1:
            if key == b"UID" or key in _RECURRENCE:
                current.doubt = True  # in an inner component: the scan could misread it
            continue
        if key in _RECURRENCE:
            current.recurring = True
            _note_recurrence(current, key, rest)
        elif key in _ATTRIBUTES:
            attribute = _ATTRIBUTES[key]
            if getattr(current, attribute) is not None:
                current.doubt = True  # given twice: the first counts (``trimmed`` drops the others)
            else:
                setattr(current, attribute, rest)
    if current is not None:
        close(current, len(data), closed=False)
    for block in (*layout.events, *layout.unclosed):
        if block.uid is not None:
            # as the parser reads a text value: "a\\,b" is the UID "a,b"
            block.uid = _TEXT_ESCAPE.sub(lambda m: b"\n" if m.group(1) in b"Nn" else m.group(1),
                                         _value(block.uid).strip())
    return layout


def select(layout: Layout, start: datetime, end: datetime) -> list[Block] | None:
    """The event blocks that can have an occurrence overlapping ``[start, end)``:
    every group with a block in doubt, and every group with a block whose reach
    overlaps the window widened by ``MARGIN``. A block reaches from its start to
    its end (DTEND, or DURATION), and, with RRULEs, to the last UNTIL plus its
    length, or forever for an RRULE without UNTIL (COUNT, or none); an RDATE or
    a RANGE override reach anywhere. Floating times and dates are judged the
    same way: the margin covers any zone. Returns None when the layout holds
    something that makes the judgement unsafe: then every event must be parsed."""
    if layout.odd_offsets:
        return None
    low = _naive_utc(start) - MARGIN
    high = _naive_utc(end) + MARGIN
    days = (low.strftime("%Y%m%d").encode(), high.strftime("%Y%m%d").encode())
    wanted: set[bytes] = set()
    alone: set[int] = set()  # blocks without UID: each is its own group
    for index, block in enumerate(layout.events):
        if block.uid is not None and block.uid in wanted:
            continue
        if block.doubt or _may_overlap(block, low, high, days):
            if block.uid is None:
                alone.add(index)
            else:
                wanted.add(block.uid)
    return [b for i, b in enumerate(layout.events) if (i in alone if b.uid is None else b.uid in wanted)]


def groups(blocks: list[Block]) -> list[list[Block]]:
    """``blocks`` grouped by UID, in the order of each group's first block; a
    block without UID is a group of its own."""
    by_uid: dict[bytes, list[Block]] = {}
    out: list[list[Block]] = []
    for block in blocks:
        if block.uid is None:
            out.append([block])
        elif block.uid in by_uid:
            by_uid[block.uid].append(block)
        else:
            by_uid[block.uid] = [block]
            out.append(by_uid[block.uid])
    return out


def digest(layout: Layout, blocks: list[Block], *, salt: str = "") -> str:
    """A digest of what the occurrences of ``blocks`` depend on: their text and
    the time zones, without DTSTAMP lines (some servers rewrite every DTSTAMP on
    every download) and without the order of the groups."""
    data = layout.data
    parts = sorted(
        hashlib.sha256(b"\0".join(_DTSTAMP.sub(b"", data[b.start:b.end]) for b in group)).digest()
        for group in groups(blocks)
    )
    whole = hashlib.sha256(salt.encode("utf-8", "surrogatepass"))
    whole.update(layout.x_wr_timezone.encode("utf-8", "surrogatepass") + b"\0")
    for zone in layout.timezones:  # in order: a zone given twice takes its last definition
        whole.update(hashlib.sha256(_DTSTAMP.sub(b"", data[zone.start:zone.end])).digest())
    whole.update(b"\0")
    for part in parts:
        whole.update(part)
    return whole.hexdigest()


def trimmed(layout: Layout, block: Block, max_attendees: int) -> tuple[str, int]:
    """The text of an event block with only the properties in ``READ_PROPERTIES``
    (inner components such as alarms dropped) and at most ``max_attendees``
    ATTENDEE lines; returns it and how many attendees there were."""
    raw = _FOLD.sub(b"", layout.data[block.start:block.end])
    kept: list[bytes] = []
    stack: list[bytes] = []
    seen: set[bytes] = set()
    attendees = 0
    for line in _LINE_BREAK.split(raw):
        # trailing blanks after a value or a component name mean nothing (and a
        # UID with one would be another event)
        line = line.rstrip(b" \t")
        name = _name(line)
        if name in (b"BEGIN", b"END"):
            component = _value(line).strip().upper()
            if name == b"BEGIN":
                stack.append(component)
                if len(stack) == 1:
                    kept.append(b"BEGIN:" + component)
            elif component in stack:  # an END that closes nothing is dropped
                del stack[stack.index(component):]
                if not stack:
                    kept.append(b"END:" + component)
                    break
            continue
        if len(stack) != 1 or name not in READ_PROPERTIES:
            continue
        if name in SINGLE_PROPERTIES:
            if name in seen:
                continue  # given twice: the first counts, as ``scan`` read it
            seen.add(name)
        if name == b"ATTENDEE":
            attendees += 1
            if attendees > max_attendees:
                continue
        kept.append(line)
    return b"\r\n".join(kept).decode("utf-8", errors="replace") + "\r\n", attendees


def property_text(layout: Layout, block: Block, name: bytes) -> str:
    """The value of the first ``name`` line of ``block`` as text (for messages), or ""."""
    found = re.search(rb"^" + re.escape(name) + rb"[;:]", layout.data[block.start:block.end],
                      re.MULTILINE | re.IGNORECASE)
    if found is None:
        return ""
    rest, _ = _unfolded(layout.data, block.start + found.end() - 1)
    return _value(rest).decode("utf-8", errors="replace")


# ---- helpers -------------------------------------------------------------------------


def _chomp(line: bytes) -> bytes:
    """``line`` without the CR of its CRLF (a lone CR inside a line is the parser's business)."""
    return line[:-1] if line.endswith(b"\r") else line


def _unfolded(data: bytes, at: int) -> tuple[bytes, int]:
    """The logical line from ``at`` with its folds undone, and the offset of its line break."""
    end = at
    while True:
        newline = data.find(b"\n", end)
        if newline < 0:
            return _chomp(_FOLD.sub(b"", data[at:])), len(data)
        fold = _FOLD.match(data, newline)
        if fold is None:
            return _chomp(_FOLD.sub(b"", data[at:newline])), newline
        end = fold.end()


def _line_end(data: bytes, at: int) -> int:
    newline = data.find(b"\n", at)
    return len(data) if newline < 0 else newline + 1


def _name(line: bytes) -> bytes:
    """A content line's property name, upper case."""
    cut = len(line)
    for sep in (b";", b":"):
        index = line.find(sep, 0, cut)
        if index >= 0:
            cut = index
    return line[:cut].strip().upper()


def _value(rest: bytes) -> bytes:
    """The value in ``;PARAM=x:value``: after the first colon outside quotes."""
    if b'"' not in rest:
        return rest.partition(b":")[2]
    quoted = False
    for index, char in enumerate(rest):
        if char == 0x22:
            quoted = not quoted
        elif char == 0x3A and not quoted:
            return rest[index + 1:]
    return b""


def _offset_ok(value: bytes) -> bool:
    match = _OFFSET.match(value.strip())
    return match is not None and int(match.group(1)) <= _MAX_OFFSET_HOURS


def _moment(rest: bytes | None) -> datetime | None:
    """A DTSTART/DTEND value as a naive datetime, or None when unreadable."""
    if rest is None:
        return None
    match = _DATE.match(_value(rest).strip())
    if match is None:
        return None
    try:
        return datetime(*(int(g) for g in match.groups(b"0")))
    except ValueError:
        return None


def _note_recurrence(block: Block, key: bytes, rest: bytes) -> None:
    """What a recurrence property says about how far the event can reach."""
    if key == b"RRULE":
        block.rules += 1
        found = _UNTIL.search(_value(rest))
        until = _moment(b":" + found.group(1)) if found else None
        if until is None:
            block.endless = True
        elif block.until is None or until > block.until:
            block.until = until
    elif key == b"RDATE" or (key == b"RECURRENCE-ID" and b"RANGE=" in rest.upper()):
        block.unbounded = True  # dates of their own, or a change to every later occurrence


def _may_overlap(block: Block, low: datetime, high: datetime, days: tuple[bytes, bytes]) -> bool:
    """Whether the event's text puts it, or any occurrence of its rules, anywhere
    near ``[low, high)`` (``days``: their dates as text); unreadable means yes."""
    if block.unbounded:
        return True
    if not block.rules and block.duration is None:
        # most events: compare the dates as text, whole days (the margin is two)
        first = _day(block.dtstart)
        last = first if block.dtend is None else _day(block.dtend)
        if first is not None and last is not None:
            return min(first, last) <= days[1] and max(first, last) >= days[0]
    start = _moment(block.dtstart)
    if start is None:
        return True
    is_date = b"T" not in _value(block.dtstart).upper()
    end = start
    if block.dtend is not None:
        end = _moment(block.dtend)
        if end is None:
            return True
    if block.duration is not None:
        match = _DURATION.match(_value(block.duration).strip())
        if match is None:
            return True
        weeks, days, hours, minutes, seconds = (int(g) for g in match.groups(b"0"))
        try:
            end = max(end, start + timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes,
                                             seconds=seconds))
        except OverflowError:
            return True
    if block.dtend is None and block.duration is None and is_date:
        end = start + timedelta(days=1)
    first, last = min(start, end), max(start, end)
    if block.rules:
        if block.endless:
            return first < high
        try:
            last = max(last, block.until + (last - first))  # the last occurrence, with its length
        except OverflowError:  # UNTIL at the end of year 9999: no end in practice
            return first < high
    return first < high and last > low


def _day(rest: bytes | None) -> bytes | None:
    """The eight digits of the date a DTSTART/DTEND value begins with, or None."""
    if rest is None:
        return None
    value = rest.partition(b":")[2] if b'"' not in rest else _value(rest)
    day = value[:8]
    return day if len(day) == 8 and day.isdigit() else None


def _naive_utc(moment: datetime) -> datetime:
    from datetime import timezone

    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def unfold(data: bytes) -> bytes:
    """``data`` with its folds undone (on bytes: a fold may cut a character in two)."""
    return _FOLD.sub(b"", data)


def tidy_controls(data: bytes) -> bytes:
    """``data`` with blanks around the component names of BEGIN and END lines removed."""
    return _LOOSE_CONTROL.sub(rb"\1:\2\3", data) if b" " in data or b"\t" in data else data


_EVENT_TEXT = lazy(rb"BEGIN[ \t]*[:;][ \t]*VEVENT", re.IGNORECASE)


def has_event_text(layout: Layout) -> bool:
    """Whether the text holds a ``BEGIN:VEVENT`` in any spelling (for a scan that
    found no event: a file that has events must never read as an empty calendar)."""
    return _EVENT_TEXT.search(layout.data) is not None


def event_text_line(layout: Layout) -> int:
    found = _EVENT_TEXT.search(layout.data)
    return layout.line_of(found.start()) if found else 0
