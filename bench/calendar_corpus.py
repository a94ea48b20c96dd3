"""A large, realistic calendar for the calendar benches: five years of a working
life as Google Calendar exports it (X-WR-TIMEZONE, a VTIMEZONE, DTSTAMP on every
event, folded descriptions, alarms), ~20,000 single events, ~200 weekly series
with EXDATEs and RECURRENCE-ID overrides (some moved into the window, some out of
it), all-day and floating events, and ~30 interviews around ``NOW``.

    python3 bench/calendar_corpus.py OUT.ics [--singles 20000] [--stamp 20261125T180000Z] [--add far|near ...]

``--stamp`` is every DTSTAMP (a new download from Google); ``--add`` appends one
event two years before ``NOW`` (far) or two days after it (near).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

NOW = datetime(2026, 11, 25, 18, tzinfo=timezone.utc)
ZONE = ZoneInfo("America/New_York")
_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:America/New_York
X-LIC-LOCATION:America/New_York
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE"""
_WORDS = ("planning review sync budget roadmap design retro hiring launch quarterly offsite "
          "customer partner training dentist gym dinner flight school pickup").split()


def _fold(line: str) -> list[str]:
    out = [line[:75]]
    rest = line[75:]
    while rest:
        out.append(" " + rest[:74])
        rest = rest[74:]
    return out


def _local(t: datetime) -> str:
    return t.astimezone(ZONE).strftime("%Y%m%dT%H%M%S")


