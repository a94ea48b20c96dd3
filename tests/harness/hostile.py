"""Hostile calendars for the fuzz test and the bench harnesses: a calendar of good
interviews, seeded mutations of calendar bytes, and which events a mutation left
alone. The fuzz test and the benches run what they make through ``Home.process``
(``harness/processes.py``): the real command line only, so they keep working while
the package inside is rearranged.

- ``good_calendar()``: seven interviews (time zones, a VTIMEZONE, a series,
  DURATION, a floating time, folded lines, an RFC 6868 name) among noise.
- ``MUTATIONS``: name -> ``mutate(rng, data, size) -> (data, what)``; ``size``
  bounds the huge inputs. ``mutate(rng, data)`` picks one or several. The
  line-level ones (``LINE_LEVEL``: trailing blanks, line ends, folds inside a
  character, byte order marks) change how lines are written, not what they say.
- ``untouched_uids(original, mutated)``: UIDs whose every VEVENT the mutation
  left with the same content (``canonical``: line ends, folds, blanks at line
  ends do not count), still at the top level of a calendar, and whose time
  zones are intact: those must still be found.
- ``interview_uids(outcome)``: the UIDs ``scan --json`` took as interviews.
"""

from __future__ import annotations

import re

from tests.harness.calendars import CALENDARS, HOSTILE, ME, vcalendar, vevent  # noqa: F401 - HOSTILE for the fuzzers
from tests.harness.processes import Outcome

#: New York time: every good interview below is over, the panel more than 20 h ago
NOW = "2026-11-10T18:00"

