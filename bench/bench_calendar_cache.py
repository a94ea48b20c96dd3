"""What a cron run costs on a large ICS calendar (issue 15). Prints figures; asserts nothing.

One run, side by side, each step a fresh process measured alone (wall time, peak RSS):

- the naive floor: icalendar parses the whole file, recurring-ical-events expands it
  over the window a run caches (the run's window plus a week on each side);
- ``mailflow scan`` on a fresh state: the first scan;
- again on the same file: an unchanged re-scan;
- on a new download where every DTSTAMP changed (Google's export does that);
- with one event added two years ago, then one added in the window.

The calendar is bench/calendar_corpus.py's: five years, ~20,000 single events, 200
weekly series with EXDATEs and overrides, 30 interviews (~13 MB). Each step is timed
twice: the whole ``mailflow scan`` process (start-up, detection, the JSON it prints
included), and the ICS source's ``fetch`` alone in a process of its own with its own
cache (what the floor is to be compared with). Ratios are to the floor's parse +
expansion time. Then ``mailflow --help`` against ``python -c "import click"``.

    nice python3 bench/bench_calendar_cache.py [--singles 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calendar_corpus import NOW  # noqa: E402
from calendar_runs import FETCH, MAILFLOW, NAIVE, PYTHON, REPO, median, run, write_home, xdg  # noqa: E402

NOW_LOCAL = "2026-11-25T13:00"  # NOW in New York, the config's zone
LOOKBACK, LOOKAHEAD, MARGIN = timedelta(days=14), timedelta(days=30), timedelta(days=7)


def corpus(path: Path, singles: int, *options: str) -> None:
    done = run(f"import sys; sys.argv[1:] = {[str(path), '--singles', str(singles), *options]!r}; "
               "sys.path.insert(0, 'bench'); import calendar_corpus; calendar_corpus.main()", cwd=REPO)
    assert done.exit == 0, done.stderr


def interviews(stdout: str) -> str:
    try:
        return str(sum(1 for e in json.loads(stdout)["events"] if e["interview"]))
    except (ValueError, KeyError):
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--singles", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each mailflow step (median shown)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        calendar = root / "calendar.ics"
        corpus(calendar, args.singles)
        print(f"calendar: {calendar.stat().st_size / 1e6:.1f} MB, {args.singles} single events, 200 weekly "
              f"series, 30 interviews; Python {sys.version.split()[0]}\n")

        start, end = NOW - LOOKBACK - MARGIN, NOW + LOOKAHEAD + MARGIN
        floor = run(NAIVE, str(calendar), start.isoformat(), end.isoformat(), cwd=root, timeout=600)
        floor_s = float(floor.field("PARSE")) + float(floor.field("EXPAND"))
        rows = [("naive floor: parse + expand", floor_s, floor.peak_mb, floor_s, floor.peak_mb, "all",
                 floor.field("FOUND") + " occ.",
                 f"(process {floor.seconds:.1f} s; parse {floor.field('PARSE')} s, expand {floor.field('EXPAND')} s)")]

        config = write_home(root)
        env = xdg(root)
        scan = ("--config", str(config), "scan", "--json", "--now", NOW_LOCAL)
        fetch = (str(config), str(root / "fetch-cache.json"), NOW_LOCAL)

        def step(label: str, repeat: int) -> None:
            scans = [run(MAILFLOW, *scan, cwd=root, env=env) for _ in range(repeat)]
            fetches = [run(FETCH, *fetch, cwd=root, env=env) for _ in range(repeat)]
            last = scans[-1]
            assert last.exit == 0 and fetches[-1].exit == 0, (last.stderr + fetches[-1].stderr)[-2000:]
            rows.append((label, median([o.seconds for o in scans]), max(o.peak_mb for o in scans),
                         median([float(o.field("FETCH")) for o in fetches]), max(o.peak_mb for o in fetches),
                         last.field("LOADED"), interviews(last.stdout) + " interviews",
                         f"(scans {', '.join(f'{o.seconds:.2f}' for o in scans)} s)" if repeat > 1 else ""))

        step("first scan (empty state)", 1)
        step("re-scan, file unchanged", args.repeat)
        corpus(calendar, args.singles, "--stamp", "20261125T190000Z")
        step("re-scan, every DTSTAMP changed", 1)
        step("  and once more", args.repeat - 1 or 1)
        corpus(calendar, args.singles, "--stamp", "20261125T200000Z", "--add", "far")
        step("re-scan, one event added 2 years ago", 1)
        corpus(calendar, args.singles, "--stamp", "20261125T210000Z", "--add", "far", "--add", "near")
        step("re-scan, one event added in the window", 1)

        print(f"{'':42} {'mailflow scan process':^26}  {'ICS source fetch':^26}")
        print(f"{'step':42} {'seconds':>8} {'x floor':>8} {'peak MB':>8}  {'seconds':>8} {'x floor':>8} "
              f"{'peak MB':>8}  {'calendar libraries':20} found")
        for label, seconds, peak, fetch_s, fetch_peak, loaded, found, note in rows:
            print(f"{label:42} {seconds:8.2f} {seconds / floor_s:8.3f} {peak:8.0f}  {fetch_s:8.2f} "
                  f"{fetch_s / floor_s:8.3f} {fetch_peak:8.0f}  {loaded:20} {found} {note}")

        print("\nstart-up (median of 7):")
        click = median([run("import click", cwd=root).seconds for _ in range(7)])
        helps = [run(MAILFLOW, "--help", cwd=root, env=env) for _ in range(7)]
        help_s = median([o.seconds for o in helps])
        print(f"  python -c 'import click'  {click:.3f} s")
        print(f"  mailflow --help           {help_s:.3f} s  ({help_s / click:.1f}x; calendar libraries loaded: "
              f"{helps[-1].field('LOADED')}; peak {max(o.peak_mb for o in helps):.0f} MB)")
        print(f"  ({PYTHON})")


if __name__ == "__main__":
    main()