def _utc(t: datetime) -> str:
    return t.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def calendar(singles: int = 20000, series: int = 200, interviews: int = 30, *, seed: int = 7,
             stamp: str = "20261125T180000Z", years: float = 5) -> str:
    """The calendar's text; ``stamp`` is every DTSTAMP (Google rewrites them on each download);
    ``years`` of events end half a year after ``NOW``."""
    rng = random.Random(seed)
    lines = ["BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:me@bench.example",
             "X-WR-TIMEZONE:America/New_York", *_VTIMEZONE.splitlines()]

    def event(uid, start, end, summary, *, extra=(), all_day=False, floating=False, attendees=0, alarm=False):
        stamp_of = start if isinstance(start, datetime) else datetime(start.year, start.month, start.day)
        stamp_of = stamp_of if stamp_of.tzinfo else stamp_of.replace(tzinfo=timezone.utc)
        if all_day:
            when = [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}"]
        elif floating:
            when = [f"DTSTART:{start:%Y%m%dT%H%M%S}", f"DTEND:{end:%Y%m%dT%H%M%S}"]
        elif rng.random() < 0.8:
            when = [f"DTSTART;TZID=America/New_York:{_local(start)}", f"DTEND;TZID=America/New_York:{_local(end)}"]
        else:
            when = [f"DTSTART:{_utc(start)}", f"DTEND:{_utc(end)}"]
        out = ["BEGIN:VEVENT", *when, f"DTSTAMP:{stamp}", f"UID:{uid}", *extra,
               f"CREATED:{_utc(stamp_of - timedelta(days=20))}",
               *_fold("DESCRIPTION:" + " ".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 40)))),
               f"LAST-MODIFIED:{_utc(stamp_of - timedelta(days=3))}", f"LOCATION:Room {rng.randint(1, 40)}",
               "SEQUENCE:0", "STATUS:CONFIRMED", f"SUMMARY:{summary}", "TRANSP:OPAQUE"]
        for j in range(attendees):
            out += _fold(f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=Colleague {j};"
                         f"X-NUM-GUESTS=0:mailto:colleague{j}@work.example")
        if alarm:
            out += ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:This is an event reminder",
                    "TRIGGER:-P0DT0H10M0S", "END:VALARM"]
        out.append("END:VEVENT")
        return out

    begin = NOW - timedelta(days=int((years - 0.5) * 365))
    for i in range(singles):
        start = (begin + timedelta(days=rng.randint(0, int(years * 365)))).replace(hour=rng.randint(12, 23), minute=0)
        kind = rng.random()
        if kind < 0.04:
            day = start.date()
            lines += event(f"single-{i}@google.com", day, day + timedelta(days=1), f"Day off {i}", all_day=True)
        elif kind < 0.06:
            lines += event(f"single-{i}@google.com", start.replace(tzinfo=None),
                           start.replace(tzinfo=None) + timedelta(hours=1), f"Floating {i}", floating=True)
        else:
            lines += event(f"single-{i}@google.com", start, start + timedelta(minutes=rng.choice((30, 60, 90))),
                           f"{rng.choice(_WORDS).title()} {i}", attendees=rng.choice((0, 0, 1, 3)),
                           alarm=rng.random() < 0.3)
    for i in range(series):
        first = (NOW - timedelta(days=rng.randint(30, max(31, int((years - 1) * 365))))).replace(
            hour=rng.randint(13, 21), minute=0)
        rule = "RRULE:FREQ=WEEKLY"
        if i % 10 == 0:
            rule += f";UNTIL={_utc(first + timedelta(weeks=rng.randint(5, 100)))}"
        elif i % 10 == 1:
            rule += f";COUNT={rng.randint(5, 300)}"
        exdates = [first + timedelta(weeks=rng.randint(1, 150)) for _ in range(rng.randint(0, 4))]
        extra = [rule] + [f"EXDATE;TZID=America/New_York:{_local(x)}" for x in exdates]
        uid = f"series-{i}@google.com"
        lines += event(uid, first, first + timedelta(minutes=30), f"Standup {i}", extra=extra, attendees=3)
        weeks_to_now = max(1, int((NOW - first).days / 7))
        for k in range(rng.randint(0, 3)):
            n = rng.choice((rng.randint(1, weeks_to_now), weeks_to_now + rng.randint(-2, 3)))
            original = first + timedelta(weeks=n)
            moved = original + timedelta(days=rng.choice((-20, -1, 1, 2, 20)), hours=1)
            lines += event(uid, moved, moved + timedelta(minutes=30), f"Standup {i} (moved)",
                           extra=[f"RECURRENCE-ID;TZID=America/New_York:{_local(original)}"], attendees=3)
    for i in range(interviews):
        start = (NOW + timedelta(days=rng.randint(-14, 20))).replace(hour=rng.randint(14, 21), minute=0)
        lines += event(f"iv-{i}@google.com", start, start + timedelta(hours=1), f"Interview with Company{i}",
                       extra=[f"ORGANIZER;CN=Recruiter {i}:mailto:rec@company{i}.example",
                              "ATTENDEE;CN=Me;PARTSTAT=ACCEPTED:mailto:me@bench.example",
                              *[f"ATTENDEE;CN=Person {j} Number{i};PARTSTAT=ACCEPTED:mailto:p{j}@company{i}.example"
                                for j in range(3)]])
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def added(where: str, stamp: str) -> str:
    start = NOW + (timedelta(days=2) if where == "near" else -timedelta(days=730))
    return "\r\n".join(["BEGIN:VEVENT", f"UID:added-{where}@google.com", f"DTSTAMP:{stamp}",
                         f"DTSTART:{_utc(start)}", f"DTEND:{_utc(start + timedelta(hours=1))}",
                         f"SUMMARY:Interview with Added{where.title()}",
                         "ORGANIZER:mailto:rec@added.example", "ATTENDEE:mailto:me@bench.example",
                         "ATTENDEE;CN=Ann Added:mailto:ann@added.example", "END:VEVENT"]) + "\r\n"


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--singles", type=int, default=20000)
    parser.add_argument("--stamp", default="20261125T180000Z")
    parser.add_argument("--add", action="append", choices=("far", "near"), default=[])
    parser.add_argument("--years", type=float, default=5)
    args = parser.parse_args()
    text = calendar(args.singles, stamp=args.stamp, years=args.years)
    extra = "".join(added(where, args.stamp) for where in args.add)
    text = text[:-len("END:VCALENDAR\r\n")] + extra + "END:VCALENDAR\r\n"
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        out.write(text)


if __name__ == "__main__":
    main()
