"""What reading a timeline costs: import times and per-phrase parse times.

Run: python bench/bench_timeline.py
Each import is timed in a fresh interpreter, so earlier imports do not hide it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PHRASES = [
    "we'll decide by Friday",
    "by the 5th",
    "Dec 5",
    "12/5",
    "2026-12-05",
    "within two weeks",
    "in 48 hours",
    "tomorrow",
    "early next week",
    "end of the month",
    "mid-December",
    "a few days",
    "within 3 business days",
    "before the end of Q4",
    "soon",
]
REPEAT = 200


def import_time(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return float(out.stdout)


def main() -> None:
    for module in ("mailflow.timeline", "dateparser", "holidays"):
        print(f"import {module:<20} {import_time(module) * 1000:7.1f} ms")

    from mailflow.timeline import WorkCalendar, parse_timeline

    said_on = date(2026, 11, 3)
    cal = WorkCalendar()
    start = time.perf_counter()
    parse_timeline("in 2 weeks", said_on, cal)  # imports dateparser, loads its English data
    print(f"first dateparser call        {(time.perf_counter() - start) * 1000:7.1f} ms")
    start = time.perf_counter()
    WorkCalendar(country="US").is_business_day(said_on)
    print(f"first US holiday lookup      {(time.perf_counter() - start) * 1000:7.1f} ms")

    print(f"\nper phrase, mean of {REPEAT} (warm):")
    for phrase in PHRASES:
        start = time.perf_counter()
        for _ in range(REPEAT):
            timeline = parse_timeline(phrase, said_on, cal)
        per_call = (time.perf_counter() - start) / REPEAT
        by = timeline.by.isoformat() if timeline else "-"
        print(f"  {phrase:<26} {per_call * 1000:7.3f} ms  {by}")


if __name__ == "__main__":
    main()