_BERLIN = """\
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""

NY = ";TZID=America/New_York:"
SELF = f";CN=Alex Candidate;PARTSTAT=ACCEPTED:mailto:{ME}"


def good_events() -> list[str]:
    """Seven interviews (UIDs ``good-*``) and two unrelated events."""
    return [
        vevent("good-panel@acme.example", "Acme — Onsite panel interview", NY + "20261109T140000",
               NY + "20261109T153000", organizer=";CN=Sam Lee:mailto:sam.lee@acme.example",
               attendees=(SELF, ";CN=Ana Lima:mailto:ana.lima@acme.example",
                          ";CN=Zoë Müller:mailto:zoe.muller@acme.example",
                          ";CN=Raj Patel;ROLE=REQ-PARTICIPANT:mailto:raj.patel@acme.example",
                          ";CN=Room 4B;CUTYPE=ROOM:mailto:room-4b@acme.example"),
               extra="DESCRIPTION:Role: Senior Backend Engineer"),
        vevent("good-screen@globex.example", "Phone screen: Globex", NY + "20261110T100000", NY + "20261110T103000",
               organizer=";CN=María García:mailto:maria.garcia@globex.example", attendees=(SELF,)),
        vevent("good-tech@initech.example", "Technical interview - Initech", ":20261106T150000Z",
               organizer=";CN=Tom Smith:mailto:tom.smith@initech.example",
               attendees=(SELF, ";CN=Bill Lumbergh:mailto:bill@initech.example"), extra="DURATION:PT1H"),
        vevent("good-berlin@hooli.example", "Interview with Hooli", ";TZID=Europe/Berlin:20261105T100000",
               ";TZID=Europe/Berlin:20261105T110000", organizer=";CN=Gavin Belson:mailto:gavin@hooli.example",
               attendees=(SELF, ";CN=Jared Dunn:mailto:jared@hooli.example")),
        vevent("good-final@umbrella.example", "Final round - Umbrella", ":20261104T160000Z", ":20261104T170000Z",
               organizer=';CN="Wong, Ada":mailto:ada.wong@umbrella.example',
               attendees=(SELF, ";CN=Albert ^'Al^' Wesker:mailto:albert@umbrella.example")),
        vevent("good-hm@vandelay.example", "Hiring manager interview: Vandelay Industries", ":20261103T130000",
               ":20261103T140000", organizer=";CN=Art Vandelay:mailto:art@vandelay.example",
               attendees=(SELF,),
               extra="DESCRIPTION:Role: Importer/Exporter. Bring your portfolio\\, two references and a \n"
                     " long-ish folded description line that goes on past seventy-five octets\\n\n"
                     " and a second fold."),
        vevent("good-loop@stark.example", "Interview loop with Stark", NY + "20261102T110000",
               NY + "20261102T120000", organizer=";CN=Pepper Potts:mailto:pepper@stark.example",
               attendees=(SELF, ";CN=Happy Hogan:mailto:happy@stark.example"),
               extra="RRULE:FREQ=DAILY;COUNT=3\nEXDATE;TZID=America/New_York:20261103T110000"),
        vevent("noise-dentist", "Dentist", ":20261106T200000Z", ":20261106T210000Z"),
        vevent("noise-standup", "Team standup", NY + "20261001T093000", NY + "20261001T094500",
               extra="RRULE:FREQ=WEEKLY;COUNT=20"),
    ]


def good_calendar() -> bytes:
    return vcalendar(*good_events(), header="X-WR-CALNAME:Job search\n" + _BERLIN).encode("utf-8")


def seeds() -> list[tuple[str, bytes]]:
    """The calendars a fuzz run starts from: the good one and the fixtures
    that are calendars at all (their events lie in the window around ``NOW``)."""
    found = [("good", good_calendar())]
    for path in sorted(CALENDARS.glob("*.ics")):
        if path.name != "not_a_calendar.ics":
            found.append((path.stem, path.read_bytes()))
    return found


# ---- mutations ---------------------------------------------------------------------

def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines)


def _eol(data: bytes) -> bytes:
    return b"\r" if b"\r\n" in data else b""


def _event_spans(lines: list[bytes]) -> list[tuple[int, int]]:
    """(first, last) line index of each top-level VEVENT."""
    spans, start = [], None
    for i, line in enumerate(lines):
        text = line.strip().upper()
        if text == b"BEGIN:VEVENT" and start is None:
            start = i
        elif text == b"END:VEVENT" and start is not None:
            spans.append((start, i))
            start = None
    return spans


def _in_event(rng, data: bytes, new_lines: list[bytes]) -> tuple[bytes, int]:
    """``new_lines`` inserted at a random place inside a random event (or at the end)."""
    lines = _lines(data)
    spans = _event_spans(lines)
    eol = _eol(data)
    if spans:
        first, last = rng.choice(spans)
        at = rng.randint(first + 1, last)
    else:
        at = rng.randint(0, len(lines))
    lines[at:at] = [line + eol for line in new_lines]
    return _join(lines), at


def _pick_line(rng, data: bytes, pattern: bytes) -> tuple[list[bytes], int | None]:
    lines = _lines(data)
    candidates = [i for i, line in enumerate(lines) if re.match(pattern, line, re.IGNORECASE)]
    return lines, (rng.choice(candidates) if candidates else None)


def truncate(rng, data, size):
    cut = rng.randrange(len(data)) if data else 0
    return data[:cut], f"truncated at byte {cut} of {len(data)}"


def delete_line(rng, data, size):
    lines = _lines(data)
    i = rng.randrange(len(lines))
    gone = lines.pop(i)
    return _join(lines), f"deleted line {i + 1} {gone[:40]!r}"


def duplicate_line(rng, data, size):
    lines = _lines(data)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return _join(lines), f"duplicated line {i + 1} {lines[i][:40]!r}"


def swap_lines(rng, data, size):
    lines = _lines(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    if rng.random() < 0.5 and len(lines) > 1:  # neighbours half of the time
        i = min(i, len(lines) - 2)
        j = i + 1
    lines[i], lines[j] = lines[j], lines[i]
    return _join(lines), f"swapped lines {i + 1} and {j + 1}"


BAD_DATES = [
    b"2026110XT100000Z", b"20261332T250000", b"00000000T000000", b"99991231T235960Z", b"20261103T10",
    b"2026-11-03T10:00:00Z", b"", b"20261103T100000ZZ", b"-20261103", b"20261103T100000+0100",
    b"1" * 40, b"20260229T100000", b"00010101T000000Z", b"20261103T240000", b"20261103T100000Z,20261104",
    b"P1D", b"20261103", b"99999999T999999",
]


def invalid_date(rng, data, size):
    lines, i = _pick_line(rng, data, rb"(DTSTART|DTEND|RECURRENCE-ID|EXDATE|RDATE|DUE|DTSTAMP|RRULE)[;:]")
    if i is None:
        return data, "no date line"
    line = lines[i]
    eol = b"\r" if line.endswith(b"\r") else b""
    bad = rng.choice(BAD_DATES)
    if line.upper().startswith(b"RRULE"):
        lines[i] = re.sub(rb"(;UNTIL=[^;\r]*)?\r?$", b";UNTIL=" + bad, line, count=1) + eol
    else:
        lines[i] = line.rstrip(b"\r").rsplit(b":", 1)[0] + b":" + bad + eol
    return _join(lines), f"line {i + 1} date {lines[i][:60]!r}"


BAD_TZIDS = [
    b"Mars/Olympus_Mons", b"", b"../../../../etc/localtime", b"America/New_York\x00", b"UTC+25", b'"quoted"',
    b"Etc/GMT+99", b"(UTC-05:00) Eastern Time (US & Canada)", b"/freeassociation.sourceforge.net/Europe/Berlin",
    b"Z" * 3000, b"W. Europe Standard Time ", b"Customized Time Zone", b"tzone://Microsoft/Custom",
]


def unknown_tzid(rng, data, size):
    lines, i = _pick_line(rng, data, rb"(DTSTART|DTEND|RECURRENCE-ID|EXDATE|RDATE|TZID)[;:]")
    if i is None:
        return data, "no date line"
    tz = rng.choice(BAD_TZIDS)
    line = lines[i]
    eol = b"\r" if line.endswith(b"\r") else b""
    if line.upper().startswith(b"TZID:"):
        lines[i] = b"TZID:" + tz + eol
    elif b"TZID=" in line.upper():
        lines[i] = re.sub(rb"(?i)TZID=(\"[^\"]*\"|[^;:]*)", lambda _: b"TZID=" + tz, line, count=1)
    else:
        name, _, value = line.partition(b":")
        lines[i] = name + b";TZID=" + tz + b":" + value.rstrip(b"Z\r") + eol
    return _join(lines), f"line {i + 1} TZID {tz[:40]!r}"


def huge_line(rng, data, size):
    kind = rng.choice(["summary", "calendar-x", "escapes", "params", "folded", "no-colon", "attendees"])
    n = rng.randint(size // 4, size)
    if kind == "calendar-x":  # outside every event: every event must survive it
        lines = _lines(data)
        at = 1 + min(2, len(lines) - 1)
        lines.insert(at, b"X-JUNK:" + b"j" * n + _eol(data))
        return _join(lines), f"calendar-level X- line of {n} bytes"
    new = {
        "summary": [b"SUMMARY:Interview " + b"x" * n],
        "escapes": [b"DESCRIPTION:" + b"\\n\\," * (n // 4)],
        "params": [b"ATTENDEE" + b";X-P=1" * (n // 6) + b":mailto:p@params.example"],
        "folded": [b"DESCRIPTION:" + b"f" * 60] + [b" " + b"f" * 74] * (n // 75),
        "no-colon": [b"Q" * n],
        "attendees": [b"ATTENDEE;CN=P%d:mailto:p%d@many.example" % (k, k) for k in range(n // 400)],
    }[kind]
    mutated, at = _in_event(rng, data, new)
    return mutated, f"{kind} of {n} bytes at line {at + 1}"


NON_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3", b"\xed\xa0\x80", b"\x80\x81", b"\xc0\xaf", b"\x00", b"\xf4\x90\x80\x80"]


def non_utf8(rng, data, size):
    choice = rng.random()
    if choice < 0.15:
        enc = rng.choice(["utf-16", "utf-16-be", "latin-1", "cp1252"])
        return data.decode("utf-8", "replace").encode(enc, "replace"), f"whole file in {enc}"
    lines = _lines(data)
    i = rng.randrange(len(lines))
    line = lines[i]
    at = rng.randint(0, len(line.rstrip(b"\r")))
    junk = rng.choice(NON_UTF8)
    lines[i] = line[:at] + junk + line[at:]
    return _join(lines), f"{junk!r} at line {i + 1} column {at}"


ODD_ADDRESSES = [
    b"mailto:\x00@x.example", b"mailto:a@b@c.example", b"mailto:", b"", b"MAILTO:", b"mailto:<evil@x.example>",
    b"mailto:%0d%0aBcc:x@y.example", b'mailto:"a b"@x.example', b"mailto:a@x.example,b@y.example",
    b"mailto:a@x.example?subject=hi", b"mailto:" + b"a" * 300 + b"@x.example", b"mailto:ana.lima@acme.example",
    b"mailto:" + ME.encode(), b"mailto:x@[127.0.0.1]", b"urn:uuid:1234", b"mailto:\xc3\xbcser@ex\xc3\xa4mple.com",
    b"mailto:a@x.example\xc2\x85Bcc:b@y.example", b"tel:+15550100", b"mailto:a@x.example\x1b[2J",
    b"mailto:=?utf-8?q?a=0d=0aBcc=3a_x=40y.example?=@x.example", b"mailto:@", b"mailto:a@", b"mailto:@x.example",
]


def odd_mailto(rng, data, size):
    address = rng.choice(ODD_ADDRESSES)
    if rng.random() < 0.5:
        lines, i = _pick_line(rng, data, rb"(ATTENDEE|ORGANIZER)[;:]")
        if i is not None:
            line = lines[i]
            eol = b"\r" if line.endswith(b"\r") else b""
            params = line.rstrip(b"\r").split(b":mailto:", 1)[0] if b":mailto:" in line.lower() else line.split(b":")[0]
            lines[i] = params + b":" + address + eol
            return _join(lines), f"line {i + 1} address {address[:50]!r}"
    mutated, at = _in_event(rng, data, [b"ATTENDEE;CN=Odd Person:" + address])
    return mutated, f"attendee {address[:50]!r} at line {at + 1}"


CRAFTED_CNS = [
    b"Eve^nBcc: victim@evil.example", b"\"Eve^'\";ROLE=CHAIR;X-EVIL=1", b"Eve^';PARTSTAT=DECLINED",
    b"^n^n^n", b"Eve^^n", b"\"^'^'^'\"", b"Eve^", b"Eve^x", b"Mallory^nSubject: pwned^n^nbody",
    b"\"Eve\xc2\x85Bcc: x@y.example\"", b"\"Eve^n:mailto:evil@evil.example\"", b"=?utf-8?b?RXZlDQpCY2M6IHhAeS5leGFtcGxl?=",
    b"\"Ana Lima^nTo: everyone@acme.example\";PARTSTAT=ACCEPTED", b"\"Sam^'; DROP TABLE messages;--\"",
]


def cn_6868(rng, data, size):
    cn = rng.choice(CRAFTED_CNS)
    prop = rng.choice([b"ATTENDEE", b"ORGANIZER"])
    mutated, at = _in_event(rng, data, [prop + b";CN=" + cn + b":mailto:eve@evil.example"])
    return mutated, f"{prop.decode()} CN {cn[:50]!r} at line {at + 1}"


def unclosed(rng, data, size):
    name = rng.choice([b"VTODO", b"VTODO", b"VALARM", b"VEVENT", b"VTIMEZONE", b"VJOURNAL", b"X-THING",
                       b"VCALENDAR", b"END:VTODO"])
    line = name if name.startswith(b"END:") else b"BEGIN:" + name
    lines = _lines(data)
    at = rng.randint(1, max(1, len(lines) - 2))
    lines.insert(at, line + _eol(data))
    return _join(lines), f"{line.decode()} never closed, at line {at + 1}"


def two_organizers(rng, data, size):
    other = rng.choice([b";CN=Other:mailto:other@evil.example", b":mailto:" + ME.encode(),
                        b":mailto:sam.lee@acme.example", b";CN=Nobody:", b":"])
    mutated, at = _in_event(rng, data, [b"ORGANIZER" + other])
    return mutated, f"second ORGANIZER{other[:40]!r} at line {at + 1}"


LINE_BREAKERS = ["\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x1e", "\r"]


def line_separators(rng, data, size):
    char = rng.choice(LINE_BREAKERS).encode("utf-8")
    target = rng.choice([
        b"SUMMARY:Interview with Acme" + char + b"Bcc: victim@evil.example",
        b"ATTENDEE;CN=Nel Person;ROLE=REQ" + char + b"-PARTICIPANT:mailto:nel@acme.example",
        b"ATTENDEE;CN=Nel" + char + b"Person:mailto:nel@acme.example",
        b"SUMMARY:Phone screen" + char + b"END:VEVENT",
        b"DESCRIPTION:Role: Engineer" + char + b"Role: Evil",
    ])
    mutated, at = _in_event(rng, data, [target])
    return mutated, f"{char!r} in {target[:30]!r} at line {at + 1}"


TITLES = [
    b"Interview with \x1b[31mAcme\x1b[0m", b"\x1b]0;pwned\x07Interview with Acme", b"Interview \\nwith\\, Acme\\;",
    b"Interview with Acme\\", b"\\x41\\u0041 interview", b"Interview \xc2\x9b31m Acme", b"\x1b[2J\x1b[3J\x1b[H Onsite",
    b"Onsite \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", b"Interview \\\\n\\N\\r\\t with Acme",
    b"Interview with \xe2\x80\xaeemcA", b"Interview with Acme\x07\x08\x08\x08",
]


def title_escapes(rng, data, size):
    title = rng.choice(TITLES)
    lines, i = _pick_line(rng, data, rb"SUMMARY[;:]")
    if i is not None and rng.random() < 0.7:
        eol = b"\r" if lines[i].endswith(b"\r") else b""
        lines[i] = b"SUMMARY:" + title + eol
        return _join(lines), f"line {i + 1} title {title!r}"
    mutated, at = _in_event(rng, data, [b"SUMMARY:" + title])
    return mutated, f"second SUMMARY {title!r} at line {at + 1}"


# ---- line-level mutations: what exports, editors and mail gateways do to lines -----------

def trailing_blanks(rng, data, size):
    """Blanks after some lines: component lines (BEGIN/END) half of the time."""
    lines = _lines(data)
    control = [i for i, line in enumerate(lines) if re.match(rb"(?i)(BEGIN|END):", line)]
    blank = rng.choice([b" ", b"\t", b"  ", b" \t "])
    picked = (rng.sample(control, min(len(control), rng.randint(1, 4))) if control and rng.random() < 0.5
              else rng.sample(range(len(lines)), min(len(lines), rng.randint(1, 6))))
    for i in picked:
        eol = b"\r" if lines[i].endswith(b"\r") else b""
        lines[i] = lines[i].rstrip(b"\r") + blank + eol
    return _join(lines), f"{blank!r} after {len(picked)} lines (first line {min(picked) + 1})"


LINE_ENDS = [b"\n", b"\r\n", b"\n\r", b"\r\r\n", b"\r", b"\r\n\r\n"]


def line_endings(rng, data, size):
    """Every line end rewritten (one kind, or a mix line by line)."""
    lines = re.split(rb"\r?\n", data)
    if rng.random() < 0.5:
        end = rng.choice(LINE_ENDS)
        return end.join(lines), f"line ends {end!r}"
    kinds = rng.sample(LINE_ENDS, 2)
    out = b"".join(line + rng.choice(kinds) for line in lines[:-1]) + lines[-1]
    return out, f"line ends mixed {kinds[0]!r} and {kinds[1]!r}"


def fold_inside_character(rng, data, size):
    """Lines holding non-ASCII text folded in the middle of a multi-byte character."""
    lines = _lines(data)
    wide = [i for i, line in enumerate(lines) if re.search(rb"[\xc2-\xf4][\x80-\xbf]", line)]
    if not wide:
        return data, "no line with a multi-byte character"
    done = 0
    for i in rng.sample(wide, min(len(wide), rng.randint(1, 3))):
        line = lines[i]
        cuts = [m.start() + 1 for m in re.finditer(rb"[\xc2-\xf4](?=[\x80-\xbf])", line)]
        at = rng.choice(cuts)
        eol = b"\r" if line.endswith(b"\r") else b""
        lines[i] = line[:at] + eol + b"\n " + line[at:]
        done += 1
    return _join(lines), f"{done} lines folded inside a character"


BOM = b"\xef\xbb\xbf"


def byte_order_mark(rng, data, size):
    where = rng.choice(["start", "twice", "line"])
    if where == "start":
        return BOM + data, "a byte order mark at the start"
    if where == "twice":
        return BOM + BOM + data, "two byte order marks at the start"
    lines = _lines(data)
    starts = [i for i, line in enumerate(lines) if line.upper().startswith(b"BEGIN:VEVENT")] or [0]
    i = rng.choice(starts)
    lines[i] = BOM + lines[i]
    return _join(lines), f"a byte order mark at the start of line {i + 1}"


def single_twice(rng, data, size):
    """A property an event may hold once (UID, DTSTART, DTEND, DURATION) given twice."""
    lines, i = _pick_line(rng, data, rb"(UID|DTSTART|DTEND|DURATION)[;:]")
    if i is None:
        return data, "no single property"
    line = lines[i]
    eol = b"\r" if line.endswith(b"\r") else b""
    name = re.match(rb"(?i)[A-Z-]+", line).group().upper()
    other = {b"UID": b"UID:second-uid@evil.example", b"DTSTART": b"DTSTART:20261109T120000Z",
             b"DTEND": b"DTEND:20261109T230000Z", b"DURATION": b"DURATION:PT2H"}[name]
    copy = line if rng.random() < 0.5 else other + eol
    lines.insert(i + rng.choice([0, 1]), copy)
    return _join(lines), f"line {i + 1} {name.decode()} given twice ({copy[:40]!r})"


FAR_UNTILS = [b"99991231T235959Z", b"99991231T235959", b"99991231", b"99991231T000000Z"]


def far_until(rng, data, size):
    """An RRULE whose UNTIL is the last moment of year 9999."""
    until = rng.choice(FAR_UNTILS)
    lines, i = _pick_line(rng, data, rb"RRULE[;:]")
    if i is not None and rng.random() < 0.6:
        line = lines[i]
        eol = b"\r" if line.endswith(b"\r") else b""
        rule = re.sub(rb";?(UNTIL|COUNT)=[^;\r]*", b"", line.rstrip(b"\r"))
        lines[i] = rule + b";UNTIL=" + until + eol
        return _join(lines), f"line {i + 1} UNTIL={until.decode()}"
    mutated, at = _in_event(rng, data, [b"RRULE:FREQ=WEEKLY;UNTIL=" + until])
    return mutated, f"RRULE UNTIL={until.decode()} at line {at + 1}"


# ---- floods and odd components next to the good events --------------------------------

def _noise_event(k: int, day: str, eol: bytes) -> bytes:
    lines = [b"BEGIN:VEVENT", b"UID:flood-%d@noise.example" % k, b"DTSTAMP:20260101T000000Z",
             b"DTSTART:%sT%02d0000Z" % (day.encode(), k % 24), b"DTEND:%sT%02d3000Z" % (day.encode(), k % 24),
             b"SUMMARY:Meeting %d" % k, b"END:VEVENT"]
    return b"\n".join(line + eol for line in lines)


def event_flood(rng, data, size):
    """Many small events (in the window or far from it) before END:VCALENDAR."""
    n = min(rng.choice([500, 2_000, 10_000]), max(50, size // 100))
    near = rng.random() < 0.5
    eol = _eol(data)
    days = ["202611%02d" % rng.randint(1, 28) if near else "20%02d%02d%02d" % (rng.randint(10, 24), rng.randint(1, 12),
                                                                               rng.randint(1, 28)) for _ in range(50)]
    flood = b"\n".join(_noise_event(k, days[k % len(days)], eol) for k in range(n)) + b"\n"
    at = data.upper().rfind(b"END:VCALENDAR")
    at = len(data) if at < 0 else at
    return data[:at] + flood + data[at:], f"{n} events {'in' if near else 'far from'} the window"


def valarm_flood(rng, data, size):
    """One event holding thousands of VALARMs."""
    n = min(rng.choice([1_000, 10_000, 50_000]), max(50, size // 20))
    alarm = [b"BEGIN:VALARM", b"ACTION:DISPLAY", b"TRIGGER:-PT15M", b"DESCRIPTION:Reminder", b"END:VALARM"]
    mutated, at = _in_event(rng, data, alarm * n)
    return mutated, f"{n} VALARMs at line {at + 1}"


ODD_ZONES = [
    [b"BEGIN:VTIMEZONE", b"TZID:Odd/NoRules", b"END:VTIMEZONE"],
    [b"BEGIN:VTIMEZONE", b"TZID:Odd/Huge", b"BEGIN:STANDARD", b"DTSTART:19700101T000000",
     b"TZOFFSETFROM:+9900", b"TZOFFSETTO:-9900", b"END:STANDARD", b"END:VTIMEZONE"],
    [b"BEGIN:VTIMEZONE", b"TZID:Odd/Broken", b"BEGIN:STANDARD", b"DTSTART:notadate", b"TZOFFSETFROM:+0100",
     b"TZOFFSETTO:+0100", b"RRULE:FREQ=SECONDLY", b"END:STANDARD", b"END:VTIMEZONE"],
    [b"BEGIN:VTIMEZONE", b"TZID:Odd/Many", *[b"BEGIN:DAYLIGHT", b"DTSTART:19700329T020000", b"TZOFFSETFROM:+0100",
                                             b"TZOFFSETTO:+0200", b"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                                             b"END:DAYLIGHT"] * 300, b"END:VTIMEZONE"],
]


def odd_vtimezone(rng, data, size):
    """A VTIMEZONE no event uses, of an odd make (no rules, huge offsets, a bad date, hundreds of rules)."""
    zone = rng.choice(ODD_ZONES)
    lines = _lines(data)
    at = 1 + min(2, len(lines) - 1)
    eol = _eol(data)
    lines[at:at] = [line + eol for line in zone]
    return _join(lines), f"VTIMEZONE {zone[1][5:].decode()} at line {at + 1}"


def orphan_override(rng, data, size):
    """Overrides (RECURRENCE-ID) whose series is not in the file."""
    eol = _eol(data)
    n = rng.choice([1, 10, 200])
    blocks = []
    for k in range(n):
        blocks += [b"BEGIN:VEVENT", b"UID:orphan-%d@noise.example" % (k % 3), b"DTSTAMP:20260101T000000Z",
                   b"RECURRENCE-ID:202611%02dT100000Z" % (1 + k % 28), b"DTSTART:202611%02dT110000Z" % (1 + k % 28),
                   b"DTEND:202611%02dT120000Z" % (1 + k % 28), b"SUMMARY:Moved meeting", b"END:VEVENT"]
    lines = _lines(data)
    spans = _event_spans(lines)
    at = rng.choice([s[1] + 1 for s in spans]) if spans else len(lines) - 1
    lines[at:at] = [line + eol for line in blocks]
    return _join(lines), f"{n} orphan overrides at line {at + 1}"


#: the mutations above that keep every event's content: an event they reach is still intact
LINE_LEVEL = ("trailing_blanks", "line_endings", "fold_inside_character", "byte_order_mark")

MUTATIONS = {
    "trailing_blanks": trailing_blanks, "line_endings": line_endings,
    "fold_inside_character": fold_inside_character, "byte_order_mark": byte_order_mark,
    "single_twice": single_twice, "far_until": far_until,
    "event_flood": event_flood, "valarm_flood": valarm_flood, "odd_vtimezone": odd_vtimezone,
    "orphan_override": orphan_override,
    "truncate": truncate, "delete_line": delete_line, "duplicate_line": duplicate_line, "swap_lines": swap_lines,
    "invalid_date": invalid_date, "unknown_tzid": unknown_tzid, "huge_line": huge_line, "non_utf8": non_utf8,
    "odd_mailto": odd_mailto, "cn_6868": cn_6868, "unclosed": unclosed, "two_organizers": two_organizers,
    "line_separators": line_separators, "title_escapes": title_escapes,
}


def mutate(rng, data: bytes, *, size: int = 200_000, rounds: int = 1, kinds=None) -> tuple[bytes, list[str]]:
    """``data`` after ``rounds`` random mutations; returns it and what was done."""
    done = []
    for _ in range(rounds):
        kind = rng.choice(sorted(kinds or MUTATIONS))
        data, what = MUTATIONS[kind](rng, data, size)
        done.append(f"{kind}: {what}")
    return data, done


# ---- which events a mutation left alone ----------------------------------------------

def _structure(data: bytes):
    """Top-level VEVENT and VTIMEZONE blocks (bytes), UID lines, X-WR-TIMEZONE values.

    A block counts only when it sits directly inside a VCALENDAR that begins at
    depth 0: an event swallowed by an unclosed component is not top level."""
    lines = data.split(b"\n")
    stack: list[bytes] = []
    events, zones, uid_lines, xwr = [], [], [], set()
    start = None
    for i, raw in enumerate(lines):
        text = raw.strip().upper()
        if text.startswith(b"BEGIN:"):
            name = text[6:]
            if len(stack) == 1 and stack[0] == b"VCALENDAR" and name in (b"VEVENT", b"VTIMEZONE"):
                start = i
            stack.append(name)
        elif text.startswith(b"END:"):
            name = text[4:]
            if stack and stack[-1] == name:
                stack.pop()
                if len(stack) == 1 and stack[0] == b"VCALENDAR" and start is not None and name in (b"VEVENT", b"VTIMEZONE"):
                    block = b"\n".join(lines[start:i + 1]).rstrip(b"\r")
                    (events if name == b"VEVENT" else zones).append(block)
                    start = None
            else:
                start = None  # a stray END: whatever it closes, nothing here is clean
                if name in stack:
                    while stack and stack.pop() != name:
                        pass
        elif text.startswith(b"UID:"):
            uid_lines.append(raw.strip()[4:])
        elif len(stack) == 1 and text.startswith(b"X-WR-TIMEZONE"):
            xwr.add(raw.strip())
    return events, zones, uid_lines, xwr


def _uid(block: bytes) -> bytes:
    for line in block.split(b"\n"):
        if line.strip().upper().startswith(b"UID:"):
            return line.strip()[4:]
    return b""


def canonical(data: bytes) -> bytes:
    """``data`` as its content: line ends, folds, byte order marks at line starts and
    blanks at line ends do not count (the line-level mutations change only those)."""
    data = data.lstrip(BOM)
    data = re.sub(rb"\n(?:\xef\xbb\xbf)+", b"\n", data)
    data = re.sub(rb"[\r\n]+", b"\n", data)
    data = re.sub(rb"\n[ \t]", b"", data)
    return b"\n".join(line.rstrip(b" \t") for line in data.split(b"\n"))


def untouched_uids(original: bytes, mutated: bytes) -> set[str]:
    """UIDs the mutation did not touch: each of their top-level VEVENTs is still there,
    with the same content (``canonical``) and at the top level; no other line claims
    their UID; and the VTIMEZONEs and ``X-WR-TIMEZONE`` they may depend on are unchanged."""
    events, zones, _, xwr = _structure(canonical(original))
    m_events, m_zones, m_uids, m_xwr = _structure(canonical(mutated))
    if xwr != m_xwr:
        return set()
    zones_ok = all(z in m_zones for z in zones)
    by_uid: dict[bytes, list[bytes]] = {}
    for block in events:
        by_uid.setdefault(_uid(block), []).append(block)
    kept = set()
    for uid, blocks in by_uid.items():
        if not uid or not all(b in m_events for b in blocks):
            continue
        if not zones_ok and any(b"TZID=" in b.upper() for b in blocks):
            continue
        present = sum(1 for b in m_events if b in blocks)
        if m_uids.count(uid) != present:
            continue
        kept.add(uid.decode("utf-8", "replace"))
    return kept


def interview_uids(outcome: Outcome) -> set[str] | None:
    """UIDs ``scan --json`` took as interviews (None when it printed no JSON)."""
    report = outcome.json()
    if not isinstance(report, dict):
        return None
    return {e["uid"] for e in report.get("events", []) if e.get("interview")}
