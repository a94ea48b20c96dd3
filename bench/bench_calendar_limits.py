"""Hostile calendars against ``[limits]`` (issue 14). Prints figures; asserts nothing.

Each case is a calendar holding one good interview next to something a stranger
could put there. ``mailflow scan --json`` runs on it in a fresh process under a
memory and time limit; the table shows its exit code, wall time, peak RSS (of
that process alone), whether the good interview was found, and the first warning
or error. ``--naive`` adds what icalendar + recurring-ical-events on the whole
file cost (the parser mailflow used before; some cases are killed at the limit).

    nice python3 bench/bench_calendar_limits.py [--naive] [--timeout 120] [--memory-mb 2048]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calendar_runs import MAILFLOW, NAIVE, run, write_home, xdg  # noqa: E402

NOW = "2026-11-10T18:00"  # New York time
GOOD = ("BEGIN:VEVENT\r\nUID:good-1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20261109T150000Z\r\n"
        "DTEND:20261109T160000Z\r\nSUMMARY:Interview with Acme\r\nORGANIZER;CN=Ana Lima:mailto:ana@acme.example\r\n"
        "ATTENDEE;CN=Ana Lima:mailto:ana@acme.example\r\nATTENDEE:mailto:me@bench.example\r\nEND:VEVENT\r\n")
HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n"
TAIL = "END:VCALENDAR\r\n"


def evil(rule: str, start: str = "20261102T150000Z", extra: str = "") -> str:
    return (f"BEGIN:VEVENT\r\nUID:evil\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{start}\r\nDURATION:PT1H\r\n"
            f"RRULE:{rule}\r\nSUMMARY:Interview with Evil\r\n{extra}END:VEVENT\r\n")


def _flood(count: int) -> str:
    return "".join(f"BEGIN:VEVENT\r\nUID:flood-{n}\r\nDTSTART:202611{1 + n % 14:02d}T{n % 24:02d}0000Z\r\n"
                   f"DURATION:PT30M\r\nSUMMARY:Flood {n}\r\nEND:VEVENT\r\n" for n in range(count))


def _old_events(count: int) -> str:
    return "".join(f"BEGIN:VEVENT\r\nUID:old-{n}\r\nDTSTART:2019{1 + n % 12:02d}10T150000Z\r\nDURATION:PT1H\r\n"
                   f"SUMMARY:Old meeting {n}\r\nDESCRIPTION:{'notes ' * 40}\r\nEND:VEVENT\r\n" for n in range(count))


#: (name, what goes beside the good interview, extra config); built only when written
CASES = [
    ("RRULE FREQ=SECONDLY, no end", lambda: evil("FREQ=SECONDLY"), ""),
    ("RRULE FREQ=MINUTELY, no end", lambda: evil("FREQ=MINUTELY"), ""),
    ("RRULE FREQ=DAILY;INTERVAL=0", lambda: evil("FREQ=DAILY;INTERVAL=0"), ""),
    ("RRULE FREQ=DAILY;COUNT=10^9", lambda: evil("FREQ=DAILY;COUNT=1000000000"), ""),
    ("  the same, from the year 1", lambda: evil("FREQ=DAILY;COUNT=1000000000", start="00010101T150000Z"), ""),
    ("RRULE never matching (30 February)", lambda: evil("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"), ""),
    ("10,000 attendees on a daily series", lambda: evil("FREQ=DAILY", extra="".join(
        f"ATTENDEE;CN=Person {n}:mailto:p{n}@many.example\r\n" for n in range(10_000))), ""),
    ("one 20 MB DESCRIPTION", lambda: "BEGIN:VEVENT\r\nUID:big\r\nDTSTART:20261108T150000Z\r\n"
     "SUMMARY:Interview big\r\nDESCRIPTION:" + "x" * 20_000_000 + "\r\nEND:VEVENT\r\n", ""),
    ("20,000 events in the window", lambda: _flood(20_000), ""),
    ("60,000 events in the window", lambda: _flood(60_000), ""),
    ("5 MB of binary junk around the events", lambda: os.urandom(5_000_000), ""),
    ("a 50 MB file ([limits] calendar_mb = 32)", lambda: _old_events(165_000), ""),
    ("  the same with calendar_mb = 64", lambda: _old_events(165_000), "\n[limits]\ncalendar_mb = 64\n"),
]


def write_cases(root: Path) -> None:
    """``case-N.ics`` in ``root`` for each of ``CASES`` (run in a child: the bench stays small)."""
    for n, (_, build, _) in enumerate(CASES):
        body = build()
        if isinstance(body, bytes):  # junk on both sides of the good interview
            data = HEAD.encode() + body + b"\r\n" + GOOD.encode() + body + TAIL.encode()
        else:
            data = (HEAD + GOOD + body + TAIL).encode()
        (root / f"case-{n}.ics").write_bytes(data)


def summary(outcome) -> tuple[str, str]:
    """(found the good interview, first warning or problem) of a scan."""
    try:
        report = json.loads(outcome.stdout)
    except ValueError:
        return "?", (outcome.stderr.strip().splitlines() or ["no output"])[-1][:90]
    found = "yes" if any(e["uid"] == "good-1" and e["interview"] for e in report["events"]) else "no"
    said = [p["message"] for p in report.get("problems", [])] + report.get("warnings", [])
    return found, (said[0][:110] if said else "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--naive", action="store_true", help="also time icalendar + recurring-ical-events")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--memory-mb", type=int, default=2048)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        done = run(f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
                   f"from bench_calendar_limits import write_cases; from pathlib import Path; "
                   f"write_cases(Path({str(root)!r}))", cwd=root, timeout=600)
        assert done.exit == 0, done.stderr
        print(f"limits per process: {args.memory_mb} MB address space, {args.timeout:g} s; mailflow's defaults "
              "otherwise ([limits] calendar_mb 32, occurrences 500, attendees 200, parse_seconds 60)\n")
        header = f"{'case':42} {'size MB':>7} {'exit':>4} {'seconds':>7} {'peak MB':>7} good  first warning / error"
        if args.naive:
            header += "  | naive: seconds, peak MB"
        print(header)
        for n, (name, _, extra) in enumerate(CASES):
            path = root / f"case-{n}.ics"
            home = root / path.stem
            config = write_home(home, str(path), extra)
            outcome = run(MAILFLOW, "--config", str(config), "scan", "--json", "--now", NOW, cwd=home,
                          env=xdg(home), memory_mb=args.memory_mb, timeout=args.timeout)
            found, said = summary(outcome)
            exit_code = "kill" if outcome.exit is None else str(outcome.exit)
            line = (f"{name:42} {path.stat().st_size / 1e6:7.1f} {exit_code:>4} {outcome.seconds:7.2f} "
                    f"{outcome.peak_mb:7.0f} {found:4}  {said}")
            if args.naive:
                naive = run(NAIVE, str(path), "2026-10-20T00:00:00+00:00", "2026-12-17T00:00:00+00:00", cwd=home,
                            memory_mb=args.memory_mb, timeout=args.timeout)
                state = "killed" if naive.exit is None else ("ok" if naive.exit == 0 else "error")
                line += f"  | {state} {naive.seconds:.1f} s, {naive.peak_mb:.0f} MB"
            print(line, flush=True)


if __name__ == "__main__":
    main()
