"""Speed and memory of `mailflow run` on a large calendar. Prints figures; asserts nothing.

The calendar holds years of unrelated events (the typical load PRODUCT.md names) plus a
realistic number of interviews; the run writes thank-you drafts into a Maildir.

    .venv/bin/python bench/bench_run.py [--events 20000] [--interviews 30]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def calendar(events: int, interviews: int, now: datetime) -> str:
    rng = random.Random(7)
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"]
    fmt = "%Y%m%dT%H%M%SZ"
    for i in range(events):
        start = now - timedelta(days=rng.randint(0, 5 * 365), hours=rng.randint(0, 23))
        out += ["BEGIN:VEVENT", f"UID:noise-{i}", f"DTSTART:{start:{fmt}}",
                f"DTEND:{start + timedelta(hours=1):{fmt}}", f"SUMMARY:Meeting {i}", "END:VEVENT"]
    for i in range(200):  # recurring series: standups, gym, 1:1s
        start = now - timedelta(days=rng.randint(30, 3 * 365))
        out += ["BEGIN:VEVENT", f"UID:series-{i}", f"DTSTART:{start:{fmt}}",
                f"DTEND:{start + timedelta(minutes=30):{fmt}}", "RRULE:FREQ=WEEKLY", f"SUMMARY:Standup {i}", "END:VEVENT"]
    for i in range(interviews):
        start = now - timedelta(days=rng.randint(1, 6), hours=rng.randint(1, 8))
        out += ["BEGIN:VEVENT", f"UID:iv-{i}", f"DTSTART:{start:{fmt}}", f"DTEND:{start + timedelta(hours=1):{fmt}}",
                f"SUMMARY:Interview with Company{i}", f"ORGANIZER;CN=Recruiter {i}:mailto:rec@company{i}.example",
                "ATTENDEE:mailto:me@bench.example",
                *[f"ATTENDEE;CN=Person {j} Number{i}:mailto:p{j}@company{i}.example" for j in range(3)],
                "END:VEVENT"]
    out.append("END:VCALENDAR")
    return "\r\n".join(out) + "\r\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--interviews", type=int, default=30)
    args = parser.parse_args()
    now = datetime(2026, 11, 25, 18, tzinfo=timezone.utc)

    from mailflow.calendars.ics import parse_events
    from mailflow.config import load
    from mailflow.commands.run import run as run_once
    from mailflow.rules.detect import detect

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        text = calendar(args.events, args.interviews, now)
        (root / "cal.ics").write_text(text)
        (root / "config.toml").write_text(
            '[profile]\nname = "Me"\nemail = "me@bench.example"\n[[calendars]]\npath = "cal.ics"\n'
            '[state]\npath = "state.db"\n[mail.maildir]\npath = "drafts"\n[policy]\ntimezone = "UTC"\n'
            '[proofread]\nwarn_only = ["spelling"]\n')
        config = load(root / "config.toml")
        print(f"calendar: {args.events} single events, 200 weekly series, {args.interviews} interviews, "
              f"{len(text) / 1e6:.1f} MB")

        t = time.perf_counter()
        result = parse_events(text, now - timedelta(days=14), now + timedelta(days=30), source="bench", zone=timezone.utc)
        parse = time.perf_counter() - t
        t = time.perf_counter()
        found = [d for d in detect(result.events, config) if d.is_interview]
        detection = time.perf_counter() - t
        print(f"parse + expand window: {parse:.2f} s ({len(result.events)} occurrences in the window)")
        print(f"detect: {detection * 1000:.1f} ms ({len(found)} interviews)")

        for label in ("first run (drafts everything)", "second run (nothing to do)"):
            t = time.perf_counter()
            report = run_once(config, now)
            elapsed = time.perf_counter() - t
            written = sum(d.written for d in report.drafts)
            print(f"{label}: {elapsed:.2f} s, {written} drafts written, exit {report.exit_code}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory (max RSS of this process): {peak:.0f} MB")


if __name__ == "__main__":
    main()
